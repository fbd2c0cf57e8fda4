package shell

import (
	"strings"

	walsql "github.com/walrusdb/walrus/sql"
)

// scanState is where the statement scanner stands between two characters.
type scanState uint8

const (
	scanCode         scanState = iota // ordinary SQL text
	scanSingle                        // inside '...'
	scanDouble                        // inside "..."
	scanBacktick                      // inside `...`
	scanLineComment                   // inside -- or # up to the end of the line
	scanBlockComment                  // inside /* ... */
)

// Splitter cuts SQL text, fed in arbitrary pieces (usually lines), into
// complete statements. A statement ends at a ';' that is outside string
// literals ('...', "...", with backslash escapes), quoted identifiers
// (`...`) and comments (-- , #, /* */), and outside the BEGIN ... END body
// of a CREATE TRIGGER (the engine's own rule, sql.SplitFirst). As in the
// mysql client, a line "DELIMITER x" typed where no statement is pending
// makes x the statement terminator instead of ';' until the next such line.
// The splitter scans each byte once, so a huge multi-line statement costs
// linear time (a trigger body is re-read at each of its ';').
type Splitter struct {
	buf     []byte    // pending text of the current, incomplete statement
	pos     int       // bytes of buf already scanned
	state   scanState // state at pos
	escaped bool      // the previous byte was a backslash inside a string
	hasCode bool      // the pending statement has text outside comments
	delim   string    // the terminator set by DELIMITER; "" is ';'
}

// Feed appends text and returns the statements it completed, without their
// terminating ';' and trimmed of surrounding white space. Statements made only
// of comments and white space are dropped.
func (s *Splitter) Feed(text string) []string {
	s.buf = append(s.buf, text...)
	return s.scan(false)
}

// scan consumes buf from pos; with atEOF unset it stops where it needs a
// byte of look-ahead that has not arrived yet.
func (s *Splitter) scan(atEOF bool) []string {
	var out []string
	for s.pos < len(s.buf) {
		c := s.buf[s.pos]
		switch s.state {
		case scanCode:
			if !s.hasCode {
				switch done, ok := s.delimiterLine(atEOF); {
				case !ok:
					return out // the DELIMITER line is not complete yet
				case done:
					continue
				}
			}
			if s.delim != "" {
				rest := s.buf[s.pos:]
				if len(rest) < len(s.delim) && strings.HasPrefix(s.delim, string(rest)) && !atEOF {
					return out
				}
				if strings.HasPrefix(string(rest), s.delim) {
					if s.hasCode {
						out = append(out, strings.TrimSpace(string(s.buf[:s.pos])))
					}
					s.buf = append(s.buf[:0], s.buf[s.pos+len(s.delim):]...)
					s.pos, s.hasCode = 0, false
					continue
				}
			}
			if !s.scanCodeByte(c, atEOF) {
				return out // needs one more byte of look-ahead
			}
			if c == ';' && s.delim == "" && !s.inTriggerBody() {
				stmt := strings.TrimSpace(string(s.buf[:s.pos]))
				if s.hasCode {
					out = append(out, stmt)
				}
				s.buf = append(s.buf[:0], s.buf[s.pos+1:]...)
				s.pos, s.hasCode = 0, false
				continue
			}
		case scanSingle, scanDouble:
			quote := byte('\'')
			if s.state == scanDouble {
				quote = '"'
			}
			switch {
			case s.escaped:
				s.escaped = false
			case c == '\\':
				s.escaped = true
			case c == quote:
				s.state = scanCode
			}
		case scanBacktick:
			if c == '`' {
				s.state = scanCode
			}
		case scanLineComment:
			if c == '\n' {
				s.state = scanCode
			}
		case scanBlockComment:
			if c == '*' {
				if s.pos+1 >= len(s.buf) {
					if atEOF {
						break
					}
					return out
				}
				if s.buf[s.pos+1] == '/' {
					s.state = scanCode
					s.pos++
				}
			}
		}
		s.pos++
	}
	return out
}

