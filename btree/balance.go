package btree

import (
	"errors"
	"slices"
)

// Balancing (B4, B5). A page whose new content does not fit, or that fell
// below a third full, is described as an image (its cells in memory) and
// redistributed together with up to two siblings under the same parent, as
// SQLite's balance_nonroot does: the cells and the dividers between the
// siblings are packed left to right into as few pages as hold them, then
// evened out right to left. The parent's dividers are replaced, and the
// parent is balanced in turn when it no longer fits or became underfull.
// The root keeps its page number: it grows by pushing its content into a new
// child, and shrinks by absorbing its only child.

// errCellTooBig reports a cell that cannot fit on an empty page.
var errCellTooBig = errors.New("cell larger than a page")

// image is a page's content held in memory during balancing.
type image struct {
	typ   byte
	cells [][]byte
	right uint32
}

// balancer holds memory reused across balance operations, so that the
// amortised cost of balancing does not allocate (B10).
type balancer struct {
	arena    []byte
	spare    [][][]byte // cell lists free for reuse
	used     [][][]byte // cell lists handed out since the last reset
	pgBuf    []uint32
	ends     []int
	starts   []int
	minLevel int // highest (smallest) cursor level rewritten by the last balance
}

// reset makes all memory handed out since the last reset reusable. It is
// called before each top-level balance.
func (b *balancer) reset() {
	b.arena = b.arena[:0]
	b.spare = append(b.spare, b.used...)
	clear(b.used)
	b.used = b.used[:0]
}

// cellList returns an empty cell list with room for n cells.
func (b *balancer) cellList(n int) [][]byte {
	var l [][]byte
	if k := len(b.spare); k > 0 {
		l = b.spare[k-1][:0]
		b.spare = b.spare[:k-1]
	}
	l = slices.Grow(l, n)
	b.used = append(b.used, l)
	return l
}

// copyCell copies b into the arena. The result's capacity is capped so an
// append never writes into a neighbour.
func (b *balancer) copyCell(src []byte) []byte {
	start := len(b.arena)
	b.arena = append(b.arena, src...)
	return b.arena[start:len(b.arena):len(b.arena)]
}

// newCell returns an arena slice of n bytes.
func (b *balancer) newCell(n int) []byte {
	start := len(b.arena)
	b.arena = slices.Grow(b.arena, n)[:start+n]
	clear(b.arena[start:])
	return b.arena[start:len(b.arena):len(b.arena)]
}

func interiorType(typ byte) byte { return typ &^ 0x08 }

// materialize copies n's cells into an image, inserting extra at position at
// when extra is not nil.
func (f *File) materialize(n *node, extra []byte, at int) (*image, error) {
	img := &image{typ: n.typ, cells: f.bal.cellList(n.nCell + 1)}
	if !n.leaf {
		img.right = n.rightChild()
	}
	var ci cellInfo
	for i := 0; i < n.nCell; i++ {
		if extra != nil && i == at {
			img.cells = append(img.cells, extra)
		}
		if err := n.parseCell(i, &ci); err != nil {
			return nil, err
		}
		img.cells = append(img.cells, f.bal.copyCell(n.data[ci.off:ci.off+ci.raw]))
	}
	if extra != nil && at >= n.nCell {
		img.cells = append(img.cells, extra)
	}
	return img, nil
}

// used returns the bytes img's cells and pointers take.
func (img *image) used() int {
	u := 0
	for _, c := range img.cells {
		u += max(len(c), 4) + 2
	}
	return u
}

func (f *File) fits(img *image, pgno uint32) bool {
	return img.used() <= f.capacity(pgno, isLeafType(img.typ))
}

// underfull reports whether a non-root page with img's content should be
// merged with its siblings: less than a third used, or an interior page
// with fewer than two keys.
func (f *File) underfull(img *image) bool {
	if len(img.cells) == 0 || (!isLeafType(img.typ) && len(img.cells) < 2) {
		return true
	}
	return (f.capacity(2, isLeafType(img.typ))-img.used())*3 > f.usable*2
}

// nodeUnderfull is underfull for a page on disk.
func (f *File) nodeUnderfull(n *node) (bool, error) {
	if n.nCell == 0 || (!n.leaf && n.nCell < 2) {
		return true, nil
	}
	free, err := n.freeBytes()
	if err != nil {
		return false, err
	}
	return free*3 > f.usable*2, nil
}

// balance gives the page at cursor level lvl the content img, rebalancing
// as needed. The cursor's stack below the levels touched is stale afterwards.
func (c *Cursor) balance(lvl int, img *image) error {
	c.f.bal.minLevel = lvl
	if lvl == 0 {
		return c.balanceRoot(img)
	}
	return c.balanceNonRoot(lvl-1, c.stack[lvl].n.pgno, img)
}

