package btree

import (
	"github.com/walrusdb/walrus/pager"
)

// node is a parsed view of one b-tree page. It is a value type so cursors
// keep a fixed array of them without allocating.
type node struct {
	pg      *pager.Page
	data    []byte
	pgno    uint32
	hdr     int // offset of the b-tree page header (100 on page 1)
	typ     byte
	leaf    bool
	intKey  bool // table tree
	nCell   int
	cellPtr int // offset of the cell pointer array
	usable  int
	maxL    int // X for this page's cells
	minL    int // M
}

// cellInfo is one parsed cell.
type cellInfo struct {
	off      int    // offset of the cell on the page
	child    uint32 // left child (interior pages)
	key      int64  // rowid (table pages)
	nPayload int64  // payload size (not set for table interior cells)
	payload  int    // offset of the local payload
	nLocal   int    // bytes of payload on the page
	ovfl     uint32 // first overflow page, 0 when the payload is all local
	raw      int    // bytes of the cell proper
	size     int    // bytes the cell occupies on the page (raw, at least 4)
}

// hdrOffset returns where the b-tree header starts on page pgno.
func hdrOffset(pgno uint32) int {
	if pgno == 1 {
		return headerSize
	}
	return 0
}

// contentStart returns header offset 5 with 0 meaning 65536.
func (n *node) contentStart() int {
	v := get16(n.data[n.hdr+pgContentStart:])
	if v == 0 {
		return 65536
	}
	return v
}

// parse fills n from its page; t is the File for size parameters.
func (n *node) parse(f *File, pg *pager.Page) error {
	n.pg = pg
	n.data = pg.Data()
	n.pgno = pg.Pgno()
	n.hdr = hdrOffset(n.pgno)
	n.usable = f.usable
	n.typ = n.data[n.hdr+pgType]
	if !validPageType(n.typ) {
		return corruptf(n.pgno, "invalid page type 0x%02x", n.typ)
	}
	n.setType(f, n.typ)
	n.nCell = get16(n.data[n.hdr+pgCellCount:])
	if n.cellPtr+2*n.nCell > n.usable {
		return corruptf(n.pgno, "%d cells do not fit", n.nCell)
	}
	cs := n.contentStart()
	if cs > n.usable || (n.nCell > 0 && cs < n.cellPtr+2*n.nCell) {
		return corruptf(n.pgno, "cell content start %d out of range", cs)
	}
	return nil
}

// setType sets the type-dependent fields of n.
func (n *node) setType(f *File, typ byte) {
	n.typ = typ
	n.leaf = isLeafType(typ)
	n.intKey = isIntKeyType(typ)
	if n.leaf {
		n.cellPtr = n.hdr + leafHeaderSize
	} else {
		n.cellPtr = n.hdr + interiorHeaderSize
	}
	if n.intKey {
		n.maxL, n.minL = f.maxLeaf, f.minLocal
	} else {
		n.maxL, n.minL = f.maxIndex, f.minLocal
	}
}

func (n *node) rightChild() uint32 { return get32(n.data[n.hdr+pgRightChild:]) }

// cellOff returns the offset of cell i, checked against the page bounds.
func (n *node) cellOff(i int) (int, error) {
	off := get16(n.data[n.cellPtr+2*i:])
	if off < n.cellPtr+2*n.nCell || off+4 > n.usable {
		return 0, corruptf(n.pgno, "cell %d offset %d out of range", i, off)
	}
	return off, nil
}

// child returns the page number of child i (i == nCell: right-most child).
func (n *node) child(i int) (uint32, error) {
	if i == n.nCell {
		return n.rightChild(), nil
	}
	off, err := n.cellOff(i)
	if err != nil {
		return 0, err
	}
	return get32(n.data[off:]), nil
}

