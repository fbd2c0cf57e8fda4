package sql

import (
	"context"
	"fmt"
	"strings"

	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/walrusdb/walrus/vm"
)

// Triggers. CREATE TRIGGER is read by the front parser (TiDB has no
// trigger grammar): the header by us, the body statements by TiDB (SIGNAL
// by us). Triggers are kept in the catalog (type 'trigger'), since SQLite
// could not parse a MySQL body; the catalog's rowid order is the firing
// order of the triggers of one table, time and event (FOLLOWS/PRECEDES
// rewrite the rows that must come later). Firing is compiled into the
// statements that change the table: trigger_fire.go.

// trigTiming is when a trigger fires relative to the row's write.
type trigTiming uint8

const (
	trigBefore trigTiming = iota
	trigAfter
)

// trigEvent is the kind of change a trigger fires on.
type trigEvent uint8

const (
	trigInsert trigEvent = iota
	trigUpdate
	trigDelete
)

var eventNames = [...]string{"INSERT", "UPDATE", "DELETE"}

// trigger is a parsed CREATE TRIGGER. Body statements and WHEN are kept as
// text and parsed again each time a statement that fires them compiles,
// since compiling may rewrite an AST and the schema is shared.
type trigger struct {
	Name     string
	Table    string
	Timing   trigTiming
	Event    trigEvent
	OfCols   []string // SQLite's UPDATE OF cols: fire only when one is SET
	Follows  string   // MySQL's FOLLOWS / PRECEDES other
	Precedes string
	When     string     // SQLite's WHEN expr, "" for none
	Action   string     // the body's text: SHOW TRIGGERS' Statement
	Body     []bodyStmt // the statements, in order (trigger_body.go)
	Locals   []localVar // DECLAREd variables
	text     string
	// err is set for a stored trigger whose text no longer parses; a
	// statement that would fire it fails with err.
	err error
}

type createTriggerStmt struct {
	*trigger
	IfNotExists bool
}

type dropTriggerStmt struct {
	Name     string
	IfExists bool
}

func (*createTriggerStmt) frontStmt() {}
func (*dropTriggerStmt) frontStmt()   {}

