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
func CompareTotal(a, b Value) int {
	switch {
	case a.kind == KindNull && b.kind == KindNull:
		return 0
	case a.kind == KindNull:
		return -1
	case b.kind == KindNull:
		return 1
	}
	return compareNonNull(a, b)
}

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
		return cmpFloat(a.AsFloat(), b.AsFloat())
	}
	// Exact: at least one decimal.
	da, _ := toDecimal(a)
	db, _ := toDecimal(b)
	return da.Cmp(db)
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
