package shell

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestWalrusBinaryOnTerminal builds cmd/walrus and runs it on a
// pseudo-terminal (tmux) against a real database file: statements typed
// over two lines, box output, Tab completing a keyword, a column, a table,
// a dot-command and a file name, Ctrl-C cancelling a long query without
// leaving the shell, .import of a large CSV with its progress bar, .backup,
// Ctrl-D; then the file holds the data and the history the statements.
func TestWalrusBinaryOnTerminal(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and drives a terminal")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "walrus")
	out, err := exec.Command("go", "build", "-o", bin, "../cmd/walrus").CombinedOutput()
	require.NoError(t, err, "go build: %s", out)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "script-one.sql"), []byte("SELECT 'ran the script' AS note;\n"), 0o644))
	var csv strings.Builder
	csv.WriteString("id,name,score\n")
	for i := 0; csv.Len() < progressMinBytes+100_000; i++ {
		fmt.Fprintf(&csv, "%d,\"walrus, number %d\",%d.5\n", i, i, i%100)
	}
	rows := strings.Count(csv.String(), "\n") - 1
	require.NoError(t, os.WriteFile(filepath.Join(dir, "herd.csv"), []byte(csv.String()), 0o644))

	db := filepath.Join(dir, "e2e.db")
	// A table whose 10-way cross join runs for hours, for Ctrl-C.
	out, err = exec.Command(bin, db, "CREATE TABLE ten (n INT)", "INSERT INTO ten VALUES (0),(1),(2),(3),(4),(5),(6),(7),(8),(9)").CombinedOutput()
	require.NoError(t, err, "%s", out)
	s := startTmux(t, dir, "cd "+dir+" && HOME="+dir+" "+bin+" e2e.db; echo walrus-exit=$?; sleep 60")

	s.waitFor(Prompt, 1)
	s.typeLine("CREATE TABLE walruses (tusk_length INT, name VARCHAR(10));")
	s.typeLine("INSERT INTO walruses VALUES (21, 'x;y'), (30, 'Wally');")
	s.typeLine("SELECT tusk_length * 2 AS doubled,")
	s.waitFor(ContinuationPrompt, 1)
	s.typeLine("name FROM walruses WHERE tusk_length < 25;")
	scr := s.waitFor("└", 1)
	assert.Contains(t, scr, "│ doubled │ name │\n")
	assert.Contains(t, scr, "│      42 │ x;y  │\n")

	// Tab completes a keyword (in the case typed), a column, a table.
	s.send("sel")
	s.key("Tab")
	s.send(" MAX(tusk")
	s.key("Tab")
	s.send(") FROM walr")
	s.key("Tab")
	s.typeLine(";")
	scr = s.waitFor("│ MAX(tusk_length) │", 1)
	assert.Contains(t, scr, Prompt+"select MAX(tusk_length) FROM walruses;\n")
	assert.Contains(t, scr, "│               30 │\n")

	// A dot-command and a file name.
	s.send(".rea")
	s.key("Tab")
	s.send("scr")
	s.key("Tab")
	s.typeLine("")
	scr = s.waitFor("ran the script", 1)
	assert.Contains(t, scr, Prompt+".read script-one.sql\n")

	// Ctrl-C cancels a query that would run for hours; the shell stays.
	// The line shows after the prompt once the line editor has read it (a
	// ^C before that would find it still in the terminal's input queue,
	// which the ^C flushes).
	cross := "SELECT COUNT(*) FROM ten a, ten b, ten c, ten d, ten e, ten f, ten g, ten h, ten i, ten j;"
	s.typeLine(cross)
	s.waitFor(Prompt+cross, 1)
	s.interrupt()
	s.typeLine("SELECT 'still here' AS alive;")
	s.waitFor("│ still here │", 1)

	// A large import shows its progress bar; then a backup.
	s.typeLine(".import herd.csv herd")
	scr = s.waitFor(fmt.Sprintf("imported %d rows into herd", rows), 1)
	assert.Contains(t, scr, "importing herd.csv [##############################] 100%\n")
	s.typeLine(".backup copy.db")
	s.waitFor("pages to copy.db", 1)

	s.key("C-d")
	s.waitFor("walrus-exit=0", 1)

	res, err := exec.Command(bin, "-csv", "-noheader", db, "SELECT tusk_length, name FROM walruses ORDER BY 1", "SELECT COUNT(*) FROM herd").CombinedOutput()
	require.NoError(t, err, "%s", res)
	assert.Equal(t, fmt.Sprintf("21,x;y\n30,Wally\n%d\n", rows), string(res))
	res, err = exec.Command(bin, "-csv", "-noheader", filepath.Join(dir, "copy.db"), "SELECT COUNT(*) FROM herd").CombinedOutput()
	require.NoError(t, err, "%s", res)
	assert.Equal(t, fmt.Sprintf("%d\n", rows), string(res), "the backup")
	hist, err := os.ReadFile(filepath.Join(dir, HistoryFileName))
	require.NoError(t, err)
	assert.Contains(t, string(hist), "SELECT tusk_length * 2 AS doubled, name FROM walruses WHERE tusk_length < 25;\n")
	assert.Contains(t, string(hist), "select MAX(tusk_length) FROM walruses;\n.read script-one.sql\n")
}
