package sql

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/walrusdb/walrus/btree"
	"github.com/walrusdb/walrus/vm"
)

// The schema lives in two tables (see doc.go, "Schema"):
//
//	sqlite_schema (page 1)  type, name, tbl_name, rootpage, sql: tables
//	                        and indexes with SQLite-parsable DDL
//	walrus_schema           type, name, tbl_name, sql: the MySQL DDL of
//	                        tables, and views (which SQLite cannot parse)
const catalogName = "walrus_schema"

var (
	schemaSpec = &vm.TreeSpec{Name: "sqlite_schema", Root: 1, Types: make([]vm.ColType, 5)}
	anyType    = vm.ColType{}
)

// buildTable makes a table from CREATE TABLE. Constraint indexes (PRIMARY
// KEY other than the rowid, UNIQUE) come first in Indexes as automatic
// indexes; KEY/INDEX clauses follow as ordinary ones.
func buildTable(n *ast.CreateTableStmt) (*table, error) {
	if strings.HasPrefix(strings.ToLower(n.Table.Name.O), "sqlite_") {
		return nil, errorf(CodeGeneric, "object name reserved for internal use: %s", n.Table.Name.O)
	}
	return buildTableWith(n, nil)
}

// buildTableWith is buildTable with SQLite's rowid rule when rowidAlias is
// set: it says whether the single-column primary key col is the rowid.
func buildTableWith(n *ast.CreateTableStmt, rowidAlias func(col int) bool) (*table, error) {
	if n.Select != nil || n.ReferTable != nil {
		return nil, errNotSupported("CREATE TABLE ... SELECT / LIKE")
	}
	t := &table{Name: n.Table.Name.O, RowidCol: -1}
	t.AutoIncStart = autoIncOption(n.Options) // alter.go
	type keyDef struct {
		cols    []int
		desc    []bool
		primary bool
		unique  bool
		name    string
	}
	var keys []keyDef
	colKey := func(parts []*ast.IndexPartSpecification) ([]int, []bool, error) {
		var cols []int
		var desc []bool
		for _, p := range parts {
			if p.Expr != nil || p.Column == nil {
				return nil, nil, errNotSupported("index on an expression")
			}
			i := t.colIndex(p.Column.Name.O)
			if i < 0 {
				return nil, nil, errorf(CodeNoSuchColumn, "key column '%s' doesn't exist in table", p.Column.Name.O)
			}
			cols = append(cols, i)
			desc = append(desc, p.Desc)
		}
		return cols, desc, nil
	}
	for _, cd := range n.Cols {
		ct, err := vm.ColTypeFromField(cd.Tp)
		if err != nil {
			return nil, columnTypeError(cd, err) // enum.go
		}
		if t.colIndex(cd.Name.Name.O) >= 0 {
			return nil, errorf(CodeGeneric, "duplicate column name '%s'", cd.Name.Name.O)
		}
		col := &tableColumn{Name: cd.Name.Name.O, Type: ct}
		t.Cols = append(t.Cols, col)
		i := len(t.Cols) - 1
		for _, o := range cd.Options {
			switch o.Tp {
			case ast.ColumnOptionNotNull:
				col.NotNull = true
			case ast.ColumnOptionPrimaryKey:
				col.NotNull = true
				keys = append(keys, keyDef{cols: []int{i}, desc: []bool{false}, primary: true, unique: true})
			case ast.ColumnOptionUniqKey:
				keys = append(keys, keyDef{cols: []int{i}, desc: []bool{false}, unique: true})
			case ast.ColumnOptionAutoIncrement:
				col.AutoInc = true
				t.AutoInc = true
			case ast.ColumnOptionDefaultValue:
				col.Default = o.Expr
			}
		}
		if err := enumDefault(col); err != nil { // enum.go
			return nil, err
		}
	}
	for _, con := range n.Constraints {
		switch con.Tp {
		case ast.ConstraintPrimaryKey, ast.ConstraintUniq, ast.ConstraintUniqKey, ast.ConstraintUniqIndex,
			ast.ConstraintKey, ast.ConstraintIndex:
			cols, desc, err := colKey(con.Keys)
			if err != nil {
				return nil, err
			}
			k := keyDef{cols: cols, desc: desc, name: con.Name}
			switch con.Tp {
			case ast.ConstraintPrimaryKey:
				k.primary, k.unique = true, true
				for _, c := range cols {
					t.Cols[c].NotNull = true
				}
			case ast.ConstraintUniq, ast.ConstraintUniqKey, ast.ConstraintUniqIndex:
				k.unique = true
			}
			keys = append(keys, k)
		case ast.ConstraintForeignKey, ast.ConstraintCheck:
			// Read by addConstraints (fk.go).
		default:
			return nil, errNotSupported("this table constraint")
		}
	}
	nPrimary := 0
	for _, k := range keys {
		if k.primary {
			nPrimary++
		}
	}
	if nPrimary > 1 {
		return nil, errorf(CodeGeneric, "multiple primary key defined")
	}
	for _, k := range keys {
		if k.primary && len(k.cols) == 1 && !k.desc[0] {
			ct := t.Cols[k.cols[0]].Type
			if rowidAlias != nil {
				if rowidAlias(k.cols[0]) {
					t.RowidCol = k.cols[0]
				}
			} else if ct.IsInteger() && (!(ct.Base == vm.BaseBigInt && ct.Unsigned) || t.Cols[k.cols[0]].AutoInc) {
				// A BIGINT UNSIGNED AUTO_INCREMENT key (GORM's `ID uint`) is
				// the rowid too: its ids stay below 2^63.
				t.RowidCol = k.cols[0]
			}
		}
	}
	auto := 0
	var plain []*index
	seen := map[string]bool{}
	for _, k := range keys {
		if k.primary && t.RowidCol >= 0 {
			continue
		}
		sig := fmt.Sprint(k.cols, k.unique)
		if k.unique && seen[sig] {
			continue
		}
		seen[sig] = true
		ix := &index{Table: t, Cols: k.cols, Desc: k.desc, Unique: k.unique, Primary: k.primary}
		if k.unique {
			auto++
			ix.Auto = true
			ix.Name = autoIndexName(t.Name, auto)
			t.Indexes = append(t.Indexes, ix)
			continue
		}
		ix.Name = k.name
		if ix.Name == "" {
			ix.Name = t.Name + "_" + t.Cols[k.cols[0]].Name
		}
		plain = append(plain, ix)
	}
	t.Indexes = append(t.Indexes, plain...)
	if err := addConstraints(t, n); err != nil { // fk.go
		return nil, err
	}
	return t, nil
}

