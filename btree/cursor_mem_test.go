package btree

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/require"
)

// memTable makes a committed table of rows 1..n whose payload is the rowid
// byte repeated 10 times, and an index on the same numbers; both trees are
// deep enough to have interior pages.
func memTable(t *testing.T, n int) (f *File, table, index uint32) {
	t.Helper()
	f = openMem(t, 512)
	beginWrite(t, f)
	var err error
	table, err = f.CreateTree(TableTree)
	require.NoError(t, err)
	index, err = f.CreateTree(IndexTree)
	require.NoError(t, err)
	tc, err := f.OpenCursor(table, TableTree, true, nil)
	require.NoError(t, err)
	ic, err := f.OpenCursor(index, IndexTree, true, nil)
	require.NoError(t, err)
	for i := 1; i <= n; i++ {
		require.NoError(t, tc.Insert(int64(i), bytes.Repeat([]byte{byte(i)}, 10)))
		require.NoError(t, ic.InsertKey(AppendRecord(nil, []Value{{Type: Integer, Int: int64(i)}, {Type: Integer, Int: int64(i)}})))
	}
	require.NoError(t, tc.Close())
	require.NoError(t, ic.Close())
	require.NoError(t, f.Commit())
	return f, table, index
}

// TestClosedCursorCannotReachReusedMemory checks B15: a cursor's memory
// goes to the next OpenCursor after Close, and every call on the stale
// cursor fails or reports no entry without touching the new cursor.
func TestClosedCursorCannotReachReusedMemory(t *testing.T) {
	f, table, index := memTable(t, 300)
	require.NoError(t, f.BeginWrite(t.Context(), false))

	old, err := f.OpenCursor(table, TableTree, true, nil)
	require.NoError(t, err)
	ok, err := old.SeekRowid(7)
	require.NoError(t, err)
	require.True(t, ok)
	mem := old.cursorMem
	require.NoError(t, old.Close())

	cur, err := f.OpenCursor(table, TableTree, true, nil)
	require.NoError(t, err)
	defer cur.Close()
	require.Same(t, mem, cur.cursorMem, "the closed cursor's memory is reused")
	ok, err = cur.SeekRowid(200)
	require.NoError(t, err)
	require.True(t, ok)

	stale := []struct {
		name string
		call func() error
	}{
		{"First", func() error { _, err := old.First(); return err }},
		{"Last", func() error { _, err := old.Last(); return err }},
		{"SeekRowid", func() error { _, err := old.SeekRowid(1); return err }},
		{"SeekRowidGE", func() error { _, err := old.SeekRowidGE(1); return err }},
		{"SeekRowidLE", func() error { _, err := old.SeekRowidLE(1); return err }},
		{"Rowid", func() error { _, err := old.Rowid(); return err }},
		{"Payload", func() error { _, err := old.Payload(); return err }},
		{"LastRowid", func() error { _, err := old.LastRowid(); return err }},
		{"Count", func() error { _, err := old.Count(); return err }},
		{"Insert", func() error { return old.Insert(1000, []byte{1}) }},
		{"Delete", func() error { return old.Delete() }},
	}
	for _, s := range stale {
		require.ErrorIs(t, s.call(), ErrMisuse, s.name)
	}
	for name, move := range map[string]func() (bool, error){"Next": old.Next, "Prev": old.Prev} {
		ok, err := move()
		require.NoError(t, err, name)
		require.False(t, ok, name)
	}
	require.False(t, old.Valid())
	require.NoError(t, old.Close(), "a second Close is a no-op")

	// The live cursor was not moved and its memory was not given away twice.
	k, err := cur.Rowid()
	require.NoError(t, err)
	require.Equal(t, int64(200), k)
	other, err := f.OpenCursor(index, IndexTree, true, nil)
	require.NoError(t, err)
	require.NotSame(t, cur.cursorMem, other.cursorMem)
	ok, err = other.SeekGE([]Value{{Type: Integer, Int: 5}})
	require.NoError(t, err)
	require.True(t, ok)
	k, err = cur.Rowid()
	require.NoError(t, err)
	require.Equal(t, int64(200), k)
	p, err := cur.Payload()
	require.NoError(t, err)
	require.Equal(t, bytes.Repeat([]byte{200}, 10), p)
	require.NoError(t, other.Close())
	require.NoError(t, f.Rollback())
	require.NoError(t, f.EndRead())
}

