package sql

import (
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestDumpLoad runs what mariadb-dump writes for a table and its rows.
func TestDumpLoad(t *testing.T) {
	cases := []struct {
		name, script string
		want         []string
		code         Code
		wantErr      bool
	}{
		{"auto_increment option carries over", "CREATE TABLE t (id int(11) NOT NULL AUTO_INCREMENT, name varchar(20) DEFAULT NULL, PRIMARY KEY (id)) " +
			"ENGINE=InnoDB AUTO_INCREMENT=7 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;" +
			"INSERT INTO t VALUES (1,'a'),(2,NULL); INSERT INTO t(name) VALUES (''); SELECT id, name FROM t ORDER BY id",
			[]string{"1 a", "2 NULL", "7 "}, 0, false},
		{"auto_increment below max", "CREATE TABLE t (id INT AUTO_INCREMENT PRIMARY KEY) AUTO_INCREMENT=2; INSERT INTO t VALUES (5); INSERT INTO t VALUES (NULL); SELECT id FROM t ORDER BY id",
			[]string{"5", "6"}, 0, false},
		{"zero asks for a value", "CREATE TABLE t (id INT AUTO_INCREMENT PRIMARY KEY); INSERT INTO t VALUES (0),(0); SELECT id FROM t ORDER BY id",
			[]string{"1", "2"}, 0, false},
		{"NO_AUTO_VALUE_ON_ZERO keeps 0", "/*!40101 SET @OLD_SQL_MODE=@@SQL_MODE, SQL_MODE='NO_AUTO_VALUE_ON_ZERO' */;" +
			"CREATE TABLE t (id INT AUTO_INCREMENT PRIMARY KEY, v TEXT); INSERT INTO t VALUES (0,'zero'),(NULL,'one');" +
			"/*!40101 SET SQL_MODE=@OLD_SQL_MODE */; SELECT id, v FROM t ORDER BY id",
			[]string{"0 zero", "1 one"}, 0, false},
		{"disable keys", "CREATE TABLE t (a INT); LOCK TABLES `t` WRITE; /*!40000 ALTER TABLE `t` DISABLE KEYS */;" +
			"INSERT INTO `t` VALUES (1),(2); /*!40000 ALTER TABLE `t` ENABLE KEYS */; UNLOCK TABLES; SELECT count(*) FROM t",
			[]string{"2"}, 0, false},
		{"escapes in data", `CREATE TABLE t (b BLOB); INSERT INTO t VALUES ('x\0y\Z\n\'\"\\'); SELECT HEX(b) FROM t`,
			[]string{"7800791A0A27225C"}, 0, false},
		{"general_ci table collation accepted", "CREATE TABLE t (a varchar(5)) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci; SELECT count(*) FROM t", []string{"0"}, 0, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := openMem(t)
			got, err := run(t, c, tc.script)
			if tc.wantErr {
				require.ErrorIs(t, err, &Error{Code: tc.code}, "%v", err)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tc.want, got)
		})
	}
}

// TestCompatScripts runs the scripts of testdata/compat (same format and
// -rewrite flag as TestScripts).
func TestCompatScripts(t *testing.T) { runScripts(t, "testdata/compat/*.txt") }

// TestMariaDBDumpFile loads a file as mariadb-dump writes it, then checks
// rows, restored session variables, the next AUTO_INCREMENT ids and that
// SHOW CREATE TABLE output loads again.
func TestMariaDBDumpFile(t *testing.T) {
	data, err := os.ReadFile("testdata/compat/mariadb-dump.sql")
	require.NoError(t, err)
	c := openMem(t)
	_, err = run(t, c, string(data))
	require.NoError(t, err)
	checks := []struct{ q, want string }{
		{"SELECT id, name, HEX(note) FROM customers ORDER BY id", "0 Zero NULL|1 Ann 6C696E65310A6C696E6532202771756F746564272022647122206261636B5C736C617368|7 NULL 6E756C006374726C7A1A|9  |12 semi;colon 2D2D206E6F74206120636F6D6D656E74"},
		{"SELECT @@sql_mode, @@time_zone, @@foreign_key_checks, @@unique_checks, @@character_set_client, @@sql_notes", "STRICT_TRANS_TABLES,NO_ENGINE_SUBSTITUTION SYSTEM 1 1 utf8mb4 1"},
		{"SELECT id, customer_id, total, created_at FROM orders ORDER BY id", "1 1 19.99 2024-01-02 03:04:05|2 7 0.00 2024-02-03 00:00:00"},
		{"INSERT INTO customers(email) VALUES ('new@example.com'); SELECT max(id) FROM customers", "42"},
		{"INSERT INTO orders(customer_id) VALUES (9); SELECT max(id) FROM orders", "3"},
		{"SELECT id, total FROM big_orders", "1 19.99"},
		{"SELECT @@collation_connection, @@character_set_results", "utf8mb4_bin utf8mb4"},
		{"SELECT k.referenced_table_name, k.referenced_column_name, r.delete_rule FROM information_schema.referential_constraints r JOIN information_schema.key_column_usage k USING (constraint_name)", "customers id CASCADE"},
	}
	for _, ck := range checks {
		got, err := run(t, c, ck.q)
		require.NoError(t, err, ck.q)
		require.Equal(t, ck.want, strings.Join(got, "|"), ck.q)
	}
	// SHOW CREATE TABLE output is valid input for a fresh database.
	for _, tbl := range []string{"customers", "orders"} {
		got, err := run(t, c, "SHOW CREATE TABLE "+tbl)
		require.NoError(t, err)
		ddl := strings.TrimPrefix(got[0], tbl+" ")
		c2 := openMem(t)
		_, err = run(t, c2, "CREATE TABLE customers (id INT PRIMARY KEY); "+strings.Replace(ddl, "CREATE TABLE `customers`", "CREATE TABLE `customers2`", 1))
		require.NoError(t, err, ddl)
	}
}