// buildIndex makes the index of CREATE INDEX on t.
func buildIndex(n *ast.CreateIndexStmt, t *table) (*index, error) {
	switch n.KeyType {
	case ast.IndexKeyTypeNone, ast.IndexKeyTypeUnique:
	default:
		return nil, errNotSupported("this index type")
	}
	ix := &index{Name: n.IndexName, Table: t, Unique: n.KeyType == ast.IndexKeyTypeUnique}
	for _, p := range n.IndexPartSpecifications {
		if p.Expr != nil || p.Column == nil {
			return nil, errNotSupported("index on an expression")
		}
		i := t.colIndex(p.Column.Name.O)
		if i < 0 {
			return nil, errorf(CodeNoSuchColumn, "no such column: %s", p.Column.Name.O)
		}
		ix.Cols = append(ix.Cols, i)
		ix.Desc = append(ix.Desc, p.Desc)
	}
	return ix, nil
}

// schemaRow is one row of sqlite_schema.
type schemaRow struct {
	rowid               int64
	typ, name, tbl, sql string
	root                uint32
	sqlNull             bool
}

// scanRows calls each with the rowid and first ncols columns of every row
// of the table spec names, in rowid order.
func scanRows(st vm.Storage, spec *vm.TreeSpec, ncols int, each func(rowid int64, vals []vm.Value)) error {
	cur, err := st.OpenCursor(spec, false)
	if err != nil {
		return wrapErr(err)
	}
	defer cur.Close()
	vals := make([]vm.Value, ncols)
	ok, err := cur.First()
	for ; ok && err == nil; ok, err = cur.Next() {
		for i := range vals {
			if vals[i], err = cur.Column(i); err != nil {
				return wrapErr(err)
			}
		}
		rowid, err := cur.Rowid()
		if err != nil {
			return wrapErr(err)
		}
		each(rowid, vals)
	}
	return wrapErr(err)
}

