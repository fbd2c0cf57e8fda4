package walrus_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestReturnedValuesStay checks D11: values the driver returned keep
// their value and Go type while later rows are read and after the Rows
// closed. Scanning into *any keeps the driver's own values, so one that
// aliased the registers or a reused buffer would change an earlier row.
func TestReturnedValuesStay(t *testing.T) {
	db := openDB(t, tempPath(t))
	_, err := db.Exec("CREATE TABLE t (id INTEGER PRIMARY KEY, i BIGINT, u BIGINT UNSIGNED, f DOUBLE, s VARCHAR(40), e VARCHAR(5))")
	require.NoError(t, err)
	const n = 300 // values of every kind, many rows
	type row struct {
		i int64
		u uint64
		f float64
		s string
	}
	want := make([]row, n)
	for k := range want {
		want[k] = row{i: int64(k)*1000 - 7, u: uint64(1)<<63 + uint64(k), f: float64(k) + 0.25, s: fmt.Sprintf("value %d", k)}
		if k%7 == 0 {
			want[k] = row{i: int64(k % 200), u: uint64(k % 3), f: 0, s: ""} // small values and empty strings
		}
		w := want[k]
		_, err := db.Exec("INSERT INTO t VALUES (?, ?, ?, ?, ?, '')", k, w.i, w.u, w.f, w.s)
		require.NoError(t, err)
	}
	rows, err := db.Query("SELECT i, u, f, s, e FROM t ORDER BY id")
	require.NoError(t, err)
	var got [][]any
	for rows.Next() {
		cells := make([]any, 5)
		ptrs := make([]any, 5)
		for i := range cells {
			ptrs[i] = &cells[i]
		}
		require.NoError(t, rows.Scan(ptrs...))
		got = append(got, cells)
	}
	require.NoError(t, rows.Err())
	require.NoError(t, rows.Close())
	require.Len(t, got, n)
	for k, w := range want {
		assert.Equal(t, []any{w.i, w.u, w.f, w.s, ""}, got[k], "row %d", k)
		assert.True(t, got[k][0] == any(w.i) && got[k][3] == any(w.s), "row %d: interface equality", k)
	}
}
