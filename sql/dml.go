package sql

import (
	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/walrusdb/walrus/vm"
)

// dmlTarget is the table a DML statement writes, with write cursors on it
// and on each of its indexes.
type dmlTarget struct {
	t    *table
	cur  int
	idx  []int // cursor per index, in t.Indexes order
	key  []int // first register of a key block per index (cols + rowid)
	ncol int
	// updating is set while deleteCurrent removes the old image of an
	// updated row: no ON DELETE actions (fk.go).
	updating bool
}

func (c *compiler) openTarget(tn *ast.TableName) (*dmlTarget, error) {
	t := c.sch.table(tn.Name.O)
	if t == nil {
		return nil, errNoSuchTable(tn.Name.O)
	}
	if t.View != nil {
		return nil, errorf(CodeGeneric, "cannot modify %s because it is a view", t.Name)
	}
	if t.Root == 1 {
		return nil, errorf(CodeGeneric, "table %s may not be modified", t.Name)
	}
	if err := c.checkTriggerTarget(t); err != nil { // trigger_fire.go
		return nil, err
	}
	c.writes = true
	d := &dmlTarget{t: t, cur: c.cursor(), ncol: len(t.Cols)}
	c.emit(vm.OpOpenWrite, d.cur, 0, 0, t.treeSpec(), t.Name)
	for _, ix := range t.Indexes {
		cur := c.cursor()
		c.emit(vm.OpOpenWrite, cur, 0, 0, ix.treeSpec(), ix.Name)
		d.idx = append(d.idx, cur)
		d.key = append(d.key, c.regs(len(ix.Cols)+1))
	}
	return d, nil
}

// buildKeys fills each index's key block from the row in rec (with the
// rowid column, if any, taken from rowid).
func (c *compiler) buildKeys(d *dmlTarget, rec, rowid int) {
	for i, ix := range d.t.Indexes {
		for j, col := range ix.Cols {
			src := rec + col
			if col == d.t.RowidCol {
				src = rowid
			}
			c.emit(vm.OpCopy, src, d.key[i]+j, 0, nil, "")
		}
		c.emit(vm.OpCopy, rowid, d.key[i]+len(ix.Cols), 0, nil, "")
	}
}

// onDup says what a row that duplicates a PRIMARY KEY or UNIQUE key does:
// fail (the zero value), delete the old row (REPLACE), or jump to label
// with the old row's rowid in register other (INSERT IGNORE, ON DUPLICATE
// KEY UPDATE; upsert.go).
type onDup struct {
	replace bool
	label   int
	other   int
	// ignore (INSERT IGNORE) also skips rows that fail a CHECK or have no
	// parent row, as MySQL does (check.go, fk.go).
	ignore bool
}

// checkUnique acts on a unique index that already holds the key of the
// row for a row other than old (0: none) as dup says.
func (c *compiler) checkUnique(d *dmlTarget, rowid int, dup onDup, old int) {
	for i, ix := range d.t.Indexes {
		if !ix.Unique {
			continue
		}
		ok := c.newLabel()
		n := len(ix.Cols)
		for j := 0; j < n; j++ {
			c.emit(vm.OpIsNull, d.key[i]+j, ok, 0, nil, "NULLs never conflict")
		}
		c.emit(vm.OpNotFound, d.idx[i], ok, d.key[i], n, ix.Name)
		other := c.reg()
		c.emit(vm.OpIdxRowid, d.idx[i], other, 0, nil, "")
		if old > 0 {
			same := c.reg()
			c.emit(vm.OpEq, other, old, same, nil, "")
			c.emit(vm.OpIf, same, ok, 0, nil, "the row itself")
		}
		if dup.replace {
			c.emit(vm.OpNotExists, d.cur, ok, other, nil, "")
			c.deleteRow(d, false) // DELETE triggers fire (trigger_fire.go)
		} else if dup.label != 0 {
			c.emit(vm.OpCopy, other, dup.other, 0, nil, "duplicate")
			c.emit(vm.OpGoto, 0, dup.label, 0, nil, "")
		} else {
			c.emit(vm.OpHalt, 1, 1, 0, "UNIQUE constraint failed: "+d.t.Name+"."+colNames(d.t, ix.Cols), "")
		}
		c.place(ok)
	}
}

