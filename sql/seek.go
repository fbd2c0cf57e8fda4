package sql

import (
	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/pingcap/tidb/pkg/parser/opcode"
	"github.com/pingcap/tidb/pkg/parser/test_driver"
	"github.com/walrusdb/walrus/vm"
)

// class is what an expression's value is known to be at compile time, so
// that an index seek orders the probe as MySQL's comparison would.
type class uint8

const (
	classUnknown class = iota
	classNumber
	classString
)

// staticClass returns the class of e's value (classUnknown when unsure).
func (c *compiler) staticClass(sc *scope, e ast.ExprNode) class {
	switch n := unparen(e).(type) {
	case *test_driver.ValueExpr:
		v, err := constValue(n)
		if err != nil {
			return classUnknown
		}
		switch {
		case v.IsNumeric():
			return classNumber
		case v.Kind() == vm.KindText:
			return classString
		}
	case *ast.ColumnNameExpr:
		r, err := c.lookup(sc, n.Name)
		if err != nil {
			return classUnknown
		}
		return typeClass(r.typ(), r.isRowid())
	case *test_driver.ParamMarkerExpr:
		return c.paramClass(n.Order)
	case *ast.UnaryOperationExpr:
		if n.Op == opcode.Minus || n.Op == opcode.Plus {
			return c.staticClass(sc, n.V)
		}
	case *ast.BinaryOperationExpr:
		switch n.Op {
		case opcode.Plus, opcode.Minus, opcode.Mul, opcode.Div, opcode.IntDiv, opcode.Mod:
			if c.staticClass(sc, n.L) == classNumber && c.staticClass(sc, n.R) == classNumber {
				return classNumber
			}
		}
	}
	return classUnknown
}

func typeClass(t vm.ColType, rowid bool) class {
	switch {
	case rowid, t.IsInteger(), t.Base == vm.BaseFloat, t.Base == vm.BaseDouble:
		return classNumber
	case t.IsString():
		return classString
	}
	return classUnknown
}

// probe is one usable term: column col of the level's source compared
// (op) with expr, which only uses earlier loops; op In compares with each
// of list.
type probe struct {
	col  int
	op   opcode.Op
	expr ast.ExprNode
	list []ast.ExprNode
}

// inProbe makes a probe of col IN (e1, e2, ...) when every item only uses
// earlier loops and has the column's class.
func (c *compiler) inProbe(sc *scope, src *source, in *ast.PatternInExpr, before uint64) (probe, bool) {
	cn, ok := unparen(in.Expr).(*ast.ColumnNameExpr)
	if !ok {
		return probe{}, false
	}
	r, err := c.lookup(sc, cn.Name)
	if err != nil || r.src != src {
		return probe{}, false
	}
	want := typeClass(r.typ(), r.isRowid())
	if want == classUnknown {
		return probe{}, false
	}
	for _, item := range in.List {
		set, all := c.deps(sc, item)
		if all || set&^before != 0 || c.staticClass(sc, item) != want {
			return probe{}, false
		}
	}
	return probe{col: r.col, op: opcode.In, list: in.List}, true
}

