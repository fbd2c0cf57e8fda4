package sql

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/walrusdb/walrus/internal/vfs"
	"github.com/walrusdb/walrus/vm"
)

// avOne runs script and returns the single value of its last statement.
func avOne(t *testing.T, c *Conn, script string) string {
	t.Helper()
	got, err := run(t, c, script)
	require.NoError(t, err, script)
	require.Len(t, got, 1, script)
	return got[0]
}

// avCheck checks the file is page_count pages long and returns the
// freelist count.
func avCheck(t *testing.T, c *Conn, path string) int {
	t.Helper()
	pages, err := strconv.Atoi(avOne(t, c, "PRAGMA page_count"))
	require.NoError(t, err)
	ps, err := strconv.Atoi(avOne(t, c, "PRAGMA page_size"))
	require.NoError(t, err)
	st, err := os.Stat(path)
	require.NoError(t, err)
	require.Equal(t, int64(pages*ps), st.Size(), "file size")
	require.Equal(t, "ok", avOne(t, c, "PRAGMA integrity_check"))
	free, err := strconv.Atoi(avOne(t, c, "PRAGMA freelist_count"))
	require.NoError(t, err)
	return free
}

// TestAutoVacuumPragma: auto_vacuum FULL keeps no free page after any
// statement (DROP moves roots, ALTER rebuilds), INCREMENTAL keeps them until
// incremental_vacuum(N) frees exactly N, NONE<->FULL needs VACUUM; sqlite3
// agrees with every file.
func TestAutoVacuumPragma(t *testing.T) {
	path := filepath.Join(t.TempDir(), "av.db")
	c, err := Open(vfs.NewOSFS(), path, OpenOptions{Create: true})
	require.NoError(t, err)
	defer c.Close()
	require.Equal(t, "0", avOne(t, c, "PRAGMA auto_vacuum"))
	_, err = run(t, c, "PRAGMA page_size = 1024; PRAGMA auto_vacuum = FULL")
	require.NoError(t, err)
	require.Equal(t, "1", avOne(t, c, "PRAGMA auto_vacuum"))
	require.Equal(t, "0", avOne(t, c, "PRAGMA page_count"), "the pragma writes nothing")

	_, err = run(t, c, `CREATE TABLE a (id INT PRIMARY KEY, s TEXT, KEY ks (s(20)));
		CREATE TABLE b (id INT PRIMARY KEY, s TEXT);
		CREATE TABLE c (x INT)`)
	require.NoError(t, err)
	require.Equal(t, "1024", avOne(t, c, "PRAGMA page_size"))
	for i := 0; i < 200; i++ {
		_, err = run(t, c, "INSERT INTO a VALUES ("+strconv.Itoa(i)+", REPEAT('a', "+strconv.Itoa(i*37%5000)+"));"+
			"INSERT INTO b VALUES ("+strconv.Itoa(i)+", REPEAT('b', "+strconv.Itoa(i*53%3000)+"))")
		require.NoError(t, err)
	}
	require.Zero(t, avCheck(t, c, path))
	_, err = run(t, c, "DELETE FROM a WHERE id % 3 = 0; DELETE FROM b WHERE id < 150")
	require.NoError(t, err)
	require.Zero(t, avCheck(t, c, path))
	// a has the lowest roots: dropping it moves the largest roots down.
	_, err = run(t, c, "DROP TABLE a")
	require.NoError(t, err)
	require.Zero(t, avCheck(t, c, path))
	_, err = run(t, c, "ALTER TABLE b ADD COLUMN n INT, ADD INDEX kn (n); INSERT INTO c VALUES (1), (2)")
	require.NoError(t, err)
	require.Zero(t, avCheck(t, c, path))
	require.Equal(t, "50", avOne(t, c, "SELECT count(*) FROM b WHERE length(s) >= 0"))
	// kn is below cx: dropping it moves cx's root.
	_, err = run(t, c, "CREATE INDEX cx ON c (x)")
	require.NoError(t, err)
	rootQ := "SELECT rootpage FROM sqlite_schema WHERE name = 'cx'"
	before, err := strconv.Atoi(sqlite3Check(t, path, rootQ))
	require.NoError(t, err)
	_, err = run(t, c, "DROP INDEX kn ON b; INSERT INTO c VALUES (3)")
	require.NoError(t, err)
	require.Zero(t, avCheck(t, c, path))
	after, err := strconv.Atoi(sqlite3Check(t, path, rootQ))
	require.NoError(t, err)
	require.Less(t, after, before, "cx's root moved down")
	require.Equal(t, "3", avOne(t, c, "SELECT count(*) FROM c WHERE x > 0"))
	require.Equal(t, "ok\n1\n0\n50\n3", sqlite3Check(t, path, "PRAGMA integrity_check; PRAGMA auto_vacuum; PRAGMA freelist_count; SELECT count(*) FROM b; SELECT count(*) FROM c"))

	// FULL -> INCREMENTAL directly.
	_, err = run(t, c, "PRAGMA auto_vacuum = INCREMENTAL")
	require.NoError(t, err)
	require.Equal(t, "2", avOne(t, c, "PRAGMA auto_vacuum"))
	_, err = run(t, c, "DELETE FROM b WHERE id % 2 = 0")
	require.NoError(t, err)
	free := avCheck(t, c, path)
	require.Greater(t, free, 10)
	pages := avOne(t, c, "PRAGMA page_count")
	// Rolled back, the vacuum leaves the file as it was.
	_, err = run(t, c, "BEGIN; PRAGMA incremental_vacuum(5); ROLLBACK")
	require.NoError(t, err)
	require.Equal(t, free, avCheck(t, c, path))
	require.Equal(t, pages, avOne(t, c, "PRAGMA page_count"))
	_, err = run(t, c, "BEGIN; SAVEPOINT a; PRAGMA incremental_vacuum(5); ROLLBACK TO a; COMMIT")
	require.NoError(t, err)
	require.Equal(t, free, avCheck(t, c, path))
	require.Equal(t, pages, avOne(t, c, "PRAGMA page_count"))
	_, err = run(t, c, "PRAGMA incremental_vacuum(3)")
	require.NoError(t, err)
	require.Equal(t, free-3, avCheck(t, c, path))
	require.NotEqual(t, pages, avOne(t, c, "PRAGMA page_count"))
	require.Equal(t, "ok\n2\n"+strconv.Itoa(free-3), sqlite3Check(t, path, "PRAGMA integrity_check; PRAGMA auto_vacuum; PRAGMA freelist_count"))
	_, err = run(t, c, "PRAGMA incremental_vacuum")
	require.NoError(t, err)
	require.Zero(t, avCheck(t, c, path))

	// INCREMENTAL -> NONE waits for VACUUM.
	_, err = run(t, c, "PRAGMA auto_vacuum = NONE")
	require.NoError(t, err)
	require.Equal(t, "2", avOne(t, c, "PRAGMA auto_vacuum"))
	_, err = run(t, c, "VACUUM")
	require.NoError(t, err)
	require.Equal(t, "0", avOne(t, c, "PRAGMA auto_vacuum"))
	require.Zero(t, avCheck(t, c, path))
	require.Equal(t, "ok\n0\n25", sqlite3Check(t, path, "PRAGMA integrity_check; PRAGMA auto_vacuum; SELECT count(*) FROM b"))
	_, err = run(t, c, "PRAGMA incremental_vacuum(5)") // no-op without auto-vacuum
	require.NoError(t, err)

	// NONE -> FULL by VACUUM.
	_, err = run(t, c, "PRAGMA auto_vacuum = 1; VACUUM; DELETE FROM b WHERE id > 190")
	require.NoError(t, err)
	require.Equal(t, "1", avOne(t, c, "PRAGMA auto_vacuum"))
	require.Zero(t, avCheck(t, c, path))
	require.Equal(t, "ok\n1\n0\n20", sqlite3Check(t, path, "PRAGMA integrity_check; PRAGMA auto_vacuum; PRAGMA freelist_count; SELECT count(*) FROM b"))
}

