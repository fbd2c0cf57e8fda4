package sql

import (
	"context"
	"sort"
	"strings"

	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/pingcap/tidb/pkg/parser/format"
	"github.com/pingcap/tidb/pkg/parser/test_driver"
	"github.com/walrusdb/walrus/vm"
)

// SHOW statements run natively: they build their rows in Go from the
// schema (the same functions as information_schema) and, for LIKE and
// WHERE, filter them by compiling SELECT * FROM <the rows> WHERE ...
// with the ordinary compiler, so WHERE may use any expression.

// showTableName names the rows of the SHOW being filtered; the
// information_schema hook finds them in the session while the filter is
// compiled.
const showTableName = "#show"

type showResult struct {
	cols []vcol
	rows [][]vm.Value
}

func (s *Stmt) compileShow(n *ast.ShowStmt) error {
	cols, err := showColumns(n)
	if err != nil {
		return err
	}
	for _, c := range cols {
		s.cols = append(s.cols, Column{Name: c.name})
	}
	s.nparams = countParams(n)
	s.run = func(ctx context.Context, st *Stmt, args []vm.Value) (*nativeResult, error) {
		c := st.conn
		var out [][]vm.Value
		err := c.withSchema(ctx, func() error {
			rows, err := c.showRows(n)
			if err != nil {
				return err
			}
			out, err = c.filterShow(ctx, n, cols, rows, args)
			return err
		})
		if err != nil {
			return nil, err
		}
		names := make([]string, len(cols))
		for i, col := range cols {
			names[i] = col.name
		}
		return &nativeResult{cols: names, rows: out}, nil
	}
	return nil
}

func showColumns(n *ast.ShowStmt) ([]vcol, error) {
	switch n.Tp {
	case ast.ShowTables:
		if n.Full {
			return vcols("Tables_in_main Table_type"), nil
		}
		return vcols("Tables_in_main"), nil
	case ast.ShowColumns:
		if n.Full {
			return vcols("Field Type Collation Null Key Default Extra Privileges Comment"), nil
		}
		return vcols("Field Type Null Key Default Extra"), nil
	case ast.ShowCreateTable:
		return []vcol{{"Table", textType}, {"Create Table", textType}}, nil
	case ast.ShowCreateView:
		return vcols("View Create_View character_set_client collation_connection"), nil
	case ast.ShowIndex:
		return vcols("Table Non_unique:i Key_name Seq_in_index:i Column_name Collation Cardinality:i Sub_part:i Packed Null " +
			"Index_type Comment Index_comment Visible Expression"), nil
	case ast.ShowDatabases:
		return vcols("Database"), nil
	case ast.ShowVariables, ast.ShowStatus:
		return vcols("Variable_name Value"), nil
	case ast.ShowTableStatus:
		return vcols("Name Engine Version:i Row_format Rows:i Avg_row_length:i Data_length:i Max_data_length:i Index_length:i " +
			"Data_free:i Auto_increment:i Create_time Update_time Check_time Collation Checksum:i Create_options Comment"), nil
	case ast.ShowTriggers:
		cols := vcols("Trigger Event Table Statement Timing Created sql_mode Definer character_set_client collation_connection")
		return append(cols, vcol{"Database Collation", textType}), nil
	case ast.ShowWarnings, ast.ShowErrors:
		return vcols("Level Code:i Message"), nil
	case ast.ShowCreateDatabase:
		return []vcol{{"Database", textType}, {"Create Database", textType}}, nil
	case ast.ShowCharset:
		return vcols("Charset Description Default_collation Maxlen:i"), nil
	case ast.ShowCollation:
		return vcols("Collation Charset Id:i Default Compiled Sortlen:i Pad_attribute"), nil
	case ast.ShowEngines:
		return vcols("Engine Support Comment Transactions XA Savepoints"), nil
	}
	return nil, errNotSupported("this SHOW statement")
}

func checkDB(name string) error {
	if name != "" && !strings.EqualFold(name, databaseName) {
		return errorf(CodeGeneric, "unknown database '%s'", name)
	}
	return nil
}

