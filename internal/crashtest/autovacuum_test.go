package crashtest

import (
	"context"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/walrusdb/walrus/internal/vfs"
	"github.com/walrusdb/walrus/pager"
)

// TestCrashAutoVacuum is TestCrashAtSync on an auto_vacuum=FULL database:
// a crash at any sync, or at sampled ops, of a commit that vacuums (moves
// pages, rewrites the pointer map, truncates the file) recovers to the
// state before or after the transaction, and integrity_check (which
// verifies the pointer map) passes.
func TestCrashAutoVacuum(t *testing.T) {
	seed := testSeed(t)
	combos := []Combo{{pager.JournalDelete, pager.SyncFull}}
	g := Geometry{PageSize: 1024, SectorSize: 512}
	txns, opStride := 10, 15
	if fullRun() {
		combos = nil
		for _, c := range AllCombos() {
			if Expected(c, PowerDropUnsynced) == Durable {
				combos = append(combos, c)
			}
		}
		txns, opStride = 20, 3
	}
	w := NewAutoVacuumWorkload(seed, txns)
	for _, c := range combos {
		t.Run(c.String(), func(t *testing.T) { crashAutoVacuum(t, w, c, g, seed, txns, opStride) })
	}
}

func crashAutoVacuum(t *testing.T, w *Workload, c Combo, g Geometry, seed uint64, txns, opStride int) {
	// Without faults the file really is FULL auto-vacuum: no free page
	// after any transaction, and some commits shrink the file.
	ctx := context.Background()
	fs := vfs.NewFaultFS()
	require.NoError(t, fs.SetSectorSize(g.SectorSize))
	conn, err := openConn(fs, c, g)
	require.NoError(t, err)
	get := func(q string) string {
		rows, err := query(ctx, conn, q)
		require.NoError(t, err)
		require.Len(t, rows, 1, q)
		return rows[0][0].String()
	}
	shrunk, pages := 0, 0
	for _, tx := range w.Txns {
		require.NoError(t, runTxn(ctx, conn, tx))
		require.Equal(t, "0", get("PRAGMA freelist_count"), tx.Kind)
		n, err := strconv.Atoi(get("PRAGMA page_count"))
		require.NoError(t, err)
		if n < pages {
			shrunk++
		}
		pages = n
	}
	require.Equal(t, "1", get("PRAGMA auto_vacuum"))
	require.Positive(t, shrunk, "no commit shrank the file")
	conn.Close()

	syncs := crashAtEverySync(t, w, c, g, seed) // matrix_test.go
	require.Greater(t, syncs, 2*txns, "too few sync points: the injector did not reach the commits")
	ops := crashAtSampledOps(t, w, c, g, seed, 11, opStride)
	t.Logf("%d injected crashes checked", syncs+ops)
}
