package sql

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/walrusdb/walrus/internal/vfs"
	"github.com/walrusdb/walrus/vm"
)

// TestParamSeek checks that `col = ?` seeks the rowid or an index once the
// argument is bound (stmtplan.go PP1), and that the answers stay right when
// the argument classes change between executions.
func TestParamSeek(t *testing.T) {
	ctx := context.Background()
	c, err := Open(vfs.NewMemFS(), "p.db", OpenOptions{Create: true})
	require.NoError(t, err)
	defer c.Close()
	exec := func(q string, args ...vm.Value) {
		t.Helper()
		st, _, err := c.Prepare(ctx, q)
		require.NoError(t, err)
		_, err = st.Exec(ctx, args)
		require.NoError(t, err)
		require.NoError(t, st.Close())
	}
	exec("CREATE TABLE t(id INT PRIMARY KEY, k VARCHAR(10), n INT, KEY(k), KEY(n))")
	for i := 1; i <= 300; i++ {
		exec("INSERT INTO t VALUES(?, ?, ?)", vm.Int(int64(i)), vm.Text("k"+strings.Repeat("x", i%7)), vm.Int(int64(i%10)))
	}
	query := func(st *Stmt, args ...vm.Value) []int64 {
		t.Helper()
		rows, err := st.Query(ctx, args)
		require.NoError(t, err)
		defer rows.Close()
		var out []int64
		dest := make([]vm.Value, len(rows.Columns()))
		for {
			ok, err := rows.Next(dest)
			require.NoError(t, err)
			if !ok {
				return out
			}
			out = append(out, dest[0].AsInt())
		}
	}
	byID, _, err := c.Prepare(ctx, "SELECT id FROM t WHERE id = ?")
	require.NoError(t, err)
	require.Equal(t, []int64{42}, query(byID, vm.Int(42)))
	require.Equal(t, []int64{7}, query(byID, vm.Text("7")), "a string argument compares as a number")
	require.Equal(t, []int64{8}, query(byID, vm.Int(8)))
	require.Empty(t, query(byID, vm.Null()))
	explain := strings.Join(explainOps(t, c, byID, vm.Int(1)), " ")
	require.Contains(t, explain, "SeekRowid", "the bound plan seeks the rowid: %s", explain)

	byN, _, err := c.Prepare(ctx, "SELECT id FROM t WHERE n = ? ORDER BY id")
	require.NoError(t, err)
	require.Len(t, query(byN, vm.Int(3)), 30)
	require.Len(t, query(byN, vm.Text("3")), 30)
	require.Len(t, query(byN, vm.Float(3.0)), 30)
	t.Log(explainOps(t, c, byN, vm.Int(3)))
	require.Contains(t, explainOps(t, c, byN, vm.Int(3)), "SeekGE", "the bound plan seeks index n")
}

// explainOps returns the opcode names of st's program after binding args.
func explainOps(t *testing.T, c *Conn, st *Stmt, args ...vm.Value) []string {
	t.Helper()
	require.NoError(t, st.planForArgs(args))
	var ops []string
	for _, r := range st.prog.Explain() {
		ops = append(ops, r[1])
	}
	return ops
}
