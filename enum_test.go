package walrus_test

import (
	"database/sql"
	"reflect"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestEnumScan reads ENUM and SET columns through database/sql: the
// database type names are ENUM and SET, values scan as strings (the
// members, not the stored index or mask), numeric expressions give the
// index and mask, and parameters are matched as member strings.
func TestEnumScan(t *testing.T) {
	db := openDB(t, ":memory:")
	_, err := db.Exec("CREATE TABLE t(id INT PRIMARY KEY, e ENUM('lo','mid','hi') NOT NULL, s SET('r','w','x'))")
	require.NoError(t, err)
	_, err = db.Exec("INSERT INTO t VALUES (?, ?, ?), (?, ?, ?)", 1, "hi", "x,r", 2, "lo", nil)
	require.NoError(t, err)
	_, err = db.Exec("INSERT INTO t VALUES (?, ?, ?)", 3, "none", "")
	require.Error(t, err, "not a member")

	rows, err := db.Query("SELECT e, s, e + 0, s + 0 FROM t ORDER BY e")
	require.NoError(t, err)
	defer rows.Close()
	cts, err := rows.ColumnTypes()
	require.NoError(t, err)
	assert.Equal(t, "ENUM", cts[0].DatabaseTypeName())
	assert.Equal(t, "SET", cts[1].DatabaseTypeName())
	assert.Equal(t, reflect.TypeFor[string](), cts[0].ScanType())
	assert.Equal(t, reflect.TypeFor[sql.NullString](), cts[1].ScanType())

	type row struct {
		e    string
		s    sql.NullString
		n, m sql.NullInt64
	}
	var got []row
	for rows.Next() {
		var r row
		require.NoError(t, rows.Scan(&r.e, &r.s, &r.n, &r.m))
		got = append(got, r)
	}
	require.NoError(t, rows.Err())
	assert.Equal(t, []row{
		{e: "lo", n: sql.NullInt64{Int64: 1, Valid: true}},
		{e: "hi", s: sql.NullString{String: "r,x", Valid: true}, n: sql.NullInt64{Int64: 3, Valid: true}, m: sql.NullInt64{Int64: 5, Valid: true}},
	}, got)

	var id int
	require.NoError(t, db.QueryRow("SELECT id FROM t WHERE e = ?", "hi").Scan(&id))
	assert.Equal(t, 1, id)
}
