package walrus_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/walrusdb/walrus"
	"github.com/walrusdb/walrus/internal/mariadbtest"
)

// migrationFiles returns the .sql files of testdata/migrations/dir in name
// order, the order a migration tool applies them.
func migrationFiles(t *testing.T, dir string) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("testdata", "migrations", dir, "*.sql"))
	require.NoError(t, err)
	require.NotEmpty(t, files, dir)
	sort.Strings(files)
	return files
}

// applyMigrations runs the files in order inside one transaction, as a
// migration tool does on a database with transactional DDL. It returns the
// file that failed (or "") and its error; on an error the transaction is
// rolled back, otherwise committed. beforeLast, if not nil, runs inside the
// transaction before the last file.
func applyMigrations(t *testing.T, db *sql.DB, files []string, beforeLast func(*sql.Tx)) (string, error) {
	t.Helper()
	ctx := context.Background()
	tx, err := db.BeginTx(ctx, nil)
	require.NoError(t, err)
	for i, f := range files {
		if i == len(files)-1 && beforeLast != nil {
			beforeLast(tx)
		}
		text, err := os.ReadFile(f)
		require.NoError(t, err)
		if _, err := tx.ExecContext(ctx, string(text)); err != nil {
			require.NoError(t, tx.Rollback(), "rollback after %s", f)
			return f, err
		}
	}
	require.NoError(t, tx.Commit())
	return "", nil
}

// schemaSnapshot is everything a migration can change: the rows of
// sqlite_schema (root pages included) and of the walrus_schema catalog,
// the schema cookie, what the connection's loaded schema says (SHOW CREATE
// TABLE) and every table's rows.
func schemaSnapshot(t *testing.T, db querier) map[string][]string {
	t.Helper()
	snap := map[string][]string{
		"sqlite_schema":  anyLines(t, db, "SELECT type, name, tbl_name, rootpage, `sql` FROM sqlite_schema ORDER BY name"),
		"walrus_schema":  anyLines(t, db, "SELECT * FROM walrus_schema ORDER BY name"),
		"schema_version": anyLines(t, db, "PRAGMA schema_version"),
	}
	tables := anyLines(t, db, "SELECT name FROM sqlite_schema WHERE type = 'table' AND name <> 'walrus_schema' ORDER BY name")
	for _, name := range tables {
		snap["create "+name] = anyLines(t, db, "SHOW CREATE TABLE `"+name+"`")
		snap["rows "+name] = anyLines(t, db, "SELECT * FROM `"+name+"` ORDER BY 1")
	}
	return snap
}

// querier is a *sql.DB or a *sql.Tx.
type querier interface {
	Query(q string, args ...any) (*sql.Rows, error)
}

// anyLines runs q and prints each row's values joined by "|".
func anyLines(t *testing.T, db querier, q string) []string {
	t.Helper()
	rows, err := db.Query(q)
	require.NoError(t, err, q)
	defer rows.Close()
	cols, err := rows.Columns()
	require.NoError(t, err)
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	var lines []string
	for rows.Next() {
		require.NoError(t, rows.Scan(ptrs...))
		fields := make([]string, len(vals))
		for i, v := range vals {
			switch v := v.(type) {
			case nil:
				fields[i] = "NULL"
			case []byte:
				fields[i] = string(v)
			default:
				fields[i] = fmt.Sprint(v)
			}
		}
		lines = append(lines, strings.Join(fields, "|"))
	}
	require.NoError(t, rows.Err(), q)
	return lines
}

// migrationQueries compare the migrated schema and data with MariaDB's.
var migrationQueries = []string{
	"SELECT table_name, column_name, ordinal_position, data_type, is_nullable, character_maximum_length, numeric_precision, numeric_scale " +
		"FROM information_schema.columns WHERE table_schema = DATABASE() ORDER BY table_name, ordinal_position",
	"SELECT table_name, non_unique, index_name, seq_in_index, column_name FROM information_schema.statistics " +
		"WHERE table_schema = DATABASE() ORDER BY table_name, non_unique, index_name, seq_in_index",
	"SELECT table_name, constraint_name, column_name, referenced_table_name, referenced_column_name FROM information_schema.key_column_usage " +
		"WHERE table_schema = DATABASE() AND referenced_table_name IS NOT NULL ORDER BY table_name, constraint_name",
	"SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE() ORDER BY table_name",
	"SELECT id, email, full_name, CAST(created_at AS CHAR) FROM users ORDER BY id",
	"SELECT id, user_id, title, HEX(content), score, published FROM articles ORDER BY id",
}

