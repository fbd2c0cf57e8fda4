package btree

import (
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

// benchTable fills a table with n rows of 100-byte payloads in rowid order
// inside one transaction and leaves the transaction open.
func benchTable(b *testing.B, n int) (*File, uint32) {
	f := openMem(b, 4096)
	f.Pager().SetCacheSize(20000) // keep the table cached: measure the b-tree
	beginWrite(b, f)
	root, err := f.CreateTree(TableTree)
	require.NoError(b, err)
	c, err := f.OpenCursor(root, TableTree, true, nil)
	require.NoError(b, err)
	payload := make([]byte, 100)
	for i := 1; i <= n; i++ {
		if err := c.Insert(int64(i), payload); err != nil {
			b.Fatal(err)
		}
	}
	require.NoError(b, c.Close())
	return f, root
}

// BenchmarkInsertSequential inserts 1M rows of 100 bytes in rowid order in
// one transaction; one op is one row.
func BenchmarkInsertSequential(b *testing.B) {
	const rows = 1000000
	f := openMem(b, 4096)
	f.Pager().SetCacheSize(40000) // the whole table stays cached: measure the b-tree
	beginWrite(b, f)
	root, err := f.CreateTree(TableTree)
	require.NoError(b, err)
	c, err := f.OpenCursor(root, TableTree, true, nil)
	require.NoError(b, err)
	payload := make([]byte, 100)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if i%rows == 0 && i > 0 {
			require.NoError(b, f.ClearTree(root))
		}
		if err := c.Insert(int64(i%rows+1), payload); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSeekRandom does random point seeks in a 200k-row table.
func BenchmarkSeekRandom(b *testing.B) {
	const rows = 200000
	f, root := benchTable(b, rows)
	c, err := f.OpenCursor(root, TableTree, false, nil)
	require.NoError(b, err)
	r := rand.New(rand.NewPCG(1, 2))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		found, err := c.SeekRowid(r.Int64N(rows) + 1)
		if err != nil || !found {
			b.Fatal(found, err)
		}
		if _, err := c.Payload(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkScan reads every row of a 200k-row table; one op is one row.
func BenchmarkScan(b *testing.B) {
	const rows = 200000
	f, root := benchTable(b, rows)
	c, err := f.OpenCursor(root, TableTree, false, nil)
	require.NoError(b, err)
	b.ReportAllocs()
	b.ResetTimer()
	ok := false
	for i := 0; i < b.N; i++ {
		if !ok {
			if ok, err = c.First(); err != nil {
				b.Fatal(err)
			}
		}
		if _, err := c.Payload(); err != nil {
			b.Fatal(err)
		}
		if ok, err = c.Next(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkIndexInsertRandom inserts random 2-column keys into an index.
func BenchmarkIndexInsertRandom(b *testing.B) {
	f := openMem(b, 4096)
	f.Pager().SetCacheSize(40000)
	beginWrite(b, f)
	root, err := f.CreateTree(IndexTree)
	require.NoError(b, err)
	c, err := f.OpenCursor(root, IndexTree, true, nil)
	require.NoError(b, err)
	r := rand.New(rand.NewPCG(3, 4))
	vals := []Value{{Type: Integer}, {Type: Integer}}
	var rec []byte
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		vals[0].Int = r.Int64N(1 << 40)
		vals[1].Int = int64(i)
		rec = AppendRecord(rec[:0], vals)
		if err := c.InsertKey(rec); err != nil {
			b.Fatal(err)
		}
	}
}
