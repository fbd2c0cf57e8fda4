package vm

import (
	"math"
	"strconv"
	"strings"
)

// Numeric functions. Exact arguments give exact results where MySQL's do (ABS, ROUND,
// TRUNCATE, FLOOR, CEIL, SIGN, MOD); the transcendental ones compute in DOUBLE. Domain errors
// (SQRT(-1), LN(0)) give NULL as MySQL does; DOUBLE overflow is ErrRange.

func init() {
	builtin("abs", 1, 1, strict(fnAbs))
	builtin("round", 1, 2, strict(func(a []Value) (Value, error) { return roundFn(a, true) }))
	builtin("truncate", 2, 2, strict(func(a []Value) (Value, error) { return roundFn(a, false) }))
	builtin("floor", 1, 1, strict(func(a []Value) (Value, error) { return floorCeil(a[0], false) }))
	builtin("ceil", 1, 1, strict(func(a []Value) (Value, error) { return floorCeil(a[0], true) }))
	builtin("ceiling", 1, 1, strict(func(a []Value) (Value, error) { return floorCeil(a[0], true) }))
	builtin("mod", 2, 2, func(a []Value) (Value, error) { return Mod(a[0], a[1]) })
	builtin("sign", 1, 1, strict(fnSign))
	builtin("pi", 0, 0, func([]Value) (Value, error) { return Float(math.Pi), nil })
	builtin("power", 2, 2, strict(fnPow))
	builtin("pow", 2, 2, strict(fnPow))
	builtin("sqrt", 1, 1, strict(floatFn("sqrt", func(x float64) (float64, bool) { return math.Sqrt(x), x >= 0 })))
	builtin("exp", 1, 1, strict(floatFn("exp", func(x float64) (float64, bool) { return math.Exp(x), true })))
	builtin("ln", 1, 1, strict(floatFn("ln", func(x float64) (float64, bool) { return math.Log(x), x > 0 })))
	builtin("log2", 1, 1, strict(floatFn("log2", func(x float64) (float64, bool) { return math.Log2(x), x > 0 })))
	builtin("log10", 1, 1, strict(floatFn("log10", func(x float64) (float64, bool) { return math.Log10(x), x > 0 })))
	builtin("log", 1, 2, strict(fnLog))
	builtin("sin", 1, 1, strict(floatFn("sin", func(x float64) (float64, bool) { return math.Sin(x), true })))
	builtin("cos", 1, 1, strict(floatFn("cos", func(x float64) (float64, bool) { return math.Cos(x), true })))
	builtin("tan", 1, 1, strict(floatFn("tan", func(x float64) (float64, bool) { return math.Tan(x), true })))
	builtin("asin", 1, 1, strict(floatFn("asin", func(x float64) (float64, bool) { return math.Asin(x), x >= -1 && x <= 1 })))
	builtin("acos", 1, 1, strict(floatFn("acos", func(x float64) (float64, bool) { return math.Acos(x), x >= -1 && x <= 1 })))
	builtin("atan", 1, 2, strict(fnAtan))
	builtin("atan2", 2, 2, strict(fnAtan))
	builtin("cot", 1, 1, strict(floatFn("cot", func(x float64) (float64, bool) { return 1 / math.Tan(x), true })))
	builtin("degrees", 1, 1, strict(floatFn("degrees", func(x float64) (float64, bool) { return x * 180 / math.Pi, true })))
	builtin("radians", 1, 1, strict(floatFn("radians", func(x float64) (float64, bool) { return x * math.Pi / 180, true })))
	builtin("greatest", 2, -1, func(a []Value) (Value, error) { return extreme(a, 1) })
	builtin("least", 2, -1, func(a []Value) (Value, error) { return extreme(a, -1) })
	builtin("format", 2, 3, strict(fnFormat))
	builtin("conv", 3, 3, strict(fnConv))
}

