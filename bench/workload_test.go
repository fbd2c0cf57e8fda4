package bench

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestWorkloadsSmall runs every workload on every engine at small sizes:
// each must finish, pass its own check (B3) and count work.
func TestWorkloadsSmall(t *testing.T) {
	sz := SmallSizes()
	r := NewRunner(t.TempDir(), sz)
	for _, w := range Workloads() {
		for _, e := range Engines() {
			t.Run(w.Name+"/"+e.Name, func(t *testing.T) {
				res, err := r.Measure(context.Background(), e, w)
				require.NoError(t, err)
				require.NotEmpty(t, res.Tallies)
				total := 0
				for _, tl := range res.Tallies {
					// Readers may starve behind a committing writer in
					// rollback-journal mode, so one tally may be 0.
					assert.GreaterOrEqual(t, tl.N, 0, "tally %s", tl.Unit)
					total += tl.N
				}
				assert.Positive(t, total)
				assert.Positive(t, res.Elapsed)
			})
		}
	}
}

// TestOpenChecksSettings: each engine reports the settings it was given,
// and a check against different settings fails.
func TestOpenChecksSettings(t *testing.T) {
	ctx := context.Background()
	for _, e := range Engines() {
		t.Run(e.Name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "s.db")
			s := DefaultSettings()
			s.Synchronous = "NORMAL"
			s.CacheSize = -1000
			db, err := e.Open(ctx, path, s)
			require.NoError(t, err)
			db.SetMaxOpenConns(1)
			other := s
			other.Synchronous = "OFF"
			require.Error(t, e.apply(ctx, db, other, false), "a different synchronous must be noticed")
			require.NoError(t, db.Close())
		})
	}
}

// TestCheckCountFails: the row-count check rejects a wrong table.
func TestCheckCountFails(t *testing.T) {
	ctx := context.Background()
	e, ok := EngineByName("walrus")
	require.True(t, ok)
	db, err := e.Open(ctx, filepath.Join(t.TempDir(), "c.db"), DefaultSettings())
	require.NoError(t, err)
	defer db.Close()
	db.SetMaxOpenConns(1)
	_, err = db.ExecContext(ctx, createT)
	require.NoError(t, err)
	require.NoError(t, insertRows(ctx, db, 1, 10))
	check := checkCount(func(Sizes, []Tally) int { return 10 })
	require.NoError(t, check(ctx, db, Sizes{}, nil))
	check = checkCount(func(Sizes, []Tally) int { return 11 })
	require.Error(t, check(ctx, db, Sizes{}, nil))
}

func TestKeysAndPayloads(t *testing.T) {
	seen := map[int64]bool{}
	for id := 1; id <= DefaultSizes().Rows; id++ {
		k := keyOf(id)
		require.False(t, seen[k], "key of id %d repeats", id)
		seen[k] = true
	}
	assert.Len(t, payloadOf(1), 100)
	assert.Len(t, payloadOf(1234567890), 100)
	assert.NotEqual(t, payloadOf(1), payloadOf(2))
	// keyOf(id) % 100 == 7 for exactly one id in each run of 100
	// consecutive ids, as 7919 is coprime to 100... only modulo keyPrime;
	// count directly instead.
	n := 0
	for id := 1; id <= 1000; id++ {
		if (int64(id)*7919%keyPrime)%100 == 7 {
			n++
		}
	}
	assert.Equal(t, n, scanMatches(1000))
}
