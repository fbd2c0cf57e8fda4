package btree

import (
	"fmt"
	"slices"

	"github.com/walrusdb/walrus/pager"
)

// Auto-vacuum (B12, B13), as SQLite's btree.c does it. In an auto-vacuum
// file every page but page 1 and the ptrmap pages has a pointer-map entry
// (ptrmap.go) naming what points at it. Root pages sit right after page 1
// and the ptrmap pages (header offset 52 holds the largest): CreateTree
// moves the page in the way elsewhere, DropTree moves the largest root into
// the dropped one's page. Vacuuming then never has to move a root: it moves
// the last pages of the file into free pages, fixing the one pointer to
// each moved page (a cell's child or overflow pointer, an overflow link),
// and truncates the file. FULL vacuums at every commit; INCREMENTAL only
// in IncrementalVacuum.

// AutoVacuumMode is PRAGMA auto_vacuum's setting.
type AutoVacuumMode uint8

// The PRAGMA auto_vacuum values.
const (
	AutoVacuumNone        AutoVacuumMode = 0
	AutoVacuumFull        AutoVacuumMode = 1
	AutoVacuumIncremental AutoVacuumMode = 2
)

func (m AutoVacuumMode) String() string {
	switch m {
	case AutoVacuumNone:
		return "none"
	case AutoVacuumFull:
		return "full"
	case AutoVacuumIncremental:
		return "incremental"
	}
	return fmt.Sprintf("auto_vacuum(%d)", uint8(m))
}

// loadAV reads the auto-vacuum flags from page 1's header.
func (f *File) loadAV(d []byte) {
	f.av = get32(d[hdrLargestRoot:]) != 0
	f.incr = f.av && get32(d[hdrIncrVacuum:]) != 0
}

// refreshAV reloads the flags after page 1 may have changed under them
// (rollback, VACUUM copying pages).
func (f *File) refreshAV() {
	if f.p.PageCount() == 0 {
		f.av, f.incr = false, false
		return
	}
	pg, err := f.p.Get(1)
	if err != nil {
		return // the next BeginRead reloads them
	}
	f.loadAV(pg.Data())
	pg.Release()
}

// initAV applies a pending mode to a new page 1.
func (f *File) initAV(d []byte) {
	f.setAVHeader(d, f.nextAV)
}

func (f *File) setAVHeader(d []byte, m AutoVacuumMode) {
	var largest, incr uint32
	if m != AutoVacuumNone {
		largest = max(get32(d[hdrLargestRoot:]), 1)
	}
	if m == AutoVacuumIncremental {
		incr = 1
	}
	put32(d[hdrLargestRoot:], largest)
	put32(d[hdrIncrVacuum:], incr)
	f.loadAV(d)
}

// AutoVacuum returns the file's mode (for an empty file, the mode its first
// write will give it).
func (f *File) AutoVacuum() AutoVacuumMode {
	if f.p.PageCount() == 0 {
		return f.nextAV
	}
	switch {
	case f.incr:
		return AutoVacuumIncremental
	case f.av:
		return AutoVacuumFull
	}
	return AutoVacuumNone
}

// NextAutoVacuum is the mode VACUUM gives the file: the last one set with
// SetAutoVacuum, else the current one.
func (f *File) NextAutoVacuum() AutoVacuumMode {
	if f.avSet {
		return f.nextAV
	}
	return f.AutoVacuum()
}

