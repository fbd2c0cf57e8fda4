package sql

import (
	"context"
	"strconv"
	"strings"

	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/pingcap/tidb/pkg/parser/opcode"
	"github.com/pingcap/tidb/pkg/parser/test_driver"
	"github.com/walrusdb/walrus/btree"
	"github.com/walrusdb/walrus/vm"
)

// ALTER TABLE and RENAME TABLE work on a tableModel: the table as its
// MySQL DDL describes it (columns, keys, foreign keys, comments). The
// specs edit the model; the model renders the new MySQL DDL (the same text
// SHOW CREATE TABLE prints); buildTable makes the new table from it. A
// change of options only (AUTO_INCREMENT=, COMMENT=, ENGINE=) rewrites the
// catalog row. Any other change rebuilds the table inside the statement's
// write transaction, so it is all or nothing: new b-trees, every row
// copied (columns matched by origin, converted to the new types), indexes
// filled (UNIQUE checked), old b-trees dropped, and the sqlite_schema and
// catalog rows replaced.

// modelCol is a column of a tableModel. src is the column's index in the
// table being altered, -1 for an added column.
type modelCol struct {
	name     string
	typ      vm.ColType
	notNull  bool
	def      ast.ExprNode
	autoInc  bool
	comment  string
	onUpdate string
	src      int
}

type modelKey struct {
	name    string
	unique  bool
	primary bool
	cols    []string
	desc    []bool
}

type tableModel struct {
	name    string
	cols    []*modelCol
	keys    []*modelKey // PRIMARY first when there is one
	fks     []foreignKey
	checks  []*checkDef // check.go
	comment string
	autoInc int64
}

func modelOf(t *table) *tableModel {
	x := extraOf(t)
	m := &tableModel{name: t.Name, comment: x.comment, autoInc: t.AutoIncStart, fks: x.fks}
	for _, ch := range t.Checks {
		cp := *ch
		cp.column = "" // rendered as a table constraint, as MySQL does
		m.checks = append(m.checks, &cp)
	}
	for i, c := range t.Cols {
		m.cols = append(m.cols, &modelCol{name: c.Name, typ: x.colType(c), notNull: c.NotNull, def: explicitDefault(c), autoInc: c.AutoInc,
			comment: x.colComment[lower(c.Name)], onUpdate: x.colOnUpd[lower(c.Name)], src: i})
	}
	for _, ix := range mysqlIndexes(t, x) {
		k := &modelKey{name: ix.name, unique: ix.unique, primary: ix.primary, desc: ix.desc}
		for _, c := range ix.cols {
			k.cols = append(k.cols, t.Cols[c].Name)
		}
		m.keys = append(m.keys, k)
	}
	return m
}

func (m *tableModel) col(name string) int {
	for i, c := range m.cols {
		if strings.EqualFold(c.name, name) {
			return i
		}
	}
	return -1
}

func (m *tableModel) key(name string) int {
	for i, k := range m.keys {
		if strings.EqualFold(k.name, name) {
			return i
		}
	}
	return -1
}