// parseTrigger reads
//
//	CREATE [DEFINER = user] [TEMP] TRIGGER [IF NOT EXISTS] name
//	  [BEFORE|AFTER] (INSERT|DELETE|UPDATE [OF cols]) ON table
//	  [FOR EACH ROW] [(FOLLOWS|PRECEDES) other] [WHEN expr]
//	  (BEGIN stmt; ... END | stmt)
//
// and DROP TRIGGER [IF EXISTS] name. SQLite's default time is BEFORE. It
// returns nil for other statements.
func parseTrigger(stmt string, toks []token) (frontStmt, error) {
	kw := func(i int) string {
		if i < len(toks) && !toks[i].quoted {
			return toks[i].up
		}
		return ""
	}
	posOf := func(i int) int {
		if i < len(toks) {
			return toks[i].pos
		}
		return len(stmt)
	}
	i := 1
	if kw(0) == "DROP" {
		if kw(1) != "TRIGGER" {
			return nil, nil
		}
		d := &dropTriggerStmt{}
		i = 2
		if kw(2) == "IF" && kw(3) == "EXISTS" {
			d.IfExists = true
			i = 4
		}
		name, n := qualifiedName(toks[i:])
		if n == 0 || i+n != len(toks) {
			return nil, syntaxAt(stmt, len(stmt), "DROP TRIGGER [IF EXISTS] name")
		}
		d.Name = name
		return d, nil
	}
	if kw(i) == "DEFINER" && i+1 < len(toks) && toks[i+1].text == "=" {
		// DEFINER = user[@host] | CURRENT_USER[()]: walrus has no users.
		i += 2
		if kw(i) == "CURRENT_USER" {
			i++
			if i+1 < len(toks) && toks[i].text == "(" && toks[i+1].text == ")" {
				i += 2
			}
		} else {
			i++
			if i+1 < len(toks) && toks[i].text == "@" {
				i += 2
			}
		}
	}
	if kw(i) == "TEMP" || kw(i) == "TEMPORARY" {
		i++
	}
	if kw(i) != "TRIGGER" {
		return nil, nil
	}
	i++
	tr := &trigger{text: stmt}
	ct := &createTriggerStmt{trigger: tr}
	if kw(i) == "IF" && kw(i+1) == "NOT" && kw(i+2) == "EXISTS" {
		ct.IfNotExists = true
		i += 3
	}
	name, n := qualifiedName(toks[i:])
	if n == 0 {
		return nil, syntaxAt(stmt, len(stmt), "CREATE TRIGGER needs a name")
	}
	tr.Name = name
	i += n
	switch kw(i) {
	case "BEFORE":
		i++
	case "AFTER":
		tr.Timing = trigAfter
		i++
	case "INSTEAD":
		return nil, errNotSupported("INSTEAD OF triggers")
	}
	switch kw(i) {
	case "INSERT":
		i++
	case "DELETE":
		tr.Event = trigDelete
		i++
	case "UPDATE":
		tr.Event = trigUpdate
		i++
		if kw(i) == "OF" {
			i++
			for i < len(toks) && kw(i) != "ON" {
				if toks[i].text != "," || toks[i].quoted {
					tr.OfCols = append(tr.OfCols, toks[i].text)
				}
				i++
			}
		}
	default:
		return nil, syntaxAt(stmt, posOf(i), "CREATE TRIGGER: expected INSERT, UPDATE or DELETE")
	}
	if kw(i) != "ON" {
		return nil, syntaxAt(stmt, posOf(i), "CREATE TRIGGER: expected ON table")
	}
	tbl, n := qualifiedName(toks[i+1:])
	if n == 0 {
		return nil, syntaxAt(stmt, len(stmt), "CREATE TRIGGER: expected a table name")
	}
	tr.Table = tbl
	i += 1 + n
	if kw(i) == "FOR" && kw(i+1) == "EACH" {
		if kw(i+2) != "ROW" {
			return nil, errNotSupported("FOR EACH STATEMENT triggers")
		}
		i += 3
	}
	if kw(i) == "FOLLOWS" || kw(i) == "PRECEDES" {
		other, n := qualifiedName(toks[i+1:])
		if n == 0 {
			return nil, syntaxAt(stmt, posOf(i+1), "CREATE TRIGGER: expected a trigger name")
		}
		if kw(i) == "FOLLOWS" {
			tr.Follows = other
		} else {
			tr.Precedes = other
		}
		i += 1 + n
	}
	if kw(i) == "WHEN" {
		j := i + 1
		for j < len(toks) && kw(j) != "BEGIN" {
			j++
		}
		if j == len(toks) {
			return nil, syntaxAt(stmt, len(stmt), "CREATE TRIGGER: expected BEGIN")
		}
		tr.When = strings.TrimSpace(stmt[toks[i].pos+len("WHEN") : toks[j].pos])
		if _, err := parseExprText(tr.When); err != nil {
			return nil, err
		}
		i = j
	}
	if i == len(toks) {
		return nil, syntaxAt(stmt, len(stmt), "CREATE TRIGGER: expected the trigger body")
	}
	tr.Action = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(stmt[toks[i].pos:]), ";"))
	var body string
	if kw(i) == "BEGIN" {
		body = strings.TrimSpace(stmt[toks[i].pos+len("BEGIN"):])
		body = strings.TrimSpace(strings.TrimSuffix(body, ";"))
		up := strings.ToUpper(body)
		if !strings.HasSuffix(up, "END") || len(up) > 3 && isWordByte(up[len(up)-4]) {
			return nil, syntaxAt(stmt, len(stmt), "CREATE TRIGGER: expected END")
		}
		body = body[:len(body)-3]
	} else {
		body = stmt[toks[i].pos:]
	}
	list, locals, err := parseBody(body)
	if err != nil {
		return nil, err
	}
	tr.Body, tr.Locals = list, locals
	return ct, nil
}

