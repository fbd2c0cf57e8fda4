package sql

import (
	"sort"
	"strconv"
	"strings"

	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/pingcap/tidb/pkg/parser/mysql"
	"github.com/pingcap/tidb/pkg/parser/opcode"
	"github.com/pingcap/tidb/pkg/parser/test_driver"
	"github.com/walrusdb/walrus/vm"
)

// information_schema: virtual tables built from the schema when a query
// names one. The compiler fills an ephemeral table with the rows at the
// point where the FROM item is compiled (like a derived table), so the
// SELECT machinery scans, filters, joins and sorts them as any table. The
// rows are computed at compile time from the schema the statement was
// compiled against; a schema change recompiles the statement (cookie
// check in Stmt.Query), so they are never stale.

const infoSchemaName = "information_schema"

// vcol is a column of a virtual table.
type vcol struct {
	name string
	typ  vm.ColType
}

var (
	textType = vm.ColType{Base: vm.BaseVarchar, Length: 512}
	intType  = vm.ColType{Base: vm.BaseBigInt, Length: -1}
)

// vtable is a virtual table: its columns and a function making its rows.
type vtable struct {
	cols []vcol
	rows func(sch *schema) [][]vm.Value
}

func vcols(spec string) []vcol {
	var cols []vcol
	for _, f := range strings.Fields(spec) {
		name, typ := f, textType
		if strings.HasSuffix(f, ":i") {
			name, typ = strings.TrimSuffix(f, ":i"), intType
		}
		cols = append(cols, vcol{name, typ})
	}
	return cols
}

// infoTables is set in init: its row functions reach the compiler, which
// reaches infoTables.
var infoTables map[string]*vtable

func init() {
	infoTables = map[string]*vtable{
		"schemata": {vcols("CATALOG_NAME SCHEMA_NAME DEFAULT_CHARACTER_SET_NAME DEFAULT_COLLATION_NAME SQL_PATH DEFAULT_ENCRYPTION"), schemataRows},
		"tables": {vcols("TABLE_CATALOG TABLE_SCHEMA TABLE_NAME TABLE_TYPE ENGINE VERSION:i ROW_FORMAT TABLE_ROWS:i AVG_ROW_LENGTH:i " +
			"DATA_LENGTH:i MAX_DATA_LENGTH:i INDEX_LENGTH:i DATA_FREE:i AUTO_INCREMENT:i CREATE_TIME UPDATE_TIME CHECK_TIME " +
			"TABLE_COLLATION CHECKSUM:i CREATE_OPTIONS TABLE_COMMENT"), tablesRows},
		"columns": {vcols("TABLE_CATALOG TABLE_SCHEMA TABLE_NAME COLUMN_NAME ORDINAL_POSITION:i COLUMN_DEFAULT IS_NULLABLE DATA_TYPE " +
			"CHARACTER_MAXIMUM_LENGTH:i CHARACTER_OCTET_LENGTH:i NUMERIC_PRECISION:i NUMERIC_SCALE:i DATETIME_PRECISION:i " +
			"CHARACTER_SET_NAME COLLATION_NAME COLUMN_TYPE COLUMN_KEY EXTRA PRIVILEGES COLUMN_COMMENT GENERATION_EXPRESSION SRS_ID:i"), columnsRows},
		"statistics": {vcols("TABLE_CATALOG TABLE_SCHEMA TABLE_NAME NON_UNIQUE:i INDEX_SCHEMA INDEX_NAME SEQ_IN_INDEX:i COLUMN_NAME " +
			"COLLATION CARDINALITY:i SUB_PART:i PACKED NULLABLE INDEX_TYPE COMMENT INDEX_COMMENT IS_VISIBLE EXPRESSION"), statisticsRows},
		"table_constraints": {vcols("CONSTRAINT_CATALOG CONSTRAINT_SCHEMA CONSTRAINT_NAME TABLE_SCHEMA TABLE_NAME CONSTRAINT_TYPE ENFORCED"), tableConstraintRows},
		"key_column_usage": {vcols("CONSTRAINT_CATALOG CONSTRAINT_SCHEMA CONSTRAINT_NAME TABLE_CATALOG TABLE_SCHEMA TABLE_NAME COLUMN_NAME " +
			"ORDINAL_POSITION:i POSITION_IN_UNIQUE_CONSTRAINT:i REFERENCED_TABLE_SCHEMA REFERENCED_TABLE_NAME REFERENCED_COLUMN_NAME"), keyColumnRows},
		"referential_constraints": {vcols("CONSTRAINT_CATALOG CONSTRAINT_SCHEMA CONSTRAINT_NAME UNIQUE_CONSTRAINT_CATALOG " +
			"UNIQUE_CONSTRAINT_SCHEMA UNIQUE_CONSTRAINT_NAME MATCH_OPTION UPDATE_RULE DELETE_RULE TABLE_NAME REFERENCED_TABLE_NAME"), referentialRows},
		"views": {vcols("TABLE_CATALOG TABLE_SCHEMA TABLE_NAME VIEW_DEFINITION CHECK_OPTION IS_UPDATABLE DEFINER SECURITY_TYPE " +
			"CHARACTER_SET_CLIENT COLLATION_CONNECTION"), viewsRows},
		"triggers": {triggerCols, triggersRows}, // showtrigger.go
	}
}

