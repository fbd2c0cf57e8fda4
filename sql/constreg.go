package sql

import (
	"math"

	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/pingcap/tidb/pkg/parser/opcode"
	"github.com/pingcap/tidb/pkg/parser/test_driver"
	"github.com/walrusdb/walrus/vm"
)

// Constant factoring (C13 in doc.go). A literal, a constant expression
// of literals that folds without error, or a ? parameter that an operand
// position reads is loaded once, in the program's prologue, into a
// register of its own: OpInit jumps to the prologue at the end of the
// program, which jumps back to address 1 (SQLite's layout). Such a
// register is never written after the prologue: finish checks that.

// constKey identifies a prologue value: equal keys load equal values.
type constKey struct {
	kind  vm.Kind
	bits  uint64 // Int, Uint, Float; the parameter number for params
	s     string // other kinds, by their text (decimals keep their scale)
	param bool
}

func constKeyOf(v vm.Value) constKey {
	switch v.Kind() {
	case vm.KindNull:
		return constKey{}
	case vm.KindInt:
		return constKey{kind: vm.KindInt, bits: uint64(v.AsInt())}
	case vm.KindUint:
		return constKey{kind: vm.KindUint, bits: v.AsUint()}
	case vm.KindFloat:
		return constKey{kind: vm.KindFloat, bits: math.Float64bits(v.AsFloat())}
	}
	return constKey{kind: v.Kind(), s: v.String()}
}

// constReg returns the prologue register holding v.
func (c *compiler) constReg(v vm.Value) int {
	return c.prologueReg(constKeyOf(v), func(r int) vm.Instr {
		switch {
		case v.Kind() == vm.KindInt:
			return vm.Instr{Op: vm.OpInteger, P1: int(v.AsInt()), P2: r}
		case v.IsNull():
			return vm.Instr{Op: vm.OpNull, P2: r}
		}
		return vm.Instr{Op: vm.OpValue, P2: r, P4: v}
	})
}

// paramReg returns the prologue register holding parameter idx: the same
// for the whole execution, loaded again by the next one.
func (c *compiler) paramReg(idx int) int {
	if idx > c.nparams {
		c.nparams = idx
	}
	return c.prologueReg(constKey{param: true, bits: uint64(idx)}, func(r int) vm.Instr {
		return vm.Instr{Op: vm.OpVariable, P1: idx, P2: r}
	})
}

func (c *compiler) prologueReg(k constKey, load func(r int) vm.Instr) int {
	if r, ok := c.constRegs[k]; ok {
		return r
	}
	if c.constRegs == nil {
		c.constRegs = map[constKey]int{}
	}
	r := c.reg()
	c.constRegs[k] = r
	c.prologue = append(c.prologue, load(r))
	return r
}

// operand returns a register holding e's value for an instruction that
// only reads it: a prologue register for a constant or parameter, else a
// new register e is computed into. The caller must not write it.
func (c *compiler) operand(sc *scope, e ast.ExprNode) (int, error) {
	if sc == nil || sc.win == nil || !sc.win.output { // window output reads its own buffer
		if v, ok := foldConst(e); ok {
			return c.constReg(v), nil
		}
		if p, ok := unparen(e).(*test_driver.ParamMarkerExpr); ok {
			return c.paramReg(p.Order + 1), nil
		}
	}
	r := c.reg()
	return r, c.exprTo(sc, e, r)
}

// foldConst evaluates e at compile time when it is a literal, or unary or
// binary arithmetic on such constants that the vm computes without error:
// the value is the one the instructions would give every row. Anything
// else (functions: RAND, NOW, user variables; errors such as overflow,
// which must happen only if the row is reached) is not folded.
func foldConst(e ast.ExprNode) (vm.Value, bool) {
	switch n := e.(type) {
	case *test_driver.ValueExpr:
		v, err := constValue(n)
		return v, err == nil
	case *ast.ParenthesesExpr:
		return foldConst(n.Expr)
	case *ast.UnaryOperationExpr:
		if n.Op != opcode.Minus && n.Op != opcode.Plus {
			return vm.Value{}, false
		}
		v, ok := foldConst(n.V)
		if !ok || n.Op == opcode.Plus {
			return v, ok
		}
		r, err := vm.Neg(v)
		return r, err == nil
	case *ast.BinaryOperationExpr:
		op, ok := binOps[n.Op]
		if !ok {
			return vm.Value{}, false
		}
		a, ok := foldConst(n.L)
		if !ok {
			return vm.Value{}, false
		}
		b, ok := foldConst(n.R)
		if !ok {
			return vm.Value{}, false
		}
		r, arith, err := vm.Arith(op, a, b)
		return r, arith && err == nil
	}
	return vm.Value{}, false
}

