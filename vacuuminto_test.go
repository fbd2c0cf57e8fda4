package walrus_test

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestVacuumIntoFromMemory: VACUUM INTO from an in-memory database writes
// a real file (as in SQLite) that sqlite3 and walrus open, and refuses an
// existing one.
func TestVacuumIntoFromMemory(t *testing.T) {
	sqlite3, err := exec.LookPath("sqlite3")
	require.NoError(t, err, "sqlite3 is the file-format oracle; scripts/test.sh installs it")
	db := openDB(t, ":memory:")
	db.SetMaxOpenConns(1)
	_, err = db.Exec("CREATE TABLE t (id INT AUTO_INCREMENT PRIMARY KEY, v VARCHAR(10), KEY kv (v)); INSERT INTO t (v) VALUES ('a'), ('b'), (NULL)")
	require.NoError(t, err)
	path := filepath.Join(t.TempDir(), "saved.db")
	_, err = db.Exec("VACUUM INTO '" + path + "'")
	require.NoError(t, err)

	out, err := exec.Command(sqlite3, path, "PRAGMA integrity_check; SELECT count(*), group_concat(v) FROM t;").CombinedOutput()
	require.NoError(t, err, "%s", out)
	assert.Equal(t, "ok\n3|a,b", strings.TrimSpace(string(out)))

	saved := openDB(t, path)
	var n int
	require.NoError(t, saved.QueryRow("SELECT COUNT(*) FROM t WHERE v = 'b'").Scan(&n))
	assert.Equal(t, 1, n)

	_, err = db.Exec("VACUUM INTO '" + path + "'")
	require.Error(t, err, "an existing file is not overwritten")
	assert.Contains(t, err.Error(), "already exists")
	// The in-memory database is unchanged and still usable.
	require.NoError(t, db.QueryRow("SELECT COUNT(*) FROM t").Scan(&n))
	assert.Equal(t, 3, n)
}
