package sql

import (
	"fmt"
	"strings"

	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/pingcap/tidb/pkg/parser/opcode"
	"github.com/pingcap/tidb/pkg/parser/test_driver"
	"github.com/walrusdb/walrus/vm"
)

// constValue converts a literal of the parser into a vm.Value.
func constValue(v *test_driver.ValueExpr) (vm.Value, error) {
	switch v.Kind() {
	case test_driver.KindNull:
		return vm.Null(), nil
	case test_driver.KindInt64:
		return vm.Int(v.GetInt64()), nil
	case test_driver.KindUint64:
		return vm.Uint(v.GetUint64()), nil
	case test_driver.KindFloat32, test_driver.KindFloat64:
		return vm.Float(v.GetFloat64()), nil
	case test_driver.KindString:
		return vm.Text(v.GetString()), nil
	case test_driver.KindBytes:
		return vm.Blob(v.GetBytes()), nil
	case test_driver.KindMysqlDecimal:
		d, err := vm.ParseDecimal(v.GetMysqlDecimal().String())
		if err != nil {
			return vm.Value{}, errorf(CodeRange, "bad decimal literal: %v", err)
		}
		return vm.Dec(d), nil
	case test_driver.KindBinaryLiteral:
		return vm.Blob([]byte(v.GetBinaryLiteral())), nil
	}
	return vm.Value{}, errNotSupported("literal of this kind")
}

func (c *compiler) emitConst(v vm.Value, target int) {
	if v.Kind() == vm.KindInt {
		c.emit(vm.OpInteger, int(v.AsInt()), target, 0, nil, "")
		return
	}
	if v.IsNull() {
		c.emit(vm.OpNull, 0, target, 0, nil, "")
		return
	}
	c.emit(vm.OpValue, 0, target, 0, v, "")
}

var binOps = map[opcode.Op]vm.Opcode{
	opcode.LogicAnd: vm.OpAnd, opcode.LogicOr: vm.OpOr, opcode.LogicXor: vm.OpXor,
	opcode.EQ: vm.OpEq, opcode.NE: vm.OpNe, opcode.LT: vm.OpLt, opcode.LE: vm.OpLe,
	opcode.GT: vm.OpGt, opcode.GE: vm.OpGe, opcode.NullEQ: vm.OpNullEq,
	opcode.Plus: vm.OpAdd, opcode.Minus: vm.OpSubtract, opcode.Mul: vm.OpMultiply,
	opcode.Div: vm.OpDivide, opcode.IntDiv: vm.OpIntDiv, opcode.Mod: vm.OpRemainder,
	opcode.And: vm.OpBitAnd, opcode.Or: vm.OpBitOr, opcode.Xor: vm.OpBitXor,
	opcode.LeftShift: vm.OpShiftLeft, opcode.RightShift: vm.OpShiftRight,
}