// TestMigrationSequence applies testdata/migrations/apply (create, alter
// add/modify/rename column, add/drop index, rename table, add foreign key,
// drop table) in one transaction on walrus and on MariaDB and requires the
// same columns, keys and rows on both. Then each fail_* sequence runs in
// one transaction until its *_fails.sql step errors; after the rollback
// the schema (sqlite_schema, catalog, schema cookie, loaded schema) and the
// data are exactly as before, because walrus's DDL is transactional (unlike
// MySQL's, which commits implicitly).
func TestMigrationSequence(t *testing.T) {
	sqlite3, err := exec.LookPath("sqlite3")
	require.NoError(t, err, "sqlite3 is the file-format oracle; scripts/test.sh installs it")
	m := mariadbtest.Start(t)
	m.Query("", "CREATE DATABASE app CHARACTER SET utf8mb4 COLLATE utf8mb4_bin")

	path := filepath.Join(t.TempDir(), "app.db")
	db := openDB(t, path)
	db.SetMaxOpenConns(1)
	files := migrationFiles(t, "apply")
	failed, err := applyMigrations(t, db, files, nil)
	require.NoError(t, err, "migration %s", failed)
	for _, f := range files {
		text, err := os.ReadFile(f)
		require.NoError(t, err)
		_, err = m.Run("app", "", text)
		require.NoError(t, err, "MariaDB: %s", f)
	}
	require.NotEmpty(t, anyLines(t, db, "SELECT * FROM articles"))
	for _, q := range migrationQueries {
		want := mariaDBLines(m.Query("app", q))
		assert.Equal(t, want, anyLines(t, db, q), q)
	}

	failing := []struct {
		dir  string
		code walrus.ErrorCode
	}{
		{"fail_unique", walrus.CodeConstraint},
		{"fail_column", walrus.CodeNoSuchColumn},
	}
	for _, tc := range failing {
		t.Run(tc.dir, func(t *testing.T) {
			before := schemaSnapshot(t, db)
			files := migrationFiles(t, tc.dir)
			var during map[string][]string
			failed, err := applyMigrations(t, db, files, func(tx *sql.Tx) { during = schemaSnapshot(t, tx) })
			// The steps before the failing one did change the schema, data
			// and cookie, so the comparison below means something.
			for _, k := range []string{"sqlite_schema", "walrus_schema", "schema_version"} {
				assert.NotEqual(t, before[k], during[k], k)
			}
			var we *walrus.Error
			require.ErrorAs(t, err, &we, "the sequence must fail")
			assert.Equal(t, tc.code, we.Code, "%v", err)
			assert.Equal(t, files[len(files)-1], failed, "failed at %s: %v", failed, err)
			assert.Equal(t, before, schemaSnapshot(t, db), "the failed sequence must leave nothing behind")
			// The loaded schema is the old one: the old names work.
			_, err = db.Exec("INSERT INTO articles (user_id, title) VALUES (1, 'after rollback'); DELETE FROM articles WHERE title = 'after rollback'")
			require.NoError(t, err)

			// MariaDB fails at the same step (a real error, not a walrus
			// quirk) but keeps the steps before it: its DDL commits.
			m.Query("", "DROP DATABASE IF EXISTS f; CREATE DATABASE f CHARACTER SET utf8mb4 COLLATE utf8mb4_bin")
			mariaFailed := ""
			for _, f := range append(migrationFiles(t, "apply"), files...) {
				text, err := os.ReadFile(f)
				require.NoError(t, err)
				if _, err := m.Run("f", "", text); err != nil {
					mariaFailed = f
					break
				}
			}
			assert.Equal(t, failed, mariaFailed, "MariaDB fails at the same step")
		})
	}

	require.NoError(t, db.Close())
	out, err := exec.Command(sqlite3, path, "PRAGMA integrity_check").CombinedOutput()
	require.NoError(t, err, "%s", out)
	assert.Equal(t, "ok", strings.TrimSpace(string(out)))
}
