package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCompareSmall(t *testing.T) {
	var out, errOut bytes.Buffer
	code := run([]string{"-sizes", "small", "-repeat", "2", "-workloads", "insert,concurrent"}, &out, &errOut)
	require.Equal(t, 0, code, "stderr: %s", errOut.String())
	text := out.String()
	assert.Contains(t, text, "walrus/sqlite")
	assert.Contains(t, text, "synchronous=FULL")
	lines := 0
	for _, l := range strings.Split(text, "\n") {
		f := strings.Fields(l)
		if len(f) > 0 && (f[0] == "insert" || f[0] == "concurrent") {
			lines++
			assert.NotContains(t, l, "failed")
		}
	}
	// insert: 1 unit x 2 runs; concurrent: reads and commits x 2 runs.
	assert.Equal(t, 6, lines, "table:\n%s", text)
}

func TestCompareRejectsUnknown(t *testing.T) {
	var out, errOut bytes.Buffer
	assert.Equal(t, 2, run([]string{"-workloads", "nope"}, &out, &errOut))
	assert.Contains(t, errOut.String(), "nope")
	assert.Equal(t, 2, run([]string{"-engines", "walrus,oracle"}, &out, &errOut))
}

func TestCompareSLT(t *testing.T) {
	if _, err := corpusDir(); err != nil {
		t.Skip("no sqllogictest corpus:", err)
	}
	var out, errOut bytes.Buffer
	code := run([]string{"-sizes", "small", "-engines", "walrus,sqlite", "-workloads", "commit-off",
		"-slt", "-slt-files", "select1.test"}, &out, &errOut)
	require.Equal(t, 0, code, "stderr: %s", errOut.String())
	assert.Regexp(t, `select1.test +walrus +mysql +1031 +1031 +0 `, out.String())
	assert.Regexp(t, `select1.test +sqlite +sqlite +1031 +1031 +0 `, out.String())
	assert.Contains(t, out.String(), "sqllogictest total: walrus")
}