// dumpedTrigger unwraps the versioned comments mysqldump and mariadb-dump
// put around CREATE TRIGGER (/*!50003 CREATE*/ /*!50017 DEFINER=...*/
// /*!50003 TRIGGER ... */), which TiDB would read but our front parser
// must: ok is false unless stmt starts with such a comment and unwraps to
// CREATE ... TRIGGER. Other statements keep their comments for TiDB.
func dumpedTrigger(stmt string) (string, bool) {
	s := strings.TrimSpace(stmt)
	if !strings.HasPrefix(s, "/*!") && !strings.HasPrefix(s, "/*M!") {
		return "", false
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '\'' || c == '"' || c == '`':
			j := skipQuoted(s, i)
			b.WriteString(s[i:j])
			i = j
		case strings.HasPrefix(s[i:], "/*!") || strings.HasPrefix(s[i:], "/*M!"):
			j := i + 3
			if s[i+2] == 'M' {
				j++
			}
			for j < len(s) && s[j] >= '0' && s[j] <= '9' {
				j++
			}
			end := strings.Index(s[j:], "*/")
			if end < 0 {
				return "", false
			}
			b.WriteString(" " + s[j:j+end] + " ")
			i = j + end + 2
		default:
			b.WriteByte(c)
			i++
		}
	}
	u := strings.TrimSpace(b.String())
	w, rest := firstWord(u)
	if !strings.EqualFold(w, "CREATE") {
		return "", false
	}
	toks, ok := frontTokens(rest)
	if !ok {
		return "", false
	}
	for k := 0; k < len(toks) && k < 8; k++ {
		if !toks[k].quoted && toks[k].up == "TRIGGER" {
			return u, true
		}
	}
	return "", false
}

// checkBodyStmt parses one statement of a trigger body (isLocal tells the
// DECLAREd variables). Compound statements (MySQL's stored-program
// control flow) are refused by name.
func checkBodyStmt(s string, isLocal func(string) bool) error {
	w, _ := firstWord(s)
	switch up := strings.ToUpper(w); up {
	case "SIGNAL":
		_, err := parseSignal(s)
		return err
	case "IF", "CASE", "WHILE", "REPEAT", "LOOP", "DECLARE", "BEGIN", "LEAVE", "ITERATE",
		"RETURN", "OPEN", "FETCH", "CLOSE", "CALL", "RESIGNAL", "GET":
		return errNotSupported(up + " in a trigger body")
	}
	node, err := parseTiDB(s)
	if err != nil {
		return err
	}
	switch n := node.(type) {
	case *ast.InsertStmt, *ast.UpdateStmt, *ast.DeleteStmt, *ast.SelectStmt, *ast.SetOprStmt:
	case *ast.SetStmt:
		for _, a := range n.Variables {
			if !a.IsSystem || rowVar(a.Name) != "" || isLocal(a.Name) {
				continue
			}
			return errNotSupported("SET of a system variable in a trigger body")
		}
	default:
		return errNotSupported(fmt.Sprintf("%T in a trigger body", node))
	}
	var r raiseFinder
	node.Accept(&r)
	if r.found {
		return errNotSupported("RAISE() in a trigger body (use SIGNAL SQLSTATE '45000')")
	}
	return nil
}

// rowVar returns "new" or "old" when a SET target names a row column
// (TiDB reads SET NEW.a = 1 as the system variable "NEW.a").
func rowVar(name string) string {
	if k := strings.IndexByte(name, '.'); k > 0 {
		switch q := lower(name[:k]); q {
		case "new", "old":
			return q
		}
	}
	return ""
}

// raiseFinder spots SQLite's RAISE(), which TiDB reads as a function call.
type raiseFinder struct{ found bool }

func (r *raiseFinder) Enter(n ast.Node) (ast.Node, bool) {
	if f, ok := n.(*ast.FuncCallExpr); ok && f.FnName.L == "raise" {
		r.found = true
	}
	return n, r.found
}

