package btree

import (
	"bytes"
	"flag"
	"fmt"
	"math/rand/v2"
	"slices"
	"sort"
	"testing"

	"github.com/stretchr/testify/require"
)

var (
	flagLong = flag.Bool("long", false, "run the long property tests")
	flagSeed = flag.Uint64("seed", 0, "seed for randomized tests (0: fixed default)")
)

func testSeed(t *testing.T, def uint64) uint64 {
	s := def
	if *flagSeed != 0 {
		s = *flagSeed
	}
	t.Logf("seed %d (rerun with -seed=%d)", s, s)
	return s
}

// randPayload returns a payload of a random size: mostly small, sometimes
// a few pages, rarely many pages.
func randPayload(r *rand.Rand, pageSize int) []byte {
	var n int
	switch x := r.IntN(100); {
	case x < 70:
		n = r.IntN(60)
	case x < 90:
		n = r.IntN(pageSize)
	case x < 98:
		n = pageSize + r.IntN(4*pageSize)
	default:
		n = r.IntN(20 * pageSize)
	}
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(r.IntN(256))
	}
	return b
}

// TestPropertyTable runs random inserts, replaces, deletes, seeks and scans
// on a table tree and compares with a map after every batch (B2-B6).
func TestPropertyTable(t *testing.T) {
	ops := 50000
	if *flagLong {
		ops = 400000
	}
	for _, ps := range []int{512, 1024, 4096} {
		t.Run(fmt.Sprint(ps), func(t *testing.T) {
			runTableProperty(t, ps, ops/3, testSeed(t, uint64(ps)))
		})
	}
}

func runTableProperty(t *testing.T, pageSize, ops int, seed uint64) {
	r := rand.New(rand.NewPCG(seed, 1))
	f := openMem(t, pageSize)
	beginWrite(t, f)
	root, err := f.CreateTree(TableTree)
	require.NoError(t, err)
	c, err := f.OpenCursor(root, TableTree, true, nil)
	require.NoError(t, err)
	model := map[int64][]byte{}
	keyRange := int64(3000)
	batch := 500
	for done := 0; done < ops; {
		// Phases: grow, churn, shrink.
		phase := (done / 4000) % 3
		for i := 0; i < batch; i++ {
			done++
			k := r.Int64N(keyRange) - keyRange/10
			x := r.IntN(100)
			switch {
			case x < 50 && phase != 2 || x < 20:
				p := randPayload(r, pageSize)
				require.NoError(t, c.Insert(k, p))
				model[k] = p
				got, err := c.Payload()
				require.NoError(t, err)
				require.Equal(t, p, got)
			case x < 85:
				found, err := c.SeekRowid(k)
				require.NoError(t, err)
				_, want := model[k]
				require.Equal(t, want, found, "SeekRowid(%d)", k)
				if found {
					require.NoError(t, c.Delete())
					delete(model, k)
					// Next after Delete gives the following entry.
					ok, err := c.Next()
					require.NoError(t, err)
					next, has := nextKey(model, k)
					require.Equal(t, has, ok)
					if ok {
						got, err := c.Rowid()
						require.NoError(t, err)
						require.Equal(t, next, got)
					}
				}
			case x < 95:
				checkSeekGE(t, c, model, k)
			default:
				checkSeekLE(t, c, model, k)
			}
		}
		compareTable(t, c, model)
		mustCheck(t, f, []uint32{root}, nil)
		if done%4000 == 0 {
			d, pages, fill, under, err := treeStatsUnder(f, root)
			require.NoError(t, err)
			t.Logf("after %d ops: %d rows, depth %d, %d pages, fill %.2f, %d underfull", done, len(model), d, pages, fill, under)
		}
	}
	// Delete everything through a scan, as DELETE FROM t does.
	ok, err := c.First()
	require.NoError(t, err)
	for ok {
		require.NoError(t, c.Delete())
		ok, err = c.Next()
		require.NoError(t, err)
	}
	ok, err = c.First()
	require.NoError(t, err)
	require.False(t, ok)
	mustCheck(t, f, []uint32{root}, nil)
	require.NoError(t, c.Close())
	commit(t, f)
}

func nextKey(model map[int64][]byte, k int64) (int64, bool) {
	best, has := int64(0), false
	for x := range model {
		if x > k && (!has || x < best) {
			best, has = x, true
		}
	}
	return best, has
}

