package vm

import "context"

// Native is the P4 of OpCall: Go code the compiler attaches to a program
// for work that is easier to write against cursors than as bytecode (the
// sql layer's foreign key checks and cascades). Fn gets the execution's
// Storage, so its cursors see and make the statement's own changes; the
// changes it makes are not counted as the statement's (M10). Its result
// goes to register P3 when P3 is not 0.
type Native struct {
	Name string
	Fn   func(ctx context.Context, st Storage, args []Value) (Value, error)
}

// callNative runs an OpCall instruction.
func (e *Exec) callNative(in *Instr) error {
	n, ok := in.P4.(*Native)
	if !ok || n == nil || n.Fn == nil {
		return execErrorf(ErrMisuse, "Call without a Native at pc %d", e.pc-1)
	}
	if in.P2 < 0 || in.P2 > 0 && (in.P1 <= 0 || in.P1+in.P2 > len(e.regs)) || in.P3 < 0 || in.P3 >= len(e.regs) {
		return execErrorf(ErrMisuse, "Call arguments r[%d..+%d] out of range at pc %d", in.P1, in.P2, e.pc-1)
	}
	if e.env.Storage == nil {
		return execErrorf(ErrMisuse, "Call without storage at pc %d", e.pc-1)
	}
	var args []Value
	if in.P2 > 0 {
		args = e.regs[in.P1 : in.P1+in.P2]
	}
	v, err := n.Fn(e.ctx, e.env.Storage, args)
	if err != nil {
		return err
	}
	if in.P3 > 0 {
		e.regs[in.P3] = v
	}
	return nil
}
