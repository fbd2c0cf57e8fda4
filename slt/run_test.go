package slt

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fakeResp is the canned answer to one SQL text.
type fakeResp struct {
	cols  []string
	types []string // DatabaseTypeName per column; nil means unknown
	rows  [][]driver.Value
	err   error
	block bool   // the query runs until its context ends
	hook  func() // called when the text runs
}

// fakeDB is a tiny database/sql driver that answers SQL texts from a table
// of canned responses and records what it was asked.
type fakeDB struct {
	mu       sync.Mutex
	resp     map[string]fakeResp
	executed []string
	// cancellable records, per statement or query run, whether its
	// context could be cancelled (Done() != nil).
	cancellable []bool
}

func (d *fakeDB) sawContext(ctx context.Context) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.cancellable = append(d.cancellable, ctx.Done() != nil)
}

func (d *fakeDB) answer(query string) (fakeResp, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.executed = append(d.executed, query)
	r, ok := d.resp[query]
	if !ok {
		return r, fmt.Errorf("fake: no canned answer for %q", query)
	}
	if r.hook != nil {
		r.hook()
	}
	return r, r.err
}

func (d *fakeDB) Connect(context.Context) (driver.Conn, error) { return &fakeConn{d}, nil }
func (d *fakeDB) Driver() driver.Driver                        { return fakeDriver{} }

type fakeDriver struct{}

func (fakeDriver) Open(name string) (driver.Conn, error) {
	fakeRegistry.Lock()
	defer fakeRegistry.Unlock()
	d, ok := fakeRegistry.dbs[name]
	if !ok {
		return nil, fmt.Errorf("fake: no database %q", name)
	}
	return &fakeConn{d}, nil
}

var fakeRegistry = struct {
	sync.Mutex
	dbs map[string]*fakeDB
}{dbs: map[string]*fakeDB{}}

func init() { sql.Register("slt-fake", fakeDriver{}) }

type fakeConn struct{ db *fakeDB }

func (c *fakeConn) Prepare(string) (driver.Stmt, error) { return nil, errors.New("fake: no Prepare") }
func (c *fakeConn) Close() error                        { return nil }
func (c *fakeConn) Begin() (driver.Tx, error)           { return nil, errors.New("fake: no Begin") }

func (c *fakeConn) ExecContext(ctx context.Context, query string, _ []driver.NamedValue) (driver.Result, error) {
	c.db.sawContext(ctx)
	if _, err := c.db.answer(query); err != nil {
		return nil, err
	}
	return driver.RowsAffected(0), nil
}

func (c *fakeConn) QueryContext(ctx context.Context, query string, _ []driver.NamedValue) (driver.Rows, error) {
	c.db.sawContext(ctx)
	r, err := c.db.answer(query)
	if err != nil {
		return nil, err
	}
	if r.block {
		<-ctx.Done()
		return nil, ctx.Err()
	}
	return &fakeRows{resp: r}, nil
}

type fakeRows struct {
	resp fakeResp
	next int
}

func (r *fakeRows) Columns() []string { return r.resp.cols }
func (r *fakeRows) Close() error      { return nil }
func (r *fakeRows) Next(dest []driver.Value) error {
	if r.next == len(r.resp.rows) {
		return io.EOF
	}
	copy(dest, r.resp.rows[r.next])
	r.next++
	return nil
}

func (r *fakeRows) ColumnTypeDatabaseTypeName(i int) string {
	if r.resp.types == nil {
		return ""
	}
	return r.resp.types[i]
}

func runInline(t *testing.T, resp map[string]fakeResp, script string) (FileResult, *fakeDB) {
	t.Helper()
	s, err := Parse("inline.test", strings.NewReader(script))
	require.NoError(t, err)
	fake := &fakeDB{resp: resp}
	db := sql.OpenDB(fake)
	defer db.Close()
	return RunScript(context.Background(), Config{}, db, s), fake
}

func ints(vs ...int64) [][]driver.Value {
	var rows [][]driver.Value
	for _, v := range vs {
		rows = append(rows, []driver.Value{v})
	}
	return rows
}

