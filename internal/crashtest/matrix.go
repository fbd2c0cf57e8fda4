package crashtest

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"

	"github.com/walrusdb/walrus/internal/vfs"
)

// Scenario is what ends the process at a crash point: the application dying
// (the OS keeps every completed write) or a power loss in one of FaultFS's
// crash modes.
type Scenario uint8

const (
	AppCrash Scenario = iota
	PowerDropUnsynced
	PowerKeepRandomSubset
	PowerTearSectors
	PowerTearSectorsGarbage
	numScenarios
)

// AllScenarios lists every scenario in table order.
var AllScenarios = []Scenario{AppCrash, PowerDropUnsynced, PowerKeepRandomSubset, PowerTearSectors, PowerTearSectorsGarbage}

func (s Scenario) String() string {
	if s == AppCrash {
		return "app-crash"
	}
	return "power/" + s.crashMode().String()
}

// IsPowerLoss reports whether s loses what was not synced.
func (s Scenario) IsPowerLoss() bool { return s != AppCrash }

func (s Scenario) crashMode() vfs.CrashMode {
	switch s {
	case PowerDropUnsynced:
		return vfs.DropUnsynced
	case PowerKeepRandomSubset:
		return vfs.KeepRandomSubset
	case PowerTearSectors:
		return vfs.TearSectors
	case PowerTearSectorsGarbage:
		return vfs.TearSectorsGarbage
	}
	return 0
}

// Repro is the command that replays crash point point of cfg under combo.
func (cfg MatrixConfig) Repro(combo Combo, point int) string {
	g := cfg.Geometry
	return fmt.Sprintf("go run ./cmd/walrus-crash -seed %d -txns %d -page %d -sector %d -cache %d -combo %v -point %d",
		cfg.Seed, cfg.Txns, g.PageSize, g.SectorSize, g.CacheSize, combo, point)
}

// MatrixConfig says which crash points of one workload to check.
type MatrixConfig struct {
	Seed     uint64
	Txns     int // random transactions after the schema setup
	Geometry Geometry
	// Sample is the fraction of crash points checked (1: every one), and
	// SyncSample that of the points before a Sync or SyncDir (0 means 1).
	Sample     float64
	SyncSample float64
	// OnlyPoint, if > 0, checks that crash point alone (to reproduce one).
	OnlyPoint int
	// Scenarios to check at each point (nil: all).
	Scenarios []Scenario
	// RecoveryCrashes is how many crashed disks with a hot journal also get
	// their recovery crashed, at every op of it that changes the disk
	// (checkRecoveryCrashes); 0: none.
	RecoveryCrashes int
}

// Tally counts the verdicts of one scenario.
type Tally struct {
	Checked  int
	Outcomes [numOutcomes]int
	Panics   int
	MaxLost  int
	// First is the first non-intact verdict, with how to reproduce it.
	First string
}

func (t Tally) String() string {
	var parts []string
	for o := Intact; o < numOutcomes; o++ {
		if t.Outcomes[o] > 0 {
			parts = append(parts, fmt.Sprintf("%v=%d", o, t.Outcomes[o]))
		}
	}
	s := strings.Join(parts, " ")
	if t.MaxLost > 0 {
		s += fmt.Sprintf(" (up to %d acknowledged transactions lost)", t.MaxLost)
	}
	if t.Panics > 0 {
		s += fmt.Sprintf(" PANICS=%d", t.Panics)
	}
	if t.First != "" {
		s += "; first: " + t.First
	}
	return s
}

// Worst is the worst outcome seen.
func (t *Tally) Worst() Outcome {
	for o := numOutcomes - 1; o > Intact; o-- {
		if t.Outcomes[o] > 0 {
			return o
		}
	}
	return Intact
}

// ComboResult is what the crash points of one combo showed.
type ComboResult struct {
	Combo     Combo
	Config    MatrixConfig
	Points    int // crash points the workload went through (ops that change the disk, plus the end)
	Checked   int // crash points checked
	SyncPts   int // of which before a Sync or SyncDir
	Scenarios [numScenarios]Tally
	// Recovery tallies the second crashes, during recovery (RecoveryCrashes),
	// judged against the weaker guarantee of the two scenarios involved.
	Recovery       Tally
	RecoveryDisks  int // crashed disks whose recovery was crashed
	RecoveryBroken int // second crashes whose outcome broke that guarantee
}