func checkSeekGE(t *testing.T, c *Cursor, model map[int64][]byte, k int64) {
	t.Helper()
	ok, err := c.SeekRowidGE(k)
	require.NoError(t, err)
	want, has := int64(0), false
	for x := range model {
		if x >= k && (!has || x < want) {
			want, has = x, true
		}
	}
	require.Equal(t, has, ok, "SeekRowidGE(%d)", k)
	if ok {
		got, err := c.Rowid()
		require.NoError(t, err)
		require.Equal(t, want, got)
		// Prev from there gives the largest key below.
		ok, err = c.Prev()
		require.NoError(t, err)
		below, hasBelow := int64(0), false
		for x := range model {
			if x < want && (!hasBelow || x > below) {
				below, hasBelow = x, true
			}
		}
		require.Equal(t, hasBelow, ok)
		if ok {
			got, err := c.Rowid()
			require.NoError(t, err)
			require.Equal(t, below, got)
		}
	}
}

func checkSeekLE(t *testing.T, c *Cursor, model map[int64][]byte, k int64) {
	t.Helper()
	ok, err := c.SeekRowidLE(k)
	require.NoError(t, err)
	want, has := int64(0), false
	for x := range model {
		if x <= k && (!has || x > want) {
			want, has = x, true
		}
	}
	require.Equal(t, has, ok, "SeekRowidLE(%d)", k)
	if ok {
		got, err := c.Rowid()
		require.NoError(t, err)
		require.Equal(t, want, got)
		p, err := c.Payload()
		require.NoError(t, err)
		require.Equal(t, model[want], p)
	}
}