// SetAutoVacuum sets the mode as PRAGMA auto_vacuum does. It takes effect
// at once on an empty file (no page yet, or only an empty sqlite_schema)
// and between FULL and INCREMENTAL; otherwise (turning auto-vacuum on or
// off in a file with tables) it is remembered for VACUUM, and applied
// reports false. A file with pages needs a write transaction.
func (f *File) SetAutoVacuum(m AutoVacuumMode) (applied bool, err error) {
	if m > AutoVacuumIncremental {
		return false, misusef("auto_vacuum mode %d", m)
	}
	f.nextAV, f.avSet = m, true
	if f.p.PageCount() == 0 {
		return true, nil
	}
	empty, err := f.emptyFile()
	if err != nil {
		return false, err
	}
	if !empty && f.av != (m != AutoVacuumNone) {
		return false, nil
	}
	pg, err := f.p.Get(1)
	if err != nil {
		return false, err
	}
	defer pg.Release()
	if err := f.p.Write(pg); err != nil {
		return false, err
	}
	f.setAVHeader(pg.Data(), m)
	return true, nil
}

// emptyFile reports whether the file is just page 1 with no schema rows.
func (f *File) emptyFile() (bool, error) {
	if f.p.PageCount() > 1 {
		return false, nil
	}
	var n node
	if err := f.getNode(1, &n); err != nil {
		return false, err
	}
	defer n.pg.Release()
	return n.nCell == 0, nil
}

// skipPtrmapPage is the hook of allocatePage when the file grows: a new
// page that falls on a ptrmap slot becomes that ptrmap page (zeroed) and
// the caller gets the next one.
func (f *File) skipPtrmapPage(pgno uint32) (uint32, error) {
	if !f.av || !f.isPtrmapPage(pgno) {
		return pgno, nil
	}
	pg, err := f.p.Get(pgno)
	if err != nil {
		return 0, err
	}
	defer pg.Release()
	if err := f.p.Write(pg); err != nil {
		return 0, err
	}
	clear(pg.Data())
	pgno++
	if pgno == lockBytePage(f.pageSize) {
		pgno++
	}
	return pgno, nil
}

// largestRoot reads header offset 52.
func (f *File) largestRoot() (uint32, error) {
	pg, err := f.p.Get(1)
	if err != nil {
		return 0, err
	}
	v := get32(pg.Data()[hdrLargestRoot:])
	pg.Release()
	return v, nil
}

func (f *File) setLargestRoot(v uint32) error { return f.putHeader32(hdrLargestRoot, v) }

// createRootAV is CreateTree in an auto-vacuum file: the root goes right
// after the largest root, moving the page that is there (SQLite's
// btreeCreateTable).
func (f *File) createRootAV(typ byte) (uint32, error) {
	largest, err := f.largestRoot()
	if err != nil {
		return 0, err
	}
	if largest > f.p.PageCount() {
		return 0, corruptf(1, "largest root page %d past the end of the database", largest)
	}
	root := largest + 1
	for f.isPtrmapPage(root) || root == lockBytePage(f.pageSize) {
		root++
	}
	var pg *pager.Page
	if root <= f.p.PageCount() {
		typ0, parent, err := f.ptrmapGet(root)
		if err != nil {
			return 0, err
		}
		switch typ0 {
		case ptrmapFree:
			if err := f.takeFreePage(root); err != nil {
				return 0, err
			}
		case ptrmapRoot:
			return 0, corruptf(root, "root page after the largest root %d", largest)
		default:
			f.saveAllCursors()
			dst, err := f.allocatePage()
			if err != nil {
				return 0, err
			}
			to := dst.Pgno()
			dst.Release()
			if to == root {
				return 0, corruptf(root, "page in use was allocated")
			}
			if err := f.relocate(root, to, typ0, parent); err != nil {
				return 0, err
			}
		}
		if pg, err = f.p.Get(root); err != nil {
			return 0, err
		}
		if err := f.p.Write(pg); err != nil {
			pg.Release()
			return 0, err
		}
	} else {
		if pg, err = f.allocatePage(); err != nil {
			return 0, err
		}
		if pg.Pgno() != root {
			got := pg.Pgno()
			pg.Release()
			return 0, corruptf(got, "new root allocated at page %d, expected %d", got, root)
		}
	}
	defer pg.Release()
	var n node
	n.initPage(f, pg, typ)
	if err := f.ptrmapPut(root, ptrmapRoot, 0); err != nil {
		return 0, err
	}
	return root, f.setLargestRoot(root)
}

