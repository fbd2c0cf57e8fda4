package crashtest

import (
	"context"
	"errors"
	"fmt"

	"github.com/walrusdb/walrus/internal/vfs"
	"github.com/walrusdb/walrus/sql"
)

// Injected I/O errors, by op kind: a failed write or truncate is a full
// disk, a failed sync an fsync error (EIO); every other op fails with
// vfs.ErrInjected itself.
var (
	errDiskFull  = fmt.Errorf("no space left on device: %w", vfs.ErrInjected)
	errSyncFails = fmt.Errorf("fsync: input/output error: %w", vfs.ErrInjected)
)

func injectedError(k vfs.OpKind) error {
	switch k {
	case vfs.OpWriteAt, vfs.OpTruncate, vfs.OpCreate:
		return errDiskFull
	case vfs.OpSync, vfs.OpSyncDir:
		return errSyncFails
	}
	return vfs.ErrInjected
}

// FaultResult is what failing each op of some transactions showed.
type FaultResult struct {
	Combo  Combo
	Trials int // one per op of each target transaction
	Failed int // the transaction reported the error
	OK     int // the transaction succeeded anyway (the failed op did not matter)
	// Late counts errors reported after the commit point (the journal was
	// already finalized, so the transaction stays committed): allowed, the
	// same as SQLite, and listed so nobody is surprised.
	Late       int
	LateOps    map[string]int // the failed ops behind Late, by kind and file
	Violations []string       // the rule broken after reopening the database
	// Stuck lists trials where the connection that saw the error could
	// not read the database afterwards (or read the wrong state), while a
	// new connection could (B2 in doc.go, fixed).
	Stuck []string
}

// RunFaults fails, one trial at a time, each op (every FS and File call) of
// each target transaction of the seeded workload under combo, and checks
// the rule of an I/O error mid-commit: if the transaction reported an
// error, the database is at the state before it (through the same
// connection, and after reopening it); if it reported success, at the state
// after it. An error after the commit point may leave the new state.
// PRAGMA integrity_check must pass every time.
func RunFaults(seed uint64, txns int, targets []int, combo Combo, g Geometry) (*FaultResult, error) {
	w := WorkloadFor(seed, txns, combo)
	res := &FaultResult{Combo: combo, LateOps: map[string]int{}}
	ctx := context.Background()
	for _, ti := range targets {
		base, err := prefixState(w, ti, combo, g)
		if err != nil {
			return nil, err
		}
		// Reference run: which ops does the transaction make, and which
		// one is its commit point (the last change to the journal file).
		ref, err := copyFiles(base, dbPath, journalPath())
		if err != nil {
			return nil, err
		}
		commitOp, n := 0, 0
		counting := false
		hfs := &hookFS{inner: ref, before: func(kind vfs.OpKind, path string) {
			if !counting {
				return
			}
			n++
			if path == journalPath() && (kind == vfs.OpRemove || kind == vfs.OpTruncate || kind == vfs.OpWriteAt) {
				commitOp = n
			}
		}}
		conn, err := openConn(hfs, combo, g)
		if err != nil {
			return nil, err
		}
		counting = true
		if err := runTxn(ctx, conn, w.Txns[ti]); err != nil {
			return nil, fmt.Errorf("crashtest: %v: txn %d fails without a fault: %w", combo, ti, err)
		}
		counting = false
		conn.Close()
		for j := 1; j <= n; j++ {
			res.Trials++
			if v := faultTrial(w, ti, base, combo, g, j, j > commitOp && commitOp > 0, res); v != "" {
				res.Violations = append(res.Violations, fmt.Sprintf("%v txn %d (%s), op %d of %d failed: %s [seed=%d txns=%d %v]",
					combo, ti, w.Txns[ti].Kind, j, n, v, seed, txns, g))
			}
		}
	}
	return res, nil
}