// probes finds the terms of levels[k] that constrain one of its columns.
func (c *compiler) probes(sc *scope, levels []*level, k int) []probe {
	src := levels[k].src
	var before uint64
	for i, s := range sc.sources {
		for _, lv := range levels[:k] {
			if lv.src == s && i < 64 {
				before |= 1 << uint(i)
			}
		}
	}
	terms := levels[k].where
	if levels[k].left {
		terms = append(append([]ast.ExprNode(nil), levels[k].on...), terms...)
	}
	var out []probe
	for _, t := range terms {
		if in, ok := unparen(t).(*ast.PatternInExpr); ok && !in.Not && in.Sel == nil {
			if p, ok := c.inProbe(sc, src, in, before); ok {
				out = append(out, p)
			}
			continue
		}
		b, ok := unparen(t).(*ast.BinaryOperationExpr)
		if !ok {
			continue
		}
		op := b.Op
		switch op {
		case opcode.EQ, opcode.LT, opcode.LE, opcode.GT, opcode.GE:
		default:
			continue
		}
		for side := 0; side < 2; side++ {
			colE, other := b.L, b.R
			if side == 1 {
				colE, other = b.R, b.L
				op = flipOp(op)
			}
			cn, ok := unparen(colE).(*ast.ColumnNameExpr)
			if !ok {
				continue
			}
			r, err := c.lookup(sc, cn.Name)
			if err != nil || r.src != src {
				continue
			}
			set, all := c.deps(sc, other)
			if all || set&^before != 0 {
				continue
			}
			want := typeClass(r.typ(), r.isRowid())
			if want == classUnknown || c.staticClass(sc, other) != want {
				continue
			}
			out = append(out, probe{col: r.col, op: op, expr: other})
			break
		}
	}
	return out
}

func flipOp(op opcode.Op) opcode.Op {
	switch op {
	case opcode.LT:
		return opcode.GT
	case opcode.LE:
		return opcode.GE
	case opcode.GT:
		return opcode.LT
	case opcode.GE:
		return opcode.LE
	}
	return op
}

// planSeek returns an index or rowid access for levels[k], or nil for a
// full scan. In order of preference: rowid equality; an index whose
// leading columns have equalities (then one range on the next column); a
// range on an index's first column; an automatic index on an equality
// column (built once per execution, for inner loops of a join).
func (c *compiler) planSeek(sc *scope, levels []*level, k int, next, done int) (*access, error) {
	src := levels[k].src
	if src.tbl == nil || src.regBase > 0 {
		return nil, nil
	}
	ps := c.probes(sc, levels, k)
	if len(ps) == 0 {
		return nil, nil
	}
	cur := src.cursor
	for _, p := range ps {
		if (p.col == src.rowidCol || p.col == rowidPseudo) && p.op == opcode.EQ {
			r := c.reg()
			return &access{
				start: func() error {
					if err := c.exprTo(sc, p.expr, r); err != nil {
						return err
					}
					c.emit(vm.OpSeekRowid, cur, done, r, nil, src.name+" by rowid")
					return nil
				},
				check:   func() error { return nil },
				advance: func(int) {},
			}, nil
		}
	}
	for _, p := range ps {
		if p.op == opcode.In && (p.col == src.rowidCol || p.col == rowidPseudo) {
			return c.inAccess(sc, src, nil, p, next, done), nil
		}
	}
	// The best real index: most leading equalities, then a range.
	var best *index
	var bestEq []probe
	var bestRange []probe
	for _, ix := range src.tbl.Indexes {
		var eq []probe
		for _, col := range ix.Cols {
			found := false
			for _, p := range ps {
				if p.col == col && p.op == opcode.EQ {
					eq = append(eq, p)
					found = true
					break
				}
			}
			if !found {
				break
			}
		}
		var rng []probe
		if len(eq) < len(ix.Cols) && !ix.Desc[len(eq)] {
			for _, p := range ps {
				if p.col == ix.Cols[len(eq)] && p.op != opcode.EQ && p.op != opcode.In {
					rng = append(rng, p)
				}
			}
		}
		if len(eq) == 0 && len(rng) == 0 {
			continue
		}
		if best == nil || len(eq) > len(bestEq) || len(eq) == len(bestEq) && len(rng) > len(bestRange) {
			best, bestEq, bestRange = ix, eq, rng
		}
	}
	if best != nil {
		return c.indexAccess(sc, src, best, bestEq, bestRange, next, done), nil
	}
	for _, ix := range src.tbl.Indexes {
		for _, p := range ps {
			if p.op == opcode.In && ix.Cols[0] == p.col {
				return c.inAccess(sc, src, ix, p, next, done), nil
			}
		}
	}
	if k > 0 && !c.writes {
		for _, p := range ps {
			if p.op == opcode.EQ && p.col != rowidPseudo {
				return c.autoIndex(sc, src, p, done), nil
			}
		}
	}
	return nil, nil
}

