package walrus_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/walrusdb/walrus"
)

// TestNoStorageStatements checks S9 (sql/nostorage.go): while another
// connection holds the EXCLUSIVE lock, a statement that reads no table
// still runs (it takes no lock, as in SQLite), and one that reads a table,
// a view (even over no table) or a table in a subquery fails busy.
func TestNoStorageStatements(t *testing.T) {
	path := tempPath(t)
	dsn := "file:" + path + "?_pragma=busy_timeout(0)"
	a := openDB(t, dsn)
	_, err := a.Exec("CREATE TABLE t (x INT); INSERT INTO t VALUES (1); CREATE VIEW v AS SELECT 5 AS five")
	require.NoError(t, err)
	b := openDB(t, dsn)
	b.SetMaxOpenConns(1)
	var n int64
	require.NoError(t, b.QueryRow("SELECT COUNT(*) FROM t").Scan(&n)) // b's schema is loaded

	ctx := context.Background()
	ca, err := a.Conn(ctx)
	require.NoError(t, err)
	defer ca.Close()
	_, err = ca.ExecContext(ctx, "BEGIN EXCLUSIVE")
	require.NoError(t, err)

	for _, q := range []string{"SELECT 1 + 1", "SELECT (SELECT 2)", "SELECT 2 FROM dual", "SELECT COALESCE(NULL, 2)"} {
		var got int64
		if assert.NoError(t, b.QueryRow(q).Scan(&got), q) {
			assert.EqualValues(t, 2, got, q)
		}
	}
	var got int64
	require.NoError(t, b.QueryRow("SELECT ? + 1", 1).Scan(&got))
	assert.EqualValues(t, 2, got)
	rows, err := b.Query("EXPLAIN SELECT 1")
	require.NoError(t, err)
	require.NoError(t, rows.Close())

	for _, q := range []string{"SELECT COUNT(*) FROM t", "SELECT five FROM v", "SELECT (SELECT COUNT(*) FROM t)", "SELECT 1 WHERE EXISTS (SELECT * FROM t)"} {
		err := b.QueryRow(q).Scan(&got)
		requireCode(t, err, walrus.CodeBusy)
	}
	_, err = ca.ExecContext(ctx, "COMMIT")
	require.NoError(t, err)

	// A view over no table still follows the schema (S3).
	st, err := b.Prepare("SELECT five FROM v")
	require.NoError(t, err)
	defer st.Close()
	require.NoError(t, st.QueryRow().Scan(&got))
	assert.EqualValues(t, 5, got)
	_, err = a.Exec("DROP VIEW v; CREATE VIEW v AS SELECT 6 AS five")
	require.NoError(t, err)
	require.NoError(t, st.QueryRow().Scan(&got))
	assert.EqualValues(t, 6, got)
}
