package sql

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/walrusdb/walrus/internal/vfs"
	"github.com/walrusdb/walrus/vm"
)

func openMem(t *testing.T) *Conn {
	t.Helper()
	c, err := Open(vfs.NewMemFS(), "test.db", OpenOptions{Create: true})
	require.NoError(t, err)
	t.Cleanup(func() { c.Close() })
	return c
}

// run executes every statement of script and returns the rows of the last
// one, rendered as text.
func run(t *testing.T, c *Conn, script string) ([]string, error) {
	t.Helper()
	ctx := context.Background()
	var out []string
	for strings.TrimSpace(script) != "" {
		st, tail, err := c.Prepare(ctx, script)
		if err != nil {
			return nil, err
		}
		script = tail
		rows, err := st.Query(ctx, nil)
		if err != nil {
			return nil, err
		}
		out = out[:0]
		dest := make([]vm.Value, len(st.Columns()))
		for {
			ok, err := rows.Next(dest)
			if err != nil {
				return nil, err
			}
			if !ok {
				break
			}
			parts := make([]string, len(dest))
			for i, v := range dest {
				parts[i] = v.String()
			}
			out = append(out, strings.Join(parts, " "))
		}
		rows.Close()
	}
	return out, nil
}

func TestSmokeExpressions(t *testing.T) {
	c := openMem(t)
	got, err := run(t, c, "SELECT 1+2, 7/2, CASE WHEN 1 THEN 'a' ELSE 'b' END, NULL IS NULL, 3 IN (1,2,NULL)")
	require.NoError(t, err)
	require.Equal(t, []string{"3 3.5000 a 1 NULL"}, got)
}

func TestSmokeTable(t *testing.T) {
	c := openMem(t)
	got, err := run(t, c, `CREATE TABLE t1(a INTEGER, b INTEGER, c INTEGER);
		INSERT INTO t1(a,b,c) VALUES(1,2,3),(4,5,6),(7,8,NULL);
		SELECT a, b+c FROM t1 WHERE a > 1 ORDER BY a DESC`)
	require.NoError(t, err)
	require.Equal(t, []string{"7 NULL", "4 11"}, got)
	got, err = run(t, c, "SELECT count(*), sum(a), max(c) FROM t1")
	require.NoError(t, err)
	require.Equal(t, []string{"3 12 6"}, got)
}
