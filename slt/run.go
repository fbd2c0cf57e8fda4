package slt

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// DefaultHashThreshold is the hash threshold of a script that sets none.
const DefaultHashThreshold = 8

// Config says how scripts are run.
type Config struct {
	// Driver is the database/sql driver name; "" means "walrus". The driver
	// must be registered (import it) before running.
	Driver string
	// Engine is the name skipif/onlyif conditions are matched against;
	// "" means "mysql".
	Engine string
	// DSN turns the path of a fresh database file into a data source name;
	// nil means the path itself (the driver's default settings).
	DSN func(path string) string
	// RecordTimeout bounds each statement and query; 0 means no bound,
	// and then records run without cancellation (R10).
	RecordTimeout time.Duration
	// MaxFailures caps the failures kept per file (all are counted);
	// 0 means 20, a negative value keeps all.
	MaxFailures int
}

func (c Config) driver() string {
	if c.Driver == "" {
		return "walrus"
	}
	return c.Driver
}

func (c Config) engine() string {
	if c.Engine == "" {
		return "mysql"
	}
	return c.Engine
}

func (c Config) maxFailures() int {
	if c.MaxFailures == 0 {
		return 20
	}
	return c.MaxFailures
}

// Failure is one record that did not give the expected outcome.
type Failure struct {
	File     string
	Line     int
	SQL      string
	Reason   string   // what went wrong, e.g. "wrong result", "expected an error"
	Expected []string // query: the expected lines
	Got      []string // query: the lines the engine's result renders to
	// Values are the rendered values behind a hashed Got line, sorted as
	// compared (for reading a hash mismatch).
	Values []string
	Err    error // the engine's error, if that is what went wrong
}

func (f Failure) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s:%d: %s\n", f.File, f.Line, f.Reason)
	fmt.Fprintf(&b, "  sql: %s\n", strings.ReplaceAll(f.SQL, "\n", "\n       "))
	if f.Err != nil {
		fmt.Fprintf(&b, "  error: %v\n", f.Err)
	}
	if f.Expected != nil || f.Got != nil {
		fmt.Fprintf(&b, "  expected (%d lines):\n", len(f.Expected))
		writeLines(&b, f.Expected)
		fmt.Fprintf(&b, "  got (%d lines):\n", len(f.Got))
		writeLines(&b, f.Got)
	}
	if f.Values != nil {
		fmt.Fprintf(&b, "  got values (%d):\n", len(f.Values))
		writeLines(&b, f.Values)
	}
	return b.String()
}

// writeLines prints at most 20 lines, indented.
func writeLines(b *strings.Builder, ls []string) {
	const most = 20
	for i, l := range ls {
		if i == most {
			fmt.Fprintf(b, "    ... %d more\n", len(ls)-most)
			return
		}
		fmt.Fprintf(b, "    %s\n", l)
	}
}

// FileResult is the outcome of running one script.
// Run = Passed + Failed; Skipped counts statement and query records that
// conditions skipped; records after a halt are not counted.
type FileResult struct {
	Path     string
	Run      int
	Passed   int
	Failed   int
	Skipped  int
	Duration time.Duration
	// Failures holds the first Config.MaxFailures failures.
	Failures []Failure
	// Err is set when the file could not be run at all (parse error, the
	// database could not be opened); no records were counted then.
	Err error
}

// RunFile parses the script at path and runs it against a fresh database
// file in a new temporary directory, removed afterwards.
func RunFile(ctx context.Context, cfg Config, path string) FileResult {
	start := time.Now()
	res := FileResult{Path: path}
	s, err := ParseFile(path)
	if err != nil {
		res.Err = err
		return res
	}
	dir, err := os.MkdirTemp("", "walrus-slt-")
	if err != nil {
		res.Err = fmt.Errorf("slt: %w", err)
		return res
	}
	defer os.RemoveAll(dir)
	dbPath := filepath.Join(dir, "slt.db")
	dsn := dbPath
	if cfg.DSN != nil {
		dsn = cfg.DSN(dbPath)
	}
	db, err := sql.Open(cfg.driver(), dsn)
	if err != nil {
		res.Err = fmt.Errorf("slt: open %s: %w", dsn, err)
		return res
	}
	res = RunScript(ctx, cfg, db, s)
	if err := db.Close(); err != nil && res.Err == nil {
		res.Err = fmt.Errorf("slt: close: %w", err)
	}
	res.Path = path
	res.Duration = time.Since(start)
	return res
}

