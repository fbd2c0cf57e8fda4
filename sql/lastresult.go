package sql

import (
	"github.com/pingcap/tidb/pkg/parser/ast"

	"github.com/walrusdb/walrus/vm"
)

// LAST_INSERT_ID() and ROW_COUNT(): what the connection's previous
// statements did, kept in the session.

// lastResult is the session state the two functions read.
type lastResult struct {
	insertID int64 // LAST_INSERT_ID(): the first id the last INSERT that generated one generated, or LAST_INSERT_ID(n)'s n
	rowCount int64 // ROW_COUNT(): the previous statement's
	// gen is the first AUTO_INCREMENT id the running statement generated
	// (genSet): noteGenerated's code records it, noteResult takes it.
	gen    int64
	genSet bool
}

// noteResult records a finished statement: ROW_COUNT() is its affected
// rows for INSERT, UPDATE and DELETE, -1 for a statement that returns rows
// and 0 for others (DDL, SET), as in MySQL. An INSERT (or REPLACE) that
// generated AUTO_INCREMENT ids sets LAST_INSERT_ID() to the first one; one
// that gave every id explicitly leaves it alone (MySQL's rule; the
// Result's LastInsertID, the driver's, is the first new rowid either way).
func (c *Conn) noteResult(s *Stmt, res Result) {
	sess := c.session()
	gen, genSet := sess.last.gen, sess.last.genSet
	sess.last.genSet = false
	switch s.node.(type) {
	case *ast.InsertStmt:
		sess.last.rowCount = res.RowsAffected
		if genSet {
			sess.last.insertID = gen
		}
	case *ast.UpdateStmt, *ast.DeleteStmt:
		sess.last.rowCount = res.RowsAffected
	default:
		if len(s.cols) > 0 {
			sess.last.rowCount = -1
		} else {
			sess.last.rowCount = 0
		}
	}
}

// generatedFlag returns a register, cleared here, that writeRow sets when
// it generates the row's AUTO_INCREMENT id, or 0 when LAST_INSERT_ID()
// does not follow t's inserts: no AUTO_INCREMENT rowid, no session, or a
// trigger body's insert (MySQL restores LAST_INSERT_ID() when a trigger
// ends).
func (c *compiler) generatedFlag(t *table) int {
	if c.sess == nil || c.trig != nil || t.RowidCol < 0 || !t.Cols[t.RowidCol].AutoInc {
		return 0
	}
	r := c.reg()
	c.emit(vm.OpInteger, 0, r, 0, nil, "")
	return r
}

// noteGenerated emits code that, after a row was inserted, records its id
// (register id) as the statement's first generated id when gen says the
// id was generated and none was recorded yet. A generated id whose row
// was not inserted (a duplicate that INSERT IGNORE skipped or ON
// DUPLICATE KEY UPDATE updated) is not recorded, as in MySQL.
func (c *compiler) noteGenerated(gen, id int) {
	s := c.sess
	skip := c.newLabel()
	c.emit(vm.OpIfNot, gen, skip, 1, nil, "")
	defer c.place(skip)
	def := &vm.FuncDef{Name: "note_generated_id", MinArgs: 1, MaxArgs: 1, Fn: func(a []vm.Value) (vm.Value, error) {
		if !s.last.genSet {
			s.last.gen, s.last.genSet = a[0].AsInt(), true
		}
		return vm.Null(), nil
	}}
	c.emit(vm.OpFunction, id, 1, c.reg(), def, def.Name)
}

// lastResultFunc compiles LAST_INSERT_ID([n]) and ROW_COUNT() to calls
// that read the session when the statement runs; ok is false for other
// names.
func (c *compiler) lastResultFunc(sc *scope, n *ast.FuncCallExpr, target int) (ok bool, err error) {
	name := n.FnName.L
	if name != "last_insert_id" && name != "row_count" {
		return false, nil
	}
	s := c.sess
	if s == nil {
		return true, errorf(CodeGeneric, "%s() is not allowed here", n.FnName.O)
	}
	def := &vm.FuncDef{Name: n.FnName.O, MaxArgs: 0}
	switch {
	case name == "row_count":
		def.Fn = func([]vm.Value) (vm.Value, error) { return vm.Int(s.last.rowCount), nil }
	case len(n.Args) == 0:
		def.Fn = func([]vm.Value) (vm.Value, error) { return vm.Uint(uint64(s.last.insertID)), nil }
	default:
		// LAST_INSERT_ID(expr) returns expr and makes it the value later
		// calls return (MySQL's way to emulate sequences).
		def.MinArgs, def.MaxArgs = 1, 1
		def.Fn = func(a []vm.Value) (vm.Value, error) {
			if a[0].IsNull() {
				s.last.insertID = 0
				return vm.Null(), nil
			}
			s.last.insertID = a[0].AsInt()
			return vm.Uint(uint64(s.last.insertID)), nil
		}
	}
	if err := def.CheckArgs(len(n.Args)); err != nil {
		return true, &Error{Code: CodeMismatch, Msg: "incorrect parameter count in the call to native function '" + n.FnName.O + "'", Err: err}
	}
	first := c.regs(len(n.Args))
	for i, a := range n.Args {
		if err := c.exprTo(sc, a, first+i); err != nil {
			return true, err
		}
	}
	c.emit(vm.OpFunction, first, len(n.Args), target, def, def.Name)
	return true, nil
}
