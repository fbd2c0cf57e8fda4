package vm

import (
	"flag"
	"fmt"
	"math/rand"
	"sort"
	"testing"

	"github.com/stretchr/testify/require"
)

var memtreeSeed = flag.Int64("memtree-seed", 1, "seed of TestMemTreeSeekProperty")

// TestMemTreeSeekProperty checks the ephemeral index's seeks against a
// sorted slice of ints, with inserts interleaved with lookups.
func TestMemTreeSeekProperty(t *testing.T) {
	rng := rand.New(rand.NewSource(*memtreeSeed))
	t.Logf("seed %d", *memtreeSeed)
	m := newMemTree(1, nil)
	var ref []int64
	for i := 0; i < 2000; i++ {
		k := rng.Int63n(300)
		require.NoError(t, m.InsertKey([]Value{Int(k), Int(int64(i))}))
		ref = append(ref, k)
		if i%7 != 0 {
			continue
		}
		sort.Slice(ref, func(a, b int) bool { return ref[a] < ref[b] })
		probe := rng.Int63n(320) - 10
		ge := sort.Search(len(ref), func(j int) bool { return ref[j] >= probe })
		gt := sort.Search(len(ref), func(j int) bool { return ref[j] > probe })
		check := func(op SeekOp, idx int) {
			ok, err := m.Seek(op, []Value{Int(probe)})
			require.NoError(t, err)
			require.Equal(t, idx >= 0 && idx < len(ref), ok, "op %d probe %d", op, probe)
			if ok {
				v, err := m.Column(0)
				require.NoError(t, err)
				require.Equal(t, ref[idx], v.AsInt(), "op %d probe %d", op, probe)
			}
		}
		check(SeekGE, ge)
		check(SeekGT, gt)
		check(SeekLE, gt-1)
		check(SeekLT, ge-1)
	}
	n, err := m.Count()
	require.NoError(t, err)
	require.Equal(t, int64(len(ref)), n)
}

func TestMemTreeDeleteThenNext(t *testing.T) {
	m := newMemTree(0, nil)
	for _, k := range []int64{3, 1, 2} {
		require.NoError(t, m.InsertKey([]Value{Int(k)}))
	}
	ok, err := m.First()
	require.NoError(t, err)
	require.True(t, ok)
	require.NoError(t, m.Delete()) // deletes 1
	ok, _ = m.Next()
	require.True(t, ok)
	v, _ := m.Column(0)
	require.Equal(t, int64(2), v.AsInt())
}

// TestMemTreeChunksModel checks the chunked tree against a sorted slice
// with an index position (the tree's original form) through inserts out
// of order, seeks, steps both ways and deletes, across chunk splits.
func TestMemTreeChunksModel(t *testing.T) {
	// prefill 100 makes the tree sorted and chunked from the start; 0
	// starts it small, where inserts between probes go in place.
	for _, prefill := range []int64{100, 0} {
		t.Run(fmt.Sprint("prefill", prefill), func(t *testing.T) { memTreeChunksModel(t, prefill) })
	}
}

