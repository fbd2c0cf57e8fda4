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
	done := c.newLabel()
	c.loadOldRow(d, other, old, rec, done) // dml.go
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
			if err := c.columnDefault(t, i, rec+i); err != nil { // dml.go
				return err
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
	if err := c.rewriteRow(d, rowRewrite{old: old, oldRowid: other, rec: rec, rowid: rowid,
		gone: done, setCols: setCols(t, set), upsert: true}); err != nil { // dml.go
		return err
	}
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
