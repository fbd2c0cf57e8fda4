package gorm

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	_ "github.com/walrusdb/walrus"
	"gorm.io/driver/mysql"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

// sqlLog is a GORM logger that records every statement GORM runs, with
// its arguments inlined, so tests can assert on the SQL sent.
type sqlLog struct {
	mu    sync.Mutex
	stmts []string
}

func (l *sqlLog) LogMode(logger.LogLevel) logger.Interface { return l }
func (l *sqlLog) Info(context.Context, string, ...any)     {}
func (l *sqlLog) Warn(context.Context, string, ...any)     {}
func (l *sqlLog) Error(context.Context, string, ...any)    {}

func (l *sqlLog) Trace(_ context.Context, _ time.Time, fc func() (string, int64), err error) {
	s, _ := fc()
	if err != nil && os.Getenv("GORM_LOG_ERRORS") != "" {
		fmt.Fprintf(os.Stderr, "ERR %v\n    %s\n", err, s)
	}
	l.mu.Lock()
	l.stmts = append(l.stmts, s)
	l.mu.Unlock()
}

// take returns the statements recorded since the last take.
func (l *sqlLog) take() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	s := l.stmts
	l.stmts = nil
	return s
}

var ddlRE = regexp.MustCompile(`(?i)^\s*(CREATE|ALTER|DROP|RENAME|TRUNCATE)\b`)

// ddl keeps the schema-changing statements of stmts.
func ddl(stmts []string) []string {
	var out []string
	for _, s := range stmts {
		if ddlRE.MatchString(s) {
			out = append(out, s)
		}
	}
	return out
}

// env is one test's database: a walrus file in a temp dir, opened through
// database/sql and wrapped by GORM's MySQL dialector.
type env struct {
	db   *gorm.DB
	sql  *sql.DB
	log  *sqlLog
	path string
}

func open(t *testing.T) *env {
	t.Helper()
	path := filepath.Join(t.TempDir(), "app.db")
	return openPath(t, path)
}

func openPath(t *testing.T, path string) *env {
	t.Helper()
	sqlDB, err := sql.Open("walrus", path)
	require.NoError(t, err)
	t.Cleanup(func() { sqlDB.Close() })
	log := &sqlLog{}
	db, err := gorm.Open(mysql.New(mysql.Config{Conn: sqlDB}), &gorm.Config{Logger: log})
	require.NoError(t, err)
	return &env{db: db, sql: sqlDB, log: log, path: path}
}

// migrated opens a database and runs AutoMigrate of every model.
func migrated(t *testing.T) *env {
	t.Helper()
	e := open(t)
	require.NoError(t, e.db.AutoMigrate(allModels...))
	e.log.take()
	return e
}

func ptr[T any](v T) *T { return &v }
