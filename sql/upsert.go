package sql

import (
	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/walrusdb/walrus/vm"
)

// insertedQual qualifies the columns of the row an INSERT would have
// written, which VALUES(col) in ON DUPLICATE KEY UPDATE reads. No SQL
// name can spell it.
const insertedQual = "\x00inserted"

// insertOrUpdate writes the row in rec as INSERT IGNORE (set empty: a row
// that duplicates a PRIMARY KEY or UNIQUE key is skipped) or INSERT ... ON
// DUPLICATE KEY UPDATE set (the first row it duplicates is updated).
func (c *compiler) insertOrUpdate(d *dmlTarget, rec, rowid int, set []*ast.Assignment) error {
	dup, next := c.newLabel(), c.newLabel()
	other := c.reg()
	if err := c.writeRow(d, rec, rowid, onDup{label: dup, other: other, ignore: len(set) == 0}); err != nil {
		return err
	}
	c.fireRow(d, trigAfter, trigInsert, rec, 0, rowid, nil) // trigger_fire.go
	c.emit(vm.OpGoto, 0, next, 0, nil, "")
	c.place(dup)
	if len(set) > 0 {
		if err := c.updateDuplicate(d, rec, other, set); err != nil {
			return err
		}
	}
	c.place(next)
	return nil
}

// updateDuplicate applies ON DUPLICATE KEY UPDATE set to the row whose
// rowid is in register other; ins holds the row the INSERT would have
// written. As MySQL counts affected rows, a changed row counts 2 (its
// delete and insert are both counted) and an unchanged one 0 (nothing is
// written).
func (c *compiler) updateDuplicate(d *dmlTarget, ins, other int, set []*ast.Assignment) error {
	t := d.t
	n := len(t.Cols)
	old, rec, rowid := c.regs(n), c.regs(n), c.reg()
	done, changed := c.newLabel(), c.newLabel()
	c.emit(vm.OpNotExists, d.cur, done, other, nil, "")
	for i := range t.Cols {
		if i == t.RowidCol {
			c.emit(vm.OpCopy, other, old+i, 0, nil, "")
		} else {
			c.emit(vm.OpColumn, d.cur, i, old+i, nil, t.Cols[i].Name)
		}
	}
	c.emit(vm.OpCopy, old, rec, n-1, nil, "")
	// Columns resolve to the row being updated (later assignments see
	// earlier new values, as in MySQL); VALUES(col) to the inserted row.
	self := &source{name: t.Name, tbl: t, cursor: d.cur, rowidCol: t.RowidCol, regBase: rec}
	inserted := &source{name: insertedQual, cursor: d.cur, rowidCol: -1, regBase: ins, hidden: map[int]bool{}}
	for i, col := range t.Cols {
		self.cols = append(self.cols, col.Name)
		self.types = append(self.types, col.Type)
		inserted.hidden[i] = true
	}
	inserted.cols, inserted.types = self.cols, self.types
	sc := &scope{sources: []*source{self, inserted}}
	for _, a := range set {
		i := t.colIndex(a.Column.Name.O)
		if i < 0 || a.Column.Table.L != "" && a.Column.Table.L != lower(t.Name) {
			return errNoSuchColumn(a.Column.Name.O)
		}
		if _, ok := a.Expr.(*ast.DefaultExpr); ok {
			if def := t.Cols[i].Default; def != nil {
				if err := c.exprTo(&scope{}, def, rec+i); err != nil {
					return err
				}
			} else {
				c.emit(vm.OpNull, 0, rec+i, 0, nil, "")
			}
			continue
		}
		rw := &valuesRewriter{t: t}
		e, _ := a.Expr.Accept(rw)
		if rw.bad != "" {
			return errNoSuchColumn(rw.bad)
		}
		a.Expr = e.(ast.ExprNode)
		if err := c.exprTo(sc, a.Expr, rec+i); err != nil {
			return err
		}
	}
	c.emit(vm.OpAffinity, rec, n, 0, t.types(), "")
	c.fireRow(d, trigBefore, trigUpdate, rec, old, 0, setCols(t, set)) // trigger_fire.go
	for i, col := range t.Cols {
		if col.NotNull {
			c.emit(vm.OpHaltIfNull, 0, rec+i, 0, "NOT NULL constraint failed: "+t.Name+"."+col.Name, "")
		}
	}
	if err := c.checkRow(d, rec, onDup{}); err != nil { // check.go
		return err
	}
	eq := c.reg()
	for i := range t.Cols {
		c.emit(vm.OpNullEq, old+i, rec+i, eq, nil, "")
		c.emit(vm.OpIfNot, eq, changed, 0, nil, "")
	}
	c.emit(vm.OpGoto, 0, done, 0, nil, "unchanged: 0 rows affected")
	c.place(changed)
	c.emit(vm.OpCopy, other, rowid, 0, nil, "")
	if t.RowidCol >= 0 {
		same := c.newLabel()
		c.emit(vm.OpCopy, rec+t.RowidCol, rowid, 0, nil, "")
		c.emit(vm.OpEq, rowid, other, eq, nil, "")
		c.emit(vm.OpIf, eq, same, 0, nil, "")
		c.emit(vm.OpNotExists, d.cur, same, rowid, nil, "")
		c.emit(vm.OpHalt, 1, 1, 0, "UNIQUE constraint failed: "+t.Name+"."+t.Cols[t.RowidCol].Name, "")
		c.place(same)
	}
	c.buildKeys(d, rec, rowid)
	c.checkUnique(d, rowid, onDup{}, other)
	c.emit(vm.OpNotExists, d.cur, done, other, nil, "")
	d.updating = true
	c.deleteCurrent(d, true)
	d.updating = false
	c.buildKeys(d, rec, rowid)
	if t.RowidCol >= 0 {
		c.emit(vm.OpNull, 0, rec+t.RowidCol, 0, nil, "rowid alias")
	}
	in := c.emit(vm.OpInsert, d.cur, rec, rowid, n, t.Name)
	c.instrs[in].P5 = 1 | 4 // a change; an updated row (LastInsertID when no row is new)
	for i, ix := range t.Indexes {
		c.emit(vm.OpIdxInsert, d.idx[i], d.key[i], len(ix.Cols)+1, nil, ix.Name)
	}
	c.fkAfterUpdate(d, old, other, rec, rowid) // fk.go
	c.fireRow(d, trigAfter, trigUpdate, rec, old, rowid, setCols(t, set))
	c.place(done)
	return nil
}

// valuesRewriter turns VALUES(col) into a reference to the inserted row's
// column (insertedQual.col); bad is the first name that is no column of t.
type valuesRewriter struct {
	t   *table
	bad string
}

func (*valuesRewriter) Enter(n ast.Node) (ast.Node, bool) { return n, false }

func (r *valuesRewriter) Leave(n ast.Node) (ast.Node, bool) {
	v, ok := n.(*ast.ValuesExpr)
	if !ok || v.Column == nil {
		return n, true
	}
	if r.t.colIndex(v.Column.Name.Name.O) < 0 && r.bad == "" {
		r.bad = v.Column.Name.Name.O
	}
	return &ast.ColumnNameExpr{Name: &ast.ColumnName{
		Table: ast.NewCIStr(insertedQual),
		Name:  v.Column.Name.Name,
	}}, true
}