// infoSchemaSource is the FROM item information_schema.X.
func (c *compiler) infoSchemaSource(sc *scope, ts *ast.TableSource, tn *ast.TableName) (*level, error) {
	if tn.Name.O == showTableName && c.sess != nil && c.sess.show != nil {
		return c.virtualSource(sc, ts, tn.Name.O, c.sess.show.cols, c.sess.show.rows)
	}
	vt := infoTables[tn.Name.L]
	if vt == nil {
		return nil, errorf(CodeNoSuchTable, "no such table: %s.%s", infoSchemaName, tn.Name.O)
	}
	return c.virtualSource(sc, ts, tn.Name.O, vt.cols, vt.rows(c.sch))
}

// virtualSource adds a source whose rows are the given constants.
func (c *compiler) virtualSource(sc *scope, ts *ast.TableSource, name string, cols []vcol, rows [][]vm.Value) (*level, error) {
	if ts != nil && ts.AsName.O != "" {
		name = ts.AsName.O
	}
	for _, s := range sc.sources {
		if strings.EqualFold(s.name, name) {
			return nil, errorf(CodeGeneric, "not unique table/alias: '%s'", name)
		}
	}
	cur := c.cursor()
	c.emit(vm.OpOpenEphemeral, cur, 1, 0, &vm.TreeSpec{Name: name}, infoSchemaName+"."+name)
	blk := c.regs(len(cols) + 1)
	for _, row := range rows {
		c.emit(vm.OpSequence, cur, blk, 0, nil, "")
		for i, v := range row {
			c.emitConst(v, blk+1+i)
		}
		c.emit(vm.OpIdxInsert, cur, blk, len(cols)+1, nil, "")
	}
	s := &source{name: name, cursor: cur, colOff: 1, rowidCol: -1}
	for _, col := range cols {
		s.cols = append(s.cols, col.name)
		s.types = append(s.types, col.typ)
	}
	sc.sources = append(sc.sources, s)
	return &level{src: s}, nil
}

// userTables lists the tables and views users see, by name (internal
// sqlite_* tables and the walrus catalog are hidden).
func (sch *schema) userTables() []*table {
	var out []*table
	for key, t := range sch.tables {
		if key != lower(t.Name) || t.Root == 1 || strings.EqualFold(t.Name, catalogName) ||
			strings.HasPrefix(key, "sqlite_") {
			continue
		}
		out = append(out, t)
	}
	sort.Slice(out, func(i, j int) bool { return lower(out[i].Name) < lower(out[j].Name) })
	return out
}

// foreignKey is a FOREIGN KEY clause of a table's MySQL DDL (enforced:
// fk.go).
type foreignKey struct {
	name               string
	cols               []string
	refTable           string
	refCols            []string
	onDelete, onUpdate string
}

// readReference fills the REFERENCES part of fk from the parsed clause
// (actions default to NO ACTION, as set by the caller).
func (fk *foreignKey) readReference(ref *ast.ReferenceDef) {
	if ref.Table != nil {
		fk.refTable = ref.Table.Name.O
	}
	for _, p := range ref.IndexPartSpecifications {
		if p.Column != nil {
			fk.refCols = append(fk.refCols, p.Column.Name.O)
		}
	}
	if ref.OnDelete != nil && ref.OnDelete.ReferOpt != ast.ReferOptionNoOption {
		fk.onDelete = ref.OnDelete.ReferOpt.String()
	}
	if ref.OnUpdate != nil && ref.OnUpdate.ReferOpt != ast.ReferOptionNoOption {
		fk.onUpdate = ref.OnUpdate.ReferOpt.String()
	}
}