// TestAutoVacuumSQLiteFiles: files sqlite3 makes with auto_vacuum FULL and
// INCREMENTAL read and take writes in walrus (DROP moving roots included),
// and sqlite3 keeps working on them.
func TestAutoVacuumSQLiteFiles(t *testing.T) {
	for _, mode := range []string{"full", "incremental"} {
		t.Run(mode, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "s.db")
			sqlite3Check(t, path, "PRAGMA auto_vacuum="+mode+"; PRAGMA page_size=1024;"+
				"CREATE TABLE p(id INTEGER PRIMARY KEY, s TEXT); CREATE INDEX ps ON p(s);"+
				"CREATE TABLE q(id INTEGER PRIMARY KEY, s TEXT); CREATE TABLE r(x);"+
				"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i<200)"+
				" INSERT INTO p SELECT i, printf('%.*c', i*17%3000, 'p') FROM n;"+
				"INSERT INTO q SELECT id, s FROM p; DELETE FROM p WHERE id%4=0;")
			c, err := Open(vfs.NewOSFS(), path, OpenOptions{})
			require.NoError(t, err)
			want := map[string]string{"full": "1", "incremental": "2"}[mode]
			require.Equal(t, want, avOne(t, c, "PRAGMA auto_vacuum"))
			require.Equal(t, "150", avOne(t, c, "SELECT count(*) FROM p"))
			_, err = run(t, c, "DELETE FROM p WHERE id < 100; INSERT INTO r VALUES (REPEAT('r', 9000)); DROP TABLE p; PRAGMA incremental_vacuum(2)")
			require.NoError(t, err)
			require.Equal(t, "ok", avOne(t, c, "PRAGMA integrity_check"))
			if mode == "full" {
				require.Zero(t, avCheck(t, c, path))
			}
			require.NoError(t, c.Close())
			require.Equal(t, "ok\n"+want+"\n200\n1", sqlite3Check(t, path, "PRAGMA integrity_check; PRAGMA auto_vacuum; SELECT count(*) FROM q; SELECT count(*) FROM r"))
			sqlite3Check(t, path, "CREATE TABLE z(x); INSERT INTO z SELECT s FROM q; DELETE FROM q WHERE id > 50; PRAGMA incremental_vacuum;")
			c, err = Open(vfs.NewOSFS(), path, OpenOptions{})
			require.NoError(t, err)
			defer c.Close()
			require.Zero(t, avCheck(t, c, path))
			require.Equal(t, "50 200", avOne(t, c, "SELECT (SELECT count(*) FROM q), (SELECT count(*) FROM z)"))
		})
	}
}

