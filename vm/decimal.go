package vm

import (
	"math"
	"math/big"
	"math/bits"
	"strconv"
	"strings"
)

// MySQL's DECIMAL limits (V3) and div_precision_increment.
const (
	MaxDecimalPrecision = 65
	MaxDecimalScale     = 30
	DivPrecisionIncr    = 4
)

// maxHeldDigits bounds the digits a Decimal holds: MySQL's decimal_t has 9 words of 9 digits.
const (
	digitsPerWord = 9
	maxHeldWords  = 9
)

// Decimal is an exact decimal number: coefficient * 10^-scale (V3). The coefficient lives in an
// int64 when it fits and in a big.Int otherwise; a stored big.Int is never modified. The zero
// Decimal is 0.
//
// Like MySQL's decimal_t, a Decimal has two scales: scale, the digits it holds exactly, and frac,
// the digits it shows (its SQL type's scale, Scale()). They differ only for results of "/",
// which MySQL computes with extra digits in units of 9 (1/3 holds 0.333333333 and shows 0.3333;
// 1/3*3 holds 0.999999999 and shows 1.0000). String rounds to frac; comparisons and further
// arithmetic use all held digits, as MySQL does.
type Decimal struct {
	coef  int64
	big   *big.Int // the coefficient when it does not fit coef; nil otherwise
	scale int32    // digits held after the point
	frac  int32    // digits shown after the point (<= MaxDecimalScale)
}

var pow10Int64 = [...]int64{
	1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000, 1000000000,
	10000000000, 100000000000, 1000000000000, 10000000000000, 100000000000000,
	1000000000000000, 10000000000000000, 100000000000000000, 1000000000000000000,
}

var bigPow10Cache [200]*big.Int

func init() {
	p := big.NewInt(1)
	for i := range bigPow10Cache {
		bigPow10Cache[i] = new(big.Int).Set(p)
		p.Mul(p, big.NewInt(10))
	}
}

// bigPow10 returns 10^n; the result must not be modified.
func bigPow10(n int) *big.Int {
	if n < len(bigPow10Cache) {
		return bigPow10Cache[n]
	}
	return new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(n)), nil)
}

// makeDecimal builds a Decimal from a coefficient it takes ownership of.
func makeDecimal(c *big.Int, scale, frac int) Decimal {
	if c.IsInt64() {
		return Decimal{coef: c.Int64(), scale: int32(scale), frac: int32(frac)}
	}
	return Decimal{big: c, scale: int32(scale), frac: int32(frac)}
}

// DecimalFromInt returns i as a Decimal with scale 0.
func DecimalFromInt(i int64) Decimal { return Decimal{coef: i} }

// DecimalFromUint returns u as a Decimal with scale 0.
func DecimalFromUint(u uint64) Decimal {
	if u <= math.MaxInt64 {
		return Decimal{coef: int64(u)}
	}
	return Decimal{big: new(big.Int).SetUint64(u)}
}

// NewDecimal returns coef * 10^-scale; scale must be in [0, MaxDecimalScale].
func NewDecimal(coef int64, scale int) Decimal {
	return Decimal{coef: coef, scale: int32(scale), frac: int32(scale)}
}

// DecimalFromFloat converts a DOUBLE through its shortest round-trip text, as MySQL does
// (0.1 becomes exactly 0.1). Beyond 65 integer digits it returns ErrRange with the largest
// DECIMAL(65,0) of the same sign (MySQL's clamped value); NaN and infinities are ErrRange too.
func DecimalFromFloat(f float64) (Decimal, error) {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return maxDecimal(MaxDecimalPrecision, 0, f < 0), errorf(ErrRange, "vm: DOUBLE value %v is not a DECIMAL", f)
	}
	d, _, err := parseDecimalPrefix(strconv.FormatFloat(f, 'g', -1, 64))
	return d, err
}

// coefBig returns the coefficient as a big.Int that the caller may modify.
func (d Decimal) coefBig() *big.Int {
	if d.big != nil {
		return new(big.Int).Set(d.big)
	}
	return big.NewInt(d.coef)
}

// Scale returns the number of digits shown after the decimal point (the SQL type's scale).
func (d Decimal) Scale() int { return int(d.frac) }

// Sign returns -1, 0 or +1.
func (d Decimal) Sign() int {
	if d.big != nil {
		return d.big.Sign()
	}
	switch {
	case d.coef < 0:
		return -1
	case d.coef > 0:
		return 1
	}
	return 0
}

