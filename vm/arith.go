package vm

import (
	"math"
	"math/bits"
)

// The arithmetic operators (V4, V5). Each returns NULL when an operand is NULL; "/", DIV and MOD
// also return NULL for a zero divisor, as MySQL does outside strict-mode writes.

// numClass is the type an arithmetic operation is carried out in.
type numClass uint8

const (
	classInt  numClass = iota // both signed integers
	classUint                 // integers, at least one unsigned
	classDecimal
	classFloat
)

func arithClass(a, b Value) numClass {
	if a.kind == KindFloat || b.kind == KindFloat || a.IsString() || b.IsString() {
		return classFloat
	}
	if a.kind == KindDecimal || b.kind == KindDecimal {
		return classDecimal
	}
	if a.kind == KindUint || b.kind == KindUint {
		return classUint
	}
	return classInt
}

func rangeErr(typ, op string, a, b Value) error {
	return errorf(ErrRange, "vm: %s value is out of range in '(%s %s %s)'", typ, a.sqlLiteral(), op, b.sqlLiteral())
}

// sqlLiteral renders v for error messages.
func (v Value) sqlLiteral() string {
	if v.IsString() {
		return "'" + v.s + "'"
	}
	return v.String()
}

func checkFloat(f float64, op string, a, b Value) (Value, error) {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		return Null(), rangeErr("DOUBLE", op, a, b)
	}
	return Float(f), nil
}

func checkDecimal(d Decimal, op string, a, b Value) (Value, error) {
	if d.IntDigits() > MaxDecimalPrecision {
		return Null(), rangeErr("DECIMAL", op, a, b)
	}
	return Dec(d), nil
}

// Arith applies the arithmetic opcode op (OpAdd, OpSubtract, OpMultiply,
// OpDivide, OpIntDiv, OpRemainder) to a and b, as the instruction does;
// ok is false for any other opcode. The compiler folds constants with it.
func Arith(op Opcode, a, b Value) (v Value, ok bool, err error) {
	switch op {
	case OpAdd:
		v, err = Add(a, b)
	case OpSubtract:
		v, err = Sub(a, b)
	case OpMultiply:
		v, err = Mul(a, b)
	case OpDivide:
		v, err = Div(a, b)
	case OpIntDiv:
		v, err = IntDiv(a, b)
	case OpRemainder:
		v, err = Mod(a, b)
	default:
		return Value{}, false, nil
	}
	return v, true, err
}

// Add returns a + b.
func Add(a, b Value) (Value, error) {
	if a.kind == KindNull || b.kind == KindNull {
		return Null(), nil
	}
	switch arithClass(a, b) {
	case classInt:
		r, overflow := addInt64(int64(a.bits()), int64(b.bits()))
		if overflow {
			return Null(), rangeErr("BIGINT", "+", a, b)
		}
		return Int(r), nil
	case classUint:
		return uintAddSub(a, b, false)
	case classDecimal:
		return checkDecimal(a.AsDecimal().Add(b.AsDecimal()), "+", a, b)
	}
	return checkFloat(a.AsFloat()+b.AsFloat(), "+", a, b)
}

// Sub returns a - b.
func Sub(a, b Value) (Value, error) {
	if a.kind == KindNull || b.kind == KindNull {
		return Null(), nil
	}
	switch arithClass(a, b) {
	case classInt:
		r, overflow := subInt64(int64(a.bits()), int64(b.bits()))
		if overflow {
			return Null(), rangeErr("BIGINT", "-", a, b)
		}
		return Int(r), nil
	case classUint:
		return uintAddSub(a, b, true)
	case classDecimal:
		return checkDecimal(a.AsDecimal().Sub(b.AsDecimal()), "-", a, b)
	}
	return checkFloat(a.AsFloat()-b.AsFloat(), "-", a, b)
}

// signedParts returns an integer value as sign and magnitude.
func signedParts(v Value) (neg bool, mag uint64) {
	if v.kind == KindInt && int64(v.bits()) < 0 {
		return true, -v.bits()
	}
	return false, v.bits()
}

// uintAddSub computes a ± b when at least one is unsigned: the result is BIGINT UNSIGNED and a
// negative result is an error, as in MySQL.
func uintAddSub(a, b Value, sub bool) (Value, error) {
	op := "+"
	if sub {
		op = "-"
	}
	an, am := signedParts(a)
	bn, bm := signedParts(b)
	if sub {
		bn = !bn
	}
	var neg bool
	var mag uint64
	switch {
	case an == bn:
		var carry uint64
		mag, carry = bits.Add64(am, bm, 0)
		if carry != 0 {
			return Null(), rangeErr("BIGINT UNSIGNED", op, a, b)
		}
		neg = an
	case am >= bm:
		mag, neg = am-bm, an
	default:
		mag, neg = bm-am, bn
	}
	if neg && mag != 0 {
		return Null(), rangeErr("BIGINT UNSIGNED", op, a, b)
	}
	return Uint(mag), nil
}