// tableExtra is what the table struct does not keep but the MySQL DDL
// says: comments, foreign keys, the names of UNIQUE keys.
type tableExtra struct {
	comment    string
	colComment map[string]string // lower-case column name -> comment
	colOnUpd   map[string]string // ON UPDATE expression text
	fks        []foreignKey
	uniqueName map[string]string // column list signature -> key name
	tinyInt1   map[string]bool   // lower-case names of TINYINT(1)/BOOLEAN columns
}

// colType is col's type as MySQL reports it: TINYINT(1) (BOOLEAN) keeps
// the display width that vm.ColType drops for integers.
func (x *tableExtra) colType(col *tableColumn) vm.ColType {
	ct := col.Type
	if ct.Base == vm.BaseTinyInt && x.tinyInt1[lower(col.Name)] {
		ct.Length = 1
	}
	return ct
}

// extraOf reads t's MySQL DDL again. A table whose DDL does not parse
// (it loaded, so this does not happen) has no extras.
func extraOf(t *table) *tableExtra {
	x := &tableExtra{colComment: map[string]string{}, colOnUpd: map[string]string{}, uniqueName: map[string]string{},
		tinyInt1: map[string]bool{}}
	if t.View != nil || t.MySQL == "" {
		return x
	}
	node, err := parseTiDB(sqliteToMySQLDDL(t.MySQL))
	if err != nil {
		return x
	}
	ct, ok := node.(*ast.CreateTableStmt)
	if !ok {
		return x
	}
	for _, o := range ct.Options {
		if o.Tp == ast.TableOptionComment {
			x.comment = o.StrValue
		}
	}
	nfk := 0
	addFK := func(name string, cols []string, ref *ast.ReferenceDef) {
		if name == "" {
			nfk++ // MySQL numbers only the generated names (as fk.go)
			name = t.Name + "_ibfk_" + strconv.Itoa(nfk)
		}
		fk := foreignKey{name: name, cols: cols, onDelete: "NO ACTION", onUpdate: "NO ACTION"}
		fk.readReference(ref)
		x.fks = append(x.fks, fk)
	}
	for _, cd := range ct.Cols {
		if cd.Tp != nil && cd.Tp.GetType() == mysql.TypeTiny && cd.Tp.GetFlen() == 1 {
			x.tinyInt1[cd.Name.Name.L] = true
		}
		for _, o := range cd.Options {
			switch o.Tp {
			case ast.ColumnOptionComment:
				if v, ok := o.Expr.(*test_driver.ValueExpr); ok {
					x.colComment[cd.Name.Name.L] = v.GetString()
				}
			case ast.ColumnOptionOnUpdate:
				x.colOnUpd[cd.Name.Name.L] = exprText(o.Expr)
			case ast.ColumnOptionUniqKey:
				x.uniqueName[colSig(t, []string{cd.Name.Name.O})] = cd.Name.Name.O
			case ast.ColumnOptionReference:
				if o.Refer != nil {
					addFK("", []string{cd.Name.Name.O}, o.Refer)
				}
			}
		}
	}
	for _, con := range ct.Constraints {
		var cols []string
		for _, k := range con.Keys {
			if k.Column != nil {
				cols = append(cols, k.Column.Name.O)
			}
		}
		switch con.Tp {
		case ast.ConstraintUniq, ast.ConstraintUniqKey, ast.ConstraintUniqIndex:
			name := con.Name
			if name == "" && len(cols) > 0 {
				name = cols[0]
			}
			if sig := colSig(t, cols); x.uniqueName[sig] == "" {
				x.uniqueName[sig] = name
			}
		case ast.ConstraintForeignKey:
			if con.Refer != nil {
				addFK(con.Name, cols, con.Refer)
			}
		}
	}
	return x
}

func colSig(t *table, names []string) string {
	var b strings.Builder
	for _, n := range names {
		b.WriteString(strconv.Itoa(t.colIndex(n)))
		b.WriteString(",")
	}
	return b.String()
}

// mysqlIndex is an index as MySQL names it: PRIMARY for the primary key
// (also the rowid's, which has no b-tree of its own), the key name for
// UNIQUE keys (walrus stores them as sqlite_autoindex_*).
type mysqlIndex struct {
	name    string
	unique  bool
	primary bool
	cols    []int
	desc    []bool
}

