package sql

import (
	"context"
	"testing"

	"github.com/walrusdb/walrus/vm"
)

// FuzzPrepare feeds arbitrary text to Prepare and runs what compiles
// against a small database: errors are fine, panics and hangs are not.
// The seed corpus runs in normal tests.
func FuzzPrepare(f *testing.F) {
	for _, s := range []string{
		"SELECT 1", "SELECT a FROM t WHERE b IN (SELECT b FROM t) ORDER BY 1 LIMIT 2",
		"PRAGMA table_info(t)", "BEGIN; COMMIT", "SELECT * FROM t AS x LEFT JOIN t AS y USING (a)",
		"INSERT INTO t VALUES(1, 'x')", "UPDATE t SET a = a + 1 WHERE b = 'x'", "DELETE FROM t",
		"SELECT count(*), b FROM t GROUP BY 2 HAVING count(*) > 1", "SELECT 1 UNION SELECT 2 EXCEPT SELECT 1",
		"CREATE TRIGGER r AFTER INSERT ON t BEGIN SELECT 1; END", "'", "`", "/*", "-- x", "PRAGMA a(",
		"SELECT (SELECT a FROM t LIMIT 1) + ?",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, q string) {
		c := openMem(t)
		ctx := context.Background()
		if _, err := run(t, c, "CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT); INSERT INTO t VALUES(1, 'x'), (2, NULL)"); err != nil {
			t.Fatal(err)
		}
		for i := 0; i < 4 && q != ""; i++ {
			st, tail, err := c.Prepare(ctx, q)
			if err != nil {
				return
			}
			q = tail
			args := make([]vm.Value, st.NumInput())
			rows, err := st.Query(ctx, args)
			if err != nil {
				continue
			}
			dest := make([]vm.Value, len(st.Columns()))
			for n := 0; n < 1000; n++ {
				ok, err := rows.Next(dest)
				if err != nil || !ok {
					break
				}
			}
			rows.Close()
		}
	})
}