// balanceRoot writes img to the root, growing the tree when it does not fit
// and shrinking it when the root is left with a single child.
func (c *Cursor) balanceRoot(img *image) error {
	f := c.f
	c.f.bal.minLevel = 0
	root := &c.stack[0].n
	if err := f.write(root); err != nil {
		return err
	}
	if f.fits(img, root.pgno) {
		f.writeCells(root, img.typ, img.cells, img.right)
		if err := f.ptrmapNode(root); err != nil {
			return err
		}
		if !root.leaf && root.nCell == 0 {
			return c.shallower()
		}
		return nil
	}
	pg, err := f.allocatePage()
	if err != nil {
		return err
	}
	child := pg.Pgno()
	pg.Release()
	f.writeCells(root, interiorType(img.typ), nil, child)
	if err := f.ptrmapNode(root); err != nil {
		return err
	}
	c.stack[0].idx = 0
	return c.balanceNonRoot(0, child, img)
}

// shallower moves the only child of an empty interior root into the root
// when it fits there.
func (c *Cursor) shallower() error {
	f := c.f
	root := &c.stack[0].n
	childPgno := root.rightChild()
	var ch node
	if err := f.getNode(childPgno, &ch); err != nil {
		return err
	}
	img, err := f.materialize(&ch, nil, 0)
	ch.pg.Release()
	if err != nil {
		return err
	}
	if !f.fits(img, root.pgno) {
		return nil
	}
	f.writeCells(root, img.typ, img.cells, img.right)
	if err := f.ptrmapNode(root); err != nil {
		return err
	}
	return f.freePage(childPgno)
}

// balanceNonRoot redistributes the cells of the child of the page at cursor
// level pl that the cursor followed (page pgno, new content img) among it and
// up to two siblings.
func (c *Cursor) balanceNonRoot(pl int, pgno uint32, img *image) error {
	f := c.f
	b := &f.bal
	b.minLevel = min(b.minLevel, pl)
	par := &c.stack[pl].n
	ci := c.stack[pl].idx
	nP := par.nCell
	if ci > nP {
		return corruptf(par.pgno, "child index %d of %d", ci, nP)
	}
	first := max(ci-1, 0)
	if first+2 > nP {
		first = max(nP-2, 0)
	}
	last := min(first+2, nP)
	nOld := last - first + 1

	leafData := img.typ == typeTableLeaf
	isLeaf := isLeafType(img.typ)
	var oldPg [3]uint32
	var rights [3]uint32
	combined := b.cellList(3*f.usable/6 + 8) // at most 3 pages of 4-byte cells and dividers
	var pci cellInfo
	for j := first; j <= last; j++ {
		pg, err := par.child(j)
		if err != nil {
			return err
		}
		oldPg[j-first] = pg
		var sib *image
		if j == ci {
			if pg != pgno {
				return corruptf(par.pgno, "child %d is page %d, expected %d", j, pg, pgno)
			}
			sib = img
		} else {
			if pg == pgno || pg == par.pgno {
				return corruptf(par.pgno, "page %d is a child twice", pg)
			}
			var sn node
			if err := f.getNode(pg, &sn); err != nil {
				return err
			}
			if sn.typ != img.typ {
				sn.pg.Release()
				return corruptf(pg, "sibling page type 0x%02x, expected 0x%02x", sn.typ, img.typ)
			}
			sib, err = f.materialize(&sn, nil, 0)
			sn.pg.Release()
			if err != nil {
				return err
			}
		}
		rights[j-first] = sib.right
		combined = append(combined, sib.cells...)
		if j < last && !leafData {
			if err := par.parseCell(j, &pci); err != nil {
				return err
			}
			div := par.data[pci.off : pci.off+pci.raw]
			if isLeaf {
				combined = append(combined, b.copyCell(div[4:]))
			} else {
				d := b.copyCell(div)
				put32(d, sib.right)
				combined = append(combined, d)
			}
		}
	}
	finalRight := rights[nOld-1]

	capa := f.capacity(2, isLeaf)
	ends, err := b.distribute(combined, leafData, capa)
	if err != nil {
		return corruptf(pgno, "%v", err)
	}
	k := len(ends)

	// Page numbers: reuse the old siblings, allocate the rest.
	b.pgBuf = slices.Grow(b.pgBuf[:0], k)[:k]
	newPg := b.pgBuf
	for t := range k {
		if t < nOld {
			newPg[t] = oldPg[t]
			continue
		}
		pg, err := f.allocatePage()
		if err != nil {
			return err
		}
		newPg[t] = pg.Pgno()
		pg.Release()
	}

	dividers := b.cellList(k)
	start := 0
	for t := range k {
		cells := combined[start:ends[t]]
		var right uint32
		if !isLeaf {
			if t < k-1 {
				right = get32(combined[ends[t]])
			} else {
				right = finalRight
			}
		}
		var n node
		pg, err := f.p.Get(newPg[t])
		if err != nil {
			return err
		}
		n.pg = pg
		if err := f.write(&n); err != nil {
			pg.Release()
			return err
		}
		f.writeCells(&n, img.typ, cells, right)
		err = f.ptrmapNode(&n)
		pg.Release()
		if err != nil {
			return err
		}
		if t == k-1 {
			break
		}
		switch {
		case leafData:
			lastCell := cells[len(cells)-1]
			_, k1 := getVarint(lastCell)
			key, k2 := getVarint(lastCell[k1:])
			if k1 == 0 || k2 == 0 {
				return corruptf(newPg[t], "truncated cell")
			}
			d := b.newCell(4 + varintLen(key))
			put32(d, newPg[t])
			putVarint(d[4:], key)
			dividers = append(dividers, d)
			start = ends[t]
		case isLeaf:
			src := combined[ends[t]]
			d := b.newCell(4 + len(src))
			put32(d, newPg[t])
			copy(d[4:], src)
			dividers = append(dividers, d)
			start = ends[t] + 1
		default:
			d := b.copyCell(combined[ends[t]])
			put32(d, newPg[t])
			dividers = append(dividers, d)
			start = ends[t] + 1
		}
	}
	for t := k; t < nOld; t++ {
		if err := f.freePage(oldPg[t]); err != nil {
			return err
		}
	}

	// The parent: replace dividers first..last-1 and point the slot of the
	// old last sibling at the new last page.
	pimg, err := f.materialize(par, nil, 0)
	if err != nil {
		return err
	}
	cells := b.cellList(len(pimg.cells) - (last - first) + len(dividers))
	cells = append(cells, pimg.cells[:first]...)
	cells = append(cells, dividers...)
	cells = append(cells, pimg.cells[last:]...)
	pimg.cells = cells
	if last == nP {
		pimg.right = newPg[k-1]
	} else {
		d := b.copyCell(cells[first+k-1])
		put32(d, newPg[k-1])
		cells[first+k-1] = d
	}
	if pl == 0 {
		return c.balanceRoot(pimg)
	}
	if f.fits(pimg, par.pgno) && !f.underfull(pimg) {
		if err := f.write(par); err != nil {
			return err
		}
		f.writeCells(par, pimg.typ, pimg.cells, pimg.right)
		return f.ptrmapNode(par)
	}
	return c.balanceNonRoot(pl-1, par.pgno, pimg)
}

