package vm

import (
	"flag"
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
	for i := int64(0); i < 100; i++ {
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
		case 0, 1, 2:
			insert(k, int64(step+100))
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
