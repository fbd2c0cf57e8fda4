package shell

import (
	"bufio"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestExplainIndentsLoops(t *testing.T) {
	cols := []column{{name: "addr"}, {name: "opcode"}, {name: "p1"}, {name: "p2"}, {name: "comment"}}
	prog := [][]string{
		{"0", "Init", "0", "4", ""},
		{"1", "Rewind", "0", "3", ""},
		{"2", "ResultRow", "1", "1", "output"},
		{"3", "Next", "0", "2", ""},
		{"4", "Halt", "0", "0", ""},
	}
	var b strings.Builder
	f := &explainFormatter{w: newBufWriter(&b), next: newFormatter(ModeList, &b, formatOptions{})}
	require.NoError(t, f.Begin(cols))
	for _, r := range prog {
		cells := make([]cell, len(r))
		for i, v := range r {
			cells[i] = cell{kind: kindText, text: v}
		}
		require.NoError(t, f.Row(cells))
	}
	require.NoError(t, f.End())
	assert.Equal(t, `addr  opcode       p1  p2  comment
----  -----------  --  --  -------
0     Init         0   4
1     Rewind       0   3
2       ResultRow  1   1   output
3     Next         0   2
4     Halt         0   0
`, b.String())
}

func TestExplainOtherColumnsPassThrough(t *testing.T) {
	var b strings.Builder
	f := &explainFormatter{w: newBufWriter(&b), next: newFormatter(ModeList, &b, formatOptions{headers: true})}
	require.NoError(t, f.Begin([]column{{name: "id"}, {name: "detail"}}))
	require.NoError(t, f.Row([]cell{{kind: kindText, text: "1"}, {kind: kindText, text: "SCAN t"}}))
	require.NoError(t, f.End())
	assert.Equal(t, "id|detail\n1|SCAN t\n", b.String())
}

func newBufWriter(w *strings.Builder) *bufio.Writer { return bufio.NewWriter(w) }
