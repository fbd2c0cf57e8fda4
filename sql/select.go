package sql

import (
	"strings"

	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/pingcap/tidb/pkg/parser/opcode"
	"github.com/walrusdb/walrus/vm"
)

// sink receives the rows a query produces: row emits the code that
// consumes one row held in registers [first, first+n).
type sink struct {
	row func(first, n int) error
}

// resultInfo describes the columns a query produces.
type resultInfo struct {
	names []string
	types []vm.ColType
	typed []bool
	// nullable[i] is meaningful when nullKnown[i]; both may be shorter than
	// names (then unknown).
	nullable, nullKnown []bool
}

// outField is one result column before compilation.
type outField struct {
	expr  ast.ExprNode
	name  string
	alias string // the AS name (lower case), or a bare column's name
	typ   vm.ColType
	typed bool
	// nullable is meaningful when nullKnown (a plain table column).
	nullable, nullKnown bool
	// gen, when set, emits the value instead of expr.
	gen func(target int)
}

// level is one loop of a join nest.
type level struct {
	src   *source
	left  bool           // LEFT JOIN: null-extend when nothing matches
	on    []ast.ExprNode // ON conjuncts of a LEFT JOIN
	where []ast.ExprNode // conjuncts tested in this loop's body
	// open emits the code that opens (or materialises) the source.
	open func() error
	// seek, when set, is the access path to use (one chosen for ORDER BY).
	seek *seekChoice
}

// query compiles any result-set node (SELECT, UNION ...) to sk.
func (c *compiler) query(parent *scope, node ast.ResultSetNode, sk *sink) (*resultInfo, error) {
	switch n := node.(type) {
	case *ast.SelectStmt:
		if n.Kind == ast.SelectStmtKindValues || n.Kind == ast.SelectStmtKindTable {
			return nil, errNotSupported("VALUES / TABLE statements")
		}
		if n.With != nil {
			var info *resultInfo
			err := c.with(n.With, func() (err error) {
				info, err = c.selectStmt(parent, n, sk)
				return err
			})
			return info, err
		}
		return c.selectStmt(parent, n, sk)
	case *ast.SetOprStmt:
		if n.With != nil {
			body := *n
			body.With = nil
			var info *resultInfo
			err := c.with(n.With, func() (err error) {
				info, err = c.setOpr(parent, &body, sk)
				return err
			})
			return info, err
		}
		return c.setOpr(parent, n, sk)
	case *ast.SubqueryExpr:
		return c.query(parent, n.Query, sk)
	}
	return nil, errNotSupported("query of this kind")
}

func (c *compiler) selectStmt(parent *scope, s *ast.SelectStmt, sk *sink) (*resultInfo, error) {
	sc := &scope{parent: parent}
	var levels []*level
	var terms []ast.ExprNode
	if s.From != nil && s.From.TableRefs != nil {
		var err error
		levels, terms, err = c.fromClause(sc, s.From.TableRefs)
		if err != nil {
			return nil, err
		}
	}
	fields, err := c.expandFields(sc, s.Fields)
	if err != nil {
		return nil, err
	}
	n := len(fields)
	info := &resultInfo{names: make([]string, 0, n), types: make([]vm.ColType, 0, n), typed: make([]bool, 0, n),
		nullable: make([]bool, 0, n), nullKnown: make([]bool, 0, n)}
	for _, f := range fields {
		info.names = append(info.names, f.name)
		info.types = append(info.types, f.typ)
		info.typed = append(info.typed, f.typed)
		info.nullable = append(info.nullable, f.nullable)
		info.nullKnown = append(info.nullKnown, f.nullKnown)
	}
	if s.Where != nil {
		if hasAggregate(s.Where) {
			return nil, errorf(CodeGeneric, "invalid use of group function")
		}
		terms = append(terms, conjuncts(s.Where)...)
	}
	levels = c.placeTerms(sc, levels, terms)

	var orderBy []*ast.ByItem
	if s.OrderBy != nil {
		orderBy = s.OrderBy.Items
	}
	var having ast.ExprNode
	if s.Having != nil {
		having = s.Having.Expr
	}
	win, err := c.planWindows(sc, s, fields, orderBy)
	if err != nil {
		return nil, err
	}
	isAgg := s.GroupBy != nil || having != nil && hasAggregate(having)
	for _, f := range fields {
		if hasAggregate(f.expr) {
			isAgg = true
		}
	}
	for _, o := range orderBy {
		if hasAggregate(o.Expr) {
			isAgg = true
		}
	}

	end := c.newLabel()
	lim, err := c.limitRegs(sc, s.Limit, end)
	if err != nil {
		return nil, err
	}

	// Window functions emit rows in their own order: keep the sorter.
	if !isAgg && win == nil && c.orderAccess(sc, levels, fields, orderBy, s.Limit != nil && s.Limit.Count != nil) {
		orderBy = nil // the outer loop yields the order: no sorter
	}
	out := &outputPlan{sc: sc, fields: fields, orderBy: orderBy, distinct: s.Distinct, lim: lim, sk: sk, end: end}
	if err := out.prepare(c); err != nil {
		return nil, err
	}
	if win != nil {
		win.open(c)
		out.win, sc.win = win, win
	}

	if !isAgg {
		if having != nil {
			out.having = having
		}
		err := c.loopNest(sc, levels, 0, func() error { return out.row(c) })
		if err != nil {
			return nil, err
		}
	} else {
		if err := c.aggregate(sc, s, levels, fields, having, orderBy, out); err != nil {
			return nil, err
		}
	}
	if win != nil {
		if err := win.emitOutput(c, out); err != nil {
			return nil, err
		}
	}
	if err := out.flush(c); err != nil {
		return nil, err
	}
	c.place(end)
	return info, nil
}

