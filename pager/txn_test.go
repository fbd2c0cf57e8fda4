package pager

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/walrusdb/walrus/internal/vfs"
)

func TestSavepoints(t *testing.T) {
	fs := vfs.NewMemFS()
	p := mustOpen(t, fs, "sp.db", Options{})
	writeTxn(t, p, 4, 1) // pages 2..5 at version 1
	require.NoError(t, p.BeginRead(bg))
	require.NoError(t, p.BeginWrite(bg, false))

	require.NoError(t, writePage(p, 2, 2)) // before any savepoint
	require.NoError(t, p.Savepoint(1))     // sp1
	require.NoError(t, writePage(p, 3, 3)) // changed in sp1
	require.NoError(t, writePage(p, 7, 3)) // grows the db to 7 pages in sp1
	require.NoError(t, p.Savepoint(2))     // sp2
	require.NoError(t, writePage(p, 2, 4)) // changed again in sp2
	require.NoError(t, p.Truncate(4))      // drops pages 5..7 in sp2
	require.Equal(t, uint32(4), p.PageCount())

	require.NoError(t, p.RollbackTo(2))
	require.Equal(t, uint32(7), p.PageCount())
	expectPage(t, p, 2, 2)
	expectPage(t, p, 3, 3)
	expectPage(t, p, 5, 1)
	expectPage(t, p, 7, 3)

	require.NoError(t, writePage(p, 4, 5)) // sp2 is still open and records again
	require.NoError(t, p.RollbackTo(2))
	expectPage(t, p, 4, 1)

	require.NoError(t, p.RollbackTo(1))
	require.Equal(t, uint32(5), p.PageCount())
	expectPage(t, p, 2, 2)
	expectPage(t, p, 3, 1)
	require.ErrorIs(t, p.RollbackTo(2), ErrMisuse, "sp2 closed by rolling back to sp1")

	require.NoError(t, writePage(p, 5, 6))
	require.NoError(t, p.ReleaseSavepoint(1)) // keep the change, forget sp1
	require.ErrorIs(t, p.RollbackTo(1), ErrMisuse)
	require.NoError(t, p.CommitPhaseOne())
	require.NoError(t, p.CommitPhaseTwo())
	require.NoError(t, p.EndRead())

	q := mustOpen(t, fs, "sp.db", Options{})
	require.NoError(t, q.BeginRead(bg))
	require.Equal(t, uint32(5), q.PageCount())
	expectPage(t, q, 2, 2)
	expectPage(t, q, 3, 1)
	expectPage(t, q, 5, 6)
	require.NoError(t, q.EndRead())
}

func expectPage(t *testing.T, p *Pager, pgno uint32, v byte) {
	t.Helper()
	pg, err := p.Get(pgno)
	require.NoError(t, err)
	defer pg.Release()
	want := make([]byte, p.PageSize())
	fill(want, pgno, v)
	require.Equal(t, want, pg.Data(), "page %d want version %d", pgno, v)
}

// TestSavepointsVsModel runs random writes, savepoints, rollbacks and
// releases against a plain map model, with a cache small enough to spill,
// in each journal mode: with a journal, savepoints restore untouched pages
// from it (S3); without one they keep copies.
func TestSavepointsVsModel(t *testing.T) {
	for _, mode := range []JournalMode{JournalDelete, JournalPersist, JournalMemory, JournalOff} {
		t.Run(mode.String(), func(t *testing.T) { testSavepointsVsModel(t, mode) })
	}
}

