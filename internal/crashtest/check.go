package crashtest

import (
	"context"
	"fmt"
	"strings"

	"github.com/walrusdb/walrus/internal/vfs"
	"github.com/walrusdb/walrus/sql"
)

// Outcome classifies one recovered crash state, from best to worst.
type Outcome uint8

const (
	// Intact: integrity_check is ok and the content is the state before or
	// after the interrupted transaction, so nothing acknowledged is lost.
	Intact Outcome = iota
	// LostCommits: integrity_check is ok and the content is the state after
	// some earlier transaction: acknowledged transactions were rolled back.
	LostCommits
	// Torn: integrity_check is ok but the content is no committed state
	// (half of a transaction, or something else).
	Torn
	// Corrupt: the database could not be opened, read or written after
	// recovery, or integrity_check reported problems.
	Corrupt
	numOutcomes
)

func (o Outcome) String() string {
	switch o {
	case Intact:
		return "intact"
	case LostCommits:
		return "lost-commits"
	case Torn:
		return "torn"
	case Corrupt:
		return "corrupt"
	}
	return fmt.Sprintf("Outcome(%d)", uint8(o))
}

// Verdict is the result of checking one recovered crash state.
type Verdict struct {
	Outcome Outcome
	Lost    int    // LostCommits: how many acknowledged transactions are missing
	Panic   bool   // recovery or a check panicked: a bug in any mode
	Detail  string // what was wrong
}

// checkRecovered opens fs (a crashed disk) the way an application would
// after the crash, which plays back a hot journal, and judges the result:
// PRAGMA integrity_check must be ok, the content must be one of w.States,
// and the database must take a new write transaction (and pass the check
// again after it). inflight is the index of the transaction running at the
// crash (len(w.Txns) if none): every transaction before it was
// acknowledged.
func checkRecovered(w *Workload, fs *vfs.FaultFS, c Combo, g Geometry, inflight int) (v Verdict) {
	defer func() {
		if r := recover(); r != nil {
			v = Verdict{Outcome: Corrupt, Panic: true, Detail: fmt.Sprintf("panic: %v", r)}
		}
	}()
	ctx := context.Background()
	conn, err := openConn(fs, c, g)
	if err != nil {
		return Verdict{Outcome: Corrupt, Detail: "open: " + err.Error()}
	}
	defer conn.Close()
	if msgs, err := integrityCheck(ctx, conn); err != nil || len(msgs) > 0 {
		return Verdict{Outcome: Corrupt, Detail: fmt.Sprintf("integrity_check: %v %s", err, strings.Join(msgs, "; "))}
	}
	d, err := contentDigest(ctx, conn)
	if err != nil {
		return Verdict{Outcome: Corrupt, Detail: "read content: " + err.Error()}
	}
	v = classify(w, d, inflight)
	if err := writeAfterRecovery(ctx, conn); err != nil {
		return Verdict{Outcome: Corrupt, Detail: "write after recovery: " + err.Error()}
	}
	if msgs, err := integrityCheck(ctx, conn); err != nil || len(msgs) > 0 {
		return Verdict{Outcome: Corrupt, Detail: fmt.Sprintf("integrity_check after a new write: %v %s", err, strings.Join(msgs, "; "))}
	}
	return v
}

// classify places content digest d among the workload's committed states.
func classify(w *Workload, d string, inflight int) Verdict {
	if d == w.States[inflight] || inflight < len(w.Txns) && d == w.States[inflight+1] {
		return Verdict{Outcome: Intact}
	}
	for j := inflight - 1; j >= 0; j-- {
		if d == w.States[j] {
			return Verdict{Outcome: LostCommits, Lost: inflight - j,
				Detail: fmt.Sprintf("content is the state before transaction %d, but transactions %d..%d were acknowledged", j, j, inflight-1)}
		}
	}
	return Verdict{Outcome: Torn, Detail: fmt.Sprintf("content matches no committed state (transaction %d was in flight)", inflight)}
}

// writeAfterRecovery creates a table and inserts into it: a recovered
// database must accept new transactions (freelist, schema and all).
func writeAfterRecovery(ctx context.Context, c *sql.Conn) error {
	if err := exec(ctx, c, Stmt{SQL: "CREATE TABLE after_recovery (x BIGINT)"}); err != nil {
		return err
	}
	return exec(ctx, c, Stmt{SQL: "INSERT INTO after_recovery (x) VALUES (1), (2), (3)"})
}
