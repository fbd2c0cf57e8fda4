package sql

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/walrusdb/walrus/internal/vfs"
	"github.com/walrusdb/walrus/pager"
	"github.com/walrusdb/walrus/vm"
)

// TestPageReads builds a 1,000,000-row table with a secondary index and
// counts the pages the pager reads, from a cold cache, for point lookups
// through SQL: an index equality, a rowid equality, a rowid range and the
// inner side of an indexed nested-loop join must each read a handful of
// pages (the trees are 3 or 4 levels deep), not scan.
func TestPageReads(t *testing.T) {
	const rows = 1_000_000
	fs := vfs.NewMemFS()
	// A big cache for the build only: the queries below reopen the file
	// with the default one, cold.
	c, err := Open(fs, "big.db", OpenOptions{Create: true, Pager: pager.Options{CacheSize: -256 << 10}})
	require.NoError(t, err)
	start := time.Now()
	var b strings.Builder
	b.WriteString("BEGIN; CREATE TABLE t (id INTEGER PRIMARY KEY, k INT NOT NULL, v VARCHAR(20)); CREATE INDEX tk ON t (k);")
	_, err = run(t, c, b.String())
	require.NoError(t, err)
	const batch = 2000
	for i := 0; i < rows; i += batch {
		b.Reset()
		b.WriteString("INSERT INTO t VALUES ")
		for j := i; j < i+batch; j++ {
			if j > i {
				b.WriteByte(',')
			}
			// k is a permutation of 0..rows-1, so index inserts are random.
			fmt.Fprintf(&b, "(%d,%d,'v%d')", j+1, (j*7919)%rows, j)
		}
		_, err = run(t, c, b.String())
		require.NoError(t, err)
	}
	_, err = run(t, c, "COMMIT")
	require.NoError(t, err)
	require.NoError(t, c.Close())
	t.Logf("built %d rows in %v", rows, time.Since(start))

	cases := []struct {
		name  string
		query string
		args  []vm.Value
		want  []string
		max   uint64
	}{
		{"index equality", "SELECT * FROM t WHERE k = ?", []vm.Value{vm.Int(7919 * 123456 % rows)}, []string{"123457 " + fmt.Sprint(7919*123456%rows) + " v123456"}, 10},
		{"rowid equality", "SELECT * FROM t WHERE id = ?", []vm.Value{vm.Int(654321)}, []string{"654321 " + fmt.Sprint(7919*654320%rows) + " v654320"}, 10},
		{"rowid range", "SELECT id FROM t WHERE id > ? AND id <= 500003", []vm.Value{vm.Int(500000)}, []string{"500001", "500002", "500003"}, 10},
		{"join inner side", "SELECT b.id FROM t AS a JOIN t AS b ON b.k = a.k + 1 WHERE a.id = ?", []vm.Value{vm.Int(2)}, []string{fmt.Sprint(findK(7919+1, rows) + 1)}, 16},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, err := Open(fs, "big.db", OpenOptions{})
			require.NoError(t, err)
			defer c.Close()
			ctx := context.Background()
			st, _, err := c.Prepare(ctx, tc.query)
			require.NoError(t, err)
			before := c.IOStats()
			got := queryRows(t, st, tc.args)
			after := c.IOStats()
			reads := after.PagesRead - before.PagesRead
			require.Equal(t, tc.want, got)
			t.Logf("%s: %d pages read, %d cache hits", tc.name, reads, after.CacheHits-before.CacheHits)
			require.LessOrEqual(t, reads, tc.max, "pages read by %s", tc.query)
		})
	}
}

// findK returns the row index j whose k ((j*7919) mod n) is k.
func findK(k, n int) int {
	for j := 0; j < n; j++ {
		if j*7919%n == k {
			return j
		}
	}
	return -1
}

func queryRows(t *testing.T, st *Stmt, args []vm.Value) []string {
	t.Helper()
	rows, err := st.Query(context.Background(), args)
	require.NoError(t, err)
	dest := make([]vm.Value, len(st.Columns()))
	var out []string
	for {
		ok, err := rows.Next(dest)
		require.NoError(t, err)
		if !ok {
			break
		}
		parts := make([]string, len(dest))
		for i, v := range dest {
			parts[i] = v.String()
		}
		out = append(out, strings.Join(parts, " "))
	}
	return out
}