// indexAccess walks index ix from the first entry matching the equality
// prefix (and lower bound) to the last, reading each row by rowid.
func (c *compiler) indexAccess(sc *scope, src *source, ix *index, eq, rng []probe, next, done int) *access {
	icur := c.cursor()
	c.openOnce(icur, ix)
	n := len(eq)
	key := c.regs(n + 1)
	var lower, upper *probe
	for i := range rng {
		p := &rng[i]
		switch p.op {
		case opcode.GT, opcode.GE:
			if lower == nil {
				lower = p
			}
		case opcode.LT, opcode.LE:
			if upper == nil {
				upper = p
			}
		}
	}
	upperKey := 0
	if upper != nil {
		upperKey = c.regs(n + 1)
	}
	rowid := c.reg()
	return &access{
		start: func() error {
			for i, p := range eq {
				if err := c.exprTo(sc, p.expr, key+i); err != nil {
					return err
				}
				// = NULL matches nothing.
				c.emit(vm.OpIsNull, key+i, done, 0, nil, "")
			}
			nk := n
			seek := vm.OpSeekGE
			if lower != nil {
				if err := c.exprTo(sc, lower.expr, key+n); err != nil {
					return err
				}
				c.emit(vm.OpIsNull, key+n, done, 0, nil, "")
				nk++
				if lower.op == opcode.GT {
					seek = vm.OpSeekGT
				}
			} else if upper != nil {
				// Skip the NULLs that sort first in the range column.
				c.emit(vm.OpNull, 0, key+n, 0, nil, "")
				nk++
				seek = vm.OpSeekGT
			}
			if upper != nil {
				for i := 0; i < n; i++ {
					c.emit(vm.OpCopy, key+i, upperKey+i, 0, nil, "")
				}
				if err := c.exprTo(sc, upper.expr, upperKey+n); err != nil {
					return err
				}
				c.emit(vm.OpIsNull, upperKey+n, done, 0, nil, "")
			}
			if nk == 0 {
				c.emit(vm.OpRewind, icur, done, 0, nil, ix.Name)
			} else {
				in := c.emit(seek, icur, done, key, nil, ix.Name)
				c.instrs[in].P4 = nk
			}
			return nil
		},
		check: func() error {
			if upper != nil {
				op := vm.OpIdxGT
				if upper.op == opcode.LT {
					op = vm.OpIdxGE
				}
				in := c.emit(op, icur, done, upperKey, nil, "end of range")
				c.instrs[in].P4 = n + 1
			} else if n > 0 {
				in := c.emit(vm.OpIdxGT, icur, done, key, nil, "end of equal keys")
				c.instrs[in].P4 = n
			}
			c.emit(vm.OpIdxRowid, icur, rowid, 0, nil, "")
			c.emit(vm.OpSeekRowid, src.cursor, next, rowid, nil, "")
			return nil
		},
		advance: func(top int) { c.emit(vm.OpNext, icur, top, 0, nil, "") },
	}
}

