package sql

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/walrusdb/walrus/internal/vfs"
)

// openForSqlite3 returns the sqlite3 CLI and a new walrus database in a
// temporary file for it to check. Skipped without sqlite3 (scripts/test.sh
// installs it).
func openForSqlite3(t *testing.T, name string) (bin, path string, c *Conn) {
	t.Helper()
	bin, err := exec.LookPath("sqlite3")
	if err != nil {
		t.Skip("sqlite3 not installed")
	}
	path = filepath.Join(t.TempDir(), name)
	c, err = Open(vfs.NewOSFS(), path, OpenOptions{Create: true})
	require.NoError(t, err)
	return bin, path, c
}

// TestSqlite3ReadsOurFiles uses the sqlite3 CLI as the oracle: a file
// walrus wrote passes sqlite3's integrity_check (tables, automatic and
// ordinary indexes agree) and shows the same rows. Skipped without sqlite3.
func TestSqlite3ReadsOurFiles(t *testing.T) {
	bin, path, c := openForSqlite3(t, "w.db")
	var err error
	_, err = run(t, c, `CREATE TABLE t(id INT PRIMARY KEY AUTO_INCREMENT, name VARCHAR(10) NOT NULL,
			score DECIMAL(5,2) DEFAULT 1.5, f DOUBLE, UNIQUE KEY(name), KEY(score));
		INSERT INTO t(name, f) VALUES('a', 0.5), ('b', NULL);
		INSERT INTO t VALUES(10, 'c', 2.25, -1e10);
		CREATE TABLE p(x VARCHAR(5), y INT, PRIMARY KEY(x, y));
		INSERT INTO p VALUES('k', 1), ('k', 2), ('j', 1);
		CREATE INDEX pi ON p(y DESC);
		UPDATE t SET name = 'bb' WHERE id = 2;
		DELETE FROM p WHERE x = 'j';
		CREATE VIEW v AS SELECT name FROM t WHERE id > 1`)
	require.NoError(t, err)
	require.NoError(t, c.Close())

	out, err := exec.Command(bin, path, "PRAGMA integrity_check; SELECT id, name, score, f FROM t ORDER BY id; SELECT * FROM p ORDER BY x, y;").CombinedOutput()
	require.NoError(t, err, string(out))
	require.Equal(t, strings.Join([]string{"ok", "1|a|1.5|0.5", "2|bb|1.5|", "10|c|2.25|-10000000000.0", "k|1", "k|2"}, "\n"),
		strings.TrimSpace(string(out)))

	// And walrus reads what sqlite3 writes into the same file.
	out, err = exec.Command(bin, path, "INSERT INTO t(name, score) VALUES('z', 3); CREATE TABLE s(q INTEGER PRIMARY KEY, r TEXT); INSERT INTO s VALUES(7, 'seven');").CombinedOutput()
	require.NoError(t, err, string(out))
	c, err = Open(vfs.NewOSFS(), path, OpenOptions{})
	require.NoError(t, err)
	defer c.Close()
	got, err := run(t, c, "SELECT name, score FROM t WHERE id > 10")
	require.NoError(t, err)
	require.Equal(t, []string{"z 3.00"}, got)
	got, err = run(t, c, "SELECT r FROM s WHERE q = 7")
	require.NoError(t, err)
	require.Equal(t, []string{"seven"}, got)
	got, err = run(t, c, "SELECT name FROM v ORDER BY name")
	require.NoError(t, err)
	require.Equal(t, []string{"bb", "c", "z"}, got)
}

// TestSqlite3SharesAutoIncrement checks that walrus and sqlite3 allocate
// AUTO_INCREMENT ids from the same sqlite_sequence counter, so a deleted
// largest id is reused by neither, and that walrus opens files holding
// SQLite's internal tables (sqlite_sequence, sqlite_stat1 from ANALYZE).
func TestSqlite3SharesAutoIncrement(t *testing.T) {
	bin, path, c := openForSqlite3(t, "w.db")
	var err error
	_, err = run(t, c, `CREATE TABLE t(id INT PRIMARY KEY AUTO_INCREMENT, v VARCHAR(5));
		INSERT INTO t(v) VALUES('a'), ('b'), ('c');
		DELETE FROM t WHERE id = 3`)
	require.NoError(t, err)
	require.NoError(t, c.Close())

	out, err := exec.Command(bin, path, "INSERT INTO t(v) VALUES('d'); CREATE INDEX tv ON t(v); ANALYZE; PRAGMA integrity_check; SELECT id FROM t WHERE v = 'd';").CombinedOutput()
	require.NoError(t, err, string(out))
	require.Equal(t, "ok\n4", strings.TrimSpace(string(out)))

	c, err = Open(vfs.NewOSFS(), path, OpenOptions{})
	require.NoError(t, err)
	_, err = run(t, c, "DELETE FROM t WHERE id = 4; INSERT INTO t(v) VALUES('e')")
	require.NoError(t, err)
	got, err := run(t, c, "SELECT id, v FROM t ORDER BY id")
	require.NoError(t, err)
	require.Equal(t, []string{"1 a", "2 b", "5 e"}, got)
	got, err = run(t, c, "SHOW TABLES")
	require.NoError(t, err)
	require.Equal(t, []string{"t"}, got)
	require.NoError(t, c.Close())

	out, err = exec.Command(bin, path, "PRAGMA integrity_check; SELECT seq FROM sqlite_sequence WHERE name = 't';").CombinedOutput()
	require.NoError(t, err, string(out))
	require.Equal(t, "ok\n5", strings.TrimSpace(string(out)))
}
