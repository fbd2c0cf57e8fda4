package sql

import (
	"context"
	"errors"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/walrusdb/walrus/vm"
)

// Foreign keys, enforced as MySQL 8's InnoDB does (doc.go, "Constraints").
//
// A table's FOREIGN KEYs come from its MySQL DDL (buildTable calls
// addConstraints). The compiler attaches Go code to DML programs with
// OpCall (vm.Native) at three points: after a row is written (the child
// side: its parent must exist), after a row is deleted (the parent side:
// RESTRICT/NO ACTION, CASCADE, SET NULL on the rows that reference it) and
// after a row is updated (both sides, for the columns that changed). The
// Go code seeks rows through cursors of its own on the execution's
// storage, so it sees the statement's earlier changes, and its errors undo
// the whole statement (statement savepoint). Cascades recurse in Go;
// cascaded rows are not counted as changed and fire no triggers, as in
// MySQL.
//
//	(F1) Checks run row by row, not at the end of the statement (InnoDB):
//	     DELETE FROM p deletes the rows in scan order and fails at the first
//	     parent row that still has a RESTRICT child.
//	(F2) The child side is checked after the row is written, so a row may
//	     reference itself. An UPDATE checks only the foreign keys whose
//	     columns changed (an orphan row left by FOREIGN_KEY_CHECKS=0 may be
//	     updated otherwise).
//	(F3) A row that a cascade would change at depth 15 fails the statement
//	     (MySQL's "exceeds max depth of 15"). ON UPDATE CASCADE and SET NULL
//	     into a table the cascade already updated act like RESTRICT.
//	(F4) FOREIGN_KEY_CHECKS (= PRAGMA foreign_keys) is read when the code
//	     runs, so a prepared statement follows the session's current value.

// fkMaxDepth is InnoDB's FK_MAX_CASCADE_DEL.
const fkMaxDepth = 15

// fkDef is a FOREIGN KEY of a table.
type fkDef struct {
	foreignKey
	colIdx []int // the child columns, indexes into the table's Cols
	named  bool  // the DDL named the constraint
}

func (t *table) hasIndexNamed(name string) bool {
	for _, ix := range t.Indexes {
		if strings.EqualFold(ix.Name, name) {
			return true
		}
	}
	return false
}

// fkActions lists MySQL's referential actions in the spelling the model
// keeps (foreignKey.onDelete/onUpdate).
const (
	fkNoAction = "NO ACTION"
	fkRestrict = "RESTRICT"
	fkCascade  = "CASCADE"
	fkSetNull  = "SET NULL"
	fkSetDef   = "SET DEFAULT"
)

// addConstraints reads the FOREIGN KEY and CHECK clauses of n into t and
// adds an index on the child columns of every foreign key that no index
// starts with (MySQL creates one; it lets parent-side checks seek). It
// does not look at other tables (validateConstraints does, at DDL time).
func addConstraints(t *table, n *ast.CreateTableStmt) error {
	nfk := 0
	addFK := func(name string, cols []string, ref *ast.ReferenceDef) error {
		fk := &fkDef{foreignKey: foreignKey{name: name, onDelete: fkNoAction, onUpdate: fkNoAction}, named: name != ""}
		if name == "" {
			nfk++ // MySQL numbers only the generated names
			fk.name = t.Name + "_ibfk_" + strconv.Itoa(nfk)
		}
		for _, c := range cols {
			i := t.colIndex(c)
			if i < 0 {
				return errorf(CodeNoSuchColumn, "Key column '%s' doesn't exist in table", c)
			}
			fk.cols = append(fk.cols, t.Cols[i].Name)
			fk.colIdx = append(fk.colIdx, i)
		}
		fk.readReference(ref) // infoschema.go
		t.FKs = append(t.FKs, fk)
		return nil
	}
	var colChecks, tblChecks []*checkDef
	for _, cd := range n.Cols {
		for _, o := range cd.Options {
			switch o.Tp {
			case ast.ColumnOptionReference:
				if o.Refer != nil {
					if err := addFK("", []string{cd.Name.Name.O}, o.Refer); err != nil {
						return err
					}
				}
			case ast.ColumnOptionCheck:
				colChecks = append(colChecks, &checkDef{name: o.ConstraintName, expr: o.Expr, enforced: o.Enforced,
					column: cd.Name.Name.O})
			}
		}
	}
	for _, con := range n.Constraints {
		switch con.Tp {
		case ast.ConstraintForeignKey:
			var cols []string
			for _, k := range con.Keys {
				if k.Column != nil {
					cols = append(cols, k.Column.Name.O)
				}
			}
			if con.Refer != nil {
				if err := addFK(con.Name, cols, con.Refer); err != nil {
					return err
				}
			}
		case ast.ConstraintCheck:
			tblChecks = append(tblChecks, &checkDef{name: con.Name, expr: con.Expr, enforced: con.Enforced})
		}
	}
	if err := t.nameChecks(append(colChecks, tblChecks...)); err != nil { // check.go
		return err
	}
	for _, fk := range t.FKs {
		if len(fk.colIdx) == 0 || t.indexStartingWith(fk.colIdx) {
			continue
		}
		// MySQL names the index after the constraint, or its first column.
		base := fk.name
		if !fk.named {
			base = t.Cols[fk.colIdx[0]].Name
		}
		name := base
		for n := 2; t.hasIndexNamed(name); n++ {
			name = base + "_" + strconv.Itoa(n)
		}
		ix := &index{Name: name, Table: t, Cols: fk.colIdx, Desc: make([]bool, len(fk.colIdx))}
		t.Indexes = append(t.Indexes, ix)
	}
	return nil
}