func colNames(t *table, cols []int) string {
	s := ""
	for i, c := range cols {
		if i > 0 {
			s += ", " + t.Name + "."
		}
		s += t.Cols[c].Name
	}
	return s
}

// deleteCurrent deletes the row the table cursor is on and its index
// entries.
func (c *compiler) deleteCurrent(d *dmlTarget, count bool) {
	old := c.regs(d.ncol)
	rowid := c.reg()
	c.emit(vm.OpRowid, d.cur, rowid, 0, nil, "")
	for i := 0; i < d.ncol; i++ {
		if i != d.t.RowidCol {
			c.emit(vm.OpColumn, d.cur, i, old+i, nil, d.t.Cols[i].Name)
		}
	}
	c.buildKeys(d, old, rowid)
	for i, ix := range d.t.Indexes {
		c.emit(vm.OpIdxDelete, d.idx[i], 0, d.key[i], len(ix.Cols)+1, ix.Name)
	}
	in := c.emit(vm.OpDelete, d.cur, 0, 0, nil, "")
	if count {
		c.instrs[in].P5 = 1
	}
	c.fkAfterDelete(d, old, rowid) // fk.go
}

func (c *compiler) compileInsert(n *ast.InsertStmt) (*vm.Program, error) {
	tn, ok := n.Table.TableRefs.Left.(*ast.TableSource).Source.(*ast.TableName)
	if !ok {
		return nil, errNotSupported("INSERT into this target")
	}
	c.emit(vm.OpInit, 0, 1, 0, nil, "")
	d, err := c.openTarget(tn)
	if err != nil {
		return nil, err
	}
	t := d.t
	// Which value goes to which column.
	cols := make([]int, 0, len(t.Cols))
	if len(n.Columns) == 0 {
		for i := range t.Cols {
			cols = append(cols, i)
		}
	} else {
		seen := map[int]bool{}
		for _, cn := range n.Columns {
			i := t.colIndex(cn.Name.O)
			if i < 0 {
				return nil, errorf(CodeNoSuchColumn, "table %s has no column named %s", t.Name, cn.Name.O)
			}
			if seen[i] {
				return nil, errorf(CodeGeneric, "column '%s' specified twice", cn.Name.O)
			}
			seen[i] = true
			cols = append(cols, i)
		}
	}
	rec := c.regs(len(t.Cols))
	rowid := c.reg()
	empty := &scope{}
	// emitRow writes one row whose columns rowCols get values from
	// value(k, reg); the others take their defaults.
	emitRow := func(rowCols []int, value func(k, reg int) error) error {
		given := map[int]int{}
		for k, col := range rowCols {
			given[col] = k
		}
		for i, col := range t.Cols {
			if k, ok := given[i]; ok {
				if err := value(k, rec+i); err != nil {
					return err
				}
				continue
			}
			if col.Default != nil {
				if err := c.exprTo(empty, col.Default, rec+i); err != nil {
					return err
				}
			} else {
				c.emit(vm.OpNull, 0, rec+i, 0, nil, col.Name)
			}
		}
		c.fireRow(d, trigBefore, trigInsert, rec, 0, 0, nil) // trigger_fire.go
		if !n.IgnoreErr && len(n.OnDuplicate) == 0 {
			if err := c.writeRow(d, rec, rowid, onDup{replace: n.IsReplace}); err != nil {
				return err
			}
			c.fireRow(d, trigAfter, trigInsert, rec, 0, rowid, nil)
			return nil
		}
		return c.insertOrUpdate(d, rec, rowid, n.OnDuplicate) // upsert.go
	}
	if n.Select != nil {
		src := c.cursor()
		c.emit(vm.OpOpenEphemeral, src, 1, 0, &vm.TreeSpec{Name: "insert-select"}, "INSERT ... SELECT")
		var blk int
		info, err := c.query(nil, n.Select, &sink{row: func(first, cnt int) error {
			if blk == 0 {
				blk = c.regs(cnt + 1)
			}
			c.emit(vm.OpSequence, src, blk, 0, nil, "")
			c.emit(vm.OpCopy, first, blk+1, cnt-1, nil, "")
			c.emit(vm.OpIdxInsert, src, blk, cnt+1, nil, "")
			return nil
		}})
		if err != nil {
			return nil, err
		}
		if len(info.names) != len(cols) {
			return nil, errorf(CodeMismatch, "column count doesn't match value count at row 1")
		}
		done := c.newLabel()
		c.emit(vm.OpRewind, src, done, 0, nil, "")
		top := c.addr()
		if err := emitRow(cols, func(k, reg int) error {
			c.emit(vm.OpColumn, src, k+1, reg, nil, "")
			return nil
		}); err != nil {
			return nil, err
		}
		c.emit(vm.OpNext, src, top, 0, nil, "")
		c.place(done)
	} else {
		for r, list := range n.Lists {
			if len(list) != len(cols) && !(len(n.Columns) == 0 && len(list) == 0) {
				return nil, errorf(CodeMismatch, "column count doesn't match value count at row %d", r+1)
			}
			rowCols := cols
			if len(list) == 0 {
				rowCols = nil // VALUES (): every column takes its default
			}
			err := emitRow(rowCols, func(k, reg int) error {
				e := list[k]
				if _, ok := e.(*ast.DefaultExpr); ok {
					col := t.Cols[cols[k]]
					if col.Default == nil {
						c.emit(vm.OpNull, 0, reg, 0, nil, "")
						return nil
					}
					e = col.Default
				}
				return c.exprTo(empty, e, reg)
			})
			if err != nil {
				return nil, err
			}
		}
	}
	c.emit(vm.OpHalt, 0, 0, 0, nil, "")
	return c.finish(nil)
}

