package crashtest

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestIOErrorMidCommit fails each op of chosen transactions in turn (a full
// disk for writes, EIO for syncs, an error for every other call) and
// checks that a transaction that reports an error left the database at
// its previous state and one that succeeded at its new state, through the
// same connection and after reopening; integrity_check passes every time.
// Asserted for DELETE, TRUNCATE and PERSIST; MEMORY and OFF are logged.
func TestIOErrorMidCommit(t *testing.T) {
	seed := testSeed(t)
	txns, targets := 16, 2
	geoms := []Geometry{{PageSize: 4096, SectorSize: 512}}
	if fullRun() {
		txns, targets = 30, 8
		geoms = append(geoms, Geometry{PageSize: 1024, SectorSize: 4096, CacheSize: 10})
	}
	w := NewWorkload(seed, txns)
	tg := FaultTargets(w, targets)
	require.NotEmpty(t, tg)
	for _, g := range geoms {
		for _, c := range AllCombos() {
			asserted := Expected(c, AppCrash) != NoPromise
			if !asserted && !fullRun() {
				continue
			}
			t.Run(g.String()+"/"+c.String(), func(t *testing.T) {
				res, err := RunFaults(seed, txns, tg, c, g)
				require.NoError(t, err)
				t.Logf("%d ops failed one at a time in txns %v: %d reported the error, %d succeeded anyway, %d errors after the commit point",
					res.Trials, tg, res.Failed, res.OK, res.Late)
				if res.Late > 0 {
					t.Logf("failed ops that reported an error after the commit point (the transaction stays committed): %v", res.LateOps)
				}
				assert.Greater(t, res.Failed, res.Trials/3, "most injected errors should reach the caller")
				if len(res.Stuck) > 0 {
					// B2 (doc.go, fixed): the connection that saw the error must stay usable.
					t.Logf("%d trials left the connection that saw the error unusable; first: %s", len(res.Stuck), res.Stuck[0])
					if asserted {
						t.Errorf("%d trials left the connection unusable (B2): %s", len(res.Stuck), res.Stuck[0])
					}
				}
				for i, v := range res.Violations {
					if i == 10 {
						t.Logf("... %d more", len(res.Violations)-10)
						break
					}
					if asserted {
						t.Error(v)
					} else {
						t.Log("observed (not asserted): " + v)
					}
				}
			})
		}
	}
}