// RunCombo runs the workload of cfg under combo on a FaultFS once, and at
// every chosen crash point (before each op that changes the disk, and after
// the last op) builds each scenario's post-crash disk, recovers it and
// judges it (checkRecovered).
func RunCombo(cfg MatrixConfig, combo Combo) (*ComboResult, error) {
	scen := cfg.Scenarios
	if scen == nil {
		scen = AllScenarios
	}
	w := WorkloadFor(cfg.Seed, cfg.Txns, combo)
	inner := vfs.NewFaultFS()
	if err := inner.SetSectorSize(cfg.Geometry.SectorSize); err != nil {
		return nil, err
	}
	res := &ComboResult{Combo: combo, Config: cfg}
	pick := rand.New(rand.NewPCG(cfg.Seed, 0xc0ffee))
	pickNested := rand.New(rand.NewPCG(cfg.Seed, 0xdecaf))
	inflight := 0
	var failure error
	visit := func(kind vfs.OpKind, path string) {
		res.Points++
		point := res.Points
		frac := cfg.Sample
		if kind.IsSync() {
			frac = cfg.SyncSample
			if frac == 0 {
				frac = 1
			}
		}
		chosen := kind == 0 || frac >= 1 || pick.Float64() < frac
		if cfg.OnlyPoint > 0 {
			chosen = point == cfg.OnlyPoint
		}
		if !chosen || failure != nil {
			return
		}
		res.Checked++
		if kind.IsSync() {
			res.SyncPts++
		}
		for _, s := range scen {
			crashed, err := crashState(inner, s, cfg.Seed, point)
			if err != nil {
				failure = err
				return
			}
			// Nested crashes go to disks of the later transactions (bigger
			// journals), a seeded half of those with a hot journal.
			if res.RecoveryDisks < cfg.RecoveryCrashes && (cfg.OnlyPoint > 0 || inflight > len(w.Txns)/3 && pickNested.IntN(2) == 0) && hasHotJournal(crashed) {
				res.RecoveryDisks++
				first, err := copyFiles(crashed, dbPath, journalPath())
				if err != nil {
					failure = err
					return
				}
				checkRecoveryCrashes(w, first, combo, cfg, s, inflight, point, res)
			}
			v := checkRecovered(w, crashed, combo, cfg.Geometry, inflight)
			t := &res.Scenarios[s]
			t.Checked++
			t.Outcomes[v.Outcome]++
			if v.Panic {
				t.Panics++
			}
			t.MaxLost = max(t.MaxLost, v.Lost)
			if v.Outcome != Intact && t.First == "" {
				what := "end of workload"
				if inflight < len(w.Txns) {
					what = fmt.Sprintf("txn %d (%s)", inflight, w.Txns[inflight].Kind)
				}
				t.First = fmt.Sprintf("%v at point %d (before %v %s, %s): %s [repro: %s]",
					v.Outcome, point, kind, path, what, v.Detail, cfg.Repro(combo, point))
			}
		}
	}
	fs := &hookFS{inner: inner, before: func(kind vfs.OpKind, path string) {
		if changesDisk(kind) {
			visit(kind, path)
		}
	}}
	ctx := context.Background()
	conn, err := openConn(fs, combo, cfg.Geometry)
	if err != nil {
		return nil, fmt.Errorf("crashtest: %v: open: %w", combo, err)
	}
	for i, tx := range w.Txns {
		inflight = i
		if err := runTxn(ctx, conn, tx); err != nil {
			conn.Close()
			return nil, fmt.Errorf("crashtest: %v: txn %d (%s) failed with no fault injected: %w", combo, i, tx.Kind, err)
		}
	}
	inflight = len(w.Txns)
	d, err := contentDigest(ctx, conn)
	if err == nil && d != w.States[len(w.Txns)] {
		err = fmt.Errorf("final content differs from the model")
	}
	if e := conn.Close(); err == nil {
		err = e
	}
	if err != nil {
		return nil, fmt.Errorf("crashtest: %v: workload without faults: %w", combo, err)
	}
	visit(0, "(after the last op)")
	if failure != nil {
		return nil, fmt.Errorf("crashtest: %v: building a crash state: %w", combo, failure)
	}
	return res, nil
}

// crashState builds the disk scenario s leaves at a crash point of fs.
func crashState(fs *vfs.FaultFS, s Scenario, seed uint64, point int) (*vfs.FaultFS, error) {
	if s == AppCrash {
		return copyFiles(fs, dbPath, journalPath())
	}
	return fs.Crash(s.crashMode(), rand.New(rand.NewPCG(seed^uint64(s)<<56, uint64(point)))), nil
}

// hasHotJournal reports whether fs holds a journal that recovery would play
// back (it exists and does not start with a zero byte).
func hasHotJournal(fs *vfs.FaultFS) bool {
	data, err := readAll(fs, journalPath())
	return err == nil && len(data) > 0 && data[0] != 0
}

// checkRecoveryCrashes recovers the crashed disk first (scenario first at
// crash point point) through a hookFS and, before every op of the recovery
// that changes the disk, crashes again (application crash, power loss with
// dropped or torn writes) and checks the second recovery. The result must
// keep the weaker of the two scenarios' guarantees.
func checkRecoveryCrashes(w *Workload, first *vfs.FaultFS, combo Combo, cfg MatrixConfig, firstScen Scenario, inflight, point int, res *ComboResult) {
	n := 0
	fs := &hookFS{inner: first, before: func(kind vfs.OpKind, path string) {
		if !changesDisk(kind) {
			return
		}
		n++
		for _, s := range []Scenario{AppCrash, PowerDropUnsynced, PowerTearSectors} {
			again, err := crashState(first, s, cfg.Seed^0x2ec0, point<<10|n)
			if err != nil {
				res.Recovery.First = "building a crash state: " + err.Error()
				res.RecoveryBroken++
				return
			}
			v := checkRecovered(w, again, combo, cfg.Geometry, inflight)
			t := &res.Recovery
			t.Checked++
			t.Outcomes[v.Outcome]++
			if v.Panic {
				t.Panics++
			}
			t.MaxLost = max(t.MaxLost, v.Lost)
			want := min(Expected(combo, firstScen), Expected(combo, s))
			if !want.Holds(v.Outcome) || v.Panic {
				res.RecoveryBroken++
				if t.First == "" {
					t.First = fmt.Sprintf("%v after %v at point %d, then %v before recovery op %d (%v %s): %s [repro: %s -recovery 1]",
						v.Outcome, firstScen, point, s, n, kind, path, v.Detail, cfg.Repro(combo, point))
				}
			}
		}
	}}
	func() {
		defer func() { _ = recover() }() // checkRecovered below reports a panic of the first recovery
		conn, err := openConn(fs, combo, cfg.Geometry)
		if err != nil {
			return
		}
		defer conn.Close()
		_, _ = integrityCheck(context.Background(), conn)
	}()
}
