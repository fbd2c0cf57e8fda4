package sql

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/walrusdb/walrus/vm"
)

// TestConstRegsNeverWritten checks C13's validator: finish refuses a
// program that writes a prologue register after the prologue.
func TestConstRegsNeverWritten(t *testing.T) {
	for _, bad := range []vm.Instr{
		{Op: vm.OpInteger, P1: 7},
		{Op: vm.OpEq, P1: 1, P2: 1},
		{Op: vm.OpAffinity, P2: 3},
		{Op: vm.OpCopy, P1: 1},
	} {
		c := newCompiler(&schema{})
		c.emit(vm.OpInit, 0, 1, 0, nil, "")
		c.reg()
		k := c.constReg(vm.Int(5))
		require.Equal(t, k, c.constReg(vm.Int(5)), "one register per value")
		in := bad
		switch in.Op {
		case vm.OpEq:
			in.P3 = k
		case vm.OpAffinity:
			in.P1 = k - 1 // range 1..3 covers k
		default:
			in.P2 = k
		}
		c.instrs = append(c.instrs, in)
		c.emit(vm.OpHalt, 0, 0, 0, nil, "")
		_, err := c.finish(nil)
		require.ErrorContains(t, err, "writes constant register", "%s", in.Op)
		c.release()
	}
	// Reading it is fine, and the prologue lands after the body.
	c := newCompiler(&schema{})
	c.emit(vm.OpInit, 0, 1, 0, nil, "")
	k := c.constReg(vm.Text("x"))
	c.emit(vm.OpResultRow, k, 1, 0, nil, "")
	c.emit(vm.OpHalt, 0, 0, 0, nil, "")
	p, err := c.finish([]string{"x"})
	require.NoError(t, err)
	c.release()
	require.Equal(t, 3, p.Instrs[0].P2)
	require.Equal(t, vm.OpValue, p.Instrs[3].Op)
	require.Equal(t, vm.Instr{Op: vm.OpGoto, P2: 1}, p.Instrs[4])
}

// TestRegsWrittenCoversOpcodes makes a new opcode declare what it writes
// before the validator can miss it.
func TestRegsWrittenCoversOpcodes(t *testing.T) {
	for op := vm.Opcode(0); op.String() != "Opcode?"; op++ {
		lo, hi := regsWritten(&vm.Instr{Op: op, P1: 1, P2: 2, P3: 3})
		require.True(t, hi >= lo || readsOnly[op], "opcode %s: add it to regsWritten or readsOnly", op)
		require.False(t, hi >= lo && readsOnly[op], "opcode %s is in both", op)
	}
}

// TestConstFactoring runs statements whose constants are factored: a
// prepared statement's parameter is loaded per execution, RAND() is not a
// constant, folded arithmetic gives the per-row result, a folding error
// stays a run-time error of the rows that reach it.
func TestConstFactoring(t *testing.T) {
	c := openMem(t)
	ctx := context.Background()
	for _, q := range []string{
		"CREATE TABLE t(id INTEGER PRIMARY KEY, a INT)",
		"INSERT INTO t VALUES (1, 10), (2, 20), (3, 30)",
	} {
		_, err := run(t, c, q)
		require.NoError(t, err)
	}
	st, _, err := c.Prepare(ctx, "SELECT id FROM t WHERE a > ? AND a - ? < 25")
	require.NoError(t, err)
	require.Equal(t, []string{"2", "3"}, queryRows(t, st, []vm.Value{vm.Int(15), vm.Int(10)}))
	require.Equal(t, []string{"1"}, queryRows(t, st, []vm.Value{vm.Int(5), vm.Int(-10)}))

	rows, err := run(t, c, "SELECT COUNT(DISTINCT RAND() + 0) FROM t")
	require.NoError(t, err)
	require.Equal(t, []string{"3"}, rows, "RAND() is evaluated per row")

	rows, err = run(t, c, "SELECT a + - 45 * + 2, a BETWEEN 5 * 2 AND 40 / 2, -(-a) FROM t WHERE a IN (10, 4 * 5)")
	require.NoError(t, err)
	require.Equal(t, []string{"-80 1 10", "-70 1 20"}, rows)

	// 9223372036854775807 + 1 overflows: not folded, an error only when run.
	rows, err = run(t, c, "SELECT id FROM t WHERE id > 5 AND a = 9223372036854775807 + 1")
	require.NoError(t, err)
	require.Empty(t, rows)
	_, err = run(t, c, "SELECT id FROM t WHERE a = 9223372036854775807 + 1")
	require.Error(t, err)
}
