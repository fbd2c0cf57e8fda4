package sql

import (
	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/pingcap/tidb/pkg/parser/opcode"
	"github.com/pingcap/tidb/pkg/parser/test_driver"
	"github.com/walrusdb/walrus/vm"
)

// Result types of CASE, IF, IFNULL, COALESCE, GREATEST and LEAST. MySQL
// gives them one type aggregated from their result arguments: any string
// makes a string, else any DOUBLE a DOUBLE, else integers and DECIMALs a
// DECIMAL with the largest scale. walrus values carry their own kind, so
// the compiler works out each argument's class where it can tell it
// statically (literals, columns, casts, simple arithmetic, nested control
// functions) and converts the arguments whose class differs from the
// aggregate. When any argument's class is unknown nothing is converted,
// as before. (CASE WHEN 1 THEN 1 ELSE 2.5 END is 1.0; COALESCE(1, 2.50)
// is 1.00.)

type valClass uint8

const (
	uUnknown valClass = iota
	uNull             // a NULL literal: takes no part
	uInt
	uDecimal
	uDouble
	uString
)

// exprClass is the static class of an expression, with a DECIMAL's scale.
type exprClass struct {
	class valClass
	scale int
}

// classOf returns e's class, uUnknown when it cannot be told without
// running e.
func (c *compiler) classOf(sc *scope, e ast.ExprNode) exprClass {
	switch n := unparen(e).(type) {
	case *test_driver.ValueExpr:
		v, err := constValue(n)
		if err != nil {
			return exprClass{}
		}
		return constClass(v)
	case *ast.ColumnNameExpr:
		r, err := c.lookup(sc, n.Name)
		if err != nil {
			return exprClass{}
		}
		return colTypeClass(r.typ())
	case *ast.FuncCastExpr:
		t, err := vm.ColTypeFromField(n.Tp)
		if err != nil {
			return exprClass{}
		}
		return colTypeClass(t)
	case *ast.UnaryOperationExpr:
		if n.Op == opcode.Minus || n.Op == opcode.Plus {
			if k := c.classOf(sc, n.V); k.class == uInt || k.class == uDecimal || k.class == uDouble {
				return k
			}
		}
	case *ast.BinaryOperationExpr:
		if n.Op != opcode.Plus && n.Op != opcode.Minus && n.Op != opcode.Mul {
			return exprClass{}
		}
		a, b := c.classOf(sc, n.L), c.classOf(sc, n.R)
		switch {
		case a.class == uUnknown || b.class == uUnknown || a.class == uNull || b.class == uNull:
			return exprClass{}
		case a.class == uString || b.class == uString || a.class == uDouble || b.class == uDouble:
			return exprClass{class: uDouble}
		case a.class == uInt && b.class == uInt:
			return exprClass{class: uInt}
		case n.Op == opcode.Mul:
			return exprClass{class: uDecimal, scale: a.scale + b.scale}
		}
		return exprClass{class: uDecimal, scale: max(a.scale, b.scale)}
	case *ast.CaseExpr:
		var args []ast.ExprNode
		for _, w := range n.WhenClauses {
			args = append(args, w.Result)
		}
		if n.ElseClause != nil {
			args = append(args, n.ElseClause)
		}
		k, _ := c.unifyClass(sc, args)
		return k
	case *ast.FuncCallExpr:
		if args := controlResults(n); args != nil {
			k, _ := c.unifyClass(sc, args)
			return k
		}
	}
	return exprClass{}
}

func constClass(v vm.Value) exprClass {
	switch v.Kind() {
	case vm.KindNull:
		return exprClass{class: uNull}
	case vm.KindInt, vm.KindUint:
		return exprClass{class: uInt}
	case vm.KindDecimal:
		return exprClass{class: uDecimal, scale: v.AsDecimal().Scale()}
	case vm.KindFloat:
		return exprClass{class: uDouble}
	case vm.KindText:
		return exprClass{class: uString}
	}
	return exprClass{}
}

func colTypeClass(t vm.ColType) exprClass {
	switch {
	case t.IsInteger():
		return exprClass{class: uInt}
	case t.Base == vm.BaseDecimal:
		return exprClass{class: uDecimal, scale: t.Scale}
	case t.Base == vm.BaseDouble || t.Base == vm.BaseFloat:
		return exprClass{class: uDouble}
	case t.IsString():
		return exprClass{class: uString}
	}
	return exprClass{}
}

// controlResults returns the arguments of a control function call that
// can be its result, nil for other calls.
func controlResults(n *ast.FuncCallExpr) []ast.ExprNode {
	switch n.FnName.L {
	case "if":
		if len(n.Args) == 3 {
			return n.Args[1:]
		}
	case "ifnull", "coalesce", "greatest", "least":
		return n.Args
	}
	return nil
}

// unifyClass aggregates the classes of args and returns each argument's
// class; the classes are nil when one is unknown (nothing is converted).
func (c *compiler) unifyClass(sc *scope, args []ast.ExprNode) (exprClass, []exprClass) {
	classes := make([]exprClass, len(args))
	agg := exprClass{class: uNull}
	for i, a := range args {
		k := c.classOf(sc, a)
		classes[i] = k
		switch {
		case k.class == uUnknown:
			return exprClass{}, nil
		case k.class == uNull:
		case agg.class == uNull:
			agg = k
		case k.class == uString || agg.class == uString:
			agg = exprClass{class: uString}
		case k.class == uDouble || agg.class == uDouble:
			agg = exprClass{class: uDouble}
		case k.class == uDecimal || agg.class == uDecimal:
			agg = exprClass{class: uDecimal, scale: max(agg.scale, k.scale)}
		}
	}
	return agg, classes
}

// resultConv returns, for each of args, the conversion to emit after
// computing it (nil: none), so that all results share MySQL's aggregated
// type.
func (c *compiler) resultConv(sc *scope, args []ast.ExprNode) []*vm.ColType {
	agg, classes := c.unifyClass(sc, args)
	if classes == nil {
		return make([]*vm.ColType, len(args))
	}
	var to vm.ColType
	switch agg.class {
	case uString:
		to = vm.ColType{Base: vm.BaseLongText, Length: -1}
	case uDouble:
		to = vm.ColType{Base: vm.BaseDouble, Length: -1}
	case uDecimal:
		to = vm.ColType{Base: vm.BaseDecimal, Length: -1, Precision: 65, Scale: agg.scale}
	}
	conv := make([]*vm.ColType, len(args))
	for i, k := range classes {
		if k.class != uNull && k != agg && agg.class != uInt {
			conv[i] = &to
		}
	}
	return conv
}

// convert emits the conversion of register r to t (none for nil).
func (c *compiler) convert(t *vm.ColType, r int) {
	if t != nil {
		c.emit(vm.OpCast, r, r, 0, *t, "unify")
	}
}

// extremeConv is the conversion of GREATEST's or LEAST's result: to the
// DECIMAL or DOUBLE its numeric arguments aggregate to (their comparison
// is the function's own; a string aggregate is left alone).
func (c *compiler) extremeConv(sc *scope, args []ast.ExprNode) *vm.ColType {
	for _, t := range c.resultConv(sc, args) {
		if t != nil && (t.Base == vm.BaseDecimal || t.Base == vm.BaseDouble) {
			return t
		}
	}
	return nil
}