func fnAbs(a []Value) (Value, error) {
	v := a[0]
	switch v.kind {
	case KindInt:
		if int64(v.bits()) < 0 {
			return Neg(v)
		}
		return v, nil
	case KindUint:
		return v, nil
	case KindDecimal:
		return Dec(v.d.Abs()), nil
	}
	return Float(math.Abs(v.AsFloat())), nil
}

func fnSign(a []Value) (Value, error) {
	v := a[0]
	switch v.kind {
	case KindInt:
		return Int(int64(cmpInt64(int64(v.bits()), 0))), nil
	case KindUint:
		return Bool(v.bits() != 0), nil
	case KindDecimal:
		return Int(int64(v.d.Sign())), nil
	}
	return Int(int64(cmpFloat(v.AsFloat(), 0))), nil
}

// roundFn is ROUND(x[, d]) (half away from zero for exact x, half to even for DOUBLE as
// MySQL's rint) and TRUNCATE(x, d).
func roundFn(a []Value, round bool) (Value, error) {
	x := a[0]
	var d int64
	if len(a) > 1 {
		d = intArg(a[1])
	}
	d = max(min(d, 30), -100)
	switch x.kind {
	case KindInt, KindUint:
		if d >= 0 {
			return x, nil
		}
		r := DecimalFromUint(x.bits())
		if x.kind == KindInt {
			r = DecimalFromInt(int64(x.bits()))
		}
		if round {
			r = r.Round(int(d))
		} else {
			r = r.Truncate(int(d))
		}
		if x.kind == KindUint {
			if u, ok := r.Uint64(); ok {
				return Uint(u), nil
			}
		} else if i, ok := r.Int64(); ok {
			return Int(i), nil
		}
		return Null(), errorf(ErrRange, "vm: BIGINT value is out of range in 'round(%s,%d)'", x, d)
	case KindDecimal:
		if round {
			return Dec(x.d.Round(int(d))), nil
		}
		return Dec(x.d.Truncate(int(d))), nil
	}
	return Float(roundFloat(x.AsFloat(), int(d), !round)), nil
}

// roundFloat is MySQL's my_double_round.
func roundFloat(v float64, dec int, truncate bool) float64 {
	abs := dec
	if abs < 0 {
		abs = -abs
	}
	tmp := math.Pow10(abs)
	mul := v * tmp
	if dec >= 0 && math.IsInf(mul, 0) {
		return v
	}
	var r float64
	switch {
	case truncate && dec >= 0:
		if v >= 0 {
			r = math.Floor(mul) / tmp
		} else {
			r = math.Ceil(mul) / tmp
		}
	case truncate:
		if v >= 0 {
			r = math.Floor(v/tmp) * tmp
		} else {
			r = math.Ceil(v/tmp) * tmp
		}
	case dec >= 0:
		r = math.RoundToEven(mul) / tmp
	default:
		r = math.RoundToEven(v/tmp) * tmp
	}
	if math.IsInf(tmp, 0) {
		if dec < 0 {
			return 0
		}
		return v
	}
	return r
}

func floorCeil(v Value, ceil bool) (Value, error) {
	switch v.kind {
	case KindInt, KindUint:
		return v, nil
	case KindDecimal:
		r := v.d.Floor()
		if ceil {
			r = v.d.Ceil()
		}
		if i, ok := r.Int64(); ok {
			return Int(i), nil
		}
		return Dec(r), nil
	}
	if ceil {
		return Float(math.Ceil(v.AsFloat())), nil
	}
	return Float(math.Floor(v.AsFloat())), nil
}

func floatFn(name string, f func(float64) (float64, bool)) func([]Value) (Value, error) {
	return func(a []Value) (Value, error) {
		r, ok := f(a[0].AsFloat())
		if !ok {
			return Null(), nil
		}
		if math.IsInf(r, 0) || math.IsNaN(r) {
			return Null(), errorf(ErrRange, "vm: DOUBLE value is out of range in '%s(%s)'", name, a[0].sqlLiteral())
		}
		return Float(r), nil
	}
}

