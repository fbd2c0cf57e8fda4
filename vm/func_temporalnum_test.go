package vm

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestTemporalNumber(t *testing.T) {
	tests := []struct {
		in   Value
		want string
	}{
		{Text("2024-01-02"), "20240102"},
		{Text("2024-01-02 03:04:05"), "20240102030405"},
		{Text("2024-01-02 03:04:05.250"), "20240102030405.250"},
		{Text("03:04:05"), "30405"},
		{Text("-838:59:59"), "-8385959"},
		{Text("-00:00:01.5"), "-1.5"},
		{Null(), "NULL"},
		{Int(7), "7"},
		{Text("abc"), "abc"}, // not a date: unchanged, the ordinary text rule applies
		{Text("2024-01-x"), "2024-01-x"},
		{Text(""), ""},
	}
	for _, tt := range tests {
		got := TemporalNumber(tt.in)
		assert.Equal(t, tt.want, got.String(), "%v", tt.in)
	}
	assert.Equal(t, KindInt, TemporalNumber(Text("2024-01-02")).Kind())
	assert.Equal(t, KindDecimal, TemporalNumber(Text("10:00:00.5")).Kind())
}
