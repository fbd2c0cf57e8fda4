package sql

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/walrusdb/walrus/vm"
)

func TestSessionVariables(t *testing.T) {
	cases := []struct {
		name, script string
		want         []string
		code         Code // expected error code; CodeGeneric with wantErr
		wantErr      bool
	}{
		{"version", "SELECT VERSION(), @@version, @@version = VERSION()", []string{"8.0.36-walrus-0.1 8.0.36-walrus-0.1 1"}, 0, false},
		{"database", "SELECT DATABASE(), SCHEMA()", []string{"main main"}, 0, false},
		{"user var unset is NULL", "SELECT @nope, @nope IS NULL", []string{"NULL 1"}, 0, false},
		{"user var int", "SET @x = 1; SELECT @x + 1", []string{"2"}, 0, false},
		{"user var empty string", "SET @x = ''; SELECT @x = '', @x IS NULL", []string{"1 0"}, 0, false},
		{"user var NULL", "SET @x = 5; SET @x = NULL; SELECT @x IS NULL", []string{"1"}, 0, false},
		{"user var from expr", "SET @a := 2, @b = @a * 10; SELECT @a, @b", []string{"2 20"}, 0, false},
		{"user var case-insensitive", "SET @AbC = 'q'; SELECT @abc", []string{"q"}, 0, false},
		{"autocommit default", "SELECT @@autocommit, @@session.autocommit, @@SESSION.AUTOCOMMIT", []string{"1 1 1"}, 0, false},
		{"autocommit off", "SET autocommit = OFF; SELECT @@autocommit", []string{"0"}, 0, false},
		{"autocommit bad", "SET autocommit = 7", nil, CodeMismatch, true},
		{"save and restore", "SET @OLD_SQL_MODE=@@SQL_MODE, SQL_MODE='NO_AUTO_VALUE_ON_ZERO'; SELECT @@sql_mode; SET SQL_MODE=@OLD_SQL_MODE; SELECT @@sql_mode, @OLD_SQL_MODE",
			[]string{"STRICT_TRANS_TABLES,NO_ENGINE_SUBSTITUTION STRICT_TRANS_TABLES,NO_ENGINE_SUBSTITUTION"}, 0, false},
		{"sql_mode traditional", "SET sql_mode = 'traditional'; SELECT @@sql_mode",
			[]string{"STRICT_TRANS_TABLES,STRICT_ALL_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION"}, 0, false},
		{"sql_mode empty", "SET sql_mode = ''; SELECT @@sql_mode = ''", []string{"1"}, 0, false},
		{"sql_mode refused", "SET sql_mode = 'ANSI_QUOTES'", nil, CodeNotSupported, true},
		{"sql_mode unknown", "SET sql_mode = 'BOGUS'", nil, CodeMismatch, true},
		{"sql_mode NULL", "SET sql_mode = NULL", nil, CodeMismatch, true},
		{"sql_mode default", "SET sql_mode = ''; SET sql_mode = DEFAULT; SELECT @@sql_mode", []string{"STRICT_TRANS_TABLES,NO_ENGINE_SUBSTITUTION"}, 0, false},
		{"set names", "SET NAMES utf8mb4; SELECT @@character_set_client, @@character_set_results, @@character_set_connection, @@collation_connection",
			[]string{"utf8mb4 utf8mb4 utf8mb4 utf8mb4_bin"}, 0, false},
		{"set names utf8", "SET NAMES utf8; SELECT @@character_set_client", []string{"utf8mb3"}, 0, false},
		{"set names collate", "SET NAMES utf8mb4 COLLATE utf8mb4_bin; SELECT @@collation_connection", []string{"utf8mb4_bin"}, 0, false},
		{"set names ci recorded", "SET NAMES utf8mb4 COLLATE utf8mb4_unicode_ci; SELECT @@collation_connection", []string{"utf8mb4_unicode_ci"}, 0, false},
		{"collation latin1 refused", "SET collation_connection = 'latin1_swedish_ci'", nil, CodeNotSupported, true},
		{"rails connect", "SET NAMES utf8mb4 COLLATE utf8mb4_unicode_ci,  @@SESSION.sql_mode = CONCAT(CONCAT(@@sql_mode, ',STRICT_ALL_TABLES'), ',NO_AUTO_VALUE_ON_ZERO'),  @@SESSION.sql_auto_is_null = 0, @@SESSION.wait_timeout = 2147483; SELECT @@sql_mode, @@wait_timeout",
			[]string{"NO_AUTO_VALUE_ON_ZERO,STRICT_TRANS_TABLES,STRICT_ALL_TABLES,NO_ENGINE_SUBSTITUTION 2147483"}, 0, false},
		{"laravel strict off", "SET sql_mode=(SELECT REPLACE(@@sql_mode,'STRICT_TRANS_TABLES','')); SELECT @@sql_mode", []string{"NO_ENGINE_SUBSTITUTION"}, 0, false},
		{"set names latin1 refused", "SET NAMES latin1", nil, CodeNotSupported, true},
		{"results NULL", "SET character_set_results = NULL; SELECT @@character_set_results IS NULL", []string{"1"}, 0, false},
		{"dump header", "/*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */;" +
			"/*!40103 SET @OLD_TIME_ZONE=@@TIME_ZONE */; /*!40103 SET TIME_ZONE='+00:00' */;" +
			"/*!40014 SET @OLD_UNIQUE_CHECKS=@@UNIQUE_CHECKS, UNIQUE_CHECKS=0 */;" +
			"/*!40014 SET @OLD_FOREIGN_KEY_CHECKS=@@FOREIGN_KEY_CHECKS, FOREIGN_KEY_CHECKS=0 */;" +
			"/*!40111 SET @OLD_SQL_NOTES=@@SQL_NOTES, SQL_NOTES=0 */;" +
			"/*M!100616 SET @OLD_NOTE_VERBOSITY=@@NOTE_VERBOSITY, NOTE_VERBOSITY=0 */;" +
			"SELECT @@time_zone, @@unique_checks, @@foreign_key_checks, @@sql_notes, @OLD_TIME_ZONE;" +
			"/*!40103 SET TIME_ZONE=@OLD_TIME_ZONE */;/*!40014 SET FOREIGN_KEY_CHECKS=@OLD_FOREIGN_KEY_CHECKS */;" +
			"/*!40111 SET SQL_NOTES=@OLD_SQL_NOTES */;/*!40101 SET CHARACTER_SET_CLIENT=@OLD_CHARACTER_SET_CLIENT */;" +
			"SELECT @@time_zone, @@foreign_key_checks, @@sql_notes, @@character_set_client",
			[]string{"SYSTEM 1 1 utf8mb4"}, 0, false},
		{"time zone bad", "SET time_zone = 'Mars/Olympus'", nil, CodeMismatch, true},
		{"isolation", "SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED; SELECT @@transaction_isolation, @@tx_isolation",
			[]string{"READ-COMMITTED READ-COMMITTED"}, 0, false},
		{"orm vars", "SELECT @@max_allowed_packet, @@lower_case_table_names, @@version_comment, @@session.time_zone",
			[]string{"67108864 2 walrus embedded database SYSTEM"}, 0, false},
		{"unknown sysvar read", "SELECT @@no_such_var", nil, CodeGeneric, true},
		{"unknown sysvar set", "SET no_such_var = 1", nil, CodeGeneric, true},
		{"read-only sysvar", "SET version = 'x'", nil, CodeGeneric, true},
		{"global refused", "SET GLOBAL sql_mode = ''", nil, CodeNotSupported, true},
		{"global read is default", "SET sql_mode=''; SELECT @@GLOBAL.sql_mode", []string{"STRICT_TRANS_TABLES,NO_ENGINE_SUBSTITUTION"}, 0, false},
		{"use main", "USE main; SELECT 1", []string{"1"}, 0, false},
		{"use other", "USE other", nil, CodeGeneric, true},
		{"lock tables", "CREATE TABLE t(a INT); LOCK TABLES t WRITE; INSERT INTO t VALUES(1); UNLOCK TABLES; SELECT a FROM t", []string{"1"}, 0, false},
		{"lock missing table", "LOCK TABLES nope READ", nil, CodeNoSuchTable, true},
		{"escapes", `SELECT HEX('a\0b\Zc')`, []string{"6100621A63"}, 0, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := openMem(t)
			got, err := run(t, c, tc.script)
			if tc.wantErr {
				require.Error(t, err)
				require.ErrorIs(t, err, &Error{Code: tc.code}, "%v", err)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tc.want, got)
		})
	}
}

