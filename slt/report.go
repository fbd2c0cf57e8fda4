package slt

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"text/tabwriter"
	"time"
)

// Files lists the script files named by paths: a file is taken as is, a
// directory gives every *.test file below it. The list is sorted by path
// within each argument and has no duplicates.
func Files(paths ...string) ([]string, error) {
	var out []string
	seen := map[string]bool{}
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			return nil, fmt.Errorf("slt: %w", err)
		}
		var found []string
		if !st.IsDir() {
			found = []string{p}
		} else {
			err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
				if err != nil {
					return err
				}
				if !d.IsDir() && strings.HasSuffix(path, ".test") {
					found = append(found, path)
				}
				return nil
			})
			if err != nil {
				return nil, fmt.Errorf("slt: %w", err)
			}
			slices.Sort(found)
		}
		for _, f := range found {
			if !seen[f] {
				seen[f] = true
				out = append(out, f)
			}
		}
	}
	return out, nil
}

// RunFiles runs the files, up to jobs at a time (jobs < 1 means 1).
// Results are in the order of files; done, if not nil, is called with each
// result as it finishes (from one goroutine at a time).
func RunFiles(ctx context.Context, cfg Config, files []string, jobs int, done func(FileResult)) []FileResult {
	if jobs < 1 {
		jobs = 1
	}
	results := make([]FileResult, len(files))
	next := make(chan int)
	var mu sync.Mutex
	var wg sync.WaitGroup
	for range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				results[i] = RunFile(ctx, cfg, files[i])
				if done != nil {
					mu.Lock()
					done(results[i])
					mu.Unlock()
				}
			}
		}()
	}
	for i := range files {
		next <- i
	}
	close(next)
	wg.Wait()
	return results
}

// DirSummary adds up the results of the files of one directory.
type DirSummary struct {
	Dir      string
	Files    int
	Errors   int // files that could not be run
	Run      int
	Passed   int
	Failed   int
	Skipped  int
	Duration time.Duration // sum over the files (not wall time when parallel)
}

func (s *DirSummary) add(r FileResult) {
	s.Files++
	if r.Err != nil {
		s.Errors++
	}
	s.Run += r.Run
	s.Passed += r.Passed
	s.Failed += r.Failed
	s.Skipped += r.Skipped
	s.Duration += r.Duration
}

// Summarize groups results by the directory of their file, relative to
// root when the file is below root, sorted by directory.
func Summarize(results []FileResult, root string) []DirSummary {
	byDir := map[string]*DirSummary{}
	for _, r := range results {
		dir := filepath.Dir(r.Path)
		if root != "" {
			if rel, err := filepath.Rel(root, dir); err == nil && !strings.HasPrefix(rel, "..") {
				dir = rel
			}
		}
		dir = filepath.ToSlash(dir)
		s, ok := byDir[dir]
		if !ok {
			s = &DirSummary{Dir: dir}
			byDir[dir] = s
		}
		s.add(r)
	}
	out := make([]DirSummary, 0, len(byDir))
	for _, s := range byDir {
		out = append(out, *s)
	}
	slices.SortFunc(out, func(a, b DirSummary) int { return strings.Compare(a.Dir, b.Dir) })
	return out
}

// Total adds up summaries.
func Total(sums []DirSummary) DirSummary {
	t := DirSummary{Dir: "TOTAL"}
	for _, s := range sums {
		t.Files += s.Files
		t.Errors += s.Errors
		t.Run += s.Run
		t.Passed += s.Passed
		t.Failed += s.Failed
		t.Skipped += s.Skipped
		t.Duration += s.Duration
	}
	return t
}

// WriteTable prints the summaries and their total as an aligned table.
func WriteTable(w io.Writer, sums []DirSummary) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "directory\tfiles\terrors\trun\tpassed\tfailed\tskipped\tseconds\t")
	row := func(s DirSummary) {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t%d\t%d\t%.1f\t\n",
			s.Dir, s.Files, s.Errors, s.Run, s.Passed, s.Failed, s.Skipped, s.Duration.Seconds())
	}
	for _, s := range sums {
		row(s)
	}
	row(Total(sums))
	return tw.Flush()
}
