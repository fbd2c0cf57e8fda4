package bench

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"time"
)

// Sizes scale the workloads.
type Sizes struct {
	Rows          int           // rows in the main table t
	Lookups       int           // point selects by primary key
	IndexLookups  int           // selects through the secondary index
	Scans         int           // full scans of t
	Commits       int           // autocommit inserts per synchronous level
	ConcRows      int           // rows in t for the concurrent workload
	Readers       int           // reader goroutines in the concurrent workload
	ConcurrentFor time.Duration // how long the concurrent workload runs
	// Budget bounds the lookup workloads: they stop after Lookups (or
	// IndexLookups) rows or after Budget, whichever comes first, so a slow
	// engine does not stall the run; the rate is what was done per second.
	Budget time.Duration
}

// DefaultSizes keep one cmd/compare run of all engines under three minutes
// on a 2-core machine.
func DefaultSizes() Sizes {
	return Sizes{Rows: 100_000, Lookups: 200_000, IndexLookups: 100_000, Scans: 5, Commits: 300,
		ConcRows: 10_000, Readers: 4, ConcurrentFor: 3 * time.Second, Budget: 4 * time.Second}
}

// SmallSizes are for tests: every workload runs, quickly.
func SmallSizes() Sizes {
	return Sizes{Rows: 2000, Lookups: 500, IndexLookups: 500, Scans: 2, Commits: 20,
		ConcRows: 500, Readers: 2, ConcurrentFor: 200 * time.Millisecond, Budget: time.Second}
}

// Tally is one counted outcome of a run: N operations of Unit.
type Tally struct {
	Unit string
	N    int
}

// Fixture is the content a workload's database starts with.
type Fixture uint8

const (
	FixtureNone     Fixture = iota // only bench_meta
	FixtureRows                    // table t with Sizes.Rows rows
	FixtureIndexed                 // FixtureRows plus index t_k on t(k)
	FixtureConcRows                // table t with Sizes.ConcRows rows
)

// Workload is one measured task, identical SQL on every engine (B1).
type Workload struct {
	Name     string
	What     string // what it measures, for the README and -list
	Settings Settings
	Fixture  Fixture
	// Concurrent workloads get Sizes.Readers+1 pooled connections, the
	// others one (B5).
	Concurrent bool
	// Setup prepares the database; not timed (B4). May be nil.
	Setup func(ctx context.Context, db *sql.DB, sz Sizes) error
	// Run is the timed part.
	Run func(ctx context.Context, db *sql.DB, sz Sizes) ([]Tally, error)
	// Check verifies the database after Run (B3); not timed. May be nil.
	Check func(ctx context.Context, db *sql.DB, sz Sizes, got []Tally) error
}

// The schema and statements, shared by all engines.
const (
	createT      = "CREATE TABLE t (id INTEGER PRIMARY KEY, k INTEGER NOT NULL, v VARCHAR(100) NOT NULL)"
	insertT      = "INSERT INTO t (id, k, v) VALUES (?, ?, ?)"
	createIndexK = "CREATE INDEX t_k ON t (k)"
	selectByID   = "SELECT k, v FROM t WHERE id = ?"
	selectByK    = "SELECT id FROM t WHERE k = ?"
	scanFilter   = "SELECT id, v FROM t WHERE k % 100 = 7"
	countT       = "SELECT COUNT(*) FROM t"
)

// keyPrime is a prime larger than any row count, so keyOf is one-to-one.
const keyPrime = 1_000_003

// keyOf is column k of row id: unique, in pseudo-random order.
func keyOf(id int) int64 { return int64(id) * 7919 % keyPrime }

// payloadBase fills every payload to 100 bytes.
var payloadBase = strings.Repeat("walrus-bench-payload-", 5)[:100]

// payloadOf is column v of row id: 100 bytes, starting with the id.
func payloadOf(id int) string {
	p := fmt.Sprintf("%010d", id)
	return p + payloadBase[len(p):]
}

// scanMatches is how many rows of 1..rows the scan filter selects.
func scanMatches(rows int) int {
	n := 0
	for id := 1; id <= rows; id++ {
		if keyOf(id)%100 == 7 {
			n++
		}
	}
	return n
}