func TestAutocommitOff(t *testing.T) {
	c := openMem(t)
	_, err := run(t, c, "CREATE TABLE t(a INT); SET autocommit=0; INSERT INTO t VALUES(1)")
	require.NoError(t, err)
	require.True(t, c.InTransaction(), "autocommit=0 opens a transaction")
	_, err = run(t, c, "ROLLBACK")
	require.NoError(t, err)
	got, err := run(t, c, "SELECT count(*) FROM t")
	require.NoError(t, err)
	require.Equal(t, []string{"0"}, got, "the insert was rolled back")
	_, err = run(t, c, "INSERT INTO t VALUES(2); COMMIT")
	require.NoError(t, err)
	// BEGIN inside the implicit transaction commits it first.
	_, err = run(t, c, "INSERT INTO t VALUES(3); BEGIN; INSERT INTO t VALUES(4); ROLLBACK")
	require.NoError(t, err)
	// SET autocommit=1 commits the open transaction.
	_, err = run(t, c, "INSERT INTO t VALUES(5); SET autocommit=1")
	require.NoError(t, err)
	require.False(t, c.InTransaction())
	got, err = run(t, c, "SELECT a FROM t ORDER BY a")
	require.NoError(t, err)
	require.Equal(t, []string{"2", "3", "5"}, got)
}