// compareTable scans forward and backward and compares with the model.
func compareTable(t *testing.T, c *Cursor, model map[int64][]byte) {
	t.Helper()
	keys := make([]int64, 0, len(model))
	for k := range model {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	i := 0
	ok, err := c.First()
	require.NoError(t, err)
	for ok {
		require.Less(t, i, len(keys))
		k, err := c.Rowid()
		require.NoError(t, err)
		require.Equal(t, keys[i], k)
		p, err := c.Payload()
		require.NoError(t, err)
		require.True(t, bytes.Equal(model[k], p), "payload of %d", k)
		i++
		ok, err = c.Next()
		require.NoError(t, err)
	}
	require.Equal(t, len(keys), i)
	ok, err = c.Last()
	require.NoError(t, err)
	for ok {
		i--
		k, err := c.Rowid()
		require.NoError(t, err)
		require.Equal(t, keys[i], k)
		ok, err = c.Prev()
		require.NoError(t, err)
	}
	require.Equal(t, 0, i)
	if len(keys) > 0 {
		last, err := c.LastRowid()
		require.NoError(t, err)
		require.Equal(t, keys[len(keys)-1], last)
	}
}

// indexModel is a sorted list of index records.
type indexModel struct {
	ki   *KeyInfo
	recs [][]byte
}

func (m *indexModel) cmp(a, b []byte) int {
	c, err := compareRecords(a, b, m.ki)
	if err != nil {
		panic(err)
	}
	return c
}

func (m *indexModel) find(rec []byte) (int, bool) {
	i := sort.Search(len(m.recs), func(i int) bool { return m.cmp(m.recs[i], rec) >= 0 })
	return i, i < len(m.recs) && m.cmp(m.recs[i], rec) == 0
}

func (m *indexModel) insert(rec []byte) {
	i, found := m.find(rec)
	if !found {
		m.recs = slices.Insert(m.recs, i, rec)
	}
}

// prefixCmp is CompareRecord of key against stored record i.
func (m *indexModel) prefixCmp(key []Value, i int) int {
	c, err := CompareRecord(key, m.recs[i], m.ki)
	if err != nil {
		panic(err)
	}
	return c
}

// randValue returns a value of a random class from small domains so that
// prefixes collide.
func randValue(r *rand.Rand, big bool) Value {
	switch r.IntN(6) {
	case 0:
		return Value{Type: Null}
	case 1:
		return Value{Type: Integer, Int: r.Int64N(40) - 20}
	case 2:
		return Value{Type: Float, Float: float64(r.IntN(80)-40) / 2}
	case 3:
		n := r.IntN(6)
		if big && r.IntN(10) == 0 {
			n = 300 + r.IntN(3000)
		}
		b := make([]byte, n)
		for i := range b {
			b[i] = 'a' + byte(r.IntN(3))
		}
		return Value{Type: Text, Bytes: b}
	case 4:
		b := make([]byte, r.IntN(4))
		for i := range b {
			b[i] = byte(r.IntN(3))
		}
		return Value{Type: Blob, Bytes: b}
	}
	return Value{Type: Integer, Int: r.Int64() >> uint(r.IntN(64))}
}

// TestPropertyIndex runs random key inserts, deletes and prefix seeks on an
// index tree with a DESC column and compares with a sorted slice (B4-B6, B9).
func TestPropertyIndex(t *testing.T) {
	ops := 50000
	if *flagLong {
		ops = 400000
	}
	for _, ps := range []int{512, 1024, 4096} {
		t.Run(fmt.Sprint(ps), func(t *testing.T) {
			runIndexProperty(t, ps, ops/3, testSeed(t, uint64(ps)+7))
		})
	}
}

func runIndexProperty(t *testing.T, pageSize, ops int, seed uint64) {
	r := rand.New(rand.NewPCG(seed, 2))
	f := openMem(t, pageSize)
	beginWrite(t, f)
	root, err := f.CreateTree(IndexTree)
	require.NoError(t, err)
	ki := &KeyInfo{Desc: []bool{false, true}}
	c, err := f.OpenCursor(root, IndexTree, true, ki)
	require.NoError(t, err)
	m := &indexModel{ki: ki}
	keys := map[uint32]*KeyInfo{root: ki}
	var rowid int64
	batch := 500
	for done := 0; done < ops; {
		phase := (done / 5000) % 3
		for i := 0; i < batch; i++ {
			done++
			x := r.IntN(100)
			switch {
			case x < 60 && phase != 2 || x < 25:
				rowid++
				vals := []Value{randValue(r, true), randValue(r, false), {Type: Integer, Int: rowid}}
				rec := AppendRecord(nil, vals)
				require.NoError(t, c.InsertKey(rec))
				m.insert(rec)
				got, err := c.Payload()
				require.NoError(t, err)
				require.Equal(t, rec, got)
			case x < 85 && len(m.recs) > 0:
				j := r.IntN(len(m.recs))
				vals, err := DecodeRecord(m.recs[j], nil)
				require.NoError(t, err)
				ok, err := c.SeekGE(vals)
				require.NoError(t, err)
				require.True(t, ok)
				got, err := c.Payload()
				require.NoError(t, err)
				require.Equal(t, m.recs[j], got)
				require.NoError(t, c.Delete())
				m.recs = slices.Delete(m.recs, j, j+1)
				ok, err = c.Next()
				require.NoError(t, err)
				require.Equal(t, j < len(m.recs), ok)
				if ok {
					got, err := c.Payload()
					require.NoError(t, err)
					require.Equal(t, m.recs[j], got)
				}
			default:
				key := []Value{randValue(r, false)}
				if r.IntN(2) == 0 {
					key = append(key, randValue(r, false))
				}
				checkIndexSeeks(t, c, m, key)
			}
		}
		compareIndex(t, c, m)
		mustCheck(t, f, []uint32{root}, keys)
		if done%4000 == 0 {
			d, pages, fill, under, err := treeStatsUnder(f, root)
			require.NoError(t, err)
			t.Logf("after %d ops: %d keys, depth %d, %d pages, fill %.2f, %d underfull", done, len(m.recs), d, pages, fill, under)
		}
	}
	require.NoError(t, c.Close())
	commit(t, f)
}

func checkIndexSeeks(t *testing.T, c *Cursor, m *indexModel, key []Value) {
	t.Helper()
	n := len(m.recs)
	// First index whose prefix is >= key, and > key.
	ge := sort.Search(n, func(i int) bool { return m.prefixCmp(key, i) <= 0 })
	gt := sort.Search(n, func(i int) bool { return m.prefixCmp(key, i) < 0 })
	cases := []struct {
		name string
		seek func([]Value) (bool, error)
		want int
	}{
		{"GE", c.SeekGE, ge},
		{"GT", c.SeekGT, gt},
		{"LE", c.SeekLE, gt - 1},
		{"LT", c.SeekLT, ge - 1},
	}
	for _, tc := range cases {
		ok, err := tc.seek(key)
		require.NoError(t, err)
		want := tc.want >= 0 && tc.want < n
		require.Equal(t, want, ok, "Seek%s", tc.name)
		if ok {
			got, err := c.Payload()
			require.NoError(t, err)
			require.Equal(t, m.recs[tc.want], got, "Seek%s", tc.name)
		}
	}
}

func compareIndex(t *testing.T, c *Cursor, m *indexModel) {
	t.Helper()
	i := 0
	ok, err := c.First()
	require.NoError(t, err)
	for ok {
		require.Less(t, i, len(m.recs))
		got, err := c.Payload()
		require.NoError(t, err)
		require.Equal(t, m.recs[i], got, "entry %d", i)
		i++
		ok, err = c.Next()
		require.NoError(t, err)
	}
	require.Equal(t, len(m.recs), i)
	ok, err = c.Last()
	require.NoError(t, err)
	for ok {
		i--
		got, err := c.Payload()
		require.NoError(t, err)
		require.Equal(t, m.recs[i], got, "entry %d backwards", i)
		ok, err = c.Prev()
		require.NoError(t, err)
	}
	require.Equal(t, 0, i)
}
