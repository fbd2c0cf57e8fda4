package sql

import (
	"context"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/walrusdb/walrus/internal/vfs"
	"github.com/walrusdb/walrus/vm"
)

func TestSQLiteDDLToMySQL(t *testing.T) {
	cases := []struct {
		in, out string
		decls   []string
	}{
		{"CREATE TABLE u(a, b)", "CREATE TABLE u ( `a` BLOB , `b` BLOB )", []string{"", ""}},
		{`CREATE TABLE "x y"("a b" VARCHAR(10) NOT NULL, [c] UNSIGNED BIG INT, d DECIMAL(10, 2) DEFAULT 0)`,
			"CREATE TABLE `x y` ( `a b` BLOB NOT NULL , `c` BLOB , `d` BLOB DEFAULT 0 )",
			[]string{"VARCHAR(10)", "UNSIGNED BIG INT", "DECIMAL(10,2)"}},
		{"CREATE TABLE v(z INTEGER PRIMARY KEY AUTOINCREMENT, w TEXT, UNIQUE(w))",
			"CREATE TABLE v ( `z` BLOB PRIMARY KEY AUTO_INCREMENT , `w` BLOB , UNIQUE ( w ) )",
			[]string{"INTEGER", "TEXT"}},
	}
	for _, c := range cases {
		out, decls, err := sqliteDDLToMySQL(c.in)
		require.NoError(t, err, c.in)
		require.Equal(t, c.out, out, c.in)
		require.Equal(t, c.decls, decls, c.in)
	}
	_, _, err := sqliteDDLToMySQL("CREATE TABLE w(a INTEGER PRIMARY KEY) WITHOUT ROWID")
	require.Error(t, err)
}

// TestSQLite3TablesRead reads and writes tables that sqlite3 created with
// SQLite-only DDL (Q1-Q2), then asks sqlite3 to check the file.
func TestSQLite3TablesRead(t *testing.T) {
	sqlite3, err := exec.LookPath("sqlite3")
	require.NoError(t, err, "the sqlite3 oracle is needed (scripts/test.sh installs it)")
	dir := t.TempDir()
	path := filepath.Join(dir, "s.db")
	out, err := exec.Command(sqlite3, path, `
		CREATE TABLE p(a INT PRIMARY KEY, b TEXT);
		INSERT INTO p VALUES(10,'x'),(20,'y');
		CREATE TABLE q(a INTEGER PRIMARY KEY, b TEXT);
		INSERT INTO q VALUES(5,'z');
		CREATE TABLE u(a, "b c");
		INSERT INTO u VALUES(1,'x'),('t',2.5);`).CombinedOutput()
	require.NoError(t, err, string(out))

	ctx := context.Background()
	c, err := Open(vfs.NewOSFS(), path, OpenOptions{})
	require.NoError(t, err)
	run := func(q string) [][]string {
		t.Helper()
		st, _, err := c.Prepare(ctx, q)
		require.NoError(t, err, q)
		rows, err := st.Query(ctx, nil)
		require.NoError(t, err, q)
		defer rows.Close()
		var res [][]string
		dest := make([]vm.Value, len(rows.Columns()))
		for {
			ok, err := rows.Next(dest)
			require.NoError(t, err, q)
			if !ok {
				return res
			}
			var r []string
			for _, v := range dest {
				r = append(r, v.String())
			}
			res = append(res, r)
		}
	}
	require.Equal(t, [][]string{{"10", "x"}, {"20", "y"}}, run("SELECT a, b FROM p ORDER BY a"))
	require.Equal(t, [][]string{{"y"}}, run("SELECT b FROM p WHERE a = 20"))
	require.Equal(t, [][]string{{"5", "z"}}, run("SELECT a, b FROM q"))
	// MySQL compares the text t with 1 as numbers (t is 0), so t sorts first.
	require.Equal(t, [][]string{{"t", "2.5"}, {"1", "x"}}, run("SELECT a, `b c` FROM u ORDER BY a"))
	run("INSERT INTO p VALUES(30, 'w')")
	run("INSERT INTO q(b) VALUES('n')")
	require.NoError(t, c.Close())

	out, err = exec.Command(sqlite3, path, "PRAGMA integrity_check; SELECT a, b FROM p ORDER BY a; SELECT a FROM q ORDER BY a;").CombinedOutput()
	require.NoError(t, err, string(out))
	require.Equal(t, "ok\n10|x\n20|y\n30|w\n5\n6", strings.TrimSpace(string(out)))
}
