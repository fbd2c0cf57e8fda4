package vm

import "unicode/utf8"

// likeValue is MySQL's LIKE under a binary collation: '%' matches any
// run of characters, '_' one character, esc (default '\') quotes the next
// character. NULL operands give NULL.
func likeValue(s, pattern Value, esc string) Value {
	if s.IsNull() || pattern.IsNull() {
		return Value{}
	}
	e := '\\'
	if esc != "" {
		e, _ = utf8.DecodeRuneInString(esc)
	}
	return boolVal(likeMatch(s.AsString(), pattern.AsString(), e))
}

func likeMatch(s, p string, esc rune) bool {
	for len(p) > 0 {
		r, n := utf8.DecodeRuneInString(p)
		switch {
		case r == '%':
			p = p[n:]
			for len(p) > 0 && p[0] == '%' {
				p = p[1:]
			}
			if p == "" {
				return true
			}
			for i := 0; i <= len(s); {
				if likeMatch(s[i:], p, esc) {
					return true
				}
				if i == len(s) {
					break
				}
				_, m := utf8.DecodeRuneInString(s[i:])
				i += m
			}
			return false
		case r == '_':
			if s == "" {
				return false
			}
			_, m := utf8.DecodeRuneInString(s)
			s, p = s[m:], p[n:]
		default:
			if r == esc && len(p) > n {
				p = p[n:]
				r, n = utf8.DecodeRuneInString(p)
			}
			c, m := utf8.DecodeRuneInString(s)
			if s == "" || c != r {
				return false
			}
			s, p = s[m:], p[n:]
		}
	}
	return s == ""
}
