package sql

import (
	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/walrusdb/walrus/vm"
)

// needsStorage reports whether a statement may touch the database file or
// depend on the schema: it names a table or view (even a view over no
// table must be compiled again when the schema changes, S3; SQLite's
// schema lookup emits its OP_Transaction for the same reason), or its
// program opens a cursor on a table or index, or runs a native call or a
// sub-program (both get the execution's storage), or writes. A program
// that needs none (SELECT 1, SELECT NOW(), a subquery without FROM) runs
// without a read transaction, as SQLite runs a program without
// OP_Transaction: no SHARED lock, no hot-journal check, no schema check
// (S9). It runs with no Storage at all, so that an opcode missed here
// fails with an error instead of reading the file unlocked.
func needsStorage(node ast.Node, p *vm.Program) bool {
	if p.Writes || node == nil {
		return true
	}
	for i := range p.Instrs {
		switch p.Instrs[i].Op {
		case vm.OpOpenRead, vm.OpOpenWrite, vm.OpCall, vm.OpProgram:
			return true
		}
	}
	return namesTable(node) // last: most programs open a cursor
}

// namesTable reports whether node holds a table name anywhere (a FROM
// source, a CTE reference, a subquery's table).
func namesTable(node ast.Node) bool {
	v := &anyTableName{}
	node.Accept(v)
	return v.found
}

type anyTableName struct{ found bool }

func (v *anyTableName) Enter(n ast.Node) (ast.Node, bool) {
	if _, ok := n.(*ast.TableName); ok {
		v.found = true
	}
	return n, v.found
}

func (v *anyTableName) Leave(n ast.Node) (ast.Node, bool) { return n, !v.found }