func memTreeChunksModel(t *testing.T, prefill int64) {
	rng := rand.New(rand.NewSource(*memtreeSeed))
	type row struct{ k, seq int64 }
	var ref []row
	p, deleted := -1, false
	m := newMemTree(1, nil)
	insert := func(k, seq int64) {
		require.NoError(t, m.InsertKey([]Value{Int(k), Int(seq)}))
		i := sort.Search(len(ref), func(j int) bool { return ref[j].k > k })
		off := p >= len(ref)
		ref = append(ref, row{})
		copy(ref[i+1:], ref[i:])
		ref[i] = row{k, seq}
		switch {
		case off:
			p = len(ref)
		case p >= 0 && i <= p:
			p++
		}
	}
	for i := int64(0); i < prefill; i++ {
		insert(i*10, i) // sorted from here on: later inserts go to their place
	}
	check := func(step int, ok bool) {
		valid := p >= 0 && p < len(ref)
		require.Equal(t, valid, ok, "step %d", step)
		if valid {
			k, err := m.Column(0)
			require.NoError(t, err)
			s, err := m.Column(1)
			require.NoError(t, err)
			require.Equal(t, ref[p], row{k.AsInt(), s.AsInt()}, "step %d", step)
		}
	}
	for step := 0; step < 20000; step++ {
		k := rng.Int63n(1100)
		switch op := rng.Intn(8); op {
		case 0, 1:
			insert(k, int64(step+100))
		case 2:
			// DISTINCT's probe then insert of one key: the insert may
			// take the position the probe left.
			p = sort.Search(len(ref), func(j int) bool { return ref[j].k >= k })
			deleted = false
			_, err := m.Seek(SeekGE, []Value{Int(k)})
			require.NoError(t, err)
			insert(k, int64(step+100))
			check(step, p < len(ref))
		case 3:
			s := SeekOp(rng.Intn(4))
			ge := sort.Search(len(ref), func(j int) bool { return ref[j].k >= k })
			gt := sort.Search(len(ref), func(j int) bool { return ref[j].k > k })
			p = map[SeekOp]int{SeekGE: ge, SeekGT: gt, SeekLE: gt - 1, SeekLT: ge - 1}[s]
			if p < 0 {
				p = -1
			}
			deleted = false
			ok, err := m.Seek(s, []Value{Int(k)})
			require.NoError(t, err)
			check(step, ok)
		case 4:
			if p < 0 || p >= len(ref) {
				continue
			}
			if !deleted {
				p++
			}
			deleted = false
			ok, err := m.Next()
			require.NoError(t, err)
			check(step, ok)
		case 5:
			if p < 0 || p >= len(ref) {
				continue
			}
			p--
			deleted = false
			ok, err := m.Prev()
			require.NoError(t, err)
			check(step, ok)
		case 6:
			if p < 0 || p >= len(ref) || deleted {
				continue
			}
			require.NoError(t, m.Delete())
			ref = append(ref[:p], ref[p+1:]...)
			deleted = true
		case 7:
			if rng.Intn(2) == 0 {
				p = 0
				ok, err := m.First()
				require.NoError(t, err)
				check(step, ok)
			} else {
				p = len(ref) - 1
				ok, err := m.Last()
				require.NoError(t, err)
				check(step, ok)
			}
			deleted = false
		}
	}
	n, err := m.Count()
	require.NoError(t, err)
	require.Equal(t, int64(len(ref)), n)
	require.Greater(t, len(m.chunks), 4, "the tree split into chunks")
}

// TestMemTreeQueueCompacts uses a tree as a queue (insert one, delete
// the first): the memory it holds must follow the live rows, not every
// row it ever held, and compaction must keep the rows and the position.
func TestMemTreeQueueCompacts(t *testing.T) {
	m := newMemTree(1, nil)
	const live = 50
	for i := 0; i < live; i++ {
		require.NoError(t, m.InsertKey([]Value{Int(int64(i)), Text(fmt.Sprint("r", i))}))
	}
	for i := live; i < 20*maxSlab; i++ {
		require.NoError(t, m.InsertKey([]Value{Int(int64(i)), Text(fmt.Sprint("r", i))}))
		ok, err := m.First()
		require.NoError(t, err)
		require.True(t, ok)
		v, err := m.Column(1)
		require.NoError(t, err)
		require.Equal(t, fmt.Sprint("r", i-live), v.AsString())
		require.NoError(t, m.Delete())
		ok, err = m.Next() // stays on the row after the deleted one
		require.NoError(t, err)
		require.True(t, ok)
		v, err = m.Column(0)
		require.NoError(t, err)
		require.Equal(t, int64(i-live+1), v.AsInt())
		require.LessOrEqual(t, m.held, 2*(maxSlab+2*live)+2, "row %d: values held", i)
	}
	n, err := m.Count()
	require.NoError(t, err)
	require.Equal(t, int64(live), n)
}

// TestMemTreeRowsAreCopies checks that a tree keeps its own copy of an
// inserted row (the caller reuses its registers) and that values read
// out stay valid as the tree grows into new slabs.
func TestMemTreeRowsAreCopies(t *testing.T) {
	m := newMemTree(0, nil)
	key := make([]Value, 2)
	var read []Value
	for i := 0; i < 3*maxSlab; i++ {
		key[0], key[1] = Int(int64(i%97)), Int(int64(i))
		require.NoError(t, m.InsertKey(key))
		if i%1000 == 0 {
			ok, err := m.Seek(SeekGE, key)
			require.NoError(t, err)
			require.True(t, ok)
			v, err := m.Column(1)
			require.NoError(t, err)
			read = append(read, v)
		}
	}
	for j, v := range read {
		require.Equal(t, int64(j*1000), v.AsInt())
	}
	var prev Value
	i := 0
	for ok, err := m.First(); ok; ok, err = m.Next() {
		require.NoError(t, err)
		k, _ := m.Column(0)
		s, _ := m.Column(1)
		require.Equal(t, s.AsInt()%97, k.AsInt())
		if i > 0 {
			require.LessOrEqual(t, compareRows([]Value{prev}, []Value{k}, 1, nil), 0)
		}
		prev = k
		i++
	}
	require.Equal(t, 3*maxSlab, i)
}

