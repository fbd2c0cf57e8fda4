package sql

import (
	"strings"

	"github.com/walrusdb/walrus/btree"
	"github.com/walrusdb/walrus/vm"
)

// AUTO_INCREMENT ids are never reused (doc.go, "Storage choices"): like
// InnoDB's persistent counter and SQLite's AUTOINCREMENT, the largest id a
// table ever held is kept in SQLite's own sqlite_sequence(name, seq) table,
// so sqlite3 and walrus allocate from the same counter. A new id is
// max(largest rowid, seq, AUTO_INCREMENT=N - 1) + 1.

const sequenceName = "sqlite_sequence"

// hasAutoIncRowid says whether t's rowid column is AUTO_INCREMENT, the
// tables that keep a sqlite_sequence row.
func (t *table) hasAutoIncRowid() bool {
	return t.RowidCol >= 0 && t.Cols[t.RowidCol].AutoInc
}

// autoIncSeq is one table's sqlite_sequence row within a compiled
// statement: loaded into registers by the first row the statement writes,
// raised by every row, written back when the statement ends successfully.
type autoIncSeq struct {
	t      *table
	cur    int // cursor on sqlite_sequence
	seq    int // register: the largest id used so far
	rowid  int // register: the row's rowid in sqlite_sequence, NULL if none
	loaded int // register: 1 once loaded
}

// autoIncFor returns the sequence state of t, or nil when t keeps none
// (no AUTO_INCREMENT rowid, or a file from before sqlite_sequence was
// used, which then falls back to largest rowid + 1).
func (c *compiler) autoIncFor(t *table) *autoIncSeq {
	if !t.hasAutoIncRowid() || c.sch.table(sequenceName) == nil {
		return nil
	}
	for _, s := range c.autoIncs {
		if s.t == t {
			return s
		}
	}
	s := &autoIncSeq{t: t, cur: c.cursor(), seq: c.reg(), rowid: c.reg(), loaded: c.reg()}
	c.autoIncs = append(c.autoIncs, s)
	return s
}

// load emits code that reads the table's sqlite_sequence row once per
// execution (the loaded register guards it, so every write site may emit
// it).
func (s *autoIncSeq) load(c *compiler) {
	done, loop, next := c.newLabel(), c.newLabel(), c.newLabel()
	name, cmp := c.reg(), c.reg()
	c.emit(vm.OpIf, s.loaded, done, 0, nil, "")
	c.emit(vm.OpInteger, 1, s.loaded, 0, nil, "")
	c.emit(vm.OpInteger, 0, s.seq, 0, nil, "")
	c.emit(vm.OpNull, 0, s.rowid, 0, nil, "")
	c.emit(vm.OpOpenWrite, s.cur, 0, 0, c.sch.table(sequenceName).treeSpec(), sequenceName)
	c.emit(vm.OpValue, 0, name, 0, vm.Text(s.t.Name), "")
	c.emit(vm.OpRewind, s.cur, done, 0, nil, "")
	c.place(loop)
	c.emit(vm.OpColumn, s.cur, 0, cmp, nil, "")
	c.emit(vm.OpNe, cmp, name, cmp, nil, "")
	c.emit(vm.OpIf, cmp, next, 1, nil, "")
	c.emit(vm.OpColumn, s.cur, 1, s.seq, nil, "seq")
	c.emit(vm.OpRowid, s.cur, s.rowid, 0, nil, "")
	c.emit(vm.OpGoto, 0, done, 0, nil, "")
	c.place(next)
	c.emit(vm.OpNext, s.cur, loop, 0, nil, "")
	c.place(done)
}

// raise makes the new id in register id larger than every id used so far.
func (s *autoIncSeq) raise(c *compiler, id int) {
	cmp := c.reg()
	skip := c.newLabel()
	c.emit(vm.OpGt, id, s.seq, cmp, nil, "")
	c.emit(vm.OpIf, cmp, skip, 0, nil, "")
	c.emit(vm.OpCopy, s.seq, id, 0, nil, "")
	c.emit(vm.OpAddImm, id, 1, 0, nil, "seq+1")
	c.place(skip)
}

// record notes that id (a new row's rowid, given or allocated) was used.
func (s *autoIncSeq) record(c *compiler, id int) {
	cmp := c.reg()
	skip := c.newLabel()
	c.emit(vm.OpGt, id, s.seq, cmp, nil, "")
	c.emit(vm.OpIfNot, cmp, skip, 1, nil, "")
	c.emit(vm.OpCopy, id, s.seq, 0, nil, "")
	c.place(skip)
}

