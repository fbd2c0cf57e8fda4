package vm

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/require"
)

// runProgram runs instrs (after an implicit Init) and returns its rows.
func runProgram(t *testing.T, ctx context.Context, nregs int, instrs ...Instr) ([][]Value, error) {
	t.Helper()
	p := &Program{Instrs: append([]Instr{{Op: OpInit, P2: 1}}, instrs...), NumRegs: nregs, NumCursors: 4, NumAggs: 1}
	e := NewExec(ctx, p, nil)
	defer e.Close()
	var rows [][]Value
	for {
		ok, err := e.Step()
		if err != nil {
			return rows, err
		}
		if !ok {
			return rows, nil
		}
		rows = append(rows, append([]Value(nil), e.Row()...))
	}
}

func TestThreeValuedLogic(t *testing.T) {
	vals := []Value{Int(1), Int(0), Null()}
	names := []string{"T", "F", "N"}
	want := map[Opcode][3][3]string{
		OpAnd: {{"T", "F", "N"}, {"F", "F", "F"}, {"N", "F", "N"}},
		OpOr:  {{"T", "T", "T"}, {"T", "F", "N"}, {"T", "N", "N"}},
		OpXor: {{"F", "T", "N"}, {"T", "F", "N"}, {"N", "N", "N"}},
	}
	render := func(v Value) string {
		if v.IsNull() {
			return "N"
		}
		if v.AsInt() != 0 {
			return "T"
		}
		return "F"
	}
	for op, table := range want {
		for i, a := range vals {
			for j, b := range vals {
				rows, err := runProgram(t, context.Background(), 3,
					Instr{Op: OpValue, P2: 1, P4: a}, Instr{Op: OpValue, P2: 2, P4: b},
					Instr{Op: op, P1: 1, P2: 2, P3: 3}, Instr{Op: OpResultRow, P1: 3, P2: 1}, Instr{Op: OpHalt})
				require.NoError(t, err)
				require.Equal(t, table[i][j], render(rows[0][0]), "%s %s %s", names[i], op, names[j])
			}
		}
	}
}

func TestJumpsAndSubroutines(t *testing.T) {
	// r1 counts down from 3; each pass calls a subroutine that emits r1.
	rows, err := runProgram(t, context.Background(), 2,
		Instr{Op: OpInteger, P1: 3, P2: 1}, // 1
		Instr{Op: OpGosub, P1: 2, P2: 5},   // 2
		Instr{Op: OpDecrJumpZero, P1: 1, P2: 7},
		Instr{Op: OpGoto, P2: 2},             // 4
		Instr{Op: OpResultRow, P1: 1, P2: 1}, // 5
		Instr{Op: OpReturn, P1: 2},           // 6
		Instr{Op: OpHalt},                    // 7
	)
	require.NoError(t, err)
	require.Equal(t, [][]Value{{Int(3)}, {Int(2)}, {Int(1)}}, rows)
}

func TestOnceRunsOncePerExecution(t *testing.T) {
	rows, err := runProgram(t, context.Background(), 2,
		Instr{Op: OpInteger, P1: 2, P2: 2},      // 1: loop counter
		Instr{Op: OpOnce, P2: 4},                // 2
		Instr{Op: OpResultRow, P1: 2, P2: 1},    // 3: only the first time
		Instr{Op: OpDecrJumpZero, P1: 2, P2: 6}, // 4
		Instr{Op: OpGoto, P2: 2},                // 5
		Instr{Op: OpHalt},                       // 6
	)
	require.NoError(t, err)
	require.Len(t, rows, 1)
}

func TestHaltErrors(t *testing.T) {
	_, err := runProgram(t, context.Background(), 1, Instr{Op: OpHalt, P1: 1, P2: 1, P4: "NOT NULL constraint failed: t.a"})
	require.True(t, errors.Is(err, ErrConstraint))
	_, err = runProgram(t, context.Background(), 1, Instr{Op: OpNull, P2: 1}, Instr{Op: OpHaltIfNull, P2: 1, P4: "x"})
	require.True(t, errors.Is(err, ErrConstraint))
	_, err = runProgram(t, context.Background(), 1, Instr{Op: OpColumn, P1: 0, P2: 0, P3: 1})
	require.True(t, errors.Is(err, ErrMisuse), "reading an unopened cursor is a misuse, not a panic: %v", err)
}