// TestIncrementalVacuumMatchesSQLite: on copies of one sqlite3-made
// INCREMENTAL file, incremental_vacuum(N) in walrus and in sqlite3 leave
// the same page_count and freelist_count.
func TestIncrementalVacuumMatchesSQLite(t *testing.T) {
	dir := t.TempDir()
	orig := filepath.Join(dir, "orig.db")
	sqlite3Check(t, orig, "PRAGMA auto_vacuum=INCREMENTAL; PRAGMA page_size=512;"+
		"CREATE TABLE p(id INTEGER PRIMARY KEY, s TEXT); CREATE INDEX ps ON p(s);"+
		"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i<400)"+
		" INSERT INTO p SELECT i, printf('%.*c', i*29%1500, 'p') FROM n;"+
		"DELETE FROM p WHERE id%3<>0;")
	data, err := os.ReadFile(orig)
	require.NoError(t, err)
	for _, n := range []string{"1", "7", "150", ""} {
		t.Run("N="+n, func(t *testing.T) {
			ours, theirs := filepath.Join(dir, "ours"+n+".db"), filepath.Join(dir, "theirs"+n+".db")
			require.NoError(t, os.WriteFile(ours, data, 0o644))
			require.NoError(t, os.WriteFile(theirs, data, 0o644))
			pragma := "PRAGMA incremental_vacuum"
			if n != "" {
				pragma += "(" + n + ")"
			}
			want := sqlite3Check(t, theirs, pragma+"; PRAGMA page_count; PRAGMA freelist_count")
			c, err := Open(vfs.NewOSFS(), ours, OpenOptions{})
			require.NoError(t, err)
			defer c.Close()
			_, err = run(t, c, pragma)
			require.NoError(t, err)
			got := avOne(t, c, "PRAGMA page_count") + "\n" + avOne(t, c, "PRAGMA freelist_count")
			require.Equal(t, want, got)
			avCheck(t, c, ours)
			require.Equal(t, "ok", sqlite3Check(t, ours, "PRAGMA integrity_check"))
		})
	}
}