// IsZero reports whether d is 0.
func (d Decimal) IsZero() bool { return d.Sign() == 0 }

// Neg returns -d.
func (d Decimal) Neg() Decimal {
	if d.big == nil && d.coef != math.MinInt64 {
		return Decimal{coef: -d.coef, scale: d.scale, frac: d.frac}
	}
	c := d.coefBig()
	return makeDecimal(c.Neg(c), int(d.scale), int(d.frac))
}

// Abs returns |d|.
func (d Decimal) Abs() Decimal {
	if d.Sign() < 0 {
		return d.Neg()
	}
	return d
}

// coefAt returns the coefficient of d at a scale s >= d.scale, as a big.Int the caller owns.
func (d Decimal) coefAt(s int) *big.Int {
	c := d.coefBig()
	if s > int(d.scale) {
		c.Mul(c, bigPow10(s-int(d.scale)))
	}
	return c
}

// smallAt returns the int64 coefficient of d at scale s >= d.scale, if it fits.
func (d Decimal) smallAt(s int) (int64, bool) {
	if d.big != nil {
		return 0, false
	}
	k := s - int(d.scale)
	if k == 0 || d.coef == 0 {
		return d.coef, true
	}
	if k >= len(pow10Int64) || d.coef == math.MinInt64 {
		return 0, false
	}
	hi, lo := bits.Mul64(uint64(absInt64(d.coef)), uint64(pow10Int64[k]))
	if hi != 0 || lo > math.MaxInt64 {
		return 0, false
	}
	if d.coef < 0 {
		return -int64(lo), true
	}
	return int64(lo), true
}

func absInt64(i int64) int64 {
	if i < 0 {
		return -i
	}
	return i
}

// Cmp compares d and o numerically using all held digits: -1, 0 or +1.
func (d Decimal) Cmp(o Decimal) int {
	s := max(int(d.scale), int(o.scale))
	if a, ok := d.smallAt(s); ok {
		if b, ok := o.smallAt(s); ok {
			switch {
			case a < b:
				return -1
			case a > b:
				return 1
			}
			return 0
		}
	}
	return d.coefAt(s).Cmp(o.coefAt(s))
}

// Add returns d+o; held and shown scales are the larger of the operands'.
func (d Decimal) Add(o Decimal) Decimal {
	s := max(int(d.scale), int(o.scale))
	f := max(int(d.frac), int(o.frac))
	if a, ok := d.smallAt(s); ok {
		if b, ok := o.smallAt(s); ok {
			if r, overflow := addInt64(a, b); !overflow {
				return Decimal{coef: r, scale: int32(s), frac: int32(f)}
			}
		}
	}
	c := d.coefAt(s)
	return makeDecimal(c.Add(c, o.coefAt(s)), s, f)
}

// Sub returns d-o; held and shown scales are the larger of the operands'.
func (d Decimal) Sub(o Decimal) Decimal { return d.Add(o.Neg()) }

// Mul returns d*o. It shows the sum of the shown scales (at most 30) and holds the sum of the
// held scales, cut (truncating) to fit MySQL's 81 held digits.
func (d Decimal) Mul(o Decimal) Decimal {
	s := int(d.scale) + int(o.scale)
	f := min(int(d.frac)+int(o.frac), MaxDecimalScale)
	var r Decimal
	if p, overflow := mulInt64(d.coef, o.coef); d.big == nil && o.big == nil && !overflow {
		r = Decimal{coef: p, scale: int32(s), frac: int32(f)}
	} else {
		c := d.coefBig()
		r = makeDecimal(c.Mul(c, o.coefBig()), s, f)
	}
	return r.fitHeld()
}

// fitHeld truncates held digits beyond MySQL's 9 words (never below the shown scale).
func (d Decimal) fitHeld() Decimal {
	if d.scale <= MaxDecimalScale {
		return d
	}
	intWords := (d.IntDigits() + digitsPerWord - 1) / digitsPerWord
	fracWords := (int(d.scale) + digitsPerWord - 1) / digitsPerWord
	if intWords+fracWords <= maxHeldWords {
		return d
	}
	keep := max((maxHeldWords-intWords)*digitsPerWord, int(d.frac))
	if keep >= int(d.scale) {
		return d
	}
	t := d.roundMode(keep, false)
	t.frac = d.frac
	return t
}

