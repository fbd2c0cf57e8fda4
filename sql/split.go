package sql

import (
	"strings"
)

// splitFirst returns the first statement of query (without its ';'),
// the rest of query after that ';', and the byte offset of the statement in
// query. Quotes (”, "", “), comments (-- , #, /* */) are skipped, and a
// CREATE TRIGGER body (BEGIN ... END) keeps its inner ';'. An empty stmt
// means query holds only blanks and comments.
func splitFirst(query string) (stmt, tail string, offset int) {
	start := skipBlank(query, 0)
	if rest, ok := cutDelimiter(query[start:]); ok { // delimiter.go
		return splitFirst(rest) // offsets now count in the rewritten text
	}
	i := start
	trigger := false
	depth := 0 // BEGIN ... END blocks open in a trigger body
	caseDepth := 0
	firstWords := 0 // CREATE [DEFINER = user@host] TRIGGER: the first 6 words
	create := false
	for i < len(query) {
		c := query[i]
		switch {
		case c == '\'' || c == '"' || c == '`':
			i = skipQuoted(query, i)
			continue
		case c == '-' && i+2 < len(query) && query[i+1] == '-' && (query[i+2] == ' ' || query[i+2] == '\t' || query[i+2] == '\n'),
			c == '-' && i+2 == len(query) && query[i+1] == '-',
			c == '#':
			for i < len(query) && query[i] != '\n' {
				i++
			}
			continue
		case c == '/' && i+1 < len(query) && query[i+1] == '*':
			end := strings.Index(query[i+2:], "*/")
			if end < 0 {
				i = len(query)
			} else {
				i += end + 4
			}
			continue
		case c == ';' && (!trigger || depth == 0):
			return strings.TrimRight(query[start:i], " \t\r\n"), query[i+1:], start
		case isWordByte(c):
			j := i
			for j < len(query) && isWordByte(query[j]) {
				j++
			}
			// Words are compared with EqualFold: upper-casing each one
			// allocated per word of every statement.
			w := query[i:j]
			if firstWords < 6 {
				if firstWords == 0 {
					create = strings.EqualFold(w, "CREATE")
				} else if create && strings.EqualFold(w, "TRIGGER") {
					trigger = true
				}
				firstWords++
			}
			if trigger {
				switch {
				case strings.EqualFold(w, "BEGIN"):
					depth++
				case strings.EqualFold(w, "CASE"):
					caseDepth++
				case strings.EqualFold(w, "END"):
					// END IF/WHILE/LOOP/REPEAT close blocks whose openers
					// are not counted; END CASE and a CASE expression's END
					// close a CASE; a bare END closes a BEGIN.
					next, rest := firstWord(query[j:])
					switch {
					case strings.EqualFold(next, "IF"), strings.EqualFold(next, "WHILE"),
						strings.EqualFold(next, "LOOP"), strings.EqualFold(next, "REPEAT"):
						j = len(query) - len(rest) // the word is part of END
					case strings.EqualFold(next, "CASE"):
						j = len(query) - len(rest)
						caseDepth = max(caseDepth-1, 0)
					default:
						if caseDepth > 0 {
							caseDepth--
						} else if depth > 0 {
							depth--
						}
					}
				}
			}
			i = j
			continue
		}
		i++
	}
	return strings.TrimRight(query[start:], " \t\r\n"), "", start
}

func isWordByte(c byte) bool {
	return c == '_' || c == '$' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= 0x80
}

// skipQuoted returns the index just past the quoted string starting at i.
// A doubled quote or a backslash escape (not in identifiers) stays inside.
func skipQuoted(s string, i int) int {
	q := s[i]
	i++
	for i < len(s) {
		c := s[i]
		if c == '\\' && q != '`' {
			i += 2
			continue
		}
		if c == q {
			if i+1 < len(s) && s[i+1] == q {
				i += 2
				continue
			}
			return i + 1
		}
		i++
	}
	return len(s)
}

// skipBlank skips white space and comments from i.
func skipBlank(s string, i int) int {
	for i < len(s) {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f':
			i++
		case c == '#' || c == '-' && i+1 < len(s) && s[i+1] == '-' && (i+2 == len(s) || s[i+2] == ' ' || s[i+2] == '\t' || s[i+2] == '\n'):
			for i < len(s) && s[i] != '\n' {
				i++
			}
		case c == '/' && i+1 < len(s) && s[i+1] == '*' && !(i+2 < len(s) && s[i+2] == '!'):
			end := strings.Index(s[i+2:], "*/")
			if end < 0 {
				return len(s)
			}
			i += end + 4
		default:
			return i
		}
	}
	return i
}