// DropTreeMoved frees every page of the tree, including its root. In an
// auto-vacuum file the tree with the largest root then moves into the freed
// root page (roots stay at the start of the file): moved is that tree's
// old root, whose references the caller changes to root (sqlite_schema);
// 0 when nothing moved. Cursors on either tree lose their position.
func (f *File) DropTreeMoved(root uint32) (moved uint32, err error) {
	if root <= 1 {
		return 0, misusef("cannot drop tree %d", root)
	}
	f.invalidateTree(root)
	if !f.av {
		return 0, f.freeTree(root, 0, true)
	}
	largest, err := f.largestRoot()
	if err != nil {
		return 0, err
	}
	if root > largest {
		return 0, corruptf(root, "root page past the largest root %d", largest)
	}
	if typ, _, err := f.ptrmapGet(root); err != nil || typ != ptrmapRoot {
		if err == nil {
			err = corruptf(root, "dropped root has pointer-map type %d", typ)
		}
		return 0, err
	}
	if err := f.freeTree(root, 0, false); err != nil {
		return 0, err
	}
	if root == largest {
		if err := f.freePage(root); err != nil {
			return 0, err
		}
	} else {
		typ, _, err := f.ptrmapGet(largest)
		if err != nil {
			return 0, err
		}
		if typ != ptrmapRoot {
			return 0, corruptf(largest, "largest root page has pointer-map type %d", typ)
		}
		f.invalidateTree(largest)
		f.saveAllCursors()
		if err := f.relocate(largest, root, ptrmapRoot, 0); err != nil {
			return 0, err
		}
		if err := f.freePage(largest); err != nil {
			return 0, err
		}
		moved = largest
	}
	largest--
	for largest > 1 && (f.isPtrmapPage(largest) || largest == lockBytePage(f.pageSize)) {
		largest--
	}
	return moved, f.setLargestRoot(largest)
}

// relocate moves page from (ptrmap type typ, parent parent) to page to and
// fixes every pointer to it and from it (SQLite's relocatePage). A root's
// pointer is the caller's to fix.
func (f *File) relocate(from, to uint32, typ byte, parent uint32) error {
	if from < 3 || to < 2 {
		return corruptf(from, "cannot move page %d to %d", from, to)
	}
	src, err := f.p.Get(from)
	if err != nil {
		return err
	}
	dst, err := f.p.Get(to)
	if err != nil {
		src.Release()
		return err
	}
	defer dst.Release()
	err = f.p.Write(dst)
	if err == nil {
		copy(dst.Data(), src.Data())
	}
	src.Release()
	if err != nil {
		return err
	}
	switch typ {
	case ptrmapBtree, ptrmapRoot:
		var n node
		if err := n.parse(f, dst); err != nil {
			return err
		}
		if err := f.ptrmapNode(&n); err != nil {
			return err
		}
	case ptrmapOverflow1, ptrmapOverflow2:
		if next := get32(dst.Data()); next != 0 {
			if err := f.ptrmapPut(next, ptrmapOverflow2, to); err != nil {
				return err
			}
		}
	default:
		return corruptf(from, "cannot move a page of pointer-map type %d", typ)
	}
	if typ == ptrmapRoot {
		return nil
	}
	if err := f.repointParent(parent, from, to, typ); err != nil {
		return err
	}
	return f.ptrmapPut(to, typ, parent)
}

