package sql

import "strings"

// DELIMITER is a command of the mysql client, not SQL, but mariadb-dump
// and mysqldump write it around every trigger (and schema scripts around
// trigger bodies), so a dump only loads unchanged if walrus takes it too:
//
//	DELIMITER ;;
//	/*!50003 CREATE*/ /*!50017 DEFINER=`root`@`localhost`*/ /*!50003 TRIGGER t_bi BEFORE INSERT ON t FOR EACH ROW SET NEW.n = 1 */;;
//	DELIMITER ;
//
// cutDelimiter handles "DELIMITER x" at the start of s (the statement
// splitter calls it before each statement): it returns the text after the
// command with the statements up to the next DELIMITER line re-terminated
// by ';' (their own inner ';' are a trigger body's, which the splitter
// keeps together, or sit inside comments). ok is false when s does not
// start with the command.
func cutDelimiter(s string) (rest string, ok bool) {
	w, after := firstWord(s)
	if !strings.EqualFold(w, "DELIMITER") || (after != "" && after[0] != ' ' && after[0] != '\t' && after[0] != '\n' && after[0] != '\r') {
		return "", false
	}
	line, next, _ := strings.Cut(after, "\n")
	delim := strings.TrimSpace(line)
	if i := strings.IndexAny(delim, " \t"); i >= 0 {
		delim = delim[:i]
	}
	if delim == "" || delim == ";" {
		return next, true
	}
	// The block ends at the next line that starts with DELIMITER.
	end := len(next)
	for i := 0; i < len(next); {
		j := strings.IndexByte(next[i:], '\n')
		lineEnd := len(next)
		if j >= 0 {
			lineEnd = i + j
		}
		if lw, _ := firstWord(next[i:lineEnd]); strings.EqualFold(lw, "DELIMITER") {
			end = i
			break
		}
		i = lineEnd + 1
	}
	var b strings.Builder
	for _, stmt := range splitOn(next[:end], delim) {
		if stmt = strings.TrimSpace(stmt); stmt != "" {
			b.WriteString(stmt)
			b.WriteString(";\n")
		}
	}
	b.WriteString(next[end:])
	return b.String(), true
}

// splitOn cuts s at each delim outside quotes and comments.
func splitOn(s, delim string) []string {
	var out []string
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '\'' || c == '"' || c == '`':
			i = skipQuoted(s, i)
			continue
		case c == '#' || c == '-' && strings.HasPrefix(s[i:], "-- "):
			for i < len(s) && s[i] != '\n' {
				i++
			}
			continue
		case c == '/' && strings.HasPrefix(s[i:], "/*"):
			end := strings.Index(s[i+2:], "*/")
			if end < 0 {
				i = len(s)
			} else {
				i += end + 4
			}
			continue
		case strings.HasPrefix(s[i:], delim):
			out = append(out, s[start:i])
			i += len(delim)
			start = i
			continue
		}
		i++
	}
	return append(out, s[start:])
}