// indexStartingWith reports whether the rowid or an index of t has cols as
// its leading columns, in that order.
func (t *table) indexStartingWith(cols []int) bool {
	return len(cols) == 1 && cols[0] == t.RowidCol && t.RowidCol >= 0 || t.indexFor(cols) != nil
}

// indexFor is the first index of t whose leading columns are cols.
func (t *table) indexFor(cols []int) *index {
	for _, ix := range t.Indexes {
		if len(ix.Cols) < len(cols) {
			continue
		}
		ok := true
		for i, c := range cols {
			if ix.Cols[i] != c {
				ok = false
				break
			}
		}
		if ok {
			return ix
		}
	}
	return nil
}

// fkText is the constraint as MySQL's error messages quote it.
func (fk *fkDef) text() string {
	q := func(names []string) string {
		s := make([]string, len(names))
		for i, n := range names {
			s[i] = quoteIdent(n)
		}
		return "(" + strings.Join(s, ", ") + ")"
	}
	s := "CONSTRAINT " + quoteIdent(fk.name) + " FOREIGN KEY " + q(fk.cols) + " REFERENCES " +
		quoteIdent(fk.refTable) + " " + q(fk.refCols)
	if fk.onDelete != fkNoAction {
		s += " ON DELETE " + fk.onDelete
	}
	if fk.onUpdate != fkNoAction {
		s += " ON UPDATE " + fk.onUpdate
	}
	return s
}

func errChildRow(child string, fk *fkDef) *Error {
	return errorf(CodeConstraint, "Cannot add or update a child row: a foreign key constraint fails (`%s`.`%s`, %s)",
		databaseName, child, fk.text())
}

func errParentRow(child string, fk *fkDef) *Error {
	return errorf(CodeConstraint, "Cannot delete or update a parent row: a foreign key constraint fails (`%s`.`%s`, %s)",
		databaseName, child, fk.text())
}

// fkRef is a foreign key of child that references some table.
type fkRef struct {
	child *table
	fk    *fkDef
}