// cellKey returns the rowid of cell i of a table page.
func (n *node) cellKey(i int) (int64, error) {
	off, err := n.cellOff(i)
	if err != nil {
		return 0, err
	}
	p := off
	if n.leaf {
		_, k := getVarint(n.data[p:n.usable])
		if k == 0 {
			return 0, corruptf(n.pgno, "cell %d truncated", i)
		}
		p += k
	} else {
		p += 4
	}
	v, k := getVarint(n.data[p:n.usable])
	if k == 0 {
		return 0, corruptf(n.pgno, "cell %d truncated", i)
	}
	return int64(v), nil
}

// parseCell parses cell i.
func (n *node) parseCell(i int, ci *cellInfo) error {
	off, err := n.cellOff(i)
	if err != nil {
		return err
	}
	return n.parseCellAt(off, ci)
}

// parseCellAt parses the cell at offset off.
func (n *node) parseCellAt(off int, ci *cellInfo) error {
	d := n.data[:n.usable]
	*ci = cellInfo{off: off}
	p := off
	if !n.leaf {
		if p+4 > len(d) {
			return corruptf(n.pgno, "cell at %d truncated", off)
		}
		ci.child = get32(d[p:])
		p += 4
		if n.intKey {
			v, k := getVarint(d[p:])
			if k == 0 {
				return corruptf(n.pgno, "cell at %d truncated", off)
			}
			ci.key = int64(v)
			ci.raw = p + k - off
			ci.size = max(ci.raw, 4)
			return nil
		}
	}
	v, k := getVarint(d[p:])
	if k == 0 {
		return corruptf(n.pgno, "cell at %d truncated", off)
	}
	if v > maxStoredPayload {
		return corruptf(n.pgno, "cell at %d: payload size %d", off, v)
	}
	ci.nPayload = int64(v)
	p += k
	if n.intKey {
		v, k = getVarint(d[p:])
		if k == 0 {
			return corruptf(n.pgno, "cell at %d truncated", off)
		}
		ci.key = int64(v)
		p += k
	}
	ci.payload = p
	ci.nLocal = localPayload(ci.nPayload, n.usable, n.maxL, n.minL)
	end := p + ci.nLocal
	if int64(ci.nLocal) < ci.nPayload {
		if end+4 > len(d) {
			return corruptf(n.pgno, "cell at %d extends past the page", off)
		}
		ci.ovfl = get32(d[end:])
		end += 4
	} else if end > len(d) {
		return corruptf(n.pgno, "cell at %d extends past the page", off)
	}
	ci.raw = end - off
	ci.size = max(ci.raw, 4)
	if off+ci.size > len(d) {
		return corruptf(n.pgno, "cell at %d extends past the page", off)
	}
	return nil
}

// freeBytes returns the total free space on the page: the gap, the
// freeblocks and the fragments. It validates the freeblock chain.
func (n *node) freeBytes() (int, error) {
	d := n.data
	top := n.contentStart()
	total := top - (n.cellPtr + 2*n.nCell) + int(d[n.hdr+pgFragmented])
	prevEnd := top
	for fb, steps := get16(d[n.hdr+pgFirstFree:]), 0; fb != 0; steps++ {
		if fb < prevEnd || fb+4 > n.usable || steps > n.usable/4 {
			return 0, corruptf(n.pgno, "freeblock at %d out of order or range", fb)
		}
		sz := get16(d[fb+2:])
		if sz < 4 || fb+sz > n.usable {
			return 0, corruptf(n.pgno, "freeblock at %d has size %d", fb, sz)
		}
		total += sz
		prevEnd = fb + sz
		fb = get16(d[fb:])
	}
	if total > n.usable-n.cellPtr {
		return 0, corruptf(n.pgno, "free space %d exceeds the page", total)
	}
	return total, nil
}

// initPage makes n an empty page of type typ. The page must be writable.
func (n *node) initPage(f *File, pg *pager.Page, typ byte) {
	n.pg = pg
	n.data = pg.Data()
	n.pgno = pg.Pgno()
	n.hdr = hdrOffset(n.pgno)
	n.usable = f.usable
	n.setType(f, typ)
	d := n.data
	clear(d[n.hdr:n.cellPtr])
	d[n.hdr+pgType] = typ
	put16(d[n.hdr+pgContentStart:], n.usable&0xffff)
	n.nCell = 0
}

