package sql

import (
	"context"
	"strconv"
	"strings"

	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/pingcap/tidb/pkg/parser/format"
	"github.com/walrusdb/walrus/vm"
)

// CHECK constraints (MySQL 8.0.16+): column-level and table-level, named
// or named <table>_chk_<n> (column-level ones first, then table-level, in
// order). An enforced constraint is compiled into INSERT, UPDATE, REPLACE
// and upserts after the row's NOT NULL checks: FALSE fails the statement,
// TRUE and NULL pass. NOT ENFORCED constraints are kept and not checked.

// checkDef is a CHECK constraint of a table.
type checkDef struct {
	name     string
	expr     ast.ExprNode
	enforced bool
	column   string // set for a column-level constraint
}

// nameChecks names the unnamed constraints of checks and gives them to t.
func (t *table) nameChecks(checks []*checkDef) error {
	seen := map[string]bool{}
	for _, ch := range checks {
		if ch.name != "" {
			seen[lower(ch.name)] = true
		}
	}
	n := 0
	for _, ch := range checks {
		if ch.name == "" {
			for {
				n++
				name := t.Name + "_chk_" + strconv.Itoa(n)
				if !seen[lower(name)] {
					ch.name = name
					break
				}
			}
		} else if seen[lower(ch.name)] && countName(checks, ch.name) > 1 {
			return errorf(CodeGeneric, "Duplicate check constraint name '%s'.", ch.name)
		}
	}
	t.Checks = checks
	return nil
}

func countName(checks []*checkDef, name string) int {
	n := 0
	for _, ch := range checks {
		if strings.EqualFold(ch.name, name) {
			n++
		}
	}
	return n
}

// text is the constraint's expression as SHOW CREATE TABLE prints it:
// names quoted, so that the DDL parses again whatever the column names.
func (ch *checkDef) text() string {
	var b strings.Builder
	flags := format.RestoreStringSingleQuotes | format.RestoreKeyWordUppercase | format.RestoreNameBackQuotes
	e := ch.expr
	for p, ok := e.(*ast.ParenthesesExpr); ok; p, ok = e.(*ast.ParenthesesExpr) {
		e = p.Expr // rendering adds one pair; reparsing must not add more
	}
	if err := e.Restore(format.NewRestoreCtx(flags, &b)); err != nil {
		return exprText(ch.expr)
	}
	return "(" + b.String() + ")"
}

// checkRow tests the enforced CHECK constraints of d's table on the row
// in rec (its rowid column holding the rowid). INSERT IGNORE (dup.ignore)
// skips a failing row instead: it jumps to dup.label.
func (c *compiler) checkRow(d *dmlTarget, rec int, dup onDup) error {
	t := d.t
	if len(t.Checks) == 0 {
		return nil
	}
	self := &source{name: t.Name, tbl: t, cursor: d.cur, rowidCol: t.RowidCol, regBase: rec}
	for _, col := range t.Cols {
		self.cols = append(self.cols, col.Name)
		self.types = append(self.types, col.Type)
	}
	sc := &scope{sources: []*source{self}}
	for _, ch := range t.Checks {
		if !ch.enforced {
			continue
		}
		r := c.reg()
		if err := c.exprTo(sc, ch.expr, r); err != nil {
			return err
		}
		ok := c.newLabel()
		c.emit(vm.OpIf, r, ok, 1, nil, "CHECK "+ch.name+": TRUE or NULL passes")
		if dup.ignore {
			c.emit(vm.OpGoto, 0, dup.label, 0, nil, "IGNORE: skip the row")
		} else {
			c.emit(vm.OpHalt, 1, 1, 0, errCheck(ch.name), "")
		}
		c.place(ok)
	}
	return nil
}

func errCheck(name string) *Error {
	return errorf(CodeConstraint, "Check constraint '%s' is violated.", name)
}

