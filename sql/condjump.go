package sql

import (
	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/pingcap/tidb/pkg/parser/opcode"
	"github.com/pingcap/tidb/pkg/parser/test_driver"
	"github.com/walrusdb/walrus/vm"
)

// condJump compiles a condition as jumps (SQLite's exprIfTrue/exprIfFalse,
// C14 in doc.go): it jumps to dest when e is true (jumpTrue) or false
// (!jumpTrue), and also when e is NULL if nullJumps; otherwise it falls
// through. AND and OR stop at the first operand that decides them, as
// MySQL does, so a row costs only the terms it reaches; NOT swaps the
// sense, BETWEEN and IN lists of literals compare without building their
// three-valued result.
func (c *compiler) condJump(sc *scope, e ast.ExprNode, dest int, jumpTrue, nullJumps bool) error {
	if sc != nil && sc.win != nil && sc.win.output {
		return c.valueJump(sc, e, dest, jumpTrue, nullJumps) // may read the window buffer
	}
	switch n := e.(type) {
	case *ast.ParenthesesExpr:
		return c.condJump(sc, n.Expr, dest, jumpTrue, nullJumps)
	case *ast.UnaryOperationExpr:
		if n.Op == opcode.Not || n.Op == opcode.Not2 {
			return c.condJump(sc, n.V, dest, !jumpTrue, nullJumps)
		}
	case *ast.BinaryOperationExpr:
		switch n.Op {
		case opcode.LogicAnd, opcode.LogicOr:
			l, r := n.L, n.R
			return c.andOrJump(n.Op == opcode.LogicAnd, dest, jumpTrue, nullJumps,
				func(d int, t, nj bool) error { return c.condJump(sc, l, d, t, nj) },
				func(d int, t, nj bool) error { return c.condJump(sc, r, d, t, nj) })
		case opcode.EQ, opcode.NE, opcode.LT, opcode.LE, opcode.GT, opcode.GE:
			if _, row := n.L.(*ast.RowExpr); row || isSubquery(n.R) {
				break // exprTo's row and subquery comparisons
			}
			l, err := c.operand(sc, n.L)
			if err != nil {
				return err
			}
			r, err := c.operand(sc, n.R)
			if err != nil {
				return err
			}
			c.cmpJump(binOps[n.Op], l, r, dest, jumpTrue, nullJumps)
			return nil
		}
	case *ast.IsNullExpr:
		r, err := c.operand(sc, n.Expr)
		if err != nil {
			return err
		}
		op := vm.OpNotNull // jump when IS NULL is false (IS NOT NULL true)
		if n.Not != jumpTrue {
			op = vm.OpIsNull
		}
		c.emit(op, r, dest, 0, nil, "")
		return nil
	case *ast.BetweenExpr:
		return c.betweenJump(sc, n, dest, jumpTrue, nullJumps)
	case *ast.PatternInExpr:
		if n.Sel == nil && literalList(n.List) {
			return c.inListJump(sc, n, dest, jumpTrue != n.Not, nullJumps)
		}
	}
	return c.valueJump(sc, e, dest, jumpTrue, nullJumps)
}

// valueJump computes e and tests its truth.
func (c *compiler) valueJump(sc *scope, e ast.ExprNode, dest int, jumpTrue, nullJumps bool) error {
	r, err := c.operand(sc, e)
	if err != nil {
		return err
	}
	op := vm.OpIfNot
	if jumpTrue {
		op = vm.OpIf
	}
	c.emit(op, r, dest, b2i(nullJumps), nil, "")
	return nil
}

// andOrJump combines two condition jumps l and r into AND (and) or OR
// with three-valued logic: the operand that cannot decide alone jumps
// past the other with the opposite NULL sense.
func (c *compiler) andOrJump(and bool, dest int, jumpTrue, nullJumps bool, l, r func(dest int, jumpTrue, nullJumps bool) error) error {
	if and != jumpTrue {
		// AND jumping on false, OR jumping on true: either operand decides.
		if err := l(dest, jumpTrue, nullJumps); err != nil {
			return err
		}
		return r(dest, jumpTrue, nullJumps)
	}
	// AND jumping on true (OR on false): a false (true) left side skips the
	// right one; a NULL left side leaves the right one to decide between
	// NULL and false (true), so it skips only when NULL must not jump.
	skip := c.newLabel()
	if err := l(skip, !jumpTrue, !nullJumps); err != nil {
		return err
	}
	if err := r(dest, jumpTrue, nullJumps); err != nil {
		return err
	}
	c.place(skip)
	return nil
}

