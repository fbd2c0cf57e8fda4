package bench

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"
)

// Result is one timed run of a workload on an engine.
type Result struct {
	Engine   string
	Workload string
	Elapsed  time.Duration
	Tallies  []Tally
}

// Rate is tally i per second.
func (r Result) Rate(i int) float64 {
	if r.Elapsed <= 0 {
		return 0
	}
	return float64(r.Tallies[i].N) / r.Elapsed.Seconds()
}

// Runner measures workloads in fresh files under Dir. It builds each
// engine's fixture databases once, with that engine, and gives every run a
// copy, so runs never see each other's writes.
type Runner struct {
	Dir       string
	Sizes     Sizes
	templates map[string]string // engine/fixture -> file
}

// NewRunner measures in dir, which the caller removes.
func NewRunner(dir string, sz Sizes) *Runner {
	return &Runner{Dir: dir, Sizes: sz, templates: map[string]string{}}
}

// Measure runs w once on e: a fresh database (a copy of the fixture if w
// has one), Setup, the timed Run, Check.
func (r *Runner) Measure(ctx context.Context, e Engine, w Workload) (Result, error) {
	res := Result{Engine: e.Name, Workload: w.Name}
	dir, err := os.MkdirTemp(r.Dir, e.Name+"-"+w.Name+"-")
	if err != nil {
		return res, fmt.Errorf("bench: %w", err)
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "bench.db")
	if w.Fixture != FixtureNone {
		tpl, err := r.template(ctx, e, w.Fixture)
		if err != nil {
			return res, err
		}
		if err := copyFile(tpl, path); err != nil {
			return res, fmt.Errorf("bench: copy fixture: %w", err)
		}
	}
	db, err := e.Open(ctx, path, w.Settings)
	if err != nil {
		return res, err
	}
	defer db.Close()
	conns := 1
	if w.Concurrent {
		conns = r.Sizes.Readers + 1
	}
	db.SetMaxOpenConns(conns)
	db.SetMaxIdleConns(conns)
	if w.Setup != nil {
		if err := w.Setup(ctx, db, r.Sizes); err != nil {
			return res, fmt.Errorf("bench: %s %s: setup: %w", e.Name, w.Name, err)
		}
	}
	start := time.Now()
	tallies, err := w.Run(ctx, db, r.Sizes)
	res.Elapsed = time.Since(start)
	res.Tallies = tallies
	if err != nil {
		return res, fmt.Errorf("bench: %s %s: %w", e.Name, w.Name, err)
	}
	if w.Check != nil {
		if err := w.Check(ctx, db, r.Sizes, tallies); err != nil {
			return res, fmt.Errorf("bench: %s %s: check: %w", e.Name, w.Name, err)
		}
	}
	if err := db.Close(); err != nil {
		return res, fmt.Errorf("bench: %s %s: close: %w", e.Name, w.Name, err)
	}
	return res, nil
}

// template returns the file of fixture f built by engine e, building it
// on first use. Building is not timed; synchronous=OFF only speeds it up,
// the file is the same.
func (r *Runner) template(ctx context.Context, e Engine, f Fixture) (string, error) {
	key := fmt.Sprintf("%s/%d", e.Name, f)
	if p, ok := r.templates[key]; ok {
		return p, nil
	}
	dir, err := os.MkdirTemp(r.Dir, e.Name+"-fixture-")
	if err != nil {
		return "", fmt.Errorf("bench: %w", err)
	}
	path := filepath.Join(dir, "fixture.db")
	s := DefaultSettings()
	s.Synchronous = "OFF"
	db, err := e.Open(ctx, path, s)
	if err != nil {
		return "", err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	rows := r.Sizes.Rows
	if f == FixtureConcRows {
		rows = r.Sizes.ConcRows
	}
	if _, err := db.ExecContext(ctx, createT); err != nil {
		return "", fmt.Errorf("bench: %s fixture: %w", e.Name, err)
	}
	if err := insertRows(ctx, db, 1, rows); err != nil {
		return "", fmt.Errorf("bench: %s fixture: %w", e.Name, err)
	}
	if f == FixtureIndexed {
		if _, err := db.ExecContext(ctx, createIndexK); err != nil {
			return "", fmt.Errorf("bench: %s fixture: %w", e.Name, err)
		}
	}
	if err := db.Close(); err != nil {
		return "", fmt.Errorf("bench: %s fixture: close: %w", e.Name, err)
	}
	r.templates[key] = path
	return path, nil
}

func copyFile(from, to string) error {
	src, err := os.Open(from)
	if err != nil {
		return err
	}
	defer src.Close()
	dst, err := os.Create(to)
	if err != nil {
		return err
	}
	if _, err := io.Copy(dst, src); err != nil {
		dst.Close()
		return err
	}
	return dst.Close()
}