// TestReusedCursorStartsClean opens cursors of both kinds on memory that
// other cursors left mid-scan, saved (B6) and in the middle of index seeks:
// each new cursor reads the trees as a fresh one does.
func TestReusedCursorStartsClean(t *testing.T) {
	f, table, index := memTable(t, 300)
	require.NoError(t, f.BeginRead(t.Context()))
	for round := range 40 {
		tc, err := f.OpenCursor(table, TableTree, false, nil)
		require.NoError(t, err)
		ic, err := f.OpenCursor(index, IndexTree, false, nil)
		require.NoError(t, err)
		start := int64(round*7%300 + 1)
		ok, err := tc.SeekRowidGE(start)
		require.NoError(t, err)
		require.True(t, ok)
		ok, err = ic.SeekGE([]Value{{Type: Integer, Int: start}})
		require.NoError(t, err)
		require.True(t, ok)
		for want := start; want <= start+3 && want <= 300; want++ {
			k, err := tc.Rowid()
			require.NoError(t, err)
			require.Equal(t, want, k)
			rec, err := ic.Payload()
			require.NoError(t, err)
			vals, err := DecodeRecord(rec, nil)
			require.NoError(t, err)
			require.Equal(t, want, vals[0].Int)
			_, err = tc.Next()
			require.NoError(t, err)
			_, err = ic.Next()
			require.NoError(t, err)
		}
		// Close in alternating order so each kind takes the other's memory.
		if round%2 == 0 {
			require.NoError(t, tc.Close())
			require.NoError(t, ic.Close())
		} else {
			require.NoError(t, ic.Close())
			require.NoError(t, tc.Close())
		}
		n, err := func() (int64, error) {
			c, err := f.OpenCursor(index, IndexTree, false, nil)
			if err != nil {
				return 0, err
			}
			defer c.Close()
			return c.Count()
		}()
		require.NoError(t, err)
		require.Equal(t, int64(300), n)
	}
	require.NoError(t, f.EndRead())
}

// TestCursorMemPoolBounds checks that the free list keeps at most
// maxFreeMems entries and drops buffers grown past maxPooledBuf.
func TestCursorMemPoolBounds(t *testing.T) {
	f, table, _ := memTable(t, 10)
	require.NoError(t, f.BeginRead(t.Context()))
	var cs []*Cursor
	for range maxFreeMems + 5 {
		c, err := f.OpenCursor(table, TableTree, false, nil)
		require.NoError(t, err)
		cs = append(cs, c)
	}
	cs[0].payloadBuf = make([]byte, 0, maxPooledBuf+1)
	cs[0].cmpBuf = make([]byte, 5, 100)
	m := cs[0].cursorMem
	for _, c := range cs {
		require.NoError(t, c.Close())
	}
	require.Len(t, f.mems.free, maxFreeMems)
	require.Contains(t, f.mems.free, m)
	require.Nil(t, m.payloadBuf)
	require.Empty(t, m.cmpBuf)
	require.Equal(t, 100, cap(m.cmpBuf))
	require.NoError(t, f.EndRead())
}

// TestOpenCursorAllocs checks that opening and closing a cursor allocates
// only the Cursor itself once the File has free memory (B10, B15).
func TestOpenCursorAllocs(t *testing.T) {
	f, table, _ := memTable(t, 10)
	require.NoError(t, f.BeginRead(t.Context()))
	allocs := testing.AllocsPerRun(100, func() {
		c, err := f.OpenCursor(table, TableTree, false, nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.First(); err != nil {
			t.Fatal(err)
		}
		if err := c.Close(); err != nil {
			t.Fatal(err)
		}
	})
	require.Equal(t, 1.0, allocs)
	require.NoError(t, f.EndRead())
}

// BenchmarkOpenCursor opens a cursor on a table, moves it to the first row
// and closes it, as a correlated subquery does for every outer row.
func BenchmarkOpenCursor(b *testing.B) {
	f, root := benchTable(b, 1000)
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		c, err := f.OpenCursor(root, TableTree, false, nil)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := c.First(); err != nil {
			b.Fatal(err)
		}
		if err := c.Close(); err != nil {
			b.Fatal(err)
		}
	}
}
