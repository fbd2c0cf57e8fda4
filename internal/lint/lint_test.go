// Package lint holds repository-wide rules that reviews would otherwise have
// to remember: the engine reaches files only through internal/vfs.
package lint

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// enginePackages may not touch the file system except through internal/vfs.
var enginePackages = []string{"sql", "vm", "btree", "pager", "journal"}

// forbiddenImports reach the file system or the OS directly.
var forbiddenImports = map[string]bool{
	"os":        true,
	"os/exec":   true,
	"io/ioutil": true,
	"syscall":   true,
}

func repoRoot(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	require.NoError(t, err)
	return filepath.Clean(filepath.Join(dir, "..", ".."))
}

// TestEngineDoesNotTouchFiles parses every non-test Go file of the engine
// packages and fails on an import that bypasses the vfs seam.
func TestEngineDoesNotTouchFiles(t *testing.T) {
	root := repoRoot(t)
	checked := 0
	for _, pkg := range enginePackages {
		dir := filepath.Join(root, pkg)
		err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() && d.Name() == "testdata" {
				return filepath.SkipDir
			}
			if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
				return nil
			}
			f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ImportsOnly)
			if err != nil {
				return err
			}
			checked++
			for _, imp := range f.Imports {
				name, _ := strconv.Unquote(imp.Path.Value)
				if forbiddenImports[name] {
					t.Errorf("%s imports %q: engine packages reach files only through internal/vfs", path, name)
				}
			}
			return nil
		})
		if os.IsNotExist(err) {
			continue
		}
		require.NoError(t, err)
	}
	require.Positive(t, checked, "no engine source files found under %s", root)
}
