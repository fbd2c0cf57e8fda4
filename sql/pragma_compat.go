package sql

import (
	"context"
	"strings"

	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/walrusdb/walrus/vm"
)

// SQLite PRAGMAs that pragma.go does not handle: schema introspection
// (index_list, index_info, index_xinfo, foreign_key_list, table_list,
// database_list), foreign_key_check, and fixed facts (compile_options,
// encoding, foreign_keys).

// compileOptions are facts about this build, named as SQLite names them.
var compileOptions = []string{
	"DEFAULT_CACHE_SIZE=-2000",
	"DEFAULT_PAGE_SIZE=4096",
	"DEFAULT_SYNCHRONOUS=2",
	"OMIT_CTE",
	"OMIT_FOREIGN_KEY_ENFORCEMENT",
	"OMIT_LOAD_EXTENSION",
	"OMIT_WINDOWFUNC",
	"WALRUS_MYSQL_DIALECT",
}

func compilePragmaCompat(p *pragmaStmt) (native, []string, bool, error) {
	rowsOf := func(cols []string, needArg bool, fn func(c *Conn) ([][]vm.Value, error)) (native, []string, bool, error) {
		if needArg && !p.HasArg {
			return nil, nil, false, errorf(CodeMismatch, "PRAGMA %s needs an argument", p.Name)
		}
		return func(ctx context.Context, s *Stmt, _ []vm.Value) (*nativeResult, error) {
			var rows [][]vm.Value
			err := s.conn.withSchema(ctx, func() error {
				var err error
				rows, err = fn(s.conn)
				return err
			})
			if err != nil {
				return nil, err
			}
			return &nativeResult{cols: cols, rows: rows}, nil
		}, cols, false, nil
	}
	// Like SQLite, introspection of a missing table gives no rows.
	tableArg := func(c *Conn) *table {
		t := c.sch.table(p.Arg)
		if t == nil || t.View != nil || t.Root == 1 && !strings.EqualFold(p.Arg, "sqlite_schema") {
			return nil
		}
		return t
	}
	switch p.Name {
	case "index_list":
		return rowsOf([]string{"seq", "name", "unique", "origin", "partial"}, true, func(c *Conn) ([][]vm.Value, error) {
			t := tableArg(c)
			if t == nil {
				return nil, nil
			}
			var rows [][]vm.Value
			for i, ix := range t.Indexes {
				origin := "c"
				switch {
				case ix.Primary:
					origin = "pk"
				case ix.Auto:
					origin = "u"
				}
				rows = append(rows, []vm.Value{vm.Int(int64(i)), vm.Text(ix.Name), vm.Bool(ix.Unique), vm.Text(origin), vm.Int(0)})
			}
			return rows, nil
		})
	case "index_info", "index_xinfo":
		cols := []string{"seqno", "cid", "name"}
		if p.Name == "index_xinfo" {
			cols = append(cols, "desc", "coll", "key")
		}
		return rowsOf(cols, true, func(c *Conn) ([][]vm.Value, error) {
			ix := c.sch.indexes[lower(p.Arg)]
			if ix == nil {
				return nil, nil
			}
			var rows [][]vm.Value
			for i, col := range ix.Cols {
				row := []vm.Value{vm.Int(int64(i)), vm.Int(int64(col)), vm.Text(ix.Table.Cols[col].Name)}
				if p.Name == "index_xinfo" {
					row = append(row, vm.Bool(ix.Desc[i]), vm.Text("BINARY"), vm.Int(1))
				}
				rows = append(rows, row)
			}
			if p.Name == "index_xinfo" {
				rows = append(rows, []vm.Value{vm.Int(int64(len(ix.Cols))), vm.Int(-1), vm.Null(), vm.Int(0), vm.Text("BINARY"), vm.Int(0)})
			}
			return rows, nil
		})
	case "foreign_key_list":
		return rowsOf([]string{"id", "seq", "table", "from", "to", "on_update", "on_delete", "match"}, true, func(c *Conn) ([][]vm.Value, error) {
			t := tableArg(c)
			if t == nil {
				return nil, nil
			}
			var rows [][]vm.Value
			for id, fk := range extraOf(t).fks {
				for i, col := range fk.cols {
					to := vm.Null()
					if i < len(fk.refCols) {
						to = vm.Text(fk.refCols[i])
					}
					rows = append(rows, []vm.Value{vm.Int(int64(id)), vm.Int(int64(i)), vm.Text(fk.refTable), vm.Text(col), to,
						vm.Text(fk.onUpdate), vm.Text(fk.onDelete), vm.Text("NONE")})
				}
			}
			return rows, nil
		})
	case "foreign_key_check":
		return func(ctx context.Context, s *Stmt, _ []vm.Value) (*nativeResult, error) {
			rows, err := s.conn.foreignKeyCheck(ctx, p.Arg)
			if err != nil {
				return nil, err
			}
			return &nativeResult{cols: []string{"table", "rowid", "parent", "fkid"}, rows: rows}, nil
		}, []string{"table", "rowid", "parent", "fkid"}, false, nil
	case "table_list":
		return rowsOf([]string{"schema", "name", "type", "ncol", "wr", "strict"}, false, func(c *Conn) ([][]vm.Value, error) {
			var rows [][]vm.Value
			add := func(name, typ string, ncol int) {
				rows = append(rows, []vm.Value{vm.Text("main"), vm.Text(name), vm.Text(typ), vm.Int(int64(ncol)), vm.Int(0), vm.Int(0)})
			}
			for _, t := range c.sch.userTables() {
				if p.HasArg && !strings.EqualFold(t.Name, p.Arg) {
					continue
				}
				if t.View != nil {
					add(t.Name, "view", 0)
				} else {
					add(t.Name, "table", len(t.Cols))
				}
			}
			if !p.HasArg || strings.EqualFold(p.Arg, "sqlite_schema") {
				add("sqlite_schema", "table", 5)
			}
			return rows, nil
		})
	case "database_list":
		return rowsOf([]string{"seq", "name", "file"}, false, func(c *Conn) ([][]vm.Value, error) {
			return [][]vm.Value{{vm.Int(0), vm.Text("main"), vm.Text(c.path)}}, nil
		})
	case "compile_options":
		return rowsOf([]string{"compile_options"}, false, func(*Conn) ([][]vm.Value, error) {
			var rows [][]vm.Value
			for _, o := range compileOptions {
				rows = append(rows, []vm.Value{vm.Text(o)})
			}
			return rows, nil
		})
	case "encoding":
		if p.HasArg && !strings.EqualFold(strings.ReplaceAll(p.Arg, "-", ""), "utf8") {
			return nil, nil, false, errNotSupported("encoding " + p.Arg + " (walrus files are UTF-8)")
		}
		return rowsOf([]string{"encoding"}, false, func(*Conn) ([][]vm.Value, error) {
			return [][]vm.Value{{vm.Text("UTF-8")}}, nil
		})
	case "foreign_keys":
		// The same switch as SET FOREIGN_KEY_CHECKS (fk.go, F4); ON by
		// default, unlike SQLite.
		if p.HasArg {
			on, err := setBool(nil, vm.Text(p.Arg))
			if err != nil {
				return nil, nil, false, errorf(CodeMismatch, "PRAGMA foreign_keys: bad value %q", p.Arg)
			}
			return func(_ context.Context, s *Stmt, _ []vm.Value) (*nativeResult, error) {
				s.conn.session().vars["foreign_key_checks"] = on
				return &nativeResult{}, nil
			}, nil, false, nil
		}
		return rowsOf([]string{"foreign_keys"}, false, func(c *Conn) ([][]vm.Value, error) {
			return [][]vm.Value{{vm.Bool(c.session().fkChecksOn())}}, nil
		})
	}
	return nil, nil, false, errorf(CodeNotSupported, "unknown pragma: %s", p.Name)
}

