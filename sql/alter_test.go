package sql

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/walrusdb/walrus/internal/vfs"
)

// TestAlterSqlite3Oracle checks that sqlite3 accepts the file after every
// kind of rebuild and sees the same rows.
func TestAlterSqlite3Oracle(t *testing.T) {
	sqlite3, path, c := openForSqlite3(t, "alter.db")
	var err error
	_, err = run(t, c, `CREATE TABLE t (id INT PRIMARY KEY AUTO_INCREMENT, a varchar(10) NOT NULL, b INT, KEY idx_a (a));
		INSERT INTO t(a, b) VALUES ('x', 1), ('y', NULL), ('', 3);
		CREATE TABLE u (k varchar(5), v INT, UNIQUE KEY uk (k));
		INSERT INTO u VALUES ('p', 1), (NULL, 2), ('q', 3);
		ALTER TABLE t ADD COLUMN c varchar(5) NOT NULL DEFAULT 'cc' FIRST, ADD UNIQUE KEY (a), DROP INDEX idx_a;
		ALTER TABLE t MODIFY b bigint, RENAME COLUMN a TO name, ADD INDEX ix_b (b);
		ALTER TABLE u ADD PRIMARY KEY (v), DROP INDEX uk, ADD INDEX (k);
		RENAME TABLE u TO u2;
		ALTER TABLE t DROP COLUMN c`)
	require.NoError(t, err)
	got, err := run(t, c, "PRAGMA integrity_check")
	require.NoError(t, err)
	require.Equal(t, []string{"ok"}, got)
	require.NoError(t, c.Close())

	out, err := exec.Command(sqlite3, path, "PRAGMA integrity_check").CombinedOutput()
	require.NoError(t, err, "%s", out)
	require.Equal(t, "ok", strings.TrimSpace(string(out)))
	out, err = exec.Command(sqlite3, path, "SELECT id, name, quote(b) FROM t ORDER BY id; SELECT quote(k), v FROM u2 ORDER BY v").CombinedOutput()
	require.NoError(t, err, "%s", out)
	require.Equal(t, "1|x|1\n2|y|NULL\n3||3\n'p'|1\nNULL|2\n'q'|3\n", string(out))
	out, err = exec.Command(sqlite3, path, "SELECT type, name, tbl_name FROM sqlite_schema ORDER BY name").CombinedOutput()
	require.NoError(t, err, "%s", out)
	t.Logf("sqlite_schema:\n%s", out)
}

// TestAlterSqlite3File alters and introspects tables that sqlite3 made.
func TestAlterSqlite3File(t *testing.T) {
	path := filepath.Join(t.TempDir(), "s.db")
	sqlite3Check(t, path, "CREATE TABLE s(a INTEGER PRIMARY KEY, b TEXT NOT NULL DEFAULT 'x', n REAL); "+
		"CREATE INDEX s_b ON s(b); INSERT INTO s VALUES (1, 'p', 1.5), (2, '', NULL)")
	c, err := Open(vfs.NewOSFS(), path, OpenOptions{})
	require.NoError(t, err)
	got, err := run(t, c, "DESCRIBE s")
	require.NoError(t, err)
	// A column sqlite3 declared INTEGER holds 64-bit values: BIGINT (sqliteddl.go Q1).
	require.Equal(t, []string{"a bigint NO PRI NULL ", "b text NO MUL x ", "n double YES  NULL "}, got)
	_, err = run(t, c, "ALTER TABLE s ADD COLUMN d varchar(3) DEFAULT 'dd', RENAME COLUMN n TO num")
	require.NoError(t, err)
	require.NoError(t, c.Close())
	require.Equal(t, "ok", sqlite3Check(t, path, "PRAGMA integrity_check"))
	require.Equal(t, "1|p|1.5|dd\n2||NULL|dd", sqlite3Check(t, path, "SELECT a, b, quote(num), d FROM s ORDER BY a"))
	require.Equal(t, "1", sqlite3Check(t, path, "SELECT count(*) FROM s WHERE b = 'p'"))
}
