package sql

import (
	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/pingcap/tidb/pkg/parser/opcode"
	"github.com/pingcap/tidb/pkg/parser/test_driver"
	"github.com/walrusdb/walrus/vm"
)

// Display decimals of DOUBLE results. MySQL's PI() is a DOUBLE whose
// metadata says 6 decimals, and the server prints such a DOUBLE with that
// many digits while arithmetic keeps the full value: PI() is 3.141593,
// PI()*100000 is 314159.265359, PI()*0 is 0.000000. The decimals carry
// through + - * (the larger of the operands'), / (that plus
// div_precision_increment, 4) and unary minus and ABS. walrus applies
// them where a top-level SELECT's row leaves for the client (compile.go)
// and to the arguments of CAST AS CHAR and CONCAT (expr.go), for the
// expressions whose decimals it can work out from literals, PI() and that
// arithmetic; other expressions print as before.

// divPrecisionIncrement is MySQL's div_precision_increment default.
const divPrecisionIncrement = 4

// notFixedDec is MySQL's NOT_FIXED_DEC: a DOUBLE printed in full.
const notFixedDec = 31

// fixedDecimals returns e's display decimals when e is a DOUBLE with
// fixed decimals (double true), or an exact number's scale (double
// false); ok is false when unknown.
func fixedDecimals(e ast.ExprNode) (dec int, double, ok bool) {
	switch n := unparen(e).(type) {
	case *test_driver.ValueExpr:
		v, err := constValue(n)
		if err != nil {
			return 0, false, false
		}
		switch v.Kind() {
		case vm.KindInt, vm.KindUint:
			return 0, false, true
		case vm.KindDecimal:
			return v.AsDecimal().Scale(), false, true
		}
	case *ast.FuncCallExpr:
		switch n.FnName.L {
		case "pi":
			return 6, true, len(n.Args) == 0
		case "abs":
			if len(n.Args) == 1 {
				return fixedDecimals(n.Args[0])
			}
		}
	case *ast.UnaryOperationExpr:
		if n.Op == opcode.Minus || n.Op == opcode.Plus {
			return fixedDecimals(n.V)
		}
	case *ast.BinaryOperationExpr:
		if n.Op != opcode.Plus && n.Op != opcode.Minus && n.Op != opcode.Mul && n.Op != opcode.Div {
			return 0, false, false
		}
		dl, fl, okl := fixedDecimals(n.L)
		dr, fr, okr := fixedDecimals(n.R)
		if !okl || !okr || !fl && !fr {
			return 0, false, false // exact arithmetic keeps its own scale
		}
		d := max(dl, dr)
		if n.Op == opcode.Div {
			d += divPrecisionIncrement
		}
		if d >= notFixedDec {
			return 0, false, false
		}
		return d, true, true
	}
	return 0, false, false
}

// displayDecimals emits, for a top-level SELECT's row in registers
// first..first+n-1, the rounding of the DOUBLE items with fixed decimals
// to those decimals (as DECIMAL values, which print every digit).
func (c *compiler) displayDecimals(q ast.ResultSetNode, first, n int) {
	sel, ok := q.(*ast.SelectStmt)
	if !ok || sel.Fields == nil || len(sel.Fields.Fields) != n {
		return
	}
	for i, f := range sel.Fields.Fields {
		if f.WildCard != nil {
			return
		}
		if d, double, ok := fixedDecimals(f.Expr); ok && double {
			c.emit(vm.OpCast, first+i, first+i, 0, vm.ColType{Base: vm.BaseDecimal, Length: -1, Precision: 65, Scale: d}, "display decimals")
		}
	}
}

// displayStringArg emits, for an argument in register r that a string
// context reads (CAST AS CHAR, CONCAT), the rounding of a DOUBLE with
// fixed decimals: MySQL converts such a DOUBLE to text with its decimals
// (CONCAT(PI()) is '3.141593').
func (c *compiler) displayStringArg(e ast.ExprNode, r int) {
	if d, double, ok := fixedDecimals(e); ok && double {
		c.emit(vm.OpCast, r, r, 0, vm.ColType{Base: vm.BaseDecimal, Length: -1, Precision: 65, Scale: d}, "display decimals")
	}
}
