package btree

import (
	"errors"
	"fmt"
	"slices"
)

// IntegrityCheck verifies the trees rooted at roots (page 1 is always
// included), the freelist and the page accounting, as PRAGMA
// integrity_check does. It returns at most maxErrors problems (<= 0: 100);
// an empty list means the file is sound. Rowid order is always checked;
// index key order needs each index's KeyInfo (DESC columns), so it is only
// checked by IntegrityCheckKeys. The error is for failures that stop the
// check (I/O), not for corruption, which is reported as problems.
func (f *File) IntegrityCheck(roots []uint32, maxErrors int) ([]string, error) {
	return f.IntegrityCheckKeys(roots, nil, maxErrors)
}

// IntegrityCheckKeys is IntegrityCheck that also checks the key order of
// the index trees whose root is in keys (nil KeyInfo: all ascending).
func (f *File) IntegrityCheckKeys(roots []uint32, keys map[uint32]*KeyInfo, maxErrors int) ([]string, error) {
	if maxErrors <= 0 {
		maxErrors = 100
	}
	ck := &checker{f: f, max: maxErrors, keys: keys}
	n := f.p.PageCount()
	if n == 0 {
		return nil, nil
	}
	ck.used = make([]bool, n+1)
	if f.av {
		ck.want = make([]ptrmapEntry, n+1) // autovacuum_check.go
	}
	if lb := lockBytePage(f.pageSize); lb <= n {
		ck.used[lb] = true
	}
	if err := ck.freelist(); err != nil {
		return ck.problems, err
	}
	rs := append([]uint32{1}, roots...)
	slices.Sort(rs)
	rs = slices.Compact(rs)
	for _, r := range rs {
		if ck.full() {
			break
		}
		if r < 1 || r > n {
			ck.addf("root page %d out of range (database has %d pages)", r, n)
			continue
		}
		if err := ck.tree(r); err != nil {
			return ck.problems, err
		}
	}
	ck.ptrmaps(rs)
	for p := uint32(1); p <= n && !ck.full(); p++ {
		if !ck.used[p] {
			ck.addf("page %d: never used", p)
		}
	}
	return ck.problems, nil
}

type checker struct {
	f        *File
	max      int
	problems []string
	used     []bool
	keys     map[uint32]*KeyInfo
	ki       *KeyInfo
	keyOrder bool   // check index key order with ki
	cover    []byte // per-byte owner map of the page being checked
	bufA     []byte
	bufB     []byte
	want     []ptrmapEntry // expected pointer-map entries (auto-vacuum files)
}

func (ck *checker) full() bool { return len(ck.problems) >= ck.max }

func (ck *checker) addf(format string, args ...any) {
	if !ck.full() {
		ck.problems = append(ck.problems, fmt.Sprintf(format, args...))
	}
}

// mark records that pgno is used by what; it reports false when the page is
// out of range or already used.
func (ck *checker) mark(pgno uint32, what string) bool {
	if pgno < 1 || int(pgno) >= len(ck.used) {
		ck.addf("%s: page %d out of range (database has %d pages)", what, pgno, len(ck.used)-1)
		return false
	}
	if ck.used[pgno] {
		ck.addf("%s: page %d used twice", what, pgno)
		return false
	}
	ck.used[pgno] = true
	return true
}

// freelist walks the trunk chain.
func (ck *checker) freelist() error {
	f := ck.f
	p1, err := f.p.Get(1)
	if err != nil {
		return err
	}
	h := p1.Data()
	trunk := get32(h[hdrFreelistTrunk:])
	want := get32(h[hdrFreelistCount:])
	p1.Release()
	got := uint32(0)
	for trunk != 0 && !ck.full() {
		if !ck.mark(trunk, "freelist trunk") {
			break
		}
		ck.expect(trunk, ptrmapFree, 0)
		got++
		pg, err := f.p.Get(trunk)
		if err != nil {
			return err
		}
		d := pg.Data()
		nLeaf := get32(d[trunkCount:])
		next := get32(d[trunkNext:])
		if nLeaf > uint32(f.usable/4-2) {
			ck.addf("freelist trunk %d: %d leaves", trunk, nLeaf)
			pg.Release()
			break
		}
		for i := uint32(0); i < nLeaf; i++ {
			if leaf := get32(d[trunkLeaves+4*i:]); ck.mark(leaf, fmt.Sprintf("freelist trunk %d leaf %d", trunk, i)) {
				ck.expect(leaf, ptrmapFree, 0)
				got++
			}
		}
		pg.Release()
		trunk = next
	}
	if got != want {
		ck.addf("freelist: header says %d pages, found %d", want, got)
	}
	return nil
}

