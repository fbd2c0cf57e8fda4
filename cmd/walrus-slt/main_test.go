package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCorpusDir(t *testing.T) {
	d, err := corpusDir("/some/where")
	require.NoError(t, err)
	assert.Equal(t, "/some/where", d)

	t.Setenv("WALRUS_SLT_CORPUS", "/from/env")
	d, err = corpusDir("")
	require.NoError(t, err)
	assert.Equal(t, "/from/env", d)

	t.Setenv("WALRUS_SLT_CORPUS", "")
	d, err = corpusDir("")
	require.NoError(t, err)
	want, err := filepath.Abs(filepath.Join("..", "..", "..", "shared", "sqllogictest"))
	require.NoError(t, err)
	assert.Equal(t, want, filepath.Clean(d), "../shared/sqllogictest beside the repository root")
}

func TestRunScripts(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "sub"), 0o755))
	pass := "statement ok\nCREATE TABLE t(a INTEGER)\n\nstatement ok\nINSERT INTO t VALUES(1)\n\nquery I nosort\nSELECT a FROM t\n----\n1\n"
	fail := "query I nosort\nSELECT 1\n----\n2\n"
	require.NoError(t, os.WriteFile(filepath.Join(dir, "sub", "pass.test"), []byte(pass), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "fail.test"), []byte(fail), 0o644))

	var out, errOut strings.Builder
	code := run([]string{"-corpus", dir, "-j", "2", "sub"}, &out, &errOut)
	assert.Equal(t, 0, code, "stdout:\n%s\nstderr:\n%s", out.String(), errOut.String())
	assert.Contains(t, out.String(), "TOTAL")

	out.Reset()
	code = run([]string{"-corpus", dir, "-v"}, &out, &errOut)
	assert.Equal(t, 1, code, "a failed record makes the exit status 1")
	assert.Contains(t, out.String(), "fail.test:1: wrong result")
	assert.Contains(t, errOut.String(), "pass.test")

	code = run([]string{"-corpus", dir, "nothing-here"}, &out, &errOut)
	assert.Equal(t, 2, code)
}