// Div returns d/o as MySQL's "/" computes it (V4): shown scale = d's shown scale + incr (at most
// 30); held digits = the operands' held scales rounded up to multiples of 9, plus incr less that
// rounding, rounded up to a multiple of 9; the quotient is truncated there. o must not be zero.
func (d Decimal) Div(o Decimal, incr int) Decimal {
	f := min(int(d.frac)+incr, MaxDecimalScale)
	f1 := roundUp9(int(d.scale))
	f2 := roundUp9(int(o.scale))
	inc := max(incr-(f1-int(d.scale))-(f2-int(o.scale)), 0)
	s := roundUp9(f1 + f2 + inc)
	q := d.QuoTrunc(o, s)
	q.frac = int32(f)
	return q.fitHeld()
}

func roundUp9(n int) int { return (n + digitsPerWord - 1) / digitsPerWord * digitsPerWord }

// QuoTrunc returns d/o truncated toward zero to the given scale (held and shown). o must not
// be zero.
func (d Decimal) QuoTrunc(o Decimal, scale int) Decimal {
	// d/o = (cd*10^-sd) / (co*10^-so); at scale: cd*10^(scale-sd+so) / co.
	k := scale - int(d.scale) + int(o.scale)
	if d.big == nil && o.big == nil && k >= 0 && k < len(pow10Int64) {
		if n, overflow := mulInt64(d.coef, pow10Int64[k]); !overflow && !(n == math.MinInt64 && o.coef == -1) {
			return Decimal{coef: n / o.coef, scale: int32(scale), frac: int32(scale)}
		}
	}
	num := d.coefBig()
	den := o.coefBig()
	if k >= 0 {
		num.Mul(num, bigPow10(k))
	} else {
		den.Mul(den, bigPow10(-k))
	}
	return makeDecimal(num.Quo(num, den), scale, scale)
}

// Rem returns the remainder of d/o with the sign of d (MySQL's MOD); scales are the larger of
// the operands'. o must not be zero.
func (d Decimal) Rem(o Decimal) Decimal {
	s := max(int(d.scale), int(o.scale))
	f := max(int(d.frac), int(o.frac))
	if a, ok := d.smallAt(s); ok {
		if b, ok := o.smallAt(s); ok && b != -1 {
			return Decimal{coef: a % b, scale: int32(s), frac: int32(f)}
		}
	}
	a := d.coefAt(s)
	return makeDecimal(a.Rem(a, o.coefAt(s)), s, f)
}

// Round rounds d half away from zero to scale digits; scale may be negative (ROUND(x, -2)).
// The result holds and shows max(scale, 0) digits.
func (d Decimal) Round(scale int) Decimal { return d.roundMode(scale, true) }

// Truncate drops digits after scale (toward zero); scale may be negative.
func (d Decimal) Truncate(scale int) Decimal { return d.roundMode(scale, false) }

// Floor returns the largest integer <= d (scale 0).
func (d Decimal) Floor() Decimal {
	t := d.Truncate(0)
	if d.Sign() < 0 && t.Cmp(d) != 0 {
		t = t.Sub(Decimal{coef: 1})
	}
	return t
}

// Ceil returns the smallest integer >= d (scale 0).
func (d Decimal) Ceil() Decimal {
	t := d.Truncate(0)
	if d.Sign() > 0 && t.Cmp(d) != 0 {
		t = t.Add(Decimal{coef: 1})
	}
	return t
}

func (d Decimal) roundMode(scale int, halfUp bool) Decimal {
	res := max(scale, 0)
	if scale >= int(d.scale) {
		if a, ok := d.smallAt(scale); ok {
			return Decimal{coef: a, scale: int32(res), frac: int32(res)}
		}
		return makeDecimal(d.coefAt(scale), res, res)
	}
	drop := int(d.scale) - scale // digits to remove, > 0
	if d.big == nil && drop < len(pow10Int64) {
		p := pow10Int64[drop]
		q, r := d.coef/p, d.coef%p
		if halfUp && 2*uint64(absInt64(r)) >= uint64(p) {
			if d.coef < 0 {
				q--
			} else {
				q++
			}
		}
		if scale >= 0 {
			return Decimal{coef: q, scale: int32(res), frac: int32(res)}
		}
		if -scale < len(pow10Int64) {
			if q2, overflow := mulInt64(q, pow10Int64[-scale]); !overflow {
				return Decimal{coef: q2}
			}
		}
		c := big.NewInt(q)
		return makeDecimal(c.Mul(c, bigPow10(-scale)), 0, 0)
	}
	c := d.coefBig()
	p := bigPow10(drop)
	q, r := new(big.Int).QuoRem(c, p, new(big.Int))
	if halfUp {
		r.Abs(r)
		r.Lsh(r, 1)
		if r.Cmp(p) >= 0 {
			if c.Sign() < 0 {
				q.Sub(q, big.NewInt(1))
			} else {
				q.Add(q, big.NewInt(1))
			}
		}
	}
	if scale < 0 {
		q.Mul(q, bigPow10(-scale))
	}
	return makeDecimal(q, res, res)
}

