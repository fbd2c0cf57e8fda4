package shell

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestQuoteString(t *testing.T) {
	tests := map[string]string{
		"":            "''",
		"plain":       "'plain'",
		"it's":        "'it''s'",
		`back\slash`:  `'back\\slash'`,
		"two\nlines":  `'two\nlines'`,
		"cr\rnul\x00": `'cr\rnul\0'`,
		"ctrl-z\x1a":  `'ctrl-z\Z'`,
		"日本語":         "'日本語'",
	}
	for in, want := range tests {
		assert.Equal(t, want, quoteString(in), "quoteString(%q)", in)
	}
}

func TestQuoteIdent(t *testing.T) {
	assert.Equal(t, "customers", quoteIdent("customers"))
	assert.Equal(t, "a_1$", quoteIdent("a_1$"))
	assert.Equal(t, "`order`", quoteIdent("order"), "reserved word")
	assert.Equal(t, "`1abc`", quoteIdent("1abc"))
	assert.Equal(t, "`my col`", quoteIdent("my col"))
	assert.Equal(t, "`a``b`", quoteIdent("a`b"))
	assert.Equal(t, "``", quoteIdent(""))
}

func TestMakeCell(t *testing.T) {
	dec := newColumn("price", "DECIMAL")
	text := newColumn("name", "VARCHAR")
	blob := newColumn("b", "BLOB")
	datetime := newColumn("at", "DATETIME")
	date := newColumn("on", "DATE")
	tests := []struct {
		v    any
		col  column
		want cell
	}{
		{nil, text, cell{kind: kindNull}},
		{int64(-7), text, cell{kind: kindNumber, text: "-7"}},
		{1.5, text, cell{kind: kindNumber, text: "1.5"}},
		{1e20, text, cell{kind: kindNumber, text: "1e20"}},
		{1.5e-7, text, cell{kind: kindNumber, text: "1.5e-7"}},
		{[]byte("3.50"), dec, cell{kind: kindNumber, text: "3.50"}},
		{"3.50", text, cell{kind: kindText, text: "3.50"}},
		{[]byte("abc"), text, cell{kind: kindText, text: "abc"}},
		{[]byte("abc"), blob, cell{kind: kindBlob, text: "abc"}},
		{[]byte{0xff, 0xfe}, text, cell{kind: kindBlob, text: "\xff\xfe"}},
		{true, text, cell{kind: kindNumber, text: "1"}},
		{time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC), text, cell{kind: kindText, text: "2024-02-29"}},
		{time.Date(2024, 2, 29, 13, 4, 5, 0, time.UTC), text, cell{kind: kindText, text: "2024-02-29 13:04:05"}},
		{time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC), datetime, cell{kind: kindText, text: "2024-02-29 00:00:00"}},
		{time.Date(2024, 2, 29, 13, 4, 5, 250000000, time.UTC), datetime, cell{kind: kindText, text: "2024-02-29 13:04:05.25"}},
		{time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC), date, cell{kind: kindText, text: "2024-02-29"}},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, makeCell(tt.v, tt.col), "makeCell(%#v)", tt.v)
	}
}

func TestIsNumber(t *testing.T) {
	for _, s := range []string{"0", "-1", "+2", "3.25", ".5", "5.", "1e10", "1.5E-3"} {
		assert.True(t, isNumber(s), s)
	}
	for _, s := range []string{"", "-", ".", "e5", "1e", "1.2.3", "12a", " 1", "0x10"} {
		assert.False(t, isNumber(s), s)
	}
}

func TestSQLLiteral(t *testing.T) {
	assert.Equal(t, "NULL", sqlLiteral(cell{kind: kindNull}))
	assert.Equal(t, "12.5", sqlLiteral(cell{kind: kindNumber, text: "12.5"}))
	assert.Equal(t, "X'00FF10'", sqlLiteral(cell{kind: kindBlob, text: "\x00\xff\x10"}))
	assert.Equal(t, `'a''b\\c'`, sqlLiteral(cell{kind: kindText, text: `a'b\c`}))
}