// showTable resolves the table of SHOW COLUMNS / INDEX / CREATE TABLE.
func (c *Conn) showTable(n *ast.ShowStmt) (*table, error) {
	if err := checkDB(n.DBName); err != nil {
		return nil, err
	}
	if err := checkDB(n.Table.Schema.O); err != nil {
		return nil, err
	}
	t := c.sch.table(n.Table.Name.O)
	if t == nil || t.Root == 1 {
		return nil, errNoSuchTable(n.Table.Name.O)
	}
	return t, nil
}

func (c *Conn) showRows(n *ast.ShowStmt) ([][]vm.Value, error) {
	var rows [][]vm.Value
	switch n.Tp {
	case ast.ShowTables:
		if err := checkDB(n.DBName); err != nil {
			return nil, err
		}
		for _, t := range c.sch.userTables() {
			row := []vm.Value{vm.Text(t.Name)}
			if n.Full {
				typ := "BASE TABLE"
				if t.View != nil {
					typ = "VIEW"
				}
				row = append(row, vm.Text(typ))
			}
			rows = append(rows, row)
		}
	case ast.ShowColumns:
		t, err := c.showTable(n)
		if err != nil {
			return nil, err
		}
		if t.View != nil {
			for _, r := range viewColumnRows(c.sch, t) {
				if n.Column != nil && !strings.EqualFold(n.Column.Name.O, r[3].AsString()) {
					continue
				}
				row := []vm.Value{r[3], r[15]}
				if n.Full {
					row = append(row, r[14])
				}
				row = append(row, r[6], r[16], r[5], r[17])
				if n.Full {
					row = append(row, r[18], r[19])
				}
				rows = append(rows, row)
			}
			break
		}
		x := extraOf(t)
		ixs := mysqlIndexes(t, x)
		for i, col := range t.Cols {
			if n.Column != nil && !strings.EqualFold(n.Column.Name.O, col.Name) {
				continue
			}
			dflt, _ := columnDefault(col)
			row := []vm.Value{vm.Text(col.Name), vm.Text(columnType(x.colType(col)))}
			if n.Full {
				_, coll := charsetOf(col.Type)
				row = append(row, coll)
			}
			row = append(row, yesNo(!col.NotNull), vm.Text(columnKey(ixs, i)), dflt, vm.Text(columnExtra(t, x, i)))
			if n.Full {
				row = append(row, vm.Text("select,insert,update,references"), vm.Text(x.colComment[lower(col.Name)]))
			}
			rows = append(rows, row)
		}
	case ast.ShowCreateTable, ast.ShowCreateView:
		t, err := c.showTable(n)
		if err != nil {
			return nil, err
		}
		if t.View != nil {
			var b strings.Builder
			if err := t.View.Restore(newRestoreCtx(&b)); err != nil {
				return nil, wrapErr(err)
			}
			ddl := "CREATE VIEW " + quoteIdent(t.Name) + " AS " + b.String()
			rows = append(rows, []vm.Value{vm.Text(t.Name), vm.Text(ddl), vm.Text("utf8mb4"), vm.Text("utf8mb4_bin")})
			if n.Tp == ast.ShowCreateTable {
				rows[0] = rows[0][:2]
			}
			break
		}
		if n.Tp == ast.ShowCreateView {
			return nil, errorf(CodeGeneric, "'%s' is not VIEW", t.Name)
		}
		next, err := c.nextAutoInc(t)
		if err != nil {
			return nil, err
		}
		rows = append(rows, []vm.Value{vm.Text(t.Name), vm.Text(mysqlCreateTable(t, next))})
	case ast.ShowIndex:
		t, err := c.showTable(n)
		if err != nil {
			return nil, err
		}
		for _, ix := range mysqlIndexes(t, extraOf(t)) {
			for i, col := range ix.cols {
				coll, null := "A", ""
				if ix.desc[i] {
					coll = "D"
				}
				if !t.Cols[col].NotNull {
					null = "YES"
				}
				rows = append(rows, []vm.Value{vm.Text(t.Name), vm.Bool(!ix.unique), vm.Text(ix.name), vm.Int(int64(i + 1)),
					vm.Text(t.Cols[col].Name), vm.Text(coll), vm.Null(), vm.Null(), vm.Null(), vm.Text(null), vm.Text("BTREE"),
					vm.Text(""), vm.Text(""), vm.Text("YES"), vm.Null()})
			}
		}
	case ast.ShowDatabases:
		rows = [][]vm.Value{{vm.Text(infoSchemaName)}, {vm.Text(databaseName)}}
	case ast.ShowVariables:
		names := make([]string, 0, len(sysVars))
		for name := range sysVars {
			names = append(names, name)
		}
		sort.Strings(names)
		sess := c.session()
		for _, name := range names {
			v := sess.get(name, n.GlobalScope)
			text := vm.Text(v.String())
			if v.IsNull() {
				text = vm.Text("")
			}
			if name == "autocommit" || sysVars[name].set != nil && isBoolSetter(name) {
				text = vm.Text(map[bool]string{true: "ON", false: "OFF"}[v.AsInt() != 0])
			}
			rows = append(rows, []vm.Value{vm.Text(name), text})
		}
	case ast.ShowTableStatus:
		if err := checkDB(n.DBName); err != nil {
			return nil, err
		}
		for _, r := range tablesRows(c.sch) {
			// TABLES columns 2.. without TABLE_TYPE, TABLE_ROWS as Rows.
			rows = append(rows, append([]vm.Value{r[2]}, r[4:]...))
		}
		for _, r := range rows {
			if r[1].IsNull() {
				r[len(r)-1] = vm.Text("VIEW")
			}
		}
	case ast.ShowCreateDatabase:
		if err := checkDB(n.DBName); err != nil {
			return nil, err
		}
		rows = [][]vm.Value{{vm.Text(databaseName), vm.Text("CREATE DATABASE `" + databaseName +
			"` /*!40100 DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin */")}}
	case ast.ShowCharset:
		rows = [][]vm.Value{
			{vm.Text("ascii"), vm.Text("US ASCII"), vm.Text("ascii_bin"), vm.Int(1)},
			{vm.Text("binary"), vm.Text("Binary pseudo charset"), vm.Text("binary"), vm.Int(1)},
			{vm.Text("utf8mb3"), vm.Text("UTF-8 Unicode"), vm.Text("utf8mb3_bin"), vm.Int(3)},
			{vm.Text("utf8mb4"), vm.Text("UTF-8 Unicode"), vm.Text("utf8mb4_bin"), vm.Int(4)},
		}
	case ast.ShowCollation:
		rows = [][]vm.Value{
			{vm.Text("binary"), vm.Text("binary"), vm.Int(63), vm.Text("Yes"), vm.Text("Yes"), vm.Int(1), vm.Text("NO PAD")},
			{vm.Text("utf8mb4_bin"), vm.Text("utf8mb4"), vm.Int(46), vm.Text("Yes"), vm.Text("Yes"), vm.Int(1), vm.Text("PAD SPACE")},
		}
	case ast.ShowEngines:
		rows = [][]vm.Value{{vm.Text("InnoDB"), vm.Text("DEFAULT"), vm.Text("walrus: SQLite-format file, MySQL dialect"),
			vm.Text("YES"), vm.Text("NO"), vm.Text("NO")}}
	case ast.ShowTriggers:
		if err := checkDB(n.DBName); err != nil {
			return nil, err
		}
		rows = showTriggersRows(c.sch) // showtrigger.go
	case ast.ShowWarnings, ast.ShowErrors, ast.ShowStatus:
		// walrus keeps no warnings and no status counters: the result is
		// empty.
	}
	return rows, nil
}