func mysqlIndexes(t *table, x *tableExtra) []mysqlIndex {
	var out []mysqlIndex
	if t.RowidCol >= 0 {
		out = append(out, mysqlIndex{name: "PRIMARY", unique: true, primary: true, cols: []int{t.RowidCol}, desc: []bool{false}})
	}
	for _, ix := range t.Indexes {
		m := mysqlIndex{name: ix.mysqlName(), unique: ix.Unique, primary: ix.Primary, cols: ix.Cols, desc: ix.Desc}
		switch {
		case ix.Primary:
			m.name = "PRIMARY"
		case ix.Auto:
			var names []string
			for _, c := range ix.Cols {
				names = append(names, t.Cols[c].Name)
			}
			if n := x.uniqueName[colSig(t, names)]; n != "" {
				m.name = n
			} else {
				m.name = names[0]
			}
		}
		out = append(out, m)
	}
	return out
}

// columnKey is COLUMN_KEY: PRI, UNI or MUL (the first column of an index).
func columnKey(ixs []mysqlIndex, col int) string {
	key := ""
	for _, ix := range ixs {
		for i, c := range ix.cols {
			if c != col {
				continue
			}
			switch {
			case ix.primary:
				return "PRI"
			case i == 0 && ix.unique && len(ix.cols) == 1:
				if key == "" || key == "MUL" {
					key = "UNI"
				}
			case i == 0 && key == "":
				key = "MUL"
			}
		}
	}
	return key
}

// columnType is COLUMN_TYPE: the MySQL type in lower case.
func columnType(ct vm.ColType) string {
	if ct.IsEnum() {
		return enumColumnType(ct) // enum.go: members keep their case
	}
	if ct.Base == vm.BaseTinyInt && ct.Length == 1 {
		s := "tinyint(1)"
		if ct.Unsigned {
			s += " unsigned"
		}
		return s
	}
	return strings.ToLower(ct.SQL())
}

func dataType(ct vm.ColType) string { return strings.ToLower(ct.Base.String()) }

func charMaxLength(ct vm.ColType) vm.Value {
	switch ct.Base {
	case vm.BaseChar, vm.BaseVarchar, vm.BaseBinary, vm.BaseVarbinary:
		if ct.Length >= 0 {
			return vm.Int(int64(ct.Length))
		}
	case vm.BaseTinyText, vm.BaseTinyBlob:
		return vm.Int(255)
	case vm.BaseText, vm.BaseBlob:
		return vm.Int(65535)
	case vm.BaseMediumText, vm.BaseMediumBlob:
		return vm.Int(16777215)
	case vm.BaseLongText, vm.BaseLongBlob, vm.BaseJSON:
		return vm.Int(4294967295)
	case vm.BaseEnum, vm.BaseSet:
		return vm.Int(int64(ct.MaxMemberLength()))
	}
	return vm.Null()
}

func charOctetLength(ct vm.ColType) vm.Value {
	n := charMaxLength(ct)
	if n.IsNull() || !(ct.Base == vm.BaseChar || ct.Base == vm.BaseVarchar || ct.IsEnum()) {
		return n
	}
	return vm.Int(n.AsInt() * 4)
}

func numericPrecision(ct vm.ColType) vm.Value {
	switch ct.Base {
	case vm.BaseTinyInt:
		return vm.Int(3)
	case vm.BaseSmallInt:
		return vm.Int(5)
	case vm.BaseMediumInt:
		return vm.Int(7)
	case vm.BaseInt:
		return vm.Int(10)
	case vm.BaseBigInt:
		if ct.Unsigned {
			return vm.Int(20)
		}
		return vm.Int(19)
	case vm.BaseDecimal:
		return vm.Int(int64(ct.Precision))
	case vm.BaseFloat:
		return vm.Int(12)
	case vm.BaseDouble:
		return vm.Int(22)
	case vm.BaseBit:
		return vm.Int(int64(ct.Length))
	}
	return vm.Null()
}

func numericScale(ct vm.ColType) vm.Value {
	switch {
	case ct.IsInteger():
		return vm.Int(0)
	case ct.Base == vm.BaseDecimal:
		return vm.Int(int64(ct.Scale))
	}
	return vm.Null()
}

func datetimePrecision(ct vm.ColType) vm.Value {
	switch ct.Base {
	case vm.BaseDatetime, vm.BaseTimestamp, vm.BaseTime:
		return vm.Int(int64(ct.Scale))
	}
	return vm.Null()
}

