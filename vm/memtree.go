package vm

import (
	"sort"
)

// memTree is an in-memory index of rows of Values: the ephemeral tables of
// sorting, DISTINCT, IN lists and materialised subqueries. Rows are ordered
// by their first keyCols columns (MySQL comparison, NULL first, Desc
// reverses), ties in insertion order. Inserts append and the rows are
// sorted on the first read, so a sort costs O(n log n); an insert into
// sorted rows goes to its place.
type memTree struct {
	rows    [][]Value
	keyCols int
	desc    []bool
	sorted  bool
	pos     int
	deleted bool // the entry at pos was deleted: Next stays
}

func newMemTree(keyCols int, desc []bool) *memTree {
	return &memTree{keyCols: keyCols, desc: desc, sorted: true}
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
	sort.SliceStable(t.rows, func(i, j int) bool {
		a, b := t.rows[i], t.rows[j]
		return compareRows(a, b, t.nkey(a), t.desc) < 0
	})
	t.sorted = true
}

func (t *memTree) valid() bool { return t.pos >= 0 && t.pos < len(t.rows) }

func (t *memTree) First() (bool, error) {
	t.ensureSorted()
	t.pos, t.deleted = 0, false
	return t.valid(), nil
}

func (t *memTree) Last() (bool, error) {
	t.ensureSorted()
	t.pos, t.deleted = len(t.rows)-1, false
	return t.valid(), nil
}

func (t *memTree) Next() (bool, error) {
	if !t.deleted {
		t.pos++
	}
	t.deleted = false
	if t.pos > len(t.rows) {
		t.pos = len(t.rows)
	}
	return t.valid(), nil
}

func (t *memTree) Prev() (bool, error) {
	t.deleted = false
	t.pos--
	if t.pos < -1 {
		t.pos = -1
	}
	return t.valid(), nil
}

func (t *memTree) SeekRowid(int64) (bool, error) {
	return false, execErrorf(ErrMisuse, "SeekRowid on an ephemeral index")
}

// search returns the first position whose prefix compares >= key (or >
// key when strict).
func (t *memTree) search(key []Value, strict bool) int {
	t.ensureSorted()
	return sort.Search(len(t.rows), func(i int) bool {
		c := compareRows(t.rows[i], key, len(key), t.desc)
		if strict {
			return c > 0
		}
		return c >= 0
	})
}

func (t *memTree) Seek(op SeekOp, key []Value) (bool, error) {
	t.deleted = false
	switch op {
	case SeekGE:
		t.pos = t.search(key, false)
	case SeekGT:
		t.pos = t.search(key, true)
	case SeekLE:
		t.pos = t.search(key, true) - 1
	case SeekLT:
		t.pos = t.search(key, false) - 1
	}
	return t.valid(), nil
}

func (t *memTree) CompareKey(key []Value) (int, error) {
	if !t.valid() {
		return 0, execErrorf(ErrMisuse, "CompareKey on an invalid cursor")
	}
	return compareRows(t.rows[t.pos], key, len(key), t.desc), nil
}

func (t *memTree) Rowid() (int64, error) {
	if !t.valid() {
		return 0, execErrorf(ErrMisuse, "Rowid on an invalid cursor")
	}
	r := t.rows[t.pos]
	return r[len(r)-1].AsInt(), nil
}

func (t *memTree) Column(i int) (Value, error) {
	if !t.valid() {
		return Value{}, execErrorf(ErrMisuse, "Column on an invalid cursor")
	}
	r := t.rows[t.pos]
	if i >= len(r) {
		return Value{}, nil
	}
	return r[i], nil
}

func (t *memTree) Insert(int64, []Value) error {
	return execErrorf(ErrMisuse, "Insert on an ephemeral index")
}

func (t *memTree) InsertKey(key []Value) error {
	row := make([]Value, len(key))
	copy(row, key)
	n := len(t.rows)
	if !t.sorted || n == 0 || compareRows(t.rows[n-1], row, t.nkey(row), t.desc) <= 0 {
		t.rows = append(t.rows, row)
		return nil
	}
	if n > 64 {
		// Sorted and out of order: place it, keeping the tree sorted for
		// the lookups that interleave with inserts (DISTINCT, IN).
		i := sort.Search(n, func(i int) bool { return compareRows(t.rows[i], row, t.nkey(row), t.desc) > 0 })
		t.rows = append(t.rows, nil)
		copy(t.rows[i+1:], t.rows[i:])
		t.rows[i] = row
		if i <= t.pos {
			t.pos++
		}
		return nil
	}
	t.rows = append(t.rows, row)
	t.sorted = false
	return nil
}

func (t *memTree) Delete() error {
	if !t.valid() {
		return execErrorf(ErrMisuse, "Delete on an invalid cursor")
	}
	t.rows = append(t.rows[:t.pos], t.rows[t.pos+1:]...)
	t.deleted = true
	return nil
}

func (t *memTree) LastRowid() (int64, error) { return 0, nil }

func (t *memTree) Count() (int64, error) { return int64(len(t.rows)), nil }

func (t *memTree) Close() error {
	t.rows = nil
	return nil
}