// foreignKeyCheck lists the rows whose foreign key has no parent row
// (SQLite's PRAGMA foreign_key_check): table, rowid (NULL when the table
// has no rowid column), parent, fkid. A NULL in any child column is not a
// violation; a missing parent table makes every non-NULL row one. It runs
// one query per foreign key.
func (c *Conn) foreignKeyCheck(ctx context.Context, only string) ([][]vm.Value, error) {
	var out [][]vm.Value
	err := c.withSchema(ctx, func() error {
		if only != "" {
			if t := c.sch.table(only); t == nil || t.View != nil {
				return errNoSuchTable(only)
			}
		}
		for _, t := range c.sch.userTables() {
			if t.View != nil || only != "" && !strings.EqualFold(t.Name, only) {
				continue
			}
			for id, fk := range extraOf(t).fks {
				parent := c.sch.table(fk.refTable)
				refCols := fk.refCols
				if parent != nil && len(refCols) == 0 {
					for _, ix := range mysqlIndexes(parent, extraOf(parent)) {
						if ix.primary {
							for _, col := range ix.cols {
								refCols = append(refCols, parent.Cols[col].Name)
							}
						}
					}
				}
				rowid := "NULL"
				if t.RowidCol >= 0 {
					rowid = "c." + quoteIdent(t.Cols[t.RowidCol].Name)
				}
				var notNull, match []string
				for i, col := range fk.cols {
					notNull = append(notNull, "c."+quoteIdent(col)+" IS NOT NULL")
					if i < len(refCols) {
						match = append(match, "p."+quoteIdent(refCols[i])+" = c."+quoteIdent(col))
					}
				}
				q := "SELECT " + rowid + " FROM " + quoteIdent(t.Name) + " c WHERE " + strings.Join(notNull, " AND ")
				if parent != nil && len(match) == len(fk.cols) {
					q += " AND NOT EXISTS (SELECT 1 FROM " + quoteIdent(parent.Name) + " p WHERE " + strings.Join(match, " AND ") + ")"
				}
				rows, err := c.queryRows(ctx, q)
				if err != nil {
					return err
				}
				for _, r := range rows {
					out = append(out, []vm.Value{vm.Text(t.Name), r[0], vm.Text(fk.refTable), vm.Int(int64(id))})
				}
			}
		}
		return nil
	})
	return out, err
}

// queryRows parses and runs a SELECT inside the current read
// transaction (the caller holds one, e.g. through withSchema).
func (c *Conn) queryRows(ctx context.Context, q string) ([][]vm.Value, error) {
	node, err := parseTiDB(q)
	if err != nil {
		return nil, err
	}
	rs, ok := node.(ast.ResultSetNode)
	if !ok {
		return nil, errorf(CodeGeneric, "internal error: not a query: %s", q)
	}
	return c.runQuery(ctx, rs, nil)
}
