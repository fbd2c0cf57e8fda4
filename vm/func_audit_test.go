package vm

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// uuidTime returns the 60-bit timestamp of a version 1 UUID's text.
func uuidTime(t *testing.T, s string) uint64 {
	t.Helper()
	p := strings.Split(s, "-")
	require.Len(t, p, 5, s)
	hi, err := strconv.ParseUint(p[2][1:]+p[1]+p[0], 16, 64)
	require.NoError(t, err, s)
	return hi
}

// TestUUIDVersion1: UUID() is version 1 as in MySQL (time-based, so
// values from one process sort by creation time in their time fields),
// with the RFC 4122 variant and no repeats.
func TestUUIDVersion1(t *testing.T) {
	u, ok := LookupFunc("uuid")
	require.True(t, ok)
	seen := map[string]bool{}
	var last uint64
	for range 1000 {
		v, err := u.Fn(nil)
		require.NoError(t, err)
		s := v.AsString()
		require.Len(t, s, 36)
		assert.Equal(t, byte('1'), s[14], "version: %s", s)
		assert.Contains(t, "89ab", string(s[19]), "variant: %s", s)
		assert.False(t, seen[s], "repeat %s", s)
		seen[s] = true
		ts := uuidTime(t, s)
		assert.Greater(t, ts, last, "timestamps increase")
		last = ts
	}
	// The timestamp is now, in 100 ns units since 1582-10-15.
	now := uint64(time.Now().UnixNano()/100) + 122192928000000000
	assert.InDelta(t, float64(now), float64(last), 1e8, "within 10 s of now")
}

// TestFromUnixtime checks FROM_UNIXTIME's fraction digits, limits and
// format argument in the local time zone.
func TestFromUnixtime(t *testing.T) {
	f, ok := LookupFunc("from_unixtime")
	require.True(t, ok)
	local := func(secs int64) string { return time.Unix(secs, 0).Format("2006-01-02 15:04:05") }
	dec := func(s string) Value {
		d, err := ParseDecimal(s)
		require.NoError(t, err)
		return Dec(d)
	}
	cases := []struct {
		args []Value
		want Value
	}{
		{[]Value{Int(1447430881)}, Text(local(1447430881))},
		{[]Value{Int(0)}, Text(local(0))},
		{[]Value{dec("1447430881.5")}, Text(local(1447430881) + ".5")},
		{[]Value{dec("1447430881.123456")}, Text(local(1447430881) + ".123456")},
		{[]Value{dec("1447430881.9999999")}, Text(local(1447430882) + ".000000")},
		{[]Value{Text("1447430881")}, Text(local(1447430881) + ".000000")},
		{[]Value{Float(0.25)}, Text(local(0) + ".250000")},
		{[]Value{Int(-1)}, Null()},
		{[]Value{dec("-0.5")}, Null()},
		{[]Value{Int(maxUnixtime)}, Text(local(maxUnixtime))},
		{[]Value{Int(maxUnixtime + 1)}, Null()},
		{[]Value{Uint(1 << 63)}, Null()},
		{[]Value{Null()}, Null()},
		{[]Value{Int(1447430881), Text("%Y %j")}, Text(time.Unix(1447430881, 0).Format("2006 002"))},
		{[]Value{Int(1447430881), Null()}, Null()},
	}
	for _, tc := range cases {
		got, err := f.Fn(tc.args)
		require.NoError(t, err)
		assert.Equal(t, tc.want, got, "%v", tc.args)
	}
	require.Error(t, f.CheckArgs(0))
	require.Error(t, f.CheckArgs(3))
}

// TestJSONFormatAndPaths covers the number printing and path parsing
// behind JSON_EXTRACT (sql/testdata/json.txt has the SQL-level cases).
func TestJSONFormatAndPaths(t *testing.T) {
	for in, want := range map[string]string{
		"1": "1", "-9223372036854775808": "-9223372036854775808", "18446744073709551615": "18446744073709551615",
		"18446744073709551616": "1.8446744073709552e19", "1e2": "100.0", "0.5": "0.5", "-0.0": "-0.0",
		"1e-7": "1e-7", "123456789012345678901234": "1.2345678901234569e23", "1e300": "1e300", "2.50": "2.5",
	} {
		assert.Equal(t, want, formatJSONNumber(in), in)
	}
	for _, bad := range []string{"", "a", "$.", "$[", "$[x]", "$[-1]", "$.1a", "$**", "$[last+1]", `$."a`, "$ x"} {
		_, _, err := parseJSONPath(bad)
		assert.ErrorIs(t, err, ErrArgs, "%q", bad)
	}
	legs, wild, err := parseJSONPath(` $ . a [ last - 2 ] ."b c"[*]`)
	require.NoError(t, err)
	assert.True(t, wild)
	assert.Equal(t, []jsonLeg{{kind: '.', key: "a"}, {kind: '[', index: 2, last: true}, {kind: '.', key: "b c"}, {kind: '#'}}, legs)

	// The mask marks JSON-typed arguments, embedded instead of quoted.
	v, err := JSONArray.Fn([]Value{Text("01"), Text("[1]"), Text("[1]")})
	require.NoError(t, err)
	assert.Equal(t, `["[1]", [1]]`, v.AsString())
	_, err = JSONArray.Fn([]Value{Text("1"), Text("{bad")})
	assert.ErrorIs(t, err, ErrArgs)
}
