package pager

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/walrusdb/walrus/internal/vfs"
	"github.com/walrusdb/walrus/journal"
)

// TestPersistStaleSegmentNotReplayed is the regression test of crashtest
// bug B1 (journal J8): under journal_mode=PERSIST a transaction that spilled
// leaves its second segment header in the kept journal file. A later,
// smaller transaction whose records end exactly at that header crashes
// after writing the database and before its commit point; recovery must
// roll back only that transaction, not run on into the stale segment and
// write its out-of-date pages over committed ones.
func TestPersistStaleSegmentNotReplayed(t *testing.T) {
	const pages, ps = 40, 1024
	const sector int64 = 512
	for _, sync := range []Synchronous{SyncNormal, SyncFull, SyncExtra} {
		t.Run(sync.String(), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(7, uint64(sync)))
			fs := vfs.NewFaultFS()
			require.NoError(t, fs.SetSectorSize(int(sector)))
			opts := Options{PageSize: ps, JournalMode: JournalPersist, Synchronous: sync}
			p := mustOpen(t, fs, "s.db", opts)
			writeTxn(t, p, pages, 1)
			p.SetCacheSize(10) // the next transaction spills: several segments
			writeTxn(t, p, pages, 2)
			p.SetCacheSize(0)

			j := readFile(t, fs, "s.db-journal")
			stale := int64(0)
			for off := sector; off+8 <= int64(len(j)); off += sector {
				if bytes.Equal(j[off:off+8], journal.Magic[:]) {
					stale = off
					break
				}
			}
			require.NotZero(t, stale, "the spilling transaction left a second segment header")
			rec := int64(journal.RecordSize(ps))
			n := int((stale - sector) / rec) // records that end just before it
			require.Equal(t, stale, (sector+int64(n)*rec+sector-1)/sector*sector)
			require.Less(t, n, pages)

			// n records: page 1 and pages 2..n, version 3. Stop at the
			// commit point; the disk then holds a hot journal.
			beforeJournalFinalize = func() error { return vfs.ErrCrashed }
			t.Cleanup(func() { beforeJournalFinalize = nil })
			require.NoError(t, p.BeginRead(bg))
			require.NoError(t, p.BeginWrite(bg, false))
			setPages(t, p, n-1, 3)
			require.NoError(t, p.CommitPhaseOne())
			require.ErrorIs(t, p.CommitPhaseTwo(), vfs.ErrCrashed)
			beforeJournalFinalize = nil

			for _, mode := range crashModes {
				img := fs.Crash(mode, rng)
				got, err := readModel(img, "s.db", opts)
				require.NoError(t, err, "%v", mode)
				want := make(model, pages)
				for i := range want {
					want[i] = 2
				}
				require.Equal(t, fmt.Sprint(want), fmt.Sprint(got), "%v: every page rolled back to version 2, none to the stale version 1", mode)
			}
		})
	}
}

func readFile(t *testing.T, fs vfs.FS, name string) []byte {
	t.Helper()
	f, err := fs.Open(name, vfs.OpenReadOnly)
	require.NoError(t, err)
	defer f.Close()
	size, err := f.Size()
	require.NoError(t, err)
	b := make([]byte, size)
	_, err = f.ReadAt(b, 0)
	require.NoError(t, err)
	return b
}