// placePrologue appends the prologue to the program (finish): OpInit at
// address 0 jumps to it, and it jumps back to address 1.
func (c *compiler) placePrologue() error {
	if len(c.prologue) == 0 {
		return nil
	}
	if len(c.instrs) == 0 || c.instrs[0].Op != vm.OpInit || c.instrs[0].P2 != 1 {
		return errorf(CodeGeneric, "internal error: a program with constants does not start with Init")
	}
	c.instrs[0].P2 = len(c.instrs)
	c.instrs = append(c.instrs, c.prologue...)
	c.emit(vm.OpGoto, 0, 1, 0, nil, "")
	return nil
}

// checkConstRegs enforces C13: outside the prologue, no instruction
// writes a prologue register (a bad compilation is an internal error).
func (c *compiler) checkConstRegs(prologueStart int) error {
	if len(c.constRegs) == 0 {
		return nil
	}
	isConst := make([]bool, c.nregs+1)
	for _, r := range c.constRegs {
		isConst[r] = true
	}
	for pc, in := range c.instrs[:prologueStart] {
		lo, hi := regsWritten(&in)
		for r := max(lo, 1); r <= hi && r < len(isConst); r++ {
			if isConst[r] {
				return errorf(CodeGeneric, "internal error: pc %d (%s) writes constant register %d", pc, in.Op, r)
			}
		}
	}
	return nil
}

// regsWritten is the range of registers an instruction writes (hi < lo:
// none), from the operand docs in vm/opcodes.go.
func regsWritten(in *vm.Instr) (lo, hi int) {
	switch in.Op {
	case vm.OpInteger, vm.OpValue, vm.OpVariable, vm.OpRowid, vm.OpIdxRowid, vm.OpNewRowid,
		vm.OpNot, vm.OpIsTrue, vm.OpNegative, vm.OpCast, vm.OpBitNot, vm.OpCount, vm.OpSequence:
		return in.P2, in.P2
	case vm.OpNull:
		return in.P2, max(in.P2, in.P3)
	case vm.OpCopy:
		return in.P2, in.P2 + in.P3
	case vm.OpColumn, vm.OpEq, vm.OpNe, vm.OpLt, vm.OpLe, vm.OpGt, vm.OpGe, vm.OpNullEq,
		vm.OpAnd, vm.OpOr, vm.OpXor, vm.OpAdd, vm.OpSubtract, vm.OpMultiply, vm.OpDivide,
		vm.OpIntDiv, vm.OpRemainder, vm.OpFunction, vm.OpAggFinal, vm.OpLike, vm.OpConcat,
		vm.OpBitAnd, vm.OpBitOr, vm.OpBitXor, vm.OpShiftLeft, vm.OpShiftRight, vm.OpCall:
		return in.P3, in.P3
	case vm.OpIfPos, vm.OpDecrJumpZero, vm.OpAddImm, vm.OpMustBeInt, vm.OpGosub:
		return in.P1, in.P1
	case vm.OpAffinity:
		return in.P1, in.P1 + in.P2 - 1
	}
	return 0, -1
}

// readsOnly lists the opcodes that write no register (regsWritten's
// default case), so that a test catches a new opcode left unclassified.
var readsOnly = map[vm.Opcode]bool{
	vm.OpInit: true, vm.OpGoto: true, vm.OpHalt: true, vm.OpResultRow: true, vm.OpOpenRead: true,
	vm.OpOpenWrite: true, vm.OpOpenEphemeral: true, vm.OpClose: true, vm.OpNullRow: true,
	vm.OpRewind: true, vm.OpLast: true, vm.OpNext: true, vm.OpPrev: true, vm.OpSeekRowid: true,
	vm.OpNotExists: true, vm.OpSeekGE: true, vm.OpSeekGT: true, vm.OpSeekLE: true, vm.OpSeekLT: true,
	vm.OpIdxGE: true, vm.OpIdxGT: true, vm.OpIdxLE: true, vm.OpIdxLT: true, vm.OpFound: true,
	vm.OpNotFound: true, vm.OpInsert: true, vm.OpIdxInsert: true, vm.OpDelete: true,
	vm.OpIdxDelete: true, vm.OpIf: true, vm.OpIfNot: true, vm.OpIsNull: true, vm.OpNotNull: true,
	vm.OpAggReset: true, vm.OpAggGroup: true, vm.OpAggStep: true, vm.OpAggSort: true,
	vm.OpAggNext: true, vm.OpReturn: true, vm.OpOnce: true, vm.OpNoop: true, vm.OpHaltIfNull: true,
	vm.OpOpenWindow: true, vm.OpWindow: true, vm.OpProgram: true, vm.OpEqJump: true,
	vm.OpNeJump: true, vm.OpLtJump: true, vm.OpLeJump: true, vm.OpGtJump: true, vm.OpGeJump: true,
}
