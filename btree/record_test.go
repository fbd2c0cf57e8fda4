package btree

import (
	"math"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestSerialTypes: integers use the smallest serial type, 8 and 9 for 0 and
// 1 (B9); every value round-trips.
func TestSerialTypes(t *testing.T) {
	for _, tc := range []struct {
		v      Value
		serial uint64
		size   int
	}{
		{Value{Type: Null}, 0, 0},
		{Value{Type: Integer, Int: 0}, 8, 0},
		{Value{Type: Integer, Int: 1}, 9, 0},
		{Value{Type: Integer, Int: 2}, 1, 1},
		{Value{Type: Integer, Int: -1}, 1, 1},
		{Value{Type: Integer, Int: 127}, 1, 1},
		{Value{Type: Integer, Int: -128}, 1, 1},
		{Value{Type: Integer, Int: 128}, 2, 2},
		{Value{Type: Integer, Int: -32769}, 3, 3},
		{Value{Type: Integer, Int: 1<<23 - 1}, 3, 3},
		{Value{Type: Integer, Int: 1 << 23}, 4, 4},
		{Value{Type: Integer, Int: math.MaxInt32 + 1}, 5, 6},
		{Value{Type: Integer, Int: -1 << 47}, 5, 6},
		{Value{Type: Integer, Int: 1 << 47}, 6, 8},
		{Value{Type: Integer, Int: math.MinInt64}, 6, 8},
		{Value{Type: Float, Float: -0.5}, 7, 8},
		{Value{Type: Text, Bytes: []byte("héllo")}, 13 + 2*6, 6},
		{Value{Type: Text, Bytes: []byte{}}, 13, 0},
		{Value{Type: Blob, Bytes: []byte{0, 1, 2}}, 12 + 2*3, 3},
	} {
		st, size := serialType(&tc.v)
		require.Equal(t, tc.serial, st, "%+v", tc.v)
		require.Equal(t, tc.size, size)
		rec := AppendRecord(nil, []Value{tc.v})
		require.Equal(t, []byte{byte(1 + varintLen(st))}, rec[:1])
		got, err := DecodeRecord(rec, nil)
		require.NoError(t, err)
		require.Len(t, got, 1)
		require.Equal(t, 0, CompareValues(&tc.v, &got[0]))
		require.Equal(t, tc.v.Type, got[0].Type)
	}
}

// TestRecordHeaderSize: a header longer than 127 bytes takes a 2-byte size
// varint that counts itself.
func TestRecordHeaderSize(t *testing.T) {
	for _, n := range []int{125, 126, 127, 128, 200, 20000} {
		vals := make([]Value, n)
		for i := range vals {
			vals[i] = Value{Type: Integer, Int: int64(i)}
		}
		rec := AppendRecord(nil, vals)
		hs, k := getVarint(rec)
		require.Equal(t, k, varintLen(hs))
		got, err := DecodeRecord(rec, nil)
		require.NoError(t, err)
		require.Len(t, got, n)
		for i := range got {
			require.EqualValues(t, i, got[i].Int)
		}
	}
	// Appending to a non-empty buffer keeps its prefix.
	rec := AppendRecord([]byte("xy"), []Value{{Type: Integer, Int: 5}})
	require.Equal(t, []byte{'x', 'y', 2, 1, 5}, rec)
}

// TestCompareValues: NULL < numbers (exact int/float comparison) < text <
// blob (B9).
func TestCompareValues(t *testing.T) {
	i := func(v int64) Value { return Value{Type: Integer, Int: v} }
	f := func(v float64) Value { return Value{Type: Float, Float: v} }
	s := func(v string) Value { return Value{Type: Text, Bytes: []byte(v)} }
	b := func(v string) Value { return Value{Type: Blob, Bytes: []byte(v)} }
	null := Value{Type: Null}
	ordered := []Value{
		null, f(math.Inf(-1)), i(math.MinInt64), f(-1e18), i(-1), f(-0.5), i(0), f(0.5), i(1), f(1.5),
		i(1 << 53), f(1<<53 + 2), i(math.MaxInt64), f(9223372036854775808.0), f(math.Inf(1)),
		s(""), s("A"), s("a"), s("ab"), s("b"), b(""), b("\x00"), b("a"),
	}
	for x := range ordered {
		for y := range ordered {
			want := 0
			if x < y {
				want = -1
			} else if x > y {
				want = 1
			}
			require.Equal(t, want, CompareValues(&ordered[x], &ordered[y]), "%d vs %d", x, y)
		}
	}
	require.Equal(t, 0, CompareValues(&Value{Type: Integer, Int: 3}, &Value{Type: Float, Float: 3}))
	// 2^63-1 is below the double 2^63 although float64(2^63-1) == 2^63.
	require.Equal(t, -1, compareIntFloat(math.MaxInt64, 9223372036854775807.0))
}

// TestCompareRecordPrefix: a key compares with the leading columns of a
// record; Desc reverses a column.
func TestCompareRecordPrefix(t *testing.T) {
	rec := AppendRecord(nil, []Value{{Type: Integer, Int: 5}, {Type: Text, Bytes: []byte("m")}, {Type: Integer, Int: 9}})
	for _, tc := range []struct {
		key  []Value
		ki   *KeyInfo
		want int
	}{
		{[]Value{{Type: Integer, Int: 5}}, nil, 0},
		{[]Value{{Type: Integer, Int: 4}}, nil, -1},
		{[]Value{{Type: Float, Float: 5.5}}, nil, 1},
		{[]Value{{Type: Integer, Int: 5}, {Type: Text, Bytes: []byte("a")}}, nil, -1},
		{[]Value{{Type: Integer, Int: 5}, {Type: Text, Bytes: []byte("a")}}, &KeyInfo{Desc: []bool{false, true}}, 1},
		{[]Value{{Type: Integer, Int: 4}}, &KeyInfo{Desc: []bool{true}}, 1},
		{[]Value{{Type: Integer, Int: 5}, {Type: Text, Bytes: []byte("m")}, {Type: Integer, Int: 9}, {Type: Null}}, nil, 0},
		{[]Value{{Type: Null}}, nil, -1},
	} {
		got, err := CompareRecord(tc.key, rec, tc.ki)
		require.NoError(t, err)
		require.Equal(t, tc.want, got, "%+v", tc.key)
	}
	_, err := CompareRecord([]Value{{Type: Null}}, []byte{5, 1}, nil)
	require.ErrorIs(t, err, ErrCorrupt)
}

// TestVarint covers each encoded length, including the 9-byte form.
func TestVarint(t *testing.T) {
	for _, v := range []uint64{0, 0x7f, 0x80, 0x3fff, 0x4000, 1<<21 - 1, 1 << 21, 1<<56 - 1, 1 << 56, math.MaxUint64} {
		b := appendVarint(nil, v)
		require.Len(t, b, varintLen(v))
		got, n := getVarint(b)
		require.Equal(t, v, got)
		require.Equal(t, len(b), n)
		_, n = getVarint(b[:len(b)-1])
		require.Zero(t, n, "truncated varint of %d", v)
	}
	require.Equal(t, []byte{0x81, 0x00}, appendVarint(nil, 128))
}

// TestLocalPayload checks the fileformat2 worked example (U=4096).
func TestLocalPayload(t *testing.T) {
	u := 4096
	require.Equal(t, 4061, maxLocal(u, true))
	require.Equal(t, 1002, maxLocal(u, false))
	require.Equal(t, 489, minLocal(u))
	require.Equal(t, 4061, localPayload(4061, u, 4061, 489))
	// P = 5000: K = 489 + (5000-489) % 4092 = 908 <= X.
	require.Equal(t, 908, localPayload(5000, u, 4061, 489))
	// Index, P = 1500: K = 489 + 1011 = 1500 > 1002, so M.
	require.Equal(t, 489, localPayload(1500, u, 1002, 489))
}
