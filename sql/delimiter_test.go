package sql

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// TestDelimiter runs what mariadb-dump and schema scripts write around
// triggers: the mysql client's DELIMITER command.
func TestDelimiter(t *testing.T) {
	cases := []struct{ name, script, query, want string }{
		{"mariadb-dump trigger", "CREATE TABLE t (a INT, n INT);\n" +
			"/*!50003 SET @saved_sql_mode = @@sql_mode */ ;\n" +
			"/*!50003 SET sql_mode = 'STRICT_TRANS_TABLES,ERROR_FOR_DIVISION_BY_ZERO,NO_AUTO_CREATE_USER,NO_ENGINE_SUBSTITUTION' */ ;\n" +
			"DELIMITER ;;\n" +
			"/*!50003 CREATE*/ /*!50017 DEFINER=`root`@`localhost`*/ /*!50003 TRIGGER t_bi BEFORE INSERT ON t FOR EACH ROW SET NEW.n = NEW.a * 2 */;;\n" +
			"DELIMITER ;\n" +
			"/*!50003 SET sql_mode = @saved_sql_mode */ ;\n" +
			"INSERT INTO t (a) VALUES (21)", "SELECT n FROM t", "42"},
		{"custom delimiter around a BEGIN ... END body", "CREATE TABLE t (a INT, s VARCHAR(5), n INT);\n" +
			"delimiter //\n" +
			"CREATE TRIGGER t_bi BEFORE INSERT ON t FOR EACH ROW BEGIN\n  SET NEW.n = NEW.a + 1;\n  SET NEW.n = NEW.n * 10;\nEND//\n" +
			"INSERT INTO t (a, s) VALUES (1, '//'), (2, '$') //\n" +
			"DELIMITER ;\n" +
			"INSERT INTO t (a, s) VALUES (3, '');", "SELECT GROUP_CONCAT(n, s ORDER BY n) FROM t", "20//,30$,40"},
		{"delimiter kept to the end", "CREATE TABLE t (a INT);\nDELIMITER $$\nINSERT INTO t VALUES (1) $$ INSERT INTO t VALUES (2) $$", "SELECT COUNT(*) FROM t", "2"},
		{"a bare DELIMITER is a no-op", "CREATE TABLE t (a INT); DELIMITER\n; INSERT INTO t VALUES (1)", "SELECT COUNT(*) FROM t", "1"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := openMem(t)
			_, err := run(t, c, tc.script)
			require.NoError(t, err)
			got, err := run(t, c, tc.query)
			require.NoError(t, err)
			require.Equal(t, []string{tc.want}, got)
		})
	}
	// A statement of only an executable comment runs.
	c := openMem(t)
	got, err := run(t, c, "CREATE TABLE t (a INT); /*!40000 INSERT INTO t VALUES (7) */; SELECT a FROM t")
	require.NoError(t, err)
	require.Equal(t, []string{"7"}, got)
}
