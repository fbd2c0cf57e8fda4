package sql

import (
	"context"
	"strings"

	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/walrusdb/walrus/vm"
)

// Column describes one result column.
type Column struct {
	Name          string
	Type          vm.ColType
	HasType       bool
	Nullable      bool
	NullableKnown bool
}

// Result is what Exec reports.
type Result struct {
	LastInsertID int64
	RowsAffected int64
}

// native is a statement run by Go code instead of a program (DDL, PRAGMA,
// transaction control). It may return rows.
type native func(ctx context.Context, s *Stmt, args []vm.Value) (*nativeResult, error)

type nativeResult struct {
	cols []string
	rows [][]vm.Value
	res  Result
}

// Stmt is a prepared statement (S3).
type Stmt struct {
	conn    *Conn
	text    string
	node    ast.StmtNode
	front   frontStmt
	explain bool

	prog    *vm.Program
	cookie  uint32
	cols    []Column
	nparams int
	run     native
	write   bool // a native statement that writes
	closed  bool
	// plan is how the program depends on argument classes (stmtplan.go).
	plan paramPlan
	// noStorage: prog runs without a transaction (S9, nostorage.go).
	noStorage bool
}

// Prepare compiles the first statement of query; tail is the text after
// it. A query of only blanks and comments gives a statement that does
// nothing.
func (c *Conn) Prepare(ctx context.Context, query string) (st *Stmt, tail string, err error) {
	if c.closed {
		return nil, "", errorf(CodeGeneric, "connection is closed")
	}
	text, tail, _ := splitFirst(query)
	st = &Stmt{conn: c, text: text}
	if text == "" {
		st.run = func(context.Context, *Stmt, []vm.Value) (*nativeResult, error) { return &nativeResult{}, nil }
		return st, tail, nil
	}
	body := text
	if w, rest := firstWord(text); strings.EqualFold(w, "EXPLAIN") {
		if w2, _ := firstWord(rest); strings.EqualFold(w2, "QUERY") {
			return nil, "", errNotSupported("EXPLAIN QUERY PLAN")
		}
		st.explain = true
		body = rest
	}
	f, err := parseFront(body)
	if err != nil {
		return nil, "", err
	}
	if f != nil {
		st.front = f
	} else {
		node, err := parseTiDB(body)
		if err != nil {
			return nil, "", err
		}
		st.node = node
	}
	if err := st.compile(ctx); err != nil {
		return nil, "", err
	}
	return st, tail, nil
}

func firstWord(s string) (string, string) {
	s = s[skipBlank(s, 0):]
	i := 0
	for i < len(s) && isWordByte(s[i]) {
		i++
	}
	return s[:i], s[i:]
}

// withSchema runs fn with an up-to-date schema, inside a read transaction
// of its own when none is open.
func (c *Conn) withSchema(ctx context.Context, fn func() error) error {
	if c.readOpen {
		if err := c.refreshSchema(); err != nil {
			return err
		}
		return fn()
	}
	if err := c.openRead(ctx); err != nil {
		return err
	}
	err := fn()
	if c.active == 0 && !c.inTx {
		if e := c.endTx(false); err == nil {
			err = e
		}
	} else if c.active == 0 && c.readOpen && !c.writeOpen {
		// Inside BEGIN, before the transaction's first read: the schema
		// load is no part of it (SQLite's rule too), so its first write can
		// still wait for RESERVED instead of failing busy at once (P8).
		if e := c.bt.EndRead(); err == nil {
			err = wrapErr(e)
		}
		c.readOpen = false
	}
	return err
}

func (s *Stmt) compile(ctx context.Context) (err error) {
	defer func() {
		// A compiler bug is an error of this statement, never a crash.
		if r := recover(); r != nil {
			err = errorf(CodeGeneric, "internal error compiling %q: %v", s.text, r)
		}
	}()
	s.prog, s.run, s.cols, s.write = nil, nil, nil, false
	if s.front != nil {
		return s.compileFront()
	}
	if s.compileCached() {
		return nil
	}
	s.prog, s.run, s.cols, s.write = nil, nil, nil, false
	return s.conn.withSchema(ctx, func() error {
		s.cookie = s.conn.sch.cookie
		return s.compileNode()
	})
}

