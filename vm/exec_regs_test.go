package vm

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestSettersMatchConstructors checks that the in-place setters leave a
// register of any previous kind equal to the constructor's value.
func TestSettersMatchConstructors(t *testing.T) {
	olds := []Value{Null(), Int(-3), Uint(1 << 63), Float(2.5), Dec(DecimalFromInt(7)), Text("abc"), Blob([]byte{1, 2})}
	big, err := ParseDecimal("123456789012345678901234567890.5")
	require.NoError(t, err)
	olds = append(olds, Dec(big), enumValue("b", 2, ColType{Base: BaseEnum, Elems: "a\x00b"}))
	for _, old := range olds {
		for _, i := range []int64{0, 1, -1, 1 << 62} {
			v := old
			v.setInt(i)
			require.Equal(t, Int(i), v, "setInt(%d) over %v", i, old)
		}
		for _, b := range []bool{false, true} {
			v := old
			v.setBool(b)
			require.Equal(t, Bool(b), v, "setBool(%v) over %v", b, old)
		}
		for _, f := range []float64{0, -1.5, 1e300} {
			v := old
			v.setFloat(f)
			require.Equal(t, Float(f), v, "setFloat(%v) over %v", f, old)
		}
		v := old
		v.setNull()
		require.Equal(t, Null(), v, "setNull over %v", old)
	}
}

// TestJumpOutOfRange: a jump past either end of the program is ErrMisuse
// (M8), from every jumping opcode's path through the loop.
func TestJumpOutOfRange(t *testing.T) {
	for _, target := range []int{-1, 5, 1 << 40} {
		for _, jump := range []Instr{
			{Op: OpGoto, P2: target},
			{Op: OpIf, P1: 1, P2: target},
			{Op: OpGosub, P1: 2, P2: target},
		} {
			_, err := runProgram(t, context.Background(), 2,
				Instr{Op: OpInteger, P1: 1, P2: 1}, jump, Instr{Op: OpHalt})
			require.ErrorIs(t, err, ErrMisuse, "%s to %d", jump.Op, target)
		}
	}
	// A jump of runCold (OpOnce's second pass) comes back through run's check.
	for _, target := range []int{-1, 5} {
		_, err := runProgram(t, context.Background(), 1,
			Instr{Op: OpOnce, P2: target}, Instr{Op: OpGoto, P2: 1}, Instr{Op: OpHalt})
		require.ErrorIs(t, err, ErrMisuse, "Once to %d", target)
	}
	// OpReturn jumps to an address held in a register.
	_, err := runProgram(t, context.Background(), 2,
		Instr{Op: OpInteger, P1: -7, P2: 1}, Instr{Op: OpReturn, P1: 1}, Instr{Op: OpHalt})
	require.ErrorIs(t, err, ErrMisuse)
}

// TestComparisonOpcodesMatchCompare: the comparison opcodes' in-place fast
// paths (integers, NULL, strings) and cmpHolds give what Compare gives, for
// every pair of kinds, in both the storing (Eq..Ge) and the jumping
// (EqJump..GeJump) forms.
func TestComparisonOpcodesMatchCompare(t *testing.T) {
	vals := []Value{Null(), Int(-2), Int(3), Uint(1 << 63), Float(2.5), Float(3), Dec(NewDecimal(25, 1)),
		Int(-9223372036854775808), Int(9223372036854775807), Dec(NewDecimal(-3, 0)),
		Text("3"), Text("abc"), Text("abd"), Blob([]byte("abc")), Text(""),
		enumValue("b", 2, ColType{Base: BaseEnum, Elems: "a\x00b"})}
	ops := map[Opcode]func(int) bool{
		OpEq: func(c int) bool { return c == 0 }, OpNe: func(c int) bool { return c != 0 },
		OpLt: func(c int) bool { return c < 0 }, OpLe: func(c int) bool { return c <= 0 },
		OpGt: func(c int) bool { return c > 0 }, OpGe: func(c int) bool { return c >= 0 },
	}
	for op, want := range ops {
		for _, a := range vals {
			for _, b := range vals {
				rows, err := runProgram(t, context.Background(), 3,
					Instr{Op: OpValue, P2: 1, P4: a}, Instr{Op: OpValue, P2: 2, P4: b},
					Instr{Op: OpInteger, P1: 7, P2: 3}, // the result overwrites it
					Instr{Op: op, P1: 1, P2: 2, P3: 3}, Instr{Op: OpResultRow, P1: 3, P2: 1}, Instr{Op: OpHalt})
				require.NoError(t, err)
				cmp, isNull := Compare(a, b)
				require.Contains(t, []int{-1, 0, 1}, cmp, "Compare(%v, %v)", a, b)
				if isNull {
					require.Equal(t, Null(), rows[0][0], "%v %s %v", a, op, b)
				} else {
					require.Equal(t, Bool(want(cmp)), rows[0][0], "%v %s %v", a, op, b)
				}
				// The jumping form, NULL jumping or not by P5.
				for _, p5 := range []uint16{0, 1} {
					jop := op - OpEq + OpEqJump
					rows, err := runProgram(t, context.Background(), 3,
						Instr{Op: OpValue, P2: 1, P4: a}, Instr{Op: OpValue, P2: 2, P4: b},
						Instr{Op: jop, P1: 1, P2: 5, P3: 2, P5: p5},
						Instr{Op: OpHalt},                    // 4: not taken
						Instr{Op: OpResultRow, P1: 1, P2: 1}, // 5: taken
						Instr{Op: OpHalt})
					require.NoError(t, err)
					jumped := isNull && p5 != 0 || !isNull && want(cmp)
					require.Equal(t, jumped, len(rows) == 1, "%v %s %v p5=%d", a, jop, b, p5)
				}
			}
		}
	}
}

