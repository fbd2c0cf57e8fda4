package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"text/tabwriter"
	"time"

	"github.com/walrusdb/walrus/bench"
	"github.com/walrusdb/walrus/slt"
)

// timeSLT runs sqllogictest files on walrus (engine name "mysql", as the
// project runs them) and on C SQLite (engine name "sqlite", the dialect
// the corpus was written for), one file at a time, and prints wall times.
// The two engines skip slightly different records, so the table shows the
// records each ran.
func timeSLT(ctx context.Context, w io.Writer, root string, names []string) error {
	if root == "" {
		var err error
		if root, err = corpusDir(); err != nil {
			return err
		}
	}
	var files []string
	for _, n := range names {
		files = append(files, filepath.Join(root, n))
	}
	settings := bench.DefaultSettings()
	type side struct {
		engine, sltEngine string
	}
	fmt.Fprintf(w, "\nsqllogictest (%s), settings %s:\n", root, settings)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "file\tengine\tas\trun\tpassed\tfailed\tskipped\tseconds\t")
	totals := map[string]time.Duration{}
	for _, s := range []side{{"walrus", "mysql"}, {"sqlite", "sqlite"}} {
		e, _ := bench.EngineByName(s.engine)
		cfg := slt.Config{Driver: e.Driver, Engine: s.sltEngine, RecordTimeout: time.Minute,
			DSN: func(path string) string { return e.DSN(path, settings) }}
		for _, f := range files {
			res := slt.RunFile(ctx, cfg, f)
			if res.Err != nil {
				return fmt.Errorf("slt %s on %s: %w", f, e.Name, res.Err)
			}
			totals[e.Name] += res.Duration
			rel, _ := filepath.Rel(root, f)
			fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%d\t%d\t%d\t%.2f\t\n", rel, e.Name, s.sltEngine,
				res.Run, res.Passed, res.Failed, res.Skipped, res.Duration.Seconds())
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(w, "sqllogictest total: walrus %.2fs, sqlite %.2fs, walrus/sqlite time %.2f\n",
		totals["walrus"].Seconds(), totals["sqlite"].Seconds(), totals["walrus"].Seconds()/totals["sqlite"].Seconds())
	return nil
}

// corpusDir is $WALRUS_SLT_CORPUS, else shared/sqllogictest found by
// walking up from the working directory.
func corpusDir() (string, error) {
	if d := os.Getenv("WALRUS_SLT_CORPUS"); d != "" {
		return d, nil
	}
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		c := filepath.Join(dir, "shared", "sqllogictest")
		if st, err := os.Stat(c); err == nil && st.IsDir() {
			return c, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("no sqllogictest corpus found above the working directory; set WALRUS_SLT_CORPUS")
		}
		dir = parent
	}
}
