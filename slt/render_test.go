package slt

import (
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestRender(t *testing.T) {
	cases := []struct {
		v    any
		typ  byte
		want string
	}{
		{nil, 'I', "NULL"},
		{nil, 'R', "NULL"},
		{nil, 'T', "NULL"},

		{int64(42), 'I', "42"},
		{int64(-7), 'I', "-7"},
		{uint64(18446744073709551615), 'I', "9223372036854775807"}, // strtoll clamps
		{float64(-3.9), 'I', "-3"},
		{float64(3.9), 'I', "3"},
		{float64(1e30), 'I', "9223372036854775807"},
		{"107.4000", 'I', "107"},
		{"-3.9", 'I', "-3"},
		{"abc", 'I', "0"},
		{"  +12abc", 'I', "12"},
		{"", 'I', "0"},
		{[]byte("55.5"), 'I', "55"},
		{"-99999999999999999999", 'I', "-9223372036854775808"},
		{true, 'I', "1"},

		{int64(2), 'R', "2.000"},
		{float64(2.5), 'R', "2.500"},
		{float64(-1) / 3, 'R', "-0.333"},
		{"3.14159", 'R', "3.142"},
		{"1e3xyz", 'R', "1000.000"},
		{"1e", 'R', "1.000"},
		{".5", 'R', "0.500"},
		{"x", 'R', "0.000"},
		{"-0.0001", 'R', "-0.000"},
		{uint64(10), 'R', "10.000"},
		{math.Inf(1), 'R', "inf"},

		{"hello world", 'T', "hello world"},
		{"", 'T', "(empty)"},
		{[]byte{}, 'T', "(empty)"},
		{"a\tb\x7fc\u00e9", 'T', "a@b@c@@"},
		{int64(-5), 'T', "-5"},
		{float64(2.5), 'T', "2.5"},
		{float64(100), 'T', "100"},
		{float64(1e20), 'T', "1e20"},
		{float64(1.5e-7), 'T', "1.5e-7"},
		{float64(1234567.5), 'T', "1234567.5"},
		{float64(0.00001), 'T', "0.00001"},
		{float64(-1e15), 'T', "-1e15"},
		{float64(123456789012345), 'T', "123456789012345"},
		{time.Date(2024, 2, 29, 13, 4, 5, 0, time.UTC), 'T', "2024-02-29 13:04:05"},
		{time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC), 'T', "2024-02-29"},
		{time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC), 'I', "2024"},
	}
	for _, c := range cases {
		assert.Equal(t, c.want, Render(c.v, c.typ), "Render(%#v, %c)", c.v, c.typ)
	}
}

func TestHash(t *testing.T) {
	// md5("1\n2\n") and md5("") computed independently (md5sum).
	assert.Equal(t, "6ddb4095eb719e2a9f0a3f95677d24e0", Hash([]string{"1", "2"}))
	assert.Equal(t, "d41d8cd98f00b204e9800998ecf8427e", Hash(nil))
	assert.Equal(t, "2 values hashing to 6ddb4095eb719e2a9f0a3f95677d24e0", hashLine([]string{"1", "2"}))
}

func TestSortValues(t *testing.T) {
	rows := []string{"b", "1", "a", "2", "a", "10", "NULL", "3"}
	sortValues(rows, 2, RowSort)
	assert.Equal(t, []string{"NULL", "3", "a", "10", "a", "2", "b", "1"}, rows, "rows sort as strings, value by value")

	vals := []string{"b", "1", "a", "2", "10"}
	sortValues(vals, 1, ValueSort)
	assert.Equal(t, []string{"1", "10", "2", "a", "b"}, vals)

	same := []string{"z", "a"}
	sortValues(same, 1, NoSort)
	assert.Equal(t, []string{"z", "a"}, same)
}