func TestCancelledContextInterrupts(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	// An endless loop ends because the context is done.
	_, err := runProgram(t, ctx, 1, Instr{Op: OpGoto, P2: 1})
	require.True(t, errors.Is(err, ErrInterrupted), "%v", err)
}

func TestSorterOrder(t *testing.T) {
	// Insert (key, seq) rows into an ephemeral index ordered DESC on the
	// key; NULL sorts last descending, ties keep insertion order.
	keys := []Value{Int(2), Null(), Int(5), Int(2), Text("1")}
	var ins []Instr
	ins = append(ins, Instr{Op: OpOpenEphemeral, P1: 0, P2: 1, P4: &TreeSpec{Desc: []bool{true}}})
	for i, k := range keys {
		ins = append(ins, Instr{Op: OpValue, P2: 1, P4: k}, Instr{Op: OpInteger, P1: i, P2: 2},
			Instr{Op: OpIdxInsert, P1: 0, P2: 1, P3: 2})
	}
	n := len(ins) + 1
	ins = append(ins,
		Instr{Op: OpRewind, P1: 0, P2: n + 4},
		Instr{Op: OpColumn, P1: 0, P2: 1, P3: 2},
		Instr{Op: OpResultRow, P1: 2, P2: 1},
		Instr{Op: OpNext, P1: 0, P2: n + 1},
		Instr{Op: OpHalt})
	rows, err := runProgram(t, context.Background(), 2, ins...)
	require.NoError(t, err)
	var seq []int64
	for _, r := range rows {
		seq = append(seq, r[0].AsInt())
	}
	require.Equal(t, []int64{2, 0, 3, 4, 1}, seq)
}

func TestAggregationGroups(t *testing.T) {
	spec := &AggSpec{Funcs: []AggFunc{{Name: "count"}, {Name: "any_value"}}}
	var ins []Instr
	ins = append(ins, Instr{Op: OpAggReset, P1: 0, P4: spec})
	// Groups by r1: 1, 1.0 (same group as 1), 2.
	for _, k := range []Value{Int(1), Float(1.0), Int(2)} {
		ins = append(ins, Instr{Op: OpValue, P2: 1, P4: k},
			Instr{Op: OpAggGroup, P1: 0, P2: 1, P3: 1},
			Instr{Op: OpAggStep, P1: 0, P2: 1, P3: 0, P4: 1},
			Instr{Op: OpAggStep, P1: 0, P2: 1, P3: 1, P4: 1})
	}
	n := len(ins) + 1
	ins = append(ins,
		Instr{Op: OpAggSort, P1: 0},
		Instr{Op: OpAggNext, P1: 0, P2: n + 6},
		Instr{Op: OpAggFinal, P1: 0, P2: 1, P3: 2},
		Instr{Op: OpAggFinal, P1: 0, P2: 0, P3: 3},
		Instr{Op: OpResultRow, P1: 2, P2: 2},
		Instr{Op: OpGoto, P2: n + 1},
		Instr{Op: OpHalt})
	rows, err := runProgram(t, context.Background(), 3, ins...)
	require.NoError(t, err)
	require.Equal(t, [][]Value{{Int(1), Int(2)}, {Int(2), Int(1)}}, rows)
}

func TestLike(t *testing.T) {
	cases := []struct {
		s, p string
		want bool
	}{
		{"abc", "a%", true}, {"abc", "A%", false}, {"abc", "_b_", true}, {"abc", "%c", true},
		{"a%c", `a\%c`, true}, {"abc", `a\%c`, false}, {"", "%", true}, {"x", "", false},
		{"ünï", "_n_", true}, {"abcabd", "%abd", true},
	}
	for _, c := range cases {
		got := likeValue(Text(c.s), Text(c.p), "")
		require.Equal(t, c.want, got.AsInt() == 1, "%q LIKE %q", c.s, c.p)
	}
	require.True(t, likeValue(Null(), Text("%"), "").IsNull())
}