// flushAutoIncs turns every successful Halt into a jump to an epilogue
// that writes the loaded sequences back, then halts. Called by finish
// before labels are resolved.
func (c *compiler) flushAutoIncs() {
	if len(c.autoIncs) == 0 {
		return
	}
	epilogue := c.addr()
	for i := range c.instrs {
		if in := &c.instrs[i]; in.Op == vm.OpHalt && in.P1 == 0 {
			*in = vm.Instr{Op: vm.OpGoto, P2: epilogue, Comment: "write sqlite_sequence"}
		}
	}
	for _, s := range c.autoIncs {
		skip, have := c.newLabel(), c.newLabel()
		row := c.regs(2)
		c.emit(vm.OpIfNot, s.loaded, skip, 1, nil, "")
		c.emit(vm.OpNotNull, s.rowid, have, 0, nil, "")
		c.emit(vm.OpNewRowid, s.cur, s.rowid, 0, nil, "")
		c.place(have)
		c.emit(vm.OpValue, 0, row, 0, vm.Text(s.t.Name), "")
		c.emit(vm.OpCopy, s.seq, row+1, 0, nil, "")
		c.emit(vm.OpInsert, s.cur, row, s.rowid, 2, sequenceName)
		c.place(skip)
	}
	c.emit(vm.OpHalt, 0, 0, 0, nil, "")
}

// sequenceSpec returns sqlite_sequence, creating it as SQLite does when
// the first table with an AUTO_INCREMENT rowid is made.
func (c *Conn) sequenceSpec(st vm.Storage) (*vm.TreeSpec, error) {
	if t := c.sch.table(sequenceName); t != nil {
		return t.treeSpec(), nil
	}
	root, err := c.bt.CreateTree(btree.TableTree)
	if err != nil {
		return nil, err
	}
	ddl := "CREATE TABLE " + sequenceName + "(name,seq)"
	if err := insertRow(st, schemaSpec, []vm.Value{vm.Text("table"), vm.Text(sequenceName),
		vm.Text(sequenceName), vm.Int(int64(root)), vm.Text(ddl)}); err != nil {
		return nil, err
	}
	t := &table{Name: sequenceName, Root: root, RowidCol: -1,
		Cols: []*tableColumn{{Name: "name"}, {Name: "seq"}}}
	c.sch.tables[sequenceName] = t
	return t.treeSpec(), nil
}

// setSequence makes seq the largest id used by table name (no row when
// seq <= 0 and there was none).
func (c *Conn) setSequence(st vm.Storage, name string, seq int64) error {
	spec, err := c.sequenceSpec(st)
	if err != nil {
		return err
	}
	if err := c.dropSequence(st, name); err != nil {
		return err
	}
	if seq <= 0 {
		return nil
	}
	return insertRow(st, spec, []vm.Value{vm.Text(name), vm.Int(seq)})
}

// dropSequence deletes table name's sqlite_sequence row, if any.
func (c *Conn) dropSequence(st vm.Storage, name string) error {
	t := c.sch.table(sequenceName)
	if t == nil {
		return nil
	}
	return deleteRows(st, t.treeSpec(), func(cur vm.Cursor) (bool, error) {
		v, err := cur.Column(0)
		return strings.EqualFold(v.AsString(), name), err
	})
}

// sequenceOf returns the largest id table name has used according to
// sqlite_sequence (0 when it has no row).
func (c *Conn) sequenceOf(st vm.Storage, name string) (int64, error) {
	t := c.sch.table(sequenceName)
	if t == nil {
		return 0, nil
	}
	cur, err := st.OpenCursor(t.treeSpec(), false)
	if err != nil {
		return 0, err
	}
	defer cur.Close()
	var seq int64
	ok, err := cur.First()
	for ; ok && err == nil; ok, err = cur.Next() {
		v, err := cur.Column(0)
		if err != nil {
			return 0, err
		}
		if strings.EqualFold(v.AsString(), name) {
			s, err := cur.Column(1)
			if err != nil {
				return 0, err
			}
			seq = s.AsInt()
		}
	}
	return seq, err
}

// carrySequence moves old's sqlite_sequence row to nt when ALTER TABLE
// rebuilds or renames a table. An explicit AUTO_INCREMENT=N (floorSet)
// resets the counter as InnoDB does: to N-1, but never below the largest
// id in the table.
func (c *Conn) carrySequence(st vm.Storage, old, nt *table, floorSet bool) error {
	seq, err := c.sequenceOf(st, old.Name)
	if err != nil {
		return err
	}
	if floorSet && nt.AutoIncStart > 0 {
		cur, err := st.OpenCursor(old.treeSpec(), false)
		if err != nil {
			return err
		}
		last, err := cur.LastRowid()
		cur.Close()
		if err != nil {
			return err
		}
		seq = max(nt.AutoIncStart-1, last)
	}
	if err := c.dropSequence(st, old.Name); err != nil {
		return err
	}
	if !nt.hasAutoIncRowid() {
		return nil
	}
	return c.setSequence(st, nt.Name, seq)
}
