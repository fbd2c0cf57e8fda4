package slt

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	_ "github.com/walrusdb/walrus"
)

// subset is the fixed fast subset of the corpus: select1..5, evidence/,
// and the first file (in path order) of each of the 12 index/ and random/
// groups.
var subset = []string{
	"select1.test", "select2.test", "select3.test", "select4.test", "select5.test",
	"evidence/in1.test",
	"evidence/in2.test",
	"evidence/slt_lang_aggfunc.test",
	"evidence/slt_lang_createtrigger.test",
	"evidence/slt_lang_createview.test",
	"evidence/slt_lang_dropindex.test",
	"evidence/slt_lang_droptable.test",
	"evidence/slt_lang_droptrigger.test",
	"evidence/slt_lang_dropview.test",
	"evidence/slt_lang_reindex.test",
	"evidence/slt_lang_replace.test",
	"evidence/slt_lang_update.test",
	"index/between/1/slt_good_0.test",
	"index/commute/10/slt_good_0.test",
	"index/delete/1/slt_good_0.test",
	"index/in/10/slt_good_3.test",
	"index/orderby/10/slt_good_0.test",
	"index/orderby_nosort/10/slt_good_0.test",
	"index/random/10/slt_good_0.test",
	"index/view/10/slt_good_1.test",
	"random/aggregates/slt_good_0.test",
	"random/expr/slt_good_0.test",
	"random/groupby/slt_good_0.test",
	"random/select/slt_good_0.test",
}

// TestCorpusSubset runs the subset against walrus and fails on any failed
// record. It takes a minute or two; scripts/test.sh gives go test a
// -timeout to match.
func TestCorpusSubset(t *testing.T) {
	dir := corpusDir(t)
	require.Len(t, subset, 29)
	cfg := Config{RecordTimeout: time.Minute, MaxFailures: 10}
	// Stop cleanly before go test's -timeout panics, so the summary is
	// printed and the temporary databases are removed.
	ctx := context.Background()
	if d, ok := t.Deadline(); ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithDeadline(ctx, d.Add(-30*time.Second))
		defer cancel()
	}
	var all []FileResult
	for _, name := range subset {
		path := filepath.Join(dir, filepath.FromSlash(name))
		t.Run(name, func(t *testing.T) {
			res := RunFile(ctx, cfg, path)
			all = append(all, res)
			t.Logf("run %d, passed %d, failed %d, skipped %d, %.1fs", res.Run, res.Passed, res.Failed, res.Skipped, res.Duration.Seconds())
			require.NoError(t, res.Err)
			for _, f := range res.Failures {
				t.Error(f.String())
			}
			assert.Zero(t, res.Failed, "%s: %d of %d records failed", name, res.Failed, res.Run)
			assert.Positive(t, res.Run)
		})
	}
	var b strings.Builder
	require.NoError(t, WriteTable(&b, Summarize(all, dir)))
	t.Log("\n" + b.String())
}
