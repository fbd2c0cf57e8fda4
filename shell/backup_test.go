package shell

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// sqlite3 runs the sqlite3 CLI (the file-format oracle) on a database.
func sqlite3(t *testing.T, db, query string) string {
	t.Helper()
	out, err := exec.Command("sqlite3", db, query).CombinedOutput()
	require.NoError(t, err, "sqlite3 %s %q: %s", db, query, out)
	return strings.TrimSpace(string(out))
}

// startTallyWriter commits transactions into the database at path from
// another connection until the returned stop function is called (which
// returns how many committed): each adds batch rows to t and adds batch to
// tally.n (see fillTally). It returns after the first commit.
func startTallyWriter(t *testing.T, path string, batch int) (stop func() int64) {
	writer, err := sql.Open("walrus", path)
	require.NoError(t, err)
	var committed atomic.Int64
	started := make(chan struct{})
	done := make(chan struct{})
	var wg sync.WaitGroup
	var writeErr error
	wg.Add(1)
	go func() {
		defer wg.Done()
		var next int
		err := writer.QueryRow("SELECT MAX(id) + 1 FROM t").Scan(&next)
		for err == nil {
			select {
			case <-done:
				return
			default:
			}
			var tx *sql.Tx
			if tx, err = writer.Begin(); err != nil {
				break
			}
			for i := 0; i < batch && err == nil; i++ {
				_, err = tx.Exec("INSERT INTO t VALUES (?, REPEAT('z', 250))", next+i)
			}
			if err == nil {
				_, err = tx.Exec("UPDATE tally SET n = n + ?", batch)
			}
			if err == nil {
				err = tx.Commit()
			} else {
				tx.Rollback()
			}
			next += batch
			if err == nil && committed.Add(1) == 1 {
				close(started)
			}
		}
		writeErr = err
		if committed.Load() == 0 {
			close(started) // the test goes on and reports writeErr
		}
	}()
	<-started
	return func() int64 {
		close(done)
		wg.Wait()
		writer.Close()
		require.NoError(t, writeErr)
		return committed.Load()
	}
}

// fillTally creates t (id INT PRIMARY KEY, pad VARCHAR, an index on pad)
// with rows rows and tally (n) holding that count.
func fillTally(t *testing.T, s *Shell, errs *strings.Builder, rows int) {
	t.Helper()
	var init strings.Builder
	init.WriteString("CREATE TABLE t (id INT PRIMARY KEY, pad VARCHAR(300));\nCREATE INDEX t_pad ON t(pad);\n")
	fmt.Fprintf(&init, "CREATE TABLE tally (n INT);\nINSERT INTO tally VALUES (%d);\nBEGIN;\n", rows)
	for i := 0; i < rows; i++ {
		fmt.Fprintf(&init, "INSERT INTO t VALUES (%d, REPEAT('%c', %d));\n", i, 'a'+i%26, 100+i%200)
	}
	init.WriteString("COMMIT;\n")
	run(t, s, errs, init.String())
}

// TestBackupWhileWriting (B1): backups taken while another connection
// commits transactions pass sqlite3's integrity check and hold a committed
// state: every transaction adds batch rows to t and batch to tally.n, so a
// torn copy shows a count that is no multiple of batch or disagrees with
// the tally.
func TestBackupWhileWriting(t *testing.T) {
	if _, err := exec.LookPath("sqlite3"); err != nil {
		t.Fatal("the sqlite3 CLI (the file-format oracle) is not installed")
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "live.db")
	s, _, errs := newRealShell(t, path, ModeList)
	fillTally(t, s, errs, 2000)
	const batch = 50
	stopWriter := startTallyWriter(t, path, batch)

	var counts []int
	for i := 0; i < 4; i++ {
		target := filepath.Join(dir, fmt.Sprintf("copy%d.db", i))
		require.NoError(t, s.RunReader(context.Background(), strings.NewReader(".backup "+target+"\n")))
		require.Regexp(t, `^backed up \d+ pages to `, errs.String())
		errs.Reset()
		assert.Equal(t, "ok", sqlite3(t, target, "PRAGMA integrity_check"))
		var rows, tally int
		_, err := fmt.Sscanf(sqlite3(t, target, "SELECT count(*), (SELECT n FROM tally) FROM t"), "%d|%d", &rows, &tally)
		require.NoError(t, err)
		assert.Equal(t, tally, rows, "the tally of the same commit")
		assert.Zero(t, (rows-2000)%batch, "whole transactions only: %d rows", rows)
		counts = append(counts, rows)
	}
	t.Logf("writer committed %d transactions; backups saw %v rows", stopWriter(), counts)

	// The last copy opens in walrus with the same rows sqlite3 counted.
	c, out, cerrs := newRealShell(t, filepath.Join(dir, "copy3.db"), ModeList)
	run(t, c, cerrs, "SELECT COUNT(*) FROM t;\n")
	assert.Equal(t, fmt.Sprintf("COUNT(*)\n%d\n", counts[3]), out.String())
}

