package shell

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestSplitStatements checks (S2) on single texts.
func TestSplitStatements(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"single", "SELECT 1;", []string{"SELECT 1"}},
		{"two on a line", "SELECT 1; SELECT 2;", []string{"SELECT 1", "SELECT 2"}},
		{"missing final semicolon", "SELECT 1; SELECT 2", []string{"SELECT 1", "SELECT 2"}},
		{"multi-line", "SELECT a,\n  b\nFROM t\nWHERE x = 1;", []string{"SELECT a,\n  b\nFROM t\nWHERE x = 1"}},
		{"semicolon in single quotes", "INSERT INTO t VALUES ('a;b');", []string{"INSERT INTO t VALUES ('a;b')"}},
		{"semicolon in double quotes", `SELECT "x;y";`, []string{`SELECT "x;y"`}},
		{"semicolon in backticks", "SELECT `a;b` FROM t;", []string{"SELECT `a;b` FROM t"}},
		{"doubled quote", "SELECT 'it''s;' ;", []string{"SELECT 'it''s;'"}},
		{"backslash escaped quote", `SELECT 'a\';b';`, []string{`SELECT 'a\';b'`}},
		{"escaped backslash ends string", `SELECT 'a\\'; SELECT 2;`, []string{`SELECT 'a\\'`, "SELECT 2"}},
		{"backslash in backticks is literal", "SELECT `a\\`; SELECT 2;", []string{"SELECT `a\\`", "SELECT 2"}},
		{"dash comment", "SELECT 1 -- no; here\n;", []string{"SELECT 1 -- no; here"}},
		{"hash comment", "SELECT 1 # no; here\n, 2;", []string{"SELECT 1 # no; here\n, 2"}},
		{"double dash without space is minus", "SELECT 5--1;", []string{"SELECT 5--1"}},
		{"block comment", "SELECT /* ; */ 1;", []string{"SELECT /* ; */ 1"}},
		{"block comment multi-line", "SELECT /* a;\n b; */ 1;", []string{"SELECT /* a;\n b; */ 1"}},
		{"block comment star slash trap", "SELECT /*/ ; */ 1;", []string{"SELECT /*/ ; */ 1"}},
		{"only comments dropped", "-- hello;\n/* x; */ ;\nSELECT 1;", []string{"SELECT 1"}},
		{"leading comment kept", "-- about it\nSELECT 1;", []string{"-- about it\nSELECT 1"}},
		{"empty statements dropped", ";;  ; SELECT 1;;", []string{"SELECT 1"}},
		{"utf-8 text", "SELECT 'zürich; 東京';", []string{"SELECT 'zürich; 東京'"}},
		{"unterminated string", "SELECT 'abc; def", []string{"SELECT 'abc; def"}},
		{"division is code", "SELECT 4/2;", []string{"SELECT 4/2"}},
		{"trailing dash dash at end", "SELECT 1 --", []string{"SELECT 1 --"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, SplitStatements(tt.in))
		})
	}
}

// TestSplitterPieces (S2) feeds every text one byte at a time and in lines;
// the statements must not depend on where the input was cut.
func TestSplitterPieces(t *testing.T) {
	texts := []string{
		"SELECT 1 -- c;\n; SELECT '--;' ; /* ;* */ SELECT 5--1;",
		"INSERT INTO t VALUES ('a\\';b', \"c;\"), (`x;`);\nSELECT 4/2; # x;\nSELECT 3;",
		"SELECT 1;/**/SELECT 2;/*;*/",
	}
	for _, text := range texts {
		want := SplitStatements(text)
		var s Splitter
		var got []string
		for i := 0; i < len(text); i++ {
			got = append(got, s.Feed(text[i:i+1])...)
		}
		got = append(got, s.Finish()...)
		assert.Equal(t, want, got, "byte by byte: %q", text)

		got = nil
		for _, line := range strings.SplitAfter(text, "\n") {
			got = append(got, s.Feed(line)...)
		}
		got = append(got, s.Finish()...)
		assert.Equal(t, want, got, "line by line: %q", text)
	}
}

func TestSplitterPending(t *testing.T) {
	var s Splitter
	assert.False(t, s.Pending())
	require.Empty(t, s.Feed("-- just a comment\n"))
	assert.False(t, s.Pending(), "a comment alone is not a pending statement")
	require.Empty(t, s.Feed("SELECT 'a\n"))
	assert.True(t, s.Pending())
	require.Empty(t, s.Feed("b'\n"))
	assert.True(t, s.Pending())
	assert.Equal(t, []string{"-- just a comment\nSELECT 'a\nb'"}, s.Feed(";\n"))
	assert.False(t, s.Pending())
	require.Empty(t, s.Feed("/* open\n"))
	assert.True(t, s.Pending(), "an open block comment waits for more")
	require.Empty(t, s.Feed("*/\n"))
	assert.False(t, s.Pending())
}