// referencing lists the foreign keys of every table that reference
// parent (self-references included), in table name order.
func (s *schema) referencing(parent string) []fkRef {
	var out []fkRef
	for key, t := range s.tables {
		if key != lower(t.Name) {
			continue // an alias (sqlite_master)
		}
		for _, fk := range t.FKs {
			if strings.EqualFold(fk.refTable, parent) {
				out = append(out, fkRef{t, fk})
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return lower(out[i].child.Name) < lower(out[j].child.Name) })
	return out
}

// fkChecksOn reports the session's FOREIGN_KEY_CHECKS (F4).
func (s *session) fkChecksOn() bool {
	if s == nil {
		return true
	}
	v := s.get("foreign_key_checks", false)
	truth, _ := vm.Truth(v)
	return truth
}

// ---- compile-time hooks (dml.go, upsert.go) ----

// fkAfterInsert checks the parents of the row just written: rec holds its
// columns, rowid its rowid (F2). INSERT IGNORE checked them before the
// write (fkBeforeInsert).
func (c *compiler) fkAfterInsert(d *dmlTarget, rec, rowid int, dup onDup) {
	if len(d.t.FKs) == 0 || dup.ignore {
		return
	}
	c.emitFKCall("fk-insert "+d.t.Name, []int{rowid}, []int{rec}, len(d.t.Cols), 0, c.parentsExist(d.t, false))
}

// fkBeforeInsert is INSERT IGNORE's check: a row without its parents is
// skipped (jump to dup.label), as MySQL turns the error into a warning.
func (c *compiler) fkBeforeInsert(d *dmlTarget, rec, rowid int, dup onDup) {
	if len(d.t.FKs) == 0 || !dup.ignore {
		return
	}
	ok := c.reg()
	c.emitFKCall("fk-insert-ignore "+d.t.Name, []int{rowid}, []int{rec}, len(d.t.Cols), ok, c.parentsExist(d.t, true))
	c.emit(vm.OpIfNot, ok, dup.label, 0, nil, "IGNORE: no parent, skip the row")
}

// parentsExist checks the foreign keys of a row of t (rowid, columns):
// an error when a parent is missing, or FALSE when test is set.
func (c *compiler) parentsExist(t *table, test bool) func(context.Context, vm.Storage, []vm.Value) (vm.Value, error) {
	rt := &fkRuntime{sch: c.sch, sess: c.sess}
	return func(ctx context.Context, st vm.Storage, args []vm.Value) (vm.Value, error) {
		if !rt.sess.fkChecksOn() {
			return vm.Bool(true), nil
		}
		cc := newCursorCache(st)
		defer cc.closeAll()
		row := rowOf(t, args[0], args[1:])
		for _, fk := range t.FKs {
			if err := rt.checkParent(cc, t, fk, row); err != nil {
				var e *Error
				if test && errors.As(err, &e) && e.Code == CodeConstraint {
					return vm.Bool(false), nil
				}
				return vm.Null(), err
			}
		}
		return vm.Bool(true), nil
	}
}

// fkAfterDelete runs the ON DELETE actions of the tables that reference
// the row just deleted (old: its columns, the rowid column's register
// unset; rowid: its rowid). The delete half of an UPDATE runs none.
func (c *compiler) fkAfterDelete(d *dmlTarget, old, rowid int) {
	t := d.t
	if d.updating || len(c.sch.referencing(t.Name)) == 0 {
		return
	}
	rt := &fkRuntime{sch: c.sch, sess: c.sess}
	c.emitFKCall("fk-delete "+t.Name, []int{rowid}, []int{old}, len(t.Cols), 0, func(ctx context.Context, st vm.Storage, args []vm.Value) (vm.Value, error) {
		if !rt.sess.fkChecksOn() {
			return vm.Null(), nil
		}
		cc := newCursorCache(st)
		defer cc.closeAll()
		return vm.Null(), rt.afterDelete(ctx, cc, t, rowOf(t, args[0], args[1:]), 0)
	})
}

// fkAfterUpdate runs both sides for an updated row: old/oldRowid before,
// rec/rowid after (the rowid column's registers may be unset).
func (c *compiler) fkAfterUpdate(d *dmlTarget, old, oldRowid, rec, rowid int) {
	t := d.t
	if len(t.FKs) == 0 && len(c.sch.referencing(t.Name)) == 0 {
		return
	}
	rt := &fkRuntime{sch: c.sch, sess: c.sess}
	n := len(t.Cols)
	c.emitFKCall("fk-update "+t.Name, []int{oldRowid, rowid}, []int{old, rec}, n, 0, func(ctx context.Context, st vm.Storage, args []vm.Value) (vm.Value, error) {
		if !rt.sess.fkChecksOn() {
			return vm.Null(), nil
		}
		oldRow := rowOf(t, args[0], args[2:2+n])
		newRow := rowOf(t, args[1], args[2+n:])
		cc := newCursorCache(st)
		defer cc.closeAll()
		return vm.Null(), rt.afterUpdate(ctx, cc, t, oldRow, newRow, 0, map[string]bool{lower(t.Name): true})
	})
}

// emitFKCall copies the rowid registers and then the n-column blocks into
// one argument block and calls fn on it (its result to register res when
// res is not 0).
func (c *compiler) emitFKCall(name string, rowids, blocks []int, n, res int, fn func(context.Context, vm.Storage, []vm.Value) (vm.Value, error)) {
	args := c.regs(len(rowids) + len(blocks)*n)
	for i, r := range rowids {
		c.emit(vm.OpCopy, r, args+i, 0, nil, "")
	}
	for i, b := range blocks {
		c.emit(vm.OpCopy, b, args+len(rowids)+i*n, n-1, nil, "")
	}
	c.emit(vm.OpCall, args, len(rowids)+len(blocks)*n, res, &vm.Native{Name: name, Fn: fn}, "")
}

// rowOf copies a row's columns, putting rowid in the rowid column.
func rowOf(t *table, rowid vm.Value, cols []vm.Value) []vm.Value {
	row := append([]vm.Value(nil), cols...)
	if t.RowidCol >= 0 {
		row[t.RowidCol] = rowid
	}
	return append(row, rowid) // row[len(t.Cols)] is the rowid
}

// ---- run time ----

// fkRuntime is the Go side of the foreign key calls of one program.
type fkRuntime struct {
	sch  *schema
	sess *session
	mu   sync.Mutex         // programs may run in several executions (vm M1)
	refs map[string][]fkRef // referencing, by lower-case parent name
}

// referencing is sch.referencing(parent), computed once per program.
func (rt *fkRuntime) referencing(parent string) []fkRef {
	rt.mu.Lock()
	defer rt.mu.Unlock()
	if rt.refs == nil {
		rt.refs = map[string][]fkRef{}
	}
	key := lower(parent)
	refs, ok := rt.refs[key]
	if !ok {
		refs = rt.sch.referencing(parent)
		rt.refs[key] = refs
	}
	return refs
}

func keyOf(row []vm.Value, cols []int) ([]vm.Value, bool) {
	key := make([]vm.Value, len(cols))
	for i, c := range cols {
		if row[c].IsNull() {
			return nil, false
		}
		key[i] = row[c]
	}
	return key, true
}

// refColsIn resolves fk's referenced columns in parent; none named (a
// table sqlite3 made: REFERENCES p) means its PRIMARY KEY.
func refColsIn(parent *table, fk *fkDef) ([]int, bool) {
	if len(fk.refCols) == 0 {
		if parent.RowidCol >= 0 {
			return []int{parent.RowidCol}, len(fk.colIdx) == 1
		}
		for _, ix := range parent.Indexes {
			if ix.Primary {
				return ix.Cols, len(ix.Cols) == len(fk.colIdx)
			}
		}
		return nil, false
	}
	cols := make([]int, len(fk.refCols))
	for i, name := range fk.refCols {
		if cols[i] = parent.colIndex(name); cols[i] < 0 {
			return nil, false
		}
	}
	return cols, len(cols) == len(fk.colIdx)
}

// checkParent fails unless the parent of row (a row of child) exists or a
// column of the key is NULL.
func (rt *fkRuntime) checkParent(st vm.Storage, child *table, fk *fkDef, row []vm.Value) error {
	key, ok := keyOf(row, fk.colIdx)
	if !ok {
		return nil
	}
	parent := rt.sch.table(fk.refTable)
	if parent == nil || parent.View != nil {
		return errChildRow(child.Name, fk)
	}
	cols, ok := refColsIn(parent, fk)
	if !ok {
		return errChildRow(child.Name, fk)
	}
	found := false
	err := findRows(st, parent, cols, key, func(int64) (bool, error) {
		found = true
		return false, nil
	})
	if err != nil {
		return err
	}
	if !found {
		return errChildRow(child.Name, fk)
	}
	return nil
}

// findRows calls each with the rowid of every row of t whose columns cols
// equal key (no NULLs in key), seeking the rowid or an index when one
// fits and scanning otherwise; each returns false to stop.
func findRows(st vm.Storage, t *table, cols []int, key []vm.Value, each func(rowid int64) (bool, error)) error {
	if len(cols) == 1 && cols[0] == t.RowidCol && t.RowidCol >= 0 {
		id, ok := rowidValue(key[0])
		if !ok {
			return nil
		}
		cur, err := st.OpenCursor(t.treeSpec(), false)
		if err != nil {
			return err
		}
		defer cur.Close()
		if found, err := cur.SeekRowid(id); err != nil || !found {
			return err
		}
		_, err = each(id)
		return err
	}
	if ix := t.indexFor(cols); ix != nil {
		cur, err := st.OpenCursor(ix.treeSpec(), false)
		if err != nil {
			return err
		}
		defer cur.Close()
		ok, err := cur.Seek(vm.SeekGE, key)
		for ; ok && err == nil; ok, err = cur.Next() {
			cmp, err := cur.CompareKey(key)
			if err != nil || cmp != 0 {
				return err
			}
			v, err := cur.Column(len(ix.Cols))
			if err != nil {
				return err
			}
			if more, err := each(v.AsInt()); err != nil || !more {
				return err
			}
		}
		return err
	}
	cur, err := st.OpenCursor(t.treeSpec(), false)
	if err != nil {
		return err
	}
	defer cur.Close()
	ok, err := cur.First()
	for ; ok && err == nil; ok, err = cur.Next() {
		rowid, err := cur.Rowid()
		if err != nil {
			return err
		}
		match := true
		for i, c := range cols {
			v := vm.Int(rowid)
			if c != t.RowidCol {
				if v, err = cur.Column(c); err != nil {
					return err
				}
			}
			if cmp, null := vm.Compare(v, key[i]); null || cmp != 0 {
				match = false
				break
			}
		}
		if match {
			if more, err := each(rowid); err != nil || !more {
				return err
			}
		}
	}
	return err
}

// rowidValue is v as a rowid when it is an integer value.
func rowidValue(v vm.Value) (int64, bool) {
	if v.Kind() == vm.KindInt {
		return v.AsInt(), true
	}
	if !v.IsNumeric() {
		return 0, false
	}
	i, err := vm.Cast(v, vm.ColType{Base: vm.BaseBigInt, Length: -1})
	if err != nil {
		return 0, false
	}
	if cmp, null := vm.Compare(i, v); null || cmp != 0 {
		return 0, false
	}
	return i.AsInt(), true
}

// children collects the rowids of the rows of r.child that reference the
// parent key.
func children(st vm.Storage, r fkRef, key []vm.Value) ([]int64, error) {
	var ids []int64
	err := findRows(st, r.child, r.fk.colIdx, key, func(id int64) (bool, error) {
		ids = append(ids, id)
		return true, nil
	})
	return ids, err
}

// afterDelete applies the ON DELETE actions for the deleted row old of t
// (depth: how many cascades led here).
func (rt *fkRuntime) afterDelete(ctx context.Context, st vm.Storage, t *table, old []vm.Value, depth int) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	for _, r := range rt.referencing(t.Name) {
		cols, ok := refColsIn(t, r.fk)
		if !ok {
			continue
		}
		key, ok := keyOf(old, cols)
		if !ok {
			continue
		}
		ids, err := children(st, r, key)
		if err != nil || len(ids) == 0 {
			if err != nil {
				return err
			}
			continue
		}
		switch r.fk.onDelete {
		case fkCascade:
			if depth+1 >= fkMaxDepth {
				return errFKDepth()
			}
			for _, id := range ids {
				row, ok, err := removeRow(st, r.child, id)
				if err != nil {
					return err
				}
				if ok {
					if err := rt.afterDelete(ctx, st, r.child, row, depth+1); err != nil {
						return err
					}
				}
			}
		case fkSetNull:
			if depth+1 >= fkMaxDepth {
				return errFKDepth()
			}
			if err := rt.setChildren(ctx, st, r, ids, nil, depth+1, map[string]bool{}); err != nil {
				return err
			}
		default:
			return errParentRow(r.child.Name, r.fk)
		}
	}
	return nil
}

