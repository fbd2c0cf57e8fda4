package shell

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
)

// schemaObject is one table, index or view of the schema.
type schemaObject struct {
	typ   string // table, index, view
	name  string
	table string // the table an index belongs to
	sql   string // the CREATE statement; "" for indexes the engine made itself
	mysql bool   // sql is the MySQL text from the walrus catalog, not SQLite-form DDL
}

// catalogTable is the walrus catalog: the MySQL DDL of tables as written,
// and views (SQLite cannot parse either, so they are not in sqlite_schema).
const catalogTable = "walrus_schema"

// internalName reports whether a schema object is the engine's own
// bookkeeping rather than the user's.
func internalName(name string) bool {
	lower := strings.ToLower(name)
	return strings.HasPrefix(lower, "sqlite_") || strings.HasPrefix(lower, "walrus_")
}

// schemaObjects returns the user's tables and indexes (sqlite_schema, in
// creation order) and then views. A table's CREATE statement is the MySQL
// text from the walrus catalog when the file has one. It needs no SHOW
// support.
func (s *Shell) schemaObjects(ctx context.Context) ([]schemaObject, error) {
	if s.conn == nil {
		return nil, fmt.Errorf("no database is open")
	}
	objs, err := s.readSchemaTable(ctx, "sqlite_schema")
	if err != nil {
		return nil, err
	}
	hasCatalog := false
	for _, o := range objs {
		hasCatalog = hasCatalog || (o.typ == "table" && strings.EqualFold(o.name, catalogTable))
	}
	var user []schemaObject
	for _, o := range objs {
		if !internalName(o.name) {
			user = append(user, o)
		}
	}
	if !hasCatalog {
		return user, nil
	}
	catalog, err := s.readSchemaTable(ctx, catalogTable)
	if err != nil {
		return nil, err
	}
	for _, c := range catalog {
		switch c.typ {
		case "table":
			for i := range user {
				if user[i].typ == "table" && strings.EqualFold(user[i].name, c.name) && c.sql != "" {
					user[i].sql, user[i].mysql = c.sql, true
				}
			}
		case "view", "trigger":
			c.mysql = true
			user = append(user, c)
		}
	}
	return user, nil
}

// readSchemaTable reads the type, name, tbl_name and sql columns of
// sqlite_schema or the walrus catalog.
func (s *Shell) readSchemaTable(ctx context.Context, table string) ([]schemaObject, error) {
	rows, err := s.conn.QueryContext(ctx, "SELECT type, name, tbl_name, `sql` FROM "+table)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", table, err)
	}
	defer rows.Close()
	var objs []schemaObject
	for rows.Next() {
		var o schemaObject
		var text sql.NullString
		if err := rows.Scan(&o.typ, &o.name, &o.table, &text); err != nil {
			return nil, fmt.Errorf("read %s: %w", table, err)
		}
		o.sql = strings.TrimSuffix(strings.TrimSpace(text.String), ";")
		objs = append(objs, o)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read %s: %w", table, err)
	}
	return objs, nil
}

// tableColumn is one row of PRAGMA table_info.
type tableColumn struct {
	name    string
	typ     string
	notNull bool
	pk      int
}

// tableColumns reads PRAGMA table_info(table); no rows means no such table.
func (s *Shell) tableColumns(ctx context.Context, table string) ([]tableColumn, error) {
	rows, err := s.conn.QueryContext(ctx, "PRAGMA table_info("+quoteIdent(table)+")")
	if err != nil {
		return nil, fmt.Errorf("read columns of %s: %w", table, err)
	}
	defer rows.Close()
	names, err := rows.Columns()
	if err != nil {
		return nil, err
	}
	vals := make([]any, len(names))
	ptrs := make([]any, len(names))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	var cols []tableColumn
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return nil, fmt.Errorf("read columns of %s: %w", table, err)
		}
		var c tableColumn
		for i, n := range names {
			text := makeCell(vals[i], column{}).text
			switch strings.ToLower(n) {
			case "name":
				c.name = text
			case "type":
				c.typ = text
			case "notnull":
				c.notNull = text == "1"
			case "pk":
				fmt.Sscan(text, &c.pk)
			}
		}
		cols = append(cols, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read columns of %s: %w", table, err)
	}
	return cols, nil
}