// exprTo compiles e so that its value ends up in register target.
func (c *compiler) exprTo(sc *scope, e ast.ExprNode, target int) error {
	if sc != nil && sc.win != nil && sc.win.output && sc.win.readInput(c, e, target) {
		return nil // computed before the window stage, or a window function
	}
	switch n := e.(type) {
	case *test_driver.ValueExpr:
		v, err := constValue(n)
		if err != nil {
			return err
		}
		c.emitConst(v, target)
	case *test_driver.ParamMarkerExpr:
		idx := n.Order + 1
		if idx > c.nparams {
			c.nparams = idx
		}
		c.emit(vm.OpVariable, idx, target, 0, nil, "")
	case *ast.ParenthesesExpr:
		return c.exprTo(sc, n.Expr, target)
	case *ast.ColumnNameExpr:
		return c.columnTo(sc, n.Name, target)
	case *ast.AggregateFuncExpr:
		return c.aggTo(sc, n, target)
	case *ast.WindowFuncExpr:
		return errWindowContext(n)
	case *ast.BinaryOperationExpr:
		if isSubquery(n.R) && isCompareOp(n.Op) {
			return c.compareSubquery(sc, n.L, n.Op, n.R.(*ast.SubqueryExpr), false, true, target)
		}
		op, ok := binOps[n.Op]
		if !ok {
			return errNotSupported("operator " + n.Op.String())
		}
		if row, ok := n.L.(*ast.RowExpr); ok {
			return c.rowCompare(sc, row, n.Op, n.R, target)
		}
		if v, ok := foldConst(n); ok { // constreg.go
			c.emitConst(v, target)
			return nil
		}
		if isArithOp(n.Op) && (c.isTemporal(sc, n.L) || c.isTemporal(sc, n.R)) {
			// temporalOperand converts the operands in place (temporalnum.go).
			l, r := c.reg(), c.reg()
			if err := c.exprTo(sc, n.L, l); err != nil {
				return err
			}
			if err := c.exprTo(sc, n.R, r); err != nil {
				return err
			}
			c.temporalOperand(sc, n.L, l)
			c.temporalOperand(sc, n.R, r)
			c.emit(op, l, r, target, nil, "")
			return nil
		}
		l, err := c.operand(sc, n.L)
		if err != nil {
			return err
		}
		r, err := c.operand(sc, n.R)
		if err != nil {
			return err
		}
		c.emit(op, l, r, target, nil, "")
	case *ast.UnaryOperationExpr:
		if v, ok := foldConst(n); ok { // constreg.go
			c.emitConst(v, target)
			return nil
		}
		r := c.reg()
		if err := c.exprTo(sc, n.V, r); err != nil {
			return err
		}
		switch n.Op {
		case opcode.Minus:
			c.temporalOperand(sc, n.V, r) // temporalnum.go
			c.emit(vm.OpNegative, r, target, 0, nil, "")
		case opcode.Plus:
			c.emit(vm.OpCopy, r, target, 0, nil, "")
		case opcode.Not, opcode.Not2:
			c.emit(vm.OpNot, r, target, 0, nil, "")
		case opcode.BitNeg:
			c.emit(vm.OpBitNot, r, target, 0, nil, "")
		default:
			return errNotSupported("unary operator " + n.Op.String())
		}
	case *ast.IsNullExpr:
		r, err := c.operand(sc, n.Expr)
		if err != nil {
			return err
		}
		yes, no := 1, 0
		if n.Not {
			yes, no = 0, 1
		}
		end := c.newLabel()
		c.emit(vm.OpInteger, yes, target, 0, nil, "")
		c.emit(vm.OpIsNull, r, end, 0, nil, "")
		c.emit(vm.OpInteger, no, target, 0, nil, "")
		c.place(end)
	case *ast.IsTruthExpr:
		r := c.reg()
		if err := c.exprTo(sc, n.Expr, r); err != nil {
			return err
		}
		p3 := 0
		if n.True == 0 {
			p3 = 1
		}
		c.emit(vm.OpIsTrue, r, target, p3, nil, "")
		if n.Not {
			c.emit(vm.OpNot, target, target, 0, nil, "")
		}
	case *ast.BetweenExpr:
		x, lo, hi, err := c.betweenOperands(sc, n)
		if err != nil {
			return err
		}
		ge, le := c.reg(), c.reg()
		c.emit(vm.OpGe, x, lo, ge, nil, "")
		c.emit(vm.OpLe, x, hi, le, nil, "")
		c.emit(vm.OpAnd, ge, le, target, nil, "BETWEEN")
		if n.Not {
			c.emit(vm.OpNot, target, target, 0, nil, "")
		}
	case *ast.PatternInExpr:
		if n.Sel != nil {
			sub, ok := n.Sel.(*ast.SubqueryExpr)
			if !ok {
				return errNotSupported("IN with this operand")
			}
			return c.inSubquery(sc, n.Expr, sub, n.Not, target)
		}
		return c.inList(sc, n, target)
	case *ast.PatternLikeOrIlikeExpr:
		if !n.IsLike {
			return errNotSupported("ILIKE")
		}
		s, err := c.operand(sc, n.Expr)
		if err != nil {
			return err
		}
		p, err := c.operand(sc, n.Pattern)
		if err != nil {
			return err
		}
		esc := ""
		if n.Escape != 0 && n.Escape != '\\' {
			esc = string(rune(n.Escape))
		}
		c.emit(vm.OpLike, s, p, target, esc, "")
		if n.Not {
			c.emit(vm.OpNot, target, target, 0, nil, "")
		}
	case *ast.CaseExpr:
		return c.caseExpr(sc, n, target)
	case *ast.FuncCallExpr:
		return c.funcCall(sc, n, target)
	case *ast.FuncCastExpr:
		t, err := vm.ColTypeFromField(n.Tp)
		if err != nil {
			return &Error{Code: CodeNotSupported, Msg: err.Error(), Err: err}
		}
		r := c.reg()
		if err := c.exprTo(sc, n.Expr, r); err != nil {
			return err
		}
		if t.IsString() {
			c.displayStringArg(n.Expr, r) // displaydec.go
		}
		c.emit(vm.OpCast, r, target, 0, t, "")
	case *ast.SubqueryExpr:
		return c.scalarSubquery(sc, n, target)
	case *ast.ExistsSubqueryExpr:
		sub, ok := n.Sel.(*ast.SubqueryExpr)
		if !ok {
			return errNotSupported("EXISTS operand")
		}
		if err := c.existsSubquery(sc, sub, target); err != nil {
			return err
		}
		if n.Not {
			c.emit(vm.OpNot, target, target, 0, nil, "")
		}
	case *ast.CompareSubqueryExpr:
		sub, ok := n.R.(*ast.SubqueryExpr)
		if !ok {
			return errNotSupported("comparison with this operand")
		}
		return c.compareSubquery(sc, n.L, n.Op, sub, n.All, false, target)
	case *ast.VariableExpr:
		return c.variableTo(n, target) // session.go
	case *ast.DefaultExpr:
		return errNotSupported("DEFAULT here")
	case *ast.TimeUnitExpr, *ast.TrimDirectionExpr:
		c.emitConst(keywordArg(n), target) // funcargs.go
	default:
		return errNotSupported(strings.TrimPrefix(strings.TrimPrefix(typeName(e), "*ast."), "*"))
	}
	return nil
}

