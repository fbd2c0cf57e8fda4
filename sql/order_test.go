package sql

import (
	"flag"
	"fmt"
	"math/rand"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

var orderSeed = flag.Int64("order-seed", 1, "seed of TestOrderAccessDifferential")

// TestOrderAccessDifferential runs random WHERE / ORDER BY / LIMIT queries
// with the sorter skipped where the access path gives the order, and
// again with every ORDER BY sorted (alwaysSort): the rows must be the
// same. ORDER BY ends with the rowid so that the order is total (ties
// may legitimately come out differently).
func TestOrderAccessDifferential(t *testing.T) {
	rng := rand.New(rand.NewSource(*orderSeed))
	t.Logf("seed %d", *orderSeed)
	c := openMem(t)
	_, err := run(t, c, `CREATE TABLE t (id INTEGER PRIMARY KEY, a INT, b VARCHAR(8), c DOUBLE, d DATE,
		KEY ia (a), KEY iab (a, b), KEY ibd (b DESC, a), KEY ic (c DESC), KEY id_ (d))`)
	require.NoError(t, err)
	var sb strings.Builder
	sb.WriteString("INSERT INTO t VALUES ")
	for i := 1; i <= 400; i++ {
		if i > 1 {
			sb.WriteByte(',')
		}
		val := func(s string) string {
			if rng.Intn(8) == 0 {
				return "NULL"
			}
			return s
		}
		fmt.Fprintf(&sb, "(%d, %s, %s, %s, %s)", i*3, val(fmt.Sprint(rng.Intn(20))), val(fmt.Sprintf("'%c%d'", 'a'+rng.Intn(5), rng.Intn(3))),
			val(fmt.Sprintf("%d.5", rng.Intn(10)-5)), val(fmt.Sprintf("'2024-01-%02d'", 1+rng.Intn(28))))
	}
	_, err = run(t, c, sb.String())
	require.NoError(t, err)

	// {t} is the qualifier of the outer table ("" or "t.").
	wheres := []string{"", "{t}a = %d", "{t}a > %d", "{t}a <= %d", "{t}a >= %d AND {t}a < %d", "{t}id > %d", "{t}id <= %d",
		"{t}id > %d AND {t}id < %d", "{t}id BETWEEN %d AND %d", "{t}a = %d AND {t}b > 'b'", "{t}a = %d AND {t}b = 'c1'",
		"{t}b < 'c'", "{t}b >= 'b1'", "{t}c > 0", "{t}d >= '2024-01-10'", "{t}id >= %d.5", "{t}a IN (1, 5, %d)",
		"{t}a > %d OR {t}id < 30"}
	orders := []string{"a", "a DESC", "b", "b DESC", "a, b", "a DESC, b DESC", "a, b DESC", "b DESC, a", "c", "c DESC", "d", "d DESC",
		"id", "id DESC", "a, id", "1", "2 DESC", "x", "x DESC"}
	skipped, total := 0, 0
	for i := 0; i < 400; i++ {
		w := wheres[rng.Intn(len(wheres))]
		n := strings.Count(w, "%d")
		args := make([]any, n)
		for j := range args {
			args[j] = rng.Intn(25) * (1 + strings.Count(w, "id")*30)
		}
		w = fmt.Sprintf(w, args...)
		o := orders[rng.Intn(len(orders))]
		dir := ""
		if strings.HasSuffix(o, "DESC") {
			dir = " DESC"
		}
		q := "SELECT a AS x, b, c, d, id FROM t"
		if w != "" {
			q += " WHERE " + strings.ReplaceAll(w, "{t}", "")
		}
		q += " ORDER BY " + o + ", id" + dir
		if rng.Intn(3) == 0 && !strings.ContainsAny(o, "12") {
			// A join: the outer loop's order, inner rows in loop order.
			q = "SELECT t.a AS x, t.b, t.c, t.d, t.id, u.id FROM t JOIN t AS u ON u.a = t.a + 1"
			if w != "" {
				q += " WHERE " + strings.ReplaceAll(w, "{t}", "t.")
			}
			items := strings.Split(o, ", ")
			for k, it := range items {
				if it[0] != 'x' {
					items[k] = "t." + it
				}
			}
			q += " ORDER BY " + strings.Join(items, ", ") + ", t.id" + dir
		}
		if rng.Intn(2) == 0 {
			q += fmt.Sprintf(" LIMIT %d", 1+rng.Intn(30))
		}
		plan, err := run(t, c, "EXPLAIN "+q)
		require.NoError(t, err, q)
		total++
		if !strings.Contains(strings.Join(plan, "\n"), "sorter") {
			skipped++
		}
		got, err := run(t, c, q)
		require.NoError(t, err, q)
		alwaysSort = true
		sorted, err := run(t, c, "EXPLAIN "+q)
		require.NoError(t, err, q)
		require.Contains(t, strings.Join(sorted, "\n"), "sorter", "alwaysSort: %s", q)
		want, err := run(t, c, q)
		alwaysSort = false
		require.NoError(t, err, q)
		require.Equal(t, want, got, q)
	}
	t.Logf("%d of %d queries ran without a sorter", skipped, total)
	require.Greater(t, skipped, total/5, "the differential test exercises the index order")
}
