package sql

import (
	"fmt"
	"sort"
	"strings"

	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/walrusdb/walrus/vm"
)

// Firing triggers. A statement that changes a table compiles the table's
// triggers into its own program at each row point (dml.go, upsert.go):
//
//	(T1) Per row: BEFORE triggers (catalog order), the constraint checks
//	     and the write, then AFTER triggers. INSERT fires INSERT triggers;
//	     UPDATE fires UPDATE triggers for every row it matches; DELETE and
//	     REPLACE (for each row it deletes) fire DELETE triggers; an upsert
//	     fires BEFORE INSERT and, when a duplicate is found, BEFORE UPDATE
//	     and (if the row changes) AFTER UPDATE instead of AFTER INSERT.
//	(T2) NEW and OLD are the registers the statement already holds the row
//	     in. WHEN, IF, SET NEW.col, SET @var and SIGNAL compile inline; a body
//	     INSERT/UPDATE/DELETE/REPLACE/SELECT compiles to a sub-program run
//	     by OpProgram with NEW and OLD as its registers 1..2n. Sub-program
//	     changes and insert ids are not the statement's (ROW_COUNT,
//	     LAST_INSERT_ID keep MySQL's meaning).
//	(T3) A trigger may not write a table that an invoking statement uses
//	     (MySQL error 1442): the table it changes and the tables it reads
//	     before the row point (all of them but the subqueries of ON
//	     DUPLICATE KEY UPDATE). A chain across other tables nests, bounded
//	     by the number of tables.
//	(T4) Trigger code that does not compile (a table dropped since, the
//	     1442 case, a column gone) becomes an error raised when the trigger
//	     fires, as MySQL resolves trigger bodies when they run: a statement
//	     that fires no trigger is unaffected.
//	(T5) A trigger's error fails the statement, which then leaves no trace
//	     (statement atomicity, doc.go S2).
//	(T6) Statements are compiled with the triggers that exist then; every
//	     CREATE/DROP TRIGGER bumps the schema cookie, so prepared
//	     statements recompile (S3).

// trigState is a compiler's trigger bookkeeping for the statement it
// compiles: sub-programs already compiled, and the trees the statement's
// own code (not its triggers' inline code) opened up to instruction
// scanned.
type trigState struct {
	subProgs map[subProgKey]subProg
	scanned  int
	roots    map[uint32]bool
}

// trigCtx is what a compiler knows while it compiles code that runs for a
// trigger: the tables the invoking statements use and the NEW and OLD
// rows (sources reading registers).
type trigCtx struct {
	chain  []string // lower-case names of the tables the invoking statements use
	sc     *scope   // the scope NEW and OLD resolve in (no agg, no parent)
	newSrc *source
	oldSrc *source
	locals *source // DECLAREd variables (nil: none)
}

// localsQual qualifies the DECLAREd variables' source; no SQL name can
// spell it, so only unqualified names reach them.
const localsQual = "\x00locals"

// usedChain is the tables the statements around the one being compiled
// use (nil outside triggers).
func (c *compiler) usedChain() []string {
	if c.trig == nil {
		return nil
	}
	return c.trig.chain
}

// rowCtx makes the trigger context for t's NEW row in registers
// newBase.. and OLD row in oldBase.. (0: no such row), and tr's local
// variables in localBase.. (tr nil or 0: none).
func rowCtx(t *table, chain []string, newBase, oldBase int, tr *trigger, localBase int) *trigCtx {
	tc := &trigCtx{chain: chain, sc: &scope{}}
	mk := func(name string, base int) *source {
		s := &source{name: name, cursor: -1, rowidCol: -1, regBase: base}
		for _, col := range t.Cols {
			s.cols = append(s.cols, col.Name)
			s.types = append(s.types, col.Type)
		}
		return s
	}
	if newBase > 0 {
		tc.newSrc = mk("new", newBase)
		tc.sc.sources = append(tc.sc.sources, tc.newSrc)
	}
	if oldBase > 0 {
		tc.oldSrc = mk("old", oldBase)
		tc.sc.sources = append(tc.sc.sources, tc.oldSrc)
	}
	if tr != nil && len(tr.Locals) > 0 && localBase > 0 {
		s := &source{name: localsQual, cursor: -1, rowidCol: -1, regBase: localBase}
		for _, v := range tr.Locals {
			typ, _ := localType(v.typ) // checked by CREATE TRIGGER
			s.cols = append(s.cols, v.name)
			s.types = append(s.types, typ)
		}
		tc.locals = s
		tc.sc.sources = append(tc.sc.sources, s)
	}
	return tc
}