func (r *raiseFinder) Leave(n ast.Node) (ast.Node, bool) { return n, true }

// localType is the column type of a DECLAREd variable's type text.
func localType(typ string) (vm.ColType, error) {
	node, err := parseTiDB("CREATE TABLE t (v " + typ + ")")
	if err != nil {
		return vm.ColType{}, errorf(CodeSyntax, "DECLARE: bad type %s", typ)
	}
	ct, ok := node.(*ast.CreateTableStmt)
	if !ok {
		return vm.ColType{}, errorf(CodeSyntax, "DECLARE: bad type %s", typ)
	}
	t, err := buildTable(ct)
	if err != nil || len(t.Cols) != 1 {
		return vm.ColType{}, errorf(CodeSyntax, "DECLARE: bad type %s", typ)
	}
	return t.Cols[0].Type, nil
}

// parseExprText parses one expression (a WHEN condition, a SIGNAL value).
func parseExprText(text string) (ast.ExprNode, error) {
	node, err := parseTiDB("SELECT " + text)
	if err != nil {
		return nil, err
	}
	sel, ok := node.(*ast.SelectStmt)
	if !ok || sel.Fields == nil || len(sel.Fields.Fields) != 1 || sel.From != nil || sel.Where != nil {
		return nil, errorf(CodeSyntax, "expected one expression: %s", text)
	}
	return sel.Fields.Fields[0].Expr, nil
}

// signalStmt is SIGNAL SQLSTATE [VALUE] 'state' [SET MESSAGE_TEXT = v
// [, MYSQL_ERRNO = n] ...].
type signalStmt struct {
	State   string
	Message string // expression text, "" for the default message
	Errno   int
}

func parseSignal(s string) (*signalStmt, error) {
	toks, ok := frontTokens(s)
	if !ok {
		return nil, syntaxAt(s, 0, "SIGNAL")
	}
	kw := func(i int) string {
		if i < len(toks) && !toks[i].quoted {
			return toks[i].up
		}
		return ""
	}
	if kw(1) != "SQLSTATE" {
		return nil, errNotSupported("SIGNAL of a named condition (use SIGNAL SQLSTATE '45000')")
	}
	i := 2
	if kw(i) == "VALUE" {
		i++
	}
	if i >= len(toks) || !toks[i].quoted {
		return nil, syntaxAt(s, len(s), "SIGNAL SQLSTATE needs a quoted state")
	}
	sg := &signalStmt{State: toks[i].text}
	if len(sg.State) != 5 || strings.HasPrefix(sg.State, "00") {
		return nil, errorf(CodeGeneric, "Bad SQLSTATE: '%s'", sg.State)
	}
	i++
	if i == len(toks) {
		return sg, nil
	}
	if kw(i) != "SET" {
		return nil, syntaxAt(s, toks[i].pos, "SIGNAL ... SET item = value")
	}
	i++
	for {
		if i+2 >= len(toks) || toks[i+1].text != "=" {
			return nil, syntaxAt(s, len(s), "SIGNAL ... SET item = value")
		}
		item := kw(i)
		// The value runs to the next top-level comma.
		j, depth := i+2, 0
		for ; j < len(toks); j++ {
			if toks[j].quoted {
				continue
			}
			switch toks[j].text {
			case "(":
				depth++
			case ")":
				depth--
			}
			if toks[j].text == "," && depth == 0 {
				break
			}
		}
		end := len(s)
		if j < len(toks) {
			end = toks[j].pos
		}
		val := strings.TrimSpace(s[toks[i+2].pos:end])
		switch item {
		case "MESSAGE_TEXT":
			if _, err := parseExprText(val); err != nil {
				return nil, err
			}
			sg.Message = val
		case "MYSQL_ERRNO":
			if _, err := fmt.Sscan(val, &sg.Errno); err != nil {
				return nil, syntaxAt(s, toks[i+2].pos, "MYSQL_ERRNO needs a number")
			}
		case "CLASS_ORIGIN", "SUBCLASS_ORIGIN", "CONSTRAINT_CATALOG", "CONSTRAINT_SCHEMA",
			"CONSTRAINT_NAME", "CATALOG_NAME", "SCHEMA_NAME", "TABLE_NAME", "COLUMN_NAME", "CURSOR_NAME":
			// Diagnostics walrus does not report.
		default:
			return nil, syntaxAt(s, toks[i].pos, "unknown SIGNAL item")
		}
		if j == len(toks) {
			return sg, nil
		}
		i = j + 1
	}
}

