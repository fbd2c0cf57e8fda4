package journal

import (
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/walrusdb/walrus/internal/vfs"
)

// readLog is an opLog that also records reads.
type readLog struct {
	opLog
	reads int
}

func (r *readLog) ReadAt(p []byte, off int64) (int, error) {
	r.reads++
	return r.Memory.ReadAt(p, off)
}

// TestSyncedWritesAtHarden: a synced journal's header and records reach
// the storage in one write at Harden, before its first sync, and the
// count after it (J2); an Unsynced journal writes each at once.
func TestSyncedWritesAtHarden(t *testing.T) {
	const ps = 512
	j := &opLog{Memory: NewMemory()}
	w, err := NewWriter(j, WriterConfig{PageSize: ps, SectorSize: 512, DBSize: 8, Nonce: 7, Empty: true})
	require.NoError(t, err)
	for i := uint32(2); i <= 4; i++ {
		require.NoError(t, w.Append(i, page(i, 0, ps)))
	}
	require.Empty(t, j.ops, "nothing written before Harden")
	require.NoError(t, w.Harden(SyncTwice, vfs.SyncData))
	require.Equal(t, []string{"write", "sync", "write", "sync"}, j.ops)
	require.Equal(t, []int64{0, -1, 0, -1}, j.at)
	size, _ := j.Size()
	require.Equal(t, int64(512+3*RecordSize(ps)), size)

	u := &opLog{Memory: NewMemory()}
	w, err = NewWriter(u, WriterConfig{PageSize: ps, SectorSize: 512, DBSize: 8, Nonce: 7, Unsynced: true})
	require.NoError(t, err)
	require.NoError(t, w.Append(2, page(2, 0, ps)))
	require.Equal(t, []string{"write", "write"}, u.ops, "an Unsynced journal's records are live at once")
}

// TestEmptySkipsStaleHeaderRead: Harden reads the next header offset (J8)
// only when the storage may hold older bytes.
func TestEmptySkipsStaleHeaderRead(t *testing.T) {
	const ps = 512
	for _, empty := range []bool{false, true} {
		j := &readLog{opLog: opLog{Memory: NewMemory()}}
		w, err := NewWriter(j, WriterConfig{PageSize: ps, SectorSize: 512, DBSize: 8, Nonce: 7, Empty: empty})
		require.NoError(t, err)
		require.NoError(t, w.Append(2, page(2, 0, ps)))
		require.NoError(t, w.Harden(SyncOnce, vfs.SyncData))
		if empty {
			require.Zero(t, j.reads)
		} else {
			require.Equal(t, 1, j.reads)
		}
	}
}

// TestPendingLimit: a transaction journaling more than maxPending bytes
// writes them in several pieces, and playback sees every record.
func TestPendingLimit(t *testing.T) {
	const ps = 4096
	n := uint32(2*maxPending/RecordSize(ps) + 3)
	j := &opLog{Memory: NewMemory()}
	w, err := NewWriter(j, WriterConfig{PageSize: ps, SectorSize: 512, DBSize: n + 1, Nonce: 9, Empty: true})
	require.NoError(t, err)
	for i := uint32(2); i <= n+1; i++ {
		require.NoError(t, w.Append(i, page(i, 1, ps)))
	}
	require.GreaterOrEqual(t, len(j.ops), 2, "flushed before Harden once maxPending was reached")
	for _, op := range j.ops {
		require.Equal(t, "write", op)
	}
	require.NoError(t, w.Harden(SyncOnce, vfs.SyncData))
	db := &memDB{}
	for i := uint32(1); i <= n+1; i++ {
		_, _ = db.WriteAt(page(i, 2, ps), int64(i-1)*ps)
	}
	info, err := Replay(j, db)
	require.NoError(t, err)
	require.Equal(t, int(n), info.Records)
	pages := db.pages(ps)
	for i := uint32(2); i <= n+1; i++ {
		require.Equal(t, page(i, 1, ps), pages[i], "page %d", i)
	}
}

// TestPendingRollback: the writer's own rollback sees records that are
// still pending (appended after a spill's NewSegment).
func TestPendingRollback(t *testing.T) {
	const ps = 512
	j := NewMemory()
	w, err := NewWriter(j, WriterConfig{PageSize: ps, SectorSize: 512, DBSize: 8, Nonce: 4, Empty: true})
	require.NoError(t, err)
	require.NoError(t, w.Append(2, page(2, 0, ps)))
	require.NoError(t, w.Harden(SyncTwice, vfs.SyncData))
	require.NoError(t, w.NewSegment())
	require.NoError(t, w.Append(3, page(3, 0, ps)))
	db := &memDB{}
	for i := uint32(1); i <= 8; i++ {
		_, _ = db.WriteAt(page(i, 5, ps), int64(i-1)*ps)
	}
	require.NoError(t, w.Rollback(db))
	pages := db.pages(ps)
	require.Equal(t, page(2, 0, ps), pages[2])
	require.Equal(t, page(3, 0, ps), pages[3])
}

// TestRestart: one Writer reused for a second journal writes exactly what
// a new Writer would, and leaves the first journal's storage alone.
func TestRestart(t *testing.T) {
	const ps = 1024
	write := func(w *Writer, s Storage, nonce uint32) {
		cfg := WriterConfig{PageSize: ps, SectorSize: 512, DBSize: 6, Nonce: nonce, Empty: true}
		if w == nil {
			var err error
			w, err = NewWriter(s, cfg)
			require.NoError(t, err)
		} else {
			require.NoError(t, w.Restart(s, cfg))
		}
		for _, pg := range []uint32{3, 2, 5} {
			require.NoError(t, w.Append(pg, page(pg, byte(nonce), ps)))
		}
		require.NoError(t, w.Harden(SyncTwice, vfs.SyncData))
		require.Equal(t, 3, w.Records())
	}
	first, second, fresh := NewMemory(), NewMemory(), NewMemory()
	w, err := NewWriter(first, WriterConfig{PageSize: ps, SectorSize: 512, DBSize: 6, Nonce: 1})
	require.NoError(t, err)
	require.NoError(t, w.Append(4, page(4, 1, ps)))
	require.NoError(t, w.Harden(SyncOnce, vfs.SyncData))
	before := append([]byte(nil), first.data...)
	write(w, second, 2)
	write(nil, fresh, 2)
	require.Equal(t, fresh.data, second.data)
	require.Equal(t, before, first.data)
	require.Error(t, w.Restart(second, WriterConfig{PageSize: 1000, SectorSize: 512}), "bad page size")
}