// trigLocal resolves an unqualified name to a DECLAREd variable. As in
// MySQL, a variable hides a column of the same name.
func (c *compiler) trigLocal(sc *scope, cn *ast.ColumnName) (colRef, bool) {
	if c.trig == nil || c.trig.locals == nil || cn.Table.L != "" {
		return colRef{}, false
	}
	i := c.trig.locals.colIndex(cn.Name.O)
	if i < 0 {
		return colRef{}, false
	}
	for s := sc; s != nil; s = s.parent {
		s.correlated = true
	}
	return colRef{c.trig.sc, c.trig.locals, i}, true
}

// trigColumn resolves NEW.col and OLD.col inside trigger code, after the
// statement's own scopes found nothing. Every scope on the way is marked
// correlated: the row changes between firings.
func (c *compiler) trigColumn(sc *scope, cn *ast.ColumnName) (colRef, bool) {
	if c.trig == nil {
		return colRef{}, false
	}
	var src *source
	switch cn.Table.L {
	case "new":
		src = c.trig.newSrc
	case "old":
		src = c.trig.oldSrc
	}
	if src == nil {
		return colRef{}, false
	}
	i := src.colIndex(cn.Name.O)
	if i < 0 {
		return colRef{}, false
	}
	for s := sc; s != nil; s = s.parent {
		s.correlated = true
	}
	return colRef{c.trig.sc, src, i}, true
}

// usedTables is the chain for triggers fired on t by the statement being
// compiled: the enclosing chain, t, and every table and index's table the
// statement opened so far.
func (c *compiler) usedTables(t *table) []string {
	used := append([]string(nil), c.usedChain()...)
	add := func(name string) {
		for _, u := range used {
			if u == name {
				return
			}
		}
		used = append(used, name)
	}
	add(lower(t.Name))
	if c.trigs.roots == nil {
		c.trigs.roots = map[uint32]bool{}
	}
	roots := c.trigs.roots
	for _, in := range c.instrs[min(c.trigs.scanned, len(c.instrs)):] {
		if in.Op != vm.OpOpenRead && in.Op != vm.OpOpenWrite {
			continue
		}
		if spec, ok := in.P4.(*vm.TreeSpec); ok && spec.Root > 1 {
			roots[spec.Root] = true
		}
	}
	c.trigs.scanned = len(c.instrs)
	for _, tb := range c.sch.tables {
		if _, ok := roots[tb.Root]; ok && tb.Root > 1 {
			add(lower(tb.Name))
		}
	}
	for _, ix := range c.sch.indexes {
		if _, ok := roots[ix.Root]; ok && ix.Table != nil {
			add(lower(ix.Table.Name))
		}
	}
	sort.Strings(used) // a stable sub-program cache key
	return used
}

// checkTriggerTarget refuses, inside a trigger, a write to a table an
// invoking statement uses (T3).
func (c *compiler) checkTriggerTarget(t *table) error {
	for _, name := range c.usedChain() {
		if name == lower(t.Name) {
			return errorf(CodeGeneric, "Can't update table '%s' in stored function/trigger because it is already used by statement which invoked this stored function/trigger.", t.Name)
		}
	}
	return nil
}

// setCols are the columns an UPDATE's assignments name (for UPDATE OF).
func setCols(t *table, list []*ast.Assignment) []int {
	cols := []int{}
	for _, a := range list {
		if i := t.colIndex(a.Column.Name.O); i >= 0 {
			cols = append(cols, i)
		}
	}
	return cols
}

// triggersAt returns t's triggers for tm and ev, in firing order; cols
// are the columns an UPDATE sets. A trigger whose stored text no longer
// parses is returned at every BEFORE point, so that it fails loudly.
func (c *compiler) triggersAt(t *table, tm trigTiming, ev trigEvent, cols []int) []*trigger {
	var out []*trigger
	for _, tr := range c.sch.trigs[lower(t.Name)] {
		if tr.err != nil {
			if tm == trigBefore {
				out = append(out, tr)
			}
			continue
		}
		if tr.Timing != tm || tr.Event != ev {
			continue
		}
		if ev == trigUpdate && len(tr.OfCols) > 0 && !namesAny(t, tr.OfCols, cols) {
			continue
		}
		out = append(out, tr)
	}
	return out
}