func (c *Conn) runCreateTrigger(ctx context.Context, ct *createTriggerStmt) error {
	return c.ddlTx(ctx, func(st vm.Storage) error {
		if _, ok := c.sch.triggers[lower(ct.Name)]; ok {
			if ct.IfNotExists {
				return nil
			}
			return errorf(CodeGeneric, "trigger %s already exists", ct.Name)
		}
		t := c.sch.table(ct.Table)
		if t == nil || t.Root == 1 || t.View != nil {
			return errNoSuchTable(ct.Table)
		}
		if err := checkTriggerRows(ct.trigger, t); err != nil {
			return err
		}
		later, err := c.sch.placeTrigger(ct.trigger, t)
		if err != nil {
			return err
		}
		cat, err := c.catalogSpec(st)
		if err != nil {
			return err
		}
		// The catalog's rowid order is the firing order: the triggers
		// that must fire after the new one are written again after it.
		if err := c.deleteCatalog(st, func(typ, name, _ string) bool {
			for _, o := range later {
				if typ == "trigger" && strings.EqualFold(name, o.Name) {
					return true
				}
			}
			return false
		}); err != nil {
			return err
		}
		for _, o := range append([]*trigger{ct.trigger}, later...) {
			if err := insertRow(st, cat, []vm.Value{vm.Text("trigger"), vm.Text(o.Name), vm.Text(t.Name), vm.Text(o.text)}); err != nil {
				return err
			}
		}
		return nil
	})
}

// placeTrigger checks FOLLOWS/PRECEDES and returns the existing triggers
// of the same table, time and event that fire after the new one.
func (s *schema) placeTrigger(tr *trigger, t *table) ([]*trigger, error) {
	var group []*trigger
	for _, o := range s.trigs[lower(t.Name)] {
		if o.Timing == tr.Timing && o.Event == tr.Event {
			group = append(group, o)
		}
	}
	ref := tr.Follows + tr.Precedes
	if ref == "" {
		return nil, nil
	}
	for k, o := range group {
		if strings.EqualFold(o.Name, ref) {
			if tr.Follows != "" {
				k++
			}
			return group[k:], nil
		}
	}
	return nil, errorf(CodeGeneric, "Referenced trigger '%s' for the given action time and event type does not exist", ref)
}