func TestRunStatements(t *testing.T) {
	resp := map[string]fakeResp{
		"CREATE TABLE t(a INT)": {},
		"DROP TABLE nope":       {err: errors.New("no such table: nope")},
		"DROP TABLE t":          {},
	}
	res, fake := runInline(t, resp, `
statement ok
CREATE TABLE t(a INT)

statement error
DROP TABLE nope

statement ok
DROP TABLE nope

statement error
DROP TABLE t
`)
	assert.Equal(t, 4, res.Run)
	assert.Equal(t, 2, res.Passed)
	assert.Equal(t, 2, res.Failed)
	require.Len(t, res.Failures, 2)
	assert.Equal(t, "inline.test", res.Failures[0].File)
	assert.Equal(t, 8, res.Failures[0].Line)
	assert.Equal(t, "DROP TABLE nope", res.Failures[0].SQL)
	assert.EqualError(t, res.Failures[0].Err, "no such table: nope")
	assert.Equal(t, 11, res.Failures[1].Line)
	assert.Contains(t, res.Failures[1].Reason, "an error was expected")
	assert.Len(t, fake.executed, 4)
}

func TestRunQueries(t *testing.T) {
	resp := map[string]fakeResp{
		"SELECT a FROM t":       {cols: []string{"a"}, rows: ints(3, 1, 2)},
		"SELECT a, b FROM t":    {cols: []string{"a", "b"}, rows: [][]driver.Value{{int64(2), "x"}, {int64(10), nil}, {int64(2), "a"}}},
		"SELECT 7 / 2":          {cols: []string{"7 / 2"}, rows: [][]driver.Value{{"3.5000"}}},
		"SELECT 2.5":            {cols: []string{"2.5"}, rows: [][]driver.Value{{"2.5"}}},
		"SELECT ''":             {cols: []string{"''"}, rows: [][]driver.Value{{""}}},
		"SELECT a, a FROM t":    {cols: []string{"a", "a"}, rows: [][]driver.Value{{int64(1), int64(1)}}},
		"SELECT broken":         {err: errors.New("syntax error")},
		"SELECT nothing":        {cols: []string{"x"}},
		"SELECT many":           {cols: []string{"x"}, rows: ints(1, 2, 3, 4, 5, 6, 7, 8, 9)},
		"SELECT d":              {cols: []string{"d"}, types: []string{"DATE"}, rows: [][]driver.Value{{time.Date(2020, 1, 2, 0, 0, 0, 0, time.UTC)}}},
		"SELECT dt":             {cols: []string{"dt"}, types: []string{"DATETIME"}, rows: [][]driver.Value{{time.Date(2020, 1, 2, 3, 4, 5, 0, time.UTC)}}},
		"SELECT a FROM t WHERE": {cols: []string{"a"}, rows: ints(1, 2)},
	}
	res, _ := runInline(t, resp, `
query I nosort
SELECT a FROM t
----
3
1
2

query I rowsort
SELECT a FROM t
----
1
2
3

query IT rowsort
SELECT a, b FROM t
----
10
NULL
2
a
2
x

query TT valuesort
SELECT a, b FROM t
----
10
2
2
NULL
a
x

query I
SELECT 7 / 2
----
3

query R
SELECT 2.5
----
2.500

query T
SELECT ''
----
(empty)

query I
SELECT nothing

query I nosort
SELECT many
----
9 values hashing to `+Hash([]string{"1", "2", "3", "4", "5", "6", "7", "8", "9"})+`

hash-threshold 0

query I nosort
SELECT many
----
1
2
3
4
5
6
7
8
9

query T
SELECT d
----
2020-01-02

query T
SELECT dt
----
2020-01-02 03:04:05
`)
	for _, f := range res.Failures {
		t.Log(f.String())
	}
	assert.Equal(t, 12, res.Run)
	assert.Equal(t, 12, res.Passed)
	assert.Zero(t, res.Failed)
	assert.NoError(t, res.Err)
}