func testSavepointsVsModel(t *testing.T, mode JournalMode) {
	rng := rand.New(rand.NewPCG(7, 7))
	fs := vfs.NewMemFS()
	cache := 10
	if mode == JournalOff {
		cache = 1000 // without a journal, a spill makes the full rollback impossible
	}
	p := mustOpen(t, fs, "m.db", Options{PageSize: 512, CacheSize: cache, JournalMode: mode})
	writeTxn(t, p, 20, 1)
	for round := range 20 {
		require.NoError(t, p.BeginRead(bg))
		require.NoError(t, p.BeginWrite(bg, false))
		cur := map[uint32]byte{}
		for i := uint32(2); i <= 21; i++ {
			cur[i] = 1
		}
		size := uint32(21)
		type snap struct {
			pages map[uint32]byte
			size  uint32
		}
		var sps []snap
		copyMap := func(m map[uint32]byte) map[uint32]byte {
			out := make(map[uint32]byte, len(m))
			for k, v := range m {
				out[k] = v
			}
			return out
		}
		var trace []string
		for range 60 {
			r := rng.IntN(10)
			trace = append(trace, fmt.Sprintf("r=%d size=%d sps=%d", r, size, len(sps)))
			switch {
			case r < 6:
				pgno := uint32(2 + rng.IntN(int(size)+2))
				v := byte(2 + rng.IntN(200))
				require.NoError(t, writePage(p, pgno, v))
				for q := size + 1; q < pgno; q++ {
					cur[q] = 0
				}
				cur[pgno] = v
				size = max(size, pgno)
			case r == 6:
				require.NoError(t, p.Savepoint(len(sps)+1))
				sps = append(sps, snap{copyMap(cur), size})
			case r == 7 && len(sps) > 0:
				d := 1 + rng.IntN(len(sps))
				require.NoError(t, p.RollbackTo(d))
				cur, size = copyMap(sps[d-1].pages), sps[d-1].size
				sps = sps[:d]
			case r == 8 && len(sps) > 0:
				d := 1 + rng.IntN(len(sps))
				require.NoError(t, p.ReleaseSavepoint(d))
				sps = sps[:d-1]
			case r == 9 && size > 4:
				n := size - uint32(rng.IntN(3))
				require.NoError(t, p.Truncate(n))
				for q := n + 1; q <= size; q++ {
					delete(cur, q)
				}
				size = n
			}
			require.Equal(t, size, p.PageCount(), "round %d after %v", round, trace[len(trace)-1])
		}
		check := func(p *Pager) {
			require.Equal(t, size, p.PageCount(), "round %d %v", round, trace)
			want := make([]byte, p.PageSize())
			for q := uint32(2); q <= size; q++ {
				pg, err := p.Get(q)
				require.NoError(t, err)
				fillVersion(want, q, cur[q])
				require.Equal(t, want, pg.Data(), "round %d page %d", round, q)
				pg.Release()
			}
		}
		check(p)
		if round%2 == 0 {
			require.NoError(t, p.CommitPhaseOne())
			require.NoError(t, p.CommitPhaseTwo())
			require.NoError(t, p.EndRead())
			q := mustOpen(t, fs, "m.db", Options{PageSize: 512})
			require.NoError(t, q.BeginRead(bg))
			check(q)
			require.NoError(t, q.EndRead())
			require.NoError(t, q.Close())
			// reset the baseline: rewrite all pages to version 1
			require.NoError(t, p.BeginRead(bg))
			require.NoError(t, p.BeginWrite(bg, false))
			if p.PageCount() > 21 {
				require.NoError(t, p.Truncate(21))
			}
			for i := uint32(2); i <= 21; i++ {
				require.NoError(t, writePage(p, i, 1))
			}
			require.NoError(t, p.CommitPhaseOne())
			require.NoError(t, p.CommitPhaseTwo())
			require.NoError(t, p.EndRead())
		} else {
			require.NoError(t, p.Rollback())
			require.NoError(t, p.EndRead())
			checkPages(t, p, 20, 1)
		}
	}
	require.Greater(t, p.Stats().PagesWritten, uint64(0))
}

func TestSpillThenRollbackAndCommit(t *testing.T) {
	fs := vfs.NewMemFS()
	p := mustOpen(t, fs, "spill.db", Options{PageSize: 512, CacheSize: 10})
	writeTxn(t, p, 40, 1)

	require.NoError(t, p.BeginRead(bg))
	require.NoError(t, p.BeginWrite(bg, false))
	w0 := p.Stats().PagesWritten
	setPages(t, p, 60, 2)
	require.Greater(t, p.Stats().PagesWritten, w0, "dirty pages spilled before commit")
	require.Equal(t, stateWriterDBMod, p.state)
	require.LessOrEqual(t, len(p.cache.pages), 12, "cache stays near its bound")
	require.NoError(t, p.Rollback())
	require.NoError(t, p.EndRead())
	checkPages(t, p, 40, 1)

	require.NoError(t, p.BeginRead(bg))
	require.NoError(t, p.BeginWrite(bg, false))
	setPages(t, p, 60, 3)
	require.NoError(t, p.CommitPhaseOne())
	require.NoError(t, p.CommitPhaseTwo())
	require.NoError(t, p.EndRead())
	q := mustOpen(t, fs, "spill.db", Options{})
	checkPages(t, q, 60, 3)
}

func TestCacheInvalidatedByOtherWriter(t *testing.T) {
	fs := vfs.NewMemFS()
	a := mustOpen(t, fs, "inv.db", Options{})
	b := mustOpen(t, fs, "inv.db", Options{})
	writeTxn(t, a, 3, 1)
	checkPages(t, b, 3, 1) // b caches version 1
	r0 := b.Stats().PagesRead
	checkPages(t, b, 3, 1)
	require.Equal(t, r0, b.Stats().PagesRead, "unchanged file: cache reused")
	writeTxn(t, a, 3, 2)
	checkPages(t, b, 3, 2)
	require.Greater(t, b.Stats().PagesRead, r0, "changed file: cache dropped")
}