// Digits returns the number of digits of the held coefficient (at least 1).
func (d Decimal) Digits() int {
	if d.big == nil {
		u := uint64(absInt64(d.coef))
		if d.coef == math.MinInt64 {
			u = 1 << 63
		}
		n := 1
		for u >= 10 {
			u /= 10
			n++
		}
		return n
	}
	return len(new(big.Int).Abs(d.big).String())
}

// IntDigits returns the number of digits before the decimal point (0 for |d| < 1).
func (d Decimal) IntDigits() int {
	if d.IsZero() {
		return 0
	}
	return max(d.Digits()-int(d.scale), 0)
}

// IsInteger reports whether d has no non-zero fractional digits.
func (d Decimal) IsInteger() bool { return d.Truncate(0).Cmp(d) == 0 }

// Int64 returns d truncated toward zero, and whether it fits an int64.
func (d Decimal) Int64() (int64, bool) {
	t := d.Truncate(0)
	if t.big != nil {
		return 0, false
	}
	return t.coef, true
}

// Uint64 returns d truncated toward zero, and whether it fits a uint64 (negative values do not).
func (d Decimal) Uint64() (uint64, bool) {
	t := d.Truncate(0)
	if t.big != nil {
		if t.big.Sign() >= 0 && t.big.IsUint64() {
			return t.big.Uint64(), true
		}
		return 0, false
	}
	if t.coef < 0 {
		return 0, false
	}
	return uint64(t.coef), true
}

// Float64 returns the nearest DOUBLE to d (from all held digits).
func (d Decimal) Float64() float64 {
	if d.big == nil && d.scale == 0 {
		return float64(d.coef)
	}
	if d.big == nil && d.coef > -(1<<53) && d.coef < 1<<53 && d.scale < 23 {
		// Exact coefficient and exact power of ten: one correctly rounded division.
		return float64(d.coef) / math.Pow10(int(d.scale))
	}
	f, _ := strconv.ParseFloat(d.heldString(), 64)
	return f
}

// String renders d rounded half away from zero to exactly Scale() digits after the point
// ("3.5000", "-0.25", "12"), as MySQL prints a DECIMAL.
func (d Decimal) String() string {
	s := d
	if d.scale > d.frac {
		s = d.Round(int(d.frac))
	} else if d.scale < d.frac {
		s = d.roundMode(int(d.frac), false)
	}
	return s.heldString()
}

// heldString renders all held digits.
func (d Decimal) heldString() string {
	var digits string
	neg := false
	if d.big == nil {
		if d.coef < 0 {
			neg = true
			digits = strconv.FormatUint(uint64(-(d.coef+1))+1, 10)
		} else {
			digits = strconv.FormatInt(d.coef, 10)
		}
	} else {
		neg = d.big.Sign() < 0
		digits = new(big.Int).Abs(d.big).String()
	}
	s := int(d.scale)
	var b strings.Builder
	b.Grow(len(digits) + s + 3)
	if neg {
		b.WriteByte('-')
	}
	if s == 0 {
		b.WriteString(digits)
		return b.String()
	}
	if len(digits) <= s {
		b.WriteString("0.")
		for i := len(digits); i < s; i++ {
			b.WriteByte('0')
		}
		b.WriteString(digits)
		return b.String()
	}
	b.WriteString(digits[:len(digits)-s])
	b.WriteByte('.')
	b.WriteString(digits[len(digits)-s:])
	return b.String()
}

// ParseDecimal parses [+-]digits[.digits][e[+-]digits] with optional surrounding spaces. The
// scale is the number of fraction digits after applying the exponent; beyond MaxDecimalScale it
// is rounded to 30. More than MaxDecimalPrecision integer digits is ErrRange.
func ParseDecimal(s string) (Decimal, error) {
	d, n, err := parseDecimalPrefix(s)
	if err != nil {
		return Decimal{}, err
	}
	if n == 0 || !isAllSpace(s[n:]) {
		return Decimal{}, errorf(ErrSyntax, "vm: invalid DECIMAL value %q", s)
	}
	return d, nil
}