func TestRunQueryFailures(t *testing.T) {
	resp := map[string]fakeResp{
		"SELECT a FROM t":    {cols: []string{"a"}, rows: ints(3, 1, 2)},
		"SELECT a, b FROM t": {cols: []string{"a", "b"}, rows: [][]driver.Value{{int64(1), int64(2)}}},
		"SELECT broken":      {err: errors.New("syntax error")},
	}
	res, _ := runInline(t, resp, `
query I nosort
SELECT a FROM t
----
1
2
3

query I rowsort
SELECT a FROM t
----
1
2

query I rowsort
SELECT a FROM t
----
1
2
3
4

query I
SELECT a, b FROM t
----
1
2

query I
SELECT broken
----
1

query I rowsort
SELECT a FROM t
----
3 values hashing to 00000000000000000000000000000000

query I rowsort
SELECT a FROM t
`)
	assert.Equal(t, 7, res.Run)
	assert.Zero(t, res.Passed)
	assert.Equal(t, 7, res.Failed)
	require.Len(t, res.Failures, 7)
	f := res.Failures
	assert.Equal(t, "wrong result", f[0].Reason, "same count, wrong order")
	assert.Equal(t, []string{"1", "2", "3"}, f[0].Expected)
	assert.Equal(t, []string{"3", "1", "2"}, f[0].Got)
	assert.Equal(t, "wrong result: expected 2 values, got 3", f[1].Reason, "a prefix is not a match")
	assert.Equal(t, "wrong result: expected 4 values, got 3", f[2].Reason)
	assert.Contains(t, f[3].Reason, "wrong column count: expected 1 (I), got 2")
	assert.Equal(t, "query failed", f[4].Reason)
	assert.EqualError(t, f[4].Err, "syntax error")
	assert.Equal(t, "wrong result", f[5].Reason, "hash mismatch")
	assert.Equal(t, []string{"1", "2", "3"}, f[5].Got, "below the threshold the values are shown")
	assert.Nil(t, f[5].Values, "not hashed: no separate values")
	assert.Equal(t, "wrong result: expected 0 values, got 3", f[6].Reason)
	assert.Equal(t, 39, f[6].Line)
	assert.Contains(t, f[1].String(), "inline.test:9: wrong result")
	assert.Contains(t, f[4].String(), "error: syntax error")
}

func TestRunHashMismatchShowsValues(t *testing.T) {
	resp := map[string]fakeResp{"SELECT many": {cols: []string{"x"}, rows: ints(9, 8, 7, 6, 5, 4, 3, 2, 1)}}
	res, _ := runInline(t, resp, "query I rowsort\nSELECT many\n----\n9 values hashing to 00000000000000000000000000000000\n")
	require.Len(t, res.Failures, 1)
	f := res.Failures[0]
	assert.Equal(t, "wrong result", f.Reason, "right count, wrong hash")
	assert.Equal(t, []string{hashLine([]string{"1", "2", "3", "4", "5", "6", "7", "8", "9"})}, f.Got, "hashed after rowsort")
	assert.Equal(t, []string{"1", "2", "3", "4", "5", "6", "7", "8", "9"}, f.Values)
	assert.Contains(t, f.String(), "got values (9):")
}

func TestRunConditionsHaltAndLabels(t *testing.T) {
	resp := map[string]fakeResp{
		"SELECT 1":      {cols: []string{"1"}, rows: ints(1)},
		"SELECT 1 + 0":  {cols: []string{"1 + 0"}, rows: ints(1)},
		"SELECT 2":      {cols: []string{"2"}, rows: ints(2)},
		"SELECT 2 + 0":  {cols: []string{"2 + 0"}, rows: ints(2)},
		"SELECT wrong":  {cols: []string{"x"}, rows: ints(5)},
		"SELECT right":  {cols: []string{"x"}, rows: ints(7)},
		"SELECT right2": {cols: []string{"x"}, rows: ints(7)},
	}
	res, fake := runInline(t, resp, `
skipif mysql # not compatible
query I rowsort label-1
SELECT never
----
1

onlyif mysql # aggregate syntax:
query I rowsort label-1
SELECT 1
----
1

query I rowsort label-1
SELECT 1 + 0
----
1

onlyif sqlite
statement ok
SELECT never

skipif postgresql
query I nosort label-2
SELECT 2
----
2

# Both queries pass their own check but disagree: a label failure.
query I nosort label-2
SELECT 1
----
1

query I nosort label-2
SELECT 2 + 0
----
2

# The first query of label-3 fails, so it does not fix the label's hash.
query I nosort label-3
SELECT wrong
----
7

query I nosort label-3
SELECT right
----
7

query I nosort label-3
SELECT right2
----
7

onlyif mssql
halt

halt

statement ok
SELECT never
`)
	assert.Equal(t, 2, res.Skipped)
	assert.Equal(t, 8, res.Run)
	assert.Equal(t, 6, res.Passed)
	require.Len(t, res.Failures, 2)
	assert.Equal(t, "label label-2: result differs from the query at line 24", res.Failures[0].Reason)
	assert.Equal(t, 30, res.Failures[0].Line)
	assert.Equal(t, "wrong result", res.Failures[1].Reason)
	assert.NotContains(t, fake.executed, "SELECT never")
}

