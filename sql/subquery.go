package sql

import (
	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/pingcap/tidb/pkg/parser/opcode"
	"github.com/walrusdb/walrus/vm"
)

// A subquery is compiled inline where its value is needed. An
// uncorrelated one runs once per execution (OpOnce guards it and its
// result stays in its own register); a correlated one reruns each time,
// reading the enclosing query's cursors directly (C6).

// subquery compiles q below sc with sk, guarded by Once unless it turns
// out to be correlated. init runs before q (initialising its results).
func (c *compiler) subquery(sc *scope, q ast.ResultSetNode, init func(), sk *sink) (*resultInfo, error) {
	skip := c.newLabel()
	once := c.emit(vm.OpOnce, 0, skip, 0, nil, "uncorrelated subquery")
	init()
	sub := &scope{parent: sc}
	// The subquery's own SELECT opens a scope below sub; sub only collects
	// the correlated flag from it.
	info, err := c.query(sub, q, sk)
	if err != nil {
		return nil, err
	}
	if sub.correlated {
		c.instrs[once] = vm.Instr{Op: vm.OpNoop, Comment: "correlated subquery"}
	}
	c.place(skip)
	return info, nil
}

func (c *compiler) scalarSubquery(sc *scope, n *ast.SubqueryExpr, target int) error {
	res, seen := c.reg(), c.reg()
	tooMany := c.newLabel()
	after := c.newLabel()
	info, err := c.subquery(sc, n.Query, func() {
		c.emit(vm.OpNull, 0, res, 0, nil, "")
		c.emit(vm.OpInteger, 0, seen, 0, nil, "")
	}, &sink{row: func(first, cols int) error {
		if cols != 1 {
			return errorf(CodeMismatch, "operand should contain 1 column(s)")
		}
		c.emit(vm.OpIf, seen, tooMany, 0, nil, "")
		c.emit(vm.OpInteger, 1, seen, 0, nil, "")
		c.emit(vm.OpCopy, first, res, 0, nil, "")
		return nil
	}})
	if err != nil {
		return err
	}
	_ = info
	c.emit(vm.OpGoto, 0, after, 0, nil, "")
	c.place(tooMany)
	c.emit(vm.OpHalt, 1, 2, 0, "subquery returns more than 1 row", "")
	c.place(after)
	c.emit(vm.OpCopy, res, target, 0, nil, "")
	return nil
}

func (c *compiler) existsSubquery(sc *scope, n *ast.SubqueryExpr, target int) error {
	res := c.reg()
	found := c.newLabel()
	_, err := c.subquery(sc, n.Query, func() {
		c.emit(vm.OpInteger, 0, res, 0, nil, "")
	}, &sink{row: func(first, cols int) error {
		c.emit(vm.OpInteger, 1, res, 0, nil, "")
		c.emit(vm.OpGoto, 0, found, 0, nil, "EXISTS: first row decides")
		return nil
	}})
	if err != nil {
		return err
	}
	c.place(found)
	c.emit(vm.OpCopy, res, target, 0, nil, "")
	return nil
}