// writeRow converts, checks and inserts the row in rec (new rowid chosen
// unless the rowid column has a value).
func (c *compiler) writeRow(d *dmlTarget, rec, rowid int, dup onDup) error {
	t := d.t
	c.emit(vm.OpAffinity, rec, len(t.Cols), 0, t.types(), "")
	seq := c.autoIncFor(t) // autoinc.go
	gen := 0               // register: 1 when this row's id was generated
	if t.RowidCol >= 0 {
		r := rec + t.RowidCol
		auto, have := c.newLabel(), c.newLabel()
		if seq != nil {
			seq.load(c)
		}
		gen = c.generatedFlag(t) // lastresult.go
		c.emit(vm.OpIsNull, r, auto, 0, nil, "")
		if t.Cols[t.RowidCol].AutoInc && !c.noAutoValueOnZero() { // session.go
			// MySQL: 0 also asks AUTO_INCREMENT for a value.
			c.emit(vm.OpIfNot, r, auto, 0, nil, "")
		}
		c.emit(vm.OpCopy, r, rowid, 0, nil, "")
		c.emit(vm.OpNotExists, d.cur, have, rowid, nil, "")
		switch {
		case dup.replace:
			c.deleteRow(d, false) // DELETE triggers fire (trigger_fire.go)
		case dup.label != 0:
			c.emit(vm.OpCopy, rowid, dup.other, 0, nil, "duplicate")
			c.emit(vm.OpGoto, 0, dup.label, 0, nil, "")
		default:
			c.emit(vm.OpHalt, 1, 1, 0, "UNIQUE constraint failed: "+t.Name+"."+t.Cols[t.RowidCol].Name, "")
		}
		c.emit(vm.OpGoto, 0, have, 0, nil, "")
		c.place(auto)
		c.emit(vm.OpNewRowid, d.cur, rowid, 0, nil, "")
		c.autoIncFloor(t, rowid) // alter.go
		if seq != nil {
			seq.raise(c, rowid)
		}
		if gen != 0 {
			c.emit(vm.OpInteger, 1, gen, 0, nil, "generated id")
		}
		c.place(have)
		c.emit(vm.OpCopy, rowid, r, 0, nil, "")
	} else {
		c.emit(vm.OpNewRowid, d.cur, rowid, 0, nil, "")
	}
	for i, col := range t.Cols {
		if col.NotNull && i != t.RowidCol {
			c.emit(vm.OpHaltIfNull, 0, rec+i, 0, "NOT NULL constraint failed: "+t.Name+"."+col.Name, "")
		}
	}
	if err := c.checkRow(d, rec, dup); err != nil { // check.go
		return err
	}
	c.fkBeforeInsert(d, rec, rowid, dup) // fk.go
	c.buildKeys(d, rec, rowid)
	c.checkUnique(d, rowid, dup, 0)
	if t.RowidCol >= 0 {
		// The rowid column is stored as NULL (SQLite's INTEGER PRIMARY KEY).
		c.emit(vm.OpNull, 0, rec+t.RowidCol, 0, nil, "rowid alias")
	}
	in := c.emit(vm.OpInsert, d.cur, rec, rowid, len(t.Cols), t.Name)
	c.instrs[in].P5 = 1 | 2 // counts as a change; a new row (LastInsertID)
	if seq != nil {
		seq.record(c, rowid)
	}
	if gen != 0 {
		c.noteGenerated(gen, rowid) // lastresult.go
	}
	if t.RowidCol >= 0 {
		c.emit(vm.OpCopy, rowid, rec+t.RowidCol, 0, nil, "")
	}
	for i, ix := range t.Indexes {
		c.emit(vm.OpIdxInsert, d.idx[i], d.key[i], len(ix.Cols)+1, nil, ix.Name)
	}
	c.fkAfterInsert(d, rec, rowid, dup) // fk.go
	return nil
}