// afterUpdate applies the ON UPDATE actions for the changed referenced
// columns of t's row (old -> new) and checks the parents of its changed
// foreign key columns. updated holds the tables the cascade changed (F3).
func (rt *fkRuntime) afterUpdate(ctx context.Context, st vm.Storage, t *table, old, new []vm.Value, depth int, updated map[string]bool) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	for _, fk := range t.FKs {
		if changed(old, new, fk.colIdx) {
			if err := rt.checkParent(st, t, fk, new); err != nil {
				return err
			}
		}
	}
	for _, r := range rt.referencing(t.Name) {
		cols, ok := refColsIn(t, r.fk)
		if !ok || !changed(old, new, cols) {
			continue
		}
		key, ok := keyOf(old, cols)
		if !ok {
			continue
		}
		ids, err := children(st, r, key)
		if err != nil {
			return err
		}
		if len(ids) == 0 {
			continue
		}
		switch r.fk.onUpdate {
		case fkCascade, fkSetNull:
			if updated[lower(r.child.Name)] {
				return errParentRow(r.child.Name, r.fk) // F3
			}
			if depth+1 >= fkMaxDepth {
				return errFKDepth()
			}
			var to []vm.Value
			if r.fk.onUpdate == fkCascade {
				to, _ = keyOf(new, cols)
			}
			if err := rt.setChildren(ctx, st, r, ids, to, depth+1, updated); err != nil {
				return err
			}
		default:
			return errParentRow(r.child.Name, r.fk)
		}
	}
	return nil
}