// RunScript runs a parsed script against db, which should be empty. The
// pool is limited to one connection so that every record sees the
// session the script built.
func RunScript(ctx context.Context, cfg Config, db *sql.DB, s *Script) FileResult {
	start := time.Now()
	db.SetMaxOpenConns(1)
	r := scriptRun{
		cfg:       cfg,
		db:        db,
		res:       FileResult{Path: s.Name},
		threshold: DefaultHashThreshold,
		labels:    map[string]labelHash{},
	}
	// Without a per-record bound, records run under a context that is never
	// cancelled, and ctx stops the script between records (R10).
	recCtx := context.WithoutCancel(ctx)
	if cfg.RecordTimeout > 0 {
		r.watch = newWatchdog(ctx, cfg.RecordTimeout)
		defer r.watch.close()
		recCtx = ctx
	}
	engine := cfg.engine()
	for i := range s.Records {
		if ctx.Err() != nil {
			r.res.Err = ctx.Err()
			break
		}
		rec := &s.Records[i]
		if rec.Skipped(engine) {
			if rec.Kind == KindStatement || rec.Kind == KindQuery {
				r.res.Skipped++
			}
			continue
		}
		if rec.Kind == KindHalt {
			break
		}
		r.record(recCtx, rec)
	}
	r.res.Duration = time.Since(start)
	return r.res
}

type labelHash struct {
	hash string
	line int
}

type scriptRun struct {
	cfg       Config
	db        *sql.DB
	res       FileResult
	threshold int
	labels    map[string]labelHash
	watch     *watchdog // bounds each record when Config.RecordTimeout is set
	// Scratch reused from query to query: the rendered values, the
	// buffer they are rendered into and where each ends, the sorter's
	// arrays, the bytes hashed.
	vals   []string
	cells  []any // a row as scanned, and pointers to its cells for Scan
	ptrs   []any
	buf    []byte
	ends   []int
	sorter valueSorter
	hbuf   []byte
}

func (r *scriptRun) record(ctx context.Context, rec *Record) {
	switch rec.Kind {
	case KindHashThreshold:
		r.threshold = rec.Threshold
		return
	case KindStatement, KindQuery:
	default:
		return
	}
	if r.watch != nil {
		ctx = r.watch.start()
	}
	var f *Failure
	if rec.Kind == KindStatement {
		f = r.statement(ctx, rec)
	} else {
		f = r.query(ctx, rec)
	}
	if r.watch != nil {
		r.watch.done()
		if f != nil && errors.Is(f.Err, context.Canceled) {
			f.Err = context.Cause(ctx) // the timeout, rather than "context canceled"
		}
	}
	r.res.Run++
	if f == nil {
		r.res.Passed++
		return
	}
	r.res.Failed++
	f.File, f.Line, f.SQL = r.res.Path, rec.Line, rec.SQL
	if max := r.cfg.maxFailures(); max < 0 || len(r.res.Failures) < max {
		r.res.Failures = append(r.res.Failures, *f)
	}
}

func (r *scriptRun) statement(ctx context.Context, rec *Record) *Failure {
	_, err := r.db.ExecContext(ctx, rec.SQL)
	switch {
	case rec.ExpectError && err == nil:
		return &Failure{Reason: "statement succeeded, an error was expected"}
	case !rec.ExpectError && err != nil:
		return &Failure{Reason: "statement failed", Err: err}
	}
	return nil
}

