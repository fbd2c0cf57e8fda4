package pager

import (
	"context"
	"encoding/binary"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/walrusdb/walrus/internal/vfs"
)

func init() { checkInvariants = true }

var bg = context.Background()

// initPage1 writes a minimal valid page 1 (database header + empty table
// leaf), as the btree layer does for a new file.
func initPage1(b []byte, pageSize int) {
	clear(b)
	copy(b, headerMagic)
	if pageSize == 65536 {
		binary.BigEndian.PutUint16(b[16:], 1)
	} else {
		binary.BigEndian.PutUint16(b[16:], uint16(pageSize))
	}
	b[18], b[19], b[20], b[21], b[22], b[23] = 1, 1, 0, 64, 32, 32
	binary.BigEndian.PutUint32(b[44:], 4) // schema format
	binary.BigEndian.PutUint32(b[56:], 1) // UTF-8
	b[100] = 0x0d                         // empty table leaf
	binary.BigEndian.PutUint16(b[105:], uint16(pageSize%65536))
}

// fill gives page pgno a recognisable content for version v.
func fill(b []byte, pgno uint32, v byte) {
	for i := range b {
		b[i] = byte(pgno) ^ v ^ byte(i*7)
	}
}

func mustOpen(t *testing.T, fs vfs.FS, path string, opts Options) *Pager {
	t.Helper()
	p, err := Open(fs, path, opts)
	require.NoError(t, err)
	t.Cleanup(func() { _ = p.Close() })
	return p
}

// writeTxn runs one write transaction that sets pages 2..n+1 to version v
// (page 1 gets a valid header) and commits it.
func writeTxn(t *testing.T, p *Pager, n int, v byte) {
	t.Helper()
	require.NoError(t, p.BeginRead(bg))
	require.NoError(t, p.BeginWrite(bg, false))
	setPages(t, p, n, v)
	require.NoError(t, p.CommitPhaseOne())
	require.NoError(t, p.CommitPhaseTwo())
	require.NoError(t, p.EndRead())
}

func setPages(t *testing.T, p *Pager, n int, v byte) {
	t.Helper()
	pg, err := p.Get(1)
	require.NoError(t, err)
	require.NoError(t, p.Write(pg))
	if p.PageCount() <= 1 && pg.Data()[0] == 0 {
		initPage1(pg.Data(), p.PageSize())
	}
	pg.Release()
	for i := 2; i <= n+1; i++ {
		pg, err := p.Get(uint32(i))
		require.NoError(t, err)
		require.NoError(t, p.Write(pg))
		fill(pg.Data(), uint32(i), v)
		pg.Release()
	}
}

// checkPages asserts pages 2..n+1 hold version v, in a read transaction.
func checkPages(t *testing.T, p *Pager, n int, v byte) {
	t.Helper()
	require.NoError(t, p.BeginRead(bg))
	defer func() { require.NoError(t, p.EndRead()) }()
	require.Equal(t, uint32(n+1), p.PageCount())
	want := make([]byte, p.PageSize())
	for i := 2; i <= n+1; i++ {
		pg, err := p.Get(uint32(i))
		require.NoError(t, err)
		fill(want, uint32(i), v)
		require.Equal(t, want, pg.Data(), "page %d", i)
		pg.Release()
	}
}
