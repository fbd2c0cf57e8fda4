package shell

import (
	"context"
	"database/sql/driver"
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDefinesIndex(t *testing.T) {
	creates := []string{"CREATE TABLE `b` (`id` INT, `x` INT, KEY `idx_b_x` (`x`), INDEX iy(id))"}
	assert.True(t, definesIndex(creates, "idx_b_x"))
	assert.True(t, definesIndex(creates, "iy"))
	assert.False(t, definesIndex(creates, "x"), "a column is not an index")
	assert.False(t, definesIndex(creates, "idx_b"))
}

// TestDumpFormatting checks the dump text for a scripted schema: creation
// order, multi-row INSERTs with MySQL literals, indexes after the data,
// engine-internal objects left out, one transaction.
func TestDumpFormatting(t *testing.T) {
	s, db, out, errs := newFakeShell(t, Config{})
	db.answer("SELECT type, name, tbl_name, `sql` FROM sqlite_schema", fakeResult{
		cols: []string{"type", "name", "tbl_name", "sql"},
		rows: [][]driver.Value{
			{"table", "a", "a", "CREATE TABLE `a`(`id` INTEGER PRIMARY KEY AUTOINCREMENT, `v` TEXT)"},
			{"index", "sqlite_autoindex_b_1", "b", nil},
			{"table", "b", "b", "CREATE TABLE `b`(`x` DECIMAL(5,2), `y` DOUBLE, `z` BLOB)"},
			{"index", "b_x", "b", "CREATE INDEX `b_x` ON `b`(`x`)"},
			{"table", "sqlite_sequence", "sqlite_sequence", "CREATE TABLE sqlite_sequence(name,seq)"},
		},
	})
	db.answer("SHOW CREATE TABLE a", fakeResult{err: errors.New("not supported")})
	db.answer("PRAGMA table_info(a)", fakeResult{
		cols: []string{"cid", "name", "type", "notnull", "dflt_value", "pk"},
		rows: [][]driver.Value{{int64(0), "id", "BIGINT UNSIGNED", int64(1), nil, int64(1)}, {int64(1), "v", "TEXT", int64(0), nil, int64(0)}},
	})
	db.answer("SHOW CREATE TABLE b", fakeResult{
		cols: []string{"Table", "Create Table"},
		rows: [][]driver.Value{{"b", "CREATE TABLE `b` (\n  `x` decimal(5,2),\n  `y` double,\n  `z` blob\n)"}},
	})
	db.answer("SELECT * FROM a", fakeResult{
		cols: []string{"id", "v"}, types: []string{"BIGINT", "TEXT"},
		rows: [][]driver.Value{{int64(1), "it's"}, {int64(2), `C:\dir` + "\nnext"}, {int64(3), nil}},
	})
	db.answer("SELECT * FROM b", fakeResult{
		cols: []string{"x", "y", "z"}, types: []string{"DECIMAL", "DOUBLE", "BLOB"},
		rows: [][]driver.Value{{[]byte("1.50"), 2.5e-9, []byte{0, 1}}},
	})
	require.NoError(t, s.RunReader(context.Background(), strings.NewReader(".dump\n")))
	assert.Empty(t, errs.String())
	assert.Equal(t, "-- walrus dump (MySQL dialect)\n"+
		"/*!40101 SET NAMES utf8mb4 */;\n"+
		"/*!40014 SET FOREIGN_KEY_CHECKS=0 */;\n"+
		"START TRANSACTION;\n"+
		"CREATE TABLE `a`(`id` BIGINT UNSIGNED PRIMARY KEY AUTO_INCREMENT, `v` TEXT) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;\n"+
		"INSERT INTO a (id,v) VALUES\n"+
		"(1,'it''s'),\n"+
		"(2,'C:\\\\dir\\nnext'),\n"+
		"(3,NULL);\n"+
		"CREATE TABLE `b` (\n  `x` decimal(5,2),\n  `y` double,\n  `z` blob\n) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;\n"+
		"INSERT INTO b (x,y,z) VALUES\n"+
		"(1.50,2.5e-9,X'0001');\n"+
		"CREATE INDEX `b_x` ON `b`(`x`);\n"+
		"COMMIT;\n"+
		"/*!40014 SET FOREIGN_KEY_CHECKS=1 */;\n", out.String())

	out.Reset()
	require.NoError(t, s.RunReader(context.Background(), strings.NewReader(".dump a\n")))
	assert.NotContains(t, out.String(), "`b`", ".dump TABLE dumps only that table")
	assert.Contains(t, out.String(), "(3,NULL);\n")
}

func TestDumpBatches(t *testing.T) {
	s, db, out, _ := newFakeShell(t, Config{})
	db.answer("SELECT type, name, tbl_name, `sql` FROM sqlite_schema", fakeResult{
		cols: []string{"type", "name", "tbl_name", "sql"},
		rows: [][]driver.Value{{"table", "n", "n", "CREATE TABLE `n`(`i` INT)"}},
	})
	var rows [][]driver.Value
	for i := 0; i < dumpBatchRows+1; i++ {
		rows = append(rows, []driver.Value{int64(i)})
	}
	db.answer("SELECT * FROM n", fakeResult{cols: []string{"i"}, rows: rows})
	require.NoError(t, s.RunReader(context.Background(), strings.NewReader(".dump\n")))
	assert.Equal(t, 2, strings.Count(out.String(), "INSERT INTO n (i) VALUES\n"))
	assert.Contains(t, out.String(), "(99);\nINSERT INTO n (i) VALUES\n(100);\n")
}

func TestWithBinaryCollation(t *testing.T) {
	tests := []struct{ in, want string }{
		{"CREATE TABLE t (a INT)", "CREATE TABLE t (a INT) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin"},
		{"CREATE TABLE t (a VARCHAR(5) COLLATE utf8mb4_general_ci, b DECIMAL(5,2))", "CREATE TABLE t (a VARCHAR(5) COLLATE utf8mb4_general_ci, b DECIMAL(5,2)) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin"},
		{"CREATE TABLE t (a INT) ENGINE=InnoDB DEFAULT CHARSET=latin1", "CREATE TABLE t (a INT) ENGINE=InnoDB DEFAULT CHARSET=latin1"},
		{"CREATE TABLE t (a INT) COLLATE utf8mb4_bin", "CREATE TABLE t (a INT) COLLATE utf8mb4_bin"},
		{"CREATE TABLE t (a INT) CHARACTER SET utf8mb4", "CREATE TABLE t (a INT) CHARACTER SET utf8mb4"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, withBinaryCollation(tt.in))
	}
}