// compileCached compiles a query or DML statement in autocommit mode
// against the schema loaded by an earlier statement, without taking a lock:
// Query checks the schema cookie under its own transaction and compiles
// again if the schema changed meanwhile (S3), so Prepare need not open a
// read transaction of its own (a SHARED lock, a hot-journal check and a
// header read per statement, as sqlite3_prepare with a loaded schema
// avoids too). The compiler reads only the schema, never the file. It
// reports false when it did not apply or the compile failed (the schema
// may be stale: the caller compiles again under a lock for the real
// error) or gave a native statement (which Query runs without that check).
func (s *Stmt) compileCached() bool {
	c := s.conn
	if c.sch == nil || c.readOpen || c.inTx || c.active > 0 {
		return false
	}
	switch s.node.(type) {
	case *ast.SelectStmt, *ast.SetOprStmt, *ast.InsertStmt, *ast.UpdateStmt, *ast.DeleteStmt:
	default:
		return false
	}
	s.cookie = c.sch.cookie
	return s.compileNode() == nil && s.prog != nil && s.run == nil
}

func (s *Stmt) compileNode() error {
	s.prog, s.run, s.cols, s.write = nil, nil, nil, false
	c := newCompiler(s.conn.sch)
	c.sess = s.conn.session()
	c.params = s.plan.bind
	defer func() {
		c.release()
		s.plan.dependent = c.paramPlan
		if c.params == nil {
			s.plan.sig = ""
		}
	}()
	switch n := s.node.(type) {
	case *ast.SelectStmt, *ast.SetOprStmt:
		if sel, ok := n.(*ast.SelectStmt); ok && sel.SelectIntoOpt != nil {
			return errNotSupported("SELECT INTO")
		}
		prog, info, err := c.compileQuery(n.(ast.ResultSetNode))
		if err != nil {
			return err
		}
		s.prog = prog
		s.cols = make([]Column, 0, len(info.names))
		for i, name := range info.names {
			col := Column{Name: name, Type: info.types[i], HasType: info.typed[i]}
			if i < len(info.nullKnown) && info.nullKnown[i] {
				col.Nullable, col.NullableKnown = info.nullable[i], true
			}
			s.cols = append(s.cols, col)
		}
	case *ast.InsertStmt:
		prog, err := c.compileInsert(n)
		if err != nil {
			return err
		}
		s.prog = prog
	case *ast.UpdateStmt:
		prog, err := c.compileUpdate(n)
		if err != nil {
			return err
		}
		s.prog = prog
	case *ast.DeleteStmt:
		prog, err := c.compileDelete(n)
		if err != nil {
			return err
		}
		s.prog = prog
	case *ast.BeginStmt:
		if n.ReadOnly {
			s.run = runBeginReadOnly
		} else {
			s.run = runBegin(TxDeferred)
		}
	case *ast.SavepointStmt:
		s.run = runSavepoint(n.Name)
	case *ast.ReleaseSavepointStmt:
		s.run = runRelease(n.Name)
	case *ast.CommitStmt:
		s.run = runCommit
	case *ast.RollbackStmt:
		if n.SavepointName != "" {
			s.run = runRollbackTo(n.SavepointName)
		} else {
			s.run = runRollback
		}
	case *ast.SetStmt, *ast.ShowStmt, *ast.ExplainStmt, *ast.AlterTableStmt, *ast.RenameTableStmt,
		*ast.LockTablesStmt, *ast.UnlockTablesStmt, *ast.UseStmt:
		if err := s.compileCompat(); err != nil { // session.go, show.go, alter.go
			return err
		}
	default:
		run, err := s.conn.compileDDL(s.node)
		if err != nil {
			return err
		}
		s.run, s.write = run, true
	}
	s.noStorage = false
	if s.prog != nil {
		s.nparams = s.prog.NumParams
		s.write = s.prog.Writes
		s.noStorage = !needsStorage(s.node, s.prog)
	}
	if s.explain {
		if s.prog == nil {
			return errNotSupported("EXPLAIN of this statement")
		}
		s.cols = nil
		for _, name := range vm.ExplainColumns {
			s.cols = append(s.cols, Column{Name: name})
		}
	}
	return nil
}

