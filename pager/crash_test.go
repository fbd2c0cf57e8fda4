package pager

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/walrusdb/walrus/internal/vfs"
)

var crashSeed = flag.Uint64("crash.seed", 0, "seed for the crash tests (0: fixed default)")

// model is the expected content of pages 2..n as version bytes (fill).
type model []byte // model[i] is the version of page i+2

func (m model) pages() int { return len(m) + 1 }

// txn is one random write transaction: page versions to set (growing the
// database as needed) and an optional truncation applied first.
type txn struct {
	truncateTo uint32 // 0: none
	writes     []pageWrite
}

type pageWrite struct {
	pgno uint32
	v    byte
}

func (tx txn) apply(m model) model {
	out := append(model(nil), m...)
	if tx.truncateTo != 0 {
		out = out[:tx.truncateTo-1]
	}
	for _, w := range tx.writes {
		for uint32(out.pages()) < w.pgno {
			out = append(out, 0) // a hole reads as zeros: version 0 means zeros
		}
		out[w.pgno-2] = w.v
	}
	return out
}

func randomTxn(rng *rand.Rand, m model, maxPages int) txn {
	var tx txn
	if m.pages() > 3 && rng.IntN(4) == 0 {
		tx.truncateTo = uint32(2 + rng.IntN(m.pages()-2))
	}
	n := 1 + rng.IntN(maxPages)
	for range n {
		pgno := uint32(2 + rng.IntN(m.pages()+3))
		tx.writes = append(tx.writes, pageWrite{pgno, byte(1 + rng.IntN(250))})
	}
	return tx
}

func fillVersion(b []byte, pgno uint32, v byte) {
	if v == 0 {
		clear(b)
		return
	}
	fill(b, pgno, v)
}

// runTxn executes tx in one write transaction and commits it; the first
// error is returned (the pager may be in stateError then).
func runTxn(p *Pager, tx txn) error {
	if err := p.BeginRead(bg); err != nil {
		return err
	}
	if err := p.BeginWrite(bg, false); err != nil {
		return err
	}
	pg, err := p.Get(1)
	if err != nil {
		return err
	}
	if err := p.Write(pg); err != nil {
		return err
	}
	if p.dbOrigSize == 0 {
		initPage1(pg.Data(), p.PageSize())
	}
	pg.Release()
	if tx.truncateTo != 0 {
		if err := p.Truncate(tx.truncateTo); err != nil {
			return err
		}
	}
	for _, w := range tx.writes {
		pg, err := p.Get(w.pgno)
		if err != nil {
			return err
		}
		if err := p.Write(pg); err != nil {
			pg.Release()
			return err
		}
		fillVersion(pg.Data(), w.pgno, w.v)
		pg.Release()
	}
	if err := p.CommitPhaseOne(); err != nil {
		return err
	}
	if err := p.CommitPhaseTwo(); err != nil {
		return err
	}
	return p.EndRead()
}

// readModel opens the database at path on fs (recovering a hot journal) and
// returns its pages 2..n as a model; a page that matches no version fails.
func readModel(fs vfs.FS, path string, opts Options) (model, error) {
	p, err := Open(fs, path, opts)
	if err != nil {
		return nil, err
	}
	defer p.Close()
	if err := p.BeginRead(bg); err != nil {
		return nil, err
	}
	defer p.EndRead()
	n := p.PageCount()
	if n == 0 {
		return nil, errors.New("empty database")
	}
	pg1, err := p.Get(1)
	if err != nil {
		return nil, err
	}
	h, err := parseHeader(pg1.Data()[:headerSize])
	pg1.Release()
	if err != nil {
		return nil, err
	}
	if h.dbSize != n {
		return nil, fmt.Errorf("header size %d, page count %d", h.dbSize, n)
	}
	m := make(model, n-1)
	want := make([]byte, p.PageSize())
	for i := uint32(2); i <= n; i++ {
		pg, err := p.Get(i)
		if err != nil {
			return nil, err
		}
		got := bytes.Clone(pg.Data())
		pg.Release()
		found := false
		for v := 0; v < 256 && !found; v++ {
			fillVersion(want, i, byte(v))
			if bytes.Equal(got, want) {
				m[i-2], found = byte(v), true
			}
		}
		if !found {
			return nil, fmt.Errorf("page %d matches no version", i)
		}
	}
	return m, nil
}

