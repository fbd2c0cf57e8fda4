package pager

import (
	"testing"

	"github.com/walrusdb/walrus/internal/vfs"
)

// BenchmarkCommit10Pages measures one write transaction of 10 changed pages
// on MemFS (syncs are free there: this is the pager's own overhead).
func BenchmarkCommit10Pages(b *testing.B) {
	p, err := Open(vfs.NewMemFS(), "b.db", Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer p.Close()
	tx := txn{}
	for i := uint32(2); i < 12; i++ {
		tx.writes = append(tx.writes, pageWrite{i, 1})
	}
	if err := runTxn(p, tx); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for range b.N {
		if err := runTxn(p, tx); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkGetCached measures a cache hit in a read transaction.
func BenchmarkGetCached(b *testing.B) {
	p, err := Open(vfs.NewMemFS(), "b.db", Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer p.Close()
	if err := runTxn(p, txn{writes: []pageWrite{{2, 1}}}); err != nil {
		b.Fatal(err)
	}
	if err := p.BeginRead(bg); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for range b.N {
		pg, err := p.Get(2)
		if err != nil {
			b.Fatal(err)
		}
		pg.Release()
	}
}
