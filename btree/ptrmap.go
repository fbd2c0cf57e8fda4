package btree

import "github.com/walrusdb/walrus/pager"

// Pointer-map pages (fileformat2.html, "Pointer Map or Ptrmap Pages"). An
// auto-vacuum file (header offset 52 != 0) records, for every page but page
// 1 and the ptrmap pages themselves, what points at it, so that vacuuming
// can move a page and fix the one pointer to it.
//
// Page 2 is the first ptrmap page; then one every J+1 pages, J = U/5 (the
// page after the lock-byte page when the slot falls on it). A ptrmap page
// at P covers pages P+1 .. P+J. Entry of page X: 5 bytes at 5*(X-P-1):
//
//	off size  field
//	  0    1  type: 1 root page, 2 free page, 3 first overflow page,
//	          4 later overflow page, 5 non-root b-tree page
//	  1    4  parent: 0 (root, free), the b-tree page of the cell (3), the
//	          previous overflow page (4), the parent b-tree page (5)
//
// Part of the file format; do not change.
const (
	ptrmapRoot      = 1
	ptrmapFree      = 2
	ptrmapOverflow1 = 3
	ptrmapOverflow2 = 4
	ptrmapBtree     = 5

	ptrmapEntrySize = 5
)

// ptrmapPageno returns the ptrmap page that holds the entry of pgno (0 for
// page 1), as SQLite's ptrmapPageno.
func (f *File) ptrmapPageno(pgno uint32) uint32 {
	if pgno < 2 {
		return 0
	}
	per := uint32(f.usable/ptrmapEntrySize) + 1
	ret := (pgno-2)/per*per + 2
	if ret == lockBytePage(f.pageSize) {
		ret++
	}
	return ret
}

// isPtrmapPage reports whether pgno is a ptrmap page of an auto-vacuum file.
func (f *File) isPtrmapPage(pgno uint32) bool { return f.ptrmapPageno(pgno) == pgno }

// ptrmapPut records (typ, parent) for pgno when it differs from the stored
// entry. No-op in files without auto-vacuum.
func (f *File) ptrmapPut(pgno uint32, typ byte, parent uint32) error {
	if !f.av {
		return nil
	}
	var w ptrmapWriter
	err := w.put(f, pgno, typ, parent)
	w.release()
	return err
}

// ptrmapWriter keeps the last pointer-map page it wrote referenced, so a
// page's worth of entries costs one page lookup.
type ptrmapWriter struct {
	pg *pager.Page
	mp uint32
}

func (w *ptrmapWriter) release() {
	if w.pg != nil {
		w.pg.Release()
		w.pg = nil
	}
}

func (w *ptrmapWriter) put(f *File, pgno uint32, typ byte, parent uint32) error {
	mp := f.ptrmapPageno(pgno)
	off := ptrmapEntrySize * int(int64(pgno)-int64(mp)-1)
	if mp == 0 || off < 0 || off+ptrmapEntrySize > f.usable {
		return corruptf(pgno, "no pointer-map entry for page %d", pgno)
	}
	if mp > f.p.PageCount() {
		return corruptf(mp, "pointer-map page past the end of the database (%d pages)", f.p.PageCount())
	}
	if w.pg == nil || w.mp != mp {
		w.release()
		pg, err := f.p.Get(mp)
		if err != nil {
			return err
		}
		w.pg, w.mp = pg, mp
	}
	d := w.pg.Data()
	if d[off] == typ && get32(d[off+1:]) == parent {
		return nil
	}
	if err := f.p.Write(w.pg); err != nil {
		return err
	}
	d = w.pg.Data()
	d[off] = typ
	put32(d[off+1:], parent)
	return nil
}

// ptrmapGet reads the entry of pgno. A type outside 1..5 is corrupt.
func (f *File) ptrmapGet(pgno uint32) (typ byte, parent uint32, err error) {
	mp := f.ptrmapPageno(pgno)
	off := ptrmapEntrySize * int(int64(pgno)-int64(mp)-1)
	if mp == 0 || off < 0 || off+ptrmapEntrySize > f.usable || mp > f.p.PageCount() {
		return 0, 0, corruptf(pgno, "no pointer-map entry for page %d", pgno)
	}
	pg, err := f.p.Get(mp)
	if err != nil {
		return 0, 0, err
	}
	d := pg.Data()
	typ, parent = d[off], get32(d[off+1:])
	pg.Release()
	if typ < ptrmapRoot || typ > ptrmapBtree {
		return 0, 0, corruptf(mp, "pointer-map entry of page %d has type %d", pgno, typ)
	}
	return typ, parent, nil
}

// ptrmapCellAt records the parent of the overflow chain and (interior
// pages) the child of the cell at offset off of n.
func (f *File) ptrmapCellAt(w *ptrmapWriter, n *node, off int) error {
	if n.leaf || !n.intKey {
		// Only a payload larger than X spills: read its size first.
		p := off
		if !n.leaf {
			p += 4
		}
		v, k := getVarint(n.data[p:n.usable])
		if k == 0 || v > uint64(n.maxL) {
			var ci cellInfo
			if err := n.parseCellAt(off, &ci); err != nil {
				return err
			}
			if ci.ovfl != 0 {
				if err := w.put(f, ci.ovfl, ptrmapOverflow1, n.pgno); err != nil {
					return err
				}
			}
		}
	}
	if !n.leaf {
		return w.put(f, get32(n.data[off:]), ptrmapBtree, n.pgno)
	}
	return nil
}

// ptrmapNode records n as the parent of all its children and overflow
// chains (SQLite's setChildPtrmaps). Called after a page's cells were
// rewritten: every cell that moved to n changes its pointers' parent.
func (f *File) ptrmapNode(n *node) error {
	if !f.av {
		return nil
	}
	var w ptrmapWriter
	defer w.release()
	for i := 0; i < n.nCell; i++ {
		off, err := n.cellOff(i)
		if err != nil {
			return err
		}
		if err := f.ptrmapCellAt(&w, n, off); err != nil {
			return err
		}
	}
	if !n.leaf {
		return w.put(f, n.rightChild(), ptrmapBtree, n.pgno)
	}
	return nil
}

// ptrmapInserted is the hook of insertCell: cell i of n was just placed.
func (f *File) ptrmapInserted(n *node, i int) error {
	off, err := n.cellOff(i)
	if err != nil {
		return err
	}
	var w ptrmapWriter
	defer w.release()
	return f.ptrmapCellAt(&w, n, off)
}
