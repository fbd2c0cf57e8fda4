package vm

import (
	"math"
	"strconv"
	"strings"
)

// parseFloatPrefix converts the longest numeric prefix of s (after leading spaces) to a DOUBLE,
// as MySQL converts a string in numeric context: '12abc' -> 12, 'abc' -> 0, ' 1.5e3x' -> 1500.
// ok is false when s is not entirely a number (MySQL warns "Truncated incorrect DOUBLE value").
func parseFloatPrefix(s string) (f float64, ok bool) {
	n := numericPrefixLen(s)
	if n == 0 {
		return 0, isAllSpace(s)
	}
	f, err := strconv.ParseFloat(trimSpaceLeft(s[:n]), 64)
	if err != nil {
		// Only a range error is possible on a valid prefix: ParseFloat returns ±Inf; MySQL
		// clamps to the largest DOUBLE.
		if math.IsInf(f, 1) {
			f = math.MaxFloat64
		} else if math.IsInf(f, -1) {
			f = -math.MaxFloat64
		}
	}
	return f, isAllSpace(s[n:])
}

// numericPrefixLen returns the length of the longest prefix of s that is spaces followed by a
// number [+-]digits[.digits][e[+-]digits]; 0 when there is none.
func numericPrefixLen(s string) int {
	i := 0
	for i < len(s) && isSpace(s[i]) {
		i++
	}
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	start := i
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	digits := i - start
	if i < len(s) && s[i] == '.' {
		j := i + 1
		for j < len(s) && isDigit(s[j]) {
			j++
		}
		if digits > 0 || j > i+1 {
			digits += j - i - 1
			i = j
		}
	}
	if digits == 0 {
		return 0
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		j := i + 1
		if j < len(s) && (s[j] == '+' || s[j] == '-') {
			j++
		}
		k := j
		for k < len(s) && isDigit(s[k]) {
			k++
		}
		if k > j {
			i = k
		}
	}
	return i
}

func isAllSpace(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isSpace(s[i]) {
			return false
		}
	}
	return true
}

func trimSpaceLeft(s string) string {
	for len(s) > 0 && isSpace(s[0]) {
		s = s[1:]
	}
	return s
}

// parseIntPrefix converts the integer prefix of s (after leading spaces) as MySQL's CAST(s AS
// SIGNED) does: digits after a '.' are dropped, values beyond int64 clamp. ok is false when s
// had other characters or overflowed.
func parseIntPrefix(s string) (i int64, ok bool) {
	j := 0
	for j < len(s) && isSpace(s[j]) {
		j++
	}
	neg := false
	if j < len(s) && (s[j] == '+' || s[j] == '-') {
		neg = s[j] == '-'
		j++
	}
	start := j
	var u uint64
	overflow := false
	for j < len(s) && isDigit(s[j]) {
		d := uint64(s[j] - '0')
		if u > (math.MaxUint64-d)/10 {
			overflow = true
		} else {
			u = u*10 + d
		}
		j++
	}
	if j == start {
		return 0, isAllSpace(s)
	}
	ok = isAllSpace(s[j:]) && !overflow
	switch {
	case neg && (overflow || u > 1<<63):
		return math.MinInt64, false
	case neg:
		return -int64(u), ok
	case overflow || u > math.MaxInt64:
		return math.MaxInt64, false
	}
	return int64(u), ok
}

// parseUintPrefix is parseIntPrefix for CAST(s AS UNSIGNED): a negative number wraps as two's
// complement ('-1' -> 18446744073709551615), values beyond uint64 clamp.
func parseUintPrefix(s string) (u uint64, ok bool) {
	j := 0
	for j < len(s) && isSpace(s[j]) {
		j++
	}
	if j < len(s) && s[j] == '-' {
		i, ok := parseIntPrefix(s)
		return uint64(i), ok
	}
	if j < len(s) && s[j] == '+' {
		j++
	}
	start := j
	overflow := false
	for j < len(s) && isDigit(s[j]) {
		d := uint64(s[j] - '0')
		if u > (math.MaxUint64-d)/10 {
			overflow = true
		} else {
			u = u*10 + d
		}
		j++
	}
	if j == start {
		return 0, isAllSpace(s)
	}
	if overflow {
		return math.MaxUint64, false
	}
	return u, isAllSpace(s[j:])
}