// Mul returns a * b.
func Mul(a, b Value) (Value, error) {
	if a.kind == KindNull || b.kind == KindNull {
		return Null(), nil
	}
	switch arithClass(a, b) {
	case classInt:
		r, overflow := mulInt64(int64(a.bits()), int64(b.bits()))
		if overflow {
			return Null(), rangeErr("BIGINT", "*", a, b)
		}
		return Int(r), nil
	case classUint:
		an, am := signedParts(a)
		bn, bm := signedParts(b)
		hi, lo := bits.Mul64(am, bm)
		if hi != 0 || (an != bn && lo != 0) {
			return Null(), rangeErr("BIGINT UNSIGNED", "*", a, b)
		}
		return Uint(lo), nil
	case classDecimal:
		return checkDecimal(a.AsDecimal().Mul(b.AsDecimal()), "*", a, b)
	}
	return checkFloat(a.AsFloat()*b.AsFloat(), "*", a, b)
}

// Div returns a / b: DECIMAL for exact operands (scale of a + 4: 7/2 = 3.5000), DOUBLE
// otherwise; NULL when b is zero.
func Div(a, b Value) (Value, error) {
	if a.kind == KindNull || b.kind == KindNull {
		return Null(), nil
	}
	if arithClass(a, b) == classFloat {
		y := b.AsFloat()
		if y == 0 {
			return Null(), nil
		}
		return checkFloat(a.AsFloat()/y, "/", a, b)
	}
	db := b.AsDecimal()
	if db.IsZero() {
		return Null(), nil
	}
	return checkDecimal(a.AsDecimal().Div(db, DivPrecisionIncr), "/", a, b)
}

// IntDiv returns a DIV b: the quotient truncated toward zero as BIGINT (UNSIGNED when an
// operand is); non-integer operands divide as decimals first. NULL when b is zero.
func IntDiv(a, b Value) (Value, error) {
	if a.kind == KindNull || b.kind == KindNull {
		return Null(), nil
	}
	unsigned := a.kind == KindUint || b.kind == KindUint
	switch arithClass(a, b) {
	case classInt:
		x, y := int64(a.bits()), int64(b.bits())
		if y == 0 {
			return Null(), nil
		}
		if x == math.MinInt64 && y == -1 {
			return Null(), rangeErr("BIGINT", "DIV", a, b)
		}
		return Int(x / y), nil
	case classUint:
		an, am := signedParts(a)
		bn, bm := signedParts(b)
		if bm == 0 {
			return Null(), nil
		}
		q := am / bm
		if an != bn && q != 0 {
			return Null(), rangeErr("BIGINT UNSIGNED", "DIV", a, b)
		}
		return Uint(q), nil
	}
	da, db := a.AsDecimal(), b.AsDecimal()
	if db.IsZero() {
		return Null(), nil
	}
	q := da.QuoTrunc(db, 0)
	if unsigned {
		if u, ok := q.Uint64(); ok {
			return Uint(u), nil
		}
		if q.IsZero() {
			return Uint(0), nil
		}
		return Null(), rangeErr("BIGINT UNSIGNED", "DIV", a, b)
	}
	if i, ok := q.Int64(); ok {
		return Int(i), nil
	}
	return Null(), rangeErr("BIGINT", "DIV", a, b)
}

// Mod returns a MOD b (also a % b): the remainder with the sign of a; NULL when b is zero.
// Integer results are UNSIGNED when a is.
func Mod(a, b Value) (Value, error) {
	if a.kind == KindNull || b.kind == KindNull {
		return Null(), nil
	}
	switch arithClass(a, b) {
	case classInt, classUint:
		an, am := signedParts(a)
		_, bm := signedParts(b)
		if bm == 0 {
			return Null(), nil
		}
		r := am % bm
		if a.kind == KindUint {
			return Uint(r), nil
		}
		if an {
			return Int(-int64(r)), nil
		}
		return Int(int64(r)), nil
	case classDecimal:
		db := b.AsDecimal()
		if db.IsZero() {
			return Null(), nil
		}
		return Dec(a.AsDecimal().Rem(db)), nil
	}
	y := b.AsFloat()
	if y == 0 {
		return Null(), nil
	}
	return Float(math.Mod(a.AsFloat(), y)), nil
}

// Neg returns -a. -(-9223372036854775808) is an error, as in MySQL; negating an unsigned
// value gives a signed one (a DECIMAL below -2^63).
func Neg(a Value) (Value, error) {
	switch a.kind {
	case KindNull:
		return Null(), nil
	case KindInt:
		i := int64(a.bits())
		if i == math.MinInt64 {
			return Null(), errorf(ErrRange, "vm: BIGINT value is out of range in '-(%d)'", i)
		}
		return Int(-i), nil
	case KindUint:
		u := a.bits()
		if u <= 1<<63 {
			return Int(-int64(u)), nil
		}
		return Dec(DecimalFromUint(u).Neg()), nil
	case KindDecimal:
		return Dec(a.d.Neg()), nil
	}
	return Float(-a.AsFloat()), nil
}