func errFKDepth() *Error {
	return errorf(CodeConstraint, "Foreign key cascade delete/update exceeds max depth of %d.", fkMaxDepth)
}

// changed reports whether a column of cols differs between old and new
// (NULL-safe, MySQL comparison).
func changed(old, new []vm.Value, cols []int) bool {
	for _, c := range cols {
		if !vm.NullSafeEqual(old[c], new[c]) {
			return true
		}
	}
	return false
}

// setChildren sets the foreign key columns of the child rows ids to key
// (nil: NULL) and carries the change on (afterUpdate).
func (rt *fkRuntime) setChildren(ctx context.Context, st vm.Storage, r fkRef, ids []int64, key []vm.Value, depth int, updated map[string]bool) error {
	up := map[string]bool{lower(r.child.Name): true}
	for k := range updated {
		up[k] = true
	}
	for _, id := range ids {
		old, ok, err := readRow(st, r.child, id)
		if err != nil {
			return err
		}
		if !ok {
			continue
		}
		row := append([]vm.Value(nil), old...)
		for i, c := range r.fk.colIdx {
			if key == nil {
				if r.child.Cols[c].NotNull {
					return errorf(CodeConstraint, "Column '%s' cannot be null", r.child.Cols[c].Name)
				}
				row[c] = vm.Null()
				continue
			}
			v, err := vm.Cast(key[i], r.child.Cols[c].Type)
			if err != nil {
				return err
			}
			row[c] = v
		}
		newID := id
		if r.child.RowidCol >= 0 {
			// The key may be the child's rowid (INTEGER PRIMARY KEY).
			if newID, ok = rowidValue(row[r.child.RowidCol]); !ok {
				return errorf(CodeConstraint, "NOT NULL constraint failed: %s.%s", r.child.Name, r.child.Cols[r.child.RowidCol].Name)
			}
			row[len(r.child.Cols)] = vm.Int(newID)
		}
		if err := rewriteRow(st, r.child, id, newID, old, row); err != nil {
			return err
		}
		if err := rt.afterUpdate(ctx, st, r.child, old, row, depth, up); err != nil {
			return err
		}
	}
	return nil
}