func TestJournalModes(t *testing.T) {
	for _, mode := range []JournalMode{JournalDelete, JournalTruncate, JournalPersist, JournalMemory, JournalOff} {
		for _, sync := range []Synchronous{SyncOff, SyncNormal, SyncFull, SyncExtra} {
			t.Run(fmt.Sprintf("%v-%v", mode, sync), func(t *testing.T) {
				fs := vfs.NewMemFS()
				p := mustOpen(t, fs, "j.db", Options{JournalMode: mode, Synchronous: sync})
				writeTxn(t, p, 3, 1)
				s0 := p.Stats().Syncs
				writeTxn(t, p, 3, 2)
				syncs := p.Stats().Syncs - s0
				exists, err := fs.Exists("j.db-journal")
				require.NoError(t, err)
				require.Equal(t, mode == JournalTruncate || mode == JournalPersist, exists)
				// Expected syncs of the second commit: journal hardening
				// (1 NORMAL, 2 FULL/EXTRA), the directory entry of a newly
				// created journal, the database, the finalize (TRUNCATE under
				// FULL+, PERSIST unless OFF) and EXTRA's directory sync after
				// DELETE.
				want := map[JournalMode]map[Synchronous]uint64{
					JournalDelete:   {SyncOff: 0, SyncNormal: 3, SyncFull: 4, SyncExtra: 5},
					JournalTruncate: {SyncOff: 0, SyncNormal: 2, SyncFull: 4, SyncExtra: 4},
					JournalPersist:  {SyncOff: 0, SyncNormal: 3, SyncFull: 4, SyncExtra: 4},
					JournalMemory:   {SyncOff: 0, SyncNormal: 1, SyncFull: 1, SyncExtra: 1},
					JournalOff:      {SyncOff: 0, SyncNormal: 1, SyncFull: 1, SyncExtra: 1},
				}[mode][sync]
				require.Equal(t, want, syncs, "syncs per commit")

				require.NoError(t, p.BeginRead(bg))
				require.NoError(t, p.BeginWrite(bg, false))
				setPages(t, p, 5, 3)
				require.NoError(t, p.Rollback())
				require.NoError(t, p.EndRead())
				checkPages(t, p, 3, 2)
			})
		}
	}
}

// TestInjectedErrors fails each mutating file system op of a commit in
// turn (the op fails, later ops work). A failed commit must leave, after
// Rollback and a new read transaction, the previous state if phase one
// failed, and either state if phase two failed; a commit that returned nil
// leaves the new state.
func TestInjectedErrors(t *testing.T) {
	for _, cfg := range []Options{
		{JournalMode: JournalDelete, Synchronous: SyncFull},
		{JournalMode: JournalPersist, Synchronous: SyncNormal, PageSize: 1024},
		{JournalMode: JournalTruncate, Synchronous: SyncExtra, PageSize: 512, CacheSize: 10},
		{JournalMode: JournalMemory, Synchronous: SyncFull},
	} {
		t.Run(fmt.Sprintf("%v-%v-%d", cfg.JournalMode, cfg.Synchronous, cfg.PageSize), func(t *testing.T) {
			for n := 1; ; n++ {
				fs := vfs.NewFaultFS()
				p, err := Open(fs, "f.db", cfg)
				require.NoError(t, err)
				writeTxn(t, p, 12, 1)
				fs.SetInjector(vfs.FailNthMatching(func(op vfs.Op) bool {
					return op.Kind.IsWrite() && op.Kind != vfs.OpLock && op.Kind != vfs.OpClose
				}, n, nil))
				phase := 0
				err = p.BeginRead(bg)
				if err == nil {
					err = p.BeginWrite(bg, false)
				}
				if err == nil {
					err = tryPages(p, 14, 2)
				}
				if err == nil {
					phase = 1
					err = p.CommitPhaseOne()
				}
				if err == nil {
					phase = 2
					err = p.CommitPhaseTwo()
				}
				if err == nil {
					err = p.EndRead()
				}
				injected := fs.Injected() > 0
				fs.SetInjector(nil)
				if err != nil {
					require.True(t, errors.Is(err, vfs.ErrInjected), "n=%d: %v", n, err)
					require.NoError(t, p.Rollback())
					require.NoError(t, p.EndRead())
				}
				got, rerr := readModelP(p)
				require.NoError(t, rerr, "n=%d (err %v)", n, err)
				v1, v2 := got.all(1, 12), got.all(2, 14)
				switch {
				case err == nil:
					require.True(t, v2, "n=%d: committed state", n)
				case phase < 2:
					require.True(t, v1, "n=%d phase %d: %v", n, phase, err)
				default:
					require.True(t, v1 || v2, "n=%d", n)
				}
				require.NoError(t, p.Close())
				if !injected {
					require.Greater(t, n, 5)
					return
				}
			}
		})
	}
}