func readSchemaRows(st vm.Storage) ([]schemaRow, error) {
	var rows []schemaRow
	err := scanRows(st, schemaSpec, 5, func(rowid int64, vals []vm.Value) {
		rows = append(rows, schemaRow{rowid: rowid,
			typ: vals[0].AsString(), name: vals[1].AsString(), tbl: vals[2].AsString(),
			root: uint32(vals[3].AsInt()), sql: vals[4].AsString(), sqlNull: vals[4].IsNull()})
	})
	return rows, err
}

// loadSchema reads sqlite_schema and the walrus catalog (S4): MySQL DDL
// from the catalog wins; tables without a catalog entry (files written
// by sqlite3) are read from sqlite_schema's SQL. Statements parsed by an
// earlier load come from parsed (nil: parse all; schemacache.go).
func loadSchema(st vm.Storage, cookie uint32, parsed *ddlParses) (sch *schema, err error) {
	defer func() { parsed.loaded(err == nil) }()
	rows, err := readSchemaRows(st)
	if err != nil {
		return nil, err
	}
	sch = newSchema()
	sch.cookie = cookie
	master := &table{Name: "sqlite_schema", Root: 1, RowidCol: -1}
	for _, n := range []string{"type", "name", "tbl_name", "rootpage", "sql"} {
		master.Cols = append(master.Cols, &tableColumn{Name: n})
	}
	sch.tables["sqlite_schema"] = master
	sch.tables["sqlite_master"] = master

	mysqlDDL := map[string]string{}
	var views []schemaRow
	for _, r := range rows {
		if r.typ == "table" && strings.EqualFold(r.name, catalogName) {
			cat, err := readCatalog(st, r.root)
			if err != nil {
				return nil, err
			}
			for _, c := range cat {
				if c.typ == "trigger" {
					sch.addTrigger(c.name, c.tbl, c.sql) // trigger.go
					continue
				}
				if c.typ == "view" {
					views = append(views, c)
					continue
				}
				mysqlDDL[lower(c.name)] = c.sql
			}
		}
	}
	for _, r := range rows {
		if r.typ != "table" {
			continue
		}
		text := r.sql
		if m, ok := mysqlDDL[lower(r.name)]; ok {
			text = m
		}
		var t *table
		var err error
		if _, ok := mysqlDDL[lower(r.name)]; ok {
			t, err = tableFromSQL(text, parsed.parse)
		} else {
			t, err = tableFromSQLite(text, parsed.parse) // a table sqlite3 (or another SQLite) created
		}
		if err != nil {
			return nil, errorf(CodeCorrupt, "malformed schema: table %s: %v", r.name, err)
		}
		t.Root = r.root
		t.MySQL = text
		var keep []*index
		for _, ix := range t.Indexes {
			if ix.Auto {
				keep = append(keep, ix)
			}
		}
		t.Indexes = keep // ordinary indexes come from their own rows
		sch.tables[lower(t.Name)] = t
	}
	for _, r := range rows {
		if r.typ != "index" {
			continue
		}
		t := sch.table(r.tbl)
		if t == nil {
			return nil, errorf(CodeCorrupt, "malformed schema: index %s on missing table %s", r.name, r.tbl)
		}
		if r.sqlNull {
			for _, ix := range t.Indexes {
				if strings.EqualFold(ix.Name, r.name) {
					ix.Root = r.root
				}
			}
			continue
		}
		node, err := parsed.parse(r.sql)
		if err != nil {
			return nil, errorf(CodeCorrupt, "malformed schema: index %s: %v", r.name, err)
		}
		ci, ok := node.(*ast.CreateIndexStmt)
		if !ok {
			return nil, errorf(CodeCorrupt, "malformed schema: index %s", r.name)
		}
		ix, err := buildIndex(ci, t)
		if err != nil {
			return nil, err
		}
		ix.Root = r.root
		t.Indexes = append(t.Indexes, ix)
	}
	for _, t := range sch.tables {
		for _, ix := range t.Indexes {
			if ix.Root == 0 {
				return nil, errorf(CodeCorrupt, "malformed schema: index %s has no b-tree", ix.Name)
			}
			sch.indexes[lower(ix.Name)] = ix
		}
	}
	for _, v := range views {
		node, err := parsed.parse(v.sql)
		if err != nil {
			return nil, errorf(CodeCorrupt, "malformed schema: view %s: %v", v.name, err)
		}
		cv, ok := node.(*ast.CreateViewStmt)
		if !ok {
			return nil, errorf(CodeCorrupt, "malformed schema: view %s", v.name)
		}
		t, err := viewTable(cv)
		if err != nil {
			return nil, err
		}
		sch.tables[lower(t.Name)] = t
	}
	return sch, nil
}