func charsetOf(ct vm.ColType) (vm.Value, vm.Value) {
	if ct.IsString() || ct.IsEnum() {
		return vm.Text("utf8mb4"), vm.Text("utf8mb4_bin")
	}
	return vm.Null(), vm.Null()
}

func exprText(e ast.ExprNode) string {
	var b strings.Builder
	if restoreExpr(e, &b) != nil {
		return ""
	}
	return strings.TrimSuffix(b.String(), "()")
}

// columnDefault is COLUMN_DEFAULT: SQL NULL when the column has no
// default (or DEFAULT NULL), the literal's text, or the expression text
// (CURRENT_TIMESTAMP); generated reports the expression case.
func columnDefault(col *tableColumn) (v vm.Value, generated bool) {
	if col.Default == nil || col.ImplicitDefault {
		return vm.Null(), false
	}
	if ve, ok := col.Default.(*test_driver.ValueExpr); ok {
		cv, err := constValue(ve)
		if err != nil || cv.IsNull() {
			return vm.Null(), false
		}
		return vm.Text(defaultAsStored(cv, col.Type)), false
	}
	if u, ok := col.Default.(*ast.UnaryOperationExpr); ok && u.Op == opcode.Minus {
		if ve, ok := u.V.(*test_driver.ValueExpr); ok {
			if cv, err := constValue(ve); err == nil {
				if neg, err := vm.Neg(cv); err == nil {
					return vm.Text(defaultAsStored(neg, col.Type)), false
				}
				return vm.Text("-" + cv.AsString()), false
			}
		}
	}
	return vm.Text(exprText(col.Default)), true
}

// defaultAsStored is a literal default as MySQL reports it: the value the
// column would store, in the column's format (DEFAULT 0 of a DECIMAL(10,2)
// is 0.00, DEFAULT TRUE is 1, DEFAULT '2020-01-01' of a DATETIME(3) is
// 2020-01-01 00:00:00.000). Schema-diffing tools (GORM's AutoMigrate)
// compare this text with their own. A BIT default is b'101', MySQL's
// form; binary columns keep the literal's text, and so does a value the
// column would refuse.
func defaultAsStored(v vm.Value, t vm.ColType) string {
	if t.Base == vm.BaseBit {
		if v.Kind() == vm.KindBlob && len(v.AsBytes()) <= 8 {
			var u uint64
			for _, c := range v.AsBytes() {
				u = u<<8 | uint64(c)
			}
			return "b'" + strconv.FormatUint(u, 2) + "'"
		}
		if st, err := vm.ToStorage(v, t); err == nil {
			if u, err := strconv.ParseUint(vm.FromStorage(st, t).AsString(), 10, 64); err == nil {
				return "b'" + strconv.FormatUint(u, 2) + "'"
			}
		}
	}
	if t.Base == vm.BaseUnknown || t.Base == vm.BaseBit || t.IsBinary() {
		return v.AsString()
	}
	s, err := vm.ToStorage(v, t)
	if err != nil {
		return v.AsString()
	}
	return vm.FromStorage(s, t).AsString()
}

func columnExtra(t *table, x *tableExtra, i int) string {
	col := t.Cols[i]
	var parts []string
	if col.AutoInc {
		parts = append(parts, "auto_increment")
	}
	if _, gen := columnDefault(col); gen {
		parts = append(parts, "DEFAULT_GENERATED")
	}
	if u := x.colOnUpd[lower(col.Name)]; u != "" {
		parts = append(parts, "on update "+u)
	}
	return strings.Join(parts, " ")
}

func yesNo(b bool) vm.Value {
	if b {
		return vm.Text("YES")
	}
	return vm.Text("NO")
}

func schemataRows(*schema) [][]vm.Value {
	var rows [][]vm.Value
	for _, name := range []string{infoSchemaName, databaseName} {
		rows = append(rows, []vm.Value{vm.Text("def"), vm.Text(name), vm.Text("utf8mb4"), vm.Text("utf8mb4_bin"), vm.Null(), vm.Text("NO")})
	}
	return rows
}