// floatToInt64 rounds a DOUBLE to int64 as MySQL does (rint: half to even) and clamps.
func floatToInt64(f float64) (int64, bool) {
	if math.IsNaN(f) {
		return 0, false
	}
	r := math.RoundToEven(f)
	if r <= math.MinInt64 {
		return math.MinInt64, r == math.MinInt64
	}
	if r >= math.MaxInt64 { // 2^63 is not representable
		return math.MaxInt64, false
	}
	return int64(r), true
}

// floatToUint64 rounds a DOUBLE to uint64 (half to even); negative values wrap through int64
// as MySQL's CAST(-1e0 AS UNSIGNED) does; beyond 2^64 clamps.
func floatToUint64(f float64) (uint64, bool) {
	if math.IsNaN(f) {
		return 0, false
	}
	r := math.RoundToEven(f)
	if r < 0 {
		i, ok := floatToInt64(r)
		return uint64(i), ok
	}
	if r >= 18446744073709551616.0 {
		return math.MaxUint64, false
	}
	return uint64(r), true
}

// toInt64 converts v to int64 in integer context: decimals round half away from zero, doubles
// half to even, strings take their integer prefix; out of range clamps. ok is false when the
// conversion lost information MySQL would warn about.
func toInt64(v Value) (int64, bool) {
	switch v.kind {
	case KindNull:
		return 0, true
	case KindInt:
		return int64(v.bits()), true
	case KindUint:
		if v.bits() > math.MaxInt64 {
			return int64(v.bits()), false
		}
		return int64(v.bits()), true
	case KindFloat:
		return floatToInt64(math.Float64frombits(v.bits()))
	case KindDecimal:
		r := v.d.Round(0)
		if i, ok := r.Int64(); ok {
			return i, true
		}
		if r.Sign() < 0 {
			return math.MinInt64, false
		}
		return math.MaxInt64, false
	}
	if v.enum {
		return v.d.coef, true
	}
	return parseIntPrefix(v.s)
}

// toUint64 converts v to uint64 in unsigned integer context (negative values wrap).
func toUint64(v Value) (uint64, bool) {
	switch v.kind {
	case KindNull:
		return 0, true
	case KindInt, KindUint:
		return v.bits(), true
	case KindFloat:
		return floatToUint64(math.Float64frombits(v.bits()))
	case KindDecimal:
		r := v.d.Round(0)
		if r.Sign() < 0 {
			if i, ok := r.Int64(); ok {
				return uint64(i), true
			}
			return 0, false
		}
		if u, ok := r.Uint64(); ok {
			return u, true
		}
		return math.MaxUint64, false
	}
	if v.enum {
		return uint64(v.d.coef), true
	}
	return parseUintPrefix(v.s)
}

// toDecimal converts v to a Decimal: doubles through their shortest text, strings through their
// numeric prefix. ok is false when information was lost (not a number, NaN, out of range).
func toDecimal(v Value) (Decimal, bool) {
	switch v.kind {
	case KindNull:
		return Decimal{}, true
	case KindInt:
		return DecimalFromInt(int64(v.bits())), true
	case KindUint:
		return DecimalFromUint(v.bits()), true
	case KindDecimal:
		return v.d, true
	case KindFloat:
		d, err := DecimalFromFloat(math.Float64frombits(v.bits()))
		return d, err == nil
	}
	if v.enum {
		return DecimalFromUint(uint64(v.d.coef)), true
	}
	d, n, err := parseDecimalPrefix(v.s)
	if err != nil {
		return d, false // clamped to the largest DECIMAL(65,0)
	}
	return d, n > 0 && isAllSpace(v.s[n:]) || n == 0 && isAllSpace(v.s)
}

