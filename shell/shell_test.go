package shell

import (
	"context"
	"database/sql/driver"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRunReaderStatementsAndDotCommands(t *testing.T) {
	s, db, out, errs := newFakeShell(t, Config{Mode: ModeList, Headers: true})
	db.answer("SELECT id, name FROM t", fakeResult{
		cols: []string{"id", "name"}, types: []string{"BIGINT", "TEXT"},
		rows: [][]driver.Value{{int64(1), "a;b"}, {int64(2), nil}},
	})
	script := "CREATE TABLE t (id INT, name TEXT);\n" +
		".nullvalue (null)\n" +
		"SELECT id,\n" +
		"  name FROM t;\n" +
		".mode csv\n" +
		".headers off\n" +
		"SELECT id, name FROM t; -- trailing comment\n"
	require.NoError(t, s.RunReader(context.Background(), strings.NewReader(script)))
	assert.Equal(t, []string{"CREATE TABLE t (id INT, name TEXT)", "SELECT id,\n  name FROM t", "SELECT id, name FROM t"}, db.statements())
	// The multi-line SELECT is not the scripted text, so it returns no rows.
	assert.Equal(t, "1,a;b\n2,\n", out.String())
	assert.Empty(t, errs.String())
	assert.False(t, s.Failed())
}

// TestErrorsAndBail checks (S4).
func TestErrorsAndBail(t *testing.T) {
	s, db, _, errs := newFakeShell(t, Config{})
	db.answer("SELECT * FORM t", fakeResult{err: &fakeError{Msg: `syntax error near "FORM t" at line 1 column 13`, Line: 1, Column: 13, Near: "FORM t"}})
	db.answer("DROP TABLE nope", fakeResult{err: errors.New("no such table: nope")})

	require.NoError(t, s.RunReader(context.Background(), strings.NewReader("SELECT * FORM t;\nDROP TABLE nope;\nSELECT 2;\n")))
	assert.Equal(t, "Error: syntax error near \"FORM t\" at line 1 column 13\n  SELECT * FORM t\n           ^\n"+
		"Error: no such table: nope\n", errs.String())
	assert.True(t, s.Failed())
	assert.Equal(t, []string{"SELECT * FORM t", "DROP TABLE nope", "SELECT 2"}, db.statements(), "without bail every statement runs")

	s2, db2, _, _ := newFakeShell(t, Config{Bail: true})
	db2.answer("DROP TABLE nope", fakeResult{err: errors.New("no such table: nope")})
	err := s2.RunReader(context.Background(), strings.NewReader("SELECT 1;\nDROP TABLE nope;\nSELECT 2;\n"))
	assert.ErrorIs(t, err, ErrBailed)
	assert.Equal(t, []string{"SELECT 1", "DROP TABLE nope"}, db2.statements(), "bail stops at the first error")
}

func TestQuitStopsScript(t *testing.T) {
	s, db, _, _ := newFakeShell(t, Config{})
	require.NoError(t, s.RunReader(context.Background(), strings.NewReader("SELECT 1;\n.quit\nSELECT 2;\n")))
	assert.Equal(t, []string{"SELECT 1"}, db.statements())
}

func TestChangesEchoTimer(t *testing.T) {
	s, db, out, _ := newFakeShell(t, Config{})
	db.answer("DELETE FROM t", fakeResult{affected: 3})
	ctx := context.Background()
	require.NoError(t, s.RunReader(ctx, strings.NewReader(".changes on\n.echo on\nDELETE FROM t;\n")))
	assert.Equal(t, "DELETE FROM t;\nchanges: 3\n", out.String())
	out.Reset()
	require.NoError(t, s.RunReader(ctx, strings.NewReader(".echo off\n.changes off\n.timer on\nDELETE FROM t;\n")))
	assert.Regexp(t, `^Run Time: \d+\.\d{3}s\n$`, out.String())
}

func TestUnknownDotCommand(t *testing.T) {
	s, _, _, errs := newFakeShell(t, Config{})
	require.NoError(t, s.RunReader(context.Background(), strings.NewReader(".frobnicate\n.mode nosuch\n.headers maybe\n")))
	assert.Equal(t, "Error: unknown command .frobnicate (try .help)\n"+
		"Error: unknown mode \"nosuch\"; use one of box|table|list|csv|tabs|json|line|markdown|insert\n"+
		"Error: expected on or off, not \"maybe\"\n", errs.String())
	assert.True(t, s.Failed())
}

func TestDotCommandPrefixAndShow(t *testing.T) {
	s, _, out, _ := newFakeShell(t, Config{})
	require.NoError(t, s.RunReader(context.Background(), strings.NewReader(".mo json\n.nullvalue 'n/a'\n.sh\n")))
	assert.Contains(t, out.String(), "      mode: json\n")
	assert.Contains(t, out.String(), " nullvalue: \"n/a\"\n")
}

func TestOutputAndOnce(t *testing.T) {
	s, db, out, _ := newFakeShell(t, Config{Mode: ModeList})
	db.answer("SELECT 1", fakeResult{cols: []string{"x"}, rows: [][]driver.Value{{int64(1)}}})
	dir := t.TempDir()
	once, all := filepath.Join(dir, "once.txt"), filepath.Join(dir, "all.txt")
	script := ".once " + once + "\nSELECT 1;\nSELECT 1;\n.output " + all + "\nSELECT 1;\nSELECT 1;\n.output\nSELECT 1;\n"
	require.NoError(t, s.RunReader(context.Background(), strings.NewReader(script)))
	got, err := os.ReadFile(once)
	require.NoError(t, err)
	assert.Equal(t, "1\n", string(got))
	got, err = os.ReadFile(all)
	require.NoError(t, err)
	assert.Equal(t, "1\n1\n", string(got))
	assert.Equal(t, "1\n1\n", out.String(), "the second and the last SELECT go to stdout")
}

func TestReadFile(t *testing.T) {
	s, db, _, _ := newFakeShell(t, Config{})
	path := filepath.Join(t.TempDir(), "script.sql")
	require.NoError(t, os.WriteFile(path, []byte("SELECT 'x;y';\n.mode csv\nSELECT 2"), 0o644))
	require.NoError(t, s.RunReader(context.Background(), strings.NewReader(".read "+path+"\nSELECT 3;\n")))
	assert.Equal(t, []string{"SELECT 'x;y'", "SELECT 2", "SELECT 3"}, db.statements())
	assert.Equal(t, ModeCSV, s.mode)
}

func TestCancelRunningStatement(t *testing.T) {
	s, db, _, errs := newFakeShell(t, Config{})
	db.answer("SELECT sleep(100)", fakeResult{block: true})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- s.RunSQL(ctx, "SELECT sleep(100);") }()
	cancel()
	select {
	case err := <-done:
		require.NoError(t, err)
	case <-time.After(10 * time.Second):
		t.Fatal("statement was not cancelled")
	}
	assert.Equal(t, "Error: interrupted\n", errs.String())
}

