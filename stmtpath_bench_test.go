package walrus_test

import (
	"database/sql"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// Per-statement cost through database/sql, the path users take: the fixed
// work from the driver call to the first instruction and back. The bench
// module (bench/) runs the same statements on C SQLite.

func openBenchDB(b *testing.B) *sql.DB {
	b.Helper()
	path := filepath.Join(b.TempDir(), "bench.db")
	db, err := sql.Open("walrus", "file:"+path+"?_pragma=synchronous(OFF)")
	require.NoError(b, err)
	b.Cleanup(func() { db.Close() })
	db.SetMaxOpenConns(1)
	_, err = db.Exec("CREATE TABLE t (id INTEGER PRIMARY KEY, a INT, b VARCHAR(20), c DOUBLE, d INT, e VARCHAR(20))")
	require.NoError(b, err)
	for i := 1; i <= 10; i++ {
		_, err = db.Exec(fmt.Sprintf("INSERT INTO t VALUES (%d, %d, 'name%d', %d.5, %d, 'x')", i, i*10, i, i, i*3))
		require.NoError(b, err)
	}
	return db
}

func BenchmarkStmtSelect1(b *testing.B) {
	db := openBenchDB(b)
	b.ReportAllocs()
	for b.Loop() {
		var n int64
		if err := db.QueryRow("SELECT 1").Scan(&n); err != nil || n != 1 {
			b.Fatal(n, err)
		}
	}
}

func BenchmarkStmtPointSelect(b *testing.B) {
	db := openBenchDB(b)
	b.ReportAllocs()
	for b.Loop() {
		var a int64
		if err := db.QueryRow("SELECT a FROM t WHERE id = 7").Scan(&a); err != nil || a != 70 {
			b.Fatal(a, err)
		}
	}
}

func BenchmarkStmtPointSelect5(b *testing.B) {
	db := openBenchDB(b)
	b.ReportAllocs()
	for b.Loop() {
		var (
			id, a int64
			s, e  string
			c     float64
		)
		if err := db.QueryRow("SELECT id, a, b, c, e FROM t WHERE id = 7").Scan(&id, &a, &s, &c, &e); err != nil || s != "name7" {
			b.Fatal(s, err)
		}
	}
}

func BenchmarkStmtInsert(b *testing.B) {
	db := openBenchDB(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := db.Exec("INSERT INTO t (a, b) VALUES (1, 'x')"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkStmtInsertArgs(b *testing.B) {
	db := openBenchDB(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := db.Exec("INSERT INTO t (a, b) VALUES (?, ?)", 12345, "x"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkStmtScan reads 1,000 rows of 5 columns: the per-row cost of
// Next and the values it returns.
func BenchmarkStmtScan(b *testing.B) {
	db := openBenchDB(b)
	_, err := db.Exec("CREATE TABLE big (id INTEGER PRIMARY KEY, a INT, b VARCHAR(20), c DOUBLE, d INT)")
	require.NoError(b, err)
	tx, err := db.Begin()
	require.NoError(b, err)
	for i := 1; i <= 1000; i++ {
		_, err = tx.Exec("INSERT INTO big VALUES (?, ?, ?, ?, ?)", i, i*1000, fmt.Sprint("name", i), float64(i)+0.5, -i)
		require.NoError(b, err)
	}
	require.NoError(b, tx.Commit())
	cells := make([]any, 5)
	ptrs := make([]any, 5)
	for i := range cells {
		ptrs[i] = &cells[i]
	}
	b.ReportAllocs()
	for b.Loop() {
		rows, err := db.Query("SELECT id, a, b, c, d FROM big")
		if err != nil {
			b.Fatal(err)
		}
		n := 0
		for rows.Next() {
			if err := rows.Scan(ptrs...); err != nil {
				b.Fatal(err)
			}
			n++
		}
		if err := rows.Close(); err != nil || n != 1000 {
			b.Fatal(n, err)
		}
	}
}
