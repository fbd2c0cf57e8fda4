package sql

import (
	"context"
	"strings"

	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/walrusdb/walrus/vm"
)

// Triggers. CREATE TRIGGER is read by the front parser (TiDB has no
// trigger grammar): the header up to BEGIN by us, the body statements by
// TiDB. Triggers are kept in the catalog (type 'trigger'), since SQLite
// could not parse a MySQL body. Firing is not implemented yet, so only
// triggers whose body has no effect when it fires are accepted: a body of
// SELECT statements. A body that changes data is CodeNotSupported rather
// than silently never run.

type createTriggerStmt struct {
	Name        string
	Table       string
	IfNotExists bool
	text        string
}

type dropTriggerStmt struct {
	Name     string
	IfExists bool
}

func (*createTriggerStmt) frontStmt() {}
func (*dropTriggerStmt) frontStmt()   {}

// parseTrigger reads CREATE [TEMP] TRIGGER [IF NOT EXISTS] name
// [BEFORE|AFTER|INSTEAD OF] (INSERT|DELETE|UPDATE [OF cols]) ON table
// [FOR EACH ROW] [WHEN expr] BEGIN stmt; ... END, and DROP TRIGGER
// [IF EXISTS] name. It returns nil for other statements.
func parseTrigger(stmt string, toks []token) (frontStmt, error) {
	kw := func(i int) string {
		if i < len(toks) && !toks[i].quoted {
			return toks[i].up
		}
		return ""
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
	if kw(i) == "TEMP" || kw(i) == "TEMPORARY" {
		i++
	}
	if kw(i) != "TRIGGER" {
		return nil, nil
	}
	i++
	ct := &createTriggerStmt{text: stmt}
	if kw(i) == "IF" && kw(i+1) == "NOT" && kw(i+2) == "EXISTS" {
		ct.IfNotExists = true
		i += 3
	}
	name, n := qualifiedName(toks[i:])
	if n == 0 {
		return nil, syntaxAt(stmt, len(stmt), "CREATE TRIGGER needs a name")
	}
	ct.Name = name
	i += n
	switch kw(i) {
	case "BEFORE", "AFTER":
		i++
	case "INSTEAD":
		if kw(i+1) != "OF" {
			return nil, syntaxAt(stmt, toks[i].pos, "INSTEAD OF")
		}
		i += 2
	}
	switch kw(i) {
	case "INSERT", "DELETE":
		i++
	case "UPDATE":
		i++
		if kw(i) == "OF" {
			i++
			for i < len(toks) && kw(i) != "ON" {
				i++
			}
		}
	default:
		pos := len(stmt)
		if i < len(toks) {
			pos = toks[i].pos
		}
		return nil, syntaxAt(stmt, pos, "CREATE TRIGGER: expected INSERT, UPDATE or DELETE")
	}
	if kw(i) != "ON" {
		return nil, syntaxAt(stmt, len(stmt), "CREATE TRIGGER: expected ON table")
	}
	tbl, n := qualifiedName(toks[i+1:])
	if n == 0 {
		return nil, syntaxAt(stmt, len(stmt), "CREATE TRIGGER: expected a table name")
	}
	ct.Table = tbl
	i += 1 + n
	for i < len(toks) && kw(i) != "BEGIN" {
		i++
	}
	if i == len(toks) {
		return nil, syntaxAt(stmt, len(stmt), "CREATE TRIGGER: expected BEGIN")
	}
	body := strings.TrimSpace(stmt[toks[i].pos+len("BEGIN"):])
	end := strings.LastIndex(strings.ToUpper(body), "END")
	if end < 0 || strings.TrimSpace(body[end+3:]) != "" && strings.TrimSpace(body[end+3:]) != ";" {
		return nil, syntaxAt(stmt, len(stmt), "CREATE TRIGGER: expected END")
	}
	body = body[:end]
	for strings.TrimSpace(body) != "" {
		s, tail, _ := splitFirst(body)
		body = tail
		if s == "" {
			continue
		}
		node, err := parseTiDB(s)
		if err != nil {
			return nil, err
		}
		switch node.(type) {
		case *ast.SelectStmt, *ast.SetOprStmt:
		default:
			return nil, errNotSupported("triggers that change data (trigger bodies may only SELECT for now)")
		}
	}
	return ct, nil
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
		if t == nil || t.Root == 1 {
			return errNoSuchTable(ct.Table)
		}
		cat, err := c.catalogSpec(st)
		if err != nil {
			return err
		}
		return insertRow(st, cat, []vm.Value{vm.Text("trigger"), vm.Text(ct.Name), vm.Text(t.Name), vm.Text(ct.text)})
	})
}

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