// prefixState returns a disk holding the workload's first ti transactions,
// cleanly committed and closed.
func prefixState(w *Workload, ti int, combo Combo, g Geometry) (*vfs.FaultFS, error) {
	fs := vfs.NewFaultFS()
	if err := fs.SetSectorSize(g.SectorSize); err != nil {
		return nil, err
	}
	conn, err := openConn(fs, combo, g)
	if err != nil {
		return nil, err
	}
	for i := range ti {
		if err := runTxn(context.Background(), conn, w.Txns[i]); err != nil {
			conn.Close()
			return nil, fmt.Errorf("crashtest: %v: txn %d fails without a fault: %w", combo, i, err)
		}
	}
	if err := conn.Close(); err != nil {
		return nil, err
	}
	return copyFiles(fs, dbPath, journalPath())
}

// faultTrial runs transaction ti on a copy of base with the j-th op of the
// transaction failing, and returns what broke the rule ("" if nothing).
func faultTrial(w *Workload, ti int, base *vfs.FaultFS, combo Combo, g Geometry, j int, afterCommitPoint bool, res *FaultResult) (problem string) {
	defer func() {
		if r := recover(); r != nil {
			problem = fmt.Sprintf("panic: %v", r)
		}
	}()
	ctx := context.Background()
	fs, err := copyFiles(base, dbPath, journalPath())
	if err != nil {
		return err.Error()
	}
	if err := fs.SetSectorSize(g.SectorSize); err != nil {
		return err.Error()
	}
	conn, err := openConn(fs, combo, g)
	if err != nil {
		return "open: " + err.Error()
	}
	target := fs.Ops() + j
	var failed vfs.Op // the op the injector failed
	fs.SetInjector(func(op vfs.Op) error {
		if op.N == target {
			failed = op
			return injectedError(op.Kind)
		}
		return nil
	})
	defer func() {
		if problem != "" {
			problem = fmt.Sprintf("[failed op %v %s] %s", failed.Kind, failed.Path, problem)
		}
	}()
	txErr := runTxn(ctx, conn, w.Txns[ti])
	fs.SetInjector(nil)
	if fs.Injected() != 1 {
		conn.Close()
		return fmt.Sprintf("the injector failed %d ops, want 1 (ops are not deterministic?)", fs.Injected())
	}
	want, alt := w.States[ti], ""
	switch {
	case txErr == nil:
		res.OK++
		want = w.States[ti+1]
	case !errors.Is(txErr, vfs.ErrInjected):
		conn.Close()
		return "the transaction failed with an error that hides the injected one: " + txErr.Error()
	default:
		res.Failed++
		if afterCommitPoint {
			alt = w.States[ti+1]
		}
	}
	check := func(c *sql.Conn, how string) string {
		if msgs, err := integrityCheck(ctx, c); err != nil || len(msgs) > 0 {
			return fmt.Sprintf("%s: integrity_check: %v %v", how, err, msgs)
		}
		d, err := contentDigest(ctx, c)
		if err != nil {
			return fmt.Sprintf("%s: read: %v", how, err)
		}
		if d == want {
			return ""
		}
		if d == alt {
			if how == reopened {
				res.Late++
				res.LateOps[fmt.Sprintf("%v %s", failed.Kind, failed.Path)]++
			}
			return ""
		}
		return fmt.Sprintf("%s: transaction returned %v, content is %s", how, txErr, describeState(w, d, ti))
	}
	if p := check(conn, "same connection"); p != "" {
		res.Stuck = append(res.Stuck, fmt.Sprintf("[failed op %v %s] %s", failed.Kind, failed.Path, p))
	}
	conn.Close()
	conn, err = openConn(fs, combo, g)
	if err != nil {
		return "reopen: " + err.Error()
	}
	defer conn.Close()
	return check(conn, reopened)
}

const reopened = "after reopening"

// describeState names the committed state d is, if any.
func describeState(w *Workload, d string, ti int) string {
	switch d {
	case w.States[ti]:
		return "the state before it"
	case w.States[ti+1]:
		return "the state after it"
	}
	return "no committed state"
}

// FaultTargets picks up to n transactions whose ops RunFaults fails: the
// last committed transaction of each kind, from the end of the workload.
func FaultTargets(w *Workload, n int) []int {
	var out []int
	seen := map[string]bool{}
	for i := len(w.Txns) - 1; i >= 2 && len(out) < n; i-- {
		tx := w.Txns[i]
		if tx.Rollback || seen[tx.Kind] {
			continue
		}
		seen[tx.Kind] = true
		out = append(out, i)
	}
	return out
}
