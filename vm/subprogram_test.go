package vm

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestProgramCall: OpProgram passes its arguments in the sub-program's
// first registers, discards its rows, returns its error as it is, and
// keeps the caller's registers.
func TestProgramCall(t *testing.T) {
	boom := errors.New("boom")
	// sub: r3 = r1 + r2; yield it (discarded); fail with boom when r3 > 10.
	sub := &Program{NumRegs: 5, Instrs: []Instr{
		{Op: OpInit, P2: 1},
		{Op: OpAdd, P1: 1, P2: 2, P3: 3},
		{Op: OpResultRow, P1: 3, P2: 1},
		{Op: OpInteger, P1: 10, P2: 4},
		{Op: OpGt, P1: 3, P2: 4, P3: 5},
		{Op: OpIfNot, P1: 5, P2: 7},
		{Op: OpHalt, P1: 1, P4: boom},
		{Op: OpHalt},
	}}
	call := func(a, b int) ([][]Value, error) {
		return runProgram(t, context.Background(), 3,
			Instr{Op: OpInteger, P1: a, P2: 1},
			Instr{Op: OpInteger, P1: b, P2: 2},
			Instr{Op: OpProgram, P1: 1, P3: 2, P4: sub},
			Instr{Op: OpResultRow, P1: 1, P2: 2},
			Instr{Op: OpHalt},
		)
	}
	rows, err := call(2, 3)
	require.NoError(t, err)
	require.Equal(t, [][]Value{{Int(2), Int(3)}}, rows, "only the caller's row; its registers untouched")
	_, err = call(7, 8)
	require.Same(t, boom, err)
}

func TestProgramCallMisuse(t *testing.T) {
	_, err := runProgram(t, context.Background(), 1, Instr{Op: OpProgram, P1: 1, P3: 1})
	require.ErrorIs(t, err, ErrMisuse)
	sub := &Program{NumRegs: 1, Instrs: []Instr{{Op: OpHalt}}}
	_, err = runProgram(t, context.Background(), 1, Instr{Op: OpProgram, P1: 1, P3: 2, P4: sub})
	require.ErrorIs(t, err, ErrMisuse, "more arguments than the sub-program has registers")
	_, err = runProgram(t, context.Background(), 1, Instr{Op: OpProgram, P1: 1, P3: 5, P4: &Program{NumRegs: 9, Instrs: []Instr{{Op: OpHalt}}}})
	require.ErrorIs(t, err, ErrMisuse, "arguments beyond the caller's registers")

	// A program that calls itself stops at the depth limit, not the stack's.
	self := &Program{NumRegs: 1, Instrs: []Instr{{Op: OpInit, P2: 1}, {Op: OpProgram}, {Op: OpHalt}}}
	self.Instrs[1].P4 = self
	_, err = runProgram(t, context.Background(), 1, Instr{Op: OpProgram, P4: self})
	require.ErrorIs(t, err, ErrRange)
}