// autoIndex copies the source's rows, keyed by the probed column, into an
// ephemeral index once per execution, and reads the source from it: rows
// are (key, columns..., rowid).
func (c *compiler) autoIndex(sc *scope, src *source, p probe, done int) *access {
	eph := c.cursor()
	tcur := src.cursor
	ncol := len(src.cols)
	skip := c.newLabel()
	c.emit(vm.OpOnce, 0, skip, 0, nil, "automatic index on "+src.name+"."+src.cols[p.col])
	c.emit(vm.OpOpenEphemeral, eph, 1, 0, &vm.TreeSpec{Name: "auto-index"}, "")
	row := c.regs(ncol + 2)
	empty := c.newLabel()
	c.emit(vm.OpRewind, tcur, empty, 0, nil, "")
	top := c.addr()
	for i := 0; i < ncol; i++ {
		if i == src.rowidCol {
			c.emit(vm.OpRowid, tcur, row+1+i, 0, nil, "")
		} else {
			c.emit(vm.OpColumn, tcur, i, row+1+i, nil, "")
		}
	}
	c.emit(vm.OpRowid, tcur, row+1+ncol, 0, nil, "")
	c.emit(vm.OpCopy, row+1+p.col, row, 0, nil, "key")
	c.emit(vm.OpIdxInsert, eph, row, ncol+2, nil, "")
	c.emit(vm.OpNext, tcur, top, 0, nil, "")
	c.place(empty)
	c.place(skip)
	src.cursor, src.colOff = eph, 1
	key := c.reg()
	return &access{
		start: func() error {
			if err := c.exprTo(sc, p.expr, key); err != nil {
				return err
			}
			c.emit(vm.OpIsNull, key, done, 0, nil, "")
			in := c.emit(vm.OpSeekGE, eph, done, key, nil, "")
			c.instrs[in].P4 = 1
			return nil
		},
		check: func() error {
			in := c.emit(vm.OpIdxGT, eph, done, key, nil, "")
			c.instrs[in].P4 = 1
			return nil
		},
		advance: func(top int) { c.emit(vm.OpNext, eph, top, 0, nil, "") },
	}
}

// inAccess walks the distinct non-NULL values of an IN list (kept in an
// ephemeral set) and, for each, the rows with that rowid (ix nil) or that
// first column of index ix.
func (c *compiler) inAccess(sc *scope, src *source, ix *index, p probe, next, done int) *access {
	set := c.cursor()
	var icur int
	if ix != nil {
		icur = c.cursor()
		c.openOnce(icur, ix)
	}
	item, key, rowid := c.reg(), c.reg(), c.reg()
	nextValue := c.newLabel()
	outer := 0 // address that reads the next IN value, set by start
	return &access{
		start: func() error {
			c.emit(vm.OpOpenEphemeral, set, 0, 0, &vm.TreeSpec{Name: "in-list"}, "IN list values")
			for _, e := range p.list {
				skip := c.newLabel()
				if err := c.exprTo(sc, e, item); err != nil {
					return err
				}
				c.emit(vm.OpIsNull, item, skip, 0, nil, "")
				c.emit(vm.OpFound, set, skip, item, 1, "duplicate")
				c.emit(vm.OpIdxInsert, set, item, 1, nil, "")
				c.place(skip)
			}
			c.emit(vm.OpRewind, set, done, 0, nil, "")
			outer = c.addr()
			c.emit(vm.OpColumn, set, 0, key, nil, "IN value")
			if ix == nil {
				c.emit(vm.OpSeekRowid, src.cursor, nextValue, key, nil, src.name+" by rowid")
				return nil
			}
			in := c.emit(vm.OpSeekGE, icur, nextValue, key, nil, ix.Name)
			c.instrs[in].P4 = 1
			return nil
		},
		check: func() error {
			if ix == nil {
				return nil
			}
			in := c.emit(vm.OpIdxGT, icur, nextValue, key, nil, "end of equal keys")
			c.instrs[in].P4 = 1
			c.emit(vm.OpIdxRowid, icur, rowid, 0, nil, "")
			c.emit(vm.OpSeekRowid, src.cursor, next, rowid, nil, "")
			return nil
		},
		advance: func(top int) {
			if ix != nil {
				c.emit(vm.OpNext, icur, top, 0, nil, "")
			}
			c.place(nextValue)
			c.emit(vm.OpNext, set, outer, 0, nil, "next IN value")
		},
	}
}

// openOnce opens an index cursor the first time the code runs in an
// execution: the plan is emitted inside outer loops, and reopening the
// cursor for every outer row would only cost time.
func (c *compiler) openOnce(cur int, ix *index) {
	skip := c.newLabel()
	c.emit(vm.OpOnce, 0, skip, 0, nil, "")
	c.emit(vm.OpOpenRead, cur, 0, 0, ix.treeSpec(), ix.Name)
	c.place(skip)
}
