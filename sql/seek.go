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
	case t.IsString(), t.IsEnum(): // an ENUM/SET probe is stored as its number (vm.enumProbe)
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
			if want == classUnknown || c.staticClass(sc, other) != want || r.typ().IsEnum() && op != opcode.EQ {
				continue // ENUM/SET: equality only, its index order is not text order (enum.go)
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

// seekKind is the kind of access path planSeek chose for a loop.
type seekKind uint8

const (
	seekScan       seekKind = iota // the whole table in rowid order
	seekRowidEq                    // rowid = x
	seekRowidIn                    // rowid IN (...)
	seekRowidRange                 // rowid > x AND rowid <= y
	seekIndex                      // index: equality prefix, then a range
	seekIndexIn                    // first index column IN (...)
	seekAuto                       // automatic index of an inner loop
)

// seekChoice is an access path: what planSeek decided before any code
// is emitted, so that ORDER BY can ask whether it yields rows in order.
type seekChoice struct {
	kind seekKind
	p    probe // rowid =, IN probes
	ix   *index
	eq   []probe // index equality prefix
	rng  []probe // range terms on the next index column, or on the rowid
	// back walks the path backwards (an ORDER BY ... DESC it satisfies).
	back bool
}

// chooseSeek picks the access path of levels[k]. In order of preference:
// rowid equality; rowid IN; an index whose leading columns have
// equalities (then one range on the next column); a rowid range; a range
// on an index's first column; index IN; an automatic index on an
// equality column (built once per execution, for inner loops of a join).
func (c *compiler) chooseSeek(sc *scope, levels []*level, k int) seekChoice {
	src := levels[k].src
	if src.tbl == nil || src.regBase > 0 {
		return seekChoice{}
	}
	ps := c.probes(sc, levels, k)
	if len(ps) == 0 {
		return seekChoice{}
	}
	isRowid := func(p probe) bool { return p.col == src.rowidCol || p.col == rowidPseudo }
	for _, p := range ps {
		if isRowid(p) && p.op == opcode.EQ {
			return seekChoice{kind: seekRowidEq, p: p}
		}
	}
	for _, p := range ps {
		if p.op == opcode.In && isRowid(p) {
			return seekChoice{kind: seekRowidIn, p: p}
		}
	}
	// The best real index: most leading equalities, then a range.
	var best *index
	var bestEq []probe
	var bestRange []probe
	for _, ix := range src.tbl.Indexes {
		eq, rng := indexProbes(ix, ps)
		if len(eq) == 0 && len(rng) == 0 {
			continue
		}
		if best == nil || len(eq) > len(bestEq) || len(eq) == len(bestEq) && len(rng) > len(bestRange) {
			best, bestEq, bestRange = ix, eq, rng
		}
	}
	if best != nil && len(bestEq) > 0 {
		return seekChoice{kind: seekIndex, ix: best, eq: bestEq, rng: bestRange}
	}
	var rowidRange []probe
	for _, p := range ps {
		if isRowid(p) && p.op != opcode.EQ && p.op != opcode.In {
			rowidRange = append(rowidRange, p)
		}
	}
	if len(rowidRange) > 0 {
		return seekChoice{kind: seekRowidRange, rng: rowidRange}
	}
	if best != nil {
		return seekChoice{kind: seekIndex, ix: best, eq: bestEq, rng: bestRange}
	}
	for _, ix := range src.tbl.Indexes {
		for _, p := range ps {
			if p.op == opcode.In && ix.Cols[0] == p.col {
				return seekChoice{kind: seekIndexIn, ix: ix, p: p}
			}
		}
	}
	if k > 0 && !c.writes {
		for _, p := range ps {
			if p.op == opcode.EQ && p.col != rowidPseudo {
				return seekChoice{kind: seekAuto, p: p}
			}
		}
	}
	return seekChoice{}
}

// planSeek returns the access of levels[k]: the level's forced choice
// (an ORDER BY the path satisfies) or chooseSeek's.
func (c *compiler) planSeek(sc *scope, levels []*level, k int, next, done int) (*access, error) {
	var ch seekChoice
	if levels[k].seek != nil {
		ch = *levels[k].seek
	} else {
		ch = c.chooseSeek(sc, levels, k)
	}
	src := levels[k].src
	switch ch.kind {
	case seekRowidEq:
		p := ch.p
		r := c.reg()
		return &access{
			start: func() error {
				if err := c.exprTo(sc, p.expr, r); err != nil {
					return err
				}
				c.emit(vm.OpSeekRowid, src.cursor, done, r, nil, src.name+" by rowid")
				return nil
			},
			check:   func() error { return nil },
			advance: func(int) {},
		}, nil
	case seekRowidIn:
		return c.inAccess(sc, src, nil, ch.p, next, done), nil
	case seekRowidRange:
		return c.rowidRange(sc, src, ch.rng, ch.back, done), nil
	case seekIndex:
		return c.indexAccess(sc, src, ch.ix, ch.eq, ch.rng, ch.back, next, done), nil
	case seekIndexIn:
		return c.inAccess(sc, src, ch.ix, ch.p, next, done), nil
	case seekAuto:
		return c.autoIndex(sc, src, ch.p, done), nil
	}
	if ch.back {
		cur := src.cursor
		return &access{
			start: func() error {
				c.emit(vm.OpLast, cur, done, 0, nil, src.name+" backwards")
				return nil
			},
			check:   func() error { return nil },
			advance: func(top int) { c.emit(vm.OpPrev, cur, top, 0, nil, "") },
		}, nil
	}
	return nil, nil
}

// indexProbes returns the equality probes on ix's leading columns and the
// range probes on the column after them.
func indexProbes(ix *index, ps []probe) (eq, rng []probe) {
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
	if len(eq) < len(ix.Cols) && !ix.Desc[len(eq)] {
		for _, p := range ps {
			if p.col == ix.Cols[len(eq)] && p.op != opcode.EQ && p.op != opcode.In {
				rng = append(rng, p)
			}
		}
	}
	return eq, rng
}

// bounds picks the first lower (>, >=) and upper (<, <=) term of rng.
func bounds(rng []probe) (lower, upper *probe) {
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
	return lower, upper
}

// rowidRange walks the table from the first rowid inside the range to
// the last (or backwards), stopping at the far bound instead of scanning
// the table. The seek widens a non-integral bound (vm rowidBound); the
// terms stay in WHERE, so the rows are exact.
func (c *compiler) rowidRange(sc *scope, src *source, rng []probe, back bool, done int) *access {
	cur := src.cursor
	lower, upper := bounds(rng)
	from, to := lower, upper
	seekOp, stepOp := vm.OpSeekGE, vm.OpNext
	if back {
		from, to = upper, lower
		seekOp, stepOp = vm.OpSeekLE, vm.OpPrev
	}
	fromReg, toReg, rowid, past := c.reg(), c.reg(), c.reg(), c.reg()
	return &access{
		start: func() error {
			if to != nil {
				if err := c.exprTo(sc, to.expr, toReg); err != nil {
					return err
				}
				c.emit(vm.OpIsNull, toReg, done, 0, nil, "")
			}
			if from == nil {
				op := vm.OpRewind
				if back {
					op = vm.OpLast
				}
				c.emit(op, cur, done, 0, nil, src.name)
				return nil
			}
			if err := c.exprTo(sc, from.expr, fromReg); err != nil {
				return err
			}
			c.emit(vm.OpIsNull, fromReg, done, 0, nil, "")
			op := seekOp
			switch from.op {
			case opcode.GT:
				op = vm.OpSeekGT
			case opcode.LT:
				op = vm.OpSeekLT
			}
			in := c.emit(op, cur, done, fromReg, nil, src.name+" by rowid range")
			c.instrs[in].P4 = 1
			return nil
		},
		check: func() error {
			if to == nil {
				return nil
			}
			// Past the far bound: rowid > upper (>= for <), or below the
			// lower one walking backwards.
			var op vm.Opcode
			switch to.op {
			case opcode.LE:
				op = vm.OpGt
			case opcode.LT:
				op = vm.OpGe
			case opcode.GE:
				op = vm.OpLt
			default:
				op = vm.OpLe
			}
			c.emit(vm.OpRowid, cur, rowid, 0, nil, "")
			c.emit(op, rowid, toReg, past, nil, "")
			c.emit(vm.OpIf, past, done, 0, nil, "end of rowid range")
			return nil
		},
		advance: func(top int) { c.emit(stepOp, cur, top, 0, nil, "") },
	}
}

// indexAccess walks index ix from the first entry matching the equality
// prefix (and lower bound) to the last, reading each row by rowid; back
// walks from the last to the first.
func (c *compiler) indexAccess(sc *scope, src *source, ix *index, eq, rng []probe, back bool, next, done int) *access {
	icur := c.cursor()
	c.openOnce(icur, ix)
	n := len(eq)
	key := c.regs(n + 1)
	lower, upper := bounds(rng)
	// from is the bound the walk starts at, to the one it stops at.
	from, to := lower, upper
	if back {
		from, to = upper, lower
	}
	toKey := 0
	if to != nil || back && from != nil {
		// Walking backwards from an upper bound with no lower one, the
		// walk stops at the NULLs that sort first in the range column.
		toKey = c.regs(n + 1)
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
			if back {
				seek = vm.OpSeekLE
			}
			if from != nil {
				if err := c.exprTo(sc, from.expr, key+n); err != nil {
					return err
				}
				c.emit(vm.OpIsNull, key+n, done, 0, nil, "")
				nk++
				switch from.op {
				case opcode.GT:
					seek = vm.OpSeekGT
				case opcode.LT:
					seek = vm.OpSeekLT
				}
			} else if to != nil && !back {
				// Skip the NULLs that sort first in the range column.
				c.emit(vm.OpNull, 0, key+n, 0, nil, "")
				nk++
				seek = vm.OpSeekGT
			}
			if toKey != 0 {
				for i := 0; i < n; i++ {
					c.emit(vm.OpCopy, key+i, toKey+i, 0, nil, "")
				}
				if to != nil {
					if err := c.exprTo(sc, to.expr, toKey+n); err != nil {
						return err
					}
					c.emit(vm.OpIsNull, toKey+n, done, 0, nil, "")
				} else {
					c.emit(vm.OpNull, 0, toKey+n, 0, nil, "")
				}
			}
			switch {
			case nk > 0:
				in := c.emit(seek, icur, done, key, nil, ix.Name)
				c.instrs[in].P4 = nk
			case back:
				c.emit(vm.OpLast, icur, done, 0, nil, ix.Name+" backwards")
			default:
				c.emit(vm.OpRewind, icur, done, 0, nil, ix.Name)
			}
			return nil
		},
		check: func() error {
			switch {
			case toKey != 0:
				var op vm.Opcode
				switch {
				case to == nil:
					op = vm.OpIdxLE // the NULLs of the range column
				case to.op == opcode.LT:
					op = vm.OpIdxGE
				case to.op == opcode.LE:
					op = vm.OpIdxGT
				case to.op == opcode.GT:
					op = vm.OpIdxLE
				default:
					op = vm.OpIdxLT
				}
				in := c.emit(op, icur, done, toKey, nil, "end of range")
				c.instrs[in].P4 = n + 1
			case n > 0:
				op := vm.OpIdxGT
				if back {
					op = vm.OpIdxLT
				}
				in := c.emit(op, icur, done, key, nil, "end of equal keys")
				c.instrs[in].P4 = n
			}
			c.emit(vm.OpIdxRowid, icur, rowid, 0, nil, "")
			c.emit(vm.OpSeekRowid, src.cursor, next, rowid, nil, "")
			return nil
		},
		advance: func(top int) {
			op := vm.OpNext
			if back {
				op = vm.OpPrev
			}
			c.emit(op, icur, top, 0, nil, "")
		},
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