type crashConfig struct {
	mode      JournalMode
	sync      Synchronous
	pageSize  int
	sector    int
	cache     int // pages; small to force spills
	maxWrites int
}

func (c crashConfig) String() string {
	return fmt.Sprintf("%v-%v-p%d-s%d-c%d", c.mode, c.sync, c.pageSize, c.sector, c.cache)
}

// durableCommit reports whether a commit that returned nil must survive a
// power loss: synchronous=EXTRA always; FULL when the commit point itself is
// synced (TRUNCATE, PERSIST). FULL+DELETE, like SQLite, can lose the commit
// because the journal's unlink is not synced.
func (c crashConfig) durableCommit() bool {
	return c.sync == SyncExtra || (c.sync == SyncFull && c.mode != JournalDelete)
}

var crashModes = []vfs.CrashMode{vfs.DropUnsynced, vfs.KeepRandomSubset, vfs.TearSectors, vfs.TearSectorsGarbage}

// TestCrashAtEveryOp runs random transactions, crashing at every file
// system op in turn; every crash image, under every crash mode, must
// recover to exactly the state before or after the transaction, and to the
// after state when the commit returned under a durable configuration.
func TestCrashAtEveryOp(t *testing.T) {
	seed := *crashSeed
	if seed == 0 {
		seed = 20261125
	}
	t.Logf("seed %d (rerun with -crash.seed)", seed)
	var configs []crashConfig
	for _, mode := range []JournalMode{JournalDelete, JournalTruncate, JournalPersist} {
		for _, sync := range []Synchronous{SyncNormal, SyncFull, SyncExtra} {
			configs = append(configs, crashConfig{mode, sync, 4096, 512, 100, 6})
		}
	}
	configs = append(configs,
		crashConfig{JournalDelete, SyncFull, 1024, 4096, 100, 6},    // whole-sector journaling (D6)
		crashConfig{JournalPersist, SyncNormal, 1024, 4096, 100, 6}, // and nonce vs stale records
		crashConfig{JournalDelete, SyncFull, 512, 512, 10, 30},      // cache spills (D7)
		crashConfig{JournalTruncate, SyncExtra, 512, 512, 10, 30},
	)
	for ci, cfg := range configs {
		t.Run(cfg.String(), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(seed, uint64(ci)))
			opts := Options{PageSize: cfg.pageSize, JournalMode: cfg.mode, Synchronous: cfg.sync, CacheSize: cfg.cache}
			for round := range 3 {
				base := vfs.NewFaultFS()
				require.NoError(t, base.SetSectorSize(cfg.sector))
				before := model{}
				if round > 0 {
					durable := opts
					durable.Synchronous = SyncExtra // a base that survives Crash
					p, err := Open(base, "c.db", durable)
					require.NoError(t, err)
					tx0 := randomTxn(rng, model{}, 8)
					require.NoError(t, runTxn(p, tx0))
					before = tx0.apply(model{})
					require.NoError(t, p.Close())
					require.NoError(t, base.SyncDir("c.db"))
				}
				tx := randomTxn(rng, before, cfg.maxWrites)
				after := tx.apply(before)
				crashLoop(t, rng, base, opts, cfg, tx, before, after)
			}
		})
	}
}