// inSubquery compiles x [NOT] IN (SELECT ...) against an ephemeral set of
// the subquery's non-NULL values, remembering whether it produced a NULL.
func (c *compiler) inSubquery(sc *scope, x ast.ExprNode, n *ast.SubqueryExpr, not bool, target int) error {
	set := c.cursor()
	hasNull, count := c.reg(), c.reg()
	_, err := c.subquery(sc, n.Query, func() {
		c.emit(vm.OpOpenEphemeral, set, 0, 0, &vm.TreeSpec{Name: "in-set"}, "IN (SELECT ...)")
		c.emit(vm.OpInteger, 0, hasNull, 0, nil, "")
	}, &sink{row: func(first, cols int) error {
		if cols != 1 {
			return errorf(CodeMismatch, "operand should contain 1 column(s)")
		}
		isNull := c.newLabel()
		next := c.newLabel()
		c.emit(vm.OpIsNull, first, isNull, 0, nil, "")
		c.emit(vm.OpIdxInsert, set, first, 1, nil, "")
		c.emit(vm.OpGoto, 0, next, 0, nil, "")
		c.place(isNull)
		c.emit(vm.OpInteger, 1, hasNull, 0, nil, "")
		c.place(next)
		return nil
	}})
	if err != nil {
		return err
	}
	xr := c.reg()
	if err := c.exprTo(sc, x, xr); err != nil {
		return err
	}
	yes, no, null, end := c.newLabel(), c.newLabel(), c.newLabel(), c.newLabel()
	xNull := c.newLabel()
	c.emit(vm.OpIsNull, xr, xNull, 0, nil, "")
	c.emit(vm.OpFound, set, yes, xr, 1, "")
	c.emit(vm.OpIf, hasNull, null, 0, nil, "")
	c.emit(vm.OpGoto, 0, no, 0, nil, "")
	c.place(xNull)
	// NULL IN (empty set) is false; otherwise NULL.
	c.emit(vm.OpCount, set, count, 0, nil, "")
	c.emit(vm.OpIf, count, null, 0, nil, "")
	c.emit(vm.OpIf, hasNull, null, 0, nil, "")
	c.place(no)
	c.emit(vm.OpInteger, b2i(not), target, 0, nil, "")
	c.emit(vm.OpGoto, 0, end, 0, nil, "")
	c.place(null)
	c.emit(vm.OpNull, 0, target, 0, nil, "")
	c.emit(vm.OpGoto, 0, end, 0, nil, "")
	c.place(yes)
	c.emit(vm.OpInteger, b2i(!not), target, 0, nil, "")
	c.place(end)
	return nil
}

var cmpOps = map[opcode.Op]vm.Opcode{
	opcode.EQ: vm.OpEq, opcode.NE: vm.OpNe, opcode.LT: vm.OpLt, opcode.LE: vm.OpLe,
	opcode.GT: vm.OpGt, opcode.GE: vm.OpGe, opcode.NullEQ: vm.OpNullEq,
}

// compareSubquery compiles x op ANY/ALL (SELECT ...), and x op (SELECT
// ...) when scalar is set.
func (c *compiler) compareSubquery(sc *scope, x ast.ExprNode, op opcode.Op, n *ast.SubqueryExpr, all, scalar bool, target int) error {
	if scalar {
		l, r := c.reg(), c.reg()
		if err := c.exprTo(sc, x, l); err != nil {
			return err
		}
		if err := c.scalarSubquery(sc, n, r); err != nil {
			return err
		}
		c.emit(cmpOps[op], l, r, target, nil, "")
		return nil
	}
	cmp, ok := cmpOps[op]
	if !ok {
		return errNotSupported("comparison operator " + op.String())
	}
	xr, sawNull, t := c.reg(), c.reg(), c.reg()
	if err := c.exprTo(sc, x, xr); err != nil {
		return err
	}
	decided := c.newLabel()
	// ANY: false until a true comparison; ALL: true until a false one.
	start := 0
	if all {
		start = 1
	}
	c.emit(vm.OpInteger, start, target, 0, nil, "")
	c.emit(vm.OpInteger, 0, sawNull, 0, nil, "")
	sub := &scope{parent: sc}
	_, err := c.query(sub, n.Query, &sink{row: func(first, cols int) error {
		if cols != 1 {
			return errorf(CodeMismatch, "operand should contain 1 column(s)")
		}
		notNull := c.newLabel()
		next := c.newLabel()
		c.emit(cmp, xr, first, t, nil, "")
		c.emit(vm.OpNotNull, t, notNull, 0, nil, "")
		c.emit(vm.OpInteger, 1, sawNull, 0, nil, "")
		c.emit(vm.OpGoto, 0, next, 0, nil, "")
		c.place(notNull)
		if all {
			c.emit(vm.OpIf, t, next, 0, nil, "")
			c.emit(vm.OpInteger, 0, target, 0, nil, "ALL: a false comparison")
		} else {
			c.emit(vm.OpIfNot, t, next, 0, nil, "")
			c.emit(vm.OpInteger, 1, target, 0, nil, "ANY: a true comparison")
		}
		c.emit(vm.OpGoto, 0, decided, 0, nil, "")
		c.place(next)
		return nil
	}})
	if err != nil {
		return err
	}
	// No deciding row: a NULL comparison makes the result NULL.
	c.emit(vm.OpIfNot, sawNull, decided, 0, nil, "")
	c.emit(vm.OpNull, 0, target, 0, nil, "")
	c.place(decided)
	return nil
}