// setCellCount stores the cell count.
func (n *node) setCellCount(c int) {
	n.nCell = c
	put16(n.data[n.hdr+pgCellCount:], c)
}

// allocate finds size bytes for a new cell plus room for its pointer and
// returns the offset, defragmenting when needed. It returns ok == false when
// the page cannot hold the cell. The page must be writable.
func (f *File) allocate(n *node, size int) (int, bool, error) {
	free, err := n.freeBytes()
	if err != nil {
		return 0, false, err
	}
	if free < size+2 {
		return 0, false, nil
	}
	d := n.data
	gap := n.cellPtr + 2*n.nCell
	top := n.contentStart()
	if gap+2 <= top {
		// Try the freeblocks first (first fit).
		prev := n.hdr + pgFirstFree
		for fb := get16(d[prev:]); fb != 0; fb = get16(d[prev:]) {
			sz := get16(d[fb+2:])
			if sz >= size {
				left := sz - size
				if left < 4 {
					if int(d[n.hdr+pgFragmented])+left > maxFragmented-3 {
						break
					}
					put16(d[prev:], get16(d[fb:]))
					d[n.hdr+pgFragmented] += byte(left)
					return fb, true, nil
				}
				put16(d[fb+2:], left)
				return fb + left, true, nil
			}
			prev = fb
		}
	}
	if gap+2+size > top {
		if err := f.defragment(n); err != nil {
			return 0, false, err
		}
		top = n.contentStart()
		if gap+2+size > top {
			return 0, false, corruptf(n.pgno, "free space accounting is wrong")
		}
	}
	top -= size
	put16(d[n.hdr+pgContentStart:], top&0xffff)
	return top, true, nil
}

// insertCell inserts cell as cell i of n. It returns false, leaving the page
// unchanged, when the cell does not fit. The page must be writable.
func (f *File) insertCell(n *node, i int, cell []byte) (bool, error) {
	size := max(len(cell), 4)
	off, ok, err := f.allocate(n, size)
	if err != nil || !ok {
		return false, err
	}
	d := n.data
	copy(d[off:], cell)
	p := n.cellPtr + 2*i
	copy(d[p+2:n.cellPtr+2*n.nCell+2], d[p:n.cellPtr+2*n.nCell])
	put16(d[p:], off)
	n.setCellCount(n.nCell + 1)
	if f.av {
		return true, f.ptrmapInserted(n, i) // ptrmap.go
	}
	return true, nil
}

// dropCell removes cell i, whose size is size. The page must be writable.
func (f *File) dropCell(n *node, i, size int) error {
	off, err := n.cellOff(i)
	if err != nil {
		return err
	}
	if err := n.freeSpace(off, size); err != nil {
		return err
	}
	d := n.data
	p := n.cellPtr + 2*i
	copy(d[p:], d[p+2:n.cellPtr+2*n.nCell])
	n.setCellCount(n.nCell - 1)
	if n.nCell == 0 {
		// An empty page has all its space in the gap.
		put16(d[n.hdr+pgFirstFree:], 0)
		d[n.hdr+pgFragmented] = 0
		put16(d[n.hdr+pgContentStart:], n.usable&0xffff)
	}
	return nil
}

