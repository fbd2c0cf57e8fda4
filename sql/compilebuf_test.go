package sql

import (
	"fmt"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/require"
	"github.com/walrusdb/walrus/vm"
)

// TestInstrSize keeps vm.Instr at one 64-byte cache line: every compiled
// program allocates its instructions (finish), so the size is paid per
// Prepare.
func TestInstrSize(t *testing.T) {
	require.EqualValues(t, 64, unsafe.Sizeof(vm.Instr{}))
}

// TestProgramOwnsInstrs checks C12: compilers reuse pooled instruction
// buffers, so a program must not share one with the compilations after
// it. Prepared programs are compared before and after many other
// compilations (which would overwrite a shared buffer).
func TestProgramOwnsInstrs(t *testing.T) {
	c := openMem(t)
	runOK(t, c, "CREATE TABLE t(a INT PRIMARY KEY, b TEXT, c INT); CREATE INDEX tc ON t(c)")
	queries := []string{
		"SELECT a FROM t WHERE c = 1",
		"SELECT b, count(*) FROM t GROUP BY b ORDER BY 2 DESC",
		"INSERT INTO t VALUES (1, 'x', 2)",
		"UPDATE t SET b = 'y' WHERE a > 0",
		"DELETE FROM t WHERE c IN (SELECT a FROM t WHERE b IS NULL)",
	}
	var stmts []*Stmt
	var want [][][]string
	for _, q := range queries {
		st, _, err := c.Prepare(t.Context(), q)
		require.NoError(t, err, q)
		stmts = append(stmts, st)
		want = append(want, st.Program().Explain())
	}
	for i := range 50 {
		q := fmt.Sprintf("SELECT t1.a + %d, t2.b FROM t AS t1 JOIN t AS t2 ON t1.c = t2.a WHERE t1.b LIKE 'z%%' ORDER BY 1", i)
		_, _, err := c.Prepare(t.Context(), q)
		require.NoError(t, err)
	}
	for i, st := range stmts {
		require.Equal(t, want[i], st.Program().Explain(), queries[i])
	}
	require.Equal(t, []string{"1 y 2"}, runOK(t, c, "INSERT INTO t VALUES (1, 'x', 2); UPDATE t SET b = 'y' WHERE a > 0; SELECT * FROM t"))
}