// readRow reads row id of t as rowOf lays it out.
func readRow(st vm.Storage, t *table, id int64) ([]vm.Value, bool, error) {
	cur, err := st.OpenCursor(t.treeSpec(), false)
	if err != nil {
		return nil, false, err
	}
	defer cur.Close()
	found, err := cur.SeekRowid(id)
	if err != nil || !found {
		return nil, false, err
	}
	row := make([]vm.Value, len(t.Cols)+1)
	for i := range t.Cols {
		if i == t.RowidCol {
			row[i] = vm.Int(id)
		} else if row[i], err = cur.Column(i); err != nil {
			return nil, false, err
		}
	}
	row[len(t.Cols)] = vm.Int(id)
	return row, true, nil
}

// indexKey is ix's entry for row (rowOf layout).
func indexKey(ix *index, row []vm.Value) []vm.Value {
	key := make([]vm.Value, 0, len(ix.Cols)+1)
	for _, c := range ix.Cols {
		key = append(key, row[c])
	}
	return append(key, row[len(row)-1])
}

// deleteIndexEntries removes row's entries from t's indexes.
func deleteIndexEntries(st vm.Storage, t *table, row []vm.Value) error {
	for _, ix := range t.Indexes {
		cur, err := st.OpenCursor(ix.treeSpec(), true)
		if err != nil {
			return err
		}
		key := indexKey(ix, row)
		ok, err := cur.Seek(vm.SeekGE, key)
		if err == nil && ok {
			var cmp int
			if cmp, err = cur.CompareKey(key); err == nil && cmp == 0 {
				err = cur.Delete()
			}
		}
		cur.Close()
		if err != nil {
			return err
		}
	}
	return nil
}

// removeRow deletes row id of t with its index entries and returns it.
func removeRow(st vm.Storage, t *table, id int64) ([]vm.Value, bool, error) {
	row, ok, err := readRow(st, t, id)
	if err != nil || !ok {
		return nil, false, err
	}
	if err := deleteIndexEntries(st, t, row); err != nil {
		return nil, false, err
	}
	cur, err := st.OpenCursor(t.treeSpec(), true)
	if err != nil {
		return nil, false, err
	}
	defer cur.Close()
	if found, err := cur.SeekRowid(id); err != nil || !found {
		return nil, false, err
	}
	return row, true, cur.Delete()
}

// rewriteRow replaces row id of t (old) with row, whose rowid is newID,
// keeping its PRIMARY KEY and UNIQUE keys unique.
func rewriteRow(st vm.Storage, t *table, id, newID int64, old, row []vm.Value) error {
	if err := deleteIndexEntries(st, t, old); err != nil {
		return err
	}
	for _, ix := range t.Indexes {
		cur, err := st.OpenCursor(ix.treeSpec(), true)
		if err != nil {
			return err
		}
		key := indexKey(ix, row)
		if ix.Unique && !hasNull(key[:len(ix.Cols)]) {
			ok, err := cur.Seek(vm.SeekGE, key[:len(ix.Cols)])
			if err == nil && ok {
				var cmp int
				if cmp, err = cur.CompareKey(key[:len(ix.Cols)]); err == nil && cmp == 0 {
					err = errorf(CodeConstraint, "Foreign key constraint for table '%s', record '%s' would lead to a duplicate entry in table '%s', key '%s'",
						t.Name, valuesText(key[:len(ix.Cols)]), t.Name, ix.Name)
				}
			}
			if err != nil {
				cur.Close()
				return err
			}
		}
		err = cur.InsertKey(key)
		cur.Close()
		if err != nil {
			return err
		}
	}
	cur, err := st.OpenCursor(t.treeSpec(), true)
	if err != nil {
		return err
	}
	defer cur.Close()
	if newID != id {
		if found, err := cur.SeekRowid(newID); err != nil {
			return err
		} else if found {
			return errorf(CodeConstraint, "Foreign key constraint for table '%s', record '%d' would lead to a duplicate entry in table '%s', key 'PRIMARY'",
				t.Name, newID, t.Name)
		}
		if found, err := cur.SeekRowid(id); err != nil {
			return err
		} else if found {
			if err := cur.Delete(); err != nil {
				return err
			}
		}
	}
	rec := append([]vm.Value(nil), row[:len(t.Cols)]...)
	if t.RowidCol >= 0 {
		rec[t.RowidCol] = vm.Null() // stored as NULL (the rowid alias)
	}
	return cur.Insert(newID, rec)
}