// freeSpace returns size bytes at start to the freeblock list, merging with
// neighbouring freeblocks and fragments (SQLite's freeSpace).
func (n *node) freeSpace(start, size int) error {
	d := n.data
	hdr := n.hdr
	if start+size > n.usable {
		return corruptf(n.pgno, "freeing %d bytes at %d past the page", size, start)
	}
	iPtr := hdr + pgFirstFree
	iFree := get16(d[iPtr:])
	iEnd := start + size
	nFrag := 0
	if iFree != 0 {
		for steps := 0; ; steps++ {
			iFree = get16(d[iPtr:])
			if iFree >= start {
				break
			}
			if iFree <= iPtr {
				if iFree == 0 {
					break
				}
				return corruptf(n.pgno, "freeblock list out of order at %d", iFree)
			}
			if steps > n.usable/4 {
				return corruptf(n.pgno, "freeblock list loops")
			}
			iPtr = iFree
		}
		if iFree > n.usable-4 {
			return corruptf(n.pgno, "freeblock at %d out of range", iFree)
		}
		if iFree != 0 && iEnd+3 >= iFree {
			if iEnd > iFree {
				return corruptf(n.pgno, "freed cell at %d overlaps freeblock at %d", start, iFree)
			}
			nFrag = iFree - iEnd
			iEnd = iFree + get16(d[iFree+2:])
			if iEnd > n.usable {
				return corruptf(n.pgno, "freeblock at %d extends past the page", iFree)
			}
			iFree = get16(d[iFree:])
		}
		if iPtr > hdr+pgFirstFree {
			ptrEnd := iPtr + get16(d[iPtr+2:])
			if ptrEnd+3 >= start {
				if ptrEnd > start {
					return corruptf(n.pgno, "freed cell at %d overlaps freeblock at %d", start, iPtr)
				}
				nFrag += start - ptrEnd
				start = iPtr
			}
		}
		if nFrag > int(d[hdr+pgFragmented]) {
			return corruptf(n.pgno, "fragment count %d too small", d[hdr+pgFragmented])
		}
		d[hdr+pgFragmented] -= byte(nFrag)
	}
	top := n.contentStart()
	if start <= top {
		if start < top {
			return corruptf(n.pgno, "freed cell at %d before the content area %d", start, top)
		}
		if iPtr != hdr+pgFirstFree {
			return corruptf(n.pgno, "freeblock before the content area")
		}
		put16(d[hdr+pgFirstFree:], iFree)
		put16(d[hdr+pgContentStart:], iEnd&0xffff)
		return nil
	}
	put16(d[iPtr:], start)
	put16(d[start:], iFree)
	put16(d[start+2:], iEnd-start)
	return nil
}

// defragment packs all cells at the end of the page so that all free space
// is in the gap. The page must be writable.
func (f *File) defragment(n *node) error {
	tmp := f.scratchPage()
	copy(tmp, n.data[:n.usable])
	src := node(*n)
	src.data = tmp
	d := n.data
	top := n.usable
	var ci cellInfo
	for i := 0; i < n.nCell; i++ {
		off, err := src.cellOff(i)
		if err != nil {
			return err
		}
		if err := src.parseCellAt(off, &ci); err != nil {
			return err
		}
		top -= ci.size
		if top < n.cellPtr+2*n.nCell {
			return corruptf(n.pgno, "cells overflow the page while defragmenting")
		}
		copy(d[top:top+ci.size], tmp[off:off+ci.size])
		put16(d[n.cellPtr+2*i:], top)
	}
	put16(d[n.hdr+pgFirstFree:], 0)
	d[n.hdr+pgFragmented] = 0
	put16(d[n.hdr+pgContentStart:], top&0xffff)
	return nil
}

// capacity returns the bytes available for cells and their pointers on an
// empty page of type typ numbered pgno.
func (f *File) capacity(pgno uint32, leaf bool) int {
	h := leafHeaderSize
	if !leaf {
		h = interiorHeaderSize
	}
	return f.usable - hdrOffset(pgno) - h
}

// writeCells rewrites n as a page of type typ holding cells (in order) and,
// for interior pages, right child right. The cells must fit. The page must
// be writable and cells must not alias it.
func (f *File) writeCells(n *node, typ byte, cells [][]byte, right uint32) {
	n.initPage(f, n.pg, typ)
	d := n.data
	top := n.usable
	for i, c := range cells {
		sz := max(len(c), 4)
		top -= sz
		copy(d[top:], c)
		if sz > len(c) {
			clear(d[top+len(c) : top+sz])
		}
		put16(d[n.cellPtr+2*i:], top)
	}
	n.setCellCount(len(cells))
	put16(d[n.hdr+pgContentStart:], top&0xffff)
	if !n.leaf {
		put32(d[n.hdr+pgRightChild:], right)
	}
}