func viewTable(cv *ast.CreateViewStmt) (*table, error) {
	q, ok := cv.Select.(ast.ResultSetNode)
	if !ok {
		return nil, errNotSupported("view of this kind")
	}
	if len(cv.Cols) > 0 {
		return nil, errNotSupported("view column lists")
	}
	return &table{Name: cv.ViewName.Name.O, View: q, RowidCol: -1, MySQL: cv.Text()}, nil
}

// tableFromSQL builds a table from the catalog's MySQL DDL, parsed by
// parse (parseTiDB or a ddlParses cache).
func tableFromSQL(text string, parse func(string) (ast.StmtNode, error)) (*table, error) {
	node, err := parse(sqliteToMySQLDDL(text))
	if err != nil {
		return nil, err
	}
	ct, ok := node.(*ast.CreateTableStmt)
	if !ok {
		return nil, fmt.Errorf("not a CREATE TABLE")
	}
	return buildTable(ct)
}

// sqliteToMySQLDDL makes the DDL sqlite3 writes readable by TiDB: the
// AUTOINCREMENT keyword becomes AUTO_INCREMENT.
func sqliteToMySQLDDL(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "AUTOINCREMENT", "AUTO_INCREMENT"), "autoincrement", "AUTO_INCREMENT")
}

func readCatalog(st vm.Storage, root uint32) ([]schemaRow, error) {
	var rows []schemaRow
	spec := &vm.TreeSpec{Name: catalogName, Root: root, Types: make([]vm.ColType, 4)}
	err := scanRows(st, spec, 4, func(rowid int64, vals []vm.Value) {
		rows = append(rows, schemaRow{rowid: rowid,
			typ: vals[0].AsString(), name: vals[1].AsString(), tbl: vals[2].AsString(), sql: vals[3].AsString()})
	})
	return rows, err
}

// errNoChange is returned by a ddlTx function that found nothing to do
// (DROP ... IF EXISTS of a missing object): the statement succeeds without
// writing, so it costs no commit (SQLite writes nothing either).
var errNoChange = errors.New("sql: statement changed nothing")

// ddlTx runs fn as a writing statement and bumps the schema cookie when
// it succeeds, so that every connection reloads its schema.
func (c *Conn) ddlTx(ctx context.Context, fn func(st vm.Storage) error) error {
	if err := c.stmtBegin(ctx, true); err != nil {
		return err
	}
	st := vm.BtreeStorage{File: c.bt}
	err := fn(st)
	if errors.Is(err, errNoChange) {
		return c.stmtEnd(true, nil)
	}
	if err == nil {
		var cookie uint32
		cookie, err = c.bt.Meta(btree.SchemaCookie)
		if err == nil {
			err = c.bt.SetMeta(btree.SchemaCookie, cookie+1)
		}
		if err == nil {
			if f, e := c.bt.Meta(btree.SchemaFormat); e == nil && f == 0 {
				err = c.bt.SetMeta(btree.SchemaFormat, 4)
			}
		}
		if err == nil {
			c.sch = nil
			err = c.refreshSchema()
		}
	}
	return c.stmtEnd(true, wrapErr(err))
}

func insertRow(st vm.Storage, spec *vm.TreeSpec, vals []vm.Value) error {
	cur, err := st.OpenCursor(spec, true)
	if err != nil {
		return err
	}
	defer cur.Close()
	last, err := cur.LastRowid()
	if err != nil {
		return err
	}
	return cur.Insert(last+1, vals)
}

// deleteRows deletes the rows of the tree for which match is true.
func deleteRows(st vm.Storage, spec *vm.TreeSpec, match func(cur vm.Cursor) (bool, error)) error {
	cur, err := st.OpenCursor(spec, true)
	if err != nil {
		return err
	}
	defer cur.Close()
	ok, err := cur.First()
	for ok && err == nil {
		var m bool
		if m, err = match(cur); err != nil {
			return err
		}
		if m {
			if err = cur.Delete(); err != nil {
				return err
			}
		}
		ok, err = cur.Next()
	}
	return err
}

