package bench

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// BenchmarkStmt is the per-statement fixed cost of each engine, through
// database/sql, with synchronous=OFF so that syncs do not hide the CPU: the
// same statements as the root package's BenchmarkStmt* (stmtpath_bench_test.go).
//
//	go test -run XXX -bench 'Stmt/' -benchmem .
func BenchmarkStmt(b *testing.B) {
	cases := []struct {
		name string
		run  func(b *testing.B, db *sql.DB)
	}{
		{"select1", func(b *testing.B, db *sql.DB) {
			var n int64
			if err := db.QueryRow("SELECT 1").Scan(&n); err != nil || n != 1 {
				b.Fatal(n, err)
			}
		}},
		{"point", func(b *testing.B, db *sql.DB) {
			var a int64
			if err := db.QueryRow("SELECT a FROM t WHERE id = 7").Scan(&a); err != nil || a != 70 {
				b.Fatal(a, err)
			}
		}},
		{"point5", func(b *testing.B, db *sql.DB) {
			var (
				id, a int64
				s, e  string
				c     float64
			)
			if err := db.QueryRow("SELECT id, a, b, c, e FROM t WHERE id = 7").Scan(&id, &a, &s, &c, &e); err != nil || s != "name7" {
				b.Fatal(s, err)
			}
		}},
		{"insert", func(b *testing.B, db *sql.DB) {
			if _, err := db.Exec("INSERT INTO t (a, b) VALUES (1, 'x')"); err != nil {
				b.Fatal(err)
			}
		}},
		{"insert-args", func(b *testing.B, db *sql.DB) {
			if _, err := db.Exec("INSERT INTO t (a, b) VALUES (?, ?)", 12345, "x"); err != nil {
				b.Fatal(err)
			}
		}},
		{"scan1000", func(b *testing.B, db *sql.DB) {
			rows, err := db.Query("SELECT id, a, b, c, d FROM big")
			if err != nil {
				b.Fatal(err)
			}
			cells := make([]any, 5)
			ptrs := make([]any, 5)
			for i := range cells {
				ptrs[i] = &cells[i]
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
		}},
	}
	s := DefaultSettings()
	s.Synchronous = "OFF"
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			for _, e := range Engines()[:2] { // walrus, C SQLite
				b.Run(e.Name, func(b *testing.B) {
					db, err := e.Open(context.Background(), filepath.Join(b.TempDir(), "stmt.db"), s)
					require.NoError(b, err)
					defer db.Close()
					db.SetMaxOpenConns(1)
					fillStmtTables(b, db)
					b.ReportAllocs()
					for b.Loop() {
						c.run(b, db)
					}
				})
			}
		})
	}
}

func fillStmtTables(b *testing.B, db *sql.DB) {
	_, err := db.Exec("CREATE TABLE t (id INTEGER PRIMARY KEY, a INT, b VARCHAR(20), c DOUBLE, d INT, e VARCHAR(20))")
	require.NoError(b, err)
	for i := 1; i <= 10; i++ {
		_, err = db.Exec(fmt.Sprintf("INSERT INTO t VALUES (%d, %d, 'name%d', %d.5, %d, 'x')", i, i*10, i, i, i*3))
		require.NoError(b, err)
	}
	_, err = db.Exec("CREATE TABLE big (id INTEGER PRIMARY KEY, a INT, b VARCHAR(20), c DOUBLE, d INT)")
	require.NoError(b, err)
	tx, err := db.Begin()
	require.NoError(b, err)
	for i := 1; i <= 1000; i++ {
		_, err = tx.Exec("INSERT INTO big VALUES (?, ?, ?, ?, ?)", i, i*1000, fmt.Sprint("name", i), float64(i)+0.5, -i)
		require.NoError(b, err)
	}
	require.NoError(b, tx.Commit())
}