func isBoolSetter(name string) bool {
	switch name {
	case "foreign_key_checks", "unique_checks", "sql_notes", "sql_warnings", "sql_quote_show_create",
		"sql_safe_updates", "sql_auto_is_null", "sql_big_selects", "sql_log_bin", "big_tables":
		return true
	}
	return false
}

// filterShow applies LIKE (to the first column) and WHERE.
func (c *Conn) filterShow(ctx context.Context, n *ast.ShowStmt, cols []vcol, rows [][]vm.Value, args []vm.Value) ([][]vm.Value, error) {
	cond := n.Where
	if n.Pattern != nil {
		like := *n.Pattern
		col := cols[0].name
		if n.Tp == ast.ShowTriggers { // LIKE names the table, not the trigger
			col = "Table"
		}
		like.Expr = &ast.ColumnNameExpr{Name: &ast.ColumnName{Name: ast.NewCIStr(col)}}
		cond = &like
	}
	if cond == nil {
		return rows, nil
	}
	sel := &ast.SelectStmt{Kind: ast.SelectStmtKindSelect,
		Fields: &ast.FieldList{Fields: []*ast.SelectField{{WildCard: &ast.WildCardField{}}}},
		From: &ast.TableRefsClause{TableRefs: &ast.Join{Left: &ast.TableSource{
			Source: &ast.TableName{Schema: ast.NewCIStr(infoSchemaName), Name: ast.NewCIStr(showTableName)}}}},
		Where: cond}
	sess := c.session()
	sess.show = &showResult{cols: cols, rows: rows}
	defer func() { sess.show = nil }()
	return c.runQuery(ctx, sel, args)
}