func (c *Conn) catalogSpec(st vm.Storage) (*vm.TreeSpec, error) {
	if t := c.sch.table(catalogName); t != nil {
		return t.treeSpec(), nil
	}
	root, err := c.bt.CreateTree(btree.TableTree)
	if err != nil {
		return nil, err
	}
	ddl := "CREATE TABLE " + catalogName + "(`type` TEXT, `name` TEXT, `tbl_name` TEXT, `sql` TEXT)"
	if err := insertRow(st, schemaSpec, []vm.Value{vm.Text("table"), vm.Text(catalogName),
		vm.Text(catalogName), vm.Int(int64(root)), vm.Text(ddl)}); err != nil {
		return nil, err
	}
	t := &table{Name: catalogName, Root: root, RowidCol: -1}
	for _, n := range []string{"type", "name", "tbl_name", "sql"} {
		t.Cols = append(t.Cols, &tableColumn{Name: n, Type: vm.ColType{Base: vm.BaseLongText, Length: -1}})
	}
	c.sch.tables[catalogName] = t
	return t.treeSpec(), nil
}

func (c *Conn) objectExists(name string) bool {
	return c.sch.table(name) != nil || c.sch.indexes[lower(name)] != nil
}

func (c *Conn) compileDDL(node ast.StmtNode) (native, error) {
	switch n := node.(type) {
	case *ast.CreateTableStmt:
		if _, err := buildTable(n); err != nil {
			return nil, err
		}
		text := n.Text()
		return func(ctx context.Context, s *Stmt, _ []vm.Value) (*nativeResult, error) {
			return &nativeResult{}, c.ddlTx(ctx, func(st vm.Storage) error { return c.createTable(st, n, text) })
		}, nil
	case *ast.CreateIndexStmt:
		return func(ctx context.Context, s *Stmt, _ []vm.Value) (*nativeResult, error) {
			return &nativeResult{}, c.ddlTx(ctx, func(st vm.Storage) error { return c.createIndex(st, n) })
		}, nil
	case *ast.DropTableStmt:
		return func(ctx context.Context, s *Stmt, _ []vm.Value) (*nativeResult, error) {
			return &nativeResult{}, c.ddlTx(ctx, func(st vm.Storage) error { return c.dropTables(st, n) })
		}, nil
	case *ast.DropIndexStmt:
		tbl := ""
		if n.Table != nil {
			tbl = n.Table.Name.O
		}
		return runDropIndex(n.IndexName, tbl, n.IfExists), nil
	case *ast.CreateViewStmt:
		if _, err := viewTable(n); err != nil {
			return nil, err
		}
		text := n.Text()
		return func(ctx context.Context, s *Stmt, _ []vm.Value) (*nativeResult, error) {
			return &nativeResult{}, c.ddlTx(ctx, func(st vm.Storage) error { return c.createView(st, n, text) })
		}, nil
	case *ast.TruncateTableStmt:
		return func(ctx context.Context, s *Stmt, _ []vm.Value) (*nativeResult, error) {
			return &nativeResult{}, c.ddlTx(ctx, func(st vm.Storage) error {
				t := c.sch.table(n.Table.Name.O)
				if t == nil || t.View != nil {
					return errNoSuchTable(n.Table.Name.O)
				}
				if err := c.checkDropParent(t, nil, true); err != nil { // fk.go
					return err
				}
				if err := c.bt.ClearTree(t.Root); err != nil {
					return err
				}
				for _, ix := range t.Indexes {
					if err := c.bt.ClearTree(ix.Root); err != nil {
						return err
					}
				}
				return nil
			})
		}, nil
	}
	return nil, errNotSupported(fmt.Sprintf("statement %T", node))
}

