package pager

import (
	"os"
	"testing"

	"github.com/walrusdb/walrus/internal/vfs"
)

// benchDir is a directory for benchmarks on real files: tmpfs when there is
// one, so fsync is cheap and the pager's own syscalls and CPU show.
func benchDir(b *testing.B) string {
	if st, err := os.Stat("/dev/shm"); err == nil && st.IsDir() {
		d, err := os.MkdirTemp("/dev/shm", "walrus-pager-bench")
		if err == nil {
			b.Cleanup(func() { os.RemoveAll(d) })
			return d
		}
	}
	return b.TempDir()
}

// BenchmarkCommitLargeCache is an autocommit write of 3 pages with 2000
// pages in the cache: the per-commit cost should not grow with the cache.
func BenchmarkCommitLargeCache(b *testing.B) {
	p, err := Open(vfs.NewMemFS(), "b.db", Options{CacheSize: 4000})
	if err != nil {
		b.Fatal(err)
	}
	defer p.Close()
	tx := txn{}
	for i := uint32(2); i <= 2000; i++ {
		tx.writes = append(tx.writes, pageWrite{i, 1})
	}
	if err := runTxn(p, tx); err != nil {
		b.Fatal(err)
	}
	small := txn{writes: []pageWrite{{5, 2}, {700, 2}, {1500, 2}}}
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		if err := runTxn(p, small); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkReadTxnOS is one autocommit read statement's pager work on a
// real file: BeginRead (SHARED, hot-journal check, cache check), a cached
// page, EndRead.
func BenchmarkReadTxnOS(b *testing.B) {
	p, err := Open(vfs.NewOSFS(), benchDir(b)+"/b.db", Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer p.Close()
	if err := runTxn(p, txn{writes: []pageWrite{{2, 1}}}); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		if err := p.BeginRead(bg); err != nil {
			b.Fatal(err)
		}
		pg, err := p.Get(2)
		if err != nil {
			b.Fatal(err)
		}
		pg.Release()
		if err := p.EndRead(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCommitOS is one autocommit write of 3 existing pages on a real
// file in journal_mode=DELETE, synchronous=FULL.
func BenchmarkCommitOS(b *testing.B) {
	p, err := Open(vfs.NewOSFS(), benchDir(b)+"/b.db", Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer p.Close()
	tx := txn{}
	for i := uint32(2); i <= 100; i++ {
		tx.writes = append(tx.writes, pageWrite{i, 1})
	}
	if err := runTxn(p, tx); err != nil {
		b.Fatal(err)
	}
	small := txn{writes: []pageWrite{{5, 2}, {50, 2}, {90, 2}}}
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		if err := runTxn(p, small); err != nil {
			b.Fatal(err)
		}
	}
}
