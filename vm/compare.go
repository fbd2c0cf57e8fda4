package vm

import (
	"math"
	"strings"
)

// Compare compares a and b with MySQL's rules for mixed types (V6). isNull is true when either
// is NULL (the comparison's result is then NULL). Otherwise cmp is -1, 0 or +1:
//   - integers (signed and unsigned mixed) compare exactly, as do integers and decimals;
//   - a DOUBLE on either side, or a string against a number, compares as DOUBLE;
//   - two strings compare byte by byte (utf8mb4_bin / BINARY).
func Compare(a, b Value) (cmp int, isNull bool) {
	if a.kind == KindNull || b.kind == KindNull {
		return 0, true
	}
	return compareNonNull(a, b), false
}

// NullSafeEqual is MySQL's <=>: true when both are NULL or both are non-NULL and equal.
func NullSafeEqual(a, b Value) bool {
	if a.kind == KindNull || b.kind == KindNull {
		return a.kind == b.kind
	}
	return compareNonNull(a, b) == 0
}

// CompareTotal orders any two values, NULLs first, with Compare's rules otherwise. It is the
// order of ORDER BY and of DISTINCT/GROUP BY grouping.
func CompareTotal(a, b Value) int { return compareOrder(&a, &b) }

// compareOrder is CompareTotal through pointers. Sorting and index probes call it for every
// column of every comparison, so two integers and two strings, the common pairs, are compared
// here without copying the 48-byte values into the general path.
func compareOrder(a, b *Value) int {
	ak, bk := a.kind, b.kind
	switch {
	case ak == KindInt && bk == KindInt:
		return cmpInt64(a.d.coef, b.d.coef)
	case (ak == KindText || ak == KindBlob) && (bk == KindText || bk == KindBlob):
		return strings.Compare(a.s, b.s)
	case ak == KindNull && bk == KindNull:
		return 0
	case ak == KindNull:
		return -1
	case bk == KindNull:
		return 1
	}
	return compareNonNull(*a, *b)
}

// compareRows compares the first n columns of a and b (n <= len of both) in compareOrder's
// order, column i reversed where desc[i] is set.
func compareRows(a, b []Value, n int, desc []bool) int {
	a, b = a[:n], b[:n] // one bounds check for the loop
	for i := range a {
		if c := compareOrder(&a[i], &b[i]); c != 0 {
			if i < len(desc) && desc[i] {
				return -c
			}
			return c
		}
	}
	return 0
}

// compareNonNull is Compare of two non-NULL values: -1, 0 or +1 and no
// other number (the comparison opcodes index cmpHolds by it).
func compareNonNull(a, b Value) int {
	ak, bk := a.kind, b.kind
	if a.IsString() && b.IsString() {
		return strings.Compare(a.s, b.s)
	}
	switch {
	case ak == KindInt && bk == KindInt:
		return cmpInt64(int64(a.bits()), int64(b.bits()))
	case (ak == KindInt || ak == KindUint) && (bk == KindInt || bk == KindUint):
		return cmpMixedInt(a, b)
	case ak == KindFloat || bk == KindFloat || a.IsString() || b.IsString():
		return cmpFloat(floatOf(&a), floatOf(&b))
	}
	// Exact: at least one decimal.
	da, _ := toDecimal(a)
	db, _ := toDecimal(b)
	return da.Cmp(db)
}

// floatOf is v.AsFloat, reading a DOUBLE or an INT (what comparisons in
// DOUBLE mostly meet) in place rather than copying v into the call.
func floatOf(v *Value) float64 {
	switch v.kind {
	case KindFloat:
		return math.Float64frombits(uint64(v.d.coef))
	case KindInt:
		return float64(v.d.coef)
	}
	return v.AsFloat()
}

func cmpInt64(x, y int64) int {
	switch {
	case x < y:
		return -1
	case x > y:
		return 1
	}
	return 0
}

func cmpUint64(x, y uint64) int {
	switch {
	case x < y:
		return -1
	case x > y:
		return 1
	}
	return 0
}

func cmpMixedInt(a, b Value) int {
	if a.kind == KindUint && b.kind == KindUint {
		return cmpUint64(a.bits(), b.bits())
	}
	if a.kind == KindInt && int64(a.bits()) < 0 {
		return -1 // b is unsigned
	}
	if b.kind == KindInt && int64(b.bits()) < 0 {
		return 1
	}
	return cmpUint64(a.bits(), b.bits())
}

func cmpFloat(x, y float64) int {
	switch {
	case x < y:
		return -1
	case x > y:
		return 1
	case x == y:
		return 0
	case math.IsNaN(x) && !math.IsNaN(y):
		return -1
	case !math.IsNaN(x) && math.IsNaN(y):
		return 1
	}
	return 0
}

// Truth returns v in a boolean context (WHERE, AND, IF): numbers are true when non-zero;
// strings convert to DOUBLE first ('abc' is false, '0.5' is true). NULL gives isNull.
func Truth(v Value) (truth bool, isNull bool) {
	switch v.kind {
	case KindNull:
		return false, true
	case KindInt, KindUint:
		return v.bits() != 0, false
	case KindFloat:
		return v.AsFloat() != 0, false
	case KindDecimal:
		return !v.d.IsZero(), false
	}
	return v.AsFloat() != 0, false
}

// Equal reports whether a and b are non-NULL and compare equal (a convenience for tests and
// IN lists; use Compare to tell NULL apart).
func Equal(a, b Value) bool {
	c, isNull := Compare(a, b)
	return !isNull && c == 0
}
