package shell

import (
	"database/sql/driver"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
)

func completions(c *completer, line string) ([]string, int) {
	runes := []rune(line)
	got, n := c.Do(runes, len(runes))
	out := make([]string, len(got))
	for i, r := range got {
		out[i] = string(r)
	}
	return out, n
}

func TestCompleter(t *testing.T) {
	s, db, _, _ := newFakeShell(t, Config{})
	db.answer("SELECT type, name, tbl_name, `sql` FROM sqlite_schema", fakeResult{
		cols: []string{"type", "name", "tbl_name", "sql"},
		rows: [][]driver.Value{
			{"table", "customers", "customers", "CREATE TABLE customers (id INT, city TEXT)"},
			{"table", "sqlite_sequence", "sqlite_sequence", "CREATE TABLE sqlite_sequence(name,seq)"},
			{"index", "idx_city", "customers", "CREATE INDEX idx_city ON customers(city)"},
		},
	})
	db.answer("PRAGMA table_info(customers)", fakeResult{
		cols: []string{"cid", "name", "type", "notnull", "dflt_value", "pk"},
		rows: [][]driver.Value{
			{int64(0), "id", "INT", int64(0), nil, int64(1)},
			{int64(1), "city", "TEXT", int64(0), nil, int64(0)},
		},
	})
	c := &completer{s: s}

	got, n := completions(c, "SEL")
	assert.Equal(t, []string{"ECT"}, got)
	assert.Equal(t, 3, n)
	got, _ = completions(c, "sel")
	assert.Equal(t, []string{"ect"}, got, "lower-case keywords for lower-case input")
	got, _ = completions(c, "SELECT * FROM cus")
	assert.Equal(t, []string{"tomers"}, got)
	got, _ = completions(c, "SELECT ci")
	assert.Equal(t, []string{"ty"}, got, "column names")
	got, n = completions(c, "SELECT customers.")
	assert.Equal(t, []string{"city", "id"}, got)
	assert.Equal(t, len("customers."), n)
	got, _ = completions(c, "SELECT * FROM sqlite_s")
	assert.Empty(t, got, "internal tables are not offered")

	got, _ = completions(c, ".ta")
	assert.Equal(t, []string{"bles "}, got)
	got, _ = completions(c, ".mode m")
	assert.Equal(t, []string{"arkdown"}, got)
	got, _ = completions(c, ".schema ")
	assert.Equal(t, []string{"customers"}, got)
	got, _ = completions(c, ".timer o")
	assert.Equal(t, []string{"ff", "n"}, got)
}

func TestFileCompletion(t *testing.T) {
	dir := t.TempDir()
	assert.NoError(t, os.WriteFile(filepath.Join(dir, "data.csv"), nil, 0o644))
	assert.NoError(t, os.WriteFile(filepath.Join(dir, "dump.sql"), nil, 0o644))
	assert.NoError(t, os.Mkdir(filepath.Join(dir, "dir"), 0o755))
	assert.NoError(t, os.WriteFile(filepath.Join(dir, ".hidden"), nil, 0o644))
	c := &completer{}
	got, n := completions(c, ".import "+dir+"/d")
	assert.Equal(t, []string{"ata.csv", "ir/", "ump.sql"}, got)
	assert.Equal(t, 1, n)
	got, _ = completions(c, ".read "+dir+"/")
	assert.Equal(t, []string{"data.csv", "dir/", "dump.sql"}, got, "hidden files only when asked for")
	for _, cmd := range []string{".backup ", ".restore "} {
		got, _ = completions(c, cmd+dir+"/du")
		assert.Equal(t, []string{"mp.sql"}, got, cmd)
	}
}
