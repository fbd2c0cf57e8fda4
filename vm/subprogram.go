package vm

// maxProgramDepth bounds nested OpProgram calls. The compiler bounds
// trigger nesting already (a trigger may not write a table its invoking
// statements write); this keeps a malformed program from exhausting the
// stack.
const maxProgramDepth = 64

// callProgram runs the sub-program of an OpProgram instruction to its end
// with its arguments in registers 1..P3; its rows are discarded and its
// change count and insert id stay its own.
func (e *Exec) callProgram(in *Instr) error {
	p, ok := in.P4.(*Program)
	if !ok || p == nil {
		return execErrorf(ErrMisuse, "Program without a program at pc %d", e.pc-1)
	}
	if in.P3 < 0 || in.P3 > p.NumRegs || in.P1 < 0 || in.P1+in.P3 > len(e.regs) || in.P3 > 0 && in.P1 == 0 {
		return execErrorf(ErrMisuse, "Program arguments r[%d..+%d] out of range at pc %d", in.P1, in.P3, e.pc-1)
	}
	if e.depth >= maxProgramDepth {
		return execErrorf(ErrRange, "sub-programs nested more than %d deep", maxProgramDepth)
	}
	sub := NewExec(e.ctx, p, &Env{Storage: e.env.Storage})
	sub.depth = e.depth + 1
	copy(sub.regs[1:1+in.P3], e.regs[in.P1:in.P1+in.P3])
	defer sub.Close()
	for {
		ok, err := sub.Step()
		if err != nil {
			return err
		}
		if !ok {
			return nil
		}
	}
}
