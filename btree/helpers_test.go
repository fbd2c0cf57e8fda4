package btree

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/walrusdb/walrus/internal/vfs"
	"github.com/walrusdb/walrus/pager"
)

// openMem opens an empty in-memory database with the given page size.
func openMem(t testing.TB, pageSize int) *File {
	t.Helper()
	return openOn(t, vfs.NewMemFS(), "test.db", pageSize)
}

// openDisk opens (creating) a database file in a temporary directory and
// returns it with its path.
func openDisk(t testing.TB, pageSize int) (*File, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "test.db")
	return openOn(t, vfs.NewOSFS(), path, pageSize), path
}

func openOn(t testing.TB, fs vfs.FS, path string, pageSize int) *File {
	t.Helper()
	p, err := pager.Open(fs, path, pager.Options{PageSize: pageSize, JournalMode: pager.JournalOff, Synchronous: pager.SyncOff})
	require.NoError(t, err)
	f, err := Open(p)
	require.NoError(t, err)
	t.Cleanup(func() { _ = p.Close() })
	return f
}

// beginWrite starts a read and a write transaction.
func beginWrite(t testing.TB, f *File) {
	t.Helper()
	require.NoError(t, f.BeginRead(context.Background()))
	require.NoError(t, f.BeginWrite(context.Background(), false))
}

// commit commits and ends the read transaction.
func commit(t testing.TB, f *File) {
	t.Helper()
	require.NoError(t, f.Commit())
	require.NoError(t, f.EndRead())
}

// mustCheck runs IntegrityCheck and fails on any problem.
func mustCheck(t testing.TB, f *File, roots []uint32, keys map[uint32]*KeyInfo) {
	t.Helper()
	probs, err := f.IntegrityCheckKeys(roots, keys, 20)
	require.NoError(t, err)
	require.Empty(t, probs)
}
