package sql

import (
	"strings"

	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/pingcap/tidb/pkg/parser/opcode"
	"github.com/walrusdb/walrus/vm"
)

// fromClause turns a FROM clause into sources (added to sc) and loop
// levels in the same order. Inner-join ON conditions are returned as
// WHERE-like terms; LEFT JOIN ON terms stay with their level.
func (c *compiler) fromClause(sc *scope, j *ast.Join) ([]*level, []ast.ExprNode, error) {
	var levels []*level
	var inner []ast.ExprNode
	if err := c.joinTree(sc, j, &levels, &inner); err != nil {
		return nil, nil, err
	}
	return levels, inner, nil
}

func (c *compiler) joinTree(sc *scope, node ast.ResultSetNode, levels *[]*level, inner *[]ast.ExprNode) error {
	switch n := node.(type) {
	case *ast.TableSource:
		lv, err := c.tableSource(sc, n)
		if err != nil {
			return err
		}
		*levels = append(*levels, lv)
		return nil
	case *ast.Join:
		if n.Right == nil {
			return c.joinTree(sc, n.Left, levels, inner)
		}
		left, right := n.Left, n.Right
		if n.Tp == ast.RightJoin {
			left, right = right, left
		}
		if err := c.joinTree(sc, left, levels, inner); err != nil {
			return err
		}
		nLeft := len(*levels)
		if n.Tp == ast.LeftJoin || n.Tp == ast.RightJoin {
			ts, ok := right.(*ast.TableSource)
			if !ok {
				return errNotSupported("outer join with a parenthesised join on its inner side")
			}
			lv, err := c.tableSource(sc, ts)
			if err != nil {
				return err
			}
			lv.left = true
			lv.src.outer = true
			*levels = append(*levels, lv)
			conds, err := c.joinConds(sc, n, (*levels)[:nLeft], lv)
			if err != nil {
				return err
			}
			lv.on = conds
			return nil
		}
		if err := c.joinTree(sc, right, levels, inner); err != nil {
			return err
		}
		if len(*levels) == nLeft+1 {
			conds, err := c.joinConds(sc, n, (*levels)[:nLeft], (*levels)[nLeft])
			if err != nil {
				return err
			}
			*inner = append(*inner, conds...)
		} else if n.On != nil {
			*inner = append(*inner, conjuncts(n.On.Expr)...)
		}
		return nil
	}
	return errNotSupported("FROM item of this kind")
}

// joinConds returns the ON terms of a join, or the equalities USING and
// NATURAL stand for (hiding the right side's copy of each column).
func (c *compiler) joinConds(sc *scope, n *ast.Join, left []*level, right *level) ([]ast.ExprNode, error) {
	var names []string
	if n.NaturalJoin {
		for _, name := range right.src.cols {
			for _, l := range left {
				if l.src.colIndex(name) >= 0 {
					names = append(names, name)
					break
				}
			}
		}
	}
	for _, u := range n.Using {
		names = append(names, u.Name.O)
	}
	var conds []ast.ExprNode
	for _, name := range names {
		ri := right.src.colIndex(name)
		var lsrc *source
		for _, l := range left {
			if i := l.src.colIndex(name); i >= 0 && !l.src.hidden[i] {
				lsrc = l.src
				break
			}
		}
		if ri < 0 || lsrc == nil {
			return nil, errorf(CodeNoSuchColumn, "unknown column '%s' in 'from clause'", name)
		}
		if right.src.hidden == nil {
			right.src.hidden = map[int]bool{}
		}
		right.src.hidden[ri] = true
		conds = append(conds, &ast.BinaryOperationExpr{Op: opcode.EQ,
			L: &ast.ColumnNameExpr{Name: &ast.ColumnName{Table: ast.NewCIStr(lsrc.name), Name: ast.NewCIStr(name)}},
			R: &ast.ColumnNameExpr{Name: &ast.ColumnName{Table: ast.NewCIStr(right.src.name), Name: ast.NewCIStr(name)}}})
	}
	if n.On != nil {
		conds = append(conds, conjuncts(n.On.Expr)...)
	}
	return conds, nil
}