// limit holds the registers of LIMIT and OFFSET (0 when absent).
type limit struct {
	count, offset int
}

func (c *compiler) limitRegs(sc *scope, l *ast.Limit, end int) (limit, error) {
	var lim limit
	if l == nil {
		return lim, nil
	}
	if l.Count != nil {
		lim.count = c.reg()
		if err := c.exprTo(sc, l.Count, lim.count); err != nil {
			return lim, err
		}
		c.emit(vm.OpMustBeInt, lim.count, 0, 0, nil, "LIMIT")
		c.emit(vm.OpIfNot, lim.count, end, 0, nil, "LIMIT 0")
	}
	if l.Offset != nil {
		lim.offset = c.reg()
		if err := c.exprTo(sc, l.Offset, lim.offset); err != nil {
			return lim, err
		}
		c.emit(vm.OpMustBeInt, lim.offset, 0, 0, nil, "OFFSET")
	}
	return lim, nil
}

// expandFields resolves * and names the result columns.
func (c *compiler) expandFields(sc *scope, fl *ast.FieldList) ([]outField, error) {
	var out []outField
	for _, f := range fl.Fields {
		if f.WildCard != nil {
			qual := f.WildCard.Table.L
			matched := false
			for _, src := range sc.sources {
				if qual != "" && !strings.EqualFold(src.name, qual) {
					continue
				}
				matched = true
				tbl := ast.NewCIStr(src.name) // once per source, not per column
				for i, name := range src.cols {
					if qual == "" && src.hidden[i] {
						continue
					}
					col := ast.NewCIStr(name)
					e := &ast.ColumnNameExpr{Name: &ast.ColumnName{Table: tbl, Name: col}}
					of := outField{expr: e, name: name, alias: col.L, typ: src.types[i], typed: true}
					of.nullable, of.nullKnown = colRef{sc: sc, src: src, col: i}.nullability()
					out = append(out, of)
				}
			}
			if !matched {
				if qual != "" {
					return nil, errNoSuchTable(f.WildCard.Table.O)
				}
				return nil, errorf(CodeGeneric, "no tables specified")
			}
			continue
		}
		of := outField{expr: f.Expr}
		switch {
		case f.AsName.O != "":
			of.name = f.AsName.O
			of.alias = f.AsName.L
		case isColumn(f.Expr):
			cn := unparen(f.Expr).(*ast.ColumnNameExpr).Name
			of.name = cn.Name.O
			of.alias = cn.Name.L
		default:
			of.name = fieldText(f)
		}
		if cn, ok := unparen(f.Expr).(*ast.ColumnNameExpr); ok {
			if r, err := c.lookup(sc, cn.Name); err == nil {
				of.typ, of.typed = r.typ(), true
				of.nullable, of.nullKnown = r.nullability()
			}
		}
		if t, ok := c.windowType(sc, f.Expr); ok { // window.go
			of.typ, of.typed = t, true
		}
		out = append(out, of)
	}
	return out, nil
}

func fieldText(f *ast.SelectField) string {
	t := strings.TrimSpace(f.Text())
	if t == "" {
		var b strings.Builder
		if err := restoreExpr(f.Expr, &b); err == nil {
			return b.String()
		}
	}
	return t
}

func isColumn(e ast.ExprNode) bool {
	_, ok := unparen(e).(*ast.ColumnNameExpr)
	return ok
}

func unparen(e ast.ExprNode) ast.ExprNode {
	for {
		p, ok := e.(*ast.ParenthesesExpr)
		if !ok {
			return e
		}
		e = p.Expr
	}
}

