package sql

import (
	"strconv"
	"strings"

	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/walrusdb/walrus/vm"
)

// Column is one column of a table.
type tableColumn struct {
	Name    string
	Type    vm.ColType
	NotNull bool
	// Default is the DEFAULT expression (nil: NULL).
	Default ast.ExprNode
	// ImplicitDefault marks a Default walrus supplied, not the DDL: a NOT
	// NULL ENUM's first member (enum.go).
	ImplicitDefault bool
	AutoInc         bool
}

// table is a table or a view of the schema.
type table struct {
	Name string
	Cols []*tableColumn
	Root uint32
	// RowidCol is the column that is the rowid (a single-column integer
	// PRIMARY KEY), or -1.
	RowidCol int
	Indexes  []*index
	AutoInc  bool
	// AutoIncStart is the AUTO_INCREMENT=N table option: the least id a
	// new row gets (0: none; alter.go).
	AutoIncStart int64
	// View is the view's query (nil for a table).
	View ast.ResultSetNode
	// MySQL is the CREATE statement as the user wrote it.
	MySQL string
	// FKs and Checks are its FOREIGN KEY and CHECK constraints (fk.go,
	// check.go).
	FKs    []*fkDef
	Checks []*checkDef
}

// index is an index on a table's columns.
type index struct {
	Name   string
	Table  *table
	Cols   []int
	Desc   []bool
	Unique bool
	// Auto marks an index made for a PRIMARY KEY or UNIQUE constraint of
	// the table (sqlite_autoindex_<table>_<n>, with NULL sql).
	Auto bool
	// Primary marks the index of a non-rowid PRIMARY KEY.
	Primary bool
	Root    uint32
}

// schema is the set of tables, views and indexes of a database.
type schema struct {
	tables  map[string]*table
	indexes map[string]*index
	// triggers maps a trigger's name (lower case) to its table's name.
	triggers map[string]string
	// trigs are the triggers of each table (lower-case name) in catalog
	// order, the firing order (trigger.go).
	trigs  map[string][]*trigger
	cookie uint32
}

func newSchema() *schema {
	return &schema{tables: map[string]*table{}, indexes: map[string]*index{}, triggers: map[string]string{},
		trigs: map[string][]*trigger{}}
}

func lower(s string) string { return strings.ToLower(s) }

func (s *schema) table(name string) *table { return s.tables[lower(name)] }

func (t *table) colIndex(name string) int {
	for i, c := range t.Cols {
		if strings.EqualFold(c.Name, name) {
			return i
		}
	}
	return -1
}

func (t *table) types() []vm.ColType {
	ts := make([]vm.ColType, len(t.Cols))
	for i, c := range t.Cols {
		ts[i] = c.Type
	}
	return ts
}

// treeSpec is the cursor description of the table's b-tree.
func (t *table) treeSpec() *vm.TreeSpec {
	return &vm.TreeSpec{Name: t.Name, Root: t.Root, Types: t.types()}
}

func (ix *index) treeSpec() *vm.TreeSpec {
	ts := make([]vm.ColType, 0, len(ix.Cols)+1)
	for _, c := range ix.Cols {
		ts = append(ts, ix.Table.Cols[c].Type)
	}
	ts = append(ts, vm.ColType{Base: vm.BaseBigInt, Length: -1})
	return &vm.TreeSpec{Name: ix.Name, Root: ix.Root, Index: true, Types: ts, Desc: ix.Desc}
}

// quoteIdent quotes an identifier with backquotes, which both MySQL and
// SQLite read.
func quoteIdent(s string) string {
	return "`" + strings.ReplaceAll(s, "`", "``") + "`"
}

// sqliteTableDDL is the table's CREATE TABLE as stored in sqlite_schema:
// SQLite-parsable, with declared types that give the storage affinity
// (vm.ColType.DeclType), the rowid column as INTEGER PRIMARY KEY, and PRIMARY KEY / UNIQUE table constraints in the order
// of the table's automatic indexes (sqlite_autoindex_<table>_<n>).
func (t *table) sqliteTableDDL() string {
	var b strings.Builder
	b.WriteString("CREATE TABLE ")
	b.WriteString(quoteIdent(t.Name))
	b.WriteString("(")
	for i, c := range t.Cols {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(quoteIdent(c.Name))
		if i == t.RowidCol {
			b.WriteString(" INTEGER PRIMARY KEY")
			if c.AutoInc {
				b.WriteString(" AUTOINCREMENT") // ids come from sqlite_sequence (autoinc.go)
			}
		} else if d := c.Type.DeclType(); d != "" {
			b.WriteString(" ")
			b.WriteString(d)
		}
		if c.NotNull {
			b.WriteString(" NOT NULL")
		}
	}
	for _, ix := range t.Indexes {
		if !ix.Auto {
			continue
		}
		if ix.Primary {
			b.WriteString(", PRIMARY KEY(")
		} else {
			b.WriteString(", UNIQUE(")
		}
		for i, c := range ix.Cols {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(quoteIdent(t.Cols[c].Name))
		}
		b.WriteString(")")
	}
	b.WriteString(")")
	return b.String()
}

func (ix *index) sqliteDDL() string {
	var b strings.Builder
	b.WriteString("CREATE ")
	if ix.Unique {
		b.WriteString("UNIQUE ")
	}
	b.WriteString("INDEX ")
	b.WriteString(quoteIdent(ix.Name))
	b.WriteString(" ON ")
	b.WriteString(quoteIdent(ix.Table.Name))
	b.WriteString("(")
	for i, c := range ix.Cols {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(quoteIdent(ix.Table.Cols[c].Name))
		if ix.Desc[i] {
			b.WriteString(" DESC")
		}
	}
	b.WriteString(")")
	return b.String()
}

func autoIndexName(tbl string, n int) string {
	return "sqlite_autoindex_" + tbl + "_" + strconv.Itoa(n)
}
