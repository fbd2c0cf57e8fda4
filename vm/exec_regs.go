package vm

import "math"

// In-place register writes for the interpreter's hot opcodes. A Value is
// too large for the compiler to keep in registers, so regs[r] = Int(x)
// builds the value on the stack and copies it, and the copy's wide loads
// of the narrow stores just made stall the CPU; writing the fields one by
// one does not. Each setter leaves *v equal to the constructor's value.

// setInt makes *v Int(i).
func (v *Value) setInt(i int64) {
	v.kind = KindInt
	v.enum = false
	v.s = ""
	v.d = Decimal{coef: i}
}

// setFloat makes *v Float(f).
func (v *Value) setFloat(f float64) {
	v.kind = KindFloat
	v.enum = false
	v.s = ""
	v.d = Decimal{coef: int64(math.Float64bits(f))}
}

// setBool makes *v Bool(b): MySQL's 1 or 0.
func (v *Value) setBool(b bool) {
	var i int64
	if b {
		i = 1
	}
	v.setInt(i)
}

// setNull makes *v NULL.
func (v *Value) setNull() {
	v.kind = KindNull
	v.enum = false
	v.s = ""
	v.d = Decimal{}
}

// intTruth is Truth of *v for NULL, INT and UINT, read in place (every
// comparison's result is one of them); ok is false for the other kinds,
// which need Truth. It inlines, Truth does not.
func intTruth(v *Value) (t, isNull, ok bool) {
	return v.kind != KindNull && v.d.coef != 0, v.kind == KindNull, v.kind <= KindUint
}

// cmpHolds says whether a comparison opcode's relation holds, indexed by
// the opcode's place in Eq, Ne, Lt, Le, Gt, Ge (OpEq.. and OpEqJump.. are
// both in that order) and by cmp+1 for a cmp of -1, 0 or +1: a load
// rather than a switch on the opcode.
var cmpHolds = [6][3]bool{
	{false, true, false}, // Eq
	{true, false, true},  // Ne
	{true, false, false}, // Lt
	{true, true, false},  // Le
	{false, false, true}, // Gt
	{false, true, true},  // Ge
}
