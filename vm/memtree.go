package vm

import (
	"slices"
	"sort"
	"sync"
)

// memTree is an in-memory index of rows of Values: the ephemeral tables of
// sorting, DISTINCT, IN lists and materialised subqueries (M7). Rows are
// ordered by their first keyCols columns (MySQL comparison, NULL first,
// Desc reverses), ties in insertion order.
//
// Inserts append, and the rows are sorted on the first read, so a sort
// costs O(n log n). The rows live in chunks of at most maxChunk rows, so
// an insert out of order into a sorted tree (DISTINCT and IN sets look up
// between inserts) moves at most a chunk, not the whole tree. Past its
// memory budget the tree moves to a scratch b-tree (spill.go).
type memTree struct {
	keyCols int
	desc    []bool
	// chunks hold the rows, each chunk in an array of its own (M15): in
	// key order when sorted, else the rows appended since in any order.
	chunks  [][][]Value
	n       int
	sorted  bool
	ci, i   int  // position: chunk, row in chunk; ci outside chunks is off the tree
	deleted bool // the entry at the position was deleted: Next stays
	// probed is set by a read and cleared by an insert: a small tree
	// probed between inserts (DISTINCT, IN sets) inserts in place rather
	// than going unsorted and sorting again on every probe.
	probed bool

	// Row storage (slab.go): rows are carved from pooled slabs of
	// Values, the last one current, so an insert does not allocate.
	// held counts the Values carved, dead those of deleted rows; compact
	// reclaims them.
	slabs      []*slab
	held, dead int

	// Spilling (spill.go): bytes estimates the rows' memory; temp, when
	// set, receives the rows once bytes passes budget.
	bytes  int64
	budget int64
	temp   TempFiles
	disk   *diskTree
}

// maxChunk is the largest chunk of a sorted tree; a full chunk splits in
// two.
const maxChunk = 512

func newMemTree(keyCols int, desc []bool) *memTree {
	return &memTree{keyCols: keyCols, desc: desc, sorted: true, ci: -1}
}

// compareValuesOrder orders two values for sorting and grouping: NULL
// first, then MySQL's comparison.
func compareValuesOrder(a, b Value) int { return compareOrder(&a, &b) }

func (t *memTree) nkey(row []Value) int {
	n := t.keyCols
	if n == 0 || n > len(row) {
		n = len(row)
	}
	return n
}

// sortEnt is a row and its position before the sort, which breaks ties.
type sortEnt struct {
	row []Value
	seq int
}

// sortScratch pools ensureSorted's arrays of sortEnt (*[]sortEnt), which
// sorts of up to maxPooledSort rows reuse.
var sortScratch sync.Pool

const maxPooledSort = 1 << 16

func (t *memTree) ensureSorted() {
	if t.n > 0 {
		t.probed = true
	}
	if t.sorted {
		return
	}
	// pdqsort with the position breaking ties: stable (rows tied with
	// earlier ones were inserted after them, see insert), and O(n log n)
	// where sort.SliceStable's in-place merge is O(n log^2 n).
	scratch, _ := sortScratch.Get().(*[]sortEnt)
	if scratch == nil {
		scratch = new([]sortEnt)
	}
	if cap(*scratch) < t.n {
		*scratch = make([]sortEnt, 0, t.n)
	}
	ents := (*scratch)[:0]
	for _, c := range t.chunks {
		for _, r := range c {
			ents = append(ents, sortEnt{r, len(ents)})
		}
	}
	nk, desc := t.keyCols, t.desc
	slices.SortFunc(ents, func(a, b sortEnt) int {
		n := nk
		if n == 0 || n > len(a.row) {
			n = len(a.row)
		}
		if c := compareRows(a.row, b.row, n, desc); c != 0 {
			return c
		}
		return a.seq - b.seq
	})
	// The sorted rows go back into the chunks as they are: chunks may
	// hold any number of rows up to maxChunk.
	k := 0
	for _, c := range t.chunks {
		for i := range c {
			c[i] = ents[k].row
			k++
		}
	}
	clear(ents) // the pooled scratch keeps no rows alive
	if cap(ents) <= maxPooledSort {
		*scratch = ents[:0]
		sortScratch.Put(scratch)
	}
	t.sorted = true
}

