package btree

import (
	"github.com/walrusdb/walrus/pager"
)

// maxTrunkLeaves is how many leaf numbers walrus stores on a trunk page:
// SQLite leaves the last 6 slots unused for compatibility with old readers.
func (f *File) maxTrunkLeaves() int { return f.usable/4 - 2 - trunkReserved }

// allocatePage returns a writable page for new content, reused from the
// freelist when it has one (B7). The caller initialises the content.
func (f *File) allocatePage() (*pager.Page, error) {
	p1, err := f.p.Get(1)
	if err != nil {
		return nil, err
	}
	defer p1.Release()
	h := p1.Data()
	trunk := get32(h[hdrFreelistTrunk:])
	if trunk == 0 {
		pgno := f.p.PageCount() + 1
		if pgno == lockBytePage(f.pageSize) {
			pgno++
		}
		if pgno, err = f.skipPtrmapPage(pgno); err != nil { // autovacuum.go
			return nil, err
		}
		pg, err := f.p.Get(pgno)
		if err != nil {
			return nil, err
		}
		if err := f.p.Write(pg); err != nil {
			pg.Release()
			return nil, err
		}
		return pg, nil
	}
	if trunk > f.p.PageCount() {
		return nil, corruptf(1, "freelist trunk %d past the end of the database", trunk)
	}
	count := get32(h[hdrFreelistCount:])
	if count == 0 {
		return nil, corruptf(1, "freelist trunk %d but freelist count 0", trunk)
	}
	if err := f.p.Write(p1); err != nil {
		return nil, err
	}
	h = p1.Data()
	tp, err := f.p.Get(trunk)
	if err != nil {
		return nil, err
	}
	if err := f.p.Write(tp); err != nil {
		tp.Release()
		return nil, err
	}
	t := tp.Data()
	nLeaf := int(get32(t[trunkCount:]))
	if nLeaf > f.usable/4-2 {
		tp.Release()
		return nil, corruptf(trunk, "freelist trunk holds %d leaves", nLeaf)
	}
	put32(h[hdrFreelistCount:], count-1)
	if nLeaf == 0 {
		// The trunk itself is reused; its successor becomes the first trunk.
		put32(h[hdrFreelistTrunk:], get32(t[trunkNext:]))
		return tp, nil
	}
	leaf := get32(t[trunkLeaves+4*(nLeaf-1):])
	put32(t[trunkCount:], uint32(nLeaf-1))
	tp.Release()
	if leaf < 2 || leaf > f.p.PageCount() || leaf == trunk {
		return nil, corruptf(trunk, "freelist leaf %d out of range", leaf)
	}
	pg, err := f.p.Get(leaf)
	if err != nil {
		return nil, err
	}
	if err := f.p.Write(pg); err != nil {
		pg.Release()
		return nil, err
	}
	return pg, nil
}

// freePage puts pgno on the freelist: as a leaf of the first trunk when it
// has room, else as a new first trunk (B7). Leaf pages are not written.
func (f *File) freePage(pgno uint32) error {
	if pgno < 2 || pgno > f.p.PageCount() {
		return corruptf(pgno, "freeing page out of range")
	}
	if err := f.ptrmapPut(pgno, ptrmapFree, 0); err != nil {
		return err
	}
	p1, err := f.p.Get(1)
	if err != nil {
		return err
	}
	defer p1.Release()
	if err := f.p.Write(p1); err != nil {
		return err
	}
	h := p1.Data()
	put32(h[hdrFreelistCount:], get32(h[hdrFreelistCount:])+1)
	trunk := get32(h[hdrFreelistTrunk:])
	if trunk != 0 {
		if trunk > f.p.PageCount() {
			return corruptf(1, "freelist trunk %d past the end of the database", trunk)
		}
		tp, err := f.p.Get(trunk)
		if err != nil {
			return err
		}
		defer tp.Release()
		t := tp.Data()
		nLeaf := int(get32(t[trunkCount:]))
		if nLeaf > f.usable/4-2 {
			return corruptf(trunk, "freelist trunk holds %d leaves", nLeaf)
		}
		if nLeaf < f.maxTrunkLeaves() {
			if err := f.p.Write(tp); err != nil {
				return err
			}
			t = tp.Data()
			put32(t[trunkLeaves+4*nLeaf:], pgno)
			put32(t[trunkCount:], uint32(nLeaf+1))
			return nil
		}
	}
	pg, err := f.p.Get(pgno)
	if err != nil {
		return err
	}
	defer pg.Release()
	if err := f.p.Write(pg); err != nil {
		return err
	}
	d := pg.Data()
	put32(d[trunkNext:], trunk)
	put32(d[trunkCount:], 0)
	put32(h[hdrFreelistTrunk:], pgno)
	return nil
}

