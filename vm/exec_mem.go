package vm

import "sync"

// execMem is the register file and cursor slots of an Exec. Close gives it
// to execPool and NewExec takes one from there (M14): statements are short
// and many, and each used to allocate both anew.
type execMem struct {
	regs []Value
	curs []vmCursor
}

var execPool = sync.Pool{New: func() any { return new(execMem) }}

// maxPooledRegs bounds the register files the pool keeps (48 bytes each).
const maxPooledRegs = 1024

// getExecMem returns zeroed (all NULL, all closed) room for nregs registers
// and ncurs cursors.
func getExecMem(nregs, ncurs int) *execMem {
	m := execPool.Get().(*execMem)
	if cap(m.regs) < nregs {
		m.regs = make([]Value, nregs)
	} else {
		m.regs = m.regs[:nregs]
	}
	if cap(m.curs) < ncurs {
		m.curs = make([]vmCursor, ncurs)
	} else {
		m.curs = m.curs[:ncurs]
	}
	return m
}

// putExecMem zeroes m and pools it. The Exec that had it has dropped its
// references first (Close), so no register of a finished Exec is read
// through a newer one.
func putExecMem(m *execMem) {
	if cap(m.regs) > maxPooledRegs || cap(m.curs) > maxPooledRegs {
		return
	}
	clear(m.regs[:cap(m.regs)])
	clear(m.curs[:cap(m.curs)])
	execPool.Put(m)
}
