package shell

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	_ "github.com/walrusdb/walrus" // the real driver
)

// newRealShell opens a shell on a real walrus database (in memory when
// path is "").
func newRealShell(t *testing.T, path string, mode Mode) (*Shell, *strings.Builder, *strings.Builder) {
	t.Helper()
	var out, errs strings.Builder
	s := New(Config{Driver: "walrus", Stdout: &out, Stderr: &errs, Mode: mode, Headers: true})
	require.NoError(t, s.Open(context.Background(), path))
	t.Cleanup(func() { s.Close() })
	return s, &out, &errs
}

// run runs a script and fails the test on any error message.
func run(t *testing.T, s *Shell, errs *strings.Builder, script string) {
	t.Helper()
	require.NoError(t, s.RunReader(context.Background(), strings.NewReader(script)))
	require.Empty(t, errs.String(), "script:\n%s", script)
}

const roundTripSchema = `
CREATE TABLE authors (
  id INT PRIMARY KEY,
  name VARCHAR(100) NOT NULL,
  bio TEXT
);
CREATE TABLE books (
  id BIGINT PRIMARY KEY,
  author_id INT NOT NULL,
  title VARCHAR(200) NOT NULL,
  price DECIMAL(8,2),
  rating DOUBLE,
  cover BLOB,
  FOREIGN KEY (author_id) REFERENCES authors(id)
);
CREATE INDEX idx_books_author ON books(author_id);
CREATE TABLE ` + "`select`" + ` (` + "`from`" + ` INT, note TEXT);
INSERT INTO authors VALUES (1, 'O''Brien', 'line one\nline two'), (2, 'Zoë Çelik', NULL), (3, 'Back\\slash', '日本語 🐳');
INSERT INTO books VALUES
  (10, 1, 'It''s "quoted"', 12.50, 4.25, X'00FF7F'),
  (11, 2, 'Tabs	and;semicolons', NULL, -1.5e-7, NULL),
  (5000000000, 3, '', 0.99, 1e20, X'');
INSERT INTO ` + "`select`" + ` VALUES (1, 'reserved names'), (NULL, NULL);
CREATE TABLE k (a INT, b INT NOT NULL DEFAULT 3, c INT AUTO_INCREMENT PRIMARY KEY, KEY (b), INDEX ib (a), UNIQUE KEY (a, b));
CREATE INDEX b ON k(b, a);
INSERT INTO k (a, b) VALUES (1, 2), (3, DEFAULT);
CREATE VIEW cheap AS SELECT title FROM books WHERE price < 1;
CREATE TRIGGER books_bi BEFORE INSERT ON books FOR EACH ROW
BEGIN
  IF NEW.price IS NULL THEN SET NEW.price = 1.00; END IF;
  SET NEW.title = CONCAT(NEW.title, '!');
END;
CREATE TRIGGER books_bi0 BEFORE INSERT ON books FOR EACH ROW PRECEDES books_bi SET NEW.title = CONCAT('[', NEW.title);
DELIMITER //
CREATE TRIGGER authors_ad AFTER DELETE ON authors FOR EACH ROW DELETE FROM ` + "`select`" + ` WHERE ` + "`from`" + ` = OLD.id//
DELIMITER ;
`

// triggerProbe fires the triggers of roundTripSchema: the row must read
// "[new!|1.00" (books_bi0 runs first).
const triggerProbe = "INSERT INTO books (id, author_id, title) VALUES (12, 1, 'new');\nSELECT title, price FROM books WHERE id = 12;\n"