func namesAny(t *table, names []string, cols []int) bool {
	for _, n := range names {
		for _, i := range cols {
			if strings.EqualFold(t.Cols[i].Name, n) {
				return true
			}
		}
	}
	return false
}

// fireRow emits d.t's triggers for tm and ev on one row (T1): NEW in
// registers rec.. (0 for DELETE), OLD in old.. (0 for INSERT). rowid, when
// nonzero, is the register holding the rowid the row was written with
// (the record holds NULL for the rowid column after the write). cols are
// the columns an UPDATE sets.
func (c *compiler) fireRow(d *dmlTarget, tm trigTiming, ev trigEvent, rec, old, rowid int, cols []int) {
	trs := c.triggersAt(d.t, tm, ev, cols)
	if len(trs) == 0 {
		return
	}
	t := d.t
	if rowid > 0 && rec > 0 && t.RowidCol >= 0 {
		c.emit(vm.OpCopy, rowid, rec+t.RowidCol, 0, nil, "NEW."+t.Cols[t.RowidCol].Name)
	}
	if tm == trigBefore && ev == trigInsert {
		// NEW holds values converted to the columns' types, as in MySQL.
		c.emit(vm.OpAffinity, rec, len(t.Cols), 0, t.types(), "")
	}
	for _, tr := range trs {
		c.fireOne(d, tr, rec, old)
	}
	if tm == trigBefore && rec > 0 {
		// SET NEW.col may have stored any value.
		c.emit(vm.OpAffinity, rec, len(t.Cols), 0, t.types(), "")
	}
}

// deleteRow deletes the row the table cursor is on, as deleteCurrent,
// firing DELETE triggers around it.
func (c *compiler) deleteRow(d *dmlTarget, count bool) {
	t := d.t
	if len(c.triggersAt(t, trigBefore, trigDelete, nil))+len(c.triggersAt(t, trigAfter, trigDelete, nil)) == 0 {
		c.deleteCurrent(d, count)
		return
	}
	n := len(t.Cols)
	old, rowid := c.regs(n), c.reg()
	c.emit(vm.OpRowid, d.cur, rowid, 0, nil, "")
	for i := 0; i < n; i++ {
		if i == t.RowidCol {
			c.emit(vm.OpCopy, rowid, old+i, 0, nil, "")
		} else {
			c.emit(vm.OpColumn, d.cur, i, old+i, nil, "OLD."+t.Cols[i].Name)
		}
	}
	c.fireRow(d, trigBefore, trigDelete, 0, old, 0, nil)
	gone := c.newLabel()
	c.emit(vm.OpNotExists, d.cur, gone, rowid, nil, "the row again, after BEFORE DELETE triggers")
	c.deleteCurrent(d, count)
	c.fireRow(d, trigAfter, trigDelete, 0, old, 0, nil)
	c.place(gone)
}

// fireOne emits one trigger. Code that fails to compile is dropped and
// replaced by a Halt raising the error when the trigger fires (T4).
func (c *compiler) fireOne(d *dmlTarget, tr *trigger, rec, old int) {
	used := c.usedTables(d.t)
	mark := len(c.instrs)
	saved := c.trig
	locals := 0
	if len(tr.Locals) > 0 {
		locals = c.regs(len(tr.Locals))
	}
	c.trig = rowCtx(d.t, used, rec, old, tr, locals)
	err := c.emitTrigger(d, tr, rec, old)
	c.trig = saved
	if err != nil {
		clear(c.instrs[mark:]) // the pooled buffer keeps no references (C12)
		c.instrs = c.instrs[:mark]
		c.emit(vm.OpHalt, 1, 0, 0, asError(err), "trigger "+tr.Name)
	}
	// A subquery of the trigger's inline code runs at every firing: the
	// tables it reads may change between rows (by the triggers).
	for i := mark; i < len(c.instrs); i++ {
		if c.instrs[i].Op == vm.OpOnce {
			c.instrs[i] = vm.Instr{Op: vm.OpNoop, Comment: "subquery of a trigger"}
		}
	}
	c.trigs.scanned = len(c.instrs) // the trigger's code is not the statement's
}