func fnPow(a []Value) (Value, error) {
	r := math.Pow(a[0].AsFloat(), a[1].AsFloat())
	if math.IsInf(r, 0) || math.IsNaN(r) {
		return Null(), errorf(ErrRange, "vm: DOUBLE value is out of range in 'pow(%s,%s)'", a[0].sqlLiteral(), a[1].sqlLiteral())
	}
	return Float(r), nil
}

func fnLog(a []Value) (Value, error) {
	if len(a) == 1 {
		x := a[0].AsFloat()
		if x <= 0 {
			return Null(), nil
		}
		return Float(math.Log(x)), nil
	}
	b, x := a[0].AsFloat(), a[1].AsFloat()
	if x <= 0 || b <= 0 || b == 1 {
		return Null(), nil
	}
	return Float(math.Log(x) / math.Log(b)), nil
}

func fnAtan(a []Value) (Value, error) {
	if len(a) == 2 {
		return Float(math.Atan2(a[0].AsFloat(), a[1].AsFloat())), nil
	}
	return Float(math.Atan(a[0].AsFloat())), nil
}

// extreme is GREATEST (sign +1) and LEAST (sign -1): NULL if any argument is NULL; numbers
// compare numerically and the result takes the widest numeric kind among the arguments;
// if any argument is a string, all compare as strings.
func extreme(a []Value, sign int) (Value, error) {
	if anyNull(a) {
		return Null(), nil
	}
	anyString, anyFloat, anyDec := false, false, false
	for _, v := range a {
		switch {
		case v.IsString():
			anyString = true
		case v.kind == KindFloat:
			anyFloat = true
		case v.kind == KindDecimal:
			anyDec = true
		}
	}
	best := a[0]
	for _, v := range a[1:] {
		var c int
		if anyString {
			c = strings.Compare(v.AsString(), best.AsString())
		} else {
			c = compareNonNull(v, best)
		}
		if c*sign > 0 {
			best = v
		}
	}
	switch {
	case anyString:
		return Text(best.AsString()), nil
	case anyFloat:
		return Float(best.AsFloat()), nil
	case anyDec:
		return Dec(best.AsDecimal()), nil
	}
	return best, nil
}

// fnFormat is FORMAT(x, d): x rounded to d decimals with ',' thousands separators.
func fnFormat(a []Value) (Value, error) {
	d := int(max(min(intArg(a[1]), 30), 0))
	var s string
	if a[0].kind == KindFloat || a[0].IsString() {
		s = strconv.FormatFloat(roundFloat(a[0].AsFloat(), d, false), 'f', d, 64)
	} else {
		s = a[0].AsDecimal().Round(d).String()
	}
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	intPart, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, c := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if d > 0 {
		b.WriteByte('.')
		b.WriteString(frac)
	}
	return Text(b.String()), nil
}

// fnConv is CONV(n, from_base, to_base) for bases 2..36 (negative to_base: signed output).
func fnConv(a []Value) (Value, error) {
	from, to := intArg(a[1]), intArg(a[2])
	fromAbs, toAbs := from, to
	if fromAbs < 0 {
		fromAbs = -fromAbs
	}
	if toAbs < 0 {
		toAbs = -toAbs
	}
	if fromAbs < 2 || fromAbs > 36 || toAbs < 2 || toAbs > 36 {
		return Null(), nil
	}
	s := strings.TrimSpace(a[0].AsString())
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var u uint64
	for _, c := range strings.ToLower(s) {
		var dgt int64
		switch {
		case c >= '0' && c <= '9':
			dgt = int64(c - '0')
		case c >= 'a' && c <= 'z':
			dgt = int64(c-'a') + 10
		default:
			dgt = 99
		}
		if dgt >= fromAbs {
			break
		}
		u = u*uint64(fromAbs) + uint64(dgt)
	}
	if neg {
		u = -u
	}
	if to < 0 && int64(u) < 0 {
		return Text("-" + strings.ToUpper(strconv.FormatUint(-u, int(toAbs)))), nil
	}
	return Text(strings.ToUpper(strconv.FormatUint(u, int(toAbs)))), nil
}