func tablesRows(sch *schema) [][]vm.Value {
	var rows [][]vm.Value
	for _, t := range sch.userTables() {
		typ, engine, rowFmt, coll := vm.Text("BASE TABLE"), vm.Text("InnoDB"), vm.Text("Dynamic"), vm.Text("utf8mb4_bin")
		version := vm.Int(10)
		comment := ""
		if t.View != nil {
			typ, engine, rowFmt, coll, version, comment = vm.Text("VIEW"), vm.Null(), vm.Null(), vm.Null(), vm.Null(), "VIEW"
		} else {
			comment = extraOf(t).comment
		}
		autoInc := vm.Null()
		if t.AutoIncStart > 0 {
			autoInc = vm.Int(t.AutoIncStart)
		}
		rows = append(rows, []vm.Value{vm.Text("def"), vm.Text(databaseName), vm.Text(t.Name), typ, engine, version, rowFmt,
			vm.Null(), vm.Null(), vm.Null(), vm.Null(), vm.Null(), vm.Null(), autoInc, vm.Null(), vm.Null(), vm.Null(),
			coll, vm.Null(), vm.Text(""), vm.Text(comment)})
	}
	return rows
}

func columnsRows(sch *schema) [][]vm.Value {
	var rows [][]vm.Value
	for _, t := range sch.userTables() {
		if t.View != nil {
			rows = append(rows, viewColumnRows(sch, t)...)
			continue
		}
		x := extraOf(t)
		ixs := mysqlIndexes(t, x)
		for i, col := range t.Cols {
			dflt, _ := columnDefault(col)
			cs, coll := charsetOf(col.Type)
			rows = append(rows, []vm.Value{vm.Text("def"), vm.Text(databaseName), vm.Text(t.Name), vm.Text(col.Name),
				vm.Int(int64(i + 1)), dflt, yesNo(!col.NotNull), vm.Text(dataType(col.Type)),
				charMaxLength(col.Type), charOctetLength(col.Type), numericPrecision(col.Type), numericScale(col.Type),
				datetimePrecision(col.Type), cs, coll, vm.Text(columnType(x.colType(col))), vm.Text(columnKey(ixs, i)),
				vm.Text(columnExtra(t, x, i)), vm.Text("select,insert,update,references"),
				vm.Text(x.colComment[lower(col.Name)]), vm.Text(""), vm.Null()})
		}
	}
	return rows
}

func statisticsRows(sch *schema) [][]vm.Value {
	var rows [][]vm.Value
	for _, t := range sch.userTables() {
		if t.View != nil {
			continue
		}
		for _, ix := range mysqlIndexes(t, extraOf(t)) {
			for i, c := range ix.cols {
				coll := "A"
				if ix.desc[i] {
					coll = "D"
				}
				nullable := ""
				if !t.Cols[c].NotNull {
					nullable = "YES"
				}
				rows = append(rows, []vm.Value{vm.Text("def"), vm.Text(databaseName), vm.Text(t.Name), vm.Bool(!ix.unique),
					vm.Text(databaseName), vm.Text(ix.name), vm.Int(int64(i + 1)), vm.Text(t.Cols[c].Name), vm.Text(coll),
					vm.Null(), vm.Null(), vm.Null(), vm.Text(nullable), vm.Text("BTREE"), vm.Text(""), vm.Text(""),
					vm.Text("YES"), vm.Null()})
			}
		}
	}
	return rows
}

func tableConstraintRows(sch *schema) [][]vm.Value {
	var rows [][]vm.Value
	add := func(t *table, name, typ, enforced string) {
		rows = append(rows, []vm.Value{vm.Text("def"), vm.Text(databaseName), vm.Text(name), vm.Text(databaseName),
			vm.Text(t.Name), vm.Text(typ), vm.Text(enforced)})
	}
	for _, t := range sch.userTables() {
		if t.View != nil {
			continue
		}
		x := extraOf(t)
		for _, ix := range mysqlIndexes(t, x) {
			switch {
			case ix.primary:
				add(t, "PRIMARY", "PRIMARY KEY", "YES")
			case ix.unique:
				add(t, ix.name, "UNIQUE", "YES")
			}
		}
		// Enforced (fk.go, check.go); a CHECK may be NOT ENFORCED.
		for _, fk := range x.fks {
			add(t, fk.name, "FOREIGN KEY", "YES")
		}
		for _, ch := range t.Checks {
			enforced := "YES"
			if !ch.enforced {
				enforced = "NO"
			}
			add(t, ch.name, "CHECK", enforced)
		}
	}
	return rows
}

