package sql

import (
	"strings"

	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/pingcap/tidb/pkg/parser/test_driver"
	"github.com/walrusdb/walrus/vm"
)

// aggregate compiles a grouped (or aggregate) SELECT: the loop feeds each
// row to its group's accumulators (AggGroup, AggStep), then the groups are
// walked in key order and each one goes through the output plan with
// columns and aggregate calls read from the accumulators (AggFinal). A bare
// column outside an aggregate reads the group's first value (any_value).
func (c *compiler) aggregate(sc *scope, s *ast.SelectStmt, levels []*level, fields []outField,
	having ast.ExprNode, orderBy []*ast.ByItem, out *outputPlan) error {
	a := &aggState{id: c.naggs, calls: map[*ast.AggregateFuncExpr]int{}, cols: map[colKey]int{}}
	c.naggs++
	sc.agg = a
	defer func() { sc.agg = nil }()

	col := &aggCollector{c: c, sc: sc, a: a}
	for _, f := range fields {
		f.expr.Accept(col)
	}
	if having != nil {
		having = out.substAliases(having)
		having.Accept(col)
	}
	for i, item := range orderBy {
		if out.keyOut[i] < 0 {
			out.keyExpr[i] = out.substAliases(item.Expr)
			out.keyExpr[i].Accept(col)
		}
	}
	if col.err != nil {
		return col.err
	}
	spec := &vm.AggSpec{}
	c.emit(vm.OpAggReset, a.id, 0, 0, spec, "")

	var groups []ast.ExprNode
	if s.GroupBy != nil {
		for _, item := range s.GroupBy.Items {
			e := item.Expr
			switch x := unparen(e).(type) {
			case *ast.PositionExpr:
				if x.N < 1 || x.N > len(fields) {
					return errorf(CodeNoSuchColumn, "unknown column '%d' in 'group statement'", x.N)
				}
				e = fields[x.N-1].expr
			case *ast.ColumnNameExpr:
				if x.Name.Table.L == "" {
					if _, err := c.lookup(sc, x.Name); err != nil {
						if ae := out.aliasExpr(x.Name.Name.L); ae != nil {
							e = ae
						}
					}
				}
			}
			if hasAggregate(e) {
				return errorf(CodeGeneric, "can't group on an aggregate")
			}
			groups = append(groups, e)
		}
	}

	err := c.loopNest(sc, levels, 0, func() error {
		gk := c.regs(len(groups) + 1)
		for i, g := range groups {
			if err := c.exprTo(sc, g, gk+i); err != nil {
				return err
			}
		}
		c.emit(vm.OpAggGroup, a.id, gk, len(groups), nil, "")
		for _, call := range col.calls {
			slot := a.calls[call]
			_, args, err := aggCall(call)
			if err != nil {
				return err
			}
			if strings.EqualFold(call.F, ast.AggFuncCount) && len(args) == 1 && isStar(args[0]) {
				args = nil
			}
			first := c.regs(len(args) + 1)
			for i, arg := range args {
				if err := c.exprTo(sc, arg, first+i); err != nil {
					return err
				}
			}
			c.emit(vm.OpAggStep, a.id, first, slot, len(args), strings.ToLower(call.F))
		}
		for _, k := range col.colOrder {
			r := c.reg()
			c.emitColumn(colRef{sc, k.src, k.col}, r)
			c.emit(vm.OpAggStep, a.id, r, a.cols[k], 1, "any_value")
		}
		return nil
	})
	if err != nil {
		return err
	}
	spec.Funcs = a.funcs
	done := c.newLabel()
	c.emit(vm.OpAggSort, a.id, b2i(s.GroupBy == nil), 0, nil, "")
	top := c.addr()
	c.emit(vm.OpAggNext, a.id, done, 0, nil, "")
	a.output = true
	if having != nil {
		if err := c.test(sc, having, top); err != nil {
			return err
		}
	}
	if err := out.row(c); err != nil {
		return err
	}
	c.emit(vm.OpGoto, 0, top, 0, nil, "")
	c.place(done)
	return nil
}

// isStar reports whether a COUNT argument is the parser's stand-in for *.
func isStar(e ast.ExprNode) bool {
	_, ok := e.(*ast.ColumnNameExpr)
	return !ok && !hasAggregate(e) && isConstOne(e)
}

func isConstOne(e ast.ExprNode) bool {
	v, ok := e.(ast.ValueExpr)
	if !ok {
		return false
	}
	i, ok := v.GetValue().(int64)
	return ok && i == 1
}

// aggCollector gives every aggregate call and every bare column of the
// output expressions an accumulator slot.
type aggCollector struct {
	c        *compiler
	sc       *scope
	a        *aggState
	calls    []*ast.AggregateFuncExpr
	colOrder []colKey
	err      error
}

func (v *aggCollector) Enter(n ast.Node) (ast.Node, bool) {
	switch x := n.(type) {
	case *ast.AggregateFuncExpr:
		if _, ok := v.a.calls[x]; !ok {
			name, _, err := aggCall(x)
			if err != nil {
				v.err = err
				return n, true
			}
			v.a.calls[x] = v.a.slotFor(vm.AggFunc{Name: name, Distinct: x.Distinct})
			v.calls = append(v.calls, x)
		}
		return n, true
	case *ast.SubqueryExpr:
		return n, true
	case *ast.ColumnNameExpr:
		r, err := v.c.lookup(v.sc, x.Name)
		if err != nil || r.sc != v.sc {
			return n, true
		}
		k := colKey{r.src, r.col}
		if _, ok := v.a.cols[k]; !ok {
			v.a.cols[k] = v.a.slotFor(vm.AggFunc{Name: "any_value"})
			v.colOrder = append(v.colOrder, k)
		}
	}
	return n, false
}

func (v *aggCollector) Leave(n ast.Node) (ast.Node, bool) { return n, true }

// aggCall returns the accumulator name of an aggregate call and the
// expressions each row feeds it. GROUP_CONCAT's parsed form carries its
// SEPARATOR as the last argument and its ORDER BY apart: the separator
// goes into the name, the ORDER BY keys follow the values (vm agg.go).
func aggCall(x *ast.AggregateFuncExpr) (string, []ast.ExprNode, error) {
	name := strings.ToLower(x.F)
	if name != ast.AggFuncGroupConcat || len(x.Args) < 2 {
		return name, x.Args, nil
	}
	sepExpr, ok := x.Args[len(x.Args)-1].(*test_driver.ValueExpr)
	if !ok {
		return "", nil, errNotSupported("GROUP_CONCAT separator that is not a constant")
	}
	sep, err := constValue(sepExpr)
	if err != nil {
		return "", nil, err
	}
	args := x.Args[:len(x.Args)-1]
	if x.Order == nil || len(x.Order.Items) == 0 {
		return vm.GroupConcatName(sep.AsString()), args, nil
	}
	desc := make([]bool, len(x.Order.Items))
	all := append([]ast.ExprNode(nil), args...)
	for i, item := range x.Order.Items {
		if p, ok := unparen(item.Expr).(*ast.PositionExpr); ok {
			if p.N < 1 || p.N > len(args) {
				return "", nil, errorf(CodeNoSuchColumn, "unknown column '%d' in 'order clause'", p.N)
			}
			all = append(all, args[p.N-1])
		} else {
			all = append(all, item.Expr)
		}
		desc[i] = item.Desc
	}
	return vm.GroupConcatOrderedName(sep.AsString(), desc), all, nil
}
