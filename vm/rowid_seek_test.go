package vm

import (
	"math"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestRowidBound checks where a rowid range seek lands for bounds of each
// kind, at the ends of the int64 range and between integers.
func TestRowidBound(t *testing.T) {
	dec := func(s string) Value {
		d, err := ParseDecimal(s)
		require.NoError(t, err)
		return Dec(d)
	}
	cases := []struct {
		op    SeekOp
		v     Value
		rowid int64
		ge    bool
		ok    bool
	}{
		{SeekGE, Int(5), 5, true, true},
		{SeekGT, Int(5), 6, true, true},
		{SeekLE, Int(5), 5, false, true},
		{SeekLT, Int(5), 4, false, true},
		{SeekGT, Int(math.MaxInt64), 0, true, false},
		{SeekLT, Int(math.MinInt64), 0, false, false},
		{SeekGE, Uint(math.MaxUint64), math.MaxInt64, true, false},
		{SeekLE, Uint(math.MaxUint64), math.MaxInt64, false, true},
		{SeekGE, Float(2.5), 2, true, true}, // widened: the term is still tested
		{SeekLT, Float(6.5), 7, false, true},
		{SeekGE, Float(-1e30), math.MinInt64, true, true},
		{SeekLE, Float(-1e30), math.MinInt64, false, false},
		{SeekGE, Float(1e30), math.MaxInt64, true, false},
		{SeekGT, dec("3.000"), 3, true, true},
		{SeekLE, dec("-0.5"), 0, false, true},
		{SeekGE, Null(), 0, true, false},
	}
	for _, tc := range cases {
		rowid, ge, ok := rowidBound(tc.op, tc.v)
		require.Equal(t, tc.ok, ok, "%d %v", tc.op, tc.v)
		require.Equal(t, tc.ge, ge, "%d %v", tc.op, tc.v)
		if ok {
			require.Equal(t, tc.rowid, rowid, "%d %v", tc.op, tc.v)
		}
	}
}
