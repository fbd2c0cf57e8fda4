package sql

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/walrusdb/walrus/internal/vfs"
	"github.com/walrusdb/walrus/vm"
)

// TestSchemaChangeSeenByOtherConn checks S3/S4: a statement prepared on
// one connection is recompiled when another connection changed the
// schema, and new tables are visible at once.
func TestSchemaChangeSeenByOtherConn(t *testing.T) {
	fs := vfs.NewMemFS()
	a, err := Open(fs, "db", OpenOptions{Create: true})
	require.NoError(t, err)
	defer a.Close()
	b, err := Open(fs, "db", OpenOptions{})
	require.NoError(t, err)
	defer b.Close()

	_, err = run(t, a, "CREATE TABLE t(x INTEGER); INSERT INTO t VALUES(1)")
	require.NoError(t, err)
	st, _, err := b.Prepare(context.Background(), "SELECT * FROM t")
	require.NoError(t, err)
	_, err = run(t, a, "DROP TABLE t; CREATE TABLE t(x INTEGER, y INTEGER); INSERT INTO t VALUES(2, 3)")
	require.NoError(t, err)
	rows, err := st.Query(context.Background(), nil)
	require.NoError(t, err)
	dest := make([]vm.Value, 2)
	ok, err := rows.Next(dest)
	require.NoError(t, err)
	require.True(t, ok)
	require.Equal(t, int64(2), dest[0].AsInt())
	require.Equal(t, int64(3), dest[1].AsInt())
	require.NoError(t, rows.Close())
}

// TestStatementAtomicityInTransaction checks S2: a failing statement
// inside BEGIN undoes only its own rows.
func TestStatementAtomicityInTransaction(t *testing.T) {
	c := openMem(t)
	_, err := run(t, c, "CREATE TABLE t(x INTEGER PRIMARY KEY); BEGIN; INSERT INTO t VALUES(1)")
	require.NoError(t, err)
	_, err = run(t, c, "INSERT INTO t VALUES(2), (1)") // fails on the second row
	var e *Error
	require.True(t, errors.As(err, &e))
	require.Equal(t, CodeConstraint, e.Code)
	require.True(t, c.InTransaction())
	got, err := run(t, c, "COMMIT; SELECT x FROM t")
	require.NoError(t, err)
	require.Equal(t, []string{"1"}, got)
}

func TestResultCounts(t *testing.T) {
	c := openMem(t)
	_, err := run(t, c, "CREATE TABLE t(id INTEGER PRIMARY KEY, v INTEGER)")
	require.NoError(t, err)
	ctx := context.Background()
	st, _, err := c.Prepare(ctx, "INSERT INTO t(v) VALUES(?), (?)")
	require.NoError(t, err)
	require.Equal(t, 2, st.NumInput())
	res, err := st.Exec(ctx, []vm.Value{vm.Int(5), vm.Int(6)})
	require.NoError(t, err)
	// MySQL's LastInsertId of a multi-row INSERT is the first row's id.
	require.Equal(t, Result{LastInsertID: 1, RowsAffected: 2}, res)
	st, _, err = c.Prepare(ctx, "UPDATE t SET v = v + 1 WHERE v > ?")
	require.NoError(t, err)
	res, err = st.Exec(ctx, []vm.Value{vm.Int(5)})
	require.NoError(t, err)
	require.Equal(t, int64(1), res.RowsAffected)
	_, err = st.Exec(ctx, nil)
	require.True(t, errors.As(err, new(*Error)), "wrong parameter count is an *Error")
}

// readOneRow runs setup, then starts query and reads its first row: a
// statement left reading while the test writes.
func readOneRow(t *testing.T, c *Conn, setup, query string) (*Rows, []vm.Value) {
	t.Helper()
	_, err := run(t, c, setup)
	require.NoError(t, err)
	st, _, err := c.Prepare(context.Background(), query)
	require.NoError(t, err)
	rows, err := st.Query(context.Background(), nil)
	require.NoError(t, err)
	dest := make([]vm.Value, 1)
	ok, err := rows.Next(dest)
	require.NoError(t, err)
	require.True(t, ok)
	return rows, dest
}

// TestFailedWriteKeepsReaders checks S2 in autocommit mode: a write that
// fails while another statement of the connection is still reading undoes
// only its own changes; the reader's scan goes on to the end (a full
// rollback used to end it early, silently).
func TestFailedWriteKeepsReaders(t *testing.T) {
	c := openMem(t)
	rows, dest := readOneRow(t, c, "CREATE TABLE t(x INTEGER PRIMARY KEY); INSERT INTO t VALUES(1), (2), (3)", "SELECT x FROM t ORDER BY x")

	_, err := run(t, c, "INSERT INTO t VALUES(4), (1)") // fails on the second row
	var e *Error
	require.True(t, errors.As(err, &e))
	require.Equal(t, CodeConstraint, e.Code)
	_, err = run(t, c, "INSERT INTO t VALUES(5)") // a later write still commits
	require.NoError(t, err)

	got := []int64{dest[0].AsInt()}
	for {
		ok, err := rows.Next(dest)
		require.NoError(t, err)
		if !ok {
			break
		}
		got = append(got, dest[0].AsInt())
	}
	require.NoError(t, rows.Close())
	require.GreaterOrEqual(t, len(got), 3)
	require.Equal(t, []int64{1, 2, 3}, got[:3], "the reader saw every row it started with")
	all, err := run(t, c, "SELECT x FROM t ORDER BY x")
	require.NoError(t, err)
	require.Equal(t, []string{"1", "2", "3", "5"}, all)
}

// TestRollbackAbortsReaders checks that a statement still reading when its
// transaction rolls back fails (btree B14), as SQLite's SQLITE_ABORT does,
// instead of ending its scan early as if the rows had run out.
func TestRollbackAbortsReaders(t *testing.T) {
	c := openMem(t)
	rows, dest := readOneRow(t, c, "CREATE TABLE t(x INTEGER PRIMARY KEY); INSERT INTO t VALUES(1), (2), (3); BEGIN; INSERT INTO t VALUES(4)", "SELECT x FROM t")
	_, err := run(t, c, "ROLLBACK")
	require.NoError(t, err)
	_, err = rows.Next(dest)
	require.ErrorContains(t, err, "abort due to ROLLBACK")
	require.NoError(t, rows.Close())
	got, err := run(t, c, "SELECT count(*) FROM t")
	require.NoError(t, err)
	require.Equal(t, []string{"3"}, got)
}
