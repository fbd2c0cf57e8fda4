package crashtest

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/walrusdb/walrus/internal/vfs"
	"github.com/walrusdb/walrus/pager"
)

var (
	flagSeed   = flag.Uint64("crash.seed", 0, "seed of the crash tests (0: WALRUS_CRASH_SEED or the fixed default)")
	flagUpdate = flag.Bool("update", false, "rewrite testdata/loss-table.md from a full run (needs WALRUS_CRASH_FULL=1)")
)

const defaultSeed = 20261125

// fullRun reports whether WALRUS_CRASH_FULL=1 asks for the whole matrix.
func fullRun() bool { return os.Getenv("WALRUS_CRASH_FULL") == "1" }

// testSeed is the seed of this run, printed so a failure can be replayed
// with -crash.seed.
func testSeed(t *testing.T) uint64 {
	t.Helper()
	seed := *flagSeed
	if seed == 0 {
		if s := os.Getenv("WALRUS_CRASH_SEED"); s != "" {
			v, err := strconv.ParseUint(s, 10, 64)
			require.NoError(t, err, "WALRUS_CRASH_SEED")
			seed = v
		}
	}
	if seed == 0 {
		seed = defaultSeed
	}
	t.Logf("seed %d (replay: go test ./internal/crashtest/ -run '%s' -crash.seed=%d)", seed, t.Name(), seed)
	return seed
}

// matrixConfigs is the slice of the matrix this run covers: the default run
// checks 40% of the sync points and 4% of the other crash points (seeded) of
// a 20 transaction workload; the full run checks every crash point of a 30
// transaction workload (page 4096, 512-byte sectors) and of a 12 transaction
// one with page 1024, 4096-byte sectors and a 10-page cache, so that big
// transactions spill (multi-segment journals). Both crash the recovery of
// 5 crashed disks per combo at every op.
func matrixConfigs(seed uint64) []MatrixConfig {
	if fullRun() {
		return []MatrixConfig{
			{Seed: seed, Txns: 30, Geometry: Geometry{PageSize: 4096, SectorSize: 512}, Sample: 1, RecoveryCrashes: 5},
			{Seed: seed + 1, Txns: 12, Geometry: Geometry{PageSize: 1024, SectorSize: 4096, CacheSize: 10}, Sample: 1, RecoveryCrashes: 5},
		}
	}
	return []MatrixConfig{{Seed: seed, Txns: 20, Geometry: Geometry{PageSize: 4096, SectorSize: 512}, Sample: 0.04, SyncSample: 0.4, RecoveryCrashes: 3}}
}

// TestCrashMatrix cuts the power (and kills the application) at the chosen
// crash points of a seeded workload for every journal_mode x synchronous
// combo, asserts the guarantees of Expected, and checks the observations
// against testdata/loss-table.md (equal in a full run, no worse in the
// default slice). With -update and WALRUS_CRASH_FULL=1 it rewrites the table.
func TestCrashMatrix(t *testing.T) {
	seed := testSeed(t)
	if *flagUpdate {
		require.True(t, fullRun(), "-update needs WALRUS_CRASH_FULL=1: the table documents the whole matrix")
	}
	observed := LossTable{}
	totals := map[Combo]int{}
	for _, cfg := range matrixConfigs(seed) {
		for _, c := range AllCombos() {
			t.Run(fmt.Sprintf("%v/%v", cfg.Geometry, c), func(t *testing.T) {
				res, err := RunCombo(cfg, c)
				require.NoError(t, err)
				t.Logf("%d crash points, %d checked (%d before a sync)", res.Points, res.Checked, res.SyncPts)
				totals[c] += res.Checked
				observed.Observe(res)
				if res.RecoveryDisks > 0 {
					t.Logf("  crashes during recovery of %d disks: %v", res.RecoveryDisks, res.Recovery)
					assert.Zero(t, res.RecoveryBroken, "%v: a crash during recovery broke the guarantee: %s", c, res.Recovery.First)
				}
				for _, s := range AllScenarios {
					tl := res.Scenarios[s]
					t.Logf("  %-24v %v", s, tl)
					assert.Zero(t, tl.Panics, "%v %v: recovery panicked: %s", c, s, tl.First)
					g := Expected(c, s)
					assert.True(t, g.Holds(tl.Worst()), "%v %v promises %v, saw %v: %s", c, s, g, tl.Worst(), tl.First)
				}
			})
		}
	}
	path := filepath.Join("testdata", "loss-table.md")
	if *flagUpdate {
		var buf bytes.Buffer
		var note strings.Builder
		note.WriteString("Every cell meets its asserted guarantee; the cells beyond it are what each combination was seen to lose.\n\n")
		fmt.Fprintf(&note, "Last full run: seed %d; crash points checked per combo (both geometries, five scenarios each):", seed)
		for _, c := range AllCombos() {
			fmt.Fprintf(&note, " %v %d;", c, totals[c])
		}
		require.NoError(t, observed.WriteMarkdown(&buf, strings.TrimSuffix(note.String(), ";")+"."))
		require.NoError(t, os.MkdirAll("testdata", 0o755))
		require.NoError(t, os.WriteFile(path, buf.Bytes(), 0o644))
		t.Logf("wrote %s", path)
		return
	}
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	table, err := ParseLossTable(f)
	require.NoError(t, err)
	for _, c := range AllCombos() {
		for _, s := range AllScenarios {
			got, doc := observed[c][s], table[c][s]
			if fullRun() {
				assert.Equal(t, doc, got, "%v %v: the loss table says %q, the full run saw %q (rerun with -update if intended)", c, s, cell(doc), cell(got))
			} else {
				assert.LessOrEqual(t, got, doc, "%v %v: saw %q, worse than the loss table's %q", c, s, cell(got), cell(doc))
			}
		}
	}
}

