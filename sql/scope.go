package sql

import (
	"strings"

	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/walrusdb/walrus/vm"
)

// source is one table of a FROM clause as the compiler sees it: a cursor
// and the names and types of its columns.
type source struct {
	name   string // the qualifier: alias or table name
	tbl    *table // the base table; nil for a derived table or view
	cols   []string
	types  []vm.ColType
	cursor int
	// colOff is where column 0 lives in the cursor's row (derived tables
	// carry a sequence column first).
	colOff   int
	rowidCol int
	// hidden columns were merged into an earlier source by USING/NATURAL:
	// unqualified names and * skip them.
	hidden map[int]bool
	// outer is set when the source is the inner side of a LEFT JOIN.
	outer bool
	// regBase, when set, holds the row in registers regBase+col instead of
	// the cursor (UPDATE's new values, seen by later assignments).
	regBase int
	// comments caches colComment's notes.
	comments []string
}

// colComment is the disassembly note "source.column" of column i, made
// once per source: a query reads the same columns in many places.
func (s *source) colComment(i int) string {
	if s.comments == nil {
		s.comments = make([]string, len(s.cols))
	}
	if i >= len(s.comments) { // cols grew after the first note (never for tables)
		return s.name + "." + s.cols[i]
	}
	if s.comments[i] == "" {
		s.comments[i] = s.name + "." + s.cols[i]
	}
	return s.comments[i]
}

func (s *source) colIndex(name string) int {
	for i, c := range s.cols {
		if strings.EqualFold(c, name) {
			return i
		}
	}
	return -1
}

// scope is the name-resolution context of one SELECT (or DML) level.
type scope struct {
	parent  *scope
	sources []*source
	// correlated is set when an expression of this scope (or below) used a
	// column of an enclosing scope.
	correlated bool
	agg        *aggState
	win        *windowPlan // window functions of this SELECT (window.go)
}

// colRef is a resolved column: scope, source and column number.
type colRef struct {
	sc  *scope
	src *source
	col int
}

type colKey struct {
	src *source
	col int
}

// aggState is the aggregation of one SELECT level: which aggregate
// calls and bare columns have accumulator slots, and whether expressions
// are being compiled for the per-group output (slots read with AggFinal).
type aggState struct {
	id     int
	funcs  []vm.AggFunc
	calls  map[*ast.AggregateFuncExpr]int
	cols   map[colKey]int
	output bool
}

func (a *aggState) slotFor(f vm.AggFunc) int {
	a.funcs = append(a.funcs, f)
	return len(a.funcs) - 1
}

// lookup resolves a column name through the scope chain (innermost first).
func (c *compiler) lookup(sc *scope, cn *ast.ColumnName) (colRef, error) {
	if r, ok := c.trigLocal(sc, cn); ok { // DECLAREd variables (trigger_fire.go)
		return r, nil
	}
	name := cn.Name.O
	qual := cn.Table.L
	for s := sc; s != nil; s = s.parent {
		var found colRef
		n := 0
		for _, src := range s.sources {
			if qual != "" && !strings.EqualFold(src.name, qual) {
				continue
			}
			i := src.colIndex(name)
			if i < 0 && src.tbl != nil && src.tbl.Root > 0 && isRowidName(name) {
				i = rowidPseudo
			}
			if i < 0 || (qual == "" && i != rowidPseudo && src.hidden[i]) {
				continue
			}
			if n == 0 {
				found = colRef{s, src, i}
			}
			n++
		}
		if n > 1 {
			return colRef{}, errorf(CodeNoSuchColumn, "ambiguous column name: %s", cn.Name.O)
		}
		if n == 1 {
			for t := sc; t != s; t = t.parent {
				t.correlated = true
			}
			return found, nil
		}
	}
	if r, ok := c.trigColumn(sc, cn); ok { // NEW.col, OLD.col (trigger_fire.go)
		return r, nil
	}
	full := name
	if qual != "" {
		full = cn.Table.O + "." + name
	}
	return colRef{}, errNoSuchColumn(full)
}

// rowidPseudo is the column number of the rowid when it is reached by
// SQLite's names for it (rowid, _rowid_, oid) rather than by a column.
const rowidPseudo = 1 << 30

func isRowidName(name string) bool {
	switch strings.ToLower(name) {
	case "rowid", "_rowid_", "oid":
		return true
	}
	return false
}

// emitColumn loads a resolved column into target.
func (c *compiler) emitColumn(r colRef, target int) {
	src := r.src
	if r.col == rowidPseudo {
		c.emit(vm.OpRowid, src.cursor, target, 0, nil, src.name+".rowid")
		return
	}
	comment := src.colComment(r.col)
	if src.regBase > 0 {
		c.emit(vm.OpCopy, src.regBase+r.col, target, 0, nil, comment)
		return
	}
	if r.col == src.rowidCol {
		c.emit(vm.OpRowid, src.cursor, target, 0, nil, comment)
		return
	}
	c.emit(vm.OpColumn, src.cursor, src.colOff+r.col, target, nil, comment)
}

// typ is the column's type (the rowid is a BIGINT).
func (r colRef) typ() vm.ColType {
	if r.col == rowidPseudo {
		return vm.ColType{Base: vm.BaseBigInt, Length: -1}
	}
	return r.src.types[r.col]
}

// nullability says whether the column can be NULL, when that is known: a
// base table's column on the preserved side of any join.
func (r colRef) nullability() (nullable, known bool) {
	if r.src.tbl == nil || r.src.outer {
		return false, false
	}
	if r.isRowid() {
		return false, true
	}
	if r.col < 0 || r.col >= len(r.src.tbl.Cols) {
		return false, false
	}
	return !r.src.tbl.Cols[r.col].NotNull, true
}

// isRowid reports whether the column is the source's rowid.
func (r colRef) isRowid() bool {
	return r.col == rowidPseudo || r.col == r.src.rowidCol
}

func (r colRef) name() string {
	if r.col == rowidPseudo {
		return "rowid"
	}
	return r.src.cols[r.col]
}
