package walrus_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestUpdateRowsAffectedCountsChanged: as MySQL (CLIENT_FOUND_ROWS off,
// the default of its drivers), an UPDATE's RowsAffected counts the rows
// whose values changed, not the rows matched.
func TestUpdateRowsAffectedCountsChanged(t *testing.T) {
	db := openDB(t, tempPath(t))
	db.SetMaxOpenConns(1)
	_, err := db.Exec("CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(10), d DECIMAL(5,2), UNIQUE KEY (v)); " +
		"INSERT INTO t VALUES (1, 'a', 1.5), (2, 'b', NULL), (3, 'c', 2)")
	require.NoError(t, err)
	cases := []struct {
		stmt string
		want int64
	}{
		{"UPDATE t SET v = 'a' WHERE id = 1", 0},    // same value
		{"UPDATE t SET v = 'A' WHERE id = 1", 1},    // text compares in binary
		{"UPDATE t SET d = '1.50' WHERE id = 1", 0}, // the same DECIMAL(5,2) once stored
		{"UPDATE t SET d = NULL WHERE id = 2", 0},   // NULL to NULL
		{"UPDATE t SET d = 0 WHERE id = 2", 1},      // NULL to a value
		{"UPDATE t SET d = d + 0", 0},               // three matched, none changed
		{"UPDATE t SET d = d + 1 WHERE d IS NOT NULL", 3},
		{"UPDATE t SET id = id, v = v", 0},
		{"UPDATE t SET id = id + 10 WHERE id = 3", 1}, // a new rowid
		{"UPDATE t SET v = 'z' WHERE id = 404", 0},    // no match
	}
	for _, tc := range cases {
		res, err := db.Exec(tc.stmt)
		require.NoError(t, err, tc.stmt)
		n, err := res.RowsAffected()
		require.NoError(t, err)
		assert.Equal(t, tc.want, n, tc.stmt)
	}
	// Unchanged rows are still matched: the statement sees and keeps them.
	var got string
	require.NoError(t, db.QueryRow("SELECT GROUP_CONCAT(id, v, COALESCE(d, '-') ORDER BY id) FROM t").Scan(&got))
	assert.Equal(t, "1A2.50,2b1.00,13c3.00", got)
}

// TestExecRunsTrailingVersionedComment: MySQL runs the text of /*!...*/ as
// code, and mariadb-dump ends its dumps with such statements (restoring
// session variables); a multi-statement Exec must run them, not skip them
// as comments.
func TestExecRunsTrailingVersionedComment(t *testing.T) {
	db := openDB(t, tempPath(t))
	db.SetMaxOpenConns(1)
	_, err := db.Exec("CREATE TABLE t (a INT);\n/*!40101 INSERT INTO t VALUES (1) */;\n/* a comment */ -- and another\n/*!40101 INSERT INTO t VALUES (2) */;\n")
	require.NoError(t, err)
	var n int
	require.NoError(t, db.QueryRow("SELECT COUNT(*) FROM t").Scan(&n))
	assert.Equal(t, 2, n)
}