func (c *Conn) createTable(st vm.Storage, n *ast.CreateTableStmt, text string) error {
	name := n.Table.Name.O
	if c.objectExists(name) {
		if n.IfNotExists {
			return nil
		}
		return errorf(CodeGeneric, "table %s already exists", name)
	}
	t, err := buildTable(n)
	if err != nil {
		return err
	}
	if err := c.validateConstraints(t, nil); err != nil { // fk.go
		return err
	}
	if t.Root, err = c.bt.CreateTree(btree.TableTree); err != nil {
		return err
	}
	for _, ix := range t.Indexes {
		if err := c.placeIndex(t, ix); err != nil { // indexname.go
			return err
		}
		if ix.Root, err = c.bt.CreateTree(btree.IndexTree); err != nil {
			return err
		}
	}
	if err := insertRow(st, schemaSpec, []vm.Value{vm.Text("table"), vm.Text(t.Name), vm.Text(t.Name),
		vm.Int(int64(t.Root)), vm.Text(t.sqliteTableDDL())}); err != nil {
		return err
	}
	for _, ix := range t.Indexes {
		sqlv := vm.Null()
		if !ix.Auto {
			sqlv = vm.Text(ix.sqliteDDL())
		}
		if err := insertRow(st, schemaSpec, []vm.Value{vm.Text("index"), vm.Text(ix.Name), vm.Text(t.Name),
			vm.Int(int64(ix.Root)), sqlv}); err != nil {
			return err
		}
	}
	if t.hasAutoIncRowid() {
		if err := c.setSequence(st, t.Name, t.AutoIncStart-1); err != nil { // autoinc.go
			return err
		}
	}
	cat, err := c.catalogSpec(st)
	if err != nil {
		return err
	}
	return insertRow(st, cat, []vm.Value{vm.Text("table"), vm.Text(t.Name), vm.Text(t.Name), vm.Text(text)})
}

func (c *Conn) createView(st vm.Storage, n *ast.CreateViewStmt, text string) error {
	name := n.ViewName.Name.O
	if old := c.sch.table(name); old != nil {
		if old.View == nil || !n.OrReplace {
			return errorf(CodeGeneric, "table %s already exists", name)
		}
		if err := c.dropView(st, old); err != nil {
			return err
		}
	} else if c.objectExists(name) {
		return errorf(CodeGeneric, "table %s already exists", name)
	}
	// Check that the view compiles now.
	cp := newCompiler(c.sch)
	defer cp.release()
	if _, _, err := cp.compileQuery(n.Select.(ast.ResultSetNode)); err != nil {
		return err
	}
	cat, err := c.catalogSpec(st)
	if err != nil {
		return err
	}
	return insertRow(st, cat, []vm.Value{vm.Text("view"), vm.Text(name), vm.Text(name), vm.Text(text)})
}

func (c *Conn) dropView(st vm.Storage, t *table) error {
	cat, err := c.catalogSpec(st)
	if err != nil {
		return err
	}
	return deleteRows(st, cat, func(cur vm.Cursor) (bool, error) {
		typ, err := cur.Column(0)
		if err != nil {
			return false, err
		}
		name, err := cur.Column(1)
		return typ.AsString() == "view" && strings.EqualFold(name.AsString(), t.Name), err
	})
}

func (c *Conn) dropTables(st vm.Storage, n *ast.DropTableStmt) error {
	missing := 0
	for _, tn := range n.Tables {
		t := c.sch.table(tn.Name.O)
		if t == nil || (t.View != nil) != n.IsView || t.Root == 1 {
			if n.IfExists && t == nil {
				missing++
				continue
			}
			if n.IsView {
				return errorf(CodeNoSuchTable, "no such view: %s", tn.Name.O)
			}
			return errNoSuchTable(tn.Name.O)
		}
		if t.View != nil {
			if err := c.dropView(st, t); err != nil {
				return err
			}
			delete(c.sch.tables, lower(t.Name))
			continue
		}
		going := map[string]bool{}
		for _, other := range n.Tables {
			going[lower(other.Name.O)] = true
		}
		if err := c.checkDropParent(t, going, false); err != nil { // fk.go
			return err
		}
		for _, ix := range t.Indexes {
			if err := c.dropTree(st, ix.Root); err != nil {
				return err
			}
		}
		if err := c.dropTree(st, t.Root); err != nil {
			return err
		}
		if err := deleteRows(st, schemaSpec, func(cur vm.Cursor) (bool, error) {
			v, err := cur.Column(2)
			return strings.EqualFold(v.AsString(), t.Name), err
		}); err != nil {
			return err
		}
		if err := c.dropSequence(st, t.Name); err != nil { // autoinc.go
			return err
		}
		// The table's catalog row and its triggers go with it.
		if err := c.deleteCatalog(st, func(typ, name, tbl string) bool {
			return strings.EqualFold(tbl, t.Name)
		}); err != nil {
			return err
		}
		delete(c.sch.tables, lower(t.Name))
	}
	if missing == len(n.Tables) {
		return errNoChange // only IF EXISTS names that do not exist
	}
	return nil
}

