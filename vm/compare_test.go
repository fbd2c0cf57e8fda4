package vm

import (
	"math"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestCompareOrderMatchesGeneral checks compareOrder's fast paths (two
// integers, two strings) and its NULL handling against the general
// comparison for every pair of a set of values of every kind, and
// compareRows's Desc handling.
func TestCompareOrderMatchesGeneral(t *testing.T) {
	dec := func(s string) Value {
		d, err := ParseDecimal(s)
		require.NoError(t, err)
		return Dec(d)
	}
	enum := Text("b")
	enum.enum = true
	vals := []Value{
		Null(), Int(math.MinInt64), Int(-1), Int(0), Int(1), Int(2), Int(math.MaxInt64),
		Uint(0), Uint(1), Uint(math.MaxUint64), Float(-1.5), Float(0), Float(1), Float(math.Inf(1)),
		dec("-1.00"), dec("1.0"), dec("1.5"), dec("99999999999999999999999"),
		Text(""), Text("1"), Text("a"), Text("ab"), Text("b"), enum, Blob([]byte("a")), Blob([]byte{0xff}),
	}
	general := func(a, b Value) int {
		switch {
		case a.IsNull() && b.IsNull():
			return 0
		case a.IsNull():
			return -1
		case b.IsNull():
			return 1
		}
		return compareNonNull(a, b)
	}
	for _, a := range vals {
		for _, b := range vals {
			want := general(a, b)
			require.Equal(t, want, compareOrder(&a, &b), "%v vs %v", a, b)
			require.Equal(t, want, CompareTotal(a, b), "%v vs %v", a, b)
			row, key := []Value{Int(7), a}, []Value{Int(7), b}
			require.Equal(t, want, compareRows(row, key, 2, nil))
			require.Equal(t, -want, compareRows(row, key, 2, []bool{false, true}), "Desc reverses")
			require.Equal(t, 0, compareRows(row, key, 1, []bool{false, true}), "only n columns")
		}
	}
}
