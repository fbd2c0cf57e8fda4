package sql

import (
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/walrusdb/walrus/internal/vfs"
)

// runOK is run that must succeed.
func runOK(t *testing.T, c *Conn, script string) []string {
	t.Helper()
	out, err := run(t, c, script)
	require.NoError(t, err, script)
	return out
}

// TestSchemaReloadReusesParses checks that a reload after DDL keeps the
// parsed definitions of unchanged objects (the cache works) and drops
// those of objects that are gone (it stays as large as the schema).
func TestSchemaReloadReusesParses(t *testing.T) {
	c := openMem(t)
	runOK(t, c, "CREATE TABLE a(x INT, y VARCHAR(10) DEFAULT 'd', CHECK (x > 0))")
	runOK(t, c, "CREATE INDEX ax ON a(x)")
	require.NotEmpty(t, c.parsed.prev)
	before := map[string]any{}
	for text, node := range c.parsed.prev {
		before[text] = node
	}
	runOK(t, c, "CREATE TABLE b(z INT)")
	for text, node := range before {
		require.Same(t, node, c.parsed.prev[text], "unchanged %q parsed again", text)
	}
	require.Len(t, c.parsed.prev, len(before)+1)
	runOK(t, c, "DROP TABLE b")
	require.Len(t, c.parsed.prev, len(before), "a dropped table's parse is kept")
	// Defaults and CHECKs of the reused AST still apply.
	require.Equal(t, []string{"1 d"}, runOK(t, c, "INSERT INTO a(x) VALUES (1); SELECT x, y FROM a"))
	_, err := run(t, c, "INSERT INTO a(x) VALUES (0)")
	require.ErrorIs(t, err, &Error{Code: CodeConstraint})
}

// TestSchemaReloadNotStale changes objects in every way that keeps or
// reuses their SQL text and checks that each connection sees the new
// definition: the parse cache is keyed by text, everything else (root
// pages, columns of other objects) comes from the file.
func TestSchemaReloadNotStale(t *testing.T) {
	fs := vfs.NewMemFS()
	c1, err := Open(fs, "s.db", OpenOptions{Create: true})
	require.NoError(t, err)
	defer c1.Close()
	c2, err := Open(fs, "s.db", OpenOptions{})
	require.NoError(t, err)
	defer c2.Close()

	runOK(t, c1, "CREATE TABLE t(a INT); CREATE INDEX ta ON t(a); INSERT INTO t VALUES (1),(2),(3)")
	runOK(t, c1, "CREATE VIEW v AS SELECT * FROM t")
	require.Equal(t, []string{"3"}, runOK(t, c2, "SELECT count(*) FROM v WHERE a > 0"))

	// The same text again names a new, empty b-tree (a new root page).
	runOK(t, c1, "DROP TABLE t; CREATE TABLE t(a INT); CREATE INDEX ta ON t(a); INSERT INTO t VALUES (7)")
	for _, c := range []*Conn{c1, c2} {
		require.Equal(t, []string{"7"}, runOK(t, c, "SELECT a FROM t WHERE a = 7"))
		require.Equal(t, []string{"1"}, runOK(t, c, "SELECT count(*) FROM v"))
	}

	// Another connection's ALTER: the view's text is unchanged, its
	// table's is not.
	runOK(t, c2, "ALTER TABLE t ADD COLUMN b INT DEFAULT 5")
	for _, c := range []*Conn{c1, c2} {
		require.Equal(t, []string{"7 5"}, runOK(t, c, "SELECT * FROM t"))
		require.Equal(t, []string{"7 5"}, runOK(t, c, "SELECT * FROM v"))
	}

	// Rolled back DDL leaves the definitions of before.
	runOK(t, c1, "BEGIN; ALTER TABLE t DROP COLUMN b; CREATE TABLE u(x INT); ROLLBACK")
	require.Equal(t, []string{"7 5"}, runOK(t, c1, "SELECT * FROM t"))
	_, err = run(t, c1, "SELECT * FROM u")
	require.ErrorIs(t, err, &Error{Code: CodeNoSuchTable})

	// A failing statement inside a transaction undoes only itself.
	runOK(t, c1, "BEGIN; CREATE TABLE u(x INT)")
	_, err = run(t, c1, "CREATE TABLE u(x INT)")
	require.Error(t, err)
	runOK(t, c1, "SAVEPOINT s; DROP TABLE u; CREATE TABLE u(x INT, y INT); ROLLBACK TO s; COMMIT")
	require.Equal(t, []string{"u"}, runOK(t, c2, "SELECT name FROM sqlite_schema WHERE name = 'u'"))
	runOK(t, c2, "INSERT INTO u VALUES (1)")
	_, err = run(t, c1, "INSERT INTO u VALUES (1, 2)")
	require.Error(t, err, "u has one column after ROLLBACK TO")

	// RENAME moves the table; a new table takes the old name's text.
	runOK(t, c1, "RENAME TABLE u TO w; CREATE TABLE u(x INT, y INT, z INT)")
	require.Equal(t, []string{"1"}, runOK(t, c2, "SELECT * FROM w"))
	require.Equal(t, []string{"1 2 3"}, runOK(t, c2, "INSERT INTO u VALUES (1, 2, 3); SELECT * FROM u"))
}
