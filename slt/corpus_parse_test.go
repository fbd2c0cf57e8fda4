package slt

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// corpusDir is the sqllogictest corpus: $WALRUS_SLT_CORPUS, or
// ../shared/sqllogictest from the repository root.
func corpusDir(t *testing.T) string {
	t.Helper()
	if d := os.Getenv("WALRUS_SLT_CORPUS"); d != "" {
		return d
	}
	return filepath.Join("..", "..", "shared", "sqllogictest")
}

// TestParseCorpus parses every file of the corpus and checks the record
// counts against the table in the corpus README, which were counted
// independently of this parser.
func TestParseCorpus(t *testing.T) {
	dir := corpusDir(t)
	if _, err := os.Stat(filepath.Join(dir, "select1.test")); err != nil {
		t.Skipf("corpus not found at %s: %v", dir, err)
	}
	if testing.Short() {
		t.Skip("parses 112 MB")
	}
	files, err := Files(dir)
	require.NoError(t, err)
	if len(files) != 80 {
		t.Skipf("%d files at %s: not the dev part whose counts the README gives", len(files), dir)
	}
	var queries, statements, queriesRun, skipMySQL, onlyMySQL int
	for _, f := range files {
		s, err := ParseFile(f)
		require.NoError(t, err)
		halted := false
		for _, r := range s.Records {
			for _, c := range r.Conditions {
				if c.Engine == "mysql" && c.OnlyIf {
					onlyMySQL++
				} else if c.Engine == "mysql" {
					skipMySQL++
				}
			}
			switch r.Kind {
			case KindQuery:
				queries++
				if !halted && !r.Skipped("mysql") {
					queriesRun++
				}
			case KindStatement:
				statements++
			case KindHalt:
				if !r.Skipped("mysql") {
					halted = true
				}
			}
		}
	}
	assert.Equal(t, 666960, queries)
	assert.Equal(t, 85596, statements)
	assert.Equal(t, 549714, queriesRun)
	assert.Equal(t, 117101, skipMySQL)
	assert.Equal(t, 116676, onlyMySQL)
}

// TestSubsetFiles checks the fixed subset against the corpus: all of
// select1..5 and evidence/, plus the first file in path order of each of
// the 12 index/ and random/ groups.
func TestSubsetFiles(t *testing.T) {
	dir := corpusDir(t)
	if _, err := os.Stat(filepath.Join(dir, "select1.test")); err != nil {
		t.Skipf("corpus not found at %s: %v", dir, err)
	}
	var want []string
	add := func(p string, all bool) {
		files, err := Files(filepath.Join(dir, p))
		require.NoError(t, err)
		require.NotEmpty(t, files, p)
		if !all {
			files = files[:1]
		}
		for _, f := range files {
			rel, err := filepath.Rel(dir, f)
			require.NoError(t, err)
			want = append(want, filepath.ToSlash(rel))
		}
	}
	for i := 1; i <= 5; i++ {
		add(fmt.Sprintf("select%d.test", i), true)
	}
	add("evidence", true)
	for _, g := range []string{"index/between", "index/commute", "index/delete", "index/in",
		"index/orderby", "index/orderby_nosort", "index/random", "index/view",
		"random/aggregates", "random/expr", "random/groupby", "random/select"} {
		add(g, false)
	}
	assert.Equal(t, want, subset)
	assert.Len(t, subset, 29)
}
