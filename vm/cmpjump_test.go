package vm

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// TestCmpJumpsMatchesCompare: the compare-and-jump opcodes decide as
// Compare does, and jump on NULL only when P5 says so.
func TestCmpJumpsMatchesCompare(t *testing.T) {
	d, err := ParseDecimal("2.50")
	require.NoError(t, err)
	vals := []Value{Null(), Int(-1), Int(2), Uint(1 << 63), Float(2.5), Dec(d), Text("2.5"), Text("abc"), Blob([]byte("abd"))}
	ops := map[Opcode]func(int) bool{
		OpEqJump: func(c int) bool { return c == 0 }, OpNeJump: func(c int) bool { return c != 0 },
		OpLtJump: func(c int) bool { return c < 0 }, OpLeJump: func(c int) bool { return c <= 0 },
		OpGtJump: func(c int) bool { return c > 0 }, OpGeJump: func(c int) bool { return c >= 0 },
	}
	for op, holds := range ops {
		for _, a := range vals {
			for _, b := range vals {
				for _, p5 := range []uint16{0, 1} {
					in := &Instr{Op: op, P5: p5}
					cmp, isNull := Compare(a, b)
					want := holds(cmp) && !isNull || isNull && p5 != 0
					require.Equal(t, want, cmpJumps(in, &a, &b), "%s %v %v p5=%d", op, a, b, p5)
				}
			}
		}
	}
}
