package sql

import (
	"context"
	"fmt"
	"math/rand"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/walrusdb/walrus/internal/vfs"
	"github.com/walrusdb/walrus/vm"
)

// TestSpill runs sorts and DISTINCT over more rows than a small spill
// budget: the ephemeral indexes must move to scratch files (the vm's
// spill counter says so) and give the results of the in-memory run, which
// the test also checks directly (order, distinct counts).
func TestSpill(t *testing.T) {
	c := openMem(t)
	rng := rand.New(rand.NewSource(1))
	_, err := run(t, c, "CREATE TABLE t (id INTEGER PRIMARY KEY, a INT, b VARCHAR(30), c DOUBLE)")
	require.NoError(t, err)
	const rows = 20000
	distinctA := map[int]bool{}
	var b strings.Builder
	b.WriteString("INSERT INTO t VALUES ")
	for i := 0; i < rows; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		a := rng.Intn(5000)
		if i%97 == 0 {
			fmt.Fprintf(&b, "(%d, NULL, NULL, NULL)", i+1)
			continue
		}
		distinctA[a] = true
		fmt.Fprintf(&b, "(%d, %d, 'k%05d-%d', %d.25)", i+1, a, rng.Intn(100000), i, rng.Intn(1000)-500)
	}
	_, err = run(t, c, b.String())
	require.NoError(t, err)

	queries := []struct {
		sql   string
		check func(t *testing.T, out []string)
	}{
		{"SELECT b, a, id FROM t ORDER BY b DESC, a", func(t *testing.T, out []string) {
			require.Equal(t, rows, len(out))
			for i := 1; i < len(out); i++ {
				p, q := strings.Fields(out[i-1])[0], strings.Fields(out[i])[0]
				if q != "NULL" {
					require.GreaterOrEqual(t, p, q, "row %d", i)
				}
			}
			require.True(t, strings.HasPrefix(out[len(out)-1], "NULL"), "NULLs last descending")
		}},
		{"SELECT DISTINCT a FROM t", func(t *testing.T, out []string) {
			require.Equal(t, len(distinctA)+1, len(out)) // and NULL
		}},
		{"SELECT a, c FROM t WHERE a > 2500 ORDER BY c, a DESC LIMIT 5000", func(t *testing.T, out []string) {
			require.Equal(t, 5000, len(out))
		}},
		{"SELECT a, id FROM t UNION SELECT a, id FROM t", func(t *testing.T, out []string) {
			require.Equal(t, rows, len(out))
		}},
		{"SELECT a, COUNT(*), SUM(c), MIN(b), GROUP_CONCAT(id ORDER BY id DESC), COUNT(DISTINCT c) FROM t GROUP BY a", func(t *testing.T, out []string) {
			require.Equal(t, len(distinctA)+1, len(out))
		}},
		{"SELECT b, COUNT(*) FROM t GROUP BY b HAVING COUNT(*) > 0 ORDER BY 2 DESC, 1 LIMIT 100", func(t *testing.T, out []string) {
			require.Equal(t, 100, len(out))
		}},
		{"SELECT COUNT(*), SUM(a) FROM (SELECT a, b FROM t GROUP BY a, b) AS g", func(t *testing.T, out []string) {
			require.Equal(t, 1, len(out))
		}},
	}
	for _, q := range queries {
		t.Run(q.sql, func(t *testing.T) {
			c.spillBudget = 1 << 40
			before := vm.Spills()
			want, err := run(t, c, q.sql)
			require.NoError(t, err)
			require.Equal(t, before, vm.Spills(), "no spill with a large budget")
			q.check(t, want)

			c.spillBudget = 64 << 10
			before = vm.Spills()
			got, err := run(t, c, q.sql)
			require.NoError(t, err)
			require.Greater(t, vm.Spills(), before, "the query spilled")
			ok, err := c.fs.Exists(fmt.Sprintf("%s-walrus-temp-%d", c.path, tempSeq.Load()))
			require.NoError(t, err)
			require.False(t, ok, "the scratch file is deleted")
			require.True(t, equalRows(want, got), "spilled result differs")
		})
	}
}

func equalRows(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// BenchmarkSortSpill sorts 100,000 rows in memory and through a scratch
// file (a 256 KiB budget): the cost of spilling.
func BenchmarkSortSpill(b *testing.B) {
	c, err := Open(vfs.NewMemFS(), "bench.db", OpenOptions{Create: true})
	require.NoError(b, err)
	defer c.Close()
	spillBenchRows(b, c, "CREATE TABLE t (id INTEGER PRIMARY KEY, a INT, b VARCHAR(30))")
	rng := rand.New(rand.NewSource(1))
	for i := 0; i < 100; i++ {
		var sb strings.Builder
		sb.WriteString("INSERT INTO t (a, b) VALUES ")
		for j := 0; j < 1000; j++ {
			if j > 0 {
				sb.WriteByte(',')
			}
			fmt.Fprintf(&sb, "(%d, 'v%d')", rng.Intn(1_000_000), rng.Intn(1_000_000))
		}
		spillBenchRows(b, c, sb.String())
	}
	for _, budget := range []int64{1 << 40, 256 << 10} {
		b.Run(fmt.Sprintf("budget=%d", budget), func(b *testing.B) {
			c.spillBudget = budget
			for i := 0; i < b.N; i++ {
				require.Equal(b, 100_000, spillBenchRows(b, c, "SELECT b, a FROM t ORDER BY b, a"))
			}
		})
	}
}

// spillBenchRows runs one statement and returns how many rows it produced.
func spillBenchRows(b *testing.B, c *Conn, sql string) int {
	ctx := context.Background()
	st, _, err := c.Prepare(ctx, sql)
	require.NoError(b, err)
	rows, err := st.Query(ctx, nil)
	require.NoError(b, err)
	dest := make([]vm.Value, len(st.Columns()))
	n := 0
	for {
		ok, err := rows.Next(dest)
		require.NoError(b, err)
		if !ok {
			return n
		}
		n++
	}
}