// conjuncts splits e at its top-level ANDs.
func conjuncts(e ast.ExprNode) []ast.ExprNode {
	e = unparen(e)
	if b, ok := e.(*ast.BinaryOperationExpr); ok && b.Op == opcode.LogicAnd {
		return append(conjuncts(b.L), conjuncts(b.R)...)
	}
	return []ast.ExprNode{e}
}

// deps returns the set of this scope's sources (by position) an
// expression uses; all is set when it holds a subquery or an unresolvable
// name (it is then tested in the innermost loop).
func (c *compiler) deps(sc *scope, e ast.ExprNode) (set uint64, all bool) {
	v := &depVisitor{c: c, sc: sc}
	e.Accept(v)
	return v.set, v.sub
}

type depVisitor struct {
	c   *compiler
	sc  *scope
	set uint64
	sub bool
}

func (v *depVisitor) Enter(n ast.Node) (ast.Node, bool) {
	switch x := n.(type) {
	case *ast.SubqueryExpr:
		v.sub = true
		return n, true
	case *ast.ColumnNameExpr:
		r, err := v.c.lookup(v.sc, x.Name)
		if err != nil {
			v.sub = true // let the error surface where the term is compiled
			return n, true
		}
		if r.sc == v.sc {
			for i, s := range v.sc.sources {
				if s == r.src {
					if i >= 64 {
						v.sub = true
					} else {
						v.set |= 1 << uint(i)
					}
				}
			}
		}
	}
	return n, false
}

func (v *depVisitor) Leave(n ast.Node) (ast.Node, bool) { return n, true }

// hasAggregate reports whether e holds an aggregate call outside
// subqueries.
func hasAggregate(e ast.ExprNode) bool {
	if e == nil {
		return false
	}
	v := &aggFinder{}
	e.Accept(v)
	return v.found
}

type aggFinder struct{ found bool }

func (v *aggFinder) Enter(n ast.Node) (ast.Node, bool) {
	switch n.(type) {
	case *ast.AggregateFuncExpr:
		v.found = true
		return n, true
	case *ast.SubqueryExpr:
		return n, true
	}
	return n, false
}

func (v *aggFinder) Leave(n ast.Node) (ast.Node, bool) { return n, true }

// loopNest emits the nested loops of levels[k:], calling body in the
// innermost one.
func (c *compiler) loopNest(sc *scope, levels []*level, k int, body func() error) error {
	if k == len(levels) {
		return body()
	}
	lv := levels[k]
	if lv.src == nil {
		next := c.newLabel()
		for _, t := range lv.where {
			if err := c.test(sc, t, next); err != nil {
				return err
			}
		}
		if err := c.loopNest(sc, levels, k+1, body); err != nil {
			return err
		}
		c.place(next)
		return nil
	}
	if lv.open != nil {
		if err := lv.open(); err != nil {
			return err
		}
	}
	var match int
	if lv.left {
		match = c.reg()
		c.emit(vm.OpInteger, 0, match, 0, nil, "no match yet")
	}
	next, done, bodyL := c.newLabel(), c.newLabel(), c.newLabel()
	scan, err := c.planAccess(sc, levels, k, next, done)
	if err != nil {
		return err
	}
	// The plan may have moved the source to an automatic index's cursor.
	cur := lv.src.cursor
	if err := scan.start(); err != nil {
		return err
	}
	top := c.addr()
	if err := scan.check(); err != nil {
		return err
	}
	if lv.left {
		for _, t := range lv.on {
			if err := c.test(sc, t, next); err != nil {
				return err
			}
		}
		c.emit(vm.OpInteger, 1, match, 0, nil, "matched")
	}
	c.place(bodyL)
	for _, t := range lv.where {
		if err := c.test(sc, t, next); err != nil {
			return err
		}
	}
	if err := c.loopNest(sc, levels, k+1, body); err != nil {
		return err
	}
	c.place(next)
	scan.advance(top)
	c.place(done)
	if lv.left {
		end := c.newLabel()
		c.emit(vm.OpIf, match, end, 0, nil, "")
		c.emit(vm.OpInteger, 1, match, 0, nil, "")
		c.emit(vm.OpNullRow, cur, 0, 0, nil, "")
		c.emit(vm.OpGoto, 0, bodyL, 0, nil, "null row")
		c.place(end)
	}
	return nil
}

// test jumps to skip unless e is true (condjump.go).
func (c *compiler) test(sc *scope, e ast.ExprNode, skip int) error {
	return c.condJump(sc, e, skip, false, true)
}