// render writes the model as MySQL's SHOW CREATE TABLE does. autoInc > 1
// adds AUTO_INCREMENT=autoInc.
func (m *tableModel) render(autoInc int64) string {
	var lines []string
	for _, col := range m.cols {
		var b strings.Builder
		b.WriteString("  " + quoteIdent(col.name))
		if ct := columnType(col.typ); ct != "" {
			b.WriteString(" " + ct)
		}
		if col.notNull {
			b.WriteString(" NOT NULL")
		} else if col.typ.Base == vm.BaseTimestamp {
			b.WriteString(" NULL") // MySQL spells out a TIMESTAMP's NULL
		}
		if col.def != nil {
			b.WriteString(" DEFAULT " + columnDefaultSQL(col.def, col.typ)) // show.go
		} else if !col.notNull && !col.typ.IsBinary() && !(col.typ.IsString() && col.typ.Base >= vm.BaseTinyText) &&
			col.typ.Base != vm.BaseJSON {
			b.WriteString(" DEFAULT NULL")
		}
		if col.onUpdate != "" {
			b.WriteString(" ON UPDATE " + col.onUpdate)
		}
		if col.autoInc {
			b.WriteString(" AUTO_INCREMENT")
		}
		if col.comment != "" {
			b.WriteString(" COMMENT " + quoteString(col.comment))
		}
		lines = append(lines, b.String())
	}
	keyCols := func(k *modelKey) string {
		parts := make([]string, len(k.cols))
		for i, c := range k.cols {
			parts[i] = quoteIdent(c)
			if k.desc[i] {
				parts[i] += " DESC"
			}
		}
		return "(" + strings.Join(parts, ",") + ")"
	}
	for _, k := range m.keys {
		switch {
		case k.primary:
			lines = append(lines, "  PRIMARY KEY "+keyCols(k))
		case k.unique:
			lines = append(lines, "  UNIQUE KEY "+quoteIdent(k.name)+" "+keyCols(k))
		default:
			lines = append(lines, "  KEY "+quoteIdent(k.name)+" "+keyCols(k))
		}
	}
	for _, fk := range m.fks {
		quote := func(names []string) string {
			q := make([]string, len(names))
			for i, n := range names {
				q[i] = quoteIdent(n)
			}
			return "(" + strings.Join(q, ",") + ")"
		}
		line := "  CONSTRAINT " + quoteIdent(fk.name) + " FOREIGN KEY " + quote(fk.cols) + " REFERENCES " +
			quoteIdent(fk.refTable) + " " + quote(fk.refCols)
		if fk.onDelete != "NO ACTION" {
			line += " ON DELETE " + fk.onDelete
		}
		if fk.onUpdate != "NO ACTION" {
			line += " ON UPDATE " + fk.onUpdate
		}
		lines = append(lines, line)
	}
	for _, ch := range m.checks {
		line := "  CONSTRAINT " + quoteIdent(ch.name) + " CHECK (" + ch.text() + ")"
		if !ch.enforced {
			line += " /*!80016 NOT ENFORCED */"
		}
		lines = append(lines, line)
	}
	s := "CREATE TABLE " + quoteIdent(m.name) + " (\n" + strings.Join(lines, ",\n") + "\n) ENGINE=InnoDB"
	if autoInc > 1 {
		s += " AUTO_INCREMENT=" + strconv.FormatInt(autoInc, 10)
	}
	s += " DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin"
	if m.comment != "" {
		s += " COMMENT=" + quoteString(m.comment)
	}
	return s
}

// mysqlCreateTable is SHOW CREATE TABLE's text for t.
func mysqlCreateTable(t *table, autoInc int64) string { return modelOf(t).render(autoInc) }

// newModelCol makes a column from a column definition; key options
// (PRIMARY KEY, UNIQUE) are added to m's keys.
func (m *tableModel) newModelCol(cd *ast.ColumnDef) (*modelCol, error) {
	ct, err := vm.ColTypeFromField(cd.Tp)
	if err != nil {
		return nil, columnTypeError(cd, err) // enum.go
	}
	if ct.Base == vm.BaseTinyInt && cd.Tp.GetFlen() == 1 {
		ct.Length = 1 // TINYINT(1) (BOOLEAN) keeps its width in the DDL, as MySQL's
	}
	col := &modelCol{name: cd.Name.Name.O, typ: ct, src: -1}
	for _, o := range cd.Options {
		switch o.Tp {
		case ast.ColumnOptionNotNull:
			col.notNull = true
		case ast.ColumnOptionNull:
			col.notNull = false
		case ast.ColumnOptionDefaultValue:
			col.def = o.Expr
		case ast.ColumnOptionAutoIncrement:
			col.autoInc = true
		case ast.ColumnOptionComment:
			if v, ok := o.Expr.(*test_driver.ValueExpr); ok {
				col.comment = v.GetString()
			}
		case ast.ColumnOptionOnUpdate:
			col.onUpdate = exprText(o.Expr)
		case ast.ColumnOptionPrimaryKey:
			col.notNull = true
			if err := m.addKey(&modelKey{name: "PRIMARY", unique: true, primary: true, cols: []string{col.name}, desc: []bool{false}}); err != nil {
				return nil, err
			}
		case ast.ColumnOptionUniqKey:
			if err := m.addKey(&modelKey{name: m.freeKeyName(col.name), unique: true, cols: []string{col.name}, desc: []bool{false}}); err != nil {
				return nil, err
			}
		case ast.ColumnOptionCheck:
			if err := m.addCheck(&checkDef{name: o.ConstraintName, expr: o.Expr, enforced: o.Enforced}); err != nil { // check.go
				return nil, err
			}
		case ast.ColumnOptionReference, ast.ColumnOptionCollate, ast.ColumnOptionColumnFormat,
			ast.ColumnOptionStorage:
			// Accepted, as by CREATE TABLE.
		default:
			return nil, errNotSupported("this column option in ALTER TABLE")
		}
	}
	return col, nil
}