func (c *Conn) createIndex(st vm.Storage, n *ast.CreateIndexStmt) error {
	t := c.sch.table(n.Table.Name.O)
	if t == nil || t.View != nil || t.Root == 1 {
		return errNoSuchTable(n.Table.Name.O)
	}
	if old, err := c.findIndex(n.IndexName, t.Name); err != nil || old != nil {
		if err == nil && n.IfNotExists {
			return nil
		}
		if err == nil {
			err = errorf(CodeGeneric, "index %s already exists", n.IndexName)
		}
		return err
	}
	ix, err := buildIndex(n, t)
	if err != nil {
		return err
	}
	if err := c.placeIndex(t, ix); err != nil { // indexname.go
		return err
	}
	if ix.Root, err = c.bt.CreateTree(btree.IndexTree); err != nil {
		return err
	}
	if err := fillIndex(st, t, ix); err != nil {
		return err
	}
	return insertRow(st, schemaSpec, []vm.Value{vm.Text("index"), vm.Text(ix.Name), vm.Text(t.Name),
		vm.Int(int64(ix.Root)), vm.Text(ix.sqliteDDL())})
}

// fillIndex adds an entry for every row of t to the new index ix.
func fillIndex(st vm.Storage, t *table, ix *index) error {
	tc, err := st.OpenCursor(t.treeSpec(), false)
	if err != nil {
		return err
	}
	defer tc.Close()
	ic, err := st.OpenCursor(ix.treeSpec(), true)
	if err != nil {
		return err
	}
	defer ic.Close()
	key := make([]vm.Value, len(ix.Cols)+1)
	ok, err := tc.First()
	for ; ok && err == nil; ok, err = tc.Next() {
		rowid, err := tc.Rowid()
		if err != nil {
			return err
		}
		for i, col := range ix.Cols {
			if col == t.RowidCol {
				key[i] = vm.Int(rowid)
			} else if key[i], err = tc.Column(col); err != nil {
				return err
			}
		}
		key[len(ix.Cols)] = vm.Int(rowid)
		if ix.Unique && !hasNull(key[:len(ix.Cols)]) {
			found, err := ic.Seek(vm.SeekGE, key[:len(ix.Cols)])
			if err != nil {
				return err
			}
			if found {
				cmp, err := ic.CompareKey(key[:len(ix.Cols)])
				if err != nil {
					return err
				}
				if cmp == 0 {
					return errorf(CodeConstraint, "UNIQUE constraint failed: %s", ix.Name)
				}
			}
		}
		if err := ic.InsertKey(key); err != nil {
			return err
		}
	}
	return err
}

func hasNull(vals []vm.Value) bool {
	for _, v := range vals {
		if v.IsNull() {
			return true
		}
	}
	return false
}

func runDropIndex(name, tbl string, ifExists bool) native {
	return func(ctx context.Context, s *Stmt, _ []vm.Value) (*nativeResult, error) {
		c := s.conn
		return &nativeResult{}, c.ddlTx(ctx, func(st vm.Storage) error {
			ix, err := c.findIndex(name, tbl) // indexname.go
			if err != nil {
				return err
			}
			if done, err := c.dropKeyByMySQLName(st, tbl, name, ix); done { // alter.go
				return err
			}
			if ix == nil || tbl != "" && !strings.EqualFold(ix.Table.Name, tbl) {
				if ifExists {
					return nil
				}
				return errorf(CodeNoSuchTable, "no such index: %s", name)
			}
			if ix.Auto {
				return errorf(CodeGeneric, "index associated with UNIQUE or PRIMARY KEY constraint cannot be dropped")
			}
			if err := modelOf(ix.Table).keyNeededByFK(modelOf(ix.Table).key(ix.mysqlName())); err != nil { // check.go
				return err
			}
			if err := c.dropTree(st, ix.Root); err != nil {
				return err
			}
			return deleteRows(st, schemaSpec, func(cur vm.Cursor) (bool, error) {
				typ, err := cur.Column(0)
				if err != nil {
					return false, err
				}
				v, err := cur.Column(1)
				return typ.AsString() == "index" && strings.EqualFold(v.AsString(), ix.Name), err
			})
		})
	}
}
