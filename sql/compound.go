package sql

import (
	"strconv"

	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/walrusdb/walrus/vm"
)

// setOpr compiles UNION [ALL] / EXCEPT / INTERSECT: the operands are
// merged into an ephemeral table keyed by all columns (a multiset for
// UNION ALL), which is then read like a derived table by a SELECT that
// applies the compound's ORDER BY and LIMIT.
func (c *compiler) setOpr(parent *scope, n *ast.SetOprStmt, sk *sink) (*resultInfo, error) {
	if n.With != nil {
		return nil, errNotSupported("WITH")
	}
	res := c.cursor()
	c.emit(vm.OpOpenEphemeral, res, 0, 0, &vm.TreeSpec{Name: "compound"}, "compound result")
	var info *resultInfo
	ncols := -1
	for i, node := range n.SelectList.Selects {
		var op ast.SetOprType
		switch s := node.(type) {
		case *ast.SelectStmt:
			if s.AfterSetOperator != nil {
				op = *s.AfterSetOperator
			}
		case *ast.SetOprSelectList:
			if s.AfterSetOperator != nil {
				op = *s.AfterSetOperator
			}
			node = &ast.SetOprStmt{SelectList: s, OrderBy: s.OrderBy, Limit: s.Limit}
		}
		q, ok := node.(ast.ResultSetNode)
		if !ok {
			return nil, errNotSupported("compound member of this kind")
		}
		if i == 0 {
			op = ast.UnionAll
		}
		if op == ast.Except || op == ast.Intersect {
			// L EXCEPT R and L INTERSECT R are sets: L loses its duplicates.
			c.dedupe(res, ncols)
		}
		var other int
		if op == ast.Intersect || op == ast.IntersectAll {
			other = c.cursor()
			c.emit(vm.OpOpenEphemeral, other, 0, 0, &vm.TreeSpec{Name: "intersect"}, "")
		}
		qi, err := c.query(parent, q, &sink{row: func(first, cnt int) error {
			if ncols >= 0 && cnt != ncols {
				return errorf(CodeMismatch, "the used SELECT statements have a different number of columns")
			}
			skip := c.newLabel()
			switch op {
			case ast.Union:
				c.emit(vm.OpFound, res, skip, first, cnt, "")
				c.emit(vm.OpIdxInsert, res, first, cnt, nil, "UNION")
			case ast.UnionAll:
				c.emit(vm.OpIdxInsert, res, first, cnt, nil, "UNION ALL")
			case ast.Except, ast.ExceptAll:
				// Remove every copy of the row.
				top := c.addr()
				c.emit(vm.OpNotFound, res, skip, first, cnt, "")
				c.emit(vm.OpDelete, res, 0, 0, nil, "EXCEPT")
				c.emit(vm.OpGoto, 0, top, 0, nil, "")
			case ast.Intersect, ast.IntersectAll:
				c.emit(vm.OpIdxInsert, other, first, cnt, nil, "INTERSECT operand")
			}
			c.place(skip)
			return nil
		}})
		if err != nil {
			return nil, err
		}
		if info == nil {
			info = qi
			ncols = len(qi.names)
		} else if len(qi.names) != ncols {
			return nil, errorf(CodeMismatch, "the used SELECT statements have a different number of columns")
		}
		if op == ast.Union && i > 0 {
			// A DISTINCT union also removes duplicates that came before.
			c.dedupe(res, ncols)
		}
		if other != 0 {
			c.intersect(res, other, ncols)
		}
	}
	// Read the result through a SELECT * over it, with ORDER BY / LIMIT.
	sc := &scope{parent: parent}
	// Its columns get internal names so that duplicate names stay
	// reachable; the select-list aliases carry the real names.
	src := &source{name: " compound", cursor: res, rowidCol: -1, types: unionTypes(info.types)} // enum.go
	sc.sources = append(sc.sources, src)
	var fields []outField
	for i, name := range info.names {
		internal := " c" + strconv.Itoa(i)
		src.cols = append(src.cols, internal)
		fields = append(fields, outField{
			expr:  &ast.ColumnNameExpr{Name: &ast.ColumnName{Table: ast.NewCIStr(src.name), Name: ast.NewCIStr(internal)}},
			name:  name,
			alias: lower(name), typ: info.types[i], typed: info.typed[i]})
	}
	end := c.newLabel()
	lim, err := c.limitRegs(sc, n.Limit, end)
	if err != nil {
		return nil, err
	}
	var orderBy []*ast.ByItem
	if n.OrderBy != nil {
		orderBy = n.OrderBy.Items
	}
	out := &outputPlan{sc: sc, fields: fields, orderBy: orderBy, lim: lim, sk: sk, end: end}
	if err := out.prepare(c); err != nil {
		return nil, err
	}
	levels := []*level{{src: src}}
	if err := c.loopNest(sc, levels, 0, func() error { return out.row(c) }); err != nil {
		return nil, err
	}
	if err := out.flush(c); err != nil {
		return nil, err
	}
	c.place(end)
	return info, nil
}

// dedupe removes adjacent duplicates from the sorted ephemeral table cur.
func (c *compiler) dedupe(cur, n int) {
	prev := c.regs(n)
	row := c.regs(n)
	first := c.reg()
	done := c.newLabel()
	c.emit(vm.OpInteger, 1, first, 0, nil, "")
	c.emit(vm.OpRewind, cur, done, 0, nil, "dedupe")
	top := c.addr()
	for i := 0; i < n; i++ {
		c.emit(vm.OpColumn, cur, i, row+i, nil, "")
	}
	keep := c.newLabel()
	c.emit(vm.OpIf, first, keep, 0, nil, "")
	eq := c.reg()
	for i := 0; i < n; i++ {
		c.emit(vm.OpNullEq, prev+i, row+i, eq, nil, "")
		c.emit(vm.OpIfNot, eq, keep, 0, nil, "")
	}
	c.emit(vm.OpDelete, cur, 0, 0, nil, "duplicate")
	next := c.newLabel()
	c.emit(vm.OpGoto, 0, next, 0, nil, "")
	c.place(keep)
	c.emit(vm.OpInteger, 0, first, 0, nil, "")
	c.emit(vm.OpCopy, row, prev, n-1, nil, "")
	c.place(next)
	c.emit(vm.OpNext, cur, top, 0, nil, "")
	c.place(done)
}

// intersect deletes from res every row not in other.
func (c *compiler) intersect(res, other, n int) {
	row := c.regs(n)
	done := c.newLabel()
	c.emit(vm.OpRewind, res, done, 0, nil, "INTERSECT")
	top := c.addr()
	for i := 0; i < n; i++ {
		c.emit(vm.OpColumn, res, i, row+i, nil, "")
	}
	keep := c.newLabel()
	c.emit(vm.OpFound, other, keep, row, n, "")
	c.emit(vm.OpDelete, res, 0, 0, nil, "")
	next := c.newLabel()
	c.emit(vm.OpGoto, 0, next, 0, nil, "")
	c.place(keep)
	c.place(next)
	c.emit(vm.OpNext, res, top, 0, nil, "")
	c.place(done)
}