func tryPages(p *Pager, n int, v byte) error {
	for i := 1; i <= n+1; i++ {
		if err := writePage(p, uint32(i), v); err != nil {
			return err
		}
	}
	return nil
}

type versions map[uint32]byte

// all reports whether pages 2..n+1 are exactly version v (and nothing more).
func (m versions) all(v byte, n int) bool {
	if len(m) != n {
		return false
	}
	for _, got := range m {
		if got != v {
			return false
		}
	}
	return true
}

func readModelP(p *Pager) (versions, error) {
	if err := p.BeginRead(bg); err != nil {
		return nil, err
	}
	defer p.EndRead()
	out := versions{}
	want := make([]byte, p.PageSize())
	for i := uint32(2); i <= p.PageCount(); i++ {
		pg, err := p.Get(i)
		if err != nil {
			return nil, err
		}
		for v := 1; v < 256; v++ {
			fill(want, i, byte(v))
			if string(want) == string(pg.Data()) {
				out[i] = byte(v)
				break
			}
		}
		pg.Release()
		if _, ok := out[i]; !ok {
			return nil, fmt.Errorf("page %d: unknown content", i)
		}
	}
	return out, nil
}

func TestLeavingPersistRemovesJournal(t *testing.T) {
	fs := vfs.NewMemFS()
	p := mustOpen(t, fs, "lp.db", Options{JournalMode: JournalPersist})
	writeTxn(t, p, 2, 1)
	exists, err := fs.Exists("lp.db-journal")
	require.NoError(t, err)
	require.True(t, exists)
	require.NoError(t, p.BeginRead(bg))
	m, err := p.SetJournalMode(JournalDelete)
	require.NoError(t, err)
	require.Equal(t, JournalDelete, m)
	require.NoError(t, p.EndRead())
	exists, err = fs.Exists("lp.db-journal")
	require.NoError(t, err)
	require.False(t, exists)

	require.NoError(t, p.BeginRead(bg))
	require.NoError(t, p.BeginWrite(bg, false))
	_, err = p.SetJournalMode(JournalMemory)
	require.ErrorIs(t, err, ErrMisuse, "not inside a write transaction")
	require.NoError(t, p.Rollback())
	require.NoError(t, p.EndRead())
}

// TestWholeSectorJournaled: with 4096-byte sectors and 1024-byte pages,
// changing one page journals the four pages of its sector (D6), but never
// pages past the original size.
func TestWholeSectorJournaled(t *testing.T) {
	fs := vfs.NewFaultFS()
	require.NoError(t, fs.SetSectorSize(4096))
	p := mustOpen(t, fs, "sec.db", Options{PageSize: 1024})
	writeTxn(t, p, 9, 1) // pages 1..10
	require.NoError(t, p.BeginRead(bg))
	require.NoError(t, p.BeginWrite(bg, false))
	require.NoError(t, writePage(p, 6, 2))
	require.Equal(t, 4, p.jw.Records(), "pages 5..8")
	for q := uint32(5); q <= 8; q++ {
		require.Contains(t, p.inJournal, q)
	}
	require.NoError(t, writePage(p, 10, 2))
	require.Equal(t, 6, p.jw.Records(), "pages 9..10 only: the db has 10 pages")
	require.NoError(t, writePage(p, 7, 3))
	require.Equal(t, 6, p.jw.Records(), "already journaled")
	require.NoError(t, p.Rollback())
	require.NoError(t, p.EndRead())
	checkPages(t, p, 9, 1)
}

// TestSpillRollbackMemoryAndOff: after a spill, MEMORY mode rolls back from
// its in-RAM journal; OFF mode cannot and says so (the file keeps partial
// changes, as SQLite documents), then recovers to a usable pager.
func TestSpillRollbackMemoryAndOff(t *testing.T) {
	for _, mode := range []JournalMode{JournalMemory, JournalOff} {
		t.Run(mode.String(), func(t *testing.T) {
			fs := vfs.NewMemFS()
			p := mustOpen(t, fs, "mo.db", Options{PageSize: 512, CacheSize: 10, JournalMode: mode})
			writeTxn(t, p, 30, 1)
			require.NoError(t, p.BeginRead(bg))
			require.NoError(t, p.BeginWrite(bg, false))
			setPages(t, p, 40, 2)
			require.Equal(t, stateWriterDBMod, p.state, "spilled")
			err := p.Rollback()
			if mode == JournalMemory {
				require.NoError(t, err)
				require.NoError(t, p.EndRead())
				checkPages(t, p, 30, 1)
				return
			}
			require.ErrorContains(t, err, "journal_mode=off")
			require.Equal(t, stateError, p.state)
			require.NoError(t, p.Rollback(), "ends the failed transaction")
			require.NoError(t, p.BeginRead(bg))
			require.NoError(t, p.EndRead())
		})
	}
}