func (m *tableModel) freeKeyName(base string) string {
	name := base
	for n := 2; m.key(name) >= 0; n++ {
		name = base + "_" + strconv.Itoa(n)
	}
	return name
}

func (m *tableModel) addKey(k *modelKey) error {
	if k.primary {
		if m.key("PRIMARY") >= 0 {
			return errorf(CodeGeneric, "multiple primary key defined")
		}
		m.keys = append([]*modelKey{k}, m.keys...)
		return nil
	}
	if m.key(k.name) >= 0 {
		return errorf(CodeGeneric, "duplicate key name '%s'", k.name)
	}
	m.keys = append(m.keys, k)
	return nil
}

// place inserts col at the position given (end, FIRST, AFTER x).
func (m *tableModel) place(col *modelCol, pos *ast.ColumnPosition) error {
	at := len(m.cols)
	if pos != nil {
		switch pos.Tp {
		case ast.ColumnPositionFirst:
			at = 0
		case ast.ColumnPositionAfter:
			i := m.col(pos.RelativeColumn.Name.O)
			if i < 0 {
				return errorf(CodeNoSuchColumn, "unknown column '%s' in 'table'", pos.RelativeColumn.Name.O)
			}
			at = i + 1
		}
	}
	m.cols = append(m.cols, nil)
	copy(m.cols[at+1:], m.cols[at:])
	m.cols[at] = col
	return nil
}

// renameCol renames a column everywhere the model names it.
func (m *tableModel) renameCol(old, name string) {
	for _, k := range m.keys {
		for i, c := range k.cols {
			if strings.EqualFold(c, old) {
				k.cols[i] = name
			}
		}
	}
	for i := range m.fks {
		for j, c := range m.fks[i].cols {
			if strings.EqualFold(c, old) {
				m.fks[i].cols[j] = name
			}
		}
	}
}

func (m *tableModel) dropCol(name string) error {
	i := m.col(name)
	if i < 0 {
		return errorf(CodeNoSuchColumn, "can't DROP '%s'; check that column/key exists", name)
	}
	if len(m.cols) == 1 {
		return errorf(CodeGeneric, "you can't delete all columns with ALTER TABLE; use DROP TABLE instead")
	}
	for _, fk := range m.fks {
		for _, c := range fk.cols {
			if strings.EqualFold(c, name) {
				return errorf(CodeGeneric, "cannot drop column '%s': needed in foreign key constraint '%s'", name, fk.name)
			}
		}
	}
	if err := m.checkUsesColumn(name); err != nil { // check.go
		return err
	}
	m.cols = append(m.cols[:i], m.cols[i+1:]...)
	// MySQL removes the column from its indexes and drops an index left
	// without columns.
	var keys []*modelKey
	for _, k := range m.keys {
		var cols []string
		var desc []bool
		for j, c := range k.cols {
			if !strings.EqualFold(c, name) {
				cols = append(cols, c)
				desc = append(desc, k.desc[j])
			}
		}
		k.cols, k.desc = cols, desc
		if len(cols) > 0 {
			keys = append(keys, k)
		}
	}
	m.keys = keys
	return nil
}

func constraintKey(m *tableModel, con *ast.Constraint) (*modelKey, error) {
	k := &modelKey{name: con.Name}
	for _, p := range con.Keys {
		if p.Expr != nil || p.Column == nil {
			return nil, errNotSupported("index on an expression")
		}
		if m.col(p.Column.Name.O) < 0 {
			return nil, errorf(CodeNoSuchColumn, "key column '%s' doesn't exist in table", p.Column.Name.O)
		}
		k.cols = append(k.cols, m.cols[m.col(p.Column.Name.O)].name)
		k.desc = append(k.desc, p.Desc)
	}
	if k.name == "" && len(k.cols) > 0 {
		k.name = m.freeKeyName(k.cols[0])
	}
	return k, nil
}

