package vm

import (
	"slices"
	"sort"
)

// memTree is an in-memory index of rows of Values: the ephemeral tables of
// sorting, DISTINCT, IN lists and materialised subqueries (M7). Rows are
// ordered by their first keyCols columns (MySQL comparison, NULL first,
// Desc reverses), ties in insertion order.
//
// Inserts append, and the rows are sorted on the first read, so a sort
// costs O(n log n). Once sorted, the rows live in chunks of at most
// maxChunk rows, so an insert out of order (DISTINCT and IN sets look up
// between inserts) moves at most a chunk, not the whole tree. Past its
// memory budget the tree moves to a scratch b-tree (spill.go).
type memTree struct {
	keyCols int
	desc    []bool
	// chunks hold the rows: in insertion order in one chunk while
	// !sorted, in key order when sorted.
	chunks  [][][]Value
	n       int
	sorted  bool
	ci, i   int  // position: chunk, row in chunk; ci outside chunks is off the tree
	deleted bool // the entry at the position was deleted: Next stays

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
func compareValuesOrder(a, b Value) int {
	an, bn := a.IsNull(), b.IsNull()
	switch {
	case an && bn:
		return 0
	case an:
		return -1
	case bn:
		return 1
	}
	c, _ := Compare(a, b)
	return c
}

// compareRows compares the first n columns of a and b (n <= len of both).
func compareRows(a, b []Value, n int, desc []bool) int {
	for i := 0; i < n; i++ {
		c := compareValuesOrder(a[i], b[i])
		if c != 0 {
			if i < len(desc) && desc[i] {
				return -c
			}
			return c
		}
	}
	return 0
}

func (t *memTree) nkey(row []Value) int {
	n := t.keyCols
	if n == 0 || n > len(row) {
		n = len(row)
	}
	return n
}

func (t *memTree) ensureSorted() {
	if t.sorted {
		return
	}
	var rows [][]Value
	if len(t.chunks) == 1 {
		rows = t.chunks[0]
	} else {
		rows = make([][]Value, 0, t.n)
		for _, c := range t.chunks {
			rows = append(rows, c...)
		}
	}
	// pdqsort with the insertion number breaking ties: stable, and
	// O(n log n) where sort.SliceStable's in-place merge is O(n log^2 n).
	type ent struct {
		row []Value
		seq int
	}
	ents := make([]ent, len(rows))
	for i, r := range rows {
		ents[i] = ent{r, i}
	}
	slices.SortFunc(ents, func(a, b ent) int {
		if c := compareRows(a.row, b.row, t.nkey(a.row), t.desc); c != 0 {
			return c
		}
		return a.seq - b.seq
	})
	for i := range ents {
		rows[i] = ents[i].row
	}
	t.chunks = t.chunks[:0]
	for len(rows) > 0 {
		k := min(len(rows), maxChunk)
		t.chunks = append(t.chunks, rows[:k:k])
		rows = rows[k:]
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
	after := func(row []Value) bool {
		c := compareRows(row, key, len(key), t.desc)
		if strict {
			return c > 0
		}
		return c >= 0
	}
	t.ci = sort.Search(len(t.chunks), func(k int) bool {
		c := t.chunks[k]
		return after(c[len(c)-1])
	})
	t.i = 0
	if t.ci < len(t.chunks) {
		c := t.chunks[t.ci]
		t.i = sort.Search(len(c), func(k int) bool { return after(c[k]) })
	}
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
	row := make([]Value, len(key))
	copy(row, key)
	t.bytes += rowBytes(row)
	t.insert(row)
	if t.temp != nil && t.bytes > t.budget {
		return t.spill()
	}
	return nil
}

func (t *memTree) insert(row []Value) {
	t.n++
	if len(t.chunks) == 0 {
		t.chunks = append(t.chunks, [][]Value{row})
		if t.ci >= 0 {
			t.ci = 1 // was off the end of an empty tree; stays off the end
		}
		return
	}
	last := t.chunks[len(t.chunks)-1]
	if !t.sorted || compareRows(last[len(last)-1], row, t.nkey(row), t.desc) <= 0 {
		t.appendRow(row)
		return
	}
	if t.n <= 64 {
		// A small tree just sorts again on the next read.
		t.appendRow(row)
		t.sorted = false
		return
	}
	// Out of order into a sorted tree: after the rows it ties with.
	nk := t.nkey(row)
	ci := sort.Search(len(t.chunks), func(k int) bool {
		c := t.chunks[k]
		return compareRows(c[len(c)-1], row, nk, t.desc) > 0
	})
	c := t.chunks[ci]
	j := sort.Search(len(c), func(k int) bool { return compareRows(c[k], row, nk, t.desc) > 0 })
	c = append(c, nil)
	copy(c[j+1:], c[j:])
	c[j] = row
	t.chunks[ci] = c
	if t.ci == ci && j <= t.i {
		t.i++
	}
	if len(c) > maxChunk {
		t.split(ci)
	}
}

// appendRow adds row after the last one.
func (t *memTree) appendRow(row []Value) {
	k := len(t.chunks) - 1
	if t.sorted && len(t.chunks[k]) >= maxChunk {
		t.chunks = append(t.chunks, make([][]Value, 0, maxChunk))
		if t.ci > k {
			t.ci++ // off the end stays off the end
		}
		k++
	}
	t.chunks[k] = append(t.chunks[k], row)
}

// split halves chunk ci, keeping the position on its row.
func (t *memTree) split(ci int) {
	c := t.chunks[ci]
	h := len(c) / 2
	right := append(make([][]Value, 0, maxChunk), c[h:]...)
	t.chunks[ci] = c[:h:h]
	t.chunks = append(t.chunks, nil)
	copy(t.chunks[ci+2:], t.chunks[ci+1:])
	t.chunks[ci+1] = right
	switch {
	case t.ci == ci && t.i >= h:
		t.ci, t.i = ci+1, t.i-h
	case t.ci > ci:
		t.ci++
	}
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
	t.chunks[t.ci] = append(c[:t.i], c[t.i+1:]...)
	t.n--
	if len(t.chunks[t.ci]) == 0 {
		t.chunks = append(t.chunks[:t.ci], t.chunks[t.ci+1:]...)
		t.i = 0
	}
	t.settle()
	t.deleted = true
	return nil
}

func (t *memTree) LastRowid() (int64, error) { return 0, nil }

func (t *memTree) Count() (int64, error) {
	if t.disk != nil {
		return t.disk.Count()
	}
	return int64(t.n), nil
}

func (t *memTree) Close() error {
	t.chunks, t.n = nil, 0
	if t.disk != nil {
		d := t.disk
		t.disk = nil
		return d.Close()
	}
	return nil
}