func (t *memTree) valid() bool {
	return t.ci >= 0 && t.ci < len(t.chunks) && t.i >= 0 && t.i < len(t.chunks[t.ci])
}

func (t *memTree) cur() []Value { return t.chunks[t.ci][t.i] }

// settle moves a position past the end of its chunk to the next chunk.
func (t *memTree) settle() {
	for t.ci >= 0 && t.ci < len(t.chunks) && t.i >= len(t.chunks[t.ci]) {
		t.ci, t.i = t.ci+1, 0
	}
	if t.ci >= len(t.chunks) {
		t.ci, t.i = len(t.chunks), 0
	}
}

func (t *memTree) First() (bool, error) {
	if t.disk != nil {
		return t.disk.First()
	}
	t.ensureSorted()
	t.ci, t.i, t.deleted = 0, 0, false
	t.settle()
	return t.valid(), nil
}

func (t *memTree) Last() (bool, error) {
	if t.disk != nil {
		return t.disk.Last()
	}
	t.ensureSorted()
	t.deleted = false
	t.ci = len(t.chunks) - 1
	t.i = 0
	if t.ci >= 0 {
		t.i = len(t.chunks[t.ci]) - 1
	}
	return t.valid(), nil
}

func (t *memTree) Next() (bool, error) {
	if t.disk != nil {
		return t.disk.Next()
	}
	if t.ci < 0 {
		return false, nil
	}
	if !t.deleted {
		t.i++
	}
	t.deleted = false
	t.settle()
	return t.valid(), nil
}

func (t *memTree) Prev() (bool, error) {
	if t.disk != nil {
		return t.disk.Prev()
	}
	t.deleted = false
	if t.ci >= len(t.chunks) {
		t.ci = len(t.chunks) - 1
		if t.ci >= 0 {
			t.i = len(t.chunks[t.ci])
		}
	}
	if t.ci < 0 {
		return false, nil
	}
	t.i--
	for t.i < 0 {
		t.ci--
		if t.ci < 0 {
			t.i = 0
			return false, nil
		}
		t.i = len(t.chunks[t.ci]) - 1
	}
	return t.valid(), nil
}

func (t *memTree) SeekRowid(int64) (bool, error) {
	return false, execErrorf(ErrMisuse, "SeekRowid on an ephemeral index")
}

// search moves to the first row whose prefix compares >= key (or > key
// when strict); off the end when there is none.
func (t *memTree) search(key []Value, strict bool) {
	t.ensureSorted()
	lo, hi := 0, len(t.chunks)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		c := t.chunks[m]
		if t.after(c[len(c)-1], key, strict) {
			hi = m
		} else {
			lo = m + 1
		}
	}
	t.ci, t.i = lo, 0
	if lo == len(t.chunks) {
		return
	}
	c := t.chunks[lo]
	lo, hi = 0, len(c)-1 // the last row is after key
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if t.after(c[m], key, strict) {
			hi = m
		} else {
			lo = m + 1
		}
	}
	t.i = lo
}

// after reports whether row's prefix compares > key, or >= key when
// !strict.
func (t *memTree) after(row, key []Value, strict bool) bool {
	c := compareRows(row, key, len(key), t.desc)
	if strict {
		return c > 0
	}
	return c >= 0
}

func (t *memTree) Seek(op SeekOp, key []Value) (bool, error) {
	if t.disk != nil {
		return t.disk.Seek(op, key)
	}
	t.deleted = false
	switch op {
	case SeekGE:
		t.search(key, false)
	case SeekGT:
		t.search(key, true)
	case SeekLE:
		t.search(key, true)
		return t.Prev()
	case SeekLT:
		t.search(key, false)
		return t.Prev()
	}
	return t.valid(), nil
}

func (t *memTree) CompareKey(key []Value) (int, error) {
	if t.disk != nil {
		return t.disk.CompareKey(key)
	}
	if !t.valid() {
		return 0, execErrorf(ErrMisuse, "CompareKey on an invalid cursor")
	}
	return compareRows(t.cur(), key, len(key), t.desc), nil
}

func (t *memTree) Rowid() (int64, error) {
	if t.disk != nil {
		return t.disk.Rowid()
	}
	if !t.valid() {
		return 0, execErrorf(ErrMisuse, "Rowid on an invalid cursor")
	}
	r := t.cur()
	return r[len(r)-1].AsInt(), nil
}

