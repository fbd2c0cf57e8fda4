package slt

import (
	"crypto/md5"
	"encoding/hex"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// Render writes one result value as the harness prints it for type letter
// typ ('I', 'R' or 'T'), following the rules of the corpus README:
//
//   - nil (SQL NULL) is "NULL" whatever the letter;
//   - I: integers print as themselves, floats truncate toward zero, text
//     and decimals contribute their leading integer part as C's strtoll
//     reads it ("107.4000" -> 107, "-3.9" -> -3, "abc" -> 0);
//   - R: the value as a double printed "%.3f"; text is read as C's strtod;
//   - T: the text; "" is "(empty)" and bytes outside ' '..'~' become '@'.
//
// v is what database/sql scanned into an *any: int64, uint64, float64,
// bool, string, []byte, time.Time or nil (other types are printed with %v).
func Render(v any, typ byte) string { return string(appendRender(nil, v, typ)) }

// appendRender appends Render(v, typ) to dst: the runner renders a
// result's values into one buffer, not a string each.
func appendRender(dst []byte, v any, typ byte) []byte {
	if v == nil {
		return append(dst, "NULL"...)
	}
	switch typ {
	case 'I':
		return strconv.AppendInt(dst, renderInt(v), 10)
	case 'R':
		return appendReal(dst, renderFloat(v))
	}
	start := len(dst)
	switch x := v.(type) {
	case string:
		dst = append(dst, x...)
	case []byte:
		dst = append(dst, x...)
	case int64:
		dst = strconv.AppendInt(dst, x, 10)
	default:
		dst = append(dst, textOf(v)...)
	}
	if len(dst) == start {
		return append(dst, "(empty)"...)
	}
	for i := start; i < len(dst); i++ {
		if c := dst[i]; c < ' ' || c > '~' {
			dst[i] = '@'
		}
	}
	return dst
}

func renderInt(v any) int64 {
	switch x := v.(type) {
	case int64:
		return x
	case float64:
		return truncFloat(x)
	case bool:
		if x {
			return 1
		}
		return 0
	}
	return strtoll(textOf(v))
}

func renderFloat(v any) float64 {
	switch x := v.(type) {
	case int64:
		return float64(x)
	case uint64:
		return float64(x)
	case float64:
		return x
	case bool:
		if x {
			return 1
		}
		return 0
	}
	return strtod(textOf(v))
}

// textOf is the text form of a value: what the engine would print.
func textOf(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case []byte:
		return string(x)
	case int64:
		return strconv.FormatInt(x, 10)
	case uint64:
		return strconv.FormatUint(x, 10)
	case float64:
		return formatDouble(x)
	case bool:
		if x {
			return "1"
		}
		return "0"
	case time.Time:
		return formatTime(x)
	}
	return fmt.Sprint(v)
}

// formatTime prints a time as MySQL prints a DATETIME: fractional seconds
// only when present, a date alone when the time of day is zero.
func formatTime(t time.Time) string {
	if t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 && t.Nanosecond() == 0 {
		return t.Format("2006-01-02")
	}
	if t.Nanosecond() != 0 {
		return t.Format("2006-01-02 15:04:05.000000")
	}
	return t.Format("2006-01-02 15:04:05")
}

// formatDouble prints a double as MySQL does: the shortest digits that
// read back as the same double, plain for decimal exponents -5..14, else
// as 1.5e20 / 1e-7.
func formatDouble(f float64) string {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		return strconv.FormatFloat(f, 'g', -1, 64)
	}
	e := strconv.FormatFloat(f, 'e', -1, 64)
	mant, exp, _ := strings.Cut(e, "e")
	n, _ := strconv.Atoi(exp)
	if f == 0 || (n >= -5 && n < 15) {
		return strconv.FormatFloat(f, 'f', -1, 64)
	}
	return mant + "e" + strconv.Itoa(n)
}

func appendReal(dst []byte, f float64) []byte {
	switch {
	case math.IsNaN(f):
		return append(dst, "nan"...)
	case math.IsInf(f, 1):
		return append(dst, "inf"...)
	case math.IsInf(f, -1):
		return append(dst, "-inf"...)
	}
	return strconv.AppendFloat(dst, f, 'f', 3, 64)
}

// truncFloat converts toward zero, clamping to the int64 range (NaN is 0).
func truncFloat(f float64) int64 {
	switch {
	case math.IsNaN(f):
		return 0
	case f >= math.MaxInt64:
		return math.MaxInt64
	case f <= math.MinInt64:
		return math.MinInt64
	}
	return int64(f)
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'
}

// strtoll reads s as C's strtoll(s, 0, 10): leading white space, an
// optional sign, then decimal digits; anything else ends the number.
// Overflow clamps to the int64 range.
func strtoll(s string) int64 {
	i := 0
	for i < len(s) && isSpace(s[i]) {
		i++
	}
	neg := false
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		neg = s[i] == '-'
		i++
	}
	var n uint64
	overflow := false
	for ; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
		d := uint64(s[i] - '0')
		if n > (math.MaxUint64-d)/10 {
			overflow = true
			continue
		}
		n = n*10 + d
	}
	switch {
	case neg && (overflow || n > 1<<63):
		return math.MinInt64
	case neg:
		return -int64(n)
	case overflow || n > math.MaxInt64:
		return math.MaxInt64
	}
	return int64(n)
}

// strtod reads the longest prefix of s that C's strtod accepts as a decimal
// number (white space, sign, digits, point, digits, exponent); none is 0.
func strtod(s string) float64 {
	i := 0
	for i < len(s) && isSpace(s[i]) {
		i++
	}
	start := i
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	digits := 0
	for ; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
		digits++
	}
	if i < len(s) && s[i] == '.' {
		i++
		for ; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
			digits++
		}
	}
	if digits == 0 {
		return 0
	}
	end := i
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		j := i + 1
		if j < len(s) && (s[j] == '+' || s[j] == '-') {
			j++
		}
		k := j
		for ; k < len(s) && s[k] >= '0' && s[k] <= '9'; k++ {
		}
		if k > j {
			end = k
		}
	}
	// Out of range, ParseFloat returns ±Inf or ±0 as strtod does.
	f, _ := strconv.ParseFloat(s[start:end], 64)
	return f
}

// Hash is the MD5 of the values, each followed by "\n", in lower-case hex.
func Hash(vals []string) string {
	h, _ := appendHash(nil, vals)
	return h
}

// appendHash is Hash with the values laid out in buf's array, which it
// returns for reuse.
func appendHash(buf []byte, vals []string) (string, []byte) {
	buf = buf[:0]
	for _, v := range vals {
		buf = append(buf, v...)
		buf = append(buf, '\n')
	}
	sum := md5.Sum(buf)
	return hex.EncodeToString(sum[:]), buf
}

// hashLine is how a hashed result is written in a script.
func hashLine(vals []string) string { return hashLineOf(len(vals), Hash(vals)) }

// hashLineOf is hashLine for n values whose Hash is h.
func hashLineOf(n int, h string) string {
	return strconv.Itoa(n) + " values hashing to " + h
}
