// Command compare runs the bench workloads on walrus and on SQLite in one
// process and prints, per workload, ops/s for each engine and the ratio
// walrus/SQLite (above 1: walrus is faster).
//
// Usage (from bench/):
//
//	go run ./cmd/compare [-sizes default|small] [-repeat N] [-engines walrus,sqlite,modernc] [-workloads a,b] [-slt] [-list]
//
// Each workload runs -repeat times per engine, engines interleaved, and
// every run is printed, so the spread between runs shows.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/walrusdb/walrus/bench"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("compare", flag.ContinueOnError)
	fs.SetOutput(stderr)
	sizes := fs.String("sizes", "default", "workload sizes: default or small")
	repeat := fs.Int("repeat", 1, "runs per workload and engine")
	engines := fs.String("engines", "walrus,sqlite,modernc", "engines, comma separated; the second is the ratio's reference")
	workloads := fs.String("workloads", "", "workloads, comma separated (default all)")
	list := fs.Bool("list", false, "list the workloads and exit")
	runSLT := fs.Bool("slt", false, "also time sqllogictest files on walrus and C SQLite")
	sltFiles := fs.String("slt-files", "select1.test,select2.test,select3.test,index/between/1/slt_good_0.test,random/aggregates/slt_good_0.test,random/expr/slt_good_0.test",
		"sqllogictest files (corpus-relative) for -slt")
	sltCorpus := fs.String("slt-corpus", "", "corpus `DIR` (default $WALRUS_SLT_CORPUS, else shared/sqllogictest above the working directory)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *list {
		for _, w := range bench.Workloads() {
			fmt.Fprintf(stdout, "%-14s %s\n", w.Name, w.What)
		}
		return 0
	}
	sz := bench.DefaultSizes()
	switch *sizes {
	case "default":
	case "small":
		sz = bench.SmallSizes()
	default:
		fmt.Fprintf(stderr, "compare: -sizes %s: want default or small\n", *sizes)
		return 2
	}
	var es []bench.Engine
	for _, name := range strings.Split(*engines, ",") {
		e, ok := bench.EngineByName(name)
		if !ok {
			fmt.Fprintf(stderr, "compare: unknown engine %q\n", name)
			return 2
		}
		es = append(es, e)
	}
	ws := bench.Workloads()
	if *workloads != "" {
		ws = nil
		for _, name := range strings.Split(*workloads, ",") {
			w, ok := bench.WorkloadByName(name)
			if !ok {
				fmt.Fprintf(stderr, "compare: unknown workload %q\n", name)
				return 2
			}
			ws = append(ws, w)
		}
	}
	dir, err := os.MkdirTemp("", "walrus-bench-")
	if err != nil {
		fmt.Fprintln(stderr, "compare:", err)
		return 1
	}
	defer os.RemoveAll(dir)

	start := time.Now()
	fmt.Fprintf(stdout, "%s, GOMAXPROCS=%d, %s %s/%s, temp dir %s\n", start.UTC().Format(time.RFC3339),
		runtime.GOMAXPROCS(0), runtime.Version(), runtime.GOOS, runtime.GOARCH, os.TempDir())
	for _, e := range es {
		fmt.Fprintf(stdout, "engine %-8s %s\n", e.Name, e.About)
	}
	fmt.Fprintf(stdout, "settings (all engines): %s, synchronous as named per workload\n", bench.DefaultSettings())
	fmt.Fprintf(stdout, "sizes: %+v\n\n", sz)

	ctx := context.Background()
	r := bench.NewRunner(dir, sz)
	// results[workload][engine] lists the runs.
	results := map[string]map[string][]bench.Result{}
	failed := false
	for _, w := range ws {
		results[w.Name] = map[string][]bench.Result{}
		for range *repeat {
			for _, e := range es {
				res, err := r.Measure(ctx, e, w)
				if err != nil {
					fmt.Fprintln(stderr, "compare:", err)
					failed = true
					continue
				}
				results[w.Name][e.Name] = append(results[w.Name][e.Name], res)
				fmt.Fprintf(stderr, "%-14s %-8s %7.2fs\n", w.Name, e.Name, res.Elapsed.Seconds())
			}
		}
	}
	writeTable(stdout, ws, es, results, *repeat)
	if *runSLT {
		if err := timeSLT(ctx, stdout, *sltCorpus, strings.Split(*sltFiles, ",")); err != nil {
			fmt.Fprintln(stderr, "compare:", err)
			failed = true
		}
	}
	fmt.Fprintf(stdout, "\ntotal wall time %.1fs\n", time.Since(start).Seconds())
	if failed {
		return 1
	}
	return 0
}

// writeTable prints one line per workload, tally and run: each engine's
// rate, then walrus (the first engine) over each other engine.
func writeTable(w io.Writer, ws []bench.Workload, es []bench.Engine, results map[string]map[string][]bench.Result, repeat int) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	head := []string{"workload", "unit", "run"}
	for _, e := range es {
		head = append(head, e.Name+" ops/s")
	}
	for _, e := range es[1:] {
		head = append(head, es[0].Name+"/"+e.Name)
	}
	fmt.Fprintln(tw, strings.Join(head, "\t")+"\t")
	for _, wl := range ws {
		byEngine := results[wl.Name]
		units := tallyUnits(byEngine)
		for ti, unit := range units {
			for run := range repeat {
				line := []string{wl.Name, unit, fmt.Sprint(run + 1)}
				rates := make([]float64, len(es))
				for i, e := range es {
					rates[i] = -1
					if runs := byEngine[e.Name]; run < len(runs) && ti < len(runs[run].Tallies) {
						rates[i] = runs[run].Rate(ti)
					}
					line = append(line, formatRate(rates[i]))
				}
				for i := range es[1:] {
					line = append(line, formatRatio(rates[0], rates[i+1]))
				}
				fmt.Fprintln(tw, strings.Join(line, "\t")+"\t")
			}
		}
	}
	tw.Flush()
}

func tallyUnits(byEngine map[string][]bench.Result) []string {
	var units []string
	for _, runs := range byEngine {
		for _, r := range runs {
			for _, t := range r.Tallies {
				if !slices.Contains(units, t.Unit) {
					units = append(units, t.Unit)
				}
			}
		}
		if units != nil {
			break
		}
	}
	return units
}

func formatRate(r float64) string {
	if r < 0 {
		return "failed"
	}
	return fmt.Sprintf("%.0f", r)
}

func formatRatio(a, b float64) string {
	if a < 0 || b <= 0 {
		return "-"
	}
	return fmt.Sprintf("%.2f", a/b)
}