// TestDumpRoundTrip (S6): the dump of a database, run in an empty database,
// gives a database whose dump is the same text (S6), and the same rows.
func TestDumpRoundTrip(t *testing.T) {
	src, out, errs := newRealShell(t, "", ModeList)
	run(t, src, errs, roundTripSchema)
	out.Reset()
	run(t, src, errs, ".dump\n")
	dump := out.String()
	require.Contains(t, dump, "INSERT INTO authors (id,name,bio) VALUES\n")
	require.Contains(t, dump, `'line one\nline two'`)
	require.Contains(t, dump, "CREATE INDEX `idx_books_author` ON `books`(`author_id`);")
	require.Contains(t, dump, "CREATE INDEX `b` ON `k`(`b`, `a`);\n", "an index named like a column")
	require.NotContains(t, dump, "CREATE INDEX `ib`", "made by the CREATE TABLE")
	require.Contains(t, dump, "CREATE VIEW cheap AS SELECT title FROM books WHERE price < 1;\nDELIMITER ;;\n"+
		"CREATE TRIGGER books_bi0 BEFORE INSERT ON books FOR EACH ROW SET NEW.title = CONCAT('[', NEW.title);;\n"+
		"CREATE TRIGGER books_bi BEFORE INSERT ON books FOR EACH ROW\nBEGIN\n", "triggers last, in firing order, without PRECEDES")
	require.Contains(t, dump, "= OLD.id;;\nDELIMITER ;\nCOMMIT;\n")

	dst, out2, errs2 := newRealShell(t, "", ModeList)
	run(t, dst, errs2, dump)
	out2.Reset()
	run(t, dst, errs2, ".dump\n")
	assert.Equal(t, dump, out2.String())

	for _, q := range []string{"SELECT * FROM authors", "SELECT * FROM books", "SELECT * FROM `select`", "SELECT * FROM k", "SELECT * FROM cheap"} {
		out.Reset()
		out2.Reset()
		run(t, src, errs, q+";\n")
		run(t, dst, errs2, q+";\n")
		assert.Equal(t, out.String(), out2.String(), q)
		assert.NotEmpty(t, out.String())
	}
	out2.Reset()
	run(t, dst, errs2, triggerProbe)
	assert.Equal(t, "title|price\n[new!|1.00\n", out2.String(), "the loaded triggers fire in order")
}

func TestImportCSVReal(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "people.csv")
	csvText := "\xef\xbb\xbfname,age,score,note\n" +
		"\"Smith, Jane\",34,9.5,\"She said \"\"hi\"\"\"\n" +
		"Zoë,,7,\"two\nlines\"\n" +
		"東京,27,8.25,\n"
	require.NoError(t, os.WriteFile(path, []byte(csvText), 0o644))
	s, out, errs := newRealShell(t, "", ModeCSV)
	require.NoError(t, s.RunReader(context.Background(), strings.NewReader(".import "+path+" people\n")))
	assert.Equal(t, "imported 3 rows into people\n", errs.String())
	errs.Reset()
	out.Reset()
	run(t, s, errs, "SELECT name, age, score, note FROM people ORDER BY age;\n")
	assert.Equal(t, "name,age,score,note\n"+
		"Zoë,,7,\"two\nlines\"\n"+
		"東京,27,8.25,\n"+
		"\"Smith, Jane\",34,9.5,\"She said \"\"hi\"\"\"\n", out.String())

	// Into the existing table: the header is recognised and skipped.
	require.NoError(t, s.RunReader(context.Background(), strings.NewReader(".import "+path+" people\n")))
	out.Reset()
	errs.Reset()
	run(t, s, errs, "SELECT COUNT(*) FROM people;\n")
	assert.Equal(t, "COUNT(*)\n6\n", out.String())
}

func TestSchemaCommandsReal(t *testing.T) {
	s, out, errs := newRealShell(t, "", ModeList)
	run(t, s, errs, roundTripSchema)
	out.Reset()
	run(t, s, errs, ".tables\n")
	assert.Equal(t, "authors  books    cheap    k        select\n", out.String(), "tables and views")
	out.Reset()
	run(t, s, errs, ".indexes books\n")
	assert.Contains(t, out.String(), "idx_books_author")
	out.Reset()
	run(t, s, errs, ".schema authors\n")
	assert.True(t, strings.HasPrefix(out.String(), "CREATE TABLE authors (\n  id INT PRIMARY KEY,"), "the MySQL text as written: %s", out.String())
}

func TestSyntaxErrorCaretReal(t *testing.T) {
	s, _, errs := newRealShell(t, "", ModeList)
	require.NoError(t, s.RunReader(context.Background(), strings.NewReader("SELECT 1,\n  2 FROM WHERE;\n")))
	lines := strings.Split(errs.String(), "\n")
	require.GreaterOrEqual(t, len(lines), 3, errs.String())
	assert.True(t, strings.HasPrefix(lines[0], "Error: syntax error"), lines[0])
	assert.Equal(t, "    2 FROM WHERE", lines[1])
	assert.Equal(t, "           ^", lines[2])
}

func TestDemoDatabase(t *testing.T) {
	path := filepath.Join(t.TempDir(), "demo.db")
	s, out, errs := newRealShell(t, "", ModeList)
	created, err := s.OpenDemo(context.Background(), path)
	require.NoError(t, err)
	assert.True(t, created)
	run(t, s, errs, "SELECT (SELECT COUNT(*) FROM customers), (SELECT COUNT(*) FROM products), (SELECT COUNT(*) FROM orders);\n")
	assert.Contains(t, out.String(), "\n500|60|2000\n")
	out.Reset()
	run(t, s, errs, "SELECT COUNT(*) FROM order_items o JOIN products p ON p.id = o.product_id;\n")
	items := out.String()

	// Reopening does not generate again; the data is the same.
	created, err = s.OpenDemo(context.Background(), path)
	require.NoError(t, err)
	assert.False(t, created)
	out.Reset()
	run(t, s, errs, "SELECT COUNT(*) FROM order_items o JOIN products p ON p.id = o.product_id;\n")
	assert.Equal(t, items, out.String())
}