// TestCrashAtSync runs the workload on a FaultFS whose injector cuts the
// power at the k-th sync (vfs.CrashAtSync), for every k until the workload
// finishes, then at sampled ops (vfs.CrashAtOp): the transaction running at
// the crash must report an error, and every post-crash disk must recover
// to the state before or after it. This is the same check as
// TestCrashMatrix through the injector instead of the op hook.
func TestCrashAtSync(t *testing.T) {
	seed := testSeed(t)
	combos := []Combo{{pager.JournalDelete, pager.SyncExtra}, {pager.JournalTruncate, pager.SyncFull}}
	txns, opStride := 8, 15
	if fullRun() {
		combos = nil
		for _, c := range AllCombos() {
			if Expected(c, PowerDropUnsynced) == Durable {
				combos = append(combos, c)
			}
		}
		txns, opStride = 20, 3
	}
	g := Geometry{PageSize: 4096, SectorSize: 512}
	w := NewWorkload(seed, txns)
	for _, c := range combos {
		t.Run(c.String(), func(t *testing.T) {
			syncs := crashAtEverySync(t, w, c, g, seed)
			require.Greater(t, syncs, 3*txns, "too few sync points: the injector did not reach the commits")
			ops := crashAtSampledOps(t, w, c, g, seed, 7, opStride)
			t.Logf("%d injected crashes checked", syncs+ops)
		})
	}
}

// runUntilCrash runs w under inj and returns the FS, the index of the
// transaction that failed (len(w.Txns) if none) and whether the injector
// crashed the machine. The failing transaction must have reported the
// crash; every earlier one must have succeeded.
func runUntilCrash(t *testing.T, w *Workload, c Combo, g Geometry, inj vfs.Injector) (*vfs.FaultFS, int, bool) {
	t.Helper()
	fs := vfs.NewFaultFS()
	require.NoError(t, fs.SetSectorSize(g.SectorSize))
	fs.SetInjector(inj)
	conn, err := openConn(fs, c, g)
	if err != nil {
		require.ErrorIs(t, err, vfs.ErrCrashed)
		return fs, 0, true
	}
	for i, tx := range w.Txns {
		if err := runTxn(context.Background(), conn, tx); err != nil {
			require.ErrorIs(t, err, vfs.ErrCrashed, "txn %d failed for another reason", i)
			return fs, i, true
		}
	}
	conn.Close()
	return fs, len(w.Txns), fs.Injected() > 0
}

func checkAllModes(t *testing.T, w *Workload, fs *vfs.FaultFS, c Combo, g Geometry, inflight int, seed uint64, k int, what string) {
	t.Helper()
	for _, s := range AllScenarios[1:] {
		crashed := fs.Crash(s.crashMode(), rand.New(rand.NewPCG(seed, uint64(k)<<8|uint64(s))))
		v := checkRecovered(w, crashed, c, g, inflight)
		want := Expected(c, s)
		assert.True(t, want.Holds(v.Outcome), "%v %s %v (txn %d in flight): promised %v, got %v: %s", c, what, s, inflight, want, v.Outcome, v.Detail)
	}
}

// crashAtEverySync runs w under c once per sync point, crashing there, and
// checks every crash mode's outcome; it returns the number of crashes.
func crashAtEverySync(t *testing.T, w *Workload, c Combo, g Geometry, seed uint64) int {
	crashes := 0
	for k := 1; ; k++ {
		fs, inflight, crashed := runUntilCrash(t, w, c, g, vfs.CrashAtSync(k))
		if !crashed {
			return crashes
		}
		crashes++
		checkAllModes(t, w, fs, c, g, inflight, seed, k, fmt.Sprintf("CrashAtSync(%d)", k))
	}
}

// crashAtSampledOps is crashAtEverySync for file operations, one in every
// 1..stride (random stream of seed), as every op would be too slow.
func crashAtSampledOps(t *testing.T, w *Workload, c Combo, g Geometry, seed, stream uint64, stride int) int {
	crashes := 0
	rng := rand.New(rand.NewPCG(seed, stream))
	for k := 1 + rng.IntN(stride); ; k += 1 + rng.IntN(stride) {
		fs, inflight, crashed := runUntilCrash(t, w, c, g, vfs.CrashAtOp(k))
		if !crashed {
			return crashes
		}
		crashes++
		checkAllModes(t, w, fs, c, g, inflight, seed, k, fmt.Sprintf("CrashAtOp(%d)", k))
	}
}