func valuesText(vals []vm.Value) string {
	s := make([]string, len(vals))
	for i, v := range vals {
		s[i] = v.AsString()
	}
	return strings.Join(s, "-")
}

// ---- DDL ----

// validateConstraints applies MySQL's CREATE/ALTER TABLE rules to the
// foreign keys and checks of the new table t (old: the table it replaces,
// nil for CREATE TABLE). With FOREIGN_KEY_CHECKS off a referenced table
// may be missing (mariadb-dump creates tables in name order).
func (c *Conn) validateConstraints(t, old *table) error {
	on := c.session().fkChecksOn()
	names := map[string]bool{}
	for _, other := range c.sch.userTables() {
		if old != nil && other == old || strings.EqualFold(other.Name, t.Name) {
			continue
		}
		for _, fk := range other.FKs {
			names[lower(fk.name)] = true
		}
	}
	for _, fk := range t.FKs {
		if names[lower(fk.name)] {
			return errorf(CodeGeneric, "Duplicate foreign key constraint name '%s'", fk.name)
		}
		names[lower(fk.name)] = true
		if fk.onDelete == fkSetDef || fk.onUpdate == fkSetDef {
			return errorf(CodeNotSupported, "Failed to add the foreign key constraint '%s': SET DEFAULT is not supported by InnoDB", fk.name)
		}
		if len(fk.cols) != len(fk.refCols) || len(fk.cols) == 0 {
			return errorf(CodeGeneric, "Incorrect foreign key definition for '%s': Key reference and table reference don't match", fk.name)
		}
		for _, i := range fk.colIdx {
			if t.Cols[i].NotNull && (fk.onDelete == fkSetNull || fk.onUpdate == fkSetNull) {
				return errorf(CodeGeneric, "Column '%s' cannot be NOT NULL: needed in a foreign key constraint '%s' SET NULL", t.Cols[i].Name, fk.name)
			}
		}
		// ALTER TABLE leaves a foreign key it does not add alone when its
		// table is missing (made with checks off).
		existing := old != nil && old.hasFK(fk.name)
		parent := c.sch.table(fk.refTable)
		if strings.EqualFold(fk.refTable, t.Name) || old != nil && parent == old {
			parent = t
		}
		if parent == nil || parent.View != nil || parent.Root == 1 {
			if parent == nil && (!on || existing) {
				continue
			}
			return errorf(CodeNoSuchTable, "Failed to open the referenced table '%s'", fk.refTable)
		}
		ref := make([]int, len(fk.refCols))
		for i, name := range fk.refCols {
			if ref[i] = parent.colIndex(name); ref[i] < 0 {
				return errorf(CodeNoSuchColumn, "Failed to add the foreign key constraint. Missing column '%s' for constraint '%s' in the referenced table '%s'",
					name, fk.name, parent.Name)
			}
		}
		if !parent.indexStartingWith(ref) {
			return errorf(CodeGeneric, "Failed to add the foreign key constraint. Missing index for constraint '%s' in the referenced table '%s'",
				fk.name, parent.Name)
		}
		for i, ci := range fk.colIdx {
			if !fkTypesMatch(t.Cols[ci].Type, parent.Cols[ref[i]].Type) {
				return errorf(CodeMismatch, "Referencing column '%s' and referenced column '%s' in foreign key constraint '%s' are incompatible.",
					t.Cols[ci].Name, parent.Cols[ref[i]].Name, fk.name)
			}
		}
	}
	return validateChecks(c.sch, t) // check.go
}

// fkTypesMatch is InnoDB's "similar data types" rule: integers of the same
// type and sign, DECIMALs of the same precision and scale, any two
// character (or byte) strings, otherwise the same type.
func fkTypesMatch(a, b vm.ColType) bool {
	switch {
	case a.Base == 0 || b.Base == 0:
		return true // untyped columns of a table sqlite3 made
	case a.IsInteger() || b.IsInteger():
		return a.Base == b.Base && a.Unsigned == b.Unsigned
	case a.Base == vm.BaseDecimal || b.Base == vm.BaseDecimal:
		return a.Base == b.Base && a.Precision == b.Precision && a.Scale == b.Scale
	case a.IsString() || b.IsString():
		return a.IsString() && b.IsString()
	case a.IsBinary() || b.IsBinary():
		return a.IsBinary() && b.IsBinary()
	}
	return a.Base == b.Base
}