func crashLoop(t *testing.T, rng *rand.Rand, base *vfs.FaultFS, opts Options, cfg crashConfig, tx txn, before, after model) {
	for k := 1; ; k++ {
		fs := base.Crash(vfs.DropUnsynced, rng) // a fresh copy of the durable base
		fs.SetInjector(vfs.CrashAtOp(k))
		var commitErr error
		p, err := Open(fs, "c.db", opts)
		if err == nil {
			commitErr = runTxn(p, tx)
		} else {
			commitErr = err
		}
		crashed := fs.Injected() > 0
		require.True(t, crashed || commitErr == nil, "k=%d: %v", k, commitErr)
		for _, mode := range crashModes {
			img := fs.Crash(mode, rng)
			got, err := readModel(img, "c.db", opts)
			if len(before) == 0 && err != nil && img != nil {
				// A crash before the first commit may leave no database.
				size := fileSize(t, img, "c.db")
				if size == 0 { // the before state of a new database
					require.False(t, commitErr == nil && cfg.durableCommit(), "k=%d %v: committed transaction lost", k, mode)
					continue
				}
			}
			require.NoError(t, err, "k=%d %v (commit err %v)", k, mode, commitErr)
			isBefore, isAfter := equalModel(got, before), equalModel(got, after)
			require.True(t, isBefore || isAfter, "k=%d %v: recovered state is neither before nor after\n got %v\n before %v\n after %v", k, mode, got, before, after)
			if commitErr == nil && cfg.durableCommit() {
				require.True(t, isAfter, "k=%d %v: committed transaction lost", k, mode)
			}
		}
		if !crashed {
			require.True(t, k > 10, "the workload has more than 10 ops")
			return
		}
	}
}

func equalModel(a, b model) bool { return bytes.Equal(a, b) }

func fileSize(t *testing.T, fs vfs.FS, name string) int64 {
	ok, err := fs.Exists(name)
	require.NoError(t, err)
	if !ok {
		return 0
	}
	f, err := fs.Open(name, vfs.OpenReadOnly)
	require.NoError(t, err)
	defer f.Close()
	n, err := f.Size()
	require.NoError(t, err)
	return n
}

// TestCrashDuringRecovery leaves a complete hot journal (the database file
// fully overwritten, power lost before the commit point), then crashes the
// recovery at every op in turn under every crash mode: the next recovery
// must still give exactly the state before the transaction.
func TestCrashDuringRecovery(t *testing.T) {
	rng := rand.New(rand.NewPCG(99, 1))
	for _, cfg := range []crashConfig{
		{JournalDelete, SyncFull, 4096, 512, 100, 8},
		{JournalPersist, SyncFull, 1024, 4096, 100, 8},
		{JournalTruncate, SyncNormal, 512, 512, 10, 30},
	} {
		t.Run(cfg.String(), func(t *testing.T) {
			opts := Options{PageSize: cfg.pageSize, JournalMode: cfg.mode, Synchronous: cfg.sync, CacheSize: cfg.cache}
			base := vfs.NewFaultFS()
			require.NoError(t, base.SetSectorSize(cfg.sector))
			durable := opts
			durable.Synchronous = SyncExtra
			p, err := Open(base, "r.db", durable)
			require.NoError(t, err)
			tx0 := randomTxn(rng, model{}, 8)
			require.NoError(t, runTxn(p, tx0))
			before := tx0.apply(model{})
			tx := randomTxn(rng, before, cfg.maxWrites)
			beforeJournalFinalize = func() error { return vfs.ErrCrashed }
			require.ErrorIs(t, runTxn(p, tx), vfs.ErrCrashed)
			beforeJournalFinalize = nil
			hot := base.Crash(vfs.DropUnsynced, rng)
			exists, err := hot.Exists("r.db-journal")
			require.NoError(t, err)
			require.True(t, exists, "the crash image has the hot journal")

			for k := 1; ; k++ {
				img := hot.Crash(vfs.DropUnsynced, rng)
				img.SetInjector(vfs.CrashAtOp(k))
				_, _ = readModel(img, "r.db", opts) // recovery, cut at op k
				crashed := img.Injected() > 0
				for _, mode := range crashModes {
					got, err := readModel(img.Crash(mode, rng), "r.db", opts)
					require.NoError(t, err, "k=%d %v", k, mode)
					require.Equal(t, before, got, "k=%d %v", k, mode)
				}
				if !crashed {
					require.Greater(t, k, 5)
					return
				}
			}
		})
	}
}