// apply edits the model with one spec. It reports whether the rows must
// be rebuilt (false: only the catalog's DDL changes).
func (m *tableModel) apply(sp *ast.AlterTableSpec) (rebuild bool, err error) {
	switch sp.Tp {
	case ast.AlterTableEnableKeys, ast.AlterTableDisableKeys, ast.AlterTableLock, ast.AlterTableAlgorithm:
		// MyISAM-era and online-DDL hints: nothing to do for walrus.
		return false, nil
	case ast.AlterTableForce:
		return true, nil
	case ast.AlterTableOption:
		for _, o := range sp.Options {
			switch o.Tp {
			case ast.TableOptionAutoIncrement:
				m.autoInc = int64(o.UintValue)
			case ast.TableOptionComment:
				m.comment = o.StrValue
			case ast.TableOptionEngine, ast.TableOptionCharset, ast.TableOptionCollate, ast.TableOptionRowFormat:
				// Accepted as by CREATE TABLE: one storage format, UTF-8.
			default:
				return false, errNotSupported("this table option in ALTER TABLE")
			}
		}
		return false, nil
	case ast.AlterTableAddColumns:
		for _, cd := range sp.NewColumns {
			if sp.IfNotExists && m.col(cd.Name.Name.O) >= 0 {
				continue
			}
			if m.col(cd.Name.Name.O) >= 0 {
				return false, errorf(CodeGeneric, "duplicate column name '%s'", cd.Name.Name.O)
			}
			col, err := m.newModelCol(cd)
			if err != nil {
				return false, err
			}
			if err := m.place(col, sp.Position); err != nil {
				return false, err
			}
		}
		for _, con := range sp.NewConstraints {
			if _, err := m.apply(&ast.AlterTableSpec{Tp: ast.AlterTableAddConstraint, Constraint: con}); err != nil {
				return false, err
			}
		}
		return true, nil
	case ast.AlterTableDropColumn:
		if sp.IfExists && m.col(sp.OldColumnName.Name.O) < 0 {
			return false, nil
		}
		return true, m.dropCol(sp.OldColumnName.Name.O)
	case ast.AlterTableModifyColumn, ast.AlterTableChangeColumn:
		old := sp.NewColumns[0].Name.Name.O
		if sp.Tp == ast.AlterTableChangeColumn {
			old = sp.OldColumnName.Name.O
		}
		i := m.col(old)
		if i < 0 {
			if sp.IfExists {
				return false, nil
			}
			return false, errorf(CodeNoSuchColumn, "unknown column '%s' in '%s'", old, m.name)
		}
		col, err := m.newModelCol(sp.NewColumns[0])
		if err != nil {
			return false, err
		}
		if j := m.col(col.name); j >= 0 && j != i {
			return false, errorf(CodeGeneric, "duplicate column name '%s'", col.name)
		}
		col.src = m.cols[i].src
		if k := m.key("PRIMARY"); k >= 0 && !col.notNull {
			for _, c := range m.keys[k].cols {
				if strings.EqualFold(c, old) {
					col.notNull = true // a PRIMARY KEY column is NOT NULL
				}
			}
		}
		m.renameCol(old, col.name)
		m.cols = append(m.cols[:i], m.cols[i+1:]...)
		if sp.Position == nil || sp.Position.Tp == ast.ColumnPositionNone {
			m.cols = append(m.cols[:i], append([]*modelCol{col}, m.cols[i:]...)...)
			return true, nil
		}
		return true, m.place(col, sp.Position)
	case ast.AlterTableRenameColumn:
		old, name := sp.OldColumnName.Name.O, sp.NewColumnName.Name.O
		i := m.col(old)
		if i < 0 {
			return false, errorf(CodeNoSuchColumn, "unknown column '%s' in '%s'", old, m.name)
		}
		if j := m.col(name); j >= 0 && j != i {
			return false, errorf(CodeGeneric, "duplicate column name '%s'", name)
		}
		m.cols[i].name = name
		m.renameCol(old, name)
		return true, nil
	case ast.AlterTableAlterColumn:
		cd := sp.NewColumns[0]
		i := m.col(cd.Name.Name.O)
		if i < 0 {
			return false, errorf(CodeNoSuchColumn, "unknown column '%s' in '%s'", cd.Name.Name.O, m.name)
		}
		m.cols[i].def = nil // DROP DEFAULT
		for _, o := range cd.Options {
			if o.Tp == ast.ColumnOptionDefaultValue {
				m.cols[i].def = o.Expr
			}
		}
		return true, nil
	case ast.AlterTableAddConstraint:
		con := sp.Constraint
		switch con.Tp {
		case ast.ConstraintPrimaryKey:
			k, err := constraintKey(m, con)
			if err != nil {
				return false, err
			}
			k.name, k.primary, k.unique = "PRIMARY", true, true
			for _, c := range k.cols {
				m.cols[m.col(c)].notNull = true
			}
			return true, m.addKey(k)
		case ast.ConstraintKey, ast.ConstraintIndex, ast.ConstraintUniq, ast.ConstraintUniqKey, ast.ConstraintUniqIndex:
			k, err := constraintKey(m, con)
			if err != nil {
				return false, err
			}
			k.unique = con.Tp == ast.ConstraintUniq || con.Tp == ast.ConstraintUniqKey || con.Tp == ast.ConstraintUniqIndex
			return true, m.addKey(k)
		case ast.ConstraintForeignKey:
			fk := foreignKey{name: con.Name, onDelete: "NO ACTION", onUpdate: "NO ACTION"}
			if fk.name == "" {
				fk.name = m.nextFKName() // fk.go
			}
			for _, f := range m.fks {
				if strings.EqualFold(f.name, fk.name) {
					return false, errorf(CodeGeneric, "duplicate foreign key constraint name '%s'", fk.name)
				}
			}
			for _, p := range con.Keys {
				if p.Column == nil || m.col(p.Column.Name.O) < 0 {
					return false, errorf(CodeNoSuchColumn, "key column doesn't exist in table")
				}
				fk.cols = append(fk.cols, p.Column.Name.O)
			}
			fk.readReference(con.Refer) // infoschema.go
			m.fks = append(m.fks, fk)
			return m.addFKIndex(fk), nil // check.go
		case ast.ConstraintCheck:
			return false, m.addCheck(&checkDef{name: con.Name, expr: con.Expr, enforced: con.Enforced}) // check.go
		}
		return false, errNotSupported("this constraint in ALTER TABLE")
	case ast.AlterTableDropPrimaryKey:
		k := m.key("PRIMARY")
		if k < 0 {
			return false, errorf(CodeGeneric, "can't DROP 'PRIMARY'; check that column/key exists")
		}
		for _, c := range m.keys[k].cols {
			if m.cols[m.col(c)].autoInc {
				return false, errorf(CodeGeneric, "incorrect table definition; there can be only one auto column and it must be defined as a key")
			}
		}
		m.keys = append(m.keys[:k], m.keys[k+1:]...)
		return true, nil
	case ast.AlterTableDropIndex:
		k := m.key(sp.Name)
		if k < 0 || m.keys[k].primary {
			if sp.IfExists {
				return false, nil
			}
			return false, errorf(CodeGeneric, "can't DROP '%s'; check that column/key exists", sp.Name)
		}
		if err := m.keyNeededByFK(k); err != nil { // check.go
			return false, err
		}
		m.keys = append(m.keys[:k], m.keys[k+1:]...)
		return true, nil
	case ast.AlterTableDropForeignKey:
		for i, fk := range m.fks {
			if strings.EqualFold(fk.name, sp.Name) {
				m.fks = append(m.fks[:i], m.fks[i+1:]...)
				return false, nil
			}
		}
		if sp.IfExists {
			return false, nil
		}
		return false, errorf(CodeGeneric, "can't DROP '%s'; check that column/key exists", sp.Name)
	case ast.AlterTableDropCheck:
		// TiDB parses DROP CHECK and DROP CONSTRAINT alike; MySQL 8's DROP
		// CONSTRAINT drops a foreign key or unique key of that name (GORM's
		// Migrator.DropConstraint sends it).
		name := ""
		if sp.Constraint != nil {
			name = sp.Constraint.Name
		}
		if m.checkIndex(name) >= 0 {
			return false, m.alterCheck(sp) // check.go
		}
		for i, fk := range m.fks {
			if strings.EqualFold(fk.name, name) {
				m.fks = append(m.fks[:i], m.fks[i+1:]...)
				return false, nil
			}
		}
		if k := m.key(name); k >= 0 && m.keys[k].unique && !m.keys[k].primary {
			m.keys = append(m.keys[:k], m.keys[k+1:]...)
			return true, nil
		}
		return false, nil
	case ast.AlterTableAlterCheck:
		return false, m.alterCheck(sp) // check.go
	case ast.AlterTableRenameIndex:
		k := m.key(sp.FromKey.O)
		if k < 0 || m.keys[k].primary {
			return false, errorf(CodeGeneric, "key '%s' doesn't exist in table '%s'", sp.FromKey.O, m.name)
		}
		if j := m.key(sp.ToKey.O); j >= 0 && j != k {
			return false, errorf(CodeGeneric, "duplicate key name '%s'", sp.ToKey.O)
		}
		m.keys[k].name = sp.ToKey.O
		return true, nil
	case ast.AlterTableRenameTable:
		m.renameTable(m.name, sp.NewTable.Name.O) // fk.go
		return true, nil
	}
	return false, errNotSupported("this ALTER TABLE clause")
}