// collectRowids emits pass one of UPDATE and DELETE: the rowids of the
// rows that match WHERE (in ORDER BY order, up to LIMIT) go to an
// ephemeral table, so that pass two changes the table without disturbing
// the scan.
func (c *compiler) collectRowids(d *dmlTarget, alias string, where ast.ExprNode, order *ast.OrderByClause, lim *ast.Limit) (*scope, int, error) {
	sc := &scope{}
	src := &source{name: d.t.Name, tbl: d.t, cursor: d.cur, rowidCol: d.t.RowidCol}
	if alias != "" {
		src.name = alias
	}
	for _, col := range d.t.Cols {
		src.cols = append(src.cols, col.Name)
		src.types = append(src.types, col.Type)
	}
	sc.sources = []*source{src}
	set := c.cursor()
	c.emit(vm.OpOpenEphemeral, set, 1, 0, &vm.TreeSpec{Name: "rowids"}, "")
	rid := c.regs(2)
	end := c.newLabel()
	limRegs, err := c.limitRegs(sc, lim, end)
	if err != nil {
		return nil, 0, err
	}
	lv := &level{src: src}
	if where != nil {
		lv.where = conjuncts(where)
	}
	var orderBy []*ast.ByItem
	if order != nil {
		orderBy = order.Items
	}
	// The output plan sorts and limits; its one "field" is the rowid.
	fields := []outField{{name: "rowid", gen: func(target int) {
		c.emit(vm.OpRowid, d.cur, target, 0, nil, "")
	}}}
	out := &outputPlan{sc: sc, fields: fields, orderBy: orderBy, lim: limRegs, end: end,
		sk: &sink{row: func(first, n int) error {
			c.emit(vm.OpSequence, set, rid, 0, nil, "")
			c.emit(vm.OpCopy, first, rid+1, 0, nil, "")
			c.emit(vm.OpIdxInsert, set, rid, 2, nil, "")
			return nil
		}}}
	if err := out.prepare(c); err != nil {
		return nil, 0, err
	}
	if err := c.loopNest(sc, []*level{lv}, 0, func() error { return out.row(c) }); err != nil {
		return nil, 0, err
	}
	if err := out.flush(c); err != nil {
		return nil, 0, err
	}
	c.place(end)
	return sc, set, nil
}

func (c *compiler) compileDelete(n *ast.DeleteStmt) (*vm.Program, error) {
	if n.IsMultiTable {
		return nil, errNotSupported("multi-table DELETE")
	}
	ts, ok := n.TableRefs.TableRefs.Left.(*ast.TableSource)
	if !ok {
		return nil, errNotSupported("DELETE from this target")
	}
	tn, ok := ts.Source.(*ast.TableName)
	if !ok {
		return nil, errNotSupported("DELETE from this target")
	}
	c.emit(vm.OpInit, 0, 1, 0, nil, "")
	d, err := c.openTarget(tn)
	if err != nil {
		return nil, err
	}
	_, set, err := c.collectRowids(d, ts.AsName.O, n.Where, n.Order, n.Limit)
	if err != nil {
		return nil, err
	}
	done := c.newLabel()
	rowid := c.reg()
	c.emit(vm.OpRewind, set, done, 0, nil, "")
	top := c.addr()
	next := c.newLabel()
	c.emit(vm.OpColumn, set, 1, rowid, nil, "")
	c.emit(vm.OpNotExists, d.cur, next, rowid, nil, "")
	c.deleteRow(d, true) // DELETE triggers fire (trigger_fire.go)
	c.place(next)
	c.emit(vm.OpNext, set, top, 0, nil, "")
	c.place(done)
	c.emit(vm.OpHalt, 0, 0, 0, nil, "")
	return c.finish(nil)
}