// cmpJump compares registers a and b with op (OpEq..OpGe) and jumps as
// condJump does, in one instruction: jumping when the comparison is false
// is jumping when the opposite comparison holds (NULLs aside, which P5
// decides).
func (c *compiler) cmpJump(op vm.Opcode, a, b, dest int, jumpTrue, nullJumps bool) {
	if !jumpTrue {
		op = negatedCmp[op]
	}
	c.emit(cmpJumpOp[op], a, dest, b, nil, "")
	if nullJumps {
		c.instrs[len(c.instrs)-1].P5 = 1
	}
}

var cmpJumpOp = map[vm.Opcode]vm.Opcode{vm.OpEq: vm.OpEqJump, vm.OpNe: vm.OpNeJump,
	vm.OpLt: vm.OpLtJump, vm.OpLe: vm.OpLeJump, vm.OpGt: vm.OpGtJump, vm.OpGe: vm.OpGeJump}

var negatedCmp = map[vm.Opcode]vm.Opcode{vm.OpEq: vm.OpNe, vm.OpNe: vm.OpEq,
	vm.OpLt: vm.OpGe, vm.OpGe: vm.OpLt, vm.OpLe: vm.OpGt, vm.OpGt: vm.OpLe}

// betweenJump: x BETWEEN lo AND hi is x >= lo AND x <= hi, NOT BETWEEN is
// x < lo OR x > hi (the same comparisons exprTo makes, x evaluated once).
func (c *compiler) betweenJump(sc *scope, n *ast.BetweenExpr, dest int, jumpTrue, nullJumps bool) error {
	x, lo, hi, err := c.betweenOperands(sc, n)
	if err != nil {
		return err
	}
	opLo, opHi := vm.OpGe, vm.OpLe
	if n.Not {
		opLo, opHi = vm.OpLt, vm.OpGt
	}
	return c.andOrJump(!n.Not, dest, jumpTrue, nullJumps,
		func(d int, t, nj bool) error { c.cmpJump(opLo, x, lo, d, t, nj); return nil },
		func(d int, t, nj bool) error { c.cmpJump(opHi, x, hi, d, t, nj); return nil })
}

// betweenOperands evaluates x, lo and hi of x BETWEEN lo AND hi, in that
// order, into registers.
func (c *compiler) betweenOperands(sc *scope, n *ast.BetweenExpr) (x, lo, hi int, err error) {
	if x, err = c.operand(sc, n.Expr); err != nil {
		return
	}
	if lo, err = c.operand(sc, n.Left); err != nil {
		return
	}
	hi, err = c.operand(sc, n.Right)
	return
}

// literalList reports whether every item is a non-NULL literal: then
// x IN (...) is NULL only when x is.
func literalList(list []ast.ExprNode) bool {
	for _, e := range list {
		if v, ok := e.(*test_driver.ValueExpr); !ok || v.Kind() == test_driver.KindNull {
			return false
		}
	}
	return true
}

// inListJump compiles x IN (literals) as a jump: to dest when x matches an
// item (inTrue) or matches none (!inTrue); a NULL x is NULL.
func (c *compiler) inListJump(sc *scope, n *ast.PatternInExpr, dest int, inTrue, nullJumps bool) error {
	x, err := c.operand(sc, n.Expr)
	if err != nil {
		return err
	}
	found, end := dest, c.newLabel()
	if !inTrue {
		found = end
	}
	if nullJumps {
		c.emit(vm.OpIsNull, x, dest, 0, nil, "")
	} else {
		c.emit(vm.OpIsNull, x, end, 0, nil, "")
	}
	for _, e := range n.List {
		item, err := c.operand(sc, e)
		if err != nil {
			return err
		}
		c.cmpJump(vm.OpEq, x, item, found, true, false) // x is not NULL
	}
	if !inTrue {
		c.emit(vm.OpGoto, 0, dest, 0, nil, "")
	}
	c.place(end)
	return nil
}
