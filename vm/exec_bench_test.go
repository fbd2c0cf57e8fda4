package vm

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/walrusdb/walrus/btree"
)

// scanFixture builds a table of n rows (i%1000, i%400, i%7) and a program
// that scans it and counts the rows with a > 500 AND b < 200 AND c <> 3:
// the shape of a filtered table scan the compiler emits, so the cost per
// row is the interpreter loop's. It returns the expected count.
func scanFixture(tb testing.TB, n int) (*Program, *Env, int64) {
	f := btTestFile(tb)
	root, err := f.CreateTree(btree.TableTree)
	require.NoError(tb, err)
	spec := &TreeSpec{Name: "t", Root: root, Types: []ColType{{Base: BaseBigInt}, {Base: BaseBigInt}, {Base: BaseBigInt}}}
	st := BtreeStorage{File: f}
	w, err := st.OpenCursor(spec, true)
	require.NoError(tb, err)
	var want int64
	for i := 1; i <= n; i++ {
		a, b, c := int64(i%1000), int64(i%400), int64(i%7)
		require.NoError(tb, w.Insert(int64(i), []Value{Int(a), Int(b), Int(c)}))
		if a > 500 && b < 200 && c != 3 {
			want++
		}
	}
	require.NoError(tb, w.Close())
	p := &Program{NumRegs: 11, NumCursors: 1, Instrs: []Instr{
		{Op: OpInit, P2: 1},
		{Op: OpInteger, P1: 0, P2: 11},
		{Op: OpOpenRead, P1: 0, P4: spec},
		{Op: OpRewind, P1: 0, P2: 18},
		{Op: OpColumn, P1: 0, P2: 0, P3: 1}, // 4: loop body
		{Op: OpInteger, P1: 500, P2: 2},
		{Op: OpGt, P1: 1, P2: 2, P3: 3},
		{Op: OpColumn, P1: 0, P2: 1, P3: 4},
		{Op: OpInteger, P1: 200, P2: 5},
		{Op: OpLt, P1: 4, P2: 5, P3: 6},
		{Op: OpAnd, P1: 3, P2: 6, P3: 7},
		{Op: OpColumn, P1: 0, P2: 2, P3: 8},
		{Op: OpInteger, P1: 3, P2: 9},
		{Op: OpNe, P1: 8, P2: 9, P3: 10},
		{Op: OpAnd, P1: 7, P2: 10, P3: 7},
		{Op: OpIfNot, P1: 7, P2: 17, P3: 1},
		{Op: OpAddImm, P1: 11, P2: 1},
		{Op: OpNext, P1: 0, P2: 4}, // 17
		{Op: OpResultRow, P1: 11, P2: 1},
		{Op: OpHalt},
	}}
	return p, &Env{Storage: st}, want
}

// runCount runs a scanFixture program and returns its one result.
func runCount(tb testing.TB, p *Program, env *Env) int64 {
	e := NewExec(context.Background(), p, env)
	defer e.Close()
	ok, err := e.Step()
	require.NoError(tb, err)
	require.True(tb, ok)
	n := e.Row()[0].AsInt()
	ok, err = e.Step()
	require.NoError(tb, err)
	require.False(tb, ok)
	return n
}

func TestScanFilterCounts(t *testing.T) {
	p, env, want := scanFixture(t, 2000)
	require.Positive(t, want)
	require.Equal(t, want, runCount(t, p, env))
}

// BenchmarkScanFilter reports the interpreter's cost per scanned row
// (ns/row) of a 10,000-row scan with a three-term filter.
func BenchmarkScanFilter(b *testing.B) {
	const rows = 10000
	p, env, want := scanFixture(b, rows)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if runCount(b, p, env) != want {
			b.Fatal("wrong count")
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*rows), "ns/row")
}