// TestImportIsAtomic (S7): a record that fails after earlier batches went
// in leaves the table as it was.
func TestImportIsAtomic(t *testing.T) {
	var b strings.Builder
	for i := 1; i <= 250; i++ {
		fmt.Fprintf(&b, "%d,v%d\n", i, i)
	}
	b.WriteString("251,v,extra\n")
	path := filepath.Join(t.TempDir(), "bad.csv")
	require.NoError(t, os.WriteFile(path, []byte(b.String()), 0o644))
	s, out, errs := newRealShell(t, "", ModeList)
	run(t, s, errs, "CREATE TABLE n (id INT, v TEXT);\n")
	require.NoError(t, s.RunReader(context.Background(), strings.NewReader(".import "+path+" n\n")))
	assert.Equal(t, "Error: import: record 251 has 3 fields, table n has 2 columns\n", errs.String())
	errs.Reset()
	run(t, s, errs, "SELECT COUNT(*) FROM n;\n")
	assert.Equal(t, "COUNT(*)\n0\n", out.String())
}

// TestDemoIsDeterministic (S8): two demo databases hold the same rows.
func TestDemoIsDeterministic(t *testing.T) {
	if testing.Short() {
		t.Skip("creates two demo databases")
	}
	dir := t.TempDir()
	var dumps []string
	for _, name := range []string{"one.db", "two.db"} {
		s, out, errs := newRealShell(t, "", ModeList)
		_, err := s.OpenDemo(context.Background(), filepath.Join(dir, name))
		require.NoError(t, err)
		out.Reset()
		run(t, s, errs, ".dump\n")
		dumps = append(dumps, out.String())
	}
	assert.Greater(t, strings.Count(dumps[0], "\n("), 7000, "a few thousand rows")
	assert.Equal(t, dumps[0], dumps[1])
}

// TestStatsReal: the walrus driver exposes I/O counters, and a committed
// INSERT into a file database writes pages and syncs.
func TestStatsReal(t *testing.T) {
	path := filepath.Join(t.TempDir(), "stats.db")
	s, out, errs := newRealShell(t, path, ModeList)
	run(t, s, errs, "CREATE TABLE t (a INT);\nINSERT INTO t VALUES (1);\n.stats\n")
	var read, written, syncs int
	_, err := fmt.Sscanf(out.String(), "stats: pages read %d, pages written %d, fsyncs %d\n", &read, &written, &syncs)
	require.NoError(t, err, out.String())
	assert.Positive(t, written)
	assert.Positive(t, syncs)
}

func TestReadOnlyReal(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ro.db")
	s, _, errs := newRealShell(t, path, ModeList)
	run(t, s, errs, "CREATE TABLE t (a INT);\nINSERT INTO t VALUES (1);\n")
	require.NoError(t, s.Close())

	var out, errs2 strings.Builder
	ro := New(Config{Driver: "walrus", Stdout: &out, Stderr: &errs2, Mode: ModeList, Headers: true, ReadOnly: true})
	require.NoError(t, ro.Open(context.Background(), path))
	defer ro.Close()
	require.NoError(t, ro.RunReader(context.Background(), strings.NewReader("SELECT a FROM t;\nINSERT INTO t VALUES (2);\n")))
	assert.Equal(t, "a\n1\n", out.String())
	assert.Contains(t, errs2.String(), "Error: ")
	assert.True(t, ro.Failed(), "the INSERT fails")
}

func TestImportInfersTypesReal(t *testing.T) {
	path := filepath.Join(t.TempDir(), "types.csv")
	require.NoError(t, os.WriteFile(path, []byte("n,x,s\n1,1.5,a\n2,,3\n"), 0o644))
	s, out, errs := newRealShell(t, "", ModeList)
	require.NoError(t, s.RunReader(context.Background(), strings.NewReader(".import "+path+" typed\n")))
	errs.Reset()
	run(t, s, errs, "PRAGMA table_info(typed);\n")
	for _, want := range []string{"|n|BIGINT|", "|x|DOUBLE|", "|s|TEXT|"} {
		assert.Contains(t, out.String(), want)
	}
}
