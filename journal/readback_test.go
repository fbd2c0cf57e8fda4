package journal

import (
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/walrusdb/walrus/internal/vfs"
)

// TestReadOriginal: a record is read back from the offset End gave before
// its Append, also across a segment boundary; a wrong page number or an
// offset outside the records is an error, never another page's content.
func TestReadOriginal(t *testing.T) {
	const ps = 512
	w, err := NewWriter(NewMemory(), WriterConfig{PageSize: ps, SectorSize: 1024, DBSize: 9, Nonce: 5})
	require.NoError(t, err)
	offs := map[uint32]int64{}
	for _, pg := range []uint32{2, 3} {
		offs[pg] = w.End()
		require.NoError(t, w.Append(pg, page(pg, 7, ps)))
	}
	require.NoError(t, w.Harden(SyncTwice, vfs.SyncData))
	require.NoError(t, w.NewSegment())
	offs[8] = w.End()
	require.NoError(t, w.Append(8, page(8, 7, ps)))

	dst := make([]byte, ps)
	for pg, off := range offs {
		require.NoError(t, w.ReadOriginal(off, pg, dst))
		require.Equal(t, page(pg, 7, ps), dst, "page %d", pg)
	}
	require.ErrorIs(t, w.ReadOriginal(offs[3], 2, dst), ErrBadRecord, "record of another page")
	require.Error(t, w.ReadOriginal(0, 2, dst), "the header is no record")
	require.Error(t, w.ReadOriginal(w.End(), 2, dst), "past the last record")
	require.Error(t, w.ReadOriginal(offs[2], 2, dst[:ps-1]), "wrong buffer size")
}