func (t *memTree) Column(i int) (Value, error) {
	if t.disk != nil {
		return t.disk.Column(i)
	}
	if !t.valid() {
		return Value{}, execErrorf(ErrMisuse, "Column on an invalid cursor")
	}
	r := t.cur()
	if i >= len(r) {
		return Value{}, nil
	}
	return r[i], nil
}

func (t *memTree) Insert(int64, []Value) error {
	return execErrorf(ErrMisuse, "Insert on an ephemeral index")
}

func (t *memTree) InsertKey(key []Value) error {
	if t.disk != nil {
		return t.disk.InsertKey(key)
	}
	row := t.alloc(len(key))
	copy(row, key)
	t.bytes += rowBytes(row)
	t.insert(row)
	if t.temp != nil && t.bytes > t.budget {
		return t.spill()
	}
	return nil
}

// alloc returns room for a row of n Values, carved from the current slab.
// Rows never share Values, and nothing hands out a slice of a row (Column
// returns copies), so the slabs can be pooled when the tree lets go of
// them (releaseSlabs).
func (t *memTree) alloc(n int) []Value {
	var cur *slab
	if len(t.slabs) > 0 {
		cur = t.slabs[len(t.slabs)-1]
	}
	if cur == nil || cap(cur.v)-len(cur.v) < n {
		last := 0
		if cur != nil {
			last = cap(cur.v)
		}
		cur = getSlab(nextSlabSize(last, n))
		t.slabs = append(t.slabs, cur)
	}
	k := len(cur.v)
	cur.v = cur.v[:k+n]
	t.held += n
	return cur.v[k : k+n : k+n]
}

// releaseSlabs pools the tree's slabs; no row may be reachable from the
// tree (chunks) any more.
func (t *memTree) releaseSlabs() {
	for _, s := range t.slabs {
		putSlab(s)
	}
	clear(t.slabs)
	t.slabs, t.held, t.dead = t.slabs[:0], 0, 0
}

func (t *memTree) insert(row []Value) {
	t.n++
	probed := t.probed
	t.probed = false
	if len(t.chunks) == 0 {
		t.chunks = append(t.chunks, append(newChunk(), row))
		if t.ci >= 0 {
			t.ci = 1 // was off the end of an empty tree; stays off the end
		}
		return
	}
	last := t.chunks[len(t.chunks)-1]
	nk := t.nkey(row)
	if !t.sorted || compareRows(last[len(last)-1], row, nk, t.desc) <= 0 {
		t.appendRow(row)
		return
	}
	if t.n <= 64 && !probed {
		// A small tree filled without reads between (ORDER BY) just
		// sorts again on the next read.
		t.appendRow(row)
		t.sorted = false
		return
	}
	// Out of order into a sorted tree: after the rows it ties with. A
	// probe for the same key (DISTINCT's Found before IdxInsert) left the
	// position there: check that before searching.
	ci, j, ok := t.ci, t.i, false
	if t.valid() && compareRows(t.chunks[ci][j], row, nk, t.desc) > 0 {
		switch {
		case j > 0:
			ok = compareRows(t.chunks[ci][j-1], row, nk, t.desc) <= 0
		case ci > 0:
			p := t.chunks[ci-1]
			ok = compareRows(p[len(p)-1], row, nk, t.desc) <= 0
		default:
			ok = true
		}
	}
	if !ok {
		ci = sort.Search(len(t.chunks), func(k int) bool {
			c := t.chunks[k]
			return compareRows(c[len(c)-1], row, nk, t.desc) > 0
		})
		c := t.chunks[ci]
		j = sort.Search(len(c), func(k int) bool { return compareRows(c[k], row, nk, t.desc) > 0 })
	}
	if len(t.chunks[ci]) >= maxChunk {
		// Full: split first, so the row goes into a half with room.
		h := t.split(ci)
		if j > h {
			ci, j = ci+1, j-h
		}
	}
	c := append(withRoom(t.chunks[ci]), nil)
	copy(c[j+1:], c[j:])
	c[j] = row
	t.chunks[ci] = c
	if t.ci == ci && j <= t.i {
		t.i++
	}
}

