package sql

import (
	"fmt"
	"sync"

	"github.com/pingcap/tidb/pkg/parser/ast"

	"github.com/walrusdb/walrus/vm"
)

// compiler turns one statement's AST into a vm.Program (C-invariants in
// doc.go). Jump targets are labels (negative P2 values) resolved when the
// program is finished.
type compiler struct {
	sch     *schema
	sess    *session // session variables and sql_mode (session.go); may be nil
	instrs  []vm.Instr
	labels  []int // label -> address (-1 until placed)
	nregs   int
	ncurs   int
	naggs   int
	nparams int
	writes  bool
	// params are the bound arguments when the statement is compiled for
	// them (nil: a generic plan); paramPlan records that a plan decision
	// looked at a parameter (stmtplan.go).
	params    []vm.Value
	paramPlan bool
	// cteEnv holds the CTEs in scope while compiling, innermost last (cte.go).
	cteEnv []*cteDef
	// autoIncs are the sqlite_sequence rows the statement keeps (autoinc.go).
	autoIncs []*autoIncSeq
	// trig is set while compiling code that runs for a trigger
	// (trigger_fire.go).
	trig  *trigCtx
	trigs trigState // trigger_fire.go
	// buf is the pooled storage of instrs and labels (newCompiler).
	buf *compileBuf
	// prologue loads the constant registers constRegs (constreg.go, C13).
	prologue  []vm.Instr
	constRegs map[constKey]int
}

// newCompiler takes its instruction and label buffers from a pool: emit
// would otherwise regrow them from nothing for every Prepare, twice the
// program's size in garbage. finish copies the program out of them, and
// release gives them back (C12).
func newCompiler(sch *schema) *compiler {
	b := compileBufPool.Get().(*compileBuf)
	return &compiler{sch: sch, instrs: b.instrs[:0], labels: b.labels[:0], buf: b}
}

// compileBuf holds a compiler's scratch buffers between compilations.
type compileBuf struct {
	instrs []vm.Instr
	labels []int
}

var compileBufPool = sync.Pool{New: func() any {
	return &compileBuf{instrs: make([]vm.Instr, 0, 64), labels: make([]int, 0, 16)}
}}

// maxPooledInstrs bounds the buffers kept: one huge statement should not
// pin its program's worth of memory for good.
const maxPooledInstrs = 4096

// release returns the compiler's buffers to the pool; the compiler must not
// be used afterwards. Programs from finish own their instructions, so they
// stay valid.
func (c *compiler) release() {
	b := c.buf
	if b == nil {
		return
	}
	instrs, labels := c.instrs, c.labels // grown by emit and newLabel
	c.buf, c.instrs, c.labels = nil, nil, nil
	if cap(instrs) > maxPooledInstrs {
		return
	}
	// Drop P4 references (tree specs, constants). Past len the buffer is
	// clear already: fresh, cleared here before, or where code cut the
	// program back (fireOne).
	clear(instrs)
	b.instrs, b.labels = instrs[:0], labels[:0]
	compileBufPool.Put(b)
}

// emit appends an instruction and returns its address.
func (c *compiler) emit(op vm.Opcode, p1, p2, p3 int, p4 any, comment string) int {
	c.instrs = append(c.instrs, vm.Instr{Op: op, P1: p1, P2: p2, P3: p3, P4: p4, Comment: comment})
	return len(c.instrs) - 1
}

func (c *compiler) addr() int { return len(c.instrs) }

// newLabel returns a label to use as a jump target before it is placed.
func (c *compiler) newLabel() int {
	c.labels = append(c.labels, -1)
	return -len(c.labels)
}

// place binds label l to the next instruction's address.
func (c *compiler) place(l int) { c.labels[-l-1] = len(c.instrs) }

func (c *compiler) reg() int {
	c.nregs++
	return c.nregs
}

// regs allocates n consecutive registers and returns the first.
func (c *compiler) regs(n int) int {
	first := c.nregs + 1
	c.nregs += n
	return first
}

func (c *compiler) cursor() int {
	c.ncurs++
	return c.ncurs - 1
}

// finish resolves labels and returns the program (C1: every jump lands on
// an instruction of the program).
func (c *compiler) finish(cols []string) (*vm.Program, error) {
	c.flushAutoIncs() // autoinc.go
	body := len(c.instrs)
	if err := c.placePrologue(); err != nil { // constreg.go
		return nil, err
	}
	if err := c.checkConstRegs(body); err != nil {
		return nil, err
	}
	for i := range c.instrs {
		in := &c.instrs[i]
		if in.P2 < 0 && isJump(in.Op) {
			target := c.labels[-in.P2-1]
			if target < 0 {
				return nil, fmt.Errorf("sql: internal error: label %d not placed (pc %d %s)", in.P2, i, in.Op)
			}
			in.P2 = target
		}
	}
	// The program gets its own exact copy: c.instrs goes back to the pool.
	instrs := make([]vm.Instr, len(c.instrs))
	copy(instrs, c.instrs)
	return &vm.Program{Instrs: instrs, NumRegs: c.nregs, NumCursors: c.ncurs,
		NumAggs: c.naggs, NumParams: c.nparams, ResultCols: cols, Writes: c.writes}, nil
}

func isJump(op vm.Opcode) bool {
	switch op {
	case vm.OpInit, vm.OpGoto, vm.OpRewind, vm.OpLast, vm.OpNext, vm.OpPrev, vm.OpSeekRowid,
		vm.OpNotExists, vm.OpSeekGE, vm.OpSeekGT, vm.OpSeekLE, vm.OpSeekLT, vm.OpIdxGE,
		vm.OpIdxGT, vm.OpIdxLE, vm.OpIdxLT, vm.OpFound, vm.OpNotFound, vm.OpIf, vm.OpIfNot,
		vm.OpIsNull, vm.OpNotNull, vm.OpIfPos, vm.OpDecrJumpZero, vm.OpAggNext, vm.OpGosub,
		vm.OpOnce, vm.OpEqJump, vm.OpNeJump, vm.OpLtJump, vm.OpLeJump, vm.OpGtJump, vm.OpGeJump:
		return true
	}
	return false
}

// compileQuery compiles a SELECT (or compound) whose rows are the result.
func (c *compiler) compileQuery(q ast.ResultSetNode) (*vm.Program, *resultInfo, error) {
	c.emit(vm.OpInit, 0, 1, 0, nil, "")
	info, err := c.query(nil, q, &sink{row: func(first, n int) error {
		c.displayDecimals(q, first, n) // displaydec.go
		c.emit(vm.OpResultRow, first, n, 0, nil, "")
		return nil
	}})
	if err != nil {
		return nil, nil, err
	}
	c.emit(vm.OpHalt, 0, 0, 0, nil, "")
	prog, err := c.finish(info.names)
	return prog, info, err
}