func typeName(x any) string {
	return strings.TrimPrefix(strings.TrimPrefix(fmtType(x), "*ast."), "*test_driver.")
}

func isSubquery(e ast.ExprNode) bool {
	_, ok := e.(*ast.SubqueryExpr)
	return ok
}

func isCompareOp(op opcode.Op) bool {
	switch op {
	case opcode.EQ, opcode.NE, opcode.LT, opcode.LE, opcode.GT, opcode.GE, opcode.NullEQ:
		return true
	}
	return false
}

// columnTo loads a column, or its per-group slot in an aggregate output.
func (c *compiler) columnTo(sc *scope, cn *ast.ColumnName, target int) error {
	r, err := c.lookup(sc, cn)
	if err != nil {
		return err
	}
	if w := r.sc.win; w != nil && w.output {
		col, ok := w.cols[colKey{r.src, r.col}]
		if !ok {
			return errNotSupported("column " + cn.Name.O + " in this position of a query with window functions")
		}
		c.emit(vm.OpColumn, w.cursor, col, target, nil, r.name())
		return nil
	}
	if a := r.sc.agg; a != nil && a.output {
		slot, ok := a.cols[colKey{r.src, r.col}]
		if !ok {
			return errNotSupported("column " + cn.Name.O + " in this position of an aggregate query")
		}
		c.emit(vm.OpAggFinal, a.id, slot, target, nil, r.name())
		return nil
	}
	c.emitColumn(r, target)
	return nil
}

