package btree

// The auto-vacuum part of IntegrityCheck: every page's pointer-map entry
// says what points at it (B12), as sqlite3's integrity_check verifies.

// ptrmapEntry is an expected pointer-map entry; typ 0 means none expected.
type ptrmapEntry struct {
	typ    byte
	parent uint32
}

// expect records what the walk found pointing at pgno.
func (ck *checker) expect(pgno uint32, typ byte, parent uint32) {
	if ck.want != nil && int(pgno) < len(ck.want) && ck.want[pgno].typ == 0 {
		ck.want[pgno] = ptrmapEntry{typ, parent}
	}
}

// ptrmaps compares the pointer-map pages with what the walk found, marks
// them used and checks the largest root in the header (offset 52).
func (ck *checker) ptrmaps(roots []uint32) {
	f := ck.f
	if ck.want == nil {
		p1, err := f.p.Get(1)
		if err != nil {
			return
		}
		incr := get32(p1.Data()[hdrIncrVacuum:])
		p1.Release()
		if incr != 0 {
			ck.addf("incremental_vacuum enabled with a max rootpage of zero")
		}
		return
	}
	largest, err := f.largestRoot()
	if err != nil {
		ck.addf("page 1: %v", err)
		return
	}
	mx := uint32(0)
	for _, r := range roots {
		mx = max(mx, r)
	}
	if mx != largest {
		ck.addf("max rootpage (%d) disagrees with header (%d)", mx, largest)
	}
	n := uint32(len(ck.used) - 1)
	lb := lockBytePage(f.pageSize)
	for p := uint32(2); p <= n && !ck.full(); p++ {
		if f.isPtrmapPage(p) {
			if ck.used[p] {
				ck.addf("page %d: pointer map referenced", p)
			}
			ck.used[p] = true
			continue
		}
		w := ck.want[p]
		if w.typ == 0 || p == lb {
			continue // never used: reported by the caller
		}
		typ, parent, err := f.ptrmapGet(p)
		if err != nil {
			ck.addf("page %d: %v", p, err)
			continue
		}
		if typ != w.typ || parent != w.parent {
			ck.addf("page %d: bad pointer-map entry: expected (%d,%d) got (%d,%d)", p, w.typ, w.parent, typ, parent)
		}
	}
}