// bound is a key limit for a subtree: rowid or record, or none.
type bound struct {
	set   bool
	rowid int64
	rec   []byte
}

func (ck *checker) tree(root uint32) error {
	var n node
	if !ck.mark(root, fmt.Sprintf("tree %d", root)) {
		return nil
	}
	ck.used[root] = false // page() marks it again
	if root > 1 {
		ck.expect(root, ptrmapRoot, 0)
	}
	err := ck.f.getNode(root, &n)
	if err != nil {
		if errors.Is(err, ErrCorrupt) {
			ck.used[root] = true
			ck.addf("tree %d: %v", root, err)
			return nil
		}
		return err
	}
	intKey := n.intKey
	n.pg.Release()
	ck.ki, ck.keyOrder = ck.keys[root]
	_, err = ck.page(root, root, intKey, 0, bound{}, bound{})
	return err
}

// page checks one b-tree page and its subtree; keys must be > lo and <= hi
// (tables) or strictly between (indexes). It returns the leaf depth.
func (ck *checker) page(root, pgno uint32, intKey bool, depth int, lo, hi bound) (int, error) {
	f := ck.f
	where := fmt.Sprintf("tree %d page %d", root, pgno)
	if depth > maxDepth {
		ck.addf("%s: tree deeper than %d", where, maxDepth)
		return -1, nil
	}
	if !ck.mark(pgno, where) {
		return -1, nil
	}
	var n node
	if err := f.getNode(pgno, &n); err != nil {
		if errors.Is(err, ErrCorrupt) {
			ck.addf("%s: %v", where, err)
			return -1, nil
		}
		return -1, err
	}
	defer n.pg.Release()
	if n.intKey != intKey {
		ck.addf("%s: page type 0x%02x in a %s tree", where, n.typ, map[bool]string{true: "table", false: "index"}[intKey])
		return -1, nil
	}
	if !ck.layout(&n, where) {
		return -1, nil
	}
	leafDepth := -1
	var ci cellInfo
	prev := lo
	for i := 0; i <= n.nCell && !ck.full(); i++ {
		var cur bound
		if i < n.nCell {
			if err := n.parseCell(i, &ci); err != nil {
				ck.addf("%s cell %d: %v", where, i, err)
				return -1, nil
			}
			if ci.ovfl != 0 {
				ck.expect(ci.ovfl, ptrmapOverflow1, pgno)
				if err := ck.overflow(where, i, &ci); err != nil {
					return -1, err
				}
			}
			cur.set = true
			if intKey {
				cur.rowid = ci.key
			} else {
				rec, err := f.readPayload(&n, &ci, &ck.bufA)
				if err != nil {
					if errors.Is(err, ErrCorrupt) {
						ck.addf("%s cell %d: %v", where, i, err)
						return -1, nil
					}
					return -1, err
				}
				cur.rec = slices.Clone(rec)
				if _, err := DecodeRecord(rec, nil); err != nil {
					ck.addf("%s cell %d: bad record: %v", where, i, err)
				}
			}
			ck.order(where, i, prev, cur, hi, intKey)
		} else {
			cur = hi
		}
		if !n.leaf {
			var child uint32
			if i < n.nCell {
				child = ci.child
			} else {
				child = n.rightChild()
			}
			ck.expect(child, ptrmapBtree, pgno)
			d, err := ck.page(root, child, intKey, depth+1, prev, cur)
			if err != nil {
				return -1, err
			}
			if d >= 0 {
				if leafDepth >= 0 && d != leafDepth {
					ck.addf("%s: child %d has leaves at depth %d, expected %d", where, i, d, leafDepth)
				}
				leafDepth = d
			}
		} else if i < n.nCell {
			leafDepth = depth
		}
		prev = cur
	}
	if n.leaf {
		leafDepth = depth
	}
	return leafDepth, nil
}