func (s *Stmt) compileAlter(n *ast.AlterTableStmt) error {
	if err := checkDB(n.Table.Schema.O); err != nil {
		return err
	}
	s.write = true
	s.run = func(ctx context.Context, st *Stmt, _ []vm.Value) (*nativeResult, error) {
		c := st.conn
		return &nativeResult{}, c.ddlTx(ctx, func(vs vm.Storage) error {
			t := c.sch.table(n.Table.Name.O)
			if t == nil || t.View != nil || t.Root == 1 || strings.EqualFold(t.Name, catalogName) {
				return errNoSuchTable(n.Table.Name.O)
			}
			m := modelOf(t)
			rebuild := false
			for _, sp := range n.Specs {
				r, err := m.apply(sp)
				if err != nil {
					return err
				}
				rebuild = rebuild || r
			}
			if err := c.replaceTable(vs, t, m, rebuild); err != nil {
				return err
			}
			if err := c.validateAltered(ctx, t, m.name); err != nil { // check.go
				return err
			}
			return c.renameParent(vs, t.Name, m.name) // fk.go
		})
	}
	return nil
}

func (s *Stmt) compileRename(n *ast.RenameTableStmt) error {
	s.write = true
	s.run = func(ctx context.Context, st *Stmt, _ []vm.Value) (*nativeResult, error) {
		c := st.conn
		return &nativeResult{}, c.ddlTx(ctx, func(vs vm.Storage) error {
			// Each pair sees the renames before it (RENAME TABLE a TO b, b TO a
			// is not a swap in walrus: the second finds b taken... unless a
			// temporary name is used, as MySQL users do).
			for _, tt := range n.TableToTables {
				if err := checkDB(tt.OldTable.Schema.O); err != nil {
					return err
				}
				t := c.sch.table(tt.OldTable.Name.O)
				if t == nil || t.View != nil || t.Root == 1 || strings.EqualFold(t.Name, catalogName) {
					return errNoSuchTable(tt.OldTable.Name.O)
				}
				m := modelOf(t)
				m.renameTable(t.Name, tt.NewTable.Name.O) // fk.go
				if err := c.replaceTable(vs, t, m, true); err != nil {
					return err
				}
				c.sch = nil
				if err := c.refreshSchema(); err != nil {
					return err
				}
				if err := c.renameParent(vs, t.Name, m.name); err != nil { // fk.go
					return err
				}
			}
			return nil
		})
	}
	return nil
}