func (s *Stmt) compileFront() error {
	switch f := s.front.(type) {
	case *beginStmt:
		s.run = runBegin(f.Mode)
	case *commitStmt:
		s.run = runCommit
	case *rollbackStmt:
		s.run = runRollback
	case *pragmaStmt:
		run, cols, write, err := compilePragma(f)
		if err != nil {
			return err
		}
		s.run, s.write = run, write
		for _, name := range cols {
			s.cols = append(s.cols, Column{Name: name})
		}
	case *vacuumStmt:
		s.run, s.write = runVacuum(f), true // vacuum.go
	case *dropIndexStmt:
		s.run, s.write = runDropIndex(f.Name, f.Table, f.IfExists), true
	case *createTriggerStmt:
		s.run = func(ctx context.Context, s *Stmt, _ []vm.Value) (*nativeResult, error) {
			return &nativeResult{}, s.conn.runCreateTrigger(ctx, f)
		}
		s.write = true
	case *dropTriggerStmt:
		s.run = func(ctx context.Context, s *Stmt, _ []vm.Value) (*nativeResult, error) {
			return &nativeResult{}, s.conn.runDropTrigger(ctx, f)
		}
		s.write = true
	case *showCreateTriggerStmt:
		s.compileShowCreateTrigger(f) // showtrigger.go
	}
	if s.explain {
		return errNotSupported("EXPLAIN of this statement")
	}
	return nil
}

func runBegin(mode TxMode) native {
	return func(ctx context.Context, s *Stmt, _ []vm.Value) (*nativeResult, error) {
		return &nativeResult{}, s.conn.Begin(ctx, mode, false)
	}
}

func runBeginReadOnly(ctx context.Context, s *Stmt, _ []vm.Value) (*nativeResult, error) {
	return &nativeResult{}, s.conn.Begin(ctx, TxDeferred, true)
}

func runCommit(_ context.Context, s *Stmt, _ []vm.Value) (*nativeResult, error) {
	return &nativeResult{}, s.conn.Commit()
}

func runRollback(_ context.Context, s *Stmt, _ []vm.Value) (*nativeResult, error) {
	return &nativeResult{}, s.conn.Rollback()
}

// NumInput is the number of ? parameters.
func (s *Stmt) NumInput() int { return s.nparams }

// Columns describes the result columns (empty for statements without rows).
func (s *Stmt) Columns() []Column { return s.cols }

// ReadOnly reports whether the statement leaves the database unchanged.
func (s *Stmt) ReadOnly() bool { return !s.write }

// Close releases the statement.
func (s *Stmt) Close() error {
	s.closed = true
	return nil
}

// Program is the compiled program, nil for statements run natively.
func (s *Stmt) Program() *vm.Program { return s.prog }

// Exec runs the statement to completion.
func (s *Stmt) Exec(ctx context.Context, args []vm.Value) (Result, error) {
	rows, err := s.Query(ctx, args)
	if err != nil {
		return Result{}, err
	}
	if rows.exec == nil {
		return rows.res, nil
	}
	for {
		ok, err := rows.step()
		if err != nil {
			rows.Close()
			return Result{}, err
		}
		if !ok {
			break
		}
	}
	res := rows.result()
	return res, rows.Close()
}