// repointParent changes the pointer to from on page parent into to
// (SQLite's modifyPagePointer).
func (f *File) repointParent(parent, from, to uint32, typ byte) error {
	if parent < 1 || parent > f.p.PageCount() {
		return corruptf(from, "pointer-map parent %d out of range", parent)
	}
	if typ == ptrmapOverflow2 {
		pg, err := f.p.Get(parent)
		if err != nil {
			return err
		}
		defer pg.Release()
		if get32(pg.Data()) != from {
			return corruptf(parent, "overflow page does not link to page %d", from)
		}
		if err := f.p.Write(pg); err != nil {
			return err
		}
		put32(pg.Data(), to)
		return nil
	}
	var n node
	if err := f.getNode(parent, &n); err != nil {
		return err
	}
	defer n.pg.Release()
	if err := f.write(&n); err != nil {
		return err
	}
	var ci cellInfo
	for i := 0; i < n.nCell; i++ {
		if err := n.parseCell(i, &ci); err != nil {
			return err
		}
		if typ == ptrmapOverflow1 && ci.ovfl == from {
			put32(n.data[ci.off+ci.raw-4:], to)
			return nil
		}
		if typ == ptrmapBtree && !n.leaf && ci.child == from {
			put32(n.data[ci.off:], to)
			return nil
		}
	}
	if typ == ptrmapBtree && !n.leaf && n.rightChild() == from {
		put32(n.data[n.hdr+pgRightChild:], to)
		return nil
	}
	return corruptf(parent, "no pointer to page %d (pointer-map type %d)", from, typ)
}

// freeList returns the pages of the freelist, checked against the header
// count and the file size (B8).
func (f *File) freeList() ([]uint32, error) {
	p1, err := f.p.Get(1)
	if err != nil {
		return nil, err
	}
	h := p1.Data()
	trunk := get32(h[hdrFreelistTrunk:])
	count := get32(h[hdrFreelistCount:])
	p1.Release()
	n := f.p.PageCount()
	if count > n {
		return nil, corruptf(1, "freelist count %d exceeds the %d pages", count, n)
	}
	out := make([]uint32, 0, count)
	for trunk != 0 {
		if trunk < 2 || trunk > n || uint32(len(out)) >= count {
			return nil, corruptf(trunk, "freelist trunk out of range or past the count %d", count)
		}
		out = append(out, trunk)
		pg, err := f.p.Get(trunk)
		if err != nil {
			return nil, err
		}
		d := pg.Data()
		nLeaf := get32(d[trunkCount:])
		next := get32(d[trunkNext:])
		if nLeaf > uint32(f.usable/4-2) || uint32(len(out))+nLeaf > count {
			pg.Release()
			return nil, corruptf(trunk, "freelist trunk holds %d leaves", nLeaf)
		}
		for i := uint32(0); i < nLeaf; i++ {
			leaf := get32(d[trunkLeaves+4*i:])
			if leaf < 2 || leaf > n {
				pg.Release()
				return nil, corruptf(trunk, "freelist leaf %d out of range", leaf)
			}
			out = append(out, leaf)
		}
		pg.Release()
		trunk = next
	}
	if uint32(len(out)) != count {
		return nil, corruptf(1, "freelist holds %d pages, header says %d", len(out), count)
	}
	return out, nil
}

