package pager

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/walrusdb/walrus/internal/vfs"
)

// Interop with the real sqlite3: each side rolls back the other's hot
// journal, which pins the journal format, the checksum, the sector padding
// and the hot-journal rules to SQLite's.

const sqlite3Path = "/usr/bin/sqlite3"

func needSQLite3(t *testing.T) {
	t.Helper()
	if _, err := os.Stat(sqlite3Path); err != nil {
		t.Skipf("no %s: %v", sqlite3Path, err)
	}
}

func sqlite3Run(t *testing.T, db, sql string) string {
	t.Helper()
	out, err := exec.Command(sqlite3Path, "-cmd", ".timeout 2000", db, sql).CombinedOutput()
	require.NoError(t, err, "sqlite3: %s", out)
	return strings.TrimSpace(string(out))
}

// newSQLite3DB makes a database of rows random blobs with sqlite3.
func newSQLite3DB(t *testing.T, pageSize, rows int) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "interop.db")
	sqlite3Run(t, db, fmt.Sprintf(`PRAGMA page_size=%d; CREATE TABLE t(x);
		WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM c WHERE i<%d)
		INSERT INTO t SELECT randomblob(300) FROM c;`, pageSize, rows))
	require.Equal(t, "ok", sqlite3Run(t, db, "PRAGMA integrity_check"))
	return db
}

func TestSQLite3RollsBackOurJournal(t *testing.T) {
	needSQLite3(t)
	for _, tc := range []struct {
		ps   int
		mode JournalMode
		sync Synchronous
	}{{1024, JournalDelete, SyncFull}, {4096, JournalDelete, SyncNormal}, {1024, JournalPersist, SyncFull}, {4096, JournalTruncate, SyncOff}} {
		ps := tc.ps
		t.Run(fmt.Sprint(ps, tc.mode, tc.sync), func(t *testing.T) {
			db := newSQLite3DB(t, ps, 400)
			orig, err := os.ReadFile(db)
			require.NoError(t, err)
			sum := sqlite3Run(t, db, "SELECT count(*), sum(length(x)), substr(group_concat(hex(x)), 5000, 40) FROM t")

			if tc.mode == JournalPersist { // a used journal file with stale records
				p, err := Open(vfs.NewOSFS(), db, Options{JournalMode: tc.mode})
				require.NoError(t, err)
				require.NoError(t, p.BeginRead(bg))
				require.NoError(t, p.BeginWrite(bg, false))
				for i := uint32(2); i < 6; i++ {
					require.NoError(t, writePageRaw(p, i))
				}
				require.NoError(t, p.CommitPhaseOne())
				require.NoError(t, p.CommitPhaseTwo())
				require.NoError(t, p.Close())
				orig, err = os.ReadFile(db)
				require.NoError(t, err)
			}
			p, err := Open(vfs.NewOSFS(), db, Options{CacheSize: 10, JournalMode: tc.mode, Synchronous: tc.sync})
			require.NoError(t, err)
			require.Equal(t, ps, p.PageSize())
			require.NoError(t, p.BeginRead(bg))
			require.NoError(t, p.BeginWrite(bg, false))
			n := p.PageCount()
			for i := uint32(2); i <= n+5; i++ { // scribble everything and grow
				pg, err := p.Get(i)
				require.NoError(t, err)
				require.NoError(t, p.Write(pg))
				fill(pg.Data(), i, 0x5a)
				pg.Release()
			}
			require.Greater(t, p.Stats().PagesWritten, uint64(0), "the small cache spilled")
			beforeJournalFinalize = func() error { return errors.New("power cut before the commit point") }
			defer func() { beforeJournalFinalize = nil }()
			require.NoError(t, p.CommitPhaseOne())
			require.Error(t, p.CommitPhaseTwo())
			require.NoError(t, p.Close()) // leaves the hot journal

			_, err = os.Stat(db + "-journal")
			require.NoError(t, err, "journal left behind")
			scribbled, err := os.ReadFile(db)
			require.NoError(t, err)
			require.NotEqual(t, orig, scribbled)

			require.Equal(t, "ok", sqlite3Run(t, db, "PRAGMA integrity_check"))
			require.Equal(t, sum, sqlite3Run(t, db, "SELECT count(*), sum(length(x)), substr(group_concat(hex(x)), 5000, 40) FROM t"))
			restored, err := os.ReadFile(db)
			require.NoError(t, err)
			require.Equal(t, orig, restored, "sqlite3 restored the file byte for byte")
			hot, err := journalIsHotOnDisk(db)
			require.NoError(t, err)
			require.False(t, hot, "sqlite3 finalized the journal")
		})
	}
}