// checkTriggerRows checks the NEW and OLD references of a trigger against
// its table as MySQL does at CREATE TRIGGER: the row must exist for the
// event, the column in the table, and only NEW of a BEFORE trigger may be
// assigned.
func checkTriggerRows(tr *trigger, t *table) error {
	check := func(row, col string) error {
		switch {
		case row == "new" && tr.Event == trigDelete:
			return errorf(CodeGeneric, "There is no NEW row in on DELETE trigger")
		case row == "old" && tr.Event == trigInsert:
			return errorf(CodeGeneric, "There is no OLD row in on INSERT trigger")
		case t.colIndex(col) < 0:
			return errorf(CodeNoSuchColumn, "Unknown column '%s' in '%s'", col, strings.ToUpper(row))
		}
		return nil
	}
	var nodes []ast.Node
	for _, v := range tr.Locals {
		if v.def != "" {
			e, err := parseExprText(v.def)
			if err != nil {
				return err
			}
			nodes = append(nodes, e)
		}
	}
	if tr.When != "" {
		e, err := parseExprText(tr.When)
		if err != nil {
			return err
		}
		nodes = append(nodes, e)
	}
	err := walkBody(tr.Body, func(s string, cond bool) error {
		if cond {
			e, err := parseExprText(s)
			if err != nil {
				return err
			}
			nodes = append(nodes, e)
			return nil
		}
		if w, _ := firstWord(s); strings.EqualFold(w, "SIGNAL") {
			sg, err := parseSignal(s)
			if err != nil {
				return err
			}
			if sg.Message != "" {
				e, err := parseExprText(sg.Message)
				if err != nil {
					return err
				}
				nodes = append(nodes, e)
			}
			return nil
		}
		node, err := parseTiDB(s)
		if err != nil {
			return err
		}
		if set, ok := node.(*ast.SetStmt); ok {
			for _, a := range set.Variables {
				row := rowVar(a.Name)
				if !a.IsSystem || row == "" {
					continue
				}
				switch {
				case row == "old":
					return errorf(CodeGeneric, "Updating of OLD row is not allowed in trigger")
				case tr.Timing == trigAfter:
					return errorf(CodeGeneric, "Updating of NEW row is not allowed in after trigger")
				}
				if err := check(row, a.Name[strings.IndexByte(a.Name, '.')+1:]); err != nil {
					return err
				}
			}
		}
		nodes = append(nodes, node)
		return nil
	})
	if err != nil {
		return err
	}
	for _, n := range nodes {
		v := &rowRefFinder{check: check}
		n.Accept(v)
		if v.err != nil {
			return v.err
		}
	}
	return nil
}

// rowRefFinder calls check for every NEW.col and OLD.col.
type rowRefFinder struct {
	check func(row, col string) error
	err   error
}

func (v *rowRefFinder) Enter(n ast.Node) (ast.Node, bool) {
	if cn, ok := n.(*ast.ColumnNameExpr); ok && v.err == nil {
		if q := cn.Name.Table.L; q == "new" || q == "old" {
			v.err = v.check(q, cn.Name.Name.O)
		}
	}
	return n, v.err != nil
}

func (v *rowRefFinder) Leave(n ast.Node) (ast.Node, bool) { return n, true }

func (c *Conn) runDropTrigger(ctx context.Context, d *dropTriggerStmt) error {
	return c.ddlTx(ctx, func(st vm.Storage) error {
		if _, ok := c.sch.triggers[lower(d.Name)]; !ok {
			if d.IfExists {
				return nil
			}
			return errorf(CodeNoSuchTable, "no such trigger: %s", d.Name)
		}
		return c.deleteCatalog(st, func(typ, name, tbl string) bool {
			return typ == "trigger" && strings.EqualFold(name, d.Name)
		})
	})
}

// addTrigger records a catalog trigger row while the schema loads. A text
// that does not parse is kept with its error, so that only statements
// that would fire it fail.
func (s *schema) addTrigger(name, tbl, text string) {
	s.triggers[lower(name)] = tbl
	tr := &trigger{Name: name, Table: tbl, text: text}
	f, err := parseFront(text)
	if ct, ok := f.(*createTriggerStmt); ok && err == nil {
		tr = ct.trigger
	} else {
		if err == nil {
			err = errorf(CodeCorrupt, "catalog row is no CREATE TRIGGER")
		}
		tr.err = errorf(CodeCorrupt, "trigger %s: %v", name, err)
	}
	s.trigs[lower(tbl)] = append(s.trigs[lower(tbl)], tr)
}

// deleteCatalog deletes the catalog rows for which match is true.
func (c *Conn) deleteCatalog(st vm.Storage, match func(typ, name, tbl string) bool) error {
	cat := c.sch.table(catalogName)
	if cat == nil {
		return nil
	}
	return deleteRows(st, cat.treeSpec(), func(cur vm.Cursor) (bool, error) {
		var v [3]vm.Value
		for i := range v {
			var err error
			if v[i], err = cur.Column(i); err != nil {
				return false, err
			}
		}
		return match(v[0].AsString(), v[1].AsString(), v[2].AsString()), nil
	})
}
