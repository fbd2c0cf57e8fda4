package sql

import (
	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/walrusdb/walrus/vm"
)

// alwaysSort turns orderAccess off: tests compare results with it.
var alwaysSort bool

// orderKey is one ORDER BY item resolved to a column of the outer loop's
// table (rowidPseudo for the rowid).
type orderKey struct {
	col  int
	desc bool
}

// orderAccess decides whether the outer loop can produce rows in ORDER BY
// order, so that the query needs no sorter: its access path (rowid order
// for a scan or rowid range, index order for an index seek) must yield
// the ORDER BY columns, minus the ones an equality pins, as a prefix of
// its key, all ASC or all DESC relative to the key (DESC walks backwards).
// Inner loops keep each outer row's results together, so the order of the
// outer loop is the order of the result. Without a usable WHERE seek and
// with a LIMIT, an index whose order fits is scanned instead of sorting
// the table (SQLite does the same). When it succeeds the path is fixed
// on levels[0].
func (c *compiler) orderAccess(sc *scope, levels []*level, fields []outField, orderBy []*ast.ByItem, limited bool) bool {
	if len(orderBy) == 0 || len(levels) == 0 || alwaysSort {
		return false
	}
	lv := levels[0]
	src := lv.src
	if src == nil || src.tbl == nil || src.regBase > 0 || lv.left {
		return false
	}
	keys, ok := c.orderKeys(sc, src, fields, orderBy)
	if !ok {
		return false
	}
	ch := c.chooseSeek(sc, levels, 0)
	switch ch.kind {
	case seekRowidEq:
		return true // one row at most
	case seekScan, seekRowidRange:
		if back, ok := keysMatch(keys, []int{rowidPseudo}, []bool{false}, nil); ok {
			ch.back = back
			lv.seek = &ch
			return true
		}
	case seekIndex:
		// The chosen index, or another one that the WHERE terms use as well.
		ps := c.probes(sc, levels, 0)
		for _, ix := range append([]*index{ch.ix}, src.tbl.Indexes...) {
			eq, rng := indexProbes(ix, ps)
			if len(eq) != len(ch.eq) || len(rng) != len(ch.rng) {
				continue
			}
			cols, desc := indexOrder(src, ix)
			pinned := map[int]bool{}
			for _, p := range eq {
				pinned[normCol(src, p.col)] = true
			}
			if back, ok := keysMatch(keys, cols[len(eq):], desc[len(eq):], pinned); ok {
				lv.seek = &seekChoice{kind: seekIndex, ix: ix, eq: eq, rng: rng, back: back}
				return true
			}
		}
	}
	if ch.kind != seekScan || !limited {
		return false
	}
	for _, ix := range src.tbl.Indexes {
		cols, desc := indexOrder(src, ix)
		if back, ok := keysMatch(keys, cols, desc, nil); ok {
			lv.seek = &seekChoice{kind: seekIndex, ix: ix, back: back}
			return true
		}
	}
	return false
}

// orderKeys resolves ORDER BY items to columns of src, as outputPlan
// resolves them (a position or an unqualified select-list alias names the
// output column). ok is false unless every item is a plain column of src
// whose b-tree order is MySQL's order.
func (c *compiler) orderKeys(sc *scope, src *source, fields []outField, orderBy []*ast.ByItem) ([]orderKey, bool) {
	keys := make([]orderKey, 0, len(orderBy))
	for _, item := range orderBy {
		e := item.Expr
		switch x := unparen(e).(type) {
		case *ast.PositionExpr:
			if x.P != nil || x.N < 1 || x.N > len(fields) {
				return nil, false
			}
			e = fields[x.N-1].expr
			if fields[x.N-1].gen != nil {
				return nil, false
			}
		case *ast.ColumnNameExpr:
			if x.Name.Table.L == "" {
				for _, f := range fields {
					if f.alias == x.Name.Name.L {
						if f.gen != nil {
							return nil, false
						}
						e = f.expr
						break
					}
				}
			}
		}
		cn, ok := unparen(e).(*ast.ColumnNameExpr)
		if !ok {
			return nil, false
		}
		r, err := c.lookup(sc, cn.Name)
		if err != nil || r.src != src || !orderSafe(r.typ(), r.isRowid()) {
			return nil, false
		}
		keys = append(keys, orderKey{col: normCol(src, r.col), desc: item.Desc})
	}
	return keys, true
}

// orderSafe reports whether a column's stored values sort in the b-tree
// as MySQL sorts them: one storage class per type, binary collation.
// Wide DECIMALs are stored as digit BLOBs after all numbers, TIME may be
// wider than its text, columns without a type mix classes.
func orderSafe(t vm.ColType, rowid bool) bool {
	switch {
	case rowid, t.IsInteger(), t.IsString(), t.IsBinary():
		return true
	}
	switch t.Base {
	case vm.BaseFloat, vm.BaseDouble, vm.BaseDate, vm.BaseDatetime, vm.BaseTimestamp, vm.BaseYear:
		return true
	}
	return false
}

func normCol(src *source, col int) int {
	if col == src.rowidCol {
		return rowidPseudo
	}
	return col
}

// indexOrder is the order of index ix's entries: its columns, then the
// rowid.
func indexOrder(src *source, ix *index) (cols []int, desc []bool) {
	for i, col := range ix.Cols {
		cols = append(cols, normCol(src, col))
		desc = append(desc, ix.Desc[i])
	}
	return append(cols, rowidPseudo), append(desc, false)
}

// keysMatch reports whether walking entries ordered by cols (desc per
// column) forwards or backwards (back) yields keys' order. Keys on pinned
// columns (equal in every row) are skipped; after the rowid, which is
// unique, nothing more needs ordering.
func keysMatch(keys []orderKey, cols []int, desc []bool, pinned map[int]bool) (back, ok bool) {
	pos, dirSet := 0, false
	for _, k := range keys {
		if pinned[k.col] {
			continue
		}
		if pos >= len(cols) || cols[pos] != k.col {
			return false, false
		}
		d := k.desc != desc[pos]
		if dirSet && d != back {
			return false, false
		}
		back, dirSet = d, true
		if k.col == rowidPseudo {
			return back, true
		}
		pos++
	}
	return back, true
}