// replaceTable makes t what m describes: a catalog rewrite, or a rebuild.
func (c *Conn) replaceTable(st vm.Storage, t *table, m *tableModel, rebuild bool) error {
	text := m.render(m.autoInc)
	node, err := parseTiDB(text)
	if err != nil {
		return errorf(CodeGeneric, "internal error: ALTER TABLE made DDL that does not parse: %v", err)
	}
	ct := node.(*ast.CreateTableStmt)
	nt, err := buildTable(ct)
	if err != nil {
		return err
	}
	if err := c.validateConstraints(nt, t); err != nil { // fk.go
		return err
	}
	if !strings.EqualFold(m.name, t.Name) {
		if c.objectExists(m.name) {
			return errorf(CodeGeneric, "table '%s' already exists", m.name)
		}
		for _, tbl := range c.sch.triggers {
			if strings.EqualFold(tbl, t.Name) {
				// The trigger's text names the table.
				return errNotSupported("renaming a table that has triggers")
			}
		}
	}
	if err := c.carrySequence(st, t, nt, m.autoInc != t.AutoIncStart); err != nil { // autoinc.go
		return err
	}
	if !rebuild {
		return c.setCatalogDDL(st, t.Name, m.name, text)
	}
	// Take the old table out of the schema first so that its index names
	// may be used again by the new one.
	delete(c.sch.tables, lower(t.Name))
	for _, ix := range t.Indexes {
		delete(c.sch.indexes, lower(ix.Name))
	}
	if err := deleteRows(st, schemaSpec, func(cur vm.Cursor) (bool, error) {
		v, err := cur.Column(2)
		return strings.EqualFold(v.AsString(), t.Name), err
	}); err != nil {
		return err
	}
	// Only the table's own catalog row goes: its triggers stay.
	if cat := c.sch.table(catalogName); cat != nil {
		if err := deleteRows(st, cat.treeSpec(), func(cur vm.Cursor) (bool, error) {
			typ, err := cur.Column(0)
			if err != nil {
				return false, err
			}
			v, err := cur.Column(1)
			return typ.AsString() == "table" && strings.EqualFold(v.AsString(), t.Name), err
		}); err != nil {
			return err
		}
	}
	for _, ix := range nt.Indexes {
		if err := c.placeIndex(nt, ix); err != nil { // indexname.go
			return err
		}
	}
	if nt.Root, err = c.bt.CreateTree(btree.TableTree); err != nil {
		return err
	}
	if err := copyRows(st, t, nt, m); err != nil {
		return err
	}
	for _, ix := range nt.Indexes {
		if ix.Root, err = c.bt.CreateTree(btree.IndexTree); err != nil {
			return err
		}
		if err := fillIndex(st, nt, ix); err != nil {
			return err
		}
	}
	for _, ix := range t.Indexes {
		if err := c.dropTree(st, ix.Root, nt); err != nil {
			return err
		}
	}
	if err := c.dropTree(st, t.Root, nt); err != nil {
		return err
	}
	if err := insertRow(st, schemaSpec, []vm.Value{vm.Text("table"), vm.Text(nt.Name), vm.Text(nt.Name),
		vm.Int(int64(nt.Root)), vm.Text(nt.sqliteTableDDL())}); err != nil {
		return err
	}
	for _, ix := range nt.Indexes {
		sqlv := vm.Null()
		if !ix.Auto {
			sqlv = vm.Text(ix.sqliteDDL())
		}
		if err := insertRow(st, schemaSpec, []vm.Value{vm.Text("index"), vm.Text(ix.Name), vm.Text(nt.Name),
			vm.Int(int64(ix.Root)), sqlv}); err != nil {
			return err
		}
	}
	cat, err := c.catalogSpec(st)
	if err != nil {
		return err
	}
	return insertRow(st, cat, []vm.Value{vm.Text("table"), vm.Text(nt.Name), vm.Text(nt.Name), vm.Text(text)})
}