// scanCodeByte handles byte c at s.pos in code state and reports false when
// it cannot decide without the next byte (and the input ended). With atEOF
// set, a missing next byte counts as the end of the text.
func (s *Splitter) scanCodeByte(c byte, atEOF bool) bool {
	next, haveNext := byte(0), s.pos+1 < len(s.buf)
	if haveNext {
		next = s.buf[s.pos+1]
	}
	switch c {
	case '\'':
		s.state, s.hasCode = scanSingle, true
	case '"':
		s.state, s.hasCode = scanDouble, true
	case '`':
		s.state, s.hasCode = scanBacktick, true
	case '#':
		s.state = scanLineComment
	case '-':
		if !haveNext && !atEOF {
			return false
		}
		if next != '-' {
			s.hasCode = true
			break
		}
		// MySQL: "--" starts a comment only when followed by white space,
		// a control character or the end of the text.
		if s.pos+2 >= len(s.buf) {
			if !atEOF {
				return false
			}
			s.state = scanLineComment
			break
		}
		if after := s.buf[s.pos+2]; after <= ' ' {
			s.state = scanLineComment
		} else {
			s.hasCode = true
		}
	case '/':
		if !haveNext && !atEOF {
			return false
		}
		if next == '*' {
			// MySQL's /*!...*/ holds code (mariadb-dump writes whole
			// statements that way): the statement is not only a comment.
			if s.pos+2 >= len(s.buf) && !atEOF {
				return false
			}
			if s.pos+2 < len(s.buf) && s.buf[s.pos+2] == '!' {
				s.hasCode = true
			}
			s.state = scanBlockComment
			s.pos++ // the '*' must not also close the comment
		} else {
			s.hasCode = true
		}
	case ';':
	default:
		if c > ' ' {
			s.hasCode = true
		}
	}
	return true
}

// Finish ends the input: it returns the statements still in the buffer, the
// last one possibly without its terminating ';', and resets the splitter.
func (s *Splitter) Finish() []string {
	out := s.scan(true)
	if s.hasCode {
		out = append(out, strings.TrimSpace(string(s.buf)))
	}
	s.Reset()
	return out
}

// Reset drops any pending text; the DELIMITER in force stays.
func (s *Splitter) Reset() {
	*s = Splitter{buf: s.buf[:0], delim: s.delim}
}

// delimiterLine handles a DELIMITER line at s.pos, where no statement is
// pending: done is true when it consumed one, ok is false when it needs
// more input to tell.
func (s *Splitter) delimiterLine(atEOF bool) (done, ok bool) {
	const word = "DELIMITER"
	rest := s.buf[s.pos:]
	n := min(len(rest), len(word))
	if !strings.EqualFold(string(rest[:n]), word[:n]) {
		return false, true
	}
	if len(rest) <= len(word) {
		return false, atEOF
	}
	if c := rest[len(word)]; c != ' ' && c != '\t' {
		return false, true
	}
	end := strings.IndexByte(string(rest), '\n')
	if end < 0 {
		if !atEOF {
			return false, false
		}
		end = len(rest)
	}
	arg := strings.Fields(string(rest[len(word):end]))
	if len(arg) == 0 {
		return false, true // a statement that starts with the word
	}
	s.delim = arg[0]
	if s.delim == ";" {
		s.delim = ""
	}
	s.buf = append(s.buf[:0], rest[min(end+1, len(rest)):]...)
	s.pos, s.hasCode = 0, false
	return true, true
}

// inTriggerBody reports whether the ';' at s.pos is inside the body of a
// CREATE TRIGGER, by the engine's splitting rules.
func (s *Splitter) inTriggerBody() bool {
	if !s.hasCode {
		return false
	}
	text := string(s.buf[:s.pos+1])
	if !strings.Contains(strings.ToUpper(text), "TRIGGER") {
		return false // the common case, decided without a second scan
	}
	stmt, rest := walsql.SplitFirst(text)
	return rest == "" && strings.HasSuffix(stmt, ";")
}

// Pending reports whether an incomplete statement is waiting for more text:
// code outside comments, or an open string, quoted identifier or block
// comment.
func (s *Splitter) Pending() bool {
	return s.hasCode || s.state == scanSingle || s.state == scanDouble ||
		s.state == scanBacktick || s.state == scanBlockComment
}

// SplitStatements cuts a whole text into statements; the last one may lack
// its ';'.
func SplitStatements(text string) []string {
	var s Splitter
	return append(s.Feed(text), s.Finish()...)
}
