package sql

import (
	"strings"

	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/walrusdb/walrus/vm"
)

// outputPlan turns each row of a SELECT's loop (or each group) into a
// result: HAVING, DISTINCT, ORDER BY through an ephemeral sorter, OFFSET
// and LIMIT, then the sink.
type outputPlan struct {
	sc       *scope
	fields   []outField
	orderBy  []*ast.ByItem
	distinct bool
	having   ast.ExprNode // HAVING of a query without aggregates
	lim      limit
	sk       *sink
	end      int

	nk      int // number of sort keys
	blk     int // sort keys at blk, sequence at blk+nk, outputs after
	out     int
	sorter  int
	dist    int
	keyOut  []int // sort key i is output keyOut[i], or -1
	keyExpr []ast.ExprNode

	// win, when set, takes each candidate row into its window buffer
	// until its output phase (window.go).
	win *windowPlan
}

func (o *outputPlan) prepare(c *compiler) error {
	n := len(o.fields)
	o.nk = len(o.orderBy)
	o.blk = c.regs(o.nk + 1 + n)
	o.out = o.blk + o.nk + 1
	o.sorter, o.dist = -1, -1
	if o.nk > 0 {
		desc := make([]bool, o.nk)
		for i, item := range o.orderBy {
			desc[i] = item.Desc
			o.keyOut = append(o.keyOut, -1)
			o.keyExpr = append(o.keyExpr, item.Expr)
			switch e := unparen(item.Expr).(type) {
			case *ast.PositionExpr:
				if e.P != nil || e.N < 1 || e.N > n {
					return errorf(CodeNoSuchColumn, "unknown column '%d' in 'order clause'", e.N)
				}
				o.keyOut[i] = e.N - 1
			case *ast.ColumnNameExpr:
				if e.Name.Table.L == "" {
					for j, f := range o.fields {
						if f.alias == e.Name.Name.L {
							o.keyOut[i] = j
							break
						}
					}
				}
			}
		}
		o.sorter = c.cursor()
		c.emit(vm.OpOpenEphemeral, o.sorter, o.nk+1, 0, &vm.TreeSpec{Name: "sorter", Desc: desc}, "ORDER BY")
	}
	if o.distinct {
		o.dist = c.cursor()
		c.emit(vm.OpOpenEphemeral, o.dist, 0, 0, &vm.TreeSpec{Name: "distinct"}, "DISTINCT")
	}
	return nil
}

// aliasExpr returns the select-list expression named name, for HAVING and
// ORDER BY names that are not columns.
func (o *outputPlan) aliasExpr(name string) ast.ExprNode {
	for _, f := range o.fields {
		if f.expr != nil && f.alias == strings.ToLower(name) {
			return f.expr
		}
	}
	return nil
}

// row emits the code for one candidate row.
func (o *outputPlan) row(c *compiler) error {
	n := len(o.fields)
	skip := c.newLabel()
	if o.having != nil {
		if err := c.test(o.sc, o.substAliases(o.having), skip); err != nil {
			return err
		}
	}
	if o.win != nil && !o.win.output {
		if err := o.win.feed(c, o); err != nil {
			return err
		}
		c.place(skip)
		return nil
	}
	for i, f := range o.fields {
		if f.gen != nil {
			f.gen(o.out + i)
			continue
		}
		if err := c.exprTo(o.sc, f.expr, o.out+i); err != nil {
			return err
		}
	}
	if o.dist >= 0 {
		c.emit(vm.OpFound, o.dist, skip, o.out, n, "duplicate")
		c.emit(vm.OpIdxInsert, o.dist, o.out, n, nil, "")
	}
	if o.sorter >= 0 {
		for i := 0; i < o.nk; i++ {
			key := o.substAliases(o.keyExpr[i])
			if o.keyOut[i] >= 0 {
				c.emit(vm.OpCopy, o.out+o.keyOut[i], o.blk+i, 0, nil, "sort key")
				key = o.fields[o.keyOut[i]].expr
			} else if err := c.exprTo(o.sc, key, o.blk+i); err != nil {
				return err
			}
			if key != nil && c.enumSortKey(o.sc, key) { // enum.go
				c.sortOrdinal(o.blk + i)
			}
		}
		c.emit(vm.OpSequence, o.sorter, o.blk+o.nk, 0, nil, "")
		c.emit(vm.OpIdxInsert, o.sorter, o.blk, o.nk+1+n, nil, "to sorter")
	} else if err := o.final(c); err != nil {
		return err
	}
	c.place(skip)
	return nil
}

// substAliases replaces an unqualified name that is no column of the
// query but a select-list alias by the aliased expression.
func (o *outputPlan) substAliases(e ast.ExprNode) ast.ExprNode {
	if cn, ok := unparen(e).(*ast.ColumnNameExpr); ok && cn.Name.Table.L == "" {
		if _, err := (&compiler{}).lookup(o.sc, cn.Name); err != nil {
			if a := o.aliasExpr(cn.Name.Name.L); a != nil {
				return a
			}
		}
		return e
	}
	v := &aliasRewriter{o: o}
	ne, _ := e.Accept(v)
	return ne.(ast.ExprNode)
}

type aliasRewriter struct{ o *outputPlan }

func (v *aliasRewriter) Enter(n ast.Node) (ast.Node, bool) {
	switch n.(type) {
	case *ast.SubqueryExpr, *ast.AggregateFuncExpr:
		return n, true
	}
	return n, false
}

func (v *aliasRewriter) Leave(n ast.Node) (ast.Node, bool) {
	if cn, ok := n.(*ast.ColumnNameExpr); ok && cn.Name.Table.L == "" {
		if _, err := (&compiler{}).lookup(v.o.sc, cn.Name); err != nil {
			if a := v.o.aliasExpr(cn.Name.Name.L); a != nil {
				return a, true
			}
		}
	}
	return n, true
}

// final applies OFFSET and LIMIT and hands the row to the sink.
func (o *outputPlan) final(c *compiler) error {
	skip := c.newLabel()
	if o.lim.offset != 0 {
		c.emit(vm.OpIfPos, o.lim.offset, skip, 1, nil, "OFFSET")
	}
	if err := o.sk.row(o.out, len(o.fields)); err != nil {
		return err
	}
	if o.lim.count != 0 {
		c.emit(vm.OpDecrJumpZero, o.lim.count, o.end, 0, nil, "LIMIT")
	}
	c.place(skip)
	return nil
}

// flush emits the sorter's output loop (after the main loop).
func (o *outputPlan) flush(c *compiler) error {
	if o.sorter < 0 {
		return nil
	}
	done := c.newLabel()
	c.emit(vm.OpRewind, o.sorter, done, 0, nil, "")
	top := c.addr()
	for i := range o.fields {
		c.emit(vm.OpColumn, o.sorter, o.nk+1+i, o.out+i, nil, "")
	}
	if err := o.final(c); err != nil {
		return err
	}
	c.emit(vm.OpNext, o.sorter, top, 0, nil, "")
	c.place(done)
	return nil
}
