package vm

import (
	"strconv"
	"strings"
)

// TemporalNumber is a DATE, DATETIME, TIMESTAMP or TIME value (walrus keeps
// them as text: '2024-01-02 03:04:05.5') in numeric context, as MySQL
// gives it: YYYYMMDD, YYYYMMDDhhmmss[.ffffff] or hhmmss[.ffffff], an
// integer without a fraction and a DECIMAL with one. A value that is not
// such text (NULL, a number) is returned unchanged; text that does not
// read as a date or time gives the string's leading number, the ordinary
// text-to-number rule.
func TemporalNumber(v Value) Value {
	if v.kind != KindText {
		return v
	}
	s := strings.TrimSpace(v.AsString())
	var b strings.Builder
	neg := strings.HasPrefix(s, "-")
	if neg {
		s = s[1:]
		b.WriteByte('-')
	}
	digits, frac := 0, false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			b.WriteByte(c)
			digits++
		case c == '.' && !frac && digits > 0:
			b.WriteByte(c)
			frac = true
		case (c == '-' || c == ':' || c == ' ' || c == 'T') && !frac && digits > 0:
		default:
			return v
		}
	}
	if digits == 0 {
		return v
	}
	if frac {
		if d, err := ParseDecimal(b.String()); err == nil {
			return Dec(d)
		}
		return v
	}
	i, err := strconv.ParseInt(b.String(), 10, 64)
	if err != nil {
		return v
	}
	return Int(i)
}
