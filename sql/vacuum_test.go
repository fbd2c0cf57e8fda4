package sql

import (
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/walrusdb/walrus/internal/vfs"
)

func sqlite3Check(t *testing.T, path, query string) string {
	t.Helper()
	sqlite3, err := exec.LookPath("sqlite3")
	if err != nil {
		t.Skip("sqlite3 not installed")
	}
	out, err := exec.Command(sqlite3, path, query).CombinedOutput()
	require.NoError(t, err, "%s", out)
	return strings.TrimSpace(string(out))
}

func TestVacuum(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "v.db")
	c, err := Open(vfs.NewOSFS(), path, OpenOptions{Create: true})
	require.NoError(t, err)
	defer c.Close()
	_, err = run(t, c, `CREATE TABLE t (id INT PRIMARY KEY, s TEXT, n INT, KEY ix_s (s DESC));
		CREATE TABLE e (a INT); CREATE VIEW vv AS SELECT id FROM t; PRAGMA user_version = 9`)
	require.NoError(t, err)
	var ins strings.Builder
	ins.WriteString("INSERT INTO t VALUES ")
	for i := 0; i < 3000; i++ {
		if i > 0 {
			ins.WriteString(",")
		}
		ins.WriteString("(" + strconv.Itoa(i) + ", '" + strings.Repeat("x", i%200) + "', NULL)")
	}
	_, err = run(t, c, ins.String())
	require.NoError(t, err)
	_, err = run(t, c, "DELETE FROM t WHERE id % 10 <> 0")
	require.NoError(t, err)
	before, err := run(t, c, "PRAGMA page_count")
	require.NoError(t, err)
	free, err := run(t, c, "PRAGMA freelist_count")
	require.NoError(t, err)
	require.NotEqual(t, "0", free[0], "the delete left free pages")

	_, err = run(t, c, "VACUUM")
	require.NoError(t, err)
	after, err := run(t, c, "PRAGMA page_count")
	require.NoError(t, err)
	nb, _ := strconv.Atoi(before[0])
	na, _ := strconv.Atoi(after[0])
	require.Less(t, na, nb, "VACUUM shrinks the file")
	got, err := run(t, c, "PRAGMA freelist_count; PRAGMA integrity_check")
	require.NoError(t, err)
	require.Equal(t, []string{"ok"}, got)
	got, err = run(t, c, "SELECT count(*), sum(id), max(length(s)) FROM t; SELECT count(*) FROM vv; PRAGMA user_version")
	require.NoError(t, err)
	require.Equal(t, []string{"9"}, got)
	got, err = run(t, c, "SELECT count(*), sum(id), max(length(s)) FROM t WHERE s >= ''")
	require.NoError(t, err)
	require.Equal(t, []string{"300 448500 190"}, got)
	got, err = run(t, c, "SELECT count(*) FROM vv")
	require.NoError(t, err)
	require.Equal(t, []string{"300"}, got)
	require.Equal(t, "ok", sqlite3Check(t, path, "PRAGMA integrity_check"))
	require.Equal(t, "0\n300", sqlite3Check(t, path, "PRAGMA freelist_count; SELECT count(*) FROM t"))

	// VACUUM INTO writes a compact copy and leaves the database as it is.
	into := filepath.Join(dir, "copy.db")
	_, err = run(t, c, "VACUUM INTO '"+into+"'")
	require.NoError(t, err)
	require.Equal(t, "ok", sqlite3Check(t, into, "PRAGMA integrity_check"))
	require.Equal(t, "300\n9", sqlite3Check(t, into, "SELECT count(*) FROM t; PRAGMA user_version"))
	c2, err := Open(vfs.NewOSFS(), into, OpenOptions{})
	require.NoError(t, err)
	got, err = run(t, c2, "SELECT count(*) FROM vv")
	require.NoError(t, err)
	require.Equal(t, []string{"300"}, got)
	require.NoError(t, c2.Close())

	_, err = run(t, c, "VACUUM INTO '"+into+"'")
	require.ErrorIs(t, err, &Error{Code: CodeGeneric}, "the target exists")
	_, err = run(t, c, "BEGIN; VACUUM")
	require.ErrorIs(t, err, &Error{Code: CodeGeneric}, "inside a transaction")
	_, err = run(t, c, "ROLLBACK")
	require.NoError(t, err)
	_, err = run(t, c, "VACUUM INTO")
	require.ErrorIs(t, err, &Error{Code: CodeSyntax})
}

func TestVacuumMemEmptyAndMain(t *testing.T) {
	c := openMem(t)
	_, err := run(t, c, "VACUUM")
	require.NoError(t, err, "an empty database")
	_, err = run(t, c, "CREATE TABLE t (a INT, b TEXT, UNIQUE KEY (b)); INSERT INTO t VALUES (1, NULL), (2, ''), (3, 'x'); VACUUM main")
	require.NoError(t, err)
	got, err := run(t, c, "SELECT a FROM t WHERE b = 'x'; PRAGMA integrity_check")
	require.NoError(t, err)
	require.Equal(t, []string{"ok"}, got)
	got, err = run(t, c, "SELECT a, b FROM t WHERE b >= '' ORDER BY b")
	require.NoError(t, err)
	require.Equal(t, []string{"2 ", "3 x"}, got)
	_, err = run(t, c, "INSERT INTO t VALUES (4, 'x')")
	require.ErrorIs(t, err, &Error{Code: CodeConstraint}, "the unique index survived")
	_, err = run(t, c, "VACUUM garbage")
	require.ErrorIs(t, err, &Error{Code: CodeSyntax})
}