func TestWeRollBackSQLite3Journal(t *testing.T) {
	needSQLite3(t)
	for _, tc := range []struct {
		ps   int
		mode string
	}{{1024, "delete"}, {4096, "delete"}, {1024, "persist"}, {4096, "truncate"}} {
		ps := tc.ps
		t.Run(fmt.Sprint(ps, tc.mode), func(t *testing.T) {
			db := newSQLite3DB(t, ps, 1500)
			orig, err := os.ReadFile(db)
			require.NoError(t, err)

			cmd := exec.Command(sqlite3Path, db)
			in, err := cmd.StdinPipe()
			require.NoError(t, err)
			out, err := cmd.StdoutPipe()
			require.NoError(t, err)
			require.NoError(t, cmd.Start())
			defer func() { _ = cmd.Process.Kill(); _ = cmd.Wait() }()
			// A small cache makes sqlite3 spill the update into the file
			// before commit; the marker says the UPDATE finished.
			if tc.mode != "delete" { // leave a reused journal file behind first
				sqlite3Run(t, db, "PRAGMA journal_mode="+tc.mode+"; UPDATE t SET x=x WHERE rowid<50;")
				orig, err = os.ReadFile(db)
				require.NoError(t, err)
			}
			_, err = io.WriteString(in, "PRAGMA journal_mode="+tc.mode+"; PRAGMA cache_size=5; BEGIN; UPDATE t SET x=randomblob(300); INSERT INTO t SELECT x FROM t; SELECT 'updated';\n")
			require.NoError(t, err)
			sc := bufio.NewScanner(out)
			require.True(t, sc.Scan())
			require.Equal(t, tc.mode, sc.Text())
			require.True(t, sc.Scan())
			require.Equal(t, "updated", sc.Text())
			mid, err := os.ReadFile(db)
			require.NoError(t, err)
			require.NotEqual(t, orig, mid, "sqlite3 spilled into the database file")
			require.NoError(t, cmd.Process.Signal(os.Kill))
			_ = cmd.Wait()
			_, err = os.Stat(db + "-journal")
			require.NoError(t, err, "killed sqlite3 left its journal")

			p, err := Open(vfs.NewOSFS(), db, Options{BusyTimeout: time.Second})
			require.NoError(t, err)
			require.NoError(t, p.BeginRead(bg))
			require.NoError(t, p.EndRead())
			require.NoError(t, p.Close())
			restored, err := os.ReadFile(db)
			require.NoError(t, err)
			require.Equal(t, orig, restored, "we restored the file byte for byte")
			hot, err := journalIsHotOnDisk(db)
			require.NoError(t, err)
			require.False(t, hot, "journal finalized")
			require.Equal(t, "ok", sqlite3Run(t, db, "PRAGMA integrity_check"))
		})
	}
}

// journalIsHotOnDisk reports whether db's journal exists with a non-zero
// first byte (no process holds locks in these tests).
func journalIsHotOnDisk(db string) (bool, error) {
	b, err := os.ReadFile(db + "-journal")
	if os.IsNotExist(err) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return len(b) > 0 && b[0] != 0, nil
}

// writePageRaw rewrites page pgno with its own content (a no-op change that
// still journals it).
func writePageRaw(p *Pager, pgno uint32) error {
	pg, err := p.Get(pgno)
	if err != nil {
		return err
	}
	defer pg.Release()
	return p.Write(pg)
}
