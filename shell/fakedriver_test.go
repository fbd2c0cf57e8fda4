package shell

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"io"
	"strings"
	"sync"
)

// fakeDriverName is a database/sql driver for tests that do not need a
// real engine: each DSN names a fakeDB whose answers are scripted per
// statement text.
const fakeDriverName = "shellfake"

func init() { sql.Register(fakeDriverName, fakeDriver{}) }

// fakeResult is the scripted answer to one statement.
type fakeResult struct {
	cols     []string
	types    []string // DatabaseTypeName per column; may be nil
	rows     [][]driver.Value
	err      error
	affected int64
	block    bool  // wait for the context to be cancelled, then fail with its error
	rowsErr  error // returned by Rows.Next after the rows
}

// fakeDB records the statements it ran and answers from its script;
// unknown statements succeed with no rows.
type fakeDB struct {
	mu      sync.Mutex
	answers map[string]fakeResult
	ran     []string
	stats   ioStats
}

var (
	fakeDBsMu sync.Mutex
	fakeDBs   = map[string]*fakeDB{}
)

// newFakeDB registers a fake database under dsn.
func newFakeDB(dsn string) *fakeDB {
	db := &fakeDB{answers: map[string]fakeResult{}}
	fakeDBsMu.Lock()
	fakeDBs[dsn] = db
	fakeDBsMu.Unlock()
	return db
}

func (db *fakeDB) answer(query string, r fakeResult) { db.answers[query] = r }

func (db *fakeDB) statements() []string {
	db.mu.Lock()
	defer db.mu.Unlock()
	return append([]string(nil), db.ran...)
}

func (db *fakeDB) run(ctx context.Context, query string) (fakeResult, error) {
	db.mu.Lock()
	db.ran = append(db.ran, query)
	r, ok := db.answers[query]
	db.stats.pagesRead += 3
	db.stats.syncs++
	db.mu.Unlock()
	if !ok {
		return fakeResult{}, nil
	}
	if r.block {
		<-ctx.Done()
		return r, ctx.Err()
	}
	return r, r.err
}

type fakeDriver struct{}

func (fakeDriver) Open(dsn string) (driver.Conn, error) {
	fakeDBsMu.Lock()
	defer fakeDBsMu.Unlock()
	db, ok := fakeDBs[dsn]
	if !ok {
		return nil, fmt.Errorf("fake: no database %q", dsn)
	}
	return &fakeConn{db: db}, nil
}

type fakeConn struct{ db *fakeDB }

func (c *fakeConn) Prepare(query string) (driver.Stmt, error) {
	return &fakeStmt{c: c, query: query}, nil
}
func (c *fakeConn) Close() error              { return nil }
func (c *fakeConn) Begin() (driver.Tx, error) { return fakeTx{}, nil }

func (c *fakeConn) IOStats() (int64, int64, int64) {
	c.db.mu.Lock()
	defer c.db.mu.Unlock()
	return c.db.stats.pagesRead, c.db.stats.pagesWritten, c.db.stats.syncs
}

func (c *fakeConn) QueryContext(ctx context.Context, query string, _ []driver.NamedValue) (driver.Rows, error) {
	r, err := c.db.run(ctx, query)
	if err != nil {
		return nil, err
	}
	return &fakeRows{r: r}, nil
}

func (c *fakeConn) ExecContext(ctx context.Context, query string, _ []driver.NamedValue) (driver.Result, error) {
	r, err := c.db.run(ctx, query)
	if err != nil {
		return nil, err
	}
	return driver.RowsAffected(r.affected), nil
}

type fakeTx struct{}

func (fakeTx) Commit() error   { return nil }
func (fakeTx) Rollback() error { return nil }

type fakeStmt struct {
	c     *fakeConn
	query string
}

func (s *fakeStmt) Close() error  { return nil }
func (s *fakeStmt) NumInput() int { return -1 }
func (s *fakeStmt) Exec(args []driver.Value) (driver.Result, error) {
	return s.c.ExecContext(context.Background(), s.query+" "+fmt.Sprint(args), nil)
}
func (s *fakeStmt) Query(args []driver.Value) (driver.Rows, error) {
	return s.c.QueryContext(context.Background(), s.query, nil)
}

type fakeRows struct {
	r fakeResult
	i int
}

func (r *fakeRows) Columns() []string { return r.r.cols }
func (r *fakeRows) Close() error      { return nil }
func (r *fakeRows) ColumnTypeDatabaseTypeName(i int) string {
	if i < len(r.r.types) {
		return r.r.types[i]
	}
	return ""
}
func (r *fakeRows) Next(dest []driver.Value) error {
	if r.i >= len(r.r.rows) {
		if r.r.rowsErr != nil {
			return r.r.rowsErr
		}
		return io.EOF
	}
	copy(dest, r.r.rows[r.i])
	r.i++
	return nil
}

// fakeError has the shape of walrus.Error: a position and near text.
type fakeError struct {
	Msg          string
	Line, Column int
	Near         string
}

func (e *fakeError) Error() string { return e.Msg }

// newFakeShell returns a shell on a fresh fake database and its output
// buffers.
func newFakeShell(t interface {
	Name() string
	Cleanup(func())
	Fatal(...any)
}, cfg Config) (*Shell, *fakeDB, *strings.Builder, *strings.Builder) {
	dsn := "fake-" + t.Name()
	db := newFakeDB(dsn)
	var out, errs strings.Builder
	cfg.Driver, cfg.Stdout, cfg.Stderr = fakeDriverName, &out, &errs
	s := New(cfg)
	if err := s.Open(context.Background(), dsn); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s, db, &out, &errs
}
