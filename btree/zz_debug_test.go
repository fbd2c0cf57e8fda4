package btree

import (
	"fmt"
	"testing"
)

func debugUnder(t *testing.T, f *File, root uint32) {
	var walk func(pgno uint32, right bool)
	walk = func(pgno uint32, right bool) {
		var n node
		if err := f.getNode(pgno, &n); err != nil {
			t.Fatal(err)
		}
		defer n.pg.Release()
		if pgno != root {
			if u, _ := f.nodeUnderfull(&n); u {
				free, _ := n.freeBytes()
				sizes := ""
				var ci cellInfo
				for i := 0; i < n.nCell; i++ {
					n.parseCell(i, &ci)
					sizes += fmt.Sprint(ci.size, " ")
				}
				t.Logf("underfull page %d leaf=%v rightedge=%v cells=%d free=%d sizes=%s", pgno, n.leaf, right, n.nCell, free, sizes)
			}
		}
		if n.leaf {
			return
		}
		for i := 0; i <= n.nCell; i++ {
			ch, _ := n.child(i)
			walk(ch, right && i == n.nCell)
		}
	}
	walk(root, true)
}