// validateChecks is MySQL's DDL-time rules for t's CHECK constraints: the
// expression compiles against t, uses no subquery, variable, parameter or
// non-deterministic function, no AUTO_INCREMENT column and no column an FK
// action changes; a column-level one names only its own column.
func validateChecks(sch *schema, t *table) error {
	for _, ch := range t.Checks {
		v := &checkVisitor{}
		ch.expr.Accept(v)
		if v.bad != "" {
			return errorf(CodeGeneric, "An expression of a check constraint '%s' contains disallowed function%s.", ch.name, v.bad)
		}
		for _, name := range v.cols {
			i := t.colIndex(name)
			if i < 0 {
				return errorf(CodeNoSuchColumn, "Unknown column '%s' in 'check constraint %s expression'", name, ch.name)
			}
			if ch.column != "" && !strings.EqualFold(name, ch.column) {
				return errorf(CodeGeneric, "Column check constraint '%s' references other column.", ch.name)
			}
			if t.Cols[i].AutoInc {
				return errorf(CodeGeneric, "Check constraint '%s' cannot refer to an auto-increment column.", ch.name)
			}
			for _, fk := range t.FKs {
				if fk.onDelete != fkCascade && fk.onDelete != fkSetNull && fk.onUpdate != fkCascade && fk.onUpdate != fkSetNull {
					continue
				}
				for _, c := range fk.colIdx {
					if c == i {
						return errorf(CodeGeneric, "Column '%s' cannot be used in a check constraint '%s': needed in a foreign key constraint '%s' referential action.",
							t.Cols[i].Name, ch.name, fk.name)
					}
				}
			}
		}
		// It must compile as an expression over the row.
		cp := newCompiler(sch)
		d := &dmlTarget{t: t}
		rec := cp.regs(len(t.Cols))
		if err := cp.checkRow(d, rec, onDup{}); err != nil {
			return err
		}
	}
	return nil
}

// checkVisitor collects the column names of a CHECK expression and the
// first construct MySQL disallows there.
type checkVisitor struct {
	cols []string
	bad  string
}

var nondeterministic = map[string]bool{"rand": true, "uuid": true, "uuid_short": true, "now": true,
	"current_timestamp": true, "sysdate": true, "curdate": true, "current_date": true, "curtime": true,
	"current_time": true, "localtime": true, "localtimestamp": true, "unix_timestamp": true,
	"utc_date": true, "utc_time": true, "utc_timestamp": true, "connection_id": true, "current_user": true,
	"user": true, "session_user": true, "system_user": true, "database": true, "schema": true,
	"found_rows": true, "last_insert_id": true, "row_count": true, "version": true, "sleep": true,
	"get_lock": true, "release_lock": true}

func (v *checkVisitor) Enter(n ast.Node) (ast.Node, bool) {
	switch x := n.(type) {
	case *ast.ColumnNameExpr:
		v.cols = append(v.cols, x.Name.Name.O)
	case *ast.SubqueryExpr, *ast.ExistsSubqueryExpr, *ast.VariableExpr, *ast.DefaultExpr,
		*ast.AggregateFuncExpr, *ast.WindowFuncExpr:
		if v.bad == "" {
			v.bad = " (a subquery, variable, parameter or aggregate)"
		}
	case *ast.FuncCallExpr:
		if nondeterministic[x.FnName.L] && v.bad == "" {
			v.bad = " " + x.FnName.O
		}
	}
	return n, false
}

func (v *checkVisitor) Leave(n ast.Node) (ast.Node, bool) { return n, true }

// validateRows fails when a row of t violates an enforced CHECK
// constraint or (with foreign key checks on) a foreign key in fks: what
// ALTER TABLE ADD CHECK / ADD FOREIGN KEY require of existing rows.
func (c *Conn) validateRows(ctx context.Context, t *table, checks []*checkDef, fks []*fkDef) error {
	for _, ch := range checks {
		if !ch.enforced {
			continue
		}
		q := "SELECT 1 FROM " + quoteIdent(t.Name) + " WHERE NOT (" + ch.text() + ") LIMIT 1"
		rows, err := c.queryRows(ctx, q) // pragma_compat.go
		if err != nil {
			return err
		}
		if len(rows) > 0 {
			return errCheck(ch.name)
		}
	}
	if !c.session().fkChecksOn() || len(fks) == 0 {
		return nil
	}
	st := vm.BtreeStorage{File: c.bt}
	rt := &fkRuntime{sch: c.sch, sess: c.session()}
	cur, err := st.OpenCursor(t.treeSpec(), false)
	if err != nil {
		return err
	}
	defer cur.Close()
	ok, err := cur.First()
	for ; ok && err == nil; ok, err = cur.Next() {
		id, err := cur.Rowid()
		if err != nil {
			return err
		}
		row, _, err := readRow(st, t, id)
		if err != nil {
			return err
		}
		for _, fk := range fks {
			if err := rt.checkParent(st, t, fk, row); err != nil {
				return err
			}
		}
	}
	return err
}