func (c *compiler) aggTo(sc *scope, n *ast.AggregateFuncExpr, target int) error {
	for s := sc; s != nil; s = s.parent {
		if s.agg != nil && s.agg.output {
			if slot, ok := s.agg.calls[n]; ok {
				c.emit(vm.OpAggFinal, s.agg.id, slot, target, nil, strings.ToLower(n.F))
				return nil
			}
		}
	}
	return errorf(CodeGeneric, "misuse of aggregate function %s()", strings.ToLower(n.F))
}

// inList compiles x [NOT] IN (e1, e2, ...) with SQL's three-valued result.
func (c *compiler) inList(sc *scope, n *ast.PatternInExpr, target int) error {
	x, err := c.operand(sc, n.Expr)
	if err != nil {
		return err
	}
	sawNull, cmp := c.reg(), c.reg()
	found, end, isNull := c.newLabel(), c.newLabel(), c.newLabel()
	// A list of non-NULL literals (the usual IN list) compares NULL only
	// when x is NULL: test that once instead of after every item, which
	// makes each item one compare-and-jump in a scan's loop.
	literals := literalList(n.List) // condjump.go
	if literals {
		c.emit(vm.OpIsNull, x, isNull, 0, nil, "")
	} else {
		c.emit(vm.OpInteger, 0, sawNull, 0, nil, "")
	}
	for _, e := range n.List {
		item, err := c.operand(sc, e)
		if err != nil {
			return err
		}
		if literals {
			c.cmpJump(vm.OpEq, x, item, found, true, false) // x is not NULL here
			continue
		}
		c.emit(vm.OpEq, x, item, cmp, nil, "")
		c.emit(vm.OpIf, cmp, found, 0, nil, "")
		next := c.newLabel()
		c.emit(vm.OpNotNull, cmp, next, 0, nil, "")
		c.emit(vm.OpInteger, 1, sawNull, 0, nil, "")
		c.place(next)
	}
	if !literals {
		c.emit(vm.OpIf, sawNull, isNull, 0, nil, "")
	}
	c.emit(vm.OpInteger, b2i(n.Not), target, 0, nil, "")
	c.emit(vm.OpGoto, 0, end, 0, nil, "")
	c.place(isNull)
	c.emit(vm.OpNull, 0, target, 0, nil, "")
	c.emit(vm.OpGoto, 0, end, 0, nil, "")
	c.place(found)
	c.emit(vm.OpInteger, b2i(!n.Not), target, 0, nil, "")
	c.place(end)
	return nil
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

func (c *compiler) caseExpr(sc *scope, n *ast.CaseExpr, target int) error {
	end := c.newLabel()
	var val int
	if n.Value != nil {
		var err error
		if val, err = c.operand(sc, n.Value); err != nil {
			return err
		}
	}
	results := make([]ast.ExprNode, 0, len(n.WhenClauses)+1)
	for _, wc := range n.WhenClauses {
		results = append(results, wc.Result)
	}
	if n.ElseClause != nil {
		results = append(results, n.ElseClause)
	}
	conv := c.resultConv(sc, results) // unify.go
	for i, wc := range n.WhenClauses {
		next := c.newLabel()
		if n.Value != nil {
			w, err := c.operand(sc, wc.Expr)
			if err != nil {
				return err
			}
			c.cmpJump(vm.OpEq, val, w, next, false, true) // condjump.go
		} else if err := c.condJump(sc, wc.Expr, next, false, true); err != nil {
			return err
		}
		if err := c.exprTo(sc, wc.Result, target); err != nil {
			return err
		}
		c.convert(conv[i], target)
		c.emit(vm.OpGoto, 0, end, 0, nil, "")
		c.place(next)
	}
	if n.ElseClause != nil {
		if err := c.exprTo(sc, n.ElseClause, target); err != nil {
			return err
		}
		c.convert(conv[len(conv)-1], target)
	} else {
		c.emit(vm.OpNull, 0, target, 0, nil, "")
	}
	c.place(end)
	return nil
}

func (c *compiler) funcCall(sc *scope, n *ast.FuncCallExpr, target int) error {
	name := n.FnName.L
	args := n.Args
	switch name {
	case "coalesce", "ifnull":
		if len(args) == 0 || name == "ifnull" && len(args) != 2 {
			return errorf(CodeMismatch, "incorrect parameter count in the call to native function '%s'", name)
		}
		end := c.newLabel()
		conv := c.resultConv(sc, args) // unify.go
		for i, a := range args {
			if err := c.exprTo(sc, a, target); err != nil {
				return err
			}
			c.convert(conv[i], target)
			if i < len(args)-1 {
				c.emit(vm.OpNotNull, target, end, 0, nil, "")
			}
		}
		c.place(end)
		return nil
	case "if":
		if len(args) != 3 {
			return errorf(CodeMismatch, "incorrect parameter count in the call to native function 'if'")
		}
		els, end := c.newLabel(), c.newLabel()
		if err := c.condJump(sc, args[0], els, false, true); err != nil {
			return err
		}
		conv := c.resultConv(sc, args[1:]) // unify.go
		if err := c.exprTo(sc, args[1], target); err != nil {
			return err
		}
		c.convert(conv[0], target)
		c.emit(vm.OpGoto, 0, end, 0, nil, "")
		c.place(els)
		if err := c.exprTo(sc, args[2], target); err != nil {
			return err
		}
		c.convert(conv[1], target)
		c.place(end)
		return nil
	case "nullif":
		if len(args) != 2 {
			return errorf(CodeMismatch, "incorrect parameter count in the call to native function 'nullif'")
		}
		a, b, t := c.reg(), c.reg(), c.reg()
		if err := c.exprTo(sc, args[0], a); err != nil {
			return err
		}
		if err := c.exprTo(sc, args[1], b); err != nil {
			return err
		}
		end := c.newLabel()
		c.emit(vm.OpCopy, a, target, 0, nil, "")
		c.emit(vm.OpEq, a, b, t, nil, "")
		c.emit(vm.OpIfNot, t, end, 1, nil, "")
		c.emit(vm.OpNull, 0, target, 0, nil, "")
		c.place(end)
		return nil
	}
	if ok, err := c.specialFunc(sc, n, target); ok { // funcargs.go
		return err
	}
	def, ok := vm.LookupFunc(name)
	if !ok {
		return errorf(CodeGeneric, "no such function: %s", n.FnName.O)
	}
	if err := def.CheckArgs(len(args)); err != nil {
		return &Error{Code: CodeMismatch, Msg: strings.TrimPrefix(err.Error(), "vm: "), Err: err}
	}
	first := c.regs(len(args))
	for i, a := range args {
		if err := c.exprTo(sc, a, first+i); err != nil {
			return err
		}
		if name == "concat" || name == "concat_ws" {
			c.displayStringArg(a, first+i) // displaydec.go
		}
	}
	c.emit(vm.OpFunction, first, len(args), target, def, "")
	if name == "greatest" || name == "least" {
		c.convert(c.extremeConv(sc, args), target) // unify.go
	}
	return nil
}

// rowCompare compiles (a, b, ...) op (x, y, ...) for = and <>.
func (c *compiler) rowCompare(sc *scope, l *ast.RowExpr, op opcode.Op, r ast.ExprNode, target int) error {
	rr, ok := r.(*ast.RowExpr)
	if !ok || len(rr.Values) != len(l.Values) || (op != opcode.EQ && op != opcode.NE) {
		return errNotSupported("row comparison of this form")
	}
	a, b, t := c.reg(), c.reg(), c.reg()
	c.emit(vm.OpInteger, 1, target, 0, nil, "")
	for i := range l.Values {
		if err := c.exprTo(sc, l.Values[i], a); err != nil {
			return err
		}
		if err := c.exprTo(sc, rr.Values[i], b); err != nil {
			return err
		}
		c.emit(vm.OpEq, a, b, t, nil, "")
		c.emit(vm.OpAnd, target, t, target, nil, "")
	}
	if op == opcode.NE {
		c.emit(vm.OpNot, target, target, 0, nil, "")
	}
	return nil
}

func fmtType(x any) string { return fmt.Sprintf("%T", x) }
