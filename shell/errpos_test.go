package shell

import (
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestPositionOf(t *testing.T) {
	structErr := fmt.Errorf("walrus: %w", &fakeError{Msg: "syntax error", Line: 2, Column: 7, Near: "FORM t"})
	p, ok := positionOf(structErr)
	require.True(t, ok)
	assert.Equal(t, errPosition{line: 2, column: 7, near: "FORM t"}, p)

	msgErr := errors.New(`You have an error in your SQL syntax; line 1 column 13 near "FORM t" `)
	p, ok = positionOf(msgErr)
	require.True(t, ok)
	assert.Equal(t, errPosition{line: 1, column: 13, near: "FORM t"}, p)

	_, ok = positionOf(errors.New("no such table: t"))
	assert.False(t, ok)
	_, ok = positionOf(&fakeError{Msg: "no position"})
	assert.False(t, ok, "Line 0 means no position")
}

func TestCaretLines(t *testing.T) {
	// Positions as the TiDB parser reports them: the column is at the end
	// of the offending token, the near text starts at it.
	tests := []struct {
		stmt      string
		p         errPosition
		text, car string
	}{
		{"SELECT * FORM t", errPosition{1, 13, "FORM t"}, "SELECT * FORM t", "         ^"},
		{"SELECT 1,\n  2 FROM t WHERE x ==", errPosition{2, 22, "="}, "  2 FROM t WHERE x ==", "                    ^"},
		{"select a frm t", errPosition{1, 14, "t"}, "select a frm t", "             ^"},
		{"\tSELECT t FROM t x", errPosition{1, 18, "x"}, "\tSELECT t FROM t x", "\t                ^"},
		{"SELECT 1 +", errPosition{1, 11, ""}, "SELECT 1 +", "          ^"},
	}
	for _, tt := range tests {
		text, car, ok := caretLines(tt.stmt, tt.p)
		require.True(t, ok, tt.stmt)
		assert.Equal(t, tt.text, text)
		assert.Equal(t, tt.car, car, "caret for %q", tt.stmt)
	}
	_, _, ok := caretLines("SELECT 1", errPosition{line: 3, column: 1})
	assert.False(t, ok, "line past the statement")
}
