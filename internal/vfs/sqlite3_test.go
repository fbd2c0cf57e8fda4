package vfs

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// These tests check V10 against the real thing: the sqlite3 CLI locks the
// same bytes, so it and OSFS exclude each other.

const sqlite3Path = "/usr/bin/sqlite3"

func needSQLite3(t *testing.T) {
	t.Helper()
	if _, err := os.Stat(sqlite3Path); err != nil {
		t.Skipf("no %s: %v", sqlite3Path, err)
	}
}

// sqlite3Run runs one sqlite3 command line that gives up at once on a lock
// (.timeout 0) and returns its combined output.
func sqlite3Run(t *testing.T, db, sql string) string {
	t.Helper()
	out, _ := exec.Command(sqlite3Path, "-cmd", ".timeout 0", db, sql).CombinedOutput()
	return strings.TrimSpace(string(out))
}

func newSQLiteDB(t *testing.T) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "test.db")
	require.Equal(t, "", sqlite3Run(t, db, "CREATE TABLE t(x); INSERT INTO t VALUES(1);"))
	require.Equal(t, "1", sqlite3Run(t, db, "SELECT count(*) FROM t"))
	return db
}

const locked = "database is locked"

func TestSQLite3SeesOurLocks(t *testing.T) {
	needSQLite3(t)
	db := newSQLiteDB(t)
	f := mustOpen(t, NewOSFS(), db, OpenReadWrite)

	require.NoError(t, f.Lock(LockShared))
	require.Equal(t, "1", sqlite3Run(t, db, "SELECT count(*) FROM t"), "readers share")
	require.Contains(t, sqlite3Run(t, db, "BEGIN EXCLUSIVE; COMMIT;"), locked, "our SHARED blocks its EXCLUSIVE")

	require.NoError(t, f.Lock(LockReserved))
	require.Contains(t, sqlite3Run(t, db, "BEGIN IMMEDIATE; COMMIT;"), locked, "our RESERVED blocks its RESERVED")
	require.Equal(t, "1", sqlite3Run(t, db, "SELECT count(*) FROM t"), "RESERVED lets readers in")

	require.NoError(t, f.Lock(LockPending))
	require.Contains(t, sqlite3Run(t, db, "SELECT count(*) FROM t"), locked, "PENDING keeps new readers out")

	require.NoError(t, f.Lock(LockExclusive))
	require.Contains(t, sqlite3Run(t, db, "SELECT count(*) FROM t"), locked, "EXCLUSIVE keeps readers out")

	require.NoError(t, f.Unlock(LockShared))
	require.Equal(t, "1", sqlite3Run(t, db, "SELECT count(*) FROM t"))
	require.NoError(t, f.Unlock(LockNone))
	require.Equal(t, "", sqlite3Run(t, db, "BEGIN EXCLUSIVE; INSERT INTO t VALUES(2); COMMIT;"))
	require.Equal(t, "2", sqlite3Run(t, db, "SELECT count(*) FROM t"))
}

// sqlite3Session is a sqlite3 CLI kept open on a pipe, to hold a
// transaction (and its lock) while this process probes.
type sqlite3Session struct {
	in   io.WriteCloser
	out  *bufio.Scanner
	mark int
}

func startSQLite3(t *testing.T, db string) *sqlite3Session {
	t.Helper()
	cmd := exec.Command(sqlite3Path, db)
	in, err := cmd.StdinPipe()
	require.NoError(t, err)
	out, err := cmd.StdoutPipe()
	require.NoError(t, err)
	cmd.Stderr = cmd.Stdout
	require.NoError(t, cmd.Start())
	t.Cleanup(func() {
		_ = in.Close()
		_ = cmd.Wait()
	})
	s := &sqlite3Session{in: in, out: bufio.NewScanner(out)}
	s.exec(t, ".timeout 0")
	return s
}

// exec sends sql and waits until sqlite3 has run it, returning its output.
func (s *sqlite3Session) exec(t *testing.T, sql string) string {
	t.Helper()
	s.mark++
	mark := fmt.Sprintf("done-%d", s.mark)
	_, err := fmt.Fprintf(s.in, "%s\nSELECT '%s';\n", sql, mark)
	require.NoError(t, err)
	var lines []string
	for s.out.Scan() {
		if s.out.Text() == mark {
			return strings.Join(lines, "\n")
		}
		lines = append(lines, s.out.Text())
	}
	t.Fatalf("sqlite3 exited while running %q: %v", sql, lines)
	return ""
}

func TestSQLite3LocksExcludeUs(t *testing.T) {
	needSQLite3(t)
	db := newSQLiteDB(t)
	f := mustOpen(t, NewOSFS(), db, OpenReadWrite)
	s := startSQLite3(t, db)

	t.Run("EXCLUSIVE", func(t *testing.T) {
		require.Equal(t, "", s.exec(t, "BEGIN EXCLUSIVE;"))
		require.ErrorIs(t, f.Lock(LockShared), ErrBusy)
		reserved, err := f.CheckReservedLock()
		require.NoError(t, err)
		require.True(t, reserved)
		require.Equal(t, "", s.exec(t, "COMMIT;"))
		require.NoError(t, f.Lock(LockShared))
		reserved, err = f.CheckReservedLock()
		require.NoError(t, err)
		require.False(t, reserved)
		require.NoError(t, f.Unlock(LockNone))
	})

	t.Run("RESERVED", func(t *testing.T) {
		require.Equal(t, "", s.exec(t, "BEGIN IMMEDIATE; INSERT INTO t VALUES(2);"))
		reserved, err := f.CheckReservedLock()
		require.NoError(t, err)
		require.True(t, reserved)
		require.NoError(t, f.Lock(LockShared), "a writer that has not committed lets readers in")
		require.ErrorIs(t, f.Lock(LockReserved), ErrBusy)
		require.Equal(t, LockShared, levelOf(t, f))
		// Our SHARED now holds up its commit.
		require.Contains(t, s.exec(t, "COMMIT;"), locked)
		require.NoError(t, f.Unlock(LockNone))
		require.Equal(t, "", s.exec(t, "COMMIT;"))
		require.Equal(t, "2", sqlite3Run(t, db, "SELECT count(*) FROM t"))
	})

	t.Run("SHARED", func(t *testing.T) {
		require.Equal(t, "2", s.exec(t, "BEGIN; SELECT count(*) FROM t;"))
		require.NoError(t, f.Lock(LockShared))
		require.NoError(t, f.Lock(LockReserved))
		require.ErrorIs(t, f.Lock(LockExclusive), ErrBusy, "its reader is still there")
		require.Equal(t, LockPending, levelOf(t, f))
		require.Contains(t, sqlite3Run(t, db, "SELECT count(*) FROM t"), locked, "our PENDING keeps new readers out")
		require.Equal(t, "", s.exec(t, "COMMIT;"))
		require.NoError(t, f.Lock(LockExclusive))
		require.Contains(t, s.exec(t, "SELECT count(*) FROM t;"), locked)
		require.NoError(t, f.Unlock(LockNone))
		require.Equal(t, "2", s.exec(t, "SELECT count(*) FROM t;"))
	})
}