// setCatalogDDL replaces the catalog's MySQL DDL of table name.
func (c *Conn) setCatalogDDL(st vm.Storage, name, newName, text string) error {
	if cat := c.sch.table(catalogName); cat != nil {
		if err := deleteRows(st, cat.treeSpec(), func(cur vm.Cursor) (bool, error) {
			typ, err := cur.Column(0)
			if err != nil {
				return false, err
			}
			v, err := cur.Column(1)
			return typ.AsString() == "table" && strings.EqualFold(v.AsString(), name), err
		}); err != nil {
			return err
		}
	}
	cat, err := c.catalogSpec(st)
	if err != nil {
		return err
	}
	return insertRow(st, cat, []vm.Value{vm.Text("table"), vm.Text(newName), vm.Text(newName), vm.Text(text)})
}

// copyRows copies every row of t into nt (whose b-tree is new and empty),
// taking each new column from its source column in m, or from its DEFAULT
// (the type's zero for a NOT NULL column without one) when it is new.
func copyRows(st vm.Storage, t, nt *table, m *tableModel) error {
	src, err := st.OpenCursor(t.treeSpec(), false)
	if err != nil {
		return err
	}
	defer src.Close()
	dst, err := st.OpenCursor(nt.treeSpec(), true)
	if err != nil {
		return err
	}
	defer dst.Close()
	fill := make([]vm.Value, len(m.cols))
	for i, mc := range m.cols {
		if mc.src >= 0 {
			continue
		}
		v, err := newColumnValue(mc)
		if err != nil {
			return err
		}
		fill[i] = v
	}
	row := make([]vm.Value, len(nt.Cols))
	ok, err := src.First()
	for ; ok && err == nil; ok, err = src.Next() {
		rowid, err := src.Rowid()
		if err != nil {
			return err
		}
		for i, mc := range m.cols {
			switch {
			case mc.src < 0:
				row[i] = fill[i]
			case mc.src == t.RowidCol:
				row[i] = vm.Int(rowid)
			default:
				if row[i], err = src.Column(mc.src); err != nil {
					return err
				}
			}
			if row[i].IsNull() && nt.Cols[i].NotNull && i != nt.RowidCol {
				return errorf(CodeConstraint, "NOT NULL constraint failed: %s.%s", nt.Name, nt.Cols[i].Name)
			}
		}
		newRowid := rowid
		if nt.RowidCol >= 0 {
			v := row[nt.RowidCol]
			if v.IsNull() {
				return errorf(CodeConstraint, "NOT NULL constraint failed: %s.%s", nt.Name, nt.Cols[nt.RowidCol].Name)
			}
			if v, err = vm.Cast(v, vm.ColType{Base: vm.BaseBigInt, Length: -1}); err != nil {
				return err
			}
			newRowid = v.AsInt()
			if found, err := dst.SeekRowid(newRowid); err != nil {
				return err
			} else if found {
				return errorf(CodeConstraint, "UNIQUE constraint failed: %s.%s", nt.Name, nt.Cols[nt.RowidCol].Name)
			}
			row[nt.RowidCol] = vm.Null() // the rowid alias is stored as NULL
		}
		if err := dst.Insert(newRowid, row); err != nil {
			return err
		}
	}
	return err
}

