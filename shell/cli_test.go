package shell

import (
	"context"
	"database/sql/driver"
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseArgs(t *testing.T) {
	o, err := parseArgs([]string{"-csv", "data.db", "--noheader", "SELECT 1", "-bail", "-cmd", ".timer on", "--", "-x"})
	require.NoError(t, err)
	assert.Equal(t, ModeCSV, o.mode)
	assert.False(t, o.headers)
	assert.True(t, o.bail)
	assert.True(t, o.haveFile)
	assert.Equal(t, "data.db", o.file)
	assert.Equal(t, []string{"SELECT 1", "-x"}, o.sql)
	assert.Equal(t, []string{".timer on"}, o.cmds)

	o, err = parseArgs([]string{"-demo"})
	require.NoError(t, err)
	assert.True(t, o.demo)
	assert.False(t, o.haveFile)

	_, err = parseArgs([]string{"-frob"})
	assert.EqualError(t, err, "unknown option -frob (try -help)")
	_, err = parseArgs([]string{"-cmd"})
	assert.EqualError(t, err, "option -cmd needs an argument")
}

// runMain runs Main with the fake driver and stdin as standard input.
func runMain(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errs strings.Builder
	env := Env{Driver: fakeDriverName, Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errs}
	code := Main(context.Background(), args, env)
	return code, out.String(), errs.String()
}

func TestMainSQLArguments(t *testing.T) {
	db := newFakeDB("main.db")
	db.answer("SELECT 1 AS one", fakeResult{cols: []string{"one"}, rows: [][]driver.Value{{int64(1)}}})
	db.answer("DROP TABLE nope", fakeResult{err: errors.New("no such table: nope")})

	code, out, errs := runMain(t, "", "-json", "main.db", "SELECT 1 AS one")
	assert.Equal(t, 0, code)
	assert.Equal(t, "[{\"one\":1}]\n", out)
	assert.Empty(t, errs)

	code, _, errs = runMain(t, "", "main.db", "DROP TABLE nope", "SELECT 1 AS one")
	assert.Equal(t, 1, code, "a failed statement makes the exit status non-zero")
	assert.Equal(t, "Error: no such table: nope\n", errs)
}

func TestMainScriptOnStdin(t *testing.T) {
	db := newFakeDB("script.db")
	db.answer("DROP TABLE nope", fakeResult{err: errors.New("no such table: nope")})
	code, _, _ := runMain(t, "SELECT 1;\nSELECT 2;\n", "script.db")
	assert.Equal(t, 0, code)
	assert.Equal(t, []string{"SELECT 1", "SELECT 2"}, db.statements())

	code, _, _ = runMain(t, "DROP TABLE nope;\nSELECT 3;\n", "script.db")
	assert.Equal(t, 1, code, "failure without bail: runs on, exits 1")
	assert.Equal(t, "SELECT 3", db.statements()[len(db.statements())-1])

	code, _, _ = runMain(t, "DROP TABLE nope;\nSELECT 4;\n", "-bail", "script.db")
	assert.Equal(t, 1, code)
	assert.Equal(t, "DROP TABLE nope", db.statements()[len(db.statements())-1], "bail stops before SELECT 4")
}

func TestMainHelpVersionAndBadFlag(t *testing.T) {
	code, out, _ := runMain(t, "", "-version")
	assert.Equal(t, 0, code)
	assert.Equal(t, "walrus "+Version+"\n", out)
	code, out, _ = runMain(t, "", "-help")
	assert.Equal(t, 0, code)
	assert.Contains(t, out, "Usage: walrus")
	code, _, errs := runMain(t, "", "-nope")
	assert.Equal(t, 2, code)
	assert.Contains(t, errs, "unknown option -nope")
}

func TestMainInMemoryNotice(t *testing.T) {
	newFakeDB(MemoryDSN)
	code, _, errs := runMain(t, "SELECT 1;\n")
	assert.Equal(t, 0, code)
	assert.Equal(t, "walrus: no FILE given: using a transient in-memory database\n", errs)
}
