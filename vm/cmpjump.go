package vm

import "strings"

// cmpJumps reports whether a compare-and-jump instruction (EqJump..GeJump)
// jumps: its comparison of r[P1] and r[P3] holds, or either is NULL and
// P5 != 0. The comparison is the one OpEq..OpGe make.
func cmpJumps(in *Instr, x, y *Value) bool {
	var cmp int
	switch {
	case x.kind == KindInt && y.kind == KindInt:
		cmp = cmpInt64(x.d.coef, y.d.coef)
	case x.kind == KindNull || y.kind == KindNull:
		return in.P5 != 0
	case x.IsString() && y.IsString():
		cmp = strings.Compare(x.s, y.s)
	default:
		cmp = compareNonNull(*x, *y)
	}
	switch in.Op {
	case OpEqJump:
		return cmp == 0
	case OpNeJump:
		return cmp != 0
	case OpLtJump:
		return cmp < 0
	case OpLeJump:
		return cmp <= 0
	case OpGtJump:
		return cmp > 0
	}
	return cmp >= 0 // OpGeJump
}