// parseDecimalPrefix parses the longest prefix of s (after leading spaces) that is a decimal
// number. n is the number of bytes consumed (0 when there is no number). On ErrRange, d is the
// largest DECIMAL(65,0) of the right sign.
func parseDecimalPrefix(s string) (d Decimal, n int, err error) {
	i := 0
	for i < len(s) && isSpace(s[i]) {
		i++
	}
	neg := false
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		neg = s[i] == '-'
		i++
	}
	intStart := i
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	intPart := s[intStart:i]
	var fracPart string
	if i < len(s) && s[i] == '.' {
		j := i + 1
		for j < len(s) && isDigit(s[j]) {
			j++
		}
		fracPart = s[i+1 : j]
		if len(intPart) > 0 || len(fracPart) > 0 {
			i = j
		}
	}
	if len(intPart) == 0 && len(fracPart) == 0 {
		return Decimal{}, 0, nil
	}
	n = i
	exp := 0
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		j := i + 1
		eneg := false
		if j < len(s) && (s[j] == '+' || s[j] == '-') {
			eneg = s[j] == '-'
			j++
		}
		k := j
		for k < len(s) && isDigit(s[k]) {
			if exp < 1000000 {
				exp = exp*10 + int(s[k]-'0')
			}
			k++
		}
		if k > j {
			if eneg {
				exp = -exp
			}
			n = k
		}
		if k == j {
			exp = 0
		}
	}
	digits := strings.TrimLeft(intPart+fracPart, "0")
	scale := len(fracPart) - exp
	if digits == "" {
		z := int32(min(max(scale, 0), MaxDecimalScale))
		return Decimal{scale: z, frac: z}, n, nil
	}
	if len(digits)-scale > MaxDecimalPrecision {
		return maxDecimal(MaxDecimalPrecision, 0, neg), n, errorf(ErrRange, "vm: DECIMAL value %q is out of range", s[:n])
	}
	if scale > MaxDecimalScale {
		// Drop digits far below the last shown one before building the coefficient.
		keep := len(digits) - (scale - MaxDecimalScale - 1)
		if keep <= 0 {
			z := int32(MaxDecimalScale)
			return Decimal{scale: z, frac: z}, n, nil
		}
		digits = digits[:keep]
		scale = MaxDecimalScale + 1
	}
	var d0 Decimal
	if len(digits) <= 18 {
		c, _ := strconv.ParseInt(digits, 10, 64)
		d0 = Decimal{coef: c}
	} else {
		c, _ := new(big.Int).SetString(digits, 10)
		d0 = makeDecimal(c, 0, 0)
	}
	if neg {
		d0 = d0.Neg()
	}
	if scale < 0 {
		c := d0.coefBig()
		return makeDecimal(c.Mul(c, bigPow10(-scale)), 0, 0), n, nil
	}
	d0.scale, d0.frac = int32(scale), int32(scale)
	if scale > MaxDecimalScale {
		d0 = d0.Round(MaxDecimalScale)
	}
	return d0, n, nil
}

// maxDecimal returns the largest DECIMAL(p,s) value (or its negative).
func maxDecimal(p, s int, neg bool) Decimal {
	c := new(big.Int).Sub(bigPow10(p), big.NewInt(1))
	if neg {
		c.Neg(c)
	}
	return makeDecimal(c, s, s)
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'
}

// addInt64 returns a+b and whether it overflowed.
func addInt64(a, b int64) (int64, bool) {
	r := a + b
	return r, (a >= 0) == (b >= 0) && (r >= 0) != (a >= 0)
}

// subInt64 returns a-b and whether it overflowed.
func subInt64(a, b int64) (int64, bool) {
	r := a - b
	return r, (a >= 0) != (b >= 0) && (r >= 0) != (a >= 0)
}

// mulInt64 returns a*b and whether it overflowed.
func mulInt64(a, b int64) (int64, bool) {
	if a == 0 || b == 0 {
		return 0, false
	}
	r := a * b
	if r/b != a || (a == -1 && b == math.MinInt64) || (b == -1 && a == math.MinInt64) {
		return r, true
	}
	return r, false
}