func TestBackupRefusals(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "a.db")
	s, _, errs := newRealShell(t, path, ModeList)
	run(t, s, errs, "CREATE TABLE t (a INT);\n")

	require.NoError(t, s.RunReader(context.Background(), strings.NewReader("BEGIN;\nINSERT INTO t VALUES (1);\n.backup "+filepath.Join(dir, "b.db")+"\nROLLBACK;\n")))
	assert.Contains(t, errs.String(), "Error: backup to ")
	assert.Contains(t, errs.String(), "write transaction")
	assert.NoFileExists(t, filepath.Join(dir, "b.db"))

	errs.Reset()
	require.NoError(t, s.RunReader(context.Background(), strings.NewReader(".backup "+path+"\n")))
	assert.Contains(t, errs.String(), "that is the open database")

	errs.Reset()
	busy := filepath.Join(dir, "busy.db")
	require.NoError(t, os.WriteFile(busy+"-journal", []byte("x"), 0o644))
	require.NoError(t, s.RunReader(context.Background(), strings.NewReader(".backup "+busy+"\n")))
	assert.Contains(t, errs.String(), "busy.db-journal exists")
}

// TestBackupInMemory: an in-memory database can be saved to a file (with
// sqlite3's ".backup main FILE" spelling).
func TestBackupInMemory(t *testing.T) {
	target := filepath.Join(t.TempDir(), "saved.db")
	s, _, errs := newRealShell(t, "", ModeList)
	run(t, s, errs, "CREATE TABLE t (a INT, b TEXT);\nINSERT INTO t VALUES (1, 'one'), (2, 'two');\n")
	require.NoError(t, s.RunReader(context.Background(), strings.NewReader(".backup main "+target+"\n")))
	assert.Equal(t, "backed up 3 pages to "+target+"\n", errs.String())
	assert.Equal(t, "ok", sqlite3(t, target, "PRAGMA integrity_check"))
	assert.Equal(t, "1|one\n2|two", sqlite3(t, target, "SELECT a, b FROM t ORDER BY a"))
}

// TestRestore (B2): .restore replaces the open database's tables, rows,
// indexes and views with FILE's; a failed restore changes nothing.
func TestRestore(t *testing.T) {
	dir := t.TempDir()
	from := filepath.Join(dir, "from.db")
	src, srcOut, srcErrs := newRealShell(t, from, ModeList)
	run(t, src, srcErrs, roundTripSchema+"PRAGMA user_version = 42;\nPRAGMA application_id = 7;\n")
	srcOut.Reset()
	run(t, src, srcErrs, ".dump\n")
	want := srcOut.String()
	require.NoError(t, src.Close())

	s, out, errs := newRealShell(t, filepath.Join(dir, "into.db"), ModeList)
	run(t, s, errs, "CREATE TABLE parent (id INT PRIMARY KEY);\nCREATE TABLE child (p INT, FOREIGN KEY (p) REFERENCES parent(id));\n"+
		"CREATE TABLE authors (x INT);\nCREATE VIEW v AS SELECT 1;\nINSERT INTO parent VALUES (1);\nINSERT INTO child VALUES (1);\n")

	notDB := filepath.Join(dir, "junk.db")
	require.NoError(t, os.WriteFile(notDB, []byte(strings.Repeat("not a database ", 100)), 0o644))
	require.NoError(t, s.RunReader(context.Background(), strings.NewReader(".restore "+notDB+"\n")))
	assert.Contains(t, errs.String(), "Error: restore from ")
	errs.Reset()
	run(t, s, errs, ".tables\n")
	assert.Equal(t, "authors  child    parent   v\n", out.String(), "unchanged after a failed restore")

	require.NoError(t, s.RunReader(context.Background(), strings.NewReader(".restore "+from+"\n")))
	assert.Equal(t, "restored "+filepath.Join(dir, "into.db")+"\n", errs.String())
	errs.Reset()
	out.Reset()
	run(t, s, errs, ".dump\n")
	assert.Equal(t, want, out.String())
	assert.Equal(t, "ok", sqlite3(t, filepath.Join(dir, "into.db"), "PRAGMA integrity_check"))
	assert.Equal(t, "42\n7", sqlite3(t, filepath.Join(dir, "into.db"), "PRAGMA user_version; PRAGMA application_id"))
}

// TestDumpWhileWriting: .dump reads one snapshot, so the dump of a
// database that another connection is writing holds a committed state.
func TestDumpWhileWriting(t *testing.T) {
	path := filepath.Join(t.TempDir(), "live.db")
	s, out, errs := newRealShell(t, path, ModeList)
	fillTally(t, s, errs, 2000)
	const batch = 50
	stopWriter := startTallyWriter(t, path, batch)
	var counts []string
	for i := 0; i < 3; i++ {
		out.Reset()
		run(t, s, errs, ".dump\n")
		copied, copyOut, copyErrs := newRealShell(t, "", ModeList)
		run(t, copied, copyErrs, out.String())
		run(t, copied, copyErrs, "SELECT COUNT(*) = (SELECT n FROM tally), (COUNT(*) - 2000) % 50, COUNT(*) FROM t;\n")
		lines := strings.Split(strings.TrimSpace(copyOut.String()), "\n")
		require.Len(t, lines, 2)
		fields := strings.Split(lines[1], "|")
		assert.Equal(t, []string{"1", "0"}, fields[:2], "the tally of the same commit, whole transactions: %s", lines[1])
		counts = append(counts, fields[2])
	}
	t.Logf("writer committed %d transactions; dumps saw %v rows", stopWriter(), counts)
}
