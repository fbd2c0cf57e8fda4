// Values: the contract of the vm's value layer (files value*.go, decimal*.go, compare*.go,
// arith*.go, cast*.go, func*.go, agg*.go, coltype*.go, storage*.go).
//
// Terms. A Value is one SQL value as MySQL 8 sees it: NULL, a signed 64-bit integer, an unsigned
// 64-bit integer, a DOUBLE, an exact DECIMAL, a string (Text, compared as bytes) or a binary
// string (Blob). "Exact" kinds are Int, Uint and Decimal. DATE, DATETIME and TIME values are Text
// in MySQL's canonical forms ('2024-01-31 08:05:03'), which sort correctly as bytes.
//
// Invariants (tests cite them):
//
//	(V1) Value is a small struct (48 bytes) passed by value; Int, Uint, Float and int64-sized
//	     Decimal values never allocate. Text and Blob hold their bytes without copying: Clone
//	     before keeping a value read from a page.
//	(V2) The zero Value is NULL. Every operator and function returns NULL when MySQL does: any
//	     NULL operand of an arithmetic operator or comparison; x/0, x DIV 0, x MOD 0.
//	(V3) A Decimal is coefficient * 10^-scale with at most 65 integer digits; it shows
//	     Scale() <= 30 digits after the point, which is part of the value (3.5000 and 3.5
//	     compare equal but print differently).
//	(V4) Arithmetic on exact kinds is exact: integer overflow is ErrRange, never wraparound (an
//	     UNSIGNED operand makes the result UNSIGNED, so 1 - u2 is ErrRange, as in MySQL);
//	     decimal scales follow MySQL (+ -: max; *: sum; /: dividend's + 4). "/" holds MySQL's
//	     extra digits (multiples of 9) and rounds half away from zero only when printed, so
//	     1/3*3 prints 1.0000 as in MySQL.
//	(V5) Any arithmetic or comparison with a DOUBLE, or with a string against a number, is done
//	     in DOUBLE; a string converts through its longest numeric prefix ('12abc' -> 12,
//	     'abc' -> 0) in expressions, but must be entirely numeric when written to a numeric
//	     column (ErrBadValue).
//	(V6) Compare orders non-NULL values with MySQL's rules for mixed kinds (signed vs unsigned
//	     and decimal vs integer exact). Strings compare byte by byte without PAD SPACE: 'a' <
//	     'a ' (MySQL's utf8mb4_bin pads; walrus follows its indexes' SQLite BINARY order).
//	(V7) String renders a value as MySQL's text protocol does: integers in decimal, decimals
//	     with exactly Scale() digits, doubles in the shortest round-trip digits, plain for
//	     decimal exponents -14..15 and as 1e20 / 1.5e-16 otherwise (MySQL's my_gcvt).
//	(V8) ToStorage followed by FromStorage with the same ColType gives the value assignment
//	     conversion produced, and storing it again gives the same record value (storage.go).
//	(V9) No function in these files panics on any input; errors carry the "vm: " prefix and wrap
//	     a sentinel from value_errors.go (ErrRange, ErrBadValue, ErrTruncated, ...).
//
// A Text read from an ENUM or SET column also carries its member index or bit mask (enum.go):
// numeric conversions (AsFloat, AsInt, CAST, arithmetic, comparison with a number) use it, string
// contexts use the text; functions that build a new string drop it.
//
// Known divergences from MySQL: FLOAT (single precision) values are held as the DOUBLE nearest
// their shortest single-precision text, so FLOAT 49.43 prints 49.43 and also equals 49.43 (in
// MySQL it does not); IF/IFNULL/COALESCE return the chosen argument without unifying the
// branch types; RAND(seed) returns the first value of its sequence on every call.
package vm

import (
	"math"
	"strconv"
	"strings"
	"unsafe"
)

// Kind is the type of a Value.
type Kind uint8

// The kinds of values. KindNull is the zero value so that Value{} is NULL.
const (
	KindNull Kind = iota
	KindInt
	KindUint
	KindFloat
	KindDecimal
	KindText
	KindBlob
)

var kindNames = [...]string{"NULL", "INT", "UINT", "FLOAT", "DECIMAL", "TEXT", "BLOB"}

func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "Kind(" + strconv.Itoa(int(k)) + ")"
}

// Value is one SQL value (V1). The zero Value is NULL.
type Value struct {
	kind Kind
	// enum marks a Text read from an ENUM or SET column; d.coef then holds its index or bit
	// mask, which numeric contexts use (enum.go). It fits kind's padding: V1's size holds.
	enum bool
	// s holds Text and Blob bytes (a Blob's string is converted without copying).
	s string
	// d holds a Decimal; for an Int, Uint or Float, d.coef holds the 64 bits.
	d Decimal
}

// Null returns the SQL NULL.
func Null() Value { return Value{} }

// Int returns a signed integer value.
func Int(i int64) Value { return Value{kind: KindInt, d: Decimal{coef: i}} }

// Uint returns an unsigned integer value.
func Uint(u uint64) Value { return Value{kind: KindUint, d: Decimal{coef: int64(u)}} }

// Float returns a DOUBLE value.
func Float(f float64) Value {
	return Value{kind: KindFloat, d: Decimal{coef: int64(math.Float64bits(f))}}
}

// Dec returns a DECIMAL value.
func Dec(d Decimal) Value { return Value{kind: KindDecimal, d: d} }

// Text returns a string value.
func Text(s string) Value { return Value{kind: KindText, s: s} }

// Blob returns a binary string value. The bytes are not copied: the caller must not modify b
// while the value is in use.
func Blob(b []byte) Value {
	return Value{kind: KindBlob, s: unsafe.String(unsafe.SliceData(b), len(b))}
}

