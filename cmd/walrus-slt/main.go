// Command walrus-slt runs sqllogictest scripts against walrus and prints a
// table per directory: files, records run, passed, failed, skipped,
// seconds. It exits 1 if any record failed or any file could not be run.
//
// Usage:
//
//	go run ./cmd/walrus-slt [-j N] [-v] [-corpus DIR] [-timeout D] [-max-failures N] [-cpuprofile FILE] [-memprofile FILE] [PATH...]
//
// PATHs are .test files or directories (searched for *.test); a PATH that
// does not exist as given is looked up in the corpus. Without PATHs the
// whole corpus runs. The corpus is -corpus, else $WALRUS_SLT_CORPUS, else
// ../shared/sqllogictest next to the repository root (found by walking up
// from the working directory to walrus's go.mod).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strings"
	"syscall"
	"time"

	_ "github.com/walrusdb/walrus"
	"github.com/walrusdb/walrus/slt"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("walrus-slt", flag.ContinueOnError)
	fs.SetOutput(stderr)
	jobs := fs.Int("j", 1, "run `N` files in parallel")
	verbose := fs.Bool("v", false, "print a line per file as it finishes")
	corpus := fs.String("corpus", "", "corpus `DIR` (default $WALRUS_SLT_CORPUS or ../shared/sqllogictest from the repo root)")
	timeout := fs.Duration("timeout", 0, "bound on each statement or query (0: none; a bound makes database/sql start a goroutine per query)")
	maxFailures := fs.Int("max-failures", 10, "failures printed per file (-1: all)")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the run to `FILE`")
	memProfile := fs.String("memprofile", "", "write an allocation profile of the run to `FILE`")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: walrus-slt [-j N] [-v] [-corpus DIR] [-timeout D] [-max-failures N] [-cpuprofile FILE] [-memprofile FILE] [PATH...]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	root, err := corpusDir(*corpus)
	if err != nil {
		fmt.Fprintln(stderr, "walrus-slt:", err)
		return 2
	}
	paths := fs.Args()
	if len(paths) == 0 {
		paths = []string{root}
	}
	for i, p := range paths {
		if _, err := os.Stat(p); err != nil && root != "" {
			if _, err2 := os.Stat(filepath.Join(root, p)); err2 == nil {
				paths[i] = filepath.Join(root, p)
			}
		}
	}
	files, err := slt.Files(paths...)
	if err != nil {
		fmt.Fprintln(stderr, "walrus-slt:", err)
		return 2
	}
	if len(files) == 0 {
		fmt.Fprintln(stderr, "walrus-slt: no .test files in", strings.Join(paths, " "))
		return 2
	}

	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			fmt.Fprintln(stderr, "walrus-slt:", err)
			return 2
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			fmt.Fprintln(stderr, "walrus-slt:", err)
			return 2
		}
		defer pprof.StopCPUProfile()
	}

	if *memProfile != "" {
		runtime.MemProfileRate = 64 << 10
		defer func() {
			f, err := os.Create(*memProfile)
			if err == nil {
				err = pprof.Lookup("allocs").WriteTo(f, 0)
				f.Close()
			}
			if err != nil {
				fmt.Fprintln(stderr, "walrus-slt:", err)
			}
		}()
	}

	// On a signal the run stops (after the running record unless -timeout
	// is set), so the temporary databases are still removed; a second
	// signal ends the process at once.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		<-ctx.Done()
		stop()
	}()
	cfg := slt.Config{RecordTimeout: *timeout, MaxFailures: *maxFailures}
	start := time.Now()
	results := slt.RunFiles(ctx, cfg, files, *jobs, func(r slt.FileResult) {
		if *verbose {
			fmt.Fprintf(stderr, "%-60s run %6d  passed %6d  failed %6d  skipped %6d  %6.1fs\n",
				r.Path, r.Run, r.Passed, r.Failed, r.Skipped, r.Duration.Seconds())
		}
	})

	failed := false
	for _, r := range results {
		if r.Err != nil {
			failed = true
			fmt.Fprintf(stdout, "%s: could not run: %v\n", r.Path, r.Err)
		}
		if r.Failed > 0 {
			failed = true
			for _, f := range r.Failures {
				fmt.Fprint(stdout, f.String())
			}
			if n := r.Failed - len(r.Failures); n > 0 {
				fmt.Fprintf(stdout, "%s: ... and %d more failures\n", r.Path, n)
			}
		}
	}
	if err := slt.WriteTable(stdout, slt.Summarize(results, root)); err != nil {
		fmt.Fprintln(stderr, "walrus-slt:", err)
		return 2
	}
	fmt.Fprintf(stdout, "wall time %.1fs with -j %d\n", time.Since(start).Seconds(), *jobs)
	if failed {
		return 1
	}
	return 0
}

// corpusDir picks the corpus directory: the flag, the environment, or
// ../shared/sqllogictest beside the repository root.
func corpusDir(flagValue string) (string, error) {
	if flagValue != "" {
		return flagValue, nil
	}
	if d := os.Getenv("WALRUS_SLT_CORPUS"); d != "" {
		return d, nil
	}
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		mod, err := os.ReadFile(filepath.Join(dir, "go.mod"))
		if err == nil && strings.Contains(string(mod), "module github.com/walrusdb/walrus\n") {
			return filepath.Join(dir, "..", "shared", "sqllogictest"), nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no corpus: not inside the walrus repository; use -corpus or $WALRUS_SLT_CORPUS")
		}
		dir = parent
	}
}
