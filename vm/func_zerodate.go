package vm

import "strings"

// zeroDateOK wraps a date part function so that dates with zero parts
// ('0000-00-00', '2024-00-15', the number 0) give their parts, as MySQL's
// YEAR, MONTH, DAY, DAYOFMONTH and QUARTER do (they read dates fuzzily);
// other functions, and invalid dates such as '2024-02-30', give NULL.
func zeroDateOK(f func(dateTime) int64) func([]Value) (Value, error) {
	part := datePart(f)
	return func(a []Value) (Value, error) {
		if t, ok := zeroDate(a[0]); ok {
			return Int(f(t)), nil
		}
		return part(a)
	}
}

// zeroDate parses a date with a zero month or day (or all zero):
// 'YYYY-MM-DD' with an optional time after a space or 'T', or the number 0.
func zeroDate(v Value) (dateTime, bool) {
	switch v.kind {
	case KindInt, KindUint, KindDecimal, KindFloat:
		return dateTime{}, v.String() == "0" || v.AsFloat() == 0
	case KindText, KindBlob:
	default:
		return dateTime{}, false
	}
	s := strings.TrimSpace(v.s)
	if i := strings.IndexAny(s, " T"); i >= 0 {
		s = s[:i]
	}
	f := strings.Split(s, "-")
	if len(f) != 3 || len(f[0]) != 4 || len(f[1]) == 0 || len(f[1]) > 2 || len(f[2]) == 0 || len(f[2]) > 2 ||
		!allDigits(f[0]) || !allDigits(f[1]) || !allDigits(f[2]) {
		return dateTime{}, false
	}
	num := func(s string) int {
		n := 0
		for i := 0; i < len(s); i++ {
			n = n*10 + int(s[i]-'0')
		}
		return n
	}
	t := dateTime{year: num(f[0]), month: num(f[1]), day: num(f[2])}
	if t.month > 12 || t.day > 31 || (t.month != 0 && t.day != 0) {
		return dateTime{}, false // a full date: the strict parser decides
	}
	return t, true
}
