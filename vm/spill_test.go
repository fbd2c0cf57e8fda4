package vm

import (
	"bytes"
	"flag"
	"math/rand"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

var spillSeed = flag.Int64("spill-seed", 1, "seed of the spill encoding tests")

// randOrderValue returns a value of one of the classes a typed column
// holds: numbers of every kind (with equal values across kinds), strings
// with NUL bytes and shared prefixes, NULL.
func randOrderValue(rng *rand.Rand, strs bool) Value {
	if rng.Intn(10) == 0 {
		return Null()
	}
	if strs {
		var b strings.Builder
		for i := rng.Intn(4); i > 0; i-- {
			b.WriteByte("a\x00b\xff"[rng.Intn(4)])
		}
		if rng.Intn(2) == 0 {
			return Text(b.String())
		}
		return Blob([]byte(b.String()))
	}
	n := rng.Int63n(2001) - 1000
	switch rng.Intn(6) {
	case 0:
		return Int(n)
	case 1:
		return Uint(uint64(rng.Int63n(1000)))
	case 2:
		return Float(float64(n) / 8)
	case 3:
		return Dec(NewDecimal(n, rng.Intn(4)))
	case 4:
		d, err := ParseDecimal("123456789012345678901234567890.5")
		if err != nil {
			panic(err)
		}
		if n < 0 {
			d, _ = ParseDecimal("-123456789012345678901234567890.5")
		}
		return Dec(d)
	}
	return []Value{Int(-9223372036854775808), Int(9223372036854775807), Uint(18446744073709551615), Float(1e300), Float(-1e-300), Int(0), Float(0)}[rng.Intn(7)]
}

// TestOrderKeyMatchesCompare checks that the spilled sort key orders two
// values of one class as the in-memory tree does (compareValuesOrder),
// ascending and descending.
func TestOrderKeyMatchesCompare(t *testing.T) {
	rng := rand.New(rand.NewSource(*spillSeed))
	t.Logf("seed %d", *spillSeed)
	sign := func(c int) int {
		switch {
		case c < 0:
			return -1
		case c > 0:
			return 1
		}
		return 0
	}
	for i := 0; i < 20000; i++ {
		strs := rng.Intn(2) == 0
		a, b := randOrderValue(rng, strs), randOrderValue(rng, strs)
		want := sign(compareValuesOrder(a, b))
		ka, kb := appendOrderKey(nil, a, false), appendOrderKey(nil, b, false)
		require.Equal(t, want, bytes.Compare(ka, kb), "%v vs %v: % x vs % x", a, b, ka, kb)
		da, db := appendOrderKey(nil, a, true), appendOrderKey(nil, b, true)
		require.Equal(t, -want, bytes.Compare(da, db), "desc %v vs %v", a, b)
		for _, k := range [][]byte{ka, da} {
			require.NotEqual(t, byte(0x01), k[0])
			require.NotEqual(t, byte(0xFF), k[0])
		}
	}
}

// TestEncodeRowRoundTrip checks that spilled rows come back as they went
// in, kinds and all.
func TestEncodeRowRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewSource(*spillSeed))
	for i := 0; i < 2000; i++ {
		row := make([]Value, rng.Intn(5))
		for j := range row {
			row[j] = randOrderValue(rng, rng.Intn(2) == 0)
		}
		got, err := decodeRow(encodeRow(nil, row), nil)
		require.NoError(t, err)
		require.Equal(t, len(row), len(got))
		for j := range row {
			require.Equal(t, row[j].Kind(), got[j].Kind())
			require.Equal(t, row[j].String(), got[j].String())
		}
	}
	_, err := decodeRow([]byte{3, byte(KindText), 200}, nil)
	require.Error(t, err, "a truncated row is an error")
}