// TestAutoVacuumStatementRollback: a statement that fails after spilling
// big values (a duplicate key) is rolled back with its pointer-map changes;
// the transaction's commit still vacuums to a clean file.
func TestAutoVacuumStatementRollback(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sr.db")
	c, err := Open(vfs.NewOSFS(), path, OpenOptions{Create: true})
	require.NoError(t, err)
	defer c.Close()
	_, err = run(t, c, `PRAGMA auto_vacuum = FULL; CREATE TABLE t (id INT PRIMARY KEY, s TEXT);
		INSERT INTO t VALUES (1, REPEAT('a', 9000)), (2, REPEAT('b', 9000)), (3, REPEAT('c', 9000))`)
	require.NoError(t, err)
	_, err = run(t, c, "BEGIN; DELETE FROM t WHERE id = 2; INSERT INTO t VALUES (4, REPEAT('d', 20000))")
	require.NoError(t, err)
	_, err = run(t, c, "INSERT INTO t VALUES (5, REPEAT('e', 30000)), (1, REPEAT('f', 30000))")
	require.Error(t, err, "duplicate key")
	_, err = run(t, c, "CREATE TABLE u (x INT); DROP TABLE u; COMMIT")
	require.NoError(t, err)
	require.Zero(t, avCheck(t, c, path))
	require.Equal(t, "1 3 4", avOne(t, c, "SELECT GROUP_CONCAT(id ORDER BY id SEPARATOR ' ') FROM t"))
	require.Equal(t, "ok\n0", sqlite3Check(t, path, "PRAGMA integrity_check; PRAGMA freelist_count"))
}

// TestAutoVacuumOnEmptyPage1: a file that holds only page 1 (no table yet)
// takes the mode at once (SQLite would wait for VACUUM there).
func TestAutoVacuumOnEmptyPage1(t *testing.T) {
	path := filepath.Join(t.TempDir(), "p1.db")
	c, err := Open(vfs.NewOSFS(), path, OpenOptions{Create: true})
	require.NoError(t, err)
	defer c.Close()
	_, err = run(t, c, "PRAGMA user_version = 5")
	require.NoError(t, err)
	require.Equal(t, "1", avOne(t, c, "PRAGMA page_count"))
	_, err = run(t, c, "PRAGMA auto_vacuum = INCREMENTAL; CREATE TABLE t (x TEXT); INSERT INTO t VALUES (REPEAT('x', 5000)); DELETE FROM t")
	require.NoError(t, err)
	require.Equal(t, "2", avOne(t, c, "PRAGMA auto_vacuum"))
	require.Positive(t, avCheck(t, c, path))
	require.Equal(t, "ok\n2\n5", sqlite3Check(t, path, "PRAGMA integrity_check; PRAGMA auto_vacuum; PRAGMA user_version"))
}

// TestAutoVacuumDropWhileReading: in an auto-vacuum file a DROP that could
// move the root of a table another statement is reading is refused.
func TestAutoVacuumDropWhileReading(t *testing.T) {
	c, err := Open(vfs.NewMemFS(), "r.db", OpenOptions{Create: true})
	require.NoError(t, err)
	defer c.Close()
	_, err = run(t, c, "PRAGMA auto_vacuum = FULL; CREATE TABLE a (x INT); CREATE TABLE b (x INT); INSERT INTO b VALUES (1), (2), (3)")
	require.NoError(t, err)
	ctx := context.Background()
	st, _, err := c.Prepare(ctx, "SELECT x FROM b")
	require.NoError(t, err)
	defer st.Close()
	rows, err := st.Query(ctx, nil)
	require.NoError(t, err)
	dest := make([]vm.Value, 1)
	ok, err := rows.Next(dest)
	require.NoError(t, err)
	require.True(t, ok)
	_, err = run(t, c, "DROP TABLE a") // would move b's root into a's
	var e *Error
	require.ErrorAs(t, err, &e)
	require.Equal(t, CodeBusy, e.Code)
	// (The failed statement's rollback ends the reader's scan, as after any
	// failed write while another statement reads: not asserted here.)
	require.NoError(t, rows.Close())
	_, err = run(t, c, "DROP TABLE a")
	require.NoError(t, err)
	require.Equal(t, "3", avOne(t, c, "SELECT count(*) FROM b"))
	require.Equal(t, "ok", avOne(t, c, "PRAGMA integrity_check"))
}