// Bool returns Int(1) for true and Int(0) for false, MySQL's boolean values.
func Bool(b bool) Value {
	if b {
		return Int(1)
	}
	return Int(0)
}

// bits returns the 64 bits of an Int, Uint or Float.
func (v Value) bits() uint64 { return uint64(v.d.coef) }

// Kind returns the kind of v.
func (v Value) Kind() Kind { return v.kind }

// IsNull reports whether v is NULL.
func (v Value) IsNull() bool { return v.kind == KindNull }

// IsExact reports whether v is an Int, Uint or Decimal.
func (v Value) IsExact() bool {
	return v.kind == KindInt || v.kind == KindUint || v.kind == KindDecimal
}

// IsNumeric reports whether v is an Int, Uint, Float or Decimal.
func (v Value) IsNumeric() bool { return v.IsExact() || v.kind == KindFloat }

// IsString reports whether v is a Text or Blob.
func (v Value) IsString() bool { return v.kind == KindText || v.kind == KindBlob }

// AsInt returns v as int64 as MySQL converts in an integer context: doubles and decimals round
// half away from zero and clamp to the int64 range, unsigned values wrap as two's complement
// (as MySQL does for CAST(u AS SIGNED)), strings take their numeric prefix. NULL gives 0.
func (v Value) AsInt() int64 {
	switch v.kind {
	case KindInt, KindUint:
		return int64(v.bits())
	}
	i, _ := toInt64(v)
	return i
}

// AsUint returns v as uint64 (negative signed integers wrap as two's complement, like
// CAST(-1 AS UNSIGNED)). NULL gives 0.
func (v Value) AsUint() uint64 {
	switch v.kind {
	case KindInt, KindUint:
		return v.bits()
	}
	u, _ := toUint64(v)
	return u
}

// AsFloat returns v as a DOUBLE. NULL gives 0.
func (v Value) AsFloat() float64 {
	switch v.kind {
	case KindFloat:
		return math.Float64frombits(v.bits())
	case KindInt:
		return float64(int64(v.bits()))
	case KindUint:
		return float64(v.bits())
	case KindDecimal:
		return v.d.Float64()
	case KindText, KindBlob:
		if v.enum {
			return float64(uint64(v.d.coef))
		}
		f, _ := parseFloatPrefix(v.s)
		return f
	}
	return 0
}

// AsDecimal returns v as a Decimal. Doubles convert through their shortest text form, strings
// through their numeric prefix. NULL gives 0.
func (v Value) AsDecimal() Decimal {
	d, _ := toDecimal(v)
	return d
}

// AsString returns the text of v: a Text or Blob's bytes, or String() for other kinds.
func (v Value) AsString() string {
	if v.kind == KindText || v.kind == KindBlob {
		return v.s
	}
	if v.kind == KindNull {
		return ""
	}
	return v.String()
}

// AsBytes returns the bytes of a Text or Blob without copying (the caller must not modify them),
// or the text of another kind.
func (v Value) AsBytes() []byte {
	if v.kind == KindText || v.kind == KindBlob {
		return unsafe.Slice(unsafe.StringData(v.s), len(v.s))
	}
	return []byte(v.AsString())
}

// String renders v as MySQL's text protocol does (V7). NULL renders as "NULL".
func (v Value) String() string {
	switch v.kind {
	case KindNull:
		return "NULL"
	case KindInt:
		return strconv.FormatInt(int64(v.bits()), 10)
	case KindUint:
		return strconv.FormatUint(v.bits(), 10)
	case KindFloat:
		return FormatFloat(math.Float64frombits(v.bits()))
	case KindDecimal:
		return v.d.String()
	}
	return v.s
}

// FormatFloat renders a DOUBLE as MySQL's my_gcvt does for the text protocol: the shortest
// digits that round-trip, in plain notation when the decimal point position decpt (value =
// 0.DIGITS * 10^decpt) satisfies -14 <= decpt and (decpt <= 15 or the digits reach past the
// point), else as 1.5e20 / 1e-16 (no '+', no exponent padding).
func FormatFloat(f float64) string {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		// MySQL never produces these; render like strconv for diagnosability.
		return strconv.FormatFloat(f, 'g', -1, 64)
	}
	if f == 0 {
		return "0" // MySQL prints -0e0 as 0 too
	}
	s := strconv.FormatFloat(math.Abs(f), 'e', -1, 64) // d.ddddde±XX
	e := strings.IndexByte(s, 'e')
	exp, _ := strconv.Atoi(s[e+1:])
	digits := strings.Replace(s[:e], ".", "", 1)
	decpt := exp + 1
	n := len(digits)
	var b strings.Builder
	if f < 0 {
		b.WriteByte('-')
	}
	if decpt >= -14 && (decpt <= 15 || n > decpt) {
		switch {
		case decpt <= 0:
			b.WriteString("0.")
			b.WriteString(strings.Repeat("0", -decpt))
			b.WriteString(digits)
		case decpt >= n:
			b.WriteString(digits)
			b.WriteString(strings.Repeat("0", decpt-n))
		default:
			b.WriteString(digits[:decpt])
			b.WriteByte('.')
			b.WriteString(digits[decpt:])
		}
		return b.String()
	}
	b.WriteByte(digits[0])
	if n > 1 {
		b.WriteByte('.')
		b.WriteString(digits[1:])
	}
	b.WriteByte('e')
	b.WriteString(strconv.Itoa(decpt - 1))
	return b.String()
}

// unsafeString views b as a string without copying; b must not change while in use.
func unsafeString(b []byte) string { return unsafe.String(unsafe.SliceData(b), len(b)) }