// takeFreePage removes page pgno from the freelist (SQLite's
// allocateBtreePage with BTALLOC_EXACT). A trunk with leaves hands its
// role to its last leaf.
func (f *File) takeFreePage(pgno uint32) error {
	p1, err := f.p.Get(1)
	if err != nil {
		return err
	}
	defer p1.Release()
	if err := f.p.Write(p1); err != nil {
		return err
	}
	h := p1.Data()
	count := get32(h[hdrFreelistCount:])
	prevPg := p1
	prevOff := hdrFreelistTrunk
	trunk := get32(h[hdrFreelistTrunk:])
	var held *pager.Page // the previous trunk, when it is not page 1
	defer func() {
		if held != nil {
			held.Release()
		}
	}()
	for steps := uint32(0); trunk != 0; steps++ {
		if trunk < 2 || trunk > f.p.PageCount() || steps > count {
			return corruptf(trunk, "freelist trunk out of range")
		}
		tp, err := f.p.Get(trunk)
		if err != nil {
			return err
		}
		t := tp.Data()
		nLeaf := int(get32(t[trunkCount:]))
		if nLeaf > f.usable/4-2 {
			tp.Release()
			return corruptf(trunk, "freelist trunk holds %d leaves", nLeaf)
		}
		if trunk == pgno {
			defer tp.Release()
			if err := f.p.Write(prevPg); err != nil {
				return err
			}
			if nLeaf == 0 {
				put32(prevPg.Data()[prevOff:], get32(t[trunkNext:]))
			} else {
				// The last leaf becomes the trunk in its place.
				last := get32(t[trunkLeaves+4*(nLeaf-1):])
				if last < 2 || last > f.p.PageCount() {
					return corruptf(trunk, "freelist leaf %d out of range", last)
				}
				np, err := f.p.Get(last)
				if err != nil {
					return err
				}
				if err := f.p.Write(np); err != nil {
					np.Release()
					return err
				}
				d := np.Data()
				clear(d)
				put32(d[trunkNext:], get32(t[trunkNext:]))
				put32(d[trunkCount:], uint32(nLeaf-1))
				copy(d[trunkLeaves:], t[trunkLeaves:trunkLeaves+4*(nLeaf-1)])
				np.Release()
				put32(prevPg.Data()[prevOff:], last)
			}
			put32(p1.Data()[hdrFreelistCount:], count-1)
			return nil
		}
		for i := 0; i < nLeaf; i++ {
			if get32(t[trunkLeaves+4*i:]) != pgno {
				continue
			}
			if err := f.p.Write(tp); err != nil {
				tp.Release()
				return err
			}
			t = tp.Data()
			copy(t[trunkLeaves+4*i:trunkLeaves+4*i+4], t[trunkLeaves+4*(nLeaf-1):])
			put32(t[trunkCount:], uint32(nLeaf-1))
			tp.Release()
			put32(p1.Data()[hdrFreelistCount:], count-1)
			return nil
		}
		if held != nil {
			held.Release()
		}
		held, prevPg, prevOff = tp, tp, trunkNext
		trunk = get32(t[trunkNext:])
	}
	return corruptf(pgno, "page is not on the freelist")
}

// finalSize returns the page count after vacuuming all nFree free pages of
// an nOrig-page file (SQLite's finalDbSize).
func (f *File) finalSize(nOrig, nFree uint32) uint32 {
	nEntry := uint32(f.usable / ptrmapEntrySize)
	nPtrmap := (nFree - nOrig + f.ptrmapPageno(nOrig) + nEntry) / nEntry
	nFin := nOrig - nFree - nPtrmap
	lb := lockBytePage(f.pageSize)
	if nOrig > lb && nFin < lb {
		nFin--
	}
	for f.isPtrmapPage(nFin) || nFin == lb {
		nFin--
	}
	return nFin
}

