package slt

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// BenchmarkRecordContext runs 1000 small queries through the runner with
// the kinds of context a run can have: none cancellable, a cancellable
// one (walrus-slt's signal context) and that plus the per-record timeout
// (walrus-slt's default). database/sql starts a goroutine per Rows when
// the context can be cancelled; this shows what that costs per record.
func BenchmarkRecordContext(b *testing.B) {
	db, err := sql.Open("walrus", filepath.Join(b.TempDir(), "ctx.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec("CREATE TABLE t1(a INTEGER PRIMARY KEY, b TEXT)"); err != nil {
		b.Fatal(err)
	}
	if _, err := db.Exec("INSERT INTO t1 VALUES (1,'x'),(2,'y'),(3,'z')"); err != nil {
		b.Fatal(err)
	}
	var src strings.Builder
	for range 1000 {
		src.WriteString("query IT rowsort\nSELECT a, b FROM t1 WHERE a < 3\n----\n1\nx\n2\ny\n\n")
	}
	s, err := Parse("ctx.test", strings.NewReader(src.String()))
	if err != nil {
		b.Fatal(err)
	}
	cancellable, cancel := context.WithCancel(context.Background())
	defer cancel()
	for _, c := range []struct {
		name    string
		ctx     context.Context
		timeout time.Duration
	}{
		{"background", context.Background(), 0},
		{"cancellable", cancellable, 0},
		{"cancellable+timeout", cancellable, time.Minute},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for range b.N {
				res := RunScript(c.ctx, Config{RecordTimeout: c.timeout}, db, s)
				if res.Passed != 1000 {
					b.Fatalf("passed %d of 1000: %v", res.Passed, res.Failures)
				}
			}
		})
	}
}