// Workloads lists every workload in table order.
func Workloads() []Workload {
	def := DefaultSettings()
	withSync := func(level string) Settings { s := def; s.Synchronous = level; return s }
	ws := []Workload{
		{
			Name:     "insert",
			What:     "Sizes.Rows inserts (100-byte payload) in one transaction, ascending rowid; ops = rows",
			Settings: def,
			Setup:    execSetup(createT),
			Run: func(ctx context.Context, db *sql.DB, sz Sizes) ([]Tally, error) {
				if err := insertRows(ctx, db, 1, sz.Rows); err != nil {
					return nil, err
				}
				return []Tally{{"rows", sz.Rows}}, nil
			},
			Check: checkCount(func(sz Sizes, _ []Tally) int { return sz.Rows }),
		},
		{
			Name:     "point-select",
			What:     "Sizes.Lookups random SELECT k, v FROM t WHERE id = ? (prepared once); ops = rows fetched",
			Settings: def,
			Fixture:  FixtureRows,
			Run: func(ctx context.Context, db *sql.DB, sz Sizes) ([]Tally, error) {
				n, err := pointSelects(ctx, db, sz.Rows, sz.Lookups, rand.New(rand.NewPCG(1, 2)), time.Now().Add(sz.Budget))
				return []Tally{{"rows", n}}, err
			},
		},
		{
			Name: "point-literal",
			What: "Sizes.Lookups random SELECT k, v FROM t WHERE id = <literal>, each text prepared anew; " +
				"ops = rows fetched",
			Settings: def,
			Fixture:  FixtureRows,
			Run: func(ctx context.Context, db *sql.DB, sz Sizes) ([]Tally, error) {
				n, err := literalSelects(ctx, db, sz.Rows, sz.Lookups, rand.New(rand.NewPCG(1, 2)), time.Now().Add(sz.Budget))
				return []Tally{{"rows", n}}, err
			},
		},
		{
			Name:     "scan-filter",
			What:     "Sizes.Scans full scans with WHERE k % 100 = 7 (1% match); ops = rows scanned",
			Settings: def,
			Fixture:  FixtureRows,
			Run: func(ctx context.Context, db *sql.DB, sz Sizes) ([]Tally, error) {
				want := scanMatches(sz.Rows)
				for range sz.Scans {
					got, err := scanOnce(ctx, db)
					if err != nil {
						return nil, err
					}
					if got != want {
						return nil, fmt.Errorf("scan: %d rows match, want %d", got, want)
					}
				}
				return []Tally{{"rows", sz.Scans * sz.Rows}}, nil
			},
		},
		{
			Name:     "create-index",
			What:     "CREATE INDEX on k over Sizes.Rows rows (autocommit); ops = rows indexed",
			Settings: def,
			Fixture:  FixtureRows,
			Run: func(ctx context.Context, db *sql.DB, sz Sizes) ([]Tally, error) {
				if _, err := db.ExecContext(ctx, createIndexK); err != nil {
					return nil, fmt.Errorf("create index: %w", err)
				}
				return []Tally{{"rows", sz.Rows}}, nil
			},
			Check: func(ctx context.Context, db *sql.DB, sz Sizes, _ []Tally) error {
				// The new index must answer lookups.
				_, err := indexLookups(ctx, db, sz.Rows, 100, rand.New(rand.NewPCG(5, 6)), time.Time{})
				return err
			},
		},
		{
			Name:     "index-lookup",
			What:     "Sizes.IndexLookups random SELECT id WHERE k = ? through index t_k; ops = rows fetched",
			Settings: def,
			Fixture:  FixtureIndexed,
			Run: func(ctx context.Context, db *sql.DB, sz Sizes) ([]Tally, error) {
				n, err := indexLookups(ctx, db, sz.Rows, sz.IndexLookups, rand.New(rand.NewPCG(3, 4)), time.Now().Add(sz.Budget))
				return []Tally{{"rows", n}}, err
			},
		},
	}
	for _, level := range []string{"OFF", "NORMAL", "FULL", "EXTRA"} {
		ws = append(ws, Workload{
			Name:     "commit-" + strings.ToLower(level),
			What:     "Sizes.Commits autocommit single-row INSERTs, journal_mode=DELETE, synchronous=" + level + "; ops = commits",
			Settings: withSync(level),
			Setup:    execSetup(createT),
			Run: func(ctx context.Context, db *sql.DB, sz Sizes) ([]Tally, error) {
				stmt, err := db.PrepareContext(ctx, insertT)
				if err != nil {
					return nil, fmt.Errorf("prepare insert: %w", err)
				}
				defer stmt.Close()
				for id := 1; id <= sz.Commits; id++ {
					if _, err := stmt.ExecContext(ctx, id, keyOf(id), payloadOf(id)); err != nil {
						return nil, fmt.Errorf("insert %d: %w", id, err)
					}
				}
				return []Tally{{"commits", sz.Commits}}, nil
			},
			Check: checkCount(func(sz Sizes, _ []Tally) int { return sz.Commits }),
		})
	}
	conc := Workload{
		Name: "concurrent",
		What: "Sizes.Readers goroutines doing point selects while one goroutine commits single-row INSERTs, " +
			"for Sizes.ConcurrentFor, journal_mode=DELETE, synchronous=NORMAL; ops = reads and commits",
		Settings: withSync("NORMAL"),
		Fixture:  FixtureConcRows,
		Run:      concurrent,
		Check: checkCount(func(sz Sizes, got []Tally) int {
			for _, t := range got {
				if t.Unit == "commits" {
					return sz.ConcRows + t.N
				}
			}
			return -1
		}),
	}
	conc.Concurrent = true
	ws = append(ws, conc)
	return ws
}