// asError is err as the *Error a Halt raises (the vm returns it as is).
func asError(err error) *Error {
	if e, ok := wrapErr(err).(*Error); ok {
		return e
	}
	return &Error{Code: CodeGeneric, Msg: err.Error(), Err: err}
}

func (c *compiler) emitTrigger(d *dmlTarget, tr *trigger, rec, old int) error {
	if tr.err != nil {
		return tr.err
	}
	for i, v := range tr.Locals {
		r := c.trig.locals.regBase + i
		if v.def == "" {
			c.emit(vm.OpNull, 0, r, 0, nil, "DECLARE "+v.name)
			continue
		}
		e, err := parseExprText(v.def)
		if err != nil {
			return err
		}
		if err := c.exprTo(&scope{}, e, r); err != nil {
			return err
		}
		c.emit(vm.OpAffinity, r, 1, 0, []vm.ColType{c.trig.locals.types[i]}, "DECLARE "+v.name)
	}
	skip := c.newLabel()
	if tr.When != "" {
		e, err := parseExprText(tr.When)
		if err != nil {
			return err
		}
		r := c.reg()
		if err := c.exprTo(&scope{}, e, r); err != nil {
			return err
		}
		c.emit(vm.OpIfNot, r, skip, 1, nil, "WHEN of trigger "+tr.Name)
	}
	if err := c.emitBody(d, tr, tr.Body, rec, old); err != nil {
		return err
	}
	c.place(skip)
	return nil
}

// emitBody compiles a list of body statements; an IF tests its conditions
// in order and runs the first arm whose condition is true (NULL is not).
func (c *compiler) emitBody(d *dmlTarget, tr *trigger, list []bodyStmt, rec, old int) error {
	for i := range list {
		st := &list[i]
		if st.branches != nil {
			end := c.newLabel()
			for _, b := range st.branches {
				next := c.newLabel()
				if b.cond != "" {
					e, err := parseExprText(b.cond)
					if err != nil {
						return err
					}
					r := c.reg()
					if err := c.exprTo(&scope{}, e, r); err != nil {
						return err
					}
					c.emit(vm.OpIfNot, r, next, 1, nil, "IF")
				}
				if err := c.emitBody(d, tr, b.body, rec, old); err != nil {
					return err
				}
				c.emit(vm.OpGoto, 0, end, 0, nil, "END IF")
				c.place(next)
			}
			c.place(end)
			continue
		}
		s := st.text
		if w, _ := firstWord(s); strings.EqualFold(w, "SIGNAL") {
			sg, err := parseSignal(s)
			if err != nil {
				return err
			}
			if err := c.emitSignal(sg); err != nil {
				return err
			}
			continue
		}
		node, err := parseTiDB(s)
		if err != nil {
			return err
		}
		if set, ok := node.(*ast.SetStmt); ok {
			if err := c.emitTriggerSet(d, tr, set, rec); err != nil {
				return err
			}
			continue
		}
		if st.into != nil {
			if err := c.emitSelectInto(node, st.into); err != nil {
				return err
			}
			continue
		}
		prog, err := c.cachedSubProgram(st, d.t, tr, node, rec, old)
		if err != nil {
			// T4: the error is the trigger's, raised when it fires.
			c.emit(vm.OpHalt, 1, 0, 0, asError(err), "trigger "+tr.Name)
			continue
		}
		n, k := len(d.t.Cols), len(tr.Locals)
		args := c.regs(2*n + k)
		if rec > 0 {
			c.emit(vm.OpCopy, rec, args, n-1, nil, "NEW")
		}
		if old > 0 {
			c.emit(vm.OpCopy, old, args+n, n-1, nil, "OLD")
		}
		if k > 0 {
			c.emit(vm.OpCopy, c.trig.locals.regBase, args+2*n, k-1, nil, "locals")
		}
		c.emit(vm.OpProgram, args, 0, 2*n+k, prog, "trigger "+tr.Name)
	}
	return nil
}

