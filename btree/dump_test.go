package btree

import (
	"fmt"
	"strings"
)

// dumpTree renders the page tree under root: one line per page with its
// type, cell count and children, and overflow chains by length.
func dumpTree(f *File, root uint32) (string, error) {
	var sb strings.Builder
	err := dumpPage(f, &sb, root, 0)
	return sb.String(), err
}

func dumpPage(f *File, sb *strings.Builder, pgno uint32, depth int) error {
	if depth > maxDepth {
		return corruptf(pgno, "too deep")
	}
	var n node
	if err := f.getNode(pgno, &n); err != nil {
		return err
	}
	defer n.pg.Release()
	kind := map[byte]string{typeTableLeaf: "table-leaf", typeTableInterior: "table-interior", typeIndexLeaf: "index-leaf", typeIndexInterior: "index-interior"}[n.typ]
	fmt.Fprintf(sb, "%s%s page %d: %d cells", strings.Repeat("  ", depth), kind, pgno, n.nCell)
	var ci cellInfo
	var ovfl []string
	for i := 0; i < n.nCell; i++ {
		if err := n.parseCell(i, &ci); err != nil {
			return err
		}
		if ci.ovfl != 0 {
			ovfl = append(ovfl, fmt.Sprintf("cell %d: %d pages", i, f.overflowPages(&ci)))
		}
	}
	if len(ovfl) > 0 {
		fmt.Fprintf(sb, ", overflow [%s]", strings.Join(ovfl, "; "))
	}
	sb.WriteString("\n")
	if n.leaf {
		return nil
	}
	for i := 0; i <= n.nCell; i++ {
		ch, err := n.child(i)
		if err != nil {
			return err
		}
		if err := dumpPage(f, sb, ch, depth+1); err != nil {
			return err
		}
	}
	return nil
}

// treeStats returns the depth, page count and average fill of non-root
// pages of a tree.
func treeStats(f *File, root uint32) (depth, pages int, fill float64, err error) {
	depth, pages, fill, _, err = treeStatsUnder(f, root)
	return
}

// treeStatsUnder is treeStats plus the number of non-root pages that are
// underfull (B5).
func treeStatsUnder(f *File, root uint32) (depth, pages int, fill float64, under int, err error) {
	var used, total int
	var walk func(pgno uint32, d int) error
	walk = func(pgno uint32, d int) error {
		var n node
		if err := f.getNode(pgno, &n); err != nil {
			return err
		}
		defer n.pg.Release()
		pages++
		depth = max(depth, d+1)
		if pgno != root {
			free, err := n.freeBytes()
			if err != nil {
				return err
			}
			c := f.capacity(pgno, n.leaf)
			used += c - free
			total += c
			if u, err := f.nodeUnderfull(&n); err != nil {
				return err
			} else if u {
				under++
			}
		}
		if n.leaf {
			return nil
		}
		for i := 0; i <= n.nCell; i++ {
			ch, err := n.child(i)
			if err != nil {
				return err
			}
			if err := walk(ch, d+1); err != nil {
				return err
			}
		}
		return nil
	}
	err = walk(root, 0)
	if total > 0 {
		fill = float64(used) / float64(total)
	}
	return
}
