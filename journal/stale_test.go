package journal

import (
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/walrusdb/walrus/internal/vfs"
)

// opLog is a journal Storage that records writes and syncs in order.
type opLog struct {
	*Memory
	ops []string
	at  []int64
}

func (o *opLog) WriteAt(p []byte, off int64) (int, error) {
	o.ops, o.at = append(o.ops, "write"), append(o.at, off)
	return o.Memory.WriteAt(p, off)
}

func (o *opLog) Sync(m vfs.SyncMode) error {
	o.ops, o.at = append(o.ops, "sync"), append(o.at, -1)
	return o.Memory.Sync(m)
}

// TestHardenVoidsStaleNextHeader is the regression test of crashtest bug B1
// (J8): a reused (PERSIST) journal still holds a second segment header of an
// older transaction that spilled, exactly where playback of a newer,
// shorter journal looks for its next segment. Playback of the newer journal
// must not run on into the stale segment, whose records carry their own
// nonce and so pass their checksums.
func TestHardenVoidsStaleNextHeader(t *testing.T) {
	const ps, sector = 512, 512
	for _, d := range []Durability{NoSync, SyncOnce, SyncTwice} {
		t.Run([]string{"NoSync", "SyncOnce", "SyncTwice"}[d], func(t *testing.T) {
			j := &opLog{Memory: NewMemory()}
			// The older transaction: segment 1 journals pages 2..4, then a
			// spill starts segment 2 (pages 5, 6 at version 1, the content
			// they had before that older transaction).
			old, err := NewWriter(j, WriterConfig{PageSize: ps, SectorSize: sector, DBSize: 8, Nonce: 111})
			require.NoError(t, err)
			for i := uint32(2); i <= 4; i++ {
				require.NoError(t, old.Append(i, page(i, 1, ps)))
			}
			require.NoError(t, old.Harden(SyncTwice, vfs.SyncData))
			require.NoError(t, old.NewSegment())
			stale := old.segs[1].hdrOff
			require.NoError(t, old.Append(5, page(5, 1, ps)))
			require.NoError(t, old.Append(6, page(6, 1, ps)))
			require.NoError(t, old.Harden(SyncTwice, vfs.SyncData))
			// PERSIST commit point: only the first header is zeroed.
			_, err = j.WriteAt(make([]byte, HeaderSize), 0)
			require.NoError(t, err)

			// The newer transaction journals three pages too (version 2),
			// so its records end where the stale header starts.
			j.ops, j.at = nil, nil
			w, err := NewWriter(j, WriterConfig{PageSize: ps, SectorSize: sector, DBSize: 8, Nonce: 222})
			require.NoError(t, err)
			for i := uint32(2); i <= 4; i++ {
				require.NoError(t, w.Append(i, page(i, 2, ps)))
			}
			require.Equal(t, stale, segmentStart(w.off, sector), "the test needs the stale header at the next header offset")
			require.NoError(t, w.Harden(d, vfs.SyncData))
			// The database after the newer transaction wrote version 3.
			db := &memDB{}
			for i := uint32(1); i <= 8; i++ {
				_, _ = db.WriteAt(page(i, 3, ps), int64(i-1)*ps)
			}
			info, err := Replay(j, db)
			require.NoError(t, err)
			require.Equal(t, 3, info.Records, "only the newer transaction's records")
			pages := db.pages(ps)
			for i := uint32(2); i <= 4; i++ {
				require.Equal(t, page(i, 2, ps), pages[i], "page %d rolled back", i)
			}
			for i := uint32(5); i <= 6; i++ {
				require.Equal(t, page(i, 3, ps), pages[i], "page %d must not get the stale record", i)
			}
			require.NotEqual(t, Magic[:], j.data[stale:stale+8], "the stale header lost its magic")

			// The clearing reaches the file before the record count, and
			// under SyncTwice before the first sync.
			cleared, count, firstSync := -1, -1, -1
			for i, op := range j.ops {
				switch {
				case op == "write" && j.at[i] == stale && cleared < 0:
					cleared = i
				case op == "write" && j.at[i] == 0 && i > 0:
					count = i
				case op == "sync" && firstSync < 0:
					firstSync = i
				}
			}
			require.GreaterOrEqual(t, cleared, 0)
			require.Greater(t, count, cleared)
			if d == SyncTwice {
				require.Greater(t, firstSync, cleared)
			}

		})
	}
}

// TestHardenLeavesOwnNextSegment checks that voiding a stale header never
// touches this writer's own data: a fresh journal has nothing past its end,
// and a multi-segment journal keeps every segment it hardened.
func TestHardenLeavesOwnNextSegment(t *testing.T) {
	const ps = 512
	j := NewMemory()
	w, err := NewWriter(j, WriterConfig{PageSize: ps, SectorSize: 512, DBSize: 8, Nonce: 5})
	require.NoError(t, err)
	require.NoError(t, w.Append(2, page(2, 0, ps)))
	require.NoError(t, w.Harden(SyncOnce, vfs.SyncData))
	size, _ := j.Size()
	require.Equal(t, int64(512+RecordSize(ps)), size, "no write past the end of a fresh journal")
	require.NoError(t, w.NewSegment())
	require.NoError(t, w.Append(3, page(3, 0, ps)))
	require.NoError(t, w.Harden(SyncOnce, vfs.SyncData))
	db := &memDB{}
	for i := uint32(1); i <= 8; i++ {
		_, _ = db.WriteAt(page(i, 9, ps), int64(i-1)*ps)
	}
	info, err := Replay(j, db)
	require.NoError(t, err)
	require.Equal(t, 2, info.Segments)
	require.Equal(t, 2, info.Records)
}