func keyColumnRows(sch *schema) [][]vm.Value {
	var rows [][]vm.Value
	for _, t := range sch.userTables() {
		if t.View != nil {
			continue
		}
		x := extraOf(t)
		for _, ix := range mysqlIndexes(t, x) {
			if !ix.unique {
				continue
			}
			for i, c := range ix.cols {
				rows = append(rows, []vm.Value{vm.Text("def"), vm.Text(databaseName), vm.Text(ix.name), vm.Text("def"),
					vm.Text(databaseName), vm.Text(t.Name), vm.Text(t.Cols[c].Name), vm.Int(int64(i + 1)), vm.Null(),
					vm.Null(), vm.Null(), vm.Null()})
			}
		}
		for _, fk := range x.fks {
			for i, c := range fk.cols {
				ref := vm.Null()
				if i < len(fk.refCols) {
					ref = vm.Text(fk.refCols[i])
				}
				rows = append(rows, []vm.Value{vm.Text("def"), vm.Text(databaseName), vm.Text(fk.name), vm.Text("def"),
					vm.Text(databaseName), vm.Text(t.Name), vm.Text(c), vm.Int(int64(i + 1)), vm.Int(int64(i + 1)),
					vm.Text(databaseName), vm.Text(fk.refTable), ref})
			}
		}
	}
	return rows
}

func referentialRows(sch *schema) [][]vm.Value {
	var rows [][]vm.Value
	for _, t := range sch.userTables() {
		if t.View != nil {
			continue
		}
		for _, fk := range extraOf(t).fks {
			uniq := "PRIMARY"
			if rt := sch.table(fk.refTable); rt != nil && len(fk.refCols) > 0 {
				for _, ix := range mysqlIndexes(rt, extraOf(rt)) {
					if ix.unique && len(ix.cols) == len(fk.refCols) && strings.EqualFold(rt.Cols[ix.cols[0]].Name, fk.refCols[0]) {
						uniq = ix.name
						break
					}
				}
			}
			rows = append(rows, []vm.Value{vm.Text("def"), vm.Text(databaseName), vm.Text(fk.name), vm.Text("def"),
				vm.Text(databaseName), vm.Text(uniq), vm.Text("NONE"), vm.Text(fk.onUpdate), vm.Text(fk.onDelete),
				vm.Text(t.Name), vm.Text(fk.refTable)})
		}
	}
	return rows
}

func viewsRows(sch *schema) [][]vm.Value {
	var rows [][]vm.Value
	for _, t := range sch.userTables() {
		if t.View == nil {
			continue
		}
		def := ""
		var b strings.Builder
		if t.View.Restore(newRestoreCtx(&b)) == nil {
			def = b.String()
		}
		rows = append(rows, []vm.Value{vm.Text("def"), vm.Text(databaseName), vm.Text(t.Name), vm.Text(def), vm.Text("NONE"),
			vm.Text("NO"), vm.Text("walrus@localhost"), vm.Text("DEFINER"), vm.Text("utf8mb4"), vm.Text("utf8mb4_bin")})
	}
	return rows
}

// viewColumns compiles a view's query for its result columns; typed[i]
// is false when the type of column i is not known.
func viewColumns(sch *schema, t *table) (names []string, types []vm.ColType, typed []bool, err error) {
	_, info, err := newCompiler(sch).compileQuery(t.View)
	if err != nil {
		return nil, nil, nil, err
	}
	return info.names, info.types, info.typed, nil
}

// viewColumnRows are the COLUMNS rows of a view: names and types as its
// query gives them, nullable, no default. A view that no longer compiles
// has none.
func viewColumnRows(sch *schema, t *table) [][]vm.Value {
	names, types, typed, err := viewColumns(sch, t)
	if err != nil {
		return nil
	}
	var rows [][]vm.Value
	for i, name := range names {
		ct := vm.ColType{}
		if typed[i] {
			ct = types[i]
		}
		cs, coll := charsetOf(ct)
		rows = append(rows, []vm.Value{vm.Text("def"), vm.Text(databaseName), vm.Text(t.Name), vm.Text(name),
			vm.Int(int64(i + 1)), vm.Null(), vm.Text("YES"), vm.Text(dataType(ct)), charMaxLength(ct), charOctetLength(ct),
			numericPrecision(ct), numericScale(ct), datetimePrecision(ct), cs, coll, vm.Text(columnType(ct)), vm.Text(""),
			vm.Text(""), vm.Text("select,insert,update,references"), vm.Text(""), vm.Text(""), vm.Null()})
	}
	return rows
}