// addCheck adds ALTER TABLE's ADD CHECK to the model (rows are validated
// after the change, validateAltered).
func (m *tableModel) addCheck(ch *checkDef) error {
	if ch.name == "" {
		for n := 1; ch.name == ""; n++ {
			name := m.name + "_chk_" + strconv.Itoa(n)
			if m.checkIndex(name) < 0 {
				ch.name = name
			}
		}
	} else if m.checkIndex(ch.name) >= 0 {
		return errorf(CodeGeneric, "Duplicate check constraint name '%s'.", ch.name)
	}
	m.checks = append(m.checks, ch)
	return nil
}

func (m *tableModel) checkIndex(name string) int {
	for i, ch := range m.checks {
		if strings.EqualFold(ch.name, name) {
			return i
		}
	}
	return -1
}

// alterCheck is DROP CHECK name and ALTER CHECK name [NOT] ENFORCED.
func (m *tableModel) alterCheck(sp *ast.AlterTableSpec) error {
	name := ""
	if sp.Constraint != nil {
		name = sp.Constraint.Name
	}
	i := m.checkIndex(name)
	if i < 0 {
		return errorf(CodeGeneric, "Check constraint '%s' is not found in the table.", name)
	}
	if sp.Tp == ast.AlterTableDropCheck {
		m.checks = append(m.checks[:i], m.checks[i+1:]...)
		return nil
	}
	m.checks[i].enforced = sp.Constraint.Enforced
	return nil
}

// checkUsesColumn refuses to drop a column a CHECK constraint reads.
func (m *tableModel) checkUsesColumn(name string) error {
	for _, ch := range m.checks {
		v := &checkVisitor{}
		ch.expr.Accept(v)
		for _, c := range v.cols {
			if strings.EqualFold(c, name) {
				return errorf(CodeGeneric, "Check constraint '%s' uses column '%s', hence column cannot be dropped or renamed.", ch.name, name)
			}
		}
	}
	return nil
}

// addFKIndex adds the index MySQL creates for a new foreign key whose
// columns no key starts with; it reports whether it did (a rebuild).
func (m *tableModel) addFKIndex(fk foreignKey) bool {
	for _, k := range m.keys {
		if len(k.cols) < len(fk.cols) {
			continue
		}
		ok := true
		for i, c := range fk.cols {
			if !strings.EqualFold(k.cols[i], c) {
				ok = false
			}
		}
		if ok {
			return false
		}
	}
	m.keys = append(m.keys, &modelKey{name: m.freeKeyName(fk.name), cols: append([]string(nil), fk.cols...),
		desc: make([]bool, len(fk.cols))})
	return true
}

// validateAltered reloads the schema inside ALTER TABLE's transaction and
// checks the rows of the altered table name against its enforced CHECK
// constraints and the foreign keys old lacked, as MySQL does.
func (c *Conn) validateAltered(ctx context.Context, old *table, name string) error {
	c.sch = nil
	if err := c.refreshSchema(); err != nil {
		return err
	}
	nt := c.sch.table(name)
	if nt == nil {
		return nil
	}
	had := map[string]bool{}
	for _, fk := range old.FKs {
		had[lower(fk.name)] = true
	}
	var fks []*fkDef
	for _, fk := range nt.FKs {
		if !had[lower(fk.name)] {
			fks = append(fks, fk)
		}
	}
	return c.validateRows(ctx, nt, nt.Checks, fks)
}

// keyNeededByFK refuses to drop key k when a foreign key of the table has
// no other key starting with its columns (MySQL error 1553).
func (m *tableModel) keyNeededByFK(k int) error {
	if k < 0 {
		return nil
	}
	starts := func(key *modelKey, cols []string) bool {
		if len(key.cols) < len(cols) {
			return false
		}
		for i, c := range cols {
			if !strings.EqualFold(key.cols[i], c) {
				return false
			}
		}
		return true
	}
	for _, fk := range m.fks {
		if !starts(m.keys[k], fk.cols) {
			continue
		}
		other := false
		for i, key := range m.keys {
			other = other || i != k && starts(key, fk.cols)
		}
		if !other {
			return errorf(CodeGeneric, "Cannot drop index '%s': needed in a foreign key constraint", m.keys[k].name)
		}
	}
	return nil
}
