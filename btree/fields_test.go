package btree

import (
	"math"
	"testing"

	"github.com/stretchr/testify/require"
)

// FuzzAppendFields: reading a header with HeaderReader.AppendFields in steps of any size
// gives the Fields ParseFields gives and the same corruption errors (B8),
// and Field.Int, Float and Bytes agree with Field.Decode.
func FuzzAppendFields(f *testing.F) {
	f.Add(AppendRecord(nil, []Value{{Type: Null}, {Type: Integer, Int: 1}, {Type: Float, Float: 2.5}, {Type: Text, Bytes: []byte("x")}, {Type: Blob, Bytes: []byte{1}}}), uint8(1))
	f.Add(AppendRecord(nil, []Value{{Type: Integer, Int: math.MinInt64}, {Type: Integer, Int: -300}, {Type: Integer, Int: 1 << 40}, {Type: Integer, Int: 0}}), uint8(0))
	f.Add(AppendRecord(nil, []Value{{Type: Text, Bytes: make([]byte, 200)}, {Type: Integer, Int: -1}}), uint8(3))
	f.Add([]byte{2, 10}, uint8(0))
	f.Add([]byte{3, 0x81, 0x00, 1}, uint8(2))
	f.Add([]byte{3, 0xff, 0xff}, uint8(2))
	f.Add([]byte{}, uint8(0))
	f.Fuzz(func(t *testing.T, b []byte, step uint8) {
		want, werr := ParseFields(b, nil)
		var r HeaderReader
		if err := r.Reset(b); err != nil {
			require.ErrorIs(t, err, ErrCorrupt)
			require.Error(t, werr)
			return
		}
		var got []Field
		var err error
		for done := false; !done && err == nil; {
			got, done, err = r.AppendFields(b, got, len(got)+int(step))
		}
		if werr != nil {
			require.ErrorIs(t, err, ErrCorrupt, "AppendFields must reject what ParseFields rejects")
		} else {
			require.NoError(t, err)
		}
		require.Equal(t, want, got)
		for _, fl := range got {
			v := fl.Decode(b)
			switch fl.Type() {
			case Integer:
				require.Equal(t, v.Int, fl.Int(b))
			case Float:
				require.Equal(t, math.Float64bits(v.Float), math.Float64bits(fl.Float(b)))
			case Text, Blob:
				require.Equal(t, v.Bytes, fl.Bytes(b))
			}
		}
	})
}

// TestAppendFieldsStopsAtColumn checks that AppendFields reads the header
// only as far as the column asked for, and on from there the next time.
func TestAppendFieldsStopsAtColumn(t *testing.T) {
	rec := AppendRecord(nil, []Value{{Type: Integer, Int: 5}, {Type: Text, Bytes: []byte("abc")}, {Type: Float, Float: 1.5}, {Type: Null}})
	var r HeaderReader
	require.NoError(t, r.Reset(rec))
	fs, done, err := r.AppendFields(rec, nil, 1)
	require.NoError(t, err)
	require.False(t, done)
	require.Len(t, fs, 2)
	require.Equal(t, int64(5), fs[0].Int(rec))
	require.Equal(t, "abc", string(fs[1].Bytes(rec)))
	fs, done, err = r.AppendFields(rec, fs, 1) // already there: reads nothing
	require.NoError(t, err)
	require.False(t, done)
	require.Len(t, fs, 2)
	fs, done, err = r.AppendFields(rec, fs, 10)
	require.NoError(t, err)
	require.True(t, done)
	require.Len(t, fs, 4)
	require.Equal(t, 1.5, fs[2].Float(rec))
	require.Equal(t, Null, fs[3].Type())
	_, _, err = r.AppendFields(rec[:2], fs, 10)
	require.ErrorIs(t, err, ErrMisuse, "a shorter record than Reset saw")
}

// TestFieldIntEverySize reads back integers of every serial type (8 and 9
// for 0 and 1, 1 to 6 for the sizes 1, 2, 3, 4, 6, 8) at their bounds.
func TestFieldIntEverySize(t *testing.T) {
	var vals []int64
	for _, bits := range []uint{8, 16, 24, 32, 48, 64} {
		lo, hi := int64(-1)<<(bits-1), int64(uint64(1)<<(bits-1)-1)
		vals = append(vals, lo, lo+1, hi, hi-1, -1, 0, 1, 2)
	}
	for _, v := range vals {
		rec := AppendRecord(nil, []Value{{Type: Integer, Int: v}})
		fs, err := ParseFields(rec, nil)
		require.NoError(t, err)
		require.Len(t, fs, 1)
		require.Equal(t, v, fs[0].Int(rec), "serial type %d", fs[0].serial)
		require.Equal(t, v, fs[0].Decode(rec).Int)
	}
}

// compareRecordRef is CompareRecord as it was before its integer fast
// path: every column decoded to a Value and compared with CompareValues.
func compareRecordRef(a []Value, rec []byte, ki *KeyInfo) (int, error) {
	var rd recordReader
	if err := rd.init(rec); err != nil {
		return 0, err
	}
	var v Value
	for i := range a {
		ok, err := rd.next(&v)
		if err != nil {
			return 0, err
		}
		if !ok {
			return 0, nil
		}
		if c := CompareValues(&a[i], &v); c != 0 {
			if ki.desc(i) {
				return -c, nil
			}
			return c, nil
		}
	}
	return 0, nil
}

// FuzzCompareRecord: CompareRecord gives the reference's answer and errors
// on any key and any bytes (B8, B9).
func FuzzCompareRecord(f *testing.F) {
	ints := AppendRecord(nil, []Value{{Type: Integer, Int: 5}, {Type: Integer, Int: -70000}, {Type: Integer, Int: 1 << 50}})
	mixed := AppendRecord(nil, []Value{{Type: Integer, Int: 1}, {Type: Float, Float: 1.5}, {Type: Text, Bytes: []byte("k")}, {Type: Null}})
	f.Add(ints, ints, false)
	f.Add(ints, mixed, true)
	f.Add(mixed, ints, false)
	f.Add(mixed, mixed, true)
	f.Add(ints, []byte{3, 1, 0x81}, false)
	f.Add(mixed, []byte{2, 10}, false)
	f.Fuzz(func(t *testing.T, key, rec []byte, desc bool) {
		a, err := DecodeRecord(key, nil)
		if err != nil {
			return
		}
		ki := &KeyInfo{Desc: []bool{desc, !desc}}
		want, werr := compareRecordRef(a, rec, ki)
		got, err := CompareRecord(a, rec, ki)
		if werr != nil {
			require.ErrorIs(t, err, ErrCorrupt)
			return
		}
		require.NoError(t, err)
		require.Equal(t, want, got)
	})
}

// BenchmarkCompareRecord compares a two-integer key with index records of
// (integer, integer, rowid), as an index seek's binary search does.
func BenchmarkCompareRecord(b *testing.B) {
	key := []Value{{Type: Integer, Int: 500}, {Type: Integer, Int: 7}}
	var recs [][]byte
	for i := range 64 {
		recs = append(recs, AppendRecord(nil, []Value{{Type: Integer, Int: int64(i * 16)}, {Type: Integer, Int: int64(i % 9)}, {Type: Integer, Int: int64(i)}}))
	}
	for name, cmp := range map[string]func([]Value, []byte, *KeyInfo) (int, error){"ref": compareRecordRef, "fast": CompareRecord} {
		b.Run(name, func(b *testing.B) {
			for i := range b.N {
				if _, err := cmp(key, recs[i&63], nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