// assignVar stores register r in a DECLAREd variable (converted to its
// type) or, for "@name", a user variable.
func (c *compiler) assignVar(name string, r int) error {
	if strings.HasPrefix(name, "@") {
		s := c.sess
		if s == nil {
			return errorf(CodeGeneric, "variables are not allowed here")
		}
		name = lower(name[1:])
		def := &vm.FuncDef{Name: "set @" + name, MinArgs: 1, MaxArgs: 1,
			Fn: func(args []vm.Value) (vm.Value, error) {
				s.user[name] = args[0]
				return args[0], nil
			}}
		c.emit(vm.OpFunction, r, 1, r, def, def.Name)
		return nil
	}
	loc := c.trig.locals
	i := -1
	if loc != nil {
		i = loc.colIndex(name)
	}
	if i < 0 {
		return errorf(CodeGeneric, "Undeclared variable: %s", name)
	}
	c.emit(vm.OpCopy, r, loc.regBase+i, 0, nil, name)
	c.emit(vm.OpAffinity, loc.regBase+i, 1, 0, []vm.ColType{loc.types[i]}, "")
	return nil
}

// emitSelectInto compiles SELECT ... INTO targets inline: one row sets
// them, none leaves them as they are (MySQL's "No data" is a warning),
// two are an error.
func (c *compiler) emitSelectInto(node ast.StmtNode, into []string) error {
	sel, ok := node.(*ast.SelectStmt)
	if !ok {
		return errNotSupported("INTO in this statement")
	}
	seen := c.reg()
	tooMany, done := c.newLabel(), c.newLabel()
	c.emit(vm.OpInteger, 0, seen, 0, nil, "")
	_, err := c.query(nil, sel, &sink{row: func(first, n int) error {
		if n != len(into) {
			return errorf(CodeMismatch, "The used SELECT statements have a different number of columns")
		}
		c.emit(vm.OpIf, seen, tooMany, 0, nil, "")
		c.emit(vm.OpInteger, 1, seen, 0, nil, "")
		for j, target := range into {
			if err := c.assignVar(target, first+j); err != nil {
				return err
			}
		}
		return nil
	}})
	if err != nil {
		return err
	}
	c.emit(vm.OpGoto, 0, done, 0, nil, "")
	c.place(tooMany)
	c.emit(vm.OpHalt, 1, 0, 0, errorf(CodeMismatch, "Result consisted of more than one row"), "SELECT ... INTO")
	c.place(done)
	return nil
}

// emitTriggerSet compiles SET NEW.col = e (a BEFORE trigger's change to
// the row about to be written) and SET @var = e, left to right.
func (c *compiler) emitTriggerSet(d *dmlTarget, tr *trigger, set *ast.SetStmt, rec int) error {
	t := d.t
	for _, a := range set.Variables {
		row := rowVar(a.Name)
		switch {
		case a.IsSystem && row == "new":
			if rec == 0 || tr.Timing == trigAfter {
				return errorf(CodeGeneric, "Updating of NEW row is not allowed in after trigger")
			}
			name := a.Name[strings.IndexByte(a.Name, '.')+1:]
			i := t.colIndex(name)
			if i < 0 {
				return errorf(CodeNoSuchColumn, "Unknown column '%s' in 'NEW'", name)
			}
			e := a.Value
			if _, ok := e.(*ast.DefaultExpr); ok {
				if t.Cols[i].Default == nil {
					c.emit(vm.OpNull, 0, rec+i, 0, nil, "")
					continue
				}
				e = t.Cols[i].Default
			}
			if err := c.exprTo(&scope{}, e, rec+i); err != nil {
				return err
			}
		case a.IsSystem && row == "old":
			return errorf(CodeGeneric, "Updating of OLD row is not allowed in trigger")
		case a.IsSystem && (c.trig.locals == nil || c.trig.locals.colIndex(a.Name) < 0):
			return errNotSupported("SET of a system variable in a trigger body")
		default:
			name := a.Name
			if !a.IsSystem {
				name = "@" + name
			}
			r := c.reg()
			if err := c.exprTo(&scope{}, a.Value, r); err != nil {
				return err
			}
			if err := c.assignVar(name, r); err != nil {
				return err
			}
		}
	}
	return nil
}