// vacuum takes up to limit pages (all when limit is 0) off the freelist by
// shrinking the file: from the end, a free page is dropped, a page in use
// moves into a free page below the final size. The remaining free pages
// form a new freelist. It returns how many pages left the freelist.
func (f *File) vacuum(limit uint32) (uint32, error) {
	nOrig := f.p.PageCount()
	if nOrig < 2 {
		return 0, nil
	}
	free, err := f.freeList()
	if err != nil {
		return 0, err
	}
	nFree := uint32(len(free))
	if nFree == 0 {
		return 0, nil
	}
	lb := lockBytePage(f.pageSize)
	if f.isPtrmapPage(nOrig) || nOrig == lb {
		return 0, corruptf(nOrig, "last page of the file is a pointer-map or lock-byte page")
	}
	nFin := f.finalSize(nOrig, nFree)
	if nFin > nOrig || nFin < 1 {
		return 0, corruptf(1, "%d free pages of %d do not vacuum", nFree, nOrig)
	}
	if limit == 0 || limit > nFree {
		limit = nFree
	}
	f.saveAllCursors()
	isFree := make(map[uint32]bool, nFree)
	for _, p := range free {
		if isFree[p] {
			return 0, corruptf(p, "page on the freelist twice")
		}
		if f.isPtrmapPage(p) || p == lb {
			return 0, corruptf(p, "pointer-map or lock-byte page on the freelist")
		}
		isFree[p] = true
	}
	// Destinations: free pages that stay, lowest first.
	dests := make([]uint32, 0, nFree)
	for _, p := range free {
		if p <= nFin {
			dests = append(dests, p)
		}
	}
	slices.Sort(dests)
	last := nOrig
	removed := uint32(0)
	for removed < limit {
		if last <= 2 {
			return 0, corruptf(1, "vacuum ran past the start of the file")
		}
		if f.isPtrmapPage(last) || last == lb {
			last--
			continue
		}
		if isFree[last] {
			delete(isFree, last)
		} else {
			typ, parent, err := f.ptrmapGet(last)
			if err != nil {
				return 0, err
			}
			if typ == ptrmapRoot || typ == ptrmapFree {
				return 0, corruptf(last, "page of pointer-map type %d past the final size %d", typ, nFin)
			}
			for len(dests) > 0 && !isFree[dests[0]] {
				dests = dests[1:]
			}
			if len(dests) == 0 || dests[0] >= last {
				return 0, corruptf(last, "no free page to move page %d into", last)
			}
			to := dests[0]
			dests = dests[1:]
			delete(isFree, to)
			if err := f.relocate(last, to, typ, parent); err != nil {
				return 0, err
			}
		}
		removed++
		last--
	}
	for last > 1 && (f.isPtrmapPage(last) || last == lb) {
		last--
	}
	rest := make([]uint32, 0, len(isFree))
	for p := range isFree {
		if p > last {
			return 0, corruptf(p, "free page past the truncated end %d", last)
		}
		rest = append(rest, p)
	}
	slices.Sort(rest)
	if err := f.p.Truncate(last); err != nil {
		return 0, err
	}
	return removed, f.rebuildFreelist(rest)
}

// rebuildFreelist makes pages (ascending) the whole freelist.
func (f *File) rebuildFreelist(pages []uint32) error {
	p1, err := f.p.Get(1)
	if err != nil {
		return err
	}
	if err := f.p.Write(p1); err != nil {
		p1.Release()
		return err
	}
	h := p1.Data()
	put32(h[hdrFreelistTrunk:], 0)
	put32(h[hdrFreelistCount:], 0)
	p1.Release()
	// Highest first, so that allocation (last leaf of the first trunk)
	// hands out low pages first.
	for i := len(pages) - 1; i >= 0; i-- {
		if err := f.freePage(pages[i]); err != nil {
			return err
		}
	}
	return nil
}

// autoVacuumCommit is the hook of Commit: a FULL auto-vacuum file leaves
// every transaction without free pages (B13).
func (f *File) autoVacuumCommit() error {
	if !f.p.InWrite() || f.p.PageCount() == 0 {
		return nil
	}
	f.refreshAV()
	if !f.av || f.incr {
		return nil
	}
	_, err := f.vacuum(0)
	return err
}

// IncrementalVacuum takes up to n pages (all when n <= 0) off the freelist
// and shrinks the file by as many (and the ptrmap pages past the new end),
// as PRAGMA incremental_vacuum(N). It needs a write transaction and does
// nothing in a file without auto-vacuum. It returns the pages freed.
func (f *File) IncrementalVacuum(n int) (int, error) {
	if !f.p.InWrite() {
		return 0, misusef("incremental vacuum outside a write transaction")
	}
	f.refreshAV()
	if !f.av {
		return 0, nil
	}
	limit := uint32(0)
	if n > 0 {
		limit = uint32(min(n, 1<<31))
	}
	got, err := f.vacuum(limit)
	return int(got), err
}