// TestIntTruthMatchesTruth: the in-place truth of AND, OR, IF and IFNOT
// agrees with Truth where it answers, answers for every comparison result
// kind, and the opcodes fall back to Truth for the others.
func TestIntTruthMatchesTruth(t *testing.T) {
	vals := []Value{Null(), Int(0), Int(-1), Uint(1 << 63), Uint(0), Float(0), Float(0.5),
		Dec(NewDecimal(0, 2)), Dec(NewDecimal(5, 1)), Text("0"), Text("0.5"), Text("abc"), Blob([]byte("1"))}
	for _, v := range vals {
		wt, wn := Truth(v)
		gt, gn, ok := intTruth(&v)
		kind := v.Kind()
		require.Equal(t, kind == KindNull || kind == KindInt || kind == KindUint, ok, "%v", v)
		if ok {
			require.Equal(t, [2]bool{wt, wn}, [2]bool{gt, gn}, "%v", v)
		}
		// Through the opcodes: v AND 1, v OR 0 and IF v give v's truth.
		rows, err := runProgram(t, context.Background(), 5,
			Instr{Op: OpValue, P2: 1, P4: v}, Instr{Op: OpInteger, P1: 1, P2: 2}, Instr{Op: OpInteger, P1: 0, P2: 3},
			Instr{Op: OpAnd, P1: 1, P2: 2, P3: 4}, Instr{Op: OpOr, P1: 3, P2: 1, P3: 5},
			Instr{Op: OpResultRow, P1: 4, P2: 2},
			Instr{Op: OpIf, P1: 1, P2: 9, P3: 1}, // 7: jumps over the second row when true or NULL
			Instr{Op: OpResultRow, P1: 4, P2: 1},
			Instr{Op: OpHalt}) // 9
		require.NoError(t, err)
		want := Bool(wt)
		if wn {
			want = Null()
		}
		require.Equal(t, []Value{want, want}, rows[0], "%v AND 1, 0 OR %v", v, v)
		require.Equal(t, !wt && !wn, len(rows) == 2, "IF %v", v)
	}
}

// TestCopy: OpCopy of one register and of an overlapping range.
func TestCopy(t *testing.T) {
	rows, err := runProgram(t, context.Background(), 5,
		Instr{Op: OpInteger, P1: 1, P2: 1}, Instr{Op: OpValue, P2: 2, P4: Text("two")}, Instr{Op: OpInteger, P1: 3, P2: 3},
		Instr{Op: OpCopy, P1: 2, P2: 5},        // r5 = r2
		Instr{Op: OpCopy, P1: 1, P2: 2, P3: 2}, // r2..r4 = r1..r3
		Instr{Op: OpResultRow, P1: 1, P2: 5}, Instr{Op: OpHalt})
	require.NoError(t, err)
	require.Equal(t, [][]Value{{Int(1), Int(1), Text("two"), Int(3), Text("two")}}, rows)
}

// TestCmpOpcodeOrder: cmpHolds is indexed by an opcode's distance from
// OpEq or OpEqJump, so both runs of opcodes keep the order Eq, Ne, Lt, Le,
// Gt, Ge.
func TestCmpOpcodeOrder(t *testing.T) {
	for i, name := range []string{"Eq", "Ne", "Lt", "Le", "Gt", "Ge"} {
		require.Equal(t, name, (OpEq + Opcode(i)).String())
		require.Equal(t, name+"Jump", (OpEqJump + Opcode(i)).String())
	}
}
