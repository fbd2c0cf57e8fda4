package sql

import (
	"context"
	"fmt"
	"testing"

	"github.com/walrusdb/walrus/internal/vfs"
	"github.com/walrusdb/walrus/vm"
)

// Benchmarks of the per-statement and per-row costs the sqllogictest corpus
// is made of: tables like its tab0 (7 columns), full scans with a WHERE that
// reads two or three of them, and many short statements each parsed and
// compiled anew. On MemFS, so they measure the engine, not the disk.

const benchTableDDL = `CREATE TABLE tab0(pk INTEGER PRIMARY KEY, col0 INTEGER, col1 FLOAT, col2 TEXT, col3 INTEGER, col4 FLOAT, col5 TEXT)`

func benchConn(b *testing.B, rows int) *Conn {
	b.Helper()
	c, err := Open(vfs.NewMemFS(), "bench.db", OpenOptions{Create: true})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { c.Close() })
	benchExec(b, c, benchTableDDL)
	benchExec(b, c, "BEGIN")
	for i := range rows {
		benchExec(b, c, fmt.Sprintf("INSERT INTO tab0 VALUES(%d,%d,%d.5,'t%05d',%d,%d.25,'u%05d')",
			i, i*7919%1000, i%977, i, i*31%1000, i%89, i))
	}
	benchExec(b, c, "COMMIT")
	return c
}

func benchExec(b *testing.B, c *Conn, q string) {
	b.Helper()
	st, _, err := c.Prepare(context.Background(), q)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := st.Exec(context.Background(), nil); err != nil {
		b.Fatal(err)
	}
}

// benchQuery runs q to the end and returns the row count.
func benchQuery(b *testing.B, c *Conn, q string) int {
	ctx := context.Background()
	st, _, err := c.Prepare(ctx, q)
	if err != nil {
		b.Fatal(err)
	}
	rows, err := st.Query(ctx, nil)
	if err != nil {
		b.Fatal(err)
	}
	defer rows.Close()
	dest := make([]vm.Value, len(st.Columns()))
	n := 0
	for {
		ok, err := rows.Next(dest)
		if err != nil {
			b.Fatal(err)
		}
		if !ok {
			return n
		}
		n++
	}
}

// BenchmarkScanWhere is a full scan of 2000 rows whose WHERE reads two of
// seven columns (the shape of most corpus queries); one op is one query.
func BenchmarkScanWhere(b *testing.B) {
	c := benchConn(b, 2000)
	const q = "SELECT pk FROM tab0 WHERE col0 > 500 AND col3 < 300"
	want := benchQuery(b, c, q)
	if want == 0 {
		b.Fatal("no rows matched")
	}
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		if n := benchQuery(b, c, q); n != want {
			b.Fatalf("%d rows, want %d", n, want)
		}
	}
}

// BenchmarkScanText is a full scan that reads a text column of every row.
func BenchmarkScanText(b *testing.B) {
	c := benchConn(b, 2000)
	const q = "SELECT col2 FROM tab0 WHERE col5 > 'u01000'"
	want := benchQuery(b, c, q)
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		if n := benchQuery(b, c, q); n != want {
			b.Fatalf("%d rows, want %d", n, want)
		}
	}
}

// BenchmarkPrepareSelect parses and compiles a select4-style query; one op
// is one Prepare.
func BenchmarkPrepareSelect(b *testing.B) {
	c := benchConn(b, 0)
	ctx := context.Background()
	const q = "SELECT col2 FROM tab0 WHERE (col0=824) OR col3 IN (834,332,579,857,809) OR col1 BETWEEN 5 AND 9 ORDER BY 1"
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		if _, _, err := c.Prepare(ctx, q); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPointSelect is one short query by primary key, prepared and run:
// the per-statement overhead; one op is one statement.
func BenchmarkPointSelect(b *testing.B) {
	c := benchConn(b, 100)
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		if n := benchQuery(b, c, fmt.Sprintf("SELECT col2, col5 FROM tab0 WHERE pk = %d", i%100)); n != 1 {
			b.Fatalf("%d rows", n)
		}
	}
}
