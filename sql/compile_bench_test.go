package sql

import (
	"context"
	"fmt"
	"testing"
)

// Benchmarks of statement preparation and schema reloading (the compiler's
// share of the sqllogictest corpus): a join through a view and an index as
// the index/view files write them, and the reload every DDL statement
// causes in a schema of many tables.

// BenchmarkPrepareJoin parses and compiles a two-table join with an IN
// list, a range and ORDER BY; one op is one Prepare.
func BenchmarkPrepareJoin(b *testing.B) {
	c := benchConn(b, 0)
	benchExec(b, c, "CREATE TABLE tab1(pk INTEGER PRIMARY KEY, col0 INTEGER, col1 FLOAT, col2 TEXT, col3 INTEGER, col4 FLOAT, col5 TEXT)")
	benchExec(b, c, "CREATE INDEX idx_tab1_0 ON tab1 (col0)")
	benchExec(b, c, "CREATE INDEX idx_tab1_3 ON tab1 (col3, col4)")
	benchExec(b, c, "CREATE VIEW view_1 AS SELECT pk, col0 FROM tab1 WHERE col0 < 500")
	ctx := context.Background()
	const q = "SELECT DISTINCT t.pk, u.col2, t.col4 * 2 AS x FROM tab0 AS t JOIN tab1 AS u ON t.col0 = u.col3 " +
		"WHERE u.col0 IN (1,2,3,4,5) AND t.col1 > 12.5 OR (u.col3 BETWEEN 7 AND 9 AND t.col5 IS NULL) ORDER BY 1 DESC, 2"
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		if _, _, err := c.Prepare(ctx, q); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSchemaReload creates and drops a view in a schema of 20 tables
// with two indexes each; one op is the two DDL statements and their two
// schema reloads.
func BenchmarkSchemaReload(b *testing.B) {
	c := benchConn(b, 0)
	for i := range 20 {
		benchExec(b, c, fmt.Sprintf("CREATE TABLE t%d(pk INTEGER PRIMARY KEY, a INT NOT NULL DEFAULT 3, b VARCHAR(20), "+
			"c DECIMAL(10,2), d DATETIME, UNIQUE(b), CHECK (a > 0))", i))
		benchExec(b, c, fmt.Sprintf("CREATE INDEX t%d_ac ON t%d (a, c)", i, i))
	}
	benchExec(b, c, "CREATE VIEW v0 AS SELECT pk, a FROM t0 WHERE a > 1")
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		benchExec(b, c, "CREATE VIEW v1 AS SELECT t1.a, t2.b FROM t1 JOIN t2 USING (pk)")
		benchExec(b, c, "DROP VIEW v1")
	}
}
