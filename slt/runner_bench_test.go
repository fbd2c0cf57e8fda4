package slt

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"math/rand"
	"strconv"
	"strings"
	"testing"
)

// BenchmarkRunnerQuery runs one query record whose 1000-row, 3-column
// result (integer, text, integer) comes from the fake driver, through
// the runner's whole per-query path: scan, render, sort, hash, compare.
// The expected hash is computed with refSort, apart from the runner.
func BenchmarkRunnerQuery(b *testing.B) {
	rng := rand.New(rand.NewSource(1))
	var rows [][]driver.Value
	var rendered []string
	for i := range 1000 {
		k, s := int64(rng.Intn(10000)), fmt.Sprint("t", rng.Intn(97))
		rows = append(rows, []driver.Value{k, s, int64(i)})
		rendered = append(rendered, strconv.FormatInt(k, 10), s, strconv.Itoa(i))
	}
	const q = "SELECT a, b, c FROM t"
	for _, mode := range []SortMode{NoSort, RowSort, ValueSort} {
		b.Run(mode.String(), func(b *testing.B) {
			want := refSort(rendered, 3, mode)
			// Twenty records in one script, as in a file, so that scratch
			// kept from query to query counts.
			script := strings.Repeat(fmt.Sprintf("query ITI %s\n%s\n----\n%s\n\n", mode, q, hashLine(want)), 20)
			s, err := Parse("bench.test", strings.NewReader(script))
			if err != nil {
				b.Fatal(err)
			}
			fake := &fakeDB{resp: map[string]fakeResp{q: {cols: []string{"a", "b", "c"}, rows: rows}}}
			db := sql.OpenDB(fake)
			defer db.Close()
			b.ReportAllocs()
			b.ResetTimer()
			for range b.N {
				fake.executed = fake.executed[:0]
				res := RunScript(context.Background(), Config{}, db, s)
				if res.Passed != 20 {
					b.Fatalf("%s: %v", mode, res.Failures)
				}
			}
		})
	}
}
