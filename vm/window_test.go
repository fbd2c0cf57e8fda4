package vm

import (
	"context"
	"errors"
	"flag"
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

var windowSeed = flag.Int64("window-seed", 0, "seed for TestWindowSlidingMatchesRecompute (0: time)")

func TestNtileBuckets(t *testing.T) {
	for _, tc := range []struct {
		n       int
		buckets int64
		want    []int64
	}{
		{n: 10, buckets: 3, want: []int64{1, 1, 1, 1, 2, 2, 2, 3, 3, 3}},
		{n: 10, buckets: 4, want: []int64{1, 1, 1, 2, 2, 2, 3, 3, 4, 4}},
		{n: 3, buckets: 5, want: []int64{1, 2, 3}},
		{n: 4, buckets: 1, want: []int64{1, 1, 1, 1}},
		{n: 6, buckets: 3, want: []int64{1, 1, 2, 2, 3, 3}},
	} {
		var got []int64
		for k := 0; k < tc.n; k++ {
			got = append(got, ntile(k, tc.n, tc.buckets))
		}
		require.Equal(t, tc.want, got, "NTILE(%d) over %d rows", tc.buckets, tc.n)
	}
}

// runWindow feeds rows (one key column, one value column) through a window
// buffer computing f over ORDER BY key and returns the results in key order.
func runWindow(t *testing.T, keys []Value, desc bool, f WindowFunc) ([]Value, error) {
	t.Helper()
	f.Out = 2
	spec := &WindowSpec{Width: 2, Sorts: []WindowSort{{Order: []int{0}, Desc: []bool{desc}, Funcs: []WindowFunc{f}}}}
	w := newWindowBuf(spec)
	for i, k := range keys {
		require.NoError(t, w.InsertKey([]Value{k, Int(int64(i + 1))}))
	}
	ok, err := w.First()
	if err != nil {
		return nil, err
	}
	var out []Value
	for ; ok; ok, err = w.Next() {
		v, err := w.Column(2)
		require.NoError(t, err)
		out = append(out, v)
	}
	require.NoError(t, err)
	return out, nil
}

func TestWindowFrames(t *testing.T) {
	ints := func(xs ...int64) []Value {
		out := make([]Value, len(xs))
		for i, x := range xs {
			out[i] = Int(x)
		}
		return out
	}
	keys := []Value{Int(1), Int(2), Int(2), Int(5), Null()}
	prec := func(n int64) FrameBound { return FrameBound{Kind: Preceding, Offset: Int(n)} }
	foll := func(n int64) FrameBound { return FrameBound{Kind: Following, Offset: Int(n)} }
	cur := FrameBound{Kind: CurrentRow}
	unbP, unbF := FrameBound{Kind: UnboundedPreceding}, FrameBound{Kind: UnboundedFollowing}
	// Sorted ascending the rows are: NULL(5), 1(1), 2(2), 2(3), 5(4).
	for _, tc := range []struct {
		name  string
		desc  bool
		frame WindowFrame
		fn    string
		want  []Value
	}{
		{name: "default frame counts peers", frame: DefaultFrame, fn: "count(*)", want: ints(1, 2, 4, 4, 5)},
		{name: "rows 1 preceding", frame: WindowFrame{Rows: true, Start: prec(1), End: cur}, fn: "count(*)", want: ints(1, 2, 2, 2, 2)},
		{name: "rows empty frame", frame: WindowFrame{Rows: true, Start: foll(3), End: foll(4)}, fn: "count(*)", want: ints(2, 1, 0, 0, 0)},
		{name: "rows reversed bounds", frame: WindowFrame{Rows: true, Start: cur, End: prec(1)}, fn: "count(*)", want: ints(0, 0, 0, 0, 0)},
		{name: "rows huge offset", frame: WindowFrame{Rows: true, Start: cur, End: foll(math.MaxInt64)}, fn: "count(*)", want: ints(5, 4, 3, 2, 1)},
		{name: "rows huge unsigned offset", frame: WindowFrame{Rows: true, Start: FrameBound{Kind: Preceding, Offset: Uint(math.MaxUint64)}, End: cur}, fn: "count(*)", want: ints(1, 2, 3, 4, 5)},
		{name: "range 1 preceding", frame: WindowFrame{Start: prec(1), End: cur}, fn: "count(*)", want: ints(1, 1, 3, 3, 1)},
		{name: "range following to end", frame: WindowFrame{Start: foll(1), End: unbF}, fn: "count(*)", want: ints(5, 3, 1, 1, 0)},
		{name: "range up to 3 preceding", frame: WindowFrame{Start: unbP, End: prec(3)}, fn: "count(*)", want: ints(1, 1, 1, 1, 4)},
		{name: "range desc", desc: true, frame: WindowFrame{Start: prec(3), End: prec(1)}, fn: "count(*)", want: ints(0, 1, 1, 2, 1)},
		{name: "range sliding sum", frame: WindowFrame{Start: prec(1), End: foll(1)}, fn: AggSum, want: ints(5, 6, 6, 6, 4)},
	} {
		f := WindowFunc{Name: tc.fn, Frame: tc.frame}
		if tc.fn == AggSum {
			f.Args = []int{1} // the row numbers 1..5
		}
		got, err := runWindow(t, keys, tc.desc, f)
		require.NoError(t, err, tc.name)
		require.Equal(t, len(tc.want), len(got), tc.name)
		for i := range got {
			require.Equal(t, tc.want[i].String(), got[i].String(), "%s: row %d", tc.name, i)
		}
	}
}

func TestWindowBadArguments(t *testing.T) {
	for _, tc := range []struct {
		fn  string
		arg Value
	}{
		{WinNtile, Int(0)},
		{WinNtile, Null()},
		{WinNtile, Float(1.5)},
		{WinLag, Int(-1)},
		{WinNthValue, Int(0)},
	} {
		f := WindowFunc{Name: tc.fn, Args: []int{1}, Frame: DefaultFrame, Out: 2}
		if tc.fn != WinNtile {
			f.Args = []int{0, 1}
		}
		spec := &WindowSpec{Width: 2, Sorts: []WindowSort{{Funcs: []WindowFunc{f}}}}
		w := newWindowBuf(spec)
		require.NoError(t, w.InsertKey([]Value{Int(1), tc.arg}))
		_, err := w.First()
		require.True(t, errors.Is(err, ErrArgs), "%s(%v): %v", tc.fn, tc.arg, err)
	}
}

// TestWindowOpcodes runs OpenWindow, IdxInsert, Window and a read loop.
func TestWindowOpcodes(t *testing.T) {
	spec := &WindowSpec{Width: 1, Sorts: []WindowSort{{Order: []int{0}, Desc: []bool{true},
		Funcs: []WindowFunc{{Name: WinRowNumber, Frame: DefaultFrame, Out: 1}}}}}
	p := &Program{Instrs: []Instr{
		{Op: OpInit, P2: 1},
		{Op: OpOpenWindow, P1: 0, P4: spec},
		{Op: OpInteger, P1: 10, P2: 1},
		{Op: OpIdxInsert, P1: 0, P2: 1, P3: 1},
		{Op: OpInteger, P1: 20, P2: 1},
		{Op: OpIdxInsert, P1: 0, P2: 1, P3: 1},
		{Op: OpWindow, P1: 0},
		{Op: OpRewind, P1: 0, P2: 12},
		{Op: OpColumn, P1: 0, P2: 0, P3: 2},
		{Op: OpColumn, P1: 0, P2: 1, P3: 3},
		{Op: OpResultRow, P1: 2, P2: 2},
		{Op: OpNext, P1: 0, P2: 8},
		{Op: OpHalt},
	}, NumRegs: 3, NumCursors: 1}
	e := NewExec(context.Background(), p, nil)
	var rows []string
	for {
		ok, err := e.Step()
		require.NoError(t, err)
		if !ok {
			break
		}
		rows = append(rows, e.Row()[0].String()+" "+e.Row()[1].String())
	}
	require.Equal(t, []string{"20 1", "10 2"}, rows)
	require.Contains(t, p.String(), "OpenWindow")
}

// TestWindowSlidingMatchesRecompute compares the moving-frame COUNT, SUM,
// AVG (rows added and subtracted), MIN and MAX (a deque) with a fresh aggregate per frame, on
// random keys, values and frames. -seed reruns one case.
func TestWindowSlidingMatchesRecompute(t *testing.T) {
	seed := time.Now().UnixNano()
	if *windowSeed != 0 {
		seed = *windowSeed
	}
	t.Logf("seed %d", seed)
	rng := rand.New(rand.NewPCG(uint64(seed), 0))
	bound := func() FrameBound {
		b := FrameBound{Kind: BoundKind(rng.IntN(5))}
		if b.Kind == Preceding || b.Kind == Following {
			b.Offset = Int(int64(rng.IntN(4)))
		}
		return b
	}
	for iter := 0; iter < 300; iter++ {
		n := rng.IntN(12)
		rows := make([][]Value, n)
		for i := range rows {
			key := Int(int64(rng.IntN(6)))
			if rng.IntN(8) == 0 {
				key = Null()
			}
			var v Value
			switch rng.IntN(6) {
			case 0:
				v = Null()
			case 1:
				v = Dec(DecimalFromInt(int64(rng.IntN(100))).Div(DecimalFromInt(4), 0))
			case 2:
				if iter%3 == 0 {
					v = Float(float64(rng.IntN(100)) / 8)
					break
				}
				fallthrough
			default:
				v = Int(int64(rng.IntN(1000) - 500))
			}
			rows[i] = []Value{key, v, Null()}
		}
		fr := WindowFrame{Rows: rng.IntN(2) == 0, Start: bound(), End: bound()}
		if fr.Start.Kind == UnboundedFollowing || fr.End.Kind == UnboundedPreceding {
			continue // refused by the compiler
		}
		name := []string{AggSum, AggAvg, AggCount, AggCountStar, AggMin, AggMax}[rng.IntN(6)]
		f := WindowFunc{Name: name, Args: []int{1}, Frame: fr, Out: 2}
		if name == AggCountStar {
			f.Args = nil
		}
		s := &WindowSort{Order: []int{0}, Desc: []bool{rng.IntN(2) == 0}, Funcs: []WindowFunc{f}}
		w := &windowBuf{spec: &WindowSpec{Width: 2, Sorts: []WindowSort{*s}}, rows: rows}
		require.NoError(t, w.compute(), "seed %d iter %d", seed, iter)
		// The reference: a fresh accumulator over each frame.
		p := &winPart{s: s}
		for _, i := range w.order {
			p.rows = append(p.rows, w.rows[i])
		}
		p.peerFrom, p.peerTo = make([]int, n), make([]int, n)
		for k := 0; k < n; {
			e := k + 1
			for e < n && orderCmp(s, p.rows[k], p.rows[e]) == 0 {
				e++
			}
			for j := k; j < e; j++ {
				p.peerFrom[j], p.peerTo[j] = k, e
			}
			k = e
		}
		for k, r := range p.rows {
			from, to, err := p.frame(fr, k)
			require.NoError(t, err)
			acc, err := NewAggregate(name, false)
			require.NoError(t, err)
			for i := from; i < to; i++ {
				var args []Value
				for _, c := range f.Args {
					args = append(args, p.rows[i][c])
				}
				require.NoError(t, acc.Step(args))
			}
			want, err := acc.Final()
			require.NoError(t, err)
			got := r[2]
			if want.Kind() == KindFloat && got.Kind() == KindFloat {
				require.InDelta(t, want.AsFloat(), got.AsFloat(), 1e-9, "seed %d iter %d row %d", seed, iter, k)
				continue
			}
			require.Equal(t, want.String(), got.String(), "seed %d iter %d row %d %s %+v", seed, iter, k, name, fr)
		}
	}
}
