package sql

import (
	"cmp"
	"slices"

	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/pingcap/tidb/pkg/parser/test_driver"
)

// paramCollector gathers the `?` markers of a statement. TiDB's parser
// records only each marker's byte offset, so the order in which the markers
// bind arguments is assigned after parsing.
type paramCollector struct {
	markers []*test_driver.ParamMarkerExpr
}

func (p *paramCollector) Enter(n ast.Node) (ast.Node, bool) {
	if m, ok := n.(*test_driver.ParamMarkerExpr); ok {
		p.markers = append(p.markers, m)
	}
	return n, false
}

func (p *paramCollector) Leave(n ast.Node) (ast.Node, bool) { return n, true }

// numberParams gives the markers of stmt their argument positions 0..n-1 in
// text order and returns n.
func numberParams(stmt ast.StmtNode) int {
	var pc paramCollector
	stmt.Accept(&pc)
	return orderParams(pc.markers)
}

// orderParams numbers markers in text order and returns how many there are.
func orderParams(markers []*test_driver.ParamMarkerExpr) int {
	slices.SortStableFunc(markers, func(a, b *test_driver.ParamMarkerExpr) int { return cmp.Compare(a.Offset, b.Offset) })
	for i, m := range markers {
		m.SetOrder(i)
	}
	return len(markers)
}

// CountParams returns how many `?` arguments the statements of query take
// in all, without compiling them (so later statements may name tables that
// earlier ones create). Statements of walrus's own front grammar (PRAGMA,
// BEGIN, ...) take none. ok is false when a statement does not parse here
// (its own execution reports why).
func CountParams(query string) (n int, ok bool) {
	total := 0
	for {
		stmt, tail, _ := splitFirst(query)
		if stmt == "" {
			return total, true
		}
		if fs, err := parseFront(stmt); err == nil && fs != nil {
			query = tail
			continue
		}
		node, err := parseTiDB(stmt)
		if err != nil {
			return 0, false
		}
		total += numberParams(node)
		query = tail
	}
}
