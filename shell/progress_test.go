package shell

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestProgressBar(t *testing.T) {
	var errs strings.Builder
	s := New(Config{Stderr: &errs, Progress: true})
	p := s.newProgress("importing x.csv", 2<<20)
	p.set(0)
	p.set(1 << 20)
	p.set(1<<20 + 1) // same percentage: not drawn again
	p.finish(true)
	assert.Equal(t, "\rimporting x.csv [..............................]   0%"+
		"\rimporting x.csv [###############...............]  50%"+
		"\rimporting x.csv [##############################] 100%\n", errs.String())

	errs.Reset()
	s.newProgress("small", progressMinBytes-1).set(10)
	s.newProgress("small", progressMinBytes-1).finish(true)
	assert.Empty(t, errs.String(), "too little work for a bar")

	quiet := New(Config{Stderr: &errs})
	p = quiet.newProgress("big", 1<<30)
	p.set(1 << 29)
	p.finish(true)
	assert.Empty(t, errs.String(), "not a terminal")

	p = s.newProgress("failing", 4<<20)
	p.set(1 << 20)
	p.finish(false)
	assert.Equal(t, "\rfailing [#######.......................]  25%\n", errs.String(), "a failure ends the line where the bar stopped")
}

// TestImportProgressReal: .import draws a bar that only grows and ends full
// before the summary line, for a new table (two passes) and an existing one.
func TestImportProgressReal(t *testing.T) {
	var b strings.Builder
	b.WriteString("id,label\n")
	for i := 0; i < 3000; i++ {
		fmt.Fprintf(&b, "%d,\"row, %d\"\n", i, i)
	}
	path := filepath.Join(t.TempDir(), "rows.csv")
	require.NoError(t, os.WriteFile(path, []byte(b.String()), 0o644))
	s, _, errs := newRealShell(t, "", ModeList)
	s.cfg.Progress, s.progressMin = true, 0
	// First into a new table (a pass to infer types, then one to insert),
	// then into the existing one (one pass).
	for _, want := range []string{"imported 3000 rows into r", "imported 3000 rows into r"} {
		errs.Reset()
		require.NoError(t, s.RunReader(context.Background(), strings.NewReader(".import "+path+" r\n")))
		text := errs.String()
		require.True(t, strings.HasSuffix(text, "] 100%\n"+want+"\n"), text)
		last := -1
		draws := regexp.MustCompile(`\rimporting rows\.csv \[[#.]{30}\] +(\d+)%`).FindAllStringSubmatch(text, -1)
		assert.Greater(t, len(draws), 50, "redrawn as the work goes on")
		for _, m := range draws {
			var pct int
			fmt.Sscan(m[1], &pct)
			assert.Greater(t, pct, last, "the bar only grows")
			last = pct
		}
		assert.Equal(t, 100, last)
	}
}