// tableSource makes the source and level of one FROM item: a table, a
// view or a derived table (materialised into an ephemeral table first).
func (c *compiler) tableSource(sc *scope, ts *ast.TableSource) (*level, error) {
	for _, s := range sc.sources {
		if ts.AsName.L != "" && strings.EqualFold(s.name, ts.AsName.O) {
			return nil, errorf(CodeGeneric, "not unique table/alias: '%s'", ts.AsName.O)
		}
	}
	switch src := ts.Source.(type) {
	case *ast.TableName:
		if src.Schema.L == infoSchemaName {
			return c.infoSchemaSource(sc, ts, src) // infoschema.go
		}
		if src.Schema.L == "" {
			if def := c.lookupCTE(src.Name.O); def != nil {
				name := def.name
				if ts.AsName.O != "" {
					name = ts.AsName.O
				}
				for _, s := range sc.sources {
					if strings.EqualFold(s.name, name) {
						return nil, errorf(CodeGeneric, "not unique table/alias: '%s'", name)
					}
				}
				return c.cteSource(sc, name, def) // cte.go
			}
		}
		t := c.sch.table(src.Name.O)
		if t == nil {
			return nil, errNoSuchTable(src.Name.O)
		}
		name := t.Name
		if ts.AsName.O != "" {
			name = ts.AsName.O
		}
		for _, s := range sc.sources {
			if strings.EqualFold(s.name, name) {
				return nil, errorf(CodeGeneric, "not unique table/alias: '%s'", name)
			}
		}
		if t.View != nil {
			// A view's query sees no CTE of the statement using it.
			var lv *level
			err := c.withCTEs(nil, func() (err error) {
				lv, err = c.derived(sc, name, t.View)
				return err
			})
			return lv, err
		}
		s := &source{name: name, tbl: t, cursor: c.cursor(), rowidCol: t.RowidCol,
			cols: make([]string, len(t.Cols)), types: t.types()}
		for i, col := range t.Cols {
			s.cols[i] = col.Name
		}
		sc.sources = append(sc.sources, s)
		// The cursor's spec shares the types: neither is ever modified.
		c.emit(vm.OpOpenRead, s.cursor, 0, 0, &vm.TreeSpec{Name: t.Name, Root: t.Root, Types: s.types}, t.Name)
		return &level{src: s}, nil
	case *ast.SelectStmt, *ast.SetOprStmt:
		if ts.AsName.O == "" {
			return nil, errorf(CodeGeneric, "every derived table must have its own alias")
		}
		return c.derived(sc, ts.AsName.O, src)
	}
	return nil, errNotSupported("FROM item of this kind")
}

// derived materialises a subquery into an ephemeral table whose rows are
// (sequence, columns...), so that they come back in the order produced.
func (c *compiler) derived(sc *scope, name string, q ast.ResultSetNode) (*level, error) {
	cur := c.cursor()
	c.emit(vm.OpOpenEphemeral, cur, 1, 0, &vm.TreeSpec{Name: name}, "derived "+name)
	var blk int
	info, err := c.query(sc.parent, q, &sink{row: func(first, n int) error {
		if blk == 0 {
			blk = c.regs(n + 1)
		}
		c.emit(vm.OpSequence, cur, blk, 0, nil, "")
		c.emit(vm.OpCopy, first, blk+1, n-1, nil, "")
		c.emit(vm.OpIdxInsert, cur, blk, n+1, nil, "")
		return nil
	}})
	if err != nil {
		return nil, err
	}
	s := &source{name: name, cursor: cur, colOff: 1, rowidCol: -1, cols: info.names, types: info.types}
	sc.sources = append(sc.sources, s)
	return &level{src: s}, nil
}