// overflowPages returns how many overflow pages a cell's payload needs.
func (f *File) overflowPages(ci *cellInfo) int64 {
	rest := ci.nPayload - int64(ci.nLocal)
	if rest <= 0 {
		return 0
	}
	per := int64(f.usable - 4)
	return (rest + per - 1) / per
}

// freeOverflow frees the overflow chain of cell ci found on page owner.
func (f *File) freeOverflow(owner uint32, ci *cellInfo) error {
	n := f.overflowPages(ci)
	if n > int64(f.p.PageCount()) {
		return corruptf(owner, "payload of %d bytes needs more pages than the file has", ci.nPayload)
	}
	next := ci.ovfl
	for i := int64(0); i < n; i++ {
		if next < 2 || next > f.p.PageCount() {
			return corruptf(owner, "overflow page %d out of range", next)
		}
		pg, err := f.p.Get(next)
		if err != nil {
			return err
		}
		nn := get32(pg.Data()[0:])
		pg.Release()
		if err := f.freePage(next); err != nil {
			return err
		}
		next = nn
	}
	return nil
}

// writeOverflow stores rest in a new overflow chain and returns its first
// page.
func (f *File) writeOverflow(rest []byte) (uint32, error) {
	per := f.usable - 4
	var first uint32
	var prev *pager.Page
	for len(rest) > 0 {
		pg, err := f.allocatePage()
		if err != nil {
			if prev != nil {
				prev.Release()
			}
			return 0, err
		}
		if prev == nil {
			first = pg.Pgno()
		} else {
			put32(prev.Data()[0:], pg.Pgno())
			err := f.ptrmapPut(pg.Pgno(), ptrmapOverflow2, prev.Pgno())
			prev.Release()
			if err != nil {
				pg.Release()
				return 0, err
			}
		}
		d := pg.Data()
		k := min(per, len(rest))
		put32(d[0:], 0)
		copy(d[4:], rest[:k])
		clear(d[4+k:])
		rest = rest[k:]
		prev = pg
	}
	if prev != nil {
		prev.Release()
	}
	return first, nil
}

// readPayload returns the payload of cell ci on n: a slice of the page when
// it is all local, else assembled from the overflow chain into *buf.
func (f *File) readPayload(n *node, ci *cellInfo, buf *[]byte) ([]byte, error) {
	local := n.data[ci.payload : ci.payload+ci.nLocal]
	if ci.ovfl == 0 {
		return local, nil
	}
	if f.overflowPages(ci) > int64(f.p.PageCount()) {
		return nil, corruptf(n.pgno, "payload of %d bytes needs more pages than the file has", ci.nPayload)
	}
	b := append((*buf)[:0], local...)
	rest := ci.nPayload - int64(ci.nLocal)
	next := ci.ovfl
	per := int64(f.usable - 4)
	for rest > 0 {
		if next < 2 || next > f.p.PageCount() {
			return nil, corruptf(n.pgno, "overflow page %d out of range", next)
		}
		pg, err := f.p.Get(next)
		if err != nil {
			return nil, err
		}
		d := pg.Data()
		k := min(rest, per)
		b = append(b, d[4:4+k]...)
		next = get32(d[0:])
		pg.Release()
		rest -= k
	}
	*buf = b
	return b, nil
}