// Cast converts v to type t as MySQL's CAST(v AS t) does; conversion problems MySQL reports as
// warnings give the converted value (clamped or truncated), not an error:
//   - SIGNED/UNSIGNED (any integer base): decimals round half away from zero, doubles half to
//     even (rint), strings take their integer prefix ('2.5' -> 2, 'abc' -> 0), out of range clamps;
//     unsigned and signed reinterpret each other's bits (CAST(-1 AS UNSIGNED) = 2^64-1);
//   - DECIMAL(p,s): rounds to s digits, clamps to the largest DECIMAL(p,s);
//   - DOUBLE, FLOAT: FLOAT rounds to single precision;
//   - CHAR[(n)]: the text form, cut to n characters; BINARY[(n)]: bytes, zero-padded to n;
//   - DATE, DATETIME[(fsp)], TIME[(fsp)]: NULL when v is not a valid date or time;
//   - YEAR: an integer 1901..2155 (or 0), NULL otherwise.
func Cast(v Value, t ColType) (Value, error) {
	if v.kind == KindNull {
		return Null(), nil
	}
	switch {
	case t.IsInteger() || t.Base == BaseBit:
		if t.Unsigned || t.Base == BaseBit {
			u, _ := toUint64(v)
			return Uint(u), nil
		}
		if v.kind == KindUint {
			return Int(int64(v.bits())), nil
		}
		i, _ := toInt64(v)
		return Int(i), nil
	}
	switch t.Base {
	case BaseUnknown, BaseNumeric:
		return v, nil
	case BaseDecimal:
		d, _ := toDecimal(v)
		return Dec(fitDecimal(d, t.Precision, t.Scale)), nil
	case BaseDouble:
		return Float(v.AsFloat()), nil
	case BaseFloat:
		return Float(toFloat32(v.AsFloat())), nil
	case BaseChar, BaseVarchar, BaseTinyText, BaseText, BaseMediumText, BaseLongText, BaseJSON:
		s := v.AsString()
		if t.Length >= 0 && (t.Base == BaseChar || t.Base == BaseVarchar) {
			s = truncateChars(s, t.Length)
		}
		return Text(s), nil
	case BaseBinary, BaseVarbinary, BaseTinyBlob, BaseBlob, BaseMediumBlob, BaseLongBlob:
		s := v.AsString()
		if t.Length >= 0 && (t.Base == BaseBinary || t.Base == BaseVarbinary) {
			if len(s) > t.Length {
				s = s[:t.Length]
			} else if t.Base == BaseBinary && len(s) < t.Length {
				s += strings.Repeat("\x00", t.Length-len(s))
			}
		}
		return Blob([]byte(s)), nil
	case BaseDate:
		return castDate(v), nil
	case BaseDatetime, BaseTimestamp:
		return castDatetime(v, t.Scale), nil
	case BaseTime:
		return castTime(v, t.Scale), nil
	case BaseYear:
		y, ok := toYear(v)
		if !ok {
			return Null(), nil
		}
		return Int(y), nil
	}
	return Null(), errorf(ErrArgs, "vm: CAST to %s is not supported", t.SQL())
}

// fitDecimal rounds d to scale s and clamps it to the range of DECIMAL(p,s).
func fitDecimal(d Decimal, p, s int) Decimal {
	r := d.Round(s)
	if r.IntDigits() > p-s {
		return maxDecimal(p, s, r.Sign() < 0)
	}
	return r
}

// toFloat32 rounds f to single precision and returns the DOUBLE nearest to the shortest decimal
// form of that FLOAT, so that CAST(0.1 AS FLOAT) prints as 0.1 like MySQL's FLOAT does.
func toFloat32(f float64) float64 {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		return f
	}
	if math.Abs(f) > math.MaxFloat32 {
		return math.Copysign(math.MaxFloat32, f)
	}
	g, _ := strconv.ParseFloat(strconv.FormatFloat(float64(float32(f)), 'g', -1, 32), 64)
	return g
}

// truncateChars cuts s to n UTF-8 characters.
func truncateChars(s string, n int) string {
	if len(s) <= n {
		return s
	}
	count := 0
	for i := range s {
		if count == n {
			return s[:i]
		}
		count++
	}
	return s
}

// toYear converts v to a YEAR: 1901..2155, 0, with 1..69 -> 2001..2069 and 70..99 -> 1970..1999
// (strings '0'/'00' are 2000).
func toYear(v Value) (int64, bool) {
	if v.IsString() {
		s := strings.TrimSpace(v.s)
		i, ok := parseIntPrefix(s)
		if !ok {
			return 0, false
		}
		if i == 0 && len(s) < 4 {
			return 2000, true
		}
		return yearRange(i)
	}
	i, _ := toInt64(v)
	return yearRange(i)
}

func yearRange(i int64) (int64, bool) {
	switch {
	case i == 0:
		return 0, true
	case i >= 1 && i <= 69:
		return 2000 + i, true
	case i >= 70 && i <= 99:
		return 1900 + i, true
	case i >= 1901 && i <= 2155:
		return i, true
	}
	return 0, false
}
