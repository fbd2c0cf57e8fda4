package sql

import (
	"context"
	"errors"
	"os/exec"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/walrusdb/walrus/vm"
)

// TestForeignKeySwitchPrepared checks F4: a statement prepared under one
// FOREIGN_KEY_CHECKS value follows the value current when it runs.
func TestForeignKeySwitchPrepared(t *testing.T) {
	ctx := context.Background()
	c := openMem(t)
	_, err := run(t, c, `CREATE TABLE p(id INT PRIMARY KEY);
		CREATE TABLE ch(id INT PRIMARY KEY, pid INT, FOREIGN KEY (pid) REFERENCES p(id) ON DELETE CASCADE);
		INSERT INTO p VALUES (1)`)
	require.NoError(t, err)
	ins, _, err := c.Prepare(ctx, "INSERT INTO ch VALUES (?, ?)")
	require.NoError(t, err)
	del, _, err := c.Prepare(ctx, "DELETE FROM p WHERE id = ?")
	require.NoError(t, err)

	_, err = ins.Exec(ctx, []vm.Value{vm.Int(1), vm.Int(9)})
	require.True(t, errors.Is(err, &Error{Code: CodeConstraint}), "%v", err)
	_, err = ins.Exec(ctx, []vm.Value{vm.Int(2), vm.Int(1)})
	require.NoError(t, err)

	_, err = run(t, c, "SET FOREIGN_KEY_CHECKS = 0")
	require.NoError(t, err)
	_, err = ins.Exec(ctx, []vm.Value{vm.Int(3), vm.Int(9)})
	require.NoError(t, err, "checks are off: an orphan may be inserted")
	res, err := del.Exec(ctx, []vm.Value{vm.Int(1)})
	require.NoError(t, err)
	require.EqualValues(t, 1, res.RowsAffected)
	got, err := run(t, c, "SELECT id FROM ch ORDER BY id")
	require.NoError(t, err)
	require.Equal(t, []string{"2", "3"}, got, "checks are off: no cascade")

	_, err = run(t, c, "PRAGMA foreign_keys = ON; INSERT INTO p VALUES (5)")
	require.NoError(t, err)
	_, err = ins.Exec(ctx, []vm.Value{vm.Int(4), vm.Int(9)})
	require.True(t, errors.Is(err, &Error{Code: CodeConstraint}), "%v", err)
	_, err = run(t, c, "UPDATE ch SET pid = 5")
	require.NoError(t, err, "the orphans get an existing parent")
	res, err = del.Exec(ctx, []vm.Value{vm.Int(5)})
	require.NoError(t, err)
	require.EqualValues(t, 1, res.RowsAffected, "cascaded rows are not counted")
	got, err = run(t, c, "SELECT COUNT(*) FROM ch")
	require.NoError(t, err)
	require.Equal(t, []string{"0"}, got)
}

// TestForeignKeyFileForSqlite3 checks that a file with foreign keys, their
// child indexes and CHECK constraints passes sqlite3's integrity_check.
// Skipped without sqlite3.
func TestForeignKeyFileForSqlite3(t *testing.T) {
	bin, path, c := openForSqlite3(t, "fk.db")
	var err error
	_, err = run(t, c, `CREATE TABLE p(id INT PRIMARY KEY, code VARCHAR(5), UNIQUE KEY(code));
		CREATE TABLE ch(id INT PRIMARY KEY, pid INT, code VARCHAR(5), n INT CHECK (n > 0),
		  FOREIGN KEY (pid) REFERENCES p(id) ON DELETE CASCADE ON UPDATE CASCADE,
		  CONSTRAINT fk_code FOREIGN KEY (code) REFERENCES p(code) ON DELETE SET NULL);
		INSERT INTO p VALUES (1, 'a'), (2, 'b'), (3, 'c');
		INSERT INTO ch VALUES (10, 1, 'a', 1), (11, 2, 'b', 2), (12, 2, 'c', 3);
		UPDATE p SET id = 20 WHERE id = 2;
		DELETE FROM p WHERE code = 'c';
		DELETE FROM p WHERE id = 1`)
	require.NoError(t, err)
	require.NoError(t, c.Close())
	out, err := exec.Command(bin, path, "PRAGMA integrity_check; SELECT id, pid, code FROM ch ORDER BY id;").CombinedOutput()
	require.NoError(t, err, string(out))
	require.Equal(t, "ok\n11|20|b\n12|20|", strings.TrimSpace(string(out)))
}
