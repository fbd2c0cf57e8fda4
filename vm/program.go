package vm

import (
	"fmt"
	"strconv"
	"strings"
)

// Instr is one instruction: an opcode and its operands, as in SQLite's VDBE.
type Instr struct {
	Op Opcode
	P5 uint16 // next to Op: the two share a word, an Instr is 64 bytes
	P1 int
	P2 int
	P3 int
	P4 any
	// Comment is the disassembly note recorded by the compiler.
	Comment string
}

// Program is a compiled statement (M1). It is immutable once built and may
// be run by many executions at once.
type Program struct {
	Instrs     []Instr
	NumRegs    int // registers 1..NumRegs
	NumCursors int
	NumAggs    int
	NumParams  int
	// ResultCols names the columns of OpResultRow rows (empty for none).
	ResultCols []string
	// Writes is set when the program changes the database.
	Writes bool
}

// TreeSpec describes the tree a cursor opens (the P4 of OpenRead,
// OpenWrite, OpenEphemeral).
type TreeSpec struct {
	Name  string // table or index name, for EXPLAIN and errors
	Root  uint32
	Index bool
	// Types are the column types: for a table one per column, for an index
	// one per key column followed by the rowid.
	Types []ColType
	// Desc gives per key column descending order (indexes).
	Desc []bool
	// KeyCols is the number of leading columns that order an ephemeral
	// index (0: all).
	KeyCols int
}

// AggSpec describes the aggregate functions of an aggregation (P4 of
// AggReset).
type AggSpec struct {
	Funcs []AggFunc
}

// AggFunc is one aggregate call: a name understood by NewAggregate, or
// "any_value" (the first value seen, for bare columns in grouped queries).
type AggFunc struct {
	Name     string
	Distinct bool
}

// Explain renders p as SQLite's EXPLAIN does: addr, opcode, p1..p5, comment.
func (p *Program) Explain() [][]string {
	rows := make([][]string, len(p.Instrs))
	for i, in := range p.Instrs {
		rows[i] = []string{strconv.Itoa(i), in.Op.String(), strconv.Itoa(in.P1),
			strconv.Itoa(in.P2), strconv.Itoa(in.P3), p4String(in.P4),
			strconv.Itoa(int(in.P5)), in.Comment}
	}
	return rows
}

// ExplainColumns are the column names of Explain's rows.
var ExplainColumns = []string{"addr", "opcode", "p1", "p2", "p3", "p4", "p5", "comment"}

// String is the EXPLAIN listing as text, one instruction a line.
func (p *Program) String() string {
	var b strings.Builder
	for _, r := range p.Explain() {
		fmt.Fprintf(&b, "%-4s %-13s %-4s %-4s %-4s %-14s %-2s %s\n", r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7])
	}
	return b.String()
}

func p4String(p4 any) string {
	switch v := p4.(type) {
	case nil:
		return ""
	case Value:
		if v.IsString() {
			return strconv.Quote(v.AsString())
		}
		return v.String()
	case *TreeSpec:
		if v.Root == 0 {
			return "ephemeral " + v.Name
		}
		return v.Name
	case *FuncDef:
		return v.Name
	case *Program:
		return fmt.Sprintf("program(%d instrs)", len(v.Instrs))
	case *Native:
		return v.Name
	case *AggSpec:
		names := make([]string, len(v.Funcs))
		for i, f := range v.Funcs {
			names[i] = f.Name
			if f.Distinct {
				names[i] += "(distinct)"
			}
		}
		return strings.Join(names, ",")
	case ColType:
		return v.Name()
	case []ColType:
		names := make([]string, len(v))
		for i, t := range v {
			names[i] = t.Name()
		}
		return strings.Join(names, ",")
	case string:
		return v
	case int:
		return strconv.Itoa(v)
	}
	return fmt.Sprint(p4)
}