func (r *scriptRun) query(ctx context.Context, rec *Record) *Failure {
	vals, f := r.fetch(ctx, rec)
	if f != nil {
		return f
	}
	// The next query reuses vals' array; a failure keeps a copy.
	defer func() { r.vals = vals[:0] }()
	r.sorter.sort(vals, len(rec.Types), rec.Sort)
	got := vals
	hashed := r.threshold > 0 && len(vals) > r.threshold
	var h string // Hash(vals), computed once for the hash line and the label
	if hashed || rec.Label != "" {
		h, r.hbuf = appendHash(r.hbuf, vals)
	}
	if hashed {
		got = []string{hashLineOf(len(vals), h)}
	}
	if !slices.Equal(got, rec.Expected) {
		reason := "wrong result"
		if n := expectedCount(rec.Expected); n != len(vals) {
			reason = fmt.Sprintf("wrong result: expected %d values, got %d", n, len(vals))
		}
		f := &Failure{Reason: reason, Expected: rec.Expected, Got: slices.Clone(got)}
		if hashed {
			f.Values = slices.Clone(vals)
		}
		return f
	}
	if rec.Label == "" {
		return nil
	}
	prev, seen := r.labels[rec.Label]
	if !seen {
		r.labels[rec.Label] = labelHash{h, rec.Line}
		return nil
	}
	if prev.hash != h {
		return &Failure{
			Reason:   fmt.Sprintf("label %s: result differs from the query at line %d", rec.Label, prev.line),
			Expected: []string{prev.hash},
			Got:      []string{h},
		}
	}
	return nil
}

// expectedCount is the number of values an expected result stands for.
func expectedCount(exp []string) int {
	if len(exp) == 1 {
		var n int
		var h string
		if c, err := fmt.Sscanf(exp[0], "%d values hashing to %s", &n, &h); err == nil && c == 2 {
			return n
		}
	}
	return len(exp)
}

// fetch runs a query and renders its values in the order returned.
func (r *scriptRun) fetch(ctx context.Context, rec *Record) ([]string, *Failure) {
	queryFailed := func(err error) *Failure { return &Failure{Reason: "query failed", Err: err} }
	rows, err := r.db.QueryContext(ctx, rec.SQL)
	if err != nil {
		return nil, queryFailed(err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return nil, queryFailed(err)
	}
	if len(cols) != len(rec.Types) {
		return nil, &Failure{Reason: fmt.Sprintf("wrong column count: expected %d (%s), got %d", len(rec.Types), rec.Types, len(cols))}
	}
	var dateOnly []bool // which columns are DATEs, looked up at the first time value
	if len(r.cells) != len(cols) {
		r.cells, r.ptrs = make([]any, len(cols)), make([]any, len(cols))
		for i := range r.cells {
			r.ptrs[i] = &r.cells[i]
		}
	}
	cells, ptrs := r.cells, r.ptrs
	defer clear(cells) // keep no values alive
	// The values are rendered into one buffer and cut from one string
	// made of it: two allocations per query, not one per value.
	buf, ends := r.buf[:0], r.ends[:0]
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return nil, queryFailed(err)
		}
		for i, c := range cells {
			if t, ok := c.(time.Time); ok {
				if dateOnly == nil {
					dateOnly = dateColumns(rows, len(cols))
				}
				if dateOnly[i] {
					c = t.Format("2006-01-02")
				}
			}
			buf = appendRender(buf, c, rec.Types[i])
			ends = append(ends, len(buf))
		}
	}
	r.buf, r.ends = buf, ends
	if err := rows.Err(); err != nil {
		return nil, queryFailed(err)
	}
	all := string(buf)
	vals := r.vals[:0]
	start := 0
	for _, end := range ends {
		vals = append(vals, all[start:end])
		start = end
	}
	return vals, nil
}

// dateColumns reports which of the n result columns are DATEs, whose time
// values print without a time of day.
func dateColumns(rows *sql.Rows, n int) []bool {
	dateOnly := make([]bool, n)
	if cts, err := rows.ColumnTypes(); err == nil {
		for i, ct := range cts {
			dateOnly[i] = ct.DatabaseTypeName() == "DATE"
		}
	}
	return dateOnly
}