func TestStats(t *testing.T) {
	s, _, out, _ := newFakeShell(t, Config{})
	require.NoError(t, s.RunReader(context.Background(), strings.NewReader("SELECT 1;\n.stats\n")))
	// The fake counts 3 pages read and 1 sync per statement it runs.
	assert.Equal(t, "stats: pages read 3, pages written 0, fsyncs 1\n", out.String())
}

func TestReturnsRows(t *testing.T) {
	for _, q := range []string{"SELECT 1", " select 1", "/* c */ SELECT 1", "-- c\nSELECT 1", "# c\nshow tables", "(SELECT 1)", "WITH x AS (SELECT 1) SELECT * FROM x", "PRAGMA journal_mode", "explain select 1", "DESC t"} {
		assert.True(t, returnsRows(q), q)
	}
	for _, q := range []string{"INSERT INTO t VALUES (1)", "UPDATE t SET a=1", "CREATE TABLE t (a INT)", "BEGIN", "--x\n", ""} {
		assert.False(t, returnsRows(q), q)
	}
}

func TestLikeMatch(t *testing.T) {
	assert.True(t, likeMatch("order%", "order_items"))
	assert.True(t, likeMatch("%ITEMS", "order_items"))
	assert.True(t, likeMatch("c_stomers", "customers"))
	assert.False(t, likeMatch("order", "orders"))
	assert.False(t, likeMatch("_", ""))
}

func TestSplitArgs(t *testing.T) {
	args, err := splitArgs(`import "my file.csv" t`)
	require.NoError(t, err)
	assert.Equal(t, []string{"import", "my file.csv", "t"}, args)
	args, err = splitArgs(`nullvalue ''`)
	require.NoError(t, err)
	assert.Equal(t, []string{"nullvalue", ""}, args)
	_, err = splitArgs(`open 'x`)
	assert.Error(t, err)
}

func TestReadBailsOnce(t *testing.T) {
	s, db, _, errs := newFakeShell(t, Config{Bail: true})
	db.answer("DROP TABLE nope", fakeResult{err: errors.New("no such table: nope")})
	path := filepath.Join(t.TempDir(), "script.sql")
	require.NoError(t, os.WriteFile(path, []byte("DROP TABLE nope;\nSELECT 2;\n"), 0o644))
	err := s.RunReader(context.Background(), strings.NewReader(".read "+path+"\nSELECT 3;\n"))
	assert.ErrorIs(t, err, ErrBailed)
	assert.Equal(t, "Error: no such table: nope\n", errs.String(), "one message for one failure")
	assert.Equal(t, []string{"DROP TABLE nope"}, db.statements())
}

// TestFailedQueryPrintsNoEmptyTable: a query that fails before its first
// row prints only the error, not an empty box; one that fails later closes
// the table of the rows so far.
func TestFailedQueryPrintsNoEmptyTable(t *testing.T) {
	s, db, out, errs := newFakeShell(t, Config{Mode: ModeBox})
	db.answer("SELECT a", fakeResult{cols: []string{"x"}, rowsErr: errors.New("boom")})
	db.answer("SELECT b", fakeResult{cols: []string{"x"}, rows: [][]driver.Value{{int64(1)}}, rowsErr: errors.New("bang")})
	require.NoError(t, s.RunSQL(context.Background(), "SELECT a; SELECT b"))
	assert.Equal(t, "┌───┐\n│ x │\n├───┤\n│ 1 │\n└───┘\n", out.String())
	assert.Equal(t, "Error: boom\nError: bang\n", errs.String())
}