func (c *compiler) compileUpdate(n *ast.UpdateStmt) (*vm.Program, error) {
	if n.MultipleTable {
		return nil, errNotSupported("multi-table UPDATE")
	}
	ts, ok := n.TableRefs.TableRefs.Left.(*ast.TableSource)
	if !ok || n.TableRefs.TableRefs.Right != nil {
		return nil, errNotSupported("UPDATE of this target")
	}
	tn, ok := ts.Source.(*ast.TableName)
	if !ok {
		return nil, errNotSupported("UPDATE of this target")
	}
	c.emit(vm.OpInit, 0, 1, 0, nil, "")
	d, err := c.openTarget(tn)
	if err != nil {
		return nil, err
	}
	t := d.t
	sc, set, err := c.collectRowids(d, ts.AsName.O, n.Where, n.Order, n.Limit)
	if err != nil {
		return nil, err
	}
	type assign struct {
		col  int
		expr ast.ExprNode
	}
	var assigns []assign
	for _, a := range n.List {
		i := t.colIndex(a.Column.Name.O)
		if i < 0 || a.Column.Table.L != "" && !(a.Column.Table.L == lower(sc.sources[0].name)) {
			return nil, errNoSuchColumn(a.Column.Name.O)
		}
		assigns = append(assigns, assign{i, a.Expr})
	}
	done := c.newLabel()
	oldRowid, rowid := c.reg(), c.reg()
	oldRec := c.regs(len(t.Cols))
	rec := c.regs(len(t.Cols))
	c.emit(vm.OpRewind, set, done, 0, nil, "")
	top := c.addr()
	next := c.newLabel()
	c.emit(vm.OpColumn, set, 1, oldRowid, nil, "")
	c.loadOldRow(d, oldRowid, oldRec, rec, next)
	// MySQL evaluates assignments left to right: later ones see new values.
	src := sc.sources[0]
	src.regBase = rec
	for _, a := range assigns {
		if _, ok := a.expr.(*ast.DefaultExpr); ok {
			if err := c.columnDefault(t, a.col, rec+a.col); err != nil {
				return nil, err
			}
			continue
		}
		if err := c.exprTo(sc, a.expr, rec+a.col); err != nil {
			return nil, err
		}
	}
	src.regBase = 0
	if err := c.rewriteRow(d, rowRewrite{old: oldRec, oldRowid: oldRowid, rec: rec, rowid: rowid,
		gone: next, setCols: setCols(t, n.List)}); err != nil {
		return nil, err
	}
	c.place(next)
	c.emit(vm.OpNext, set, top, 0, nil, "")
	c.place(done)
	c.emit(vm.OpHalt, 0, 0, 0, nil, "")
	return c.finish(nil)
}

// loadOldRow reads the row whose rowid is in register rowid into the
// registers from old and copies it to rec, the new image to edit; it jumps
// to gone when the row no longer exists.
func (c *compiler) loadOldRow(d *dmlTarget, rowid, old, rec, gone int) {
	t := d.t
	c.emit(vm.OpNotExists, d.cur, gone, rowid, nil, "")
	for i := range t.Cols {
		if i == t.RowidCol {
			c.emit(vm.OpCopy, rowid, old+i, 0, nil, "")
		} else {
			c.emit(vm.OpColumn, d.cur, i, old+i, nil, t.Cols[i].Name)
		}
	}
	c.emit(vm.OpCopy, old, rec, len(t.Cols)-1, nil, "")
}

// columnDefault puts column col's DEFAULT (NULL when it has none) into reg.
func (c *compiler) columnDefault(t *table, col, reg int) error {
	if def := t.Cols[col].Default; def != nil {
		return c.exprTo(&scope{}, def, reg)
	}
	c.emit(vm.OpNull, 0, reg, 0, nil, "")
	return nil
}

