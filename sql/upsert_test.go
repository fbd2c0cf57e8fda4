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

// TestUpsertResult checks MySQL's affected-row counts for ON DUPLICATE KEY
// UPDATE (1 per inserted row, 2 per changed row, 0 per unchanged row) and
// INSERT IGNORE (skipped rows count 0), and LastInsertID.
func TestUpsertResult(t *testing.T) {
	c := openMem(t)
	_, err := run(t, c, `CREATE TABLE t(id INT PRIMARY KEY AUTO_INCREMENT, name VARCHAR(10), n INT, UNIQUE KEY(name));
		INSERT INTO t(name, n) VALUES('a', 1), ('b', 2)`)
	require.NoError(t, err)
	tests := []struct {
		sql          string
		affected, id int64
	}{
		{"INSERT INTO t(name, n) VALUES('c', 3) ON DUPLICATE KEY UPDATE n = VALUES(n)", 1, 3},
		{"INSERT INTO t(name, n) VALUES('a', 5) ON DUPLICATE KEY UPDATE n = VALUES(n)", 2, 1},
		{"INSERT INTO t(name, n) VALUES('a', 5) ON DUPLICATE KEY UPDATE n = VALUES(n)", 0, 0},
		{"INSERT INTO t(name, n) VALUES('a', 5), ('b', 6), ('d', 7) ON DUPLICATE KEY UPDATE n = VALUES(n)", 3, 4},
		{"INSERT IGNORE INTO t(name, n) VALUES('a', 1), ('e', 8)", 1, 5},
		{"INSERT IGNORE INTO t(name, n) VALUES('a', 1)", 0, 0},
	}
	ctx := context.Background()
	for _, tt := range tests {
		st, _, err := c.Prepare(ctx, tt.sql)
		require.NoError(t, err, tt.sql)
		res, err := st.Exec(ctx, nil)
		require.NoError(t, err, tt.sql)
		require.Equal(t, tt.affected, res.RowsAffected, tt.sql)
		require.Equal(t, tt.id, res.LastInsertID, tt.sql)
		require.NoError(t, st.Close())
	}
	got, err := run(t, c, "SELECT id, name, n FROM t ORDER BY id")
	require.NoError(t, err)
	require.Equal(t, []string{"1 a 5", "2 b 6", "3 c 3", "4 d 7", "5 e 8"}, got)
}

// TestUpsertSqlite3 checks with the sqlite3 CLI that a file changed by
// upserts keeps its tables and indexes consistent.
func TestUpsertSqlite3(t *testing.T) {
	bin, err := exec.LookPath("sqlite3")
	if err != nil {
		t.Skip("sqlite3 not installed")
	}
	path := filepath.Join(t.TempDir(), "u.db")
	c, err := Open(vfs.NewOSFS(), path, OpenOptions{Create: true})
	require.NoError(t, err)
	_, err = run(t, c, "CREATE TABLE t(`id` BIGINT PRIMARY KEY AUTO_INCREMENT, `k` VARCHAR(10), `v` INT, UNIQUE KEY(`k`), KEY(`v`))")
	require.NoError(t, err)
	ctx := context.Background()
	// What GORM sends for a batch upsert.
	st, _, err := c.Prepare(ctx, "INSERT INTO `t` (`k`,`v`) VALUES (?,?),(?,?),(?,?) ON DUPLICATE KEY UPDATE `v`=VALUES(`v`)")
	require.NoError(t, err)
	for round := int64(0); round < 3; round++ {
		_, err = st.Exec(ctx, []vm.Value{vm.Text("a"), vm.Int(round), vm.Text("b"), vm.Int(10 + round), vm.Text("a"), vm.Int(20 + round)})
		require.NoError(t, err)
	}
	require.NoError(t, st.Close())
	_, err = run(t, c, "INSERT IGNORE INTO t(id, k, v) VALUES(1, 'x', 0), (9, 'c', 5)")
	require.NoError(t, err)
	require.NoError(t, c.Close())
	out, err := exec.Command(bin, path, "PRAGMA integrity_check; SELECT id, k, v FROM t ORDER BY id;").CombinedOutput()
	require.NoError(t, err, string(out))
	require.Equal(t, "ok\n1|a|22\n2|b|12\n9|c|5", strings.TrimSpace(string(out)))
}