// distribute splits cells among pages of capacity capa and returns, per
// page, the end (exclusive) of its cells. Unless leafData, the cell at each
// end but the last is the divider between two pages and belongs to neither.
func (b *balancer) distribute(cells [][]byte, leafData bool, capa int) ([]int, error) {
	sz := func(i int) int { return max(len(cells[i]), 4) + 2 }
	n := len(cells)
	ends := b.ends[:0]
	starts := append(b.starts[:0], 0)
	defer func() { b.ends, b.starts = ends, starts }()
	i := 0
	for {
		s := i
		used := 0
		for i < n && used+sz(i) <= capa {
			used += sz(i)
			i++
		}
		if i == s && i < n {
			return nil, errCellTooBig
		}
		ends = append(ends, i)
		if i >= n {
			break
		}
		if !leafData {
			if i == n-1 {
				// The divider would leave the next page empty: make this
				// page's last cell the divider and give cell n-1 a page.
				if i-s >= 2 {
					ends[len(ends)-1] = i - 1
					starts = append(starts, i)
					ends = append(ends, n)
					break
				}
			}
			i++
		}
		starts = append(starts, i)
	}
	// Even out from the right: move cells from page t-1 to page t while
	// page t stays no fuller than page t-1.
	usedOf := func(a, b int) int {
		u := 0
		for j := a; j < b; j++ {
			u += sz(j)
		}
		return u
	}
	for t := len(ends) - 1; t > 0; t-- {
		left := usedOf(starts[t-1], ends[t-1])
		right := usedOf(starts[t], ends[t])
		for ends[t-1]-starts[t-1] > 1 {
			var in, out int
			if leafData {
				in = sz(ends[t-1] - 1)
				out = in
			} else {
				in = sz(ends[t-1])      // the divider moves into page t
				out = sz(ends[t-1] - 1) // the last cell of page t-1 becomes the divider
			}
			// Move while page t stays no fuller than page t-1, or while
			// page t is underfull and page t-1 would not become so.
			if right+in > capa || (right+in > left-out && (right*3 >= capa || (left-out)*3 < capa)) {
				break
			}
			right += in
			left -= out
			ends[t-1]--
			starts[t]--
		}
	}
	return ends, nil
}