// rowRewrite is one row replaced by a new image: by UPDATE, or by the
// update half of an upsert.
type rowRewrite struct {
	old, oldRowid int   // registers: the old row and its rowid
	rec, rowid    int   // registers: the new row, and its rowid (set here)
	gone          int   // label: the old row is gone (upsert: or unchanged)
	setCols       []int // the columns SET names (UPDATE OF triggers)
	// upsert: as MySQL counts ON DUPLICATE KEY UPDATE, an unchanged row is
	// not written, and a changed one counts twice (its delete and insert)
	// and is the LastInsertID when no row is new. UPDATE writes every
	// matched row (triggers and foreign keys see them all) and counts only
	// the changed ones.
	upsert bool
}

// rewriteRow emits the write of an updated row: BEFORE UPDATE triggers,
// NOT NULL and CHECK, the rowid and unique keys, the old row and its index
// entries out and the new ones in, foreign keys, AFTER UPDATE triggers.
func (c *compiler) rewriteRow(d *dmlTarget, r rowRewrite) error {
	t := d.t
	c.emit(vm.OpAffinity, r.rec, len(t.Cols), 0, t.types(), "")
	c.fireRow(d, trigBefore, trigUpdate, r.rec, r.old, 0, r.setCols) // trigger_fire.go
	for i, col := range t.Cols {
		if col.NotNull {
			c.emit(vm.OpHaltIfNull, 0, r.rec+i, 0, "NOT NULL constraint failed: "+t.Name+"."+col.Name, "")
		}
	}
	if err := c.checkRow(d, r.rec, onDup{}); err != nil { // check.go
		return err
	}
	changed := c.reg()
	c.rowChanged(r.old, r.rec, len(t.Cols), changed) // rowchange.go
	if r.upsert {
		c.emit(vm.OpIfNot, changed, r.gone, 0, nil, "unchanged: 0 rows affected")
	}
	c.emit(vm.OpCopy, r.oldRowid, r.rowid, 0, nil, "")
	if t.RowidCol >= 0 {
		same := c.newLabel()
		eq := c.reg()
		c.emit(vm.OpCopy, r.rec+t.RowidCol, r.rowid, 0, nil, "")
		c.emit(vm.OpEq, r.rowid, r.oldRowid, eq, nil, "")
		c.emit(vm.OpIf, eq, same, 0, nil, "")
		c.emit(vm.OpNotExists, d.cur, same, r.rowid, nil, "")
		c.emit(vm.OpHalt, 1, 1, 0, "UNIQUE constraint failed: "+t.Name+"."+t.Cols[t.RowidCol].Name, "")
		c.place(same)
	}
	c.buildKeys(d, r.rec, r.rowid)
	c.checkUnique(d, r.rowid, onDup{}, r.oldRowid)
	// Remove the old row and its index entries, then write the new ones.
	c.emit(vm.OpNotExists, d.cur, r.gone, r.oldRowid, nil, "")
	d.updating = true
	c.deleteCurrent(d, r.upsert)
	d.updating = false
	c.buildKeys(d, r.rec, r.rowid)
	if t.RowidCol >= 0 {
		c.emit(vm.OpNull, 0, r.rec+t.RowidCol, 0, nil, "rowid alias")
	}
	if r.upsert {
		in := c.emit(vm.OpInsert, d.cur, r.rec, r.rowid, len(t.Cols), t.Name)
		c.instrs[in].P5 = 1 | 4 // a change; an updated row (LastInsertID when no row is new)
	} else {
		// An updated row is not a new row: UPDATE leaves LastInsertID at 0,
		// as MySQL's OK packet does.
		counted, written := c.newLabel(), c.newLabel()
		c.emit(vm.OpIf, changed, counted, 0, nil, "")
		c.emit(vm.OpInsert, d.cur, r.rec, r.rowid, len(t.Cols), t.Name)
		c.emit(vm.OpGoto, 0, written, 0, nil, "")
		c.place(counted)
		in := c.emit(vm.OpInsert, d.cur, r.rec, r.rowid, len(t.Cols), t.Name)
		c.instrs[in].P5 = 1 // counts as a change
		c.place(written)
	}
	for i, ix := range t.Indexes {
		c.emit(vm.OpIdxInsert, d.idx[i], d.key[i], len(ix.Cols)+1, nil, ix.Name)
	}
	c.fkAfterUpdate(d, r.old, r.oldRowid, r.rec, r.rowid) // fk.go
	c.fireRow(d, trigAfter, trigUpdate, r.rec, r.old, r.rowid, r.setCols)
	return nil
}
