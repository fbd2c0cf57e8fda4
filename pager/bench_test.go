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

// BenchmarkStatementSavepoint is one statement of a transaction in
// journal_mode=DELETE: a savepoint, 50 writes to pages the transaction has
// not touched yet, release; the transaction then rolls back. With S3 the
// savepoint keeps no copies of those pages (their originals are in the
// journal); one op is one statement.
func BenchmarkStatementSavepoint(b *testing.B) {
	p, err := Open(vfs.NewMemFS(), "b.db", Options{CacheSize: 1000})
	if err != nil {
		b.Fatal(err)
	}
	defer p.Close()
	tx := txn{}
	for i := uint32(2); i < 52; i++ {
		tx.writes = append(tx.writes, pageWrite{i, 1})
	}
	if err := runTxn(p, tx); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		if err := p.BeginRead(bg); err != nil {
			b.Fatal(err)
		}
		if err := p.BeginWrite(bg, false); err != nil {
			b.Fatal(err)
		}
		if err := p.Savepoint(1); err != nil {
			b.Fatal(err)
		}
		for q := uint32(2); q < 52; q++ {
			if err := writePage(p, q, 2); err != nil {
				b.Fatal(err)
			}
		}
		if err := p.ReleaseSavepoint(1); err != nil {
			b.Fatal(err)
		}
		if err := p.Rollback(); err != nil {
			b.Fatal(err)
		}
		if err := p.EndRead(); err != nil {
			b.Fatal(err)
		}
	}
}
