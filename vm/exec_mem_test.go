package vm

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestExecMemPooledZeroed checks M14: a register file goes back to the pool
// all NULL with every cursor slot closed, so a reused one reads as fresh.
func TestExecMemPooledZeroed(t *testing.T) {
	m := getExecMem(8, 3)
	require.Len(t, m.regs, 8)
	require.Len(t, m.curs, 3)
	for i := range m.regs {
		m.regs[i] = Text("dirty")
	}
	m.curs[1] = vmCursor{c: newMemTree(1, nil), nullRow: true, seq: 7}
	putExecMem(m)
	require.Equal(t, make([]Value, cap(m.regs)), m.regs[:cap(m.regs)])
	require.Equal(t, make([]vmCursor, cap(m.curs)), m.curs[:cap(m.curs)])

	big := getExecMem(maxPooledRegs+1, 1)
	big.regs[0] = Int(1)
	putExecMem(big)
	require.Equal(t, Int(1), big.regs[0], "a register file past maxPooledRegs is left to the collector")
}

// TestExecCloseDropsRegisters checks M14 from the Exec side: after Close
// the Exec holds no register (Row is nil), a second Close and a Step are
// harmless, and executions that follow, reusing the memory, start with
// NULL registers.
func TestExecCloseDropsRegisters(t *testing.T) {
	// r1 = 7 (first run only writes it), then r2 (never written) is
	// returned with r1.
	writer := &Program{Instrs: []Instr{
		{Op: OpInit, P2: 1},
		{Op: OpInteger, P1: 7, P2: 1},
		{Op: OpValue, P2: 2, P4: Text("left over")},
		{Op: OpResultRow, P1: 1, P2: 2},
		{Op: OpHalt},
	}, NumRegs: 2}
	reader := &Program{Instrs: []Instr{
		{Op: OpInit, P2: 1},
		{Op: OpResultRow, P1: 1, P2: 2},
		{Op: OpHalt},
	}, NumRegs: 2}
	for range 20 {
		e := NewExec(context.Background(), writer, nil)
		ok, err := e.Step()
		require.NoError(t, err)
		require.True(t, ok)
		require.Equal(t, []Value{Int(7), Text("left over")}, e.Row())
		require.NoError(t, e.Close())
		require.Nil(t, e.Row(), "Close drops the registers")
		require.NoError(t, e.Close())
		ok, err = e.Step()
		require.NoError(t, err)
		require.False(t, ok)

		r := NewExec(context.Background(), reader, nil)
		ok, err = r.Step()
		require.NoError(t, err)
		require.True(t, ok)
		require.Equal(t, []Value{Null(), Null()}, r.Row(), "registers start NULL")
		ok, err = r.Step()
		require.NoError(t, err)
		require.False(t, ok)
		require.Nil(t, r.Row(), "the end of the program closes the Exec")
	}
}