func TestSetWithParameters(t *testing.T) {
	c := openMem(t)
	ctx := context.Background()
	st, _, err := c.Prepare(ctx, "SET @a = ?, @b = ? + 1")
	require.NoError(t, err)
	require.Equal(t, 2, st.NumInput())
	_, err = st.Exec(ctx, []vm.Value{vm.Text("x"), vm.Int(41)})
	require.NoError(t, err)
	_, err = st.Exec(ctx, nil)
	require.ErrorIs(t, err, &Error{Code: CodeRange})
	got, err := run(t, c, "SELECT @a, @b")
	require.NoError(t, err)
	require.Equal(t, []string{"x 42"}, got)

	_, err = run(t, c, "CREATE TABLE users (id INT); CREATE TABLE posts (id INT)")
	require.NoError(t, err)
	st, _, err = c.Prepare(ctx, "SHOW TABLES LIKE ?")
	require.NoError(t, err)
	rows, err := st.Query(ctx, []vm.Value{vm.Text("u%")})
	require.NoError(t, err)
	dest := make([]vm.Value, 1)
	ok, err := rows.Next(dest)
	require.NoError(t, err)
	require.True(t, ok)
	require.Equal(t, "users", dest[0].String())
	ok, err = rows.Next(dest)
	require.NoError(t, err)
	require.False(t, ok)
	require.NoError(t, rows.Close())

	// A prepared SELECT @x sees the value at each execution.
	sel, _, err := c.Prepare(ctx, "SELECT @a")
	require.NoError(t, err)
	for _, want := range []string{"x", "y"} {
		if want == "y" {
			_, err = run(t, c, "SET @a = 'y'")
			require.NoError(t, err)
		}
		rows, err := sel.Query(ctx, nil)
		require.NoError(t, err)
		ok, err := rows.Next(dest)
		require.NoError(t, err)
		require.True(t, ok)
		require.Equal(t, want, dest[0].String())
		require.NoError(t, rows.Close())
	}
}
