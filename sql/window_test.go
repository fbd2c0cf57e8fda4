package sql

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/walrusdb/walrus/vm"
)

// TestWindowParams runs window functions whose constant arguments are
// bound parameters: checked when the statement runs, and the same
// prepared statement runs again with other values (a fresh buffer each
// time).
func TestWindowParams(t *testing.T) {
	c := openMem(t)
	_, err := run(t, c, "CREATE TABLE t(id INT PRIMARY KEY, v INT); INSERT INTO t VALUES (1, 10), (2, 20), (3, 30), (4, 40)")
	require.NoError(t, err)
	ctx := context.Background()
	st, _, err := c.Prepare(ctx, "SELECT id, LAG(v, ?, ?) OVER (ORDER BY id), NTILE(?) OVER (ORDER BY id) FROM t ORDER BY id")
	require.NoError(t, err)
	query := func(params ...vm.Value) ([]string, error) {
		rows, err := st.Query(ctx, params)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		var out []string
		dest := make([]vm.Value, 3)
		for {
			ok, err := rows.Next(dest)
			if err != nil || !ok {
				return out, err
			}
			out = append(out, dest[0].String()+" "+dest[1].String()+" "+dest[2].String())
		}
	}
	got, err := query(vm.Int(2), vm.Int(-1), vm.Int(3))
	require.NoError(t, err)
	require.Equal(t, []string{"1 -1 1", "2 -1 1", "3 10 2", "4 20 3"}, got)
	got, err = query(vm.Int(0), vm.Null(), vm.Int(1))
	require.NoError(t, err)
	require.Equal(t, []string{"1 10 1", "2 20 1", "3 30 1", "4 40 1"}, got)
	_, err = query(vm.Int(-1), vm.Null(), vm.Int(1))
	require.True(t, errors.Is(err, &Error{Code: CodeMismatch}), "negative LAG offset: %v", err)
	_, err = query(vm.Int(1), vm.Null(), vm.Null())
	require.True(t, errors.Is(err, &Error{Code: CodeMismatch}), "NULL NTILE: %v", err)

	_, _, err = c.Prepare(ctx, "SELECT SUM(v) OVER (ORDER BY id ROWS ? PRECEDING) FROM t")
	require.True(t, errors.Is(err, &Error{Code: CodeNotSupported}), "parameter frame bound: %v", err)
}

// TestWindowColumnTypes checks the result types a statement reports for
// window calls.
func TestWindowColumnTypes(t *testing.T) {
	c := openMem(t)
	_, err := run(t, c, "CREATE TABLE t(id INT PRIMARY KEY, v VARCHAR(5))")
	require.NoError(t, err)
	st, _, err := c.Prepare(context.Background(), "SELECT ROW_NUMBER() OVER (), CUME_DIST() OVER (), LAG(v) OVER (), LAG(v, 1, 0) OVER (), SUM(id) OVER () FROM t")
	require.NoError(t, err)
	cols := st.Columns()
	require.Len(t, cols, 5)
	var got []string
	for _, col := range cols {
		name := "?"
		if col.HasType {
			name = col.Type.Name()
		}
		got = append(got, name)
	}
	require.Equal(t, []string{"BIGINT", "DOUBLE", "VARCHAR", "?", "?"}, got)
}