// appendRow adds row after the last one.
func (t *memTree) appendRow(row []Value) {
	k := len(t.chunks) - 1
	if len(t.chunks[k]) >= maxChunk {
		t.chunks = append(t.chunks, newChunk())
		if t.ci > k {
			t.ci++ // off the end stays off the end
		}
		k++
	}
	t.chunks[k] = append(withRoom(t.chunks[k]), row)
}

// withRoom returns c with room for one more row: a chunk array grows by
// doubling up to maxChunk exactly (append's size classes would overshoot),
// so that full chunks can be pooled.
func withRoom(c [][]Value) [][]Value {
	if len(c) < cap(c) || cap(c) >= maxChunk {
		return c
	}
	nc := make([][]Value, len(c), min(max(2*cap(c), 8), maxChunk))
	copy(nc, c)
	return nc
}

// split halves chunk ci, keeping the position on its row, and returns the
// number of rows left in ci.
func (t *memTree) split(ci int) int {
	c := t.chunks[ci]
	h := len(c) / 2
	right := append(newChunk(), c[h:]...)
	clear(c[h:]) // no chunk array holds rows past its length
	t.chunks[ci] = c[:h]
	t.chunks = append(t.chunks, nil)
	copy(t.chunks[ci+2:], t.chunks[ci+1:])
	t.chunks[ci+1] = right
	switch {
	case t.ci == ci && t.i >= h:
		t.ci, t.i = ci+1, t.i-h
	case t.ci > ci:
		t.ci++
	}
	return h
}

// Chunk arrays of maxChunk rows are pooled: no two chunks share an array,
// and nothing outside the tree holds one, so Close, a spill and a chunk
// emptied by Delete give them back (putChunk). Their slots past the
// chunk's length are always nil.
var chunkPool sync.Pool // of *[][]Value

// newChunk returns an empty chunk: a pooled array, else a small one that
// grows to maxChunk.
func newChunk() [][]Value {
	if p, _ := chunkPool.Get().(*[][]Value); p != nil {
		return *p
	}
	return make([][]Value, 0, 8)
}

// putChunk pools c's array if it is a full-size one.
func putChunk(c [][]Value) {
	if cap(c) != maxChunk {
		return
	}
	clear(c)
	c = c[:0]
	chunkPool.Put(&c)
}

// releaseChunks drops the tree's rows, pooling the chunk arrays.
func (t *memTree) releaseChunks() {
	for _, c := range t.chunks {
		putChunk(c)
	}
	t.chunks, t.n = nil, 0
}

func (t *memTree) Delete() error {
	if t.disk != nil {
		return t.disk.Delete()
	}
	if !t.valid() {
		return execErrorf(ErrMisuse, "Delete on an invalid cursor")
	}
	c := t.chunks[t.ci]
	t.bytes -= rowBytes(c[t.i])
	t.dead += len(c[t.i])
	t.chunks[t.ci] = append(c[:t.i], c[t.i+1:]...)
	c[len(c)-1] = nil // the moved-down tail's old last slot
	t.n--
	if len(t.chunks[t.ci]) == 0 {
		putChunk(t.chunks[t.ci])
		t.chunks = append(t.chunks[:t.ci], t.chunks[t.ci+1:]...)
		t.chunks[len(t.chunks):cap(t.chunks)][0] = nil // the outer array's vacated slot
		t.i = 0
	}
	t.settle()
	t.deleted = true
	if t.dead > maxSlab && t.dead > t.held-t.dead {
		t.compact()
	}
	return nil
}

// compact copies the live rows into new slabs, so that a tree used as a
// queue (inserts and deletes, e.g. EXCEPT) holds the memory of its live
// rows, not of every row it ever held. Positions are chunk and row
// indexes, which do not change.
func (t *memTree) compact() {
	old := t.slabs
	t.slabs, t.held, t.dead = nil, 0, 0
	for _, c := range t.chunks {
		for i, r := range c {
			nr := t.alloc(len(r))
			copy(nr, r)
			c[i] = nr
		}
	}
	for _, s := range old {
		putSlab(s)
	}
}

func (t *memTree) LastRowid() (int64, error) { return 0, nil }

func (t *memTree) Count() (int64, error) {
	if t.disk != nil {
		return t.disk.Count()
	}
	return int64(t.n), nil
}

func (t *memTree) Close() error {
	t.releaseChunks()
	t.releaseSlabs()
	if t.disk != nil {
		d := t.disk
		t.disk = nil
		return d.Close()
	}
	return nil
}
