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