func newRestoreCtx(b *strings.Builder) *format.RestoreCtx {
	return format.NewRestoreCtx(format.DefaultRestoreFlags, b)
}

// nextAutoInc is the AUTO_INCREMENT value SHOW CREATE TABLE reports: the
// id the next row would get (0 when the table has no AUTO_INCREMENT
// column or no rows and no AUTO_INCREMENT=N option).
func (c *Conn) nextAutoInc(t *table) (int64, error) {
	if !t.AutoInc || t.RowidCol < 0 {
		return t.AutoIncStart, nil
	}
	st := vm.BtreeStorage{File: c.bt}
	cur, err := st.OpenCursor(t.treeSpec(), false)
	if err != nil {
		return 0, wrapErr(err)
	}
	defer cur.Close()
	last, err := cur.LastRowid()
	if err != nil {
		return 0, wrapErr(err)
	}
	seq, err := c.sequenceOf(st, t.Name) // autoinc.go
	if err != nil {
		return 0, wrapErr(err)
	}
	next := max(last, seq) + 1
	if t.AutoIncStart > next {
		next = t.AutoIncStart
	}
	if next <= 1 {
		return 0, nil
	}
	return next, nil
}

func quoteString(s string) string {
	return "'" + strings.ReplaceAll(strings.ReplaceAll(s, `\`, `\\`), "'", "''") + "'"
}

// defaultSQL writes a DEFAULT value as MySQL shows it: literals quoted,
// expressions (CURRENT_TIMESTAMP) as they are.
func defaultSQL(e ast.ExprNode) string {
	if ve, ok := e.(*test_driver.ValueExpr); ok {
		v, err := constValue(ve)
		if err == nil {
			if v.IsNull() {
				return "NULL"
			}
			if v.Kind() == vm.KindBlob {
				return "0x" + strings.ToUpper(hexString(v.AsBytes()))
			}
			return quoteString(v.AsString())
		}
	}
	if dv, ok := columnDefaultValue(e); ok {
		return quoteString(dv)
	}
	return exprText(e)
}

// columnDefaultSQL writes column type t's DEFAULT e as MySQL's SHOW
// CREATE TABLE does: a literal as the value the column stores, quoted
// (DEFAULT 0 of a DECIMAL(10,2) is '0.00', of a DATETIME(2) '...:00.50'),
// a BIT default as b'101', an expression as it is.
func columnDefaultSQL(e ast.ExprNode, t vm.ColType) string {
	if ve, ok := e.(*test_driver.ValueExpr); ok && t.Base != vm.BaseBit {
		if v, err := constValue(ve); err == nil && (v.Kind() == vm.KindBlob || v.IsNull()) {
			return defaultSQL(e)
		}
	}
	v, gen := columnDefault(&tableColumn{Default: e, Type: t})
	switch {
	case gen:
		return exprText(e)
	case v.IsNull():
		return "NULL"
	case t.Base == vm.BaseBit && strings.HasPrefix(v.AsString(), "b'"):
		return v.AsString()
	}
	return quoteString(v.AsString())
}

func columnDefaultValue(e ast.ExprNode) (string, bool) {
	v, gen := columnDefault(&tableColumn{Default: e})
	if gen || v.IsNull() {
		return "", false
	}
	return v.AsString(), true
}

func hexString(b []byte) string {
	const digits = "0123456789abcdef"
	out := make([]byte, 0, 2*len(b))
	for _, c := range b {
		out = append(out, digits[c>>4], digits[c&15])
	}
	return string(out)
}