// Query runs the statement and returns its rows.
func (s *Stmt) Query(ctx context.Context, args []vm.Value) (*Rows, error) {
	if s.closed {
		return nil, errorf(CodeGeneric, "statement is closed")
	}
	if len(args) != s.nparams {
		return nil, errorf(CodeRange, "statement needs %d parameters, %d given", s.nparams, len(args))
	}
	if err := s.autoBegin(ctx); err != nil { // SET autocommit=0 (session.go)
		return nil, err
	}
	c := s.conn
	if s.run != nil {
		nr, err := s.run(ctx, s, args)
		if err != nil {
			return nil, wrapErr(err)
		}
		c.noteResult(s, nr.res) // lastresult.go
		return &Rows{cols: s.cols, static: nr.rows, res: nr.res, done: false}, nil
	}
	if s.noStorage && (!s.plan.dependent || len(args) == 0) {
		// No transaction and no schema check (S9): the program reads
		// neither the file nor the schema, and a plan for the arguments'
		// classes is not needed without arguments.
		c.stmtBeginNoStorage()
	} else {
		if err := c.stmtBegin(ctx, s.write); err != nil {
			return nil, err
		}
		if s.cookie != c.sch.cookie {
			// The schema changed since Prepare: compile again.
			if err := s.compileNode(); err != nil {
				return nil, c.stmtEnd(s.write, err)
			}
			s.cookie = c.sch.cookie
		}
		if err := s.planForArgs(args); err != nil {
			return nil, c.stmtEnd(s.write, err)
		}
	}
	if s.explain {
		var rows [][]vm.Value
		for _, r := range s.prog.Explain() {
			row := make([]vm.Value, len(r))
			for i, x := range r {
				row[i] = vm.Text(x)
			}
			rows = append(rows, row)
		}
		if err := c.stmtEnd(s.write, nil); err != nil {
			return nil, err
		}
		return &Rows{cols: s.cols, static: rows}, nil
	}
	r := &Rows{cols: s.cols, stmt: s, open: true}
	r.env = vm.Env{Params: args, Temp: c.temps()}
	if !s.noStorage {
		r.env.Storage = vm.BtreeStorage{File: c.bt}
	}
	r.exec = vm.NewExec(ctx, s.prog, &r.env)
	return r, nil
}

// Rows is the result of Query.
type Rows struct {
	cols   []Column
	stmt   *Stmt
	exec   *vm.Exec
	open   bool // holds a stmtBegin
	static [][]vm.Value
	res    Result
	done   bool
	err    error
	env    vm.Env // exec's; part of Rows to save an allocation per statement
}

// Columns describes the columns of the rows.
func (r *Rows) Columns() []Column { return r.cols }

func (r *Rows) step() (bool, error) {
	if r.done || r.err != nil {
		return false, r.err
	}
	if r.exec == nil {
		if len(r.static) == 0 {
			r.done = true
			return false, nil
		}
		return true, nil
	}
	ok, err := r.exec.Step()
	if err != nil {
		r.err = wrapErr(err)
		r.finish(r.err)
		return false, r.err
	}
	if !ok {
		r.done = true
		r.res = Result{LastInsertID: r.exec.LastInsertID(), RowsAffected: r.exec.Changes()}
		r.stmt.conn.noteResult(r.stmt, r.res) // lastresult.go
		if err := r.finish(nil); err != nil {
			r.err = err
			return false, err
		}
	}
	return ok, nil
}

func (r *Rows) finish(err error) error {
	if !r.open {
		return err
	}
	r.open = false
	return r.stmt.conn.stmtEnd(r.stmt.write, err)
}

// Next copies the next row into dest (len(dest) == len(Columns())); it
// returns false at the end.
func (r *Rows) Next(dest []vm.Value) (bool, error) {
	row, ok, err := r.NextRow()
	if ok {
		copy(dest, row)
	}
	return ok, err
}

// NextRow advances to the next row and returns it without a copy: the
// slice may alias the program's registers, so it is valid only until the
// next call of NextRow, Next or Close, and the caller must not modify it.
func (r *Rows) NextRow() ([]vm.Value, bool, error) {
	ok, err := r.step()
	if !ok || err != nil {
		return nil, ok, err
	}
	if r.exec == nil {
		row := r.static[0]
		r.static = r.static[1:]
		return row, true, nil
	}
	return r.exec.Row(), true, nil
}

func (r *Rows) result() Result { return r.res }

// Close ends the rows. A statement that writes runs to completion first.
func (r *Rows) Close() error {
	if r.exec != nil && r.open {
		if r.stmt.write && r.err == nil {
			for {
				ok, err := r.step()
				if err != nil || !ok {
					break
				}
			}
		}
		r.exec.Close()
		return r.finish(nil)
	}
	return nil
}