func TestRunMaxFailures(t *testing.T) {
	fake := &fakeDB{resp: map[string]fakeResp{}}
	s, err := Parse("x", strings.NewReader(strings.Repeat("statement ok\nBAD\n\n", 30)))
	require.NoError(t, err)
	db := sql.OpenDB(fake)
	defer db.Close()
	res := RunScript(context.Background(), Config{MaxFailures: 5}, db, s)
	assert.Equal(t, 30, res.Failed)
	assert.Len(t, res.Failures, 5)
	res = RunScript(context.Background(), Config{MaxFailures: -1}, db, s)
	assert.Len(t, res.Failures, 30)
}

func TestRunFileAndSummaries(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "a", "b"), 0o755))
	good := "statement ok\nCREATE TABLE t(a INT)\n\nquery I\nSELECT 1\n----\n1\n\nskipif mysql\nquery I\nSELECT 1\n----\n1\n"
	bad := "query I\nSELECT 1\n----\n2\n"
	files := map[string]string{
		"top.test":        good,
		"a/one.test":      good,
		"a/two.test":      bad,
		"a/b/three.test":  good,
		"a/b/broken.test": "nonsense\n",
		"a/b/notes.txt":   "not a test",
	}
	for name, body := range files {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644))
	}
	fake := &fakeDB{resp: map[string]fakeResp{
		"CREATE TABLE t(a INT)": {},
		"SELECT 1":              {cols: []string{"1"}, rows: ints(1)},
	}}
	fakeRegistry.Lock()
	fakeRegistry.dbs["summaries"] = fake
	fakeRegistry.Unlock()
	var dbPaths []string
	var mu sync.Mutex
	cfg := Config{Driver: "slt-fake", DSN: func(p string) string {
		mu.Lock()
		dbPaths = append(dbPaths, p)
		mu.Unlock()
		return "summaries"
	}}

	list, err := Files(dir, filepath.Join(dir, "top.test"))
	require.NoError(t, err)
	rel := func(ps []string) []string {
		var out []string
		for _, p := range ps {
			r, err := filepath.Rel(dir, p)
			require.NoError(t, err)
			out = append(out, filepath.ToSlash(r))
		}
		return out
	}
	assert.Equal(t, []string{"a/b/broken.test", "a/b/three.test", "a/one.test", "a/two.test", "top.test"}, rel(list))

	var doneCount int
	results := RunFiles(context.Background(), cfg, list, 3, func(FileResult) { doneCount++ })
	require.Len(t, results, 5)
	assert.Equal(t, 5, doneCount)
	assert.ErrorContains(t, results[0].Err, "unknown record \"nonsense\"")
	assert.Equal(t, FileResult{Path: list[1], Run: 2, Passed: 2, Skipped: 1}, withoutTime(results[1]))
	assert.Equal(t, 1, results[3].Failed)
	assert.Len(t, dbPaths, 4, "every runnable file gets its own database")
	for _, p := range dbPaths {
		assert.Equal(t, "slt.db", filepath.Base(p))
		_, err := os.Stat(filepath.Dir(p))
		assert.True(t, os.IsNotExist(err), "temp dir %s removed", filepath.Dir(p))
	}

	sums := Summarize(results, dir)
	require.Len(t, sums, 3)
	assert.Equal(t, DirSummary{Dir: ".", Files: 1, Run: 2, Passed: 2, Skipped: 1}, withoutDur(sums[0]))
	assert.Equal(t, DirSummary{Dir: "a", Files: 2, Run: 3, Passed: 2, Failed: 1, Skipped: 1}, withoutDur(sums[1]))
	assert.Equal(t, DirSummary{Dir: "a/b", Files: 2, Errors: 1, Run: 2, Passed: 2, Skipped: 1}, withoutDur(sums[2]))
	assert.Equal(t, DirSummary{Dir: "TOTAL", Files: 5, Errors: 1, Run: 7, Passed: 6, Failed: 1, Skipped: 3}, withoutDur(Total(sums)))

	var b strings.Builder
	require.NoError(t, WriteTable(&b, sums))
	lines := strings.Split(strings.TrimSpace(b.String()), "\n")
	require.Len(t, lines, 5)
	assert.Equal(t, []string{"directory", "files", "errors", "run", "passed", "failed", "skipped", "seconds"}, strings.Fields(lines[0]))
	assert.Equal(t, []string{"a", "2", "0", "3", "2", "1", "1"}, strings.Fields(lines[2])[:7])
	assert.Equal(t, []string{"TOTAL", "5", "1", "7", "6", "1", "3"}, strings.Fields(lines[4])[:7])
}