// order checks that cur lies after prev and within hi.
func (ck *checker) order(where string, i int, prev, cur, hi bound, intKey bool) {
	if intKey {
		if prev.set && cur.rowid <= prev.rowid {
			ck.addf("%s cell %d: rowid %d out of order (after %d)", where, i, cur.rowid, prev.rowid)
		}
		if hi.set && cur.rowid > hi.rowid {
			ck.addf("%s cell %d: rowid %d above the parent's key %d", where, i, cur.rowid, hi.rowid)
		}
		return
	}
	if !ck.keyOrder {
		return
	}
	if prev.set {
		if c, err := compareRecords(prev.rec, cur.rec, ck.ki); err == nil && c >= 0 {
			ck.addf("%s cell %d: key out of order", where, i)
		}
	}
	if hi.set {
		if c, err := compareRecords(cur.rec, hi.rec, ck.ki); err == nil && c >= 0 {
			ck.addf("%s cell %d: key not below the parent's key", where, i)
		}
	}
}

// overflow walks a cell's overflow chain.
func (ck *checker) overflow(where string, i int, ci *cellInfo) error {
	f := ck.f
	want := f.overflowPages(ci)
	if want > int64(len(ck.used)) {
		ck.addf("%s cell %d: payload of %d bytes needs more pages than the file has", where, i, ci.nPayload)
		return nil
	}
	next := ci.ovfl
	for k := int64(0); k < want; k++ {
		if next == 0 {
			ck.addf("%s cell %d: overflow chain has %d pages, expected %d", where, i, k, want)
			return nil
		}
		if !ck.mark(next, fmt.Sprintf("%s cell %d overflow", where, i)) {
			return nil
		}
		pg, err := f.p.Get(next)
		if err != nil {
			return err
		}
		cur := next
		next = get32(pg.Data())
		pg.Release()
		if next != 0 && k+1 < want {
			ck.expect(next, ptrmapOverflow2, cur)
		}
	}
	if next != 0 {
		ck.addf("%s cell %d: overflow chain longer than %d pages", where, i, want)
	}
	return nil
}

// layout checks that cells and freeblocks tile the content area without
// overlap and that the fragment count is right.
func (ck *checker) layout(n *node, where string) bool {
	u := n.usable
	if cap(ck.cover) < u {
		ck.cover = make([]byte, u)
	}
	cv := ck.cover[:u]
	clear(cv)
	top := n.contentStart()
	ptrEnd := n.cellPtr + 2*n.nCell
	if ptrEnd > top {
		ck.addf("%s: cell pointers end at %d past the content area %d", where, ptrEnd, top)
		return false
	}
	ok := true
	var ci cellInfo
	for i := 0; i < n.nCell; i++ {
		off := get16(n.data[n.cellPtr+2*i:])
		if off < top || off+4 > u {
			ck.addf("%s cell %d: offset %d outside the content area", where, i, off)
			return false
		}
		if err := n.parseCellAt(off, &ci); err != nil {
			ck.addf("%s cell %d: %v", where, i, err)
			return false
		}
		for b := off; b < off+ci.size; b++ {
			if cv[b] != 0 {
				ck.addf("%s cell %d: overlaps another cell or freeblock", where, i)
				return false
			}
			cv[b] = 1
		}
	}
	prevEnd := top
	for fb, steps := get16(n.data[n.hdr+pgFirstFree:]), 0; fb != 0; steps++ {
		if fb < prevEnd || fb+4 > u || steps > u/4 {
			ck.addf("%s: freeblock at %d out of order or range", where, fb)
			return false
		}
		sz := get16(n.data[fb+2:])
		if sz < 4 || fb+sz > u {
			ck.addf("%s: freeblock at %d has size %d", where, fb, sz)
			return false
		}
		for b := fb; b < fb+sz; b++ {
			if cv[b] != 0 {
				ck.addf("%s: freeblock at %d overlaps a cell", where, fb)
				return false
			}
			cv[b] = 2
		}
		prevEnd = fb + sz
		fb = get16(n.data[fb:])
	}
	frag := 0
	for b := top; b < u; b++ {
		if cv[b] == 0 {
			frag++
		}
	}
	if frag != int(n.data[n.hdr+pgFragmented]) {
		ck.addf("%s: fragmentation of %d bytes reported as %d", where, frag, n.data[n.hdr+pgFragmented])
		ok = false
	}
	return ok
}