// emitSignal compiles SIGNAL SQLSTATE: an error with the message (class
// '01' is a warning, which walrus does not keep: no effect).
func (c *compiler) emitSignal(sg *signalStmt) error {
	if strings.HasPrefix(sg.State, "01") {
		return nil
	}
	r := c.reg()
	switch {
	case sg.Message != "":
		e, err := parseExprText(sg.Message)
		if err != nil {
			return err
		}
		if err := c.exprTo(&scope{}, e, r); err != nil {
			return err
		}
	case strings.HasPrefix(sg.State, "02"):
		c.emit(vm.OpValue, 0, r, 0, vm.Text("Unhandled user-defined not found condition"), "")
	default:
		c.emit(vm.OpValue, 0, r, 0, vm.Text("Unhandled user-defined exception condition"), "")
	}
	state, errno := sg.State, sg.Errno
	if errno == 0 {
		errno = 1644 // ER_SIGNAL_EXCEPTION
	}
	def := &vm.FuncDef{Name: "signal", MinArgs: 1, MaxArgs: 1,
		Fn: func(args []vm.Value) (vm.Value, error) {
			return vm.Value{}, &Error{Code: CodeSignal, Msg: args[0].AsString(),
				Err: &SignalError{State: state, Errno: errno}}
		}}
	c.emit(vm.OpFunction, r, 1, r, def, "SIGNAL SQLSTATE '"+state+"'")
	return nil
}

// SignalError is the detail of a CodeSignal error: the SQLSTATE and the
// MySQL error number SIGNAL gave (1644 unless MYSQL_ERRNO was set).
type SignalError struct {
	State string
	Errno int
}

func (e *SignalError) Error() string {
	return fmt.Sprintf("SIGNAL SQLSTATE '%s' (error %d)", e.State, e.Errno)
}

// subProg is a compiled body statement (or its compile error), kept for
// the other row points of the statement being compiled.
type subProg struct {
	prog *vm.Program
	err  error
}

// cachedSubProgram is subProgram, compiled once per statement for each
// body statement, rows present and chain: a multi-row INSERT ... VALUES
// has a row point per row, all firing the same sub-programs (M1: a
// program may be run by many executions).
func (c *compiler) cachedSubProgram(st *bodyStmt, t *table, tr *trigger, node ast.StmtNode, rec, old int) (*vm.Program, error) {
	key := subProgKey{st, rec > 0, old > 0, strings.Join(c.usedChain(), ",")}
	if p, ok := c.trigs.subProgs[key]; ok {
		return p.prog, p.err
	}
	prog, err := c.subProgram(t, tr, node, rec, old)
	if c.trigs.subProgs == nil {
		c.trigs.subProgs = map[subProgKey]subProg{}
	}
	c.trigs.subProgs[key] = subProg{prog, err}
	return prog, err
}

type subProgKey struct {
	st       *bodyStmt
	new, old bool
	chain    string
}

// subProgram compiles a trigger body statement for the trigger tr of t
// whose NEW and OLD rows the caller holds in rec and old (0: none): a
// program whose registers 1..n are NEW, n+1..2n OLD and the next ones
// tr's local variables (T2).
func (c *compiler) subProgram(t *table, tr *trigger, node ast.StmtNode, rec, old int) (prog *vm.Program, err error) {
	defer func() {
		if r := recover(); r != nil {
			prog, err = nil, errorf(CodeGeneric, "internal error compiling a trigger body: %v", r)
		}
	}()
	sub := newCompiler(c.sch)
	defer sub.release()
	sub.sess = c.sess
	n := len(t.Cols)
	base := sub.regs(2*n + len(tr.Locals))
	newBase, oldBase := 0, 0
	if rec > 0 {
		newBase = base
	}
	if old > 0 {
		oldBase = base + n
	}
	sub.trig = rowCtx(t, c.usedChain(), newBase, oldBase, tr, base+2*n)
	switch x := node.(type) {
	case *ast.InsertStmt:
		return sub.compileInsert(x)
	case *ast.UpdateStmt:
		return sub.compileUpdate(x)
	case *ast.DeleteStmt:
		return sub.compileDelete(x)
	case *ast.SelectStmt:
		if x.SelectIntoOpt != nil {
			return nil, errNotSupported("SELECT INTO")
		}
		prog, _, err := sub.compileQuery(x)
		return prog, err
	case *ast.SetOprStmt:
		prog, _, err := sub.compileQuery(x)
		return prog, err
	}
	return nil, errNotSupported(fmt.Sprintf("%T in a trigger body", node))
}