func TestRunFileCancelled(t *testing.T) {
	fake := &fakeDB{resp: map[string]fakeResp{"SELECT 1": {cols: []string{"1"}, rows: ints(1)}}}
	s, err := Parse("x", strings.NewReader("query I\nSELECT 1\n----\n1\n"))
	require.NoError(t, err)
	db := sql.OpenDB(fake)
	defer db.Close()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	res := RunScript(ctx, Config{}, db, s)
	assert.ErrorIs(t, res.Err, context.Canceled)
	assert.Zero(t, res.Run)
}

func withoutTime(r FileResult) FileResult {
	r.Duration = 0
	return r
}

func withoutDur(s DirSummary) DirSummary {
	s.Duration = 0
	return s
}

// TestRecordTimeout: a record that runs past Config.RecordTimeout fails
// with an error that is context.DeadlineExceeded, and the records after
// it run with a fresh bound (the watchdog's context is renewed).
func TestRecordTimeout(t *testing.T) {
	resp := map[string]fakeResp{
		"SELECT forever": {cols: []string{"x"}, block: true},
		"SELECT 1":       {cols: []string{"1"}, rows: ints(1)},
	}
	s, err := Parse("inline.test", strings.NewReader(`
query I nosort
SELECT forever
----
1

query I nosort
SELECT 1
----
1

query I nosort
SELECT forever
----
1

query I nosort
SELECT 1
----
1
`))
	require.NoError(t, err)
	db := sql.OpenDB(&fakeDB{resp: resp})
	defer db.Close()
	start := time.Now()
	res := RunScript(context.Background(), Config{RecordTimeout: 50 * time.Millisecond}, db, s)
	assert.Less(t, time.Since(start), 5*time.Second)
	assert.Equal(t, 4, res.Run)
	assert.Equal(t, 2, res.Passed)
	require.Len(t, res.Failures, 2)
	for _, f := range res.Failures {
		assert.Equal(t, "SELECT forever", f.SQL)
		assert.ErrorIs(t, f.Err, context.DeadlineExceeded)
		assert.Contains(t, f.Err.Error(), "longer than 50ms")
	}
}

// TestWatchdogLateFire: a timer firing after its record ended (as when
// Stop comes too late to recall it) must not cancel the next record.
func TestWatchdogLateFire(t *testing.T) {
	w := newWatchdog(context.Background(), time.Hour)
	defer w.close()
	ctx := w.start()
	w.done()
	w.fire() // late: no record is running
	assert.NoError(t, ctx.Err())
	ctx = w.start()
	w.fire() // early for this record's deadline
	assert.NoError(t, ctx.Err())
	w.mu.Lock()
	w.deadline = time.Now().Add(-time.Second) // this record's time is up
	w.mu.Unlock()
	w.fire()
	assert.ErrorIs(t, context.Cause(ctx), context.DeadlineExceeded)
	w.done()
	assert.NoError(t, w.start().Err(), "the next record runs afresh")
	w.done()
}

// TestNoTimeoutRunsUncancellable checks R10: without RecordTimeout the
// records run under a context that cannot be cancelled (so database/sql
// starts no goroutine per query), and cancelling the caller's context
// stops the script before the next record. With a timeout the records'
// context is cancellable.
func TestNoTimeoutRunsUncancellable(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	resp := map[string]fakeResp{
		"SELECT 1":    {cols: []string{"1"}, rows: ints(1)},
		"SELECT stop": {cols: []string{"x"}, rows: ints(1), hook: cancel},
	}
	s, err := Parse("inline.test", strings.NewReader(`
statement ok
SELECT 1

query I nosort
SELECT 1
----
1

query I nosort
SELECT stop
----
1

query I nosort
SELECT 1
----
1
`))
	require.NoError(t, err)
	fdb := &fakeDB{resp: resp}
	db := sql.OpenDB(fdb)
	defer db.Close()
	res := RunScript(ctx, Config{}, db, s)
	assert.ErrorIs(t, res.Err, context.Canceled)
	assert.Equal(t, 3, res.Run, "the record after the cancelling one must not run")
	assert.Equal(t, 3, res.Passed)
	assert.Equal(t, []bool{false, false, false}, fdb.cancellable)

	fdb2 := &fakeDB{resp: map[string]fakeResp{"SELECT 1": resp["SELECT 1"]}}
	db2 := sql.OpenDB(fdb2)
	defer db2.Close()
	s2, err := Parse("inline.test", strings.NewReader("query I nosort\nSELECT 1\n----\n1\n"))
	require.NoError(t, err)
	res = RunScript(context.Background(), Config{RecordTimeout: time.Minute}, db2, s2)
	assert.Equal(t, 1, res.Passed)
	assert.Equal(t, []bool{true}, fdb2.cancellable)
}
