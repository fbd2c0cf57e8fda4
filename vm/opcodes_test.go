package vm

import (
	"os"
	"regexp"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestOpcodeDefinitions checks lesson 13's single definition site: every
// opcode has a name, an "Opcode:" doc line in opcodes.go and a case in the
// interpreter.
func TestOpcodeDefinitions(t *testing.T) {
	defs, err := os.ReadFile("opcodes.go")
	require.NoError(t, err)
	exec, err := os.ReadFile("exec.go")
	require.NoError(t, err)
	for op := Opcode(0); op < numOpcodes; op++ {
		name := op.String()
		require.NotEqual(t, "Opcode?", name, "opcode %d has no name", op)
		require.Regexp(t, regexp.MustCompile(`// Opcode: `+name+` `), string(defs), "opcode %s has no doc line", name)
		require.Regexp(t, regexp.MustCompile(`case (.*, )?Op`+name+`[,:]`), string(exec), "opcode %s has no case", name)
	}
}

func TestExplainRendering(t *testing.T) {
	p := &Program{Instrs: []Instr{
		{Op: OpInit, P2: 1},
		{Op: OpValue, P2: 1, P4: Text("hi"), Comment: "greeting"},
		{Op: OpResultRow, P1: 1, P2: 1},
		{Op: OpHalt},
	}, NumRegs: 1}
	rows := p.Explain()
	require.Len(t, rows, 4)
	require.Equal(t, []string{"1", "Value", "0", "1", "0", `"hi"`, "0", "greeting"}, rows[1])
	require.Len(t, ExplainColumns, len(rows[0]))
}