// WorkloadByName finds a workload of Workloads.
func WorkloadByName(name string) (Workload, bool) {
	for _, w := range Workloads() {
		if w.Name == name {
			return w, true
		}
	}
	return Workload{}, false
}

func execSetup(stmts ...string) func(context.Context, *sql.DB, Sizes) error {
	return func(ctx context.Context, db *sql.DB, _ Sizes) error {
		for _, s := range stmts {
			if _, err := db.ExecContext(ctx, s); err != nil {
				return fmt.Errorf("%s: %w", s, err)
			}
		}
		return nil
	}
}

func checkCount(want func(Sizes, []Tally) int) func(context.Context, *sql.DB, Sizes, []Tally) error {
	return func(ctx context.Context, db *sql.DB, sz Sizes, got []Tally) error {
		var n int
		if err := db.QueryRowContext(ctx, countT).Scan(&n); err != nil {
			return fmt.Errorf("count: %w", err)
		}
		if w := want(sz, got); n != w {
			return fmt.Errorf("table t has %d rows, want %d", n, w)
		}
		return nil
	}
}

// insertRows inserts rows first..last in one transaction.
func insertRows(ctx context.Context, db *sql.DB, first, last int) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer tx.Rollback()
	stmt, err := tx.PrepareContext(ctx, insertT)
	if err != nil {
		return fmt.Errorf("prepare insert: %w", err)
	}
	defer stmt.Close()
	for id := first; id <= last; id++ {
		if _, err := stmt.ExecContext(ctx, id, keyOf(id), payloadOf(id)); err != nil {
			return fmt.Errorf("insert %d: %w", id, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// pointSelects fetches n random rows of 1..rows by id and checks each; it
// stops early at deadline if that is set. It returns how many it fetched.
func pointSelects(ctx context.Context, db *sql.DB, rows, n int, rng *rand.Rand, deadline time.Time) (int, error) {
	stmt, err := db.PrepareContext(ctx, selectByID)
	if err != nil {
		return 0, fmt.Errorf("prepare select: %w", err)
	}
	defer stmt.Close()
	var k int64
	var v string
	for i := range n {
		if !deadline.IsZero() && i%16 == 0 && time.Now().After(deadline) {
			return i, nil
		}
		id := rng.IntN(rows) + 1
		if err := stmt.QueryRowContext(ctx, id).Scan(&k, &v); err != nil {
			return i, fmt.Errorf("select id %d: %w", id, err)
		}
		if k != keyOf(id) || v != payloadOf(id) {
			return i, fmt.Errorf("select id %d: got k=%d v=%q", id, k, v)
		}
	}
	return n, nil
}

// literalSelects is pointSelects with the id written into the SQL text.
func literalSelects(ctx context.Context, db *sql.DB, rows, n int, rng *rand.Rand, deadline time.Time) (int, error) {
	var k int64
	var v string
	for i := range n {
		if !deadline.IsZero() && i%16 == 0 && time.Now().After(deadline) {
			return i, nil
		}
		id := rng.IntN(rows) + 1
		q := strings.Replace(selectByID, "?", fmt.Sprint(id), 1)
		if err := db.QueryRowContext(ctx, q).Scan(&k, &v); err != nil {
			return i, fmt.Errorf("%s: %w", q, err)
		}
		if k != keyOf(id) || v != payloadOf(id) {
			return i, fmt.Errorf("%s: got k=%d v=%q", q, k, v)
		}
	}
	return n, nil
}

// indexLookups finds n random rows of 1..rows by k and checks each id; it
// stops early at deadline if that is set.
func indexLookups(ctx context.Context, db *sql.DB, rows, n int, rng *rand.Rand, deadline time.Time) (int, error) {
	stmt, err := db.PrepareContext(ctx, selectByK)
	if err != nil {
		return 0, fmt.Errorf("prepare select: %w", err)
	}
	defer stmt.Close()
	var got int
	for i := range n {
		if !deadline.IsZero() && i%16 == 0 && time.Now().After(deadline) {
			return i, nil
		}
		id := rng.IntN(rows) + 1
		if err := stmt.QueryRowContext(ctx, keyOf(id)).Scan(&got); err != nil {
			return i, fmt.Errorf("select k of id %d: %w", id, err)
		}
		if got != id {
			return i, fmt.Errorf("select k of id %d: got id %d", id, got)
		}
	}
	return n, nil
}

// scanOnce runs the filtered scan and returns how many rows it produced.
func scanOnce(ctx context.Context, db *sql.DB) (int, error) {
	rows, err := db.QueryContext(ctx, scanFilter)
	if err != nil {
		return 0, fmt.Errorf("scan: %w", err)
	}
	defer rows.Close()
	n := 0
	var id int
	var v string
	for rows.Next() {
		if err := rows.Scan(&id, &v); err != nil {
			return n, fmt.Errorf("scan: %w", err)
		}
		if keyOf(id)%100 != 7 || v != payloadOf(id) {
			return n, fmt.Errorf("scan: row %d should not match or has v=%q", id, v)
		}
		n++
	}
	if err := rows.Err(); err != nil {
		return n, fmt.Errorf("scan: %w", err)
	}
	return n, nil
}

// concurrent runs Readers point-select loops and one autocommit writer
// until ConcurrentFor has passed.
func concurrent(ctx context.Context, db *sql.DB, sz Sizes) ([]Tally, error) {
	deadline := time.Now().Add(sz.ConcurrentFor)
	var wg sync.WaitGroup
	reads := make([]int, sz.Readers)
	errs := make([]error, sz.Readers+1)
	for r := range sz.Readers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(r), 7))
			// Readers only read the fixture rows, which the writer never touches.
			reads[r], errs[r] = pointSelects(ctx, db, sz.ConcRows, 1<<62, rng, deadline)
		}()
	}
	writes := 0
	func() {
		stmt, err := db.PrepareContext(ctx, insertT)
		if err != nil {
			errs[sz.Readers] = fmt.Errorf("prepare insert: %w", err)
			return
		}
		defer stmt.Close()
		for time.Now().Before(deadline) {
			id := sz.ConcRows + writes + 1
			if _, err := stmt.ExecContext(ctx, id, keyOf(id), payloadOf(id)); err != nil {
				errs[sz.Readers] = fmt.Errorf("writer: insert %d: %w", id, err)
				return
			}
			writes++
		}
	}()
	wg.Wait()
	total := 0
	for r, n := range reads {
		if errs[r] != nil {
			return nil, fmt.Errorf("reader %d: %w", r, errs[r])
		}
		total += n
	}
	if errs[sz.Readers] != nil {
		return nil, errs[sz.Readers]
	}
	return []Tally{{"reads", total}, {"commits", writes}}, nil
}