// newColumnValue is the value an added column gets in existing rows.
func newColumnValue(mc *modelCol) (vm.Value, error) {
	if mc.def != nil {
		if ve, ok := mc.def.(*test_driver.ValueExpr); ok {
			return constValue(ve)
		}
		if u, ok := mc.def.(*ast.UnaryOperationExpr); ok {
			if ve, ok := u.V.(*test_driver.ValueExpr); ok && u.Op == opcode.Minus {
				v, err := constValue(ve)
				if err != nil {
					return v, err
				}
				return vm.Neg(v)
			}
		}
		return vm.Null(), errNotSupported("ADD COLUMN with a DEFAULT expression")
	}
	if !mc.notNull || mc.autoInc {
		return vm.Null(), nil
	}
	switch {
	case mc.typ.IsInteger(), mc.typ.Base == vm.BaseDecimal, mc.typ.Base == vm.BaseFloat, mc.typ.Base == vm.BaseDouble,
		mc.typ.Base == vm.BaseBit, mc.typ.Base == vm.BaseYear:
		return vm.Int(0), nil
	case mc.typ.IsString(), mc.typ.IsBinary():
		return vm.Text(""), nil
	}
	return vm.Null(), errorf(CodeConstraint, "NOT NULL column '%s' needs a DEFAULT to be added to existing rows", mc.name)
}

// autoIncOption returns the AUTO_INCREMENT=N table option (0 if absent).
func autoIncOption(opts []*ast.TableOption) int64 {
	var n int64
	for _, o := range opts {
		if o.Tp == ast.TableOptionAutoIncrement {
			n = int64(o.UintValue)
		}
	}
	return n
}

// autoIncFloor raises a new AUTO_INCREMENT id in register rowid to the
// table's AUTO_INCREMENT=N option. The floor is static: after rows above
// it are deleted, ids are reused from max(rowid)+1 (unlike InnoDB).
func (c *compiler) autoIncFloor(t *table, rowid int) {
	if t.AutoIncStart <= 1 {
		return
	}
	f, cmp := c.reg(), c.reg()
	skip := c.newLabel()
	c.emit(vm.OpInteger, int(t.AutoIncStart), f, 0, nil, "AUTO_INCREMENT=")
	c.emit(vm.OpGe, rowid, f, cmp, nil, "")
	c.emit(vm.OpIf, cmp, skip, 0, nil, "")
	c.emit(vm.OpCopy, f, rowid, 0, nil, "")
	c.place(skip)
}

// dropKeyByMySQLName handles DROP INDEX name ON tbl when name is a MySQL
// key name walrus stores under another name (PRIMARY, a UNIQUE key kept
// as sqlite_autoindex_*): the table is rebuilt without the key. done is
// false when ix (the index named name, if any) is an ordinary index of
// tbl or tbl has no such key, leaving the statement to runDropIndex.
func (c *Conn) dropKeyByMySQLName(st vm.Storage, tbl, name string, ix *index) (done bool, err error) {
	if tbl == "" || ix != nil && !ix.Auto && strings.EqualFold(ix.Table.Name, tbl) {
		return false, nil
	}
	t := c.sch.table(tbl)
	if t == nil || t.View != nil || t.Root == 1 {
		return false, nil
	}
	m := modelOf(t)
	k := m.key(name)
	if k < 0 {
		return false, nil
	}
	sp := &ast.AlterTableSpec{Tp: ast.AlterTableDropIndex, Name: name}
	if m.keys[k].primary {
		sp.Tp = ast.AlterTableDropPrimaryKey
	}
	if _, err := m.apply(sp); err != nil {
		return true, err
	}
	return true, c.replaceTable(st, t, m, true)
}