// TestMemTreeProbedStaysSorted: a small tree filled without reads goes
// unsorted on an insert out of order (one sort at the first read), but
// one probed between inserts inserts in place, so probes do not sort the
// tree again and again.
func TestMemTreeProbedStaysSorted(t *testing.T) {
	m := newMemTree(0, nil)
	require.NoError(t, m.InsertKey([]Value{Int(5)}))
	require.NoError(t, m.InsertKey([]Value{Int(3)}))
	require.False(t, m.sorted, "filled without reads")
	_, err := m.Seek(SeekGE, []Value{Int(4)})
	require.NoError(t, err)
	require.True(t, m.sorted)
	require.NoError(t, m.InsertKey([]Value{Int(4)}))
	require.True(t, m.sorted, "probed before the insert")
	var got []int64
	for ok, err := m.First(); ok; ok, err = m.Next() {
		require.NoError(t, err)
		v, _ := m.Column(0)
		got = append(got, v.AsInt())
	}
	require.Equal(t, []int64{3, 4, 5}, got)
}

// TestMemTreeSlabsPooled (M15): a closed tree's slabs and chunk arrays go
// back to the pools zeroed and serve the next tree, while values read from
// the first tree (copies) and the closed tree itself (empty) are untouched
// by the reuse.
func TestMemTreeSlabsPooled(t *testing.T) {
	const n = 3 * maxChunk
	m1 := newMemTree(1, nil)
	for i := 0; i < n; i++ {
		k := (i * 7919) % n // out of order: sorted on the first read
		require.NoError(t, m1.InsertKey([]Value{Int(int64(k)), Text(fmt.Sprint("one-", k))}))
	}
	ok, err := m1.Seek(SeekGE, []Value{Int(42)})
	require.NoError(t, err)
	require.True(t, ok)
	read, err := m1.Column(1)
	require.NoError(t, err)
	slabs := append([]*slab(nil), m1.slabs...)
	require.NotEmpty(t, slabs)
	require.NoError(t, m1.Close())
	for _, s := range slabs {
		require.Zero(t, len(s.v))
		for _, v := range s.v[:cap(s.v)] {
			require.Equal(t, Value{}, v, "a pooled slab is zeroed")
		}
	}
	ok, err = m1.First()
	require.NoError(t, err)
	require.False(t, ok, "a closed tree has no rows")
	c := newChunk()
	require.Equal(t, maxChunk, cap(c), "a full chunk array was pooled")
	for _, r := range c[:cap(c)] {
		require.Nil(t, r, "a pooled chunk array is zeroed")
	}
	putChunk(c)

	m2 := newMemTree(1, nil)
	for i := 0; i < n; i++ {
		require.NoError(t, m2.InsertKey([]Value{Int(int64(n - 1 - i)), Text(fmt.Sprint("two-", n-1-i))}))
	}
	require.Equal(t, "one-42", read.AsString())
	i := 0
	for ok, err := m2.First(); ok; ok, err = m2.Next() {
		require.NoError(t, err)
		v, _ := m2.Column(1)
		require.Equal(t, fmt.Sprint("two-", i), v.AsString())
		i++
	}
	require.Equal(t, n, i)
	require.NoError(t, m2.Close())
}

func TestNextSlabSize(t *testing.T) {
	for _, c := range []struct{ last, n, want int }{
		{0, 1, minSlab},
		{0, 3, 32},
		{minSlab, 1, 2 * minSlab},
		{maxSlab, 5, maxSlab},
		{0, 600, maxSlab},
		{0, 5000, 5000}, // wider than a slab: its own, not pooled
	} {
		got := nextSlabSize(c.last, c.n)
		require.Equal(t, c.want, got, "last %d, n %d", c.last, c.n)
		require.Equal(t, got <= maxSlab, slabClass(got) >= 0)
	}
}