// checkDropParent refuses (with foreign key checks on) to drop or
// truncate t while a table not in going references it.
func (c *Conn) checkDropParent(t *table, going map[string]bool, truncate bool) error {
	if !c.session().fkChecksOn() {
		return nil
	}
	for _, r := range c.sch.referencing(t.Name) {
		if strings.EqualFold(r.child.Name, t.Name) || going[lower(r.child.Name)] {
			continue
		}
		if truncate {
			return errorf(CodeConstraint, "Cannot truncate a table referenced in a foreign key constraint (`%s`.`%s`, %s)",
				databaseName, r.child.Name, r.fk.text())
		}
		return errorf(CodeConstraint, "Cannot drop table '%s' referenced by a foreign key constraint '%s' on table '%s'.",
			t.Name, r.fk.name, r.child.Name)
	}
	return nil
}

func (t *table) hasFK(name string) bool {
	for _, fk := range t.FKs {
		if strings.EqualFold(fk.name, name) {
			return true
		}
	}
	return false
}

// cursorCache is a Storage that keeps the cursors opened during one
// foreign key call open for reuse (every use positions them first), so a
// cascade over many rows does not open cursors per row.
type cursorCache struct {
	st   vm.Storage
	open map[cursorKey]vm.Cursor
}

type cursorKey struct {
	root     uint32
	writable bool
}

// keptCursor is a cached cursor whose Close waits for closeAll.
type keptCursor struct{ vm.Cursor }

func (keptCursor) Close() error { return nil }

func newCursorCache(st vm.Storage) *cursorCache {
	return &cursorCache{st: st, open: map[cursorKey]vm.Cursor{}}
}

func (cc *cursorCache) OpenCursor(spec *vm.TreeSpec, writable bool) (vm.Cursor, error) {
	k := cursorKey{spec.Root, writable}
	if cur, ok := cc.open[k]; ok {
		return keptCursor{cur}, nil
	}
	cur, err := cc.st.OpenCursor(spec, writable)
	if err != nil {
		return nil, err
	}
	cc.open[k] = cur
	return keptCursor{cur}, nil
}

func (cc *cursorCache) closeAll() {
	for _, cur := range cc.open {
		cur.Close()
	}
}

// renameRefs points m's foreign keys that reference old (itself, when it
// is renamed) at name.
func (m *tableModel) renameRefs(old, name string) {
	for i := range m.fks {
		if strings.EqualFold(m.fks[i].refTable, old) {
			m.fks[i].refTable = name
		}
	}
}

// renameTable renames table m from old to name: its references to itself
// and the generated names of its foreign keys (old_ibfk_N becomes
// name_ibfk_N, as MySQL 8 renames them).
func (m *tableModel) renameTable(old, name string) {
	m.renameRefs(old, name)
	prefix := lower(old) + "_ibfk_"
	for i := range m.fks {
		if rest, ok := strings.CutPrefix(lower(m.fks[i].name), prefix); ok {
			m.fks[i].name = name + "_ibfk_" + rest
		}
	}
	m.name = name
}

// renameParent rewrites the MySQL DDL of the tables whose foreign keys
// reference the renamed table old, as MySQL does (catalog only: rows and
// indexes stay). c.sch is the schema after the rename.
func (c *Conn) renameParent(st vm.Storage, old, name string) error {
	if strings.EqualFold(old, name) {
		return nil
	}
	changed := map[string]bool{}
	for _, r := range c.sch.referencing(old) {
		if changed[lower(r.child.Name)] {
			continue
		}
		changed[lower(r.child.Name)] = true
		m := modelOf(r.child)
		m.renameRefs(old, name)
		if err := c.replaceTable(st, r.child, m, false); err != nil {
			return err
		}
	}
	if len(changed) == 0 {
		return nil
	}
	c.sch = nil
	return c.refreshSchema()
}

// nextFKName is the name MySQL generates for a foreign key ALTER TABLE
// adds: <table>_ibfk_<n>, n one more than the largest generated one.
func (m *tableModel) nextFKName() string {
	prefix := lower(m.name) + "_ibfk_"
	n := 0
	for _, fk := range m.fks {
		if rest, ok := strings.CutPrefix(lower(fk.name), prefix); ok {
			if k, err := strconv.Atoi(rest); err == nil && k > n {
				n = k
			}
		}
	}
	return m.name + "_ibfk_" + strconv.Itoa(n+1)
}
