package crashtest

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/walrusdb/walrus/internal/vfs"
	"github.com/walrusdb/walrus/journal"
	"github.com/walrusdb/walrus/pager"
)

// Regression tests of the bugs this package found in packages it does not
// own (doc.go, "Bugs found"). Each one was a minimal failing demonstration
// gated by WALRUS_CRASH_KNOWN_BUGS=1 until its bug was fixed; now they run
// in every test run. The packages that were fixed carry their own
// regression tests too (named in doc.go).

// Bug 1 (journal/pager, journal_mode=PERSIST, fixed): playback of a hot journal
// continues past the records of the crashed transaction into a stale
// segment header left in the persisted journal file by an older
// transaction that spilled (a multi-segment journal). That header has the
// magic, a record count and its own nonce, so its out-of-date records pass
// their checksums and are written over the database: the "obscure problem"
// SQLite's syncJournal works around by zeroing the first byte of a valid
// header found at the next header offset before it writes the record
// count. Found by TestCrashMatrix (PERSIST, cache_size=10, every
// synchronous, application crash and power loss alike). Fixed in journal
// (J8): Harden clears such a header before it writes the record count.
func TestPersistStaleSegment(t *testing.T) {
	ctx := context.Background()
	fs := vfs.NewFaultFS()
	const path, pages = "/data/kb.db", 40
	opts := pager.Options{PageSize: 4096, JournalMode: pager.JournalPersist, Synchronous: pager.SyncFull}

	// T1 creates pages 2..41 (version 1). T2 rewrites them all (version 2)
	// with a 10-page cache: it spills, so its journal has several segments,
	// and PERSIST keeps the file with only the first header zeroed.
	p, err := pager.Open(fs, path, opts)
	require.NoError(t, err)
	writeVersion(t, p, pages, pages, 1)
	p.SetCacheSize(10)
	writeVersion(t, p, pages, pages, 2)
	require.NoError(t, p.Close())
	jdata, err := readAll(fs, path+"-journal")
	require.NoError(t, err)
	stale := int64(0)
	for off := int64(512); off+8 <= int64(len(jdata)); off += 512 {
		if bytes.Equal(jdata[off:off+8], journal.Magic[:]) {
			stale = off
			break
		}
	}
	require.NotZero(t, stale, "T2 should have left a second segment header in the persisted journal")
	rec := int64(journal.RecordSize(4096))
	n := int((stale - 512) / rec) // records that end just before the stale header
	require.Equal(t, stale, (512+int64(n)*rec+511)/512*512)

	// T3 changes n pages (page 1 and pages 2..n) with a big cache, so its
	// journal is one segment of n records whose end is exactly where the
	// stale header sits. The application dies after CommitPhaseOne (journal
	// hardened, database written), before the commit point.
	p, err = pager.Open(fs, path, opts)
	require.NoError(t, err)
	writeVersionNoCommit(t, ctx, p, n-1, 3)
	require.NoError(t, p.CommitPhaseOne())
	crashed, err := copyFiles(fs, path, path+"-journal")
	require.NoError(t, err)

	// Recovery must roll T3 back: every page at version 2.
	q, err := pager.Open(crashed, path, opts)
	require.NoError(t, err)
	defer q.Close()
	require.NoError(t, q.BeginRead(ctx))
	var wrong []string
	for i := uint32(2); i <= pages+1; i++ {
		pg, err := q.Get(i)
		require.NoError(t, err)
		if v := pageVersion(pg.Data(), i); v != 2 {
			wrong = append(wrong, fmt.Sprintf("page %d at version %d", i, v))
		}
		pg.Release()
	}
	require.Empty(t, wrong, "after hot-journal rollback every page must be at version 2; stale records of T2's journal were played back")
	require.NoError(t, q.EndRead())
}

// writeVersion commits a transaction that sets pages 2..n+1 of a file with
// total pages (plus page 1) to version v.
func writeVersion(t *testing.T, p *pager.Pager, n, total int, v byte) {
	t.Helper()
	writeVersionNoCommit(t, context.Background(), p, n, v)
	require.NoError(t, p.CommitPhaseOne())
	require.NoError(t, p.CommitPhaseTwo())
	require.NoError(t, p.EndRead())
	require.Equal(t, uint32(total+1), p.PageCount())
}

func writeVersionNoCommit(t *testing.T, ctx context.Context, p *pager.Pager, n int, v byte) {
	t.Helper()
	require.NoError(t, p.BeginRead(ctx))
	require.NoError(t, p.BeginWrite(ctx, false))
	pg, err := p.Get(1)
	require.NoError(t, err)
	require.NoError(t, p.Write(pg))
	if pg.Data()[0] == 0 {
		initHeaderPage(pg.Data(), p.PageSize())
	}
	pg.Release()
	for i := 2; i <= n+1; i++ {
		pg, err := p.Get(uint32(i))
		require.NoError(t, err)
		require.NoError(t, p.Write(pg))
		fillPage(pg.Data(), uint32(i), v)
		pg.Release()
	}
}

// initHeaderPage writes a minimal valid page 1 (database header and an
// empty table leaf), as the btree layer does for a new file.
func initHeaderPage(b []byte, pageSize int) {
	clear(b)
	copy(b, "SQLite format 3\x00")
	binary.BigEndian.PutUint16(b[16:], uint16(pageSize))
	b[18], b[19], b[20], b[21], b[22], b[23] = 1, 1, 0, 64, 32, 32
	binary.BigEndian.PutUint32(b[44:], 4)
	binary.BigEndian.PutUint32(b[56:], 1)
	b[100] = 0x0d
	binary.BigEndian.PutUint16(b[105:], uint16(pageSize))
}

// pageVersion is the v that fillPage wrote into b, or -1.
func pageVersion(b []byte, pgno uint32) int {
	want := make([]byte, len(b))
	for v := range 8 {
		if fillPage(want, pgno, byte(v)); bytes.Equal(want, b) {
			return v
		}
	}
	return -1
}

func fillPage(b []byte, pgno uint32, v byte) {
	for i := range b {
		b[i] = byte(pgno) ^ v ^ byte(i*7)
	}
}

// Bug 2 (pager, fixed): an I/O error from Unlock when a read transaction
// ended (pager.EndRead) put the pager in its ERROR state with no
// transaction open. Every later statement on that connection called
// BeginRead, which returned the saved error, and nothing on that path
// called Rollback or EndRead, the only ways out of ERROR. So the connection
// failed every statement with the stale unlock error until it was closed,
// although the database was fine. When the failed Unlock was the last op of
// a commit, the COMMIT also reported an error for a committed transaction.
// Found by TestIOErrorMidCommit (every journal mode and synchronous
// setting). Fixed in pager (P6): an unlock failure after the transaction's
// work is not the call's error, and the next BeginRead leaves the ERROR
// state it causes.
func TestUnlockErrorDoesNotStick(t *testing.T) {
	for _, tc := range []struct {
		name string
		sql  []string // the statements; the nth unlock during the last fails
		n    int
		rows int // rows of t afterwards
	}{
		{"select/end-read", []string{"SELECT x FROM t"}, 1, 1},
		{"insert/commit-drop-to-shared", []string{"INSERT INTO t (x) VALUES (2)"}, 1, 2},
		{"insert/end-read", []string{"INSERT INTO t (x) VALUES (2)"}, 2, 2},
		{"begin-commit/commit-drop-to-shared", []string{"BEGIN", "INSERT INTO t (x) VALUES (2)", "INSERT INTO t (x) VALUES (3)", "COMMIT"}, 1, 3},
		{"begin-commit/end-read", []string{"BEGIN", "INSERT INTO t (x) VALUES (2)", "INSERT INTO t (x) VALUES (3)", "COMMIT"}, 2, 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			fs := vfs.NewFaultFS()
			g := Geometry{PageSize: 4096, SectorSize: 512}
			combo := Combo{pager.JournalDelete, pager.SyncFull}
			conn, err := openConn(fs, combo, g)
			require.NoError(t, err)
			defer conn.Close()
			require.NoError(t, exec(ctx, conn, Stmt{SQL: "CREATE TABLE t (x BIGINT)"}))
			require.NoError(t, exec(ctx, conn, Stmt{SQL: "INSERT INTO t (x) VALUES (1)"}))

			last := len(tc.sql) - 1
			for _, q := range tc.sql[:last] {
				require.NoError(t, exec(ctx, conn, Stmt{SQL: q}))
			}
			fs.SetInjector(vfs.FailNth(vfs.OpUnlock, tc.n, nil))
			err = exec(ctx, conn, Stmt{SQL: tc.sql[last]})
			require.Equal(t, 1, fs.Injected(), "unlock %d of %q failed", tc.n, tc.sql[last])
			fs.SetInjector(nil)
			require.NoError(t, err, "the unlock failed after the statement's work was done")

			rows, err := query(ctx, conn, "SELECT x FROM t")
			require.NoError(t, err, "the disk works again; the connection must too")
			require.Len(t, rows, tc.rows)

			// Every lock the failed unlock may have kept is gone by now.
			other, err := openConn(fs, combo, g)
			require.NoError(t, err)
			defer other.Close()
			require.NoError(t, exec(ctx, other, Stmt{SQL: "INSERT INTO t (x) VALUES (9)"}))
			rows, err = query(ctx, conn, "SELECT x FROM t")
			require.NoError(t, err)
			require.Len(t, rows, tc.rows+1)
		})
	}
}

// Bug 3 (sql, not a durability bug; found while writing the workload,
// which therefore writes its values as literals; fixed by the lead): a
// statement with several '?' placeholders reported NumInput() == 1, so Exec
// with all its arguments failed with "statement needs 1 parameters, 3
// given".
func TestPlaceholderCount(t *testing.T) {
	ctx := context.Background()
	conn, err := openConn(vfs.NewFaultFS(), Combo{}, Geometry{PageSize: 4096, SectorSize: 512})
	require.NoError(t, err)
	defer conn.Close()
	require.NoError(t, exec(ctx, conn, Stmt{SQL: "CREATE TABLE t (id BIGINT PRIMARY KEY, k BIGINT, v TEXT)"}))
	for q, want := range map[string]int{
		"INSERT INTO t (id, k, v) VALUES (?, ?, ?)": 3,
		"UPDATE t SET k = ? WHERE id = ?":           2,
		"SELECT ?, ?":                               2,
	} {
		st, _, err := conn.Prepare(ctx, q)
		require.NoError(t, err)
		require.Equal(t, want, st.NumInput(), q)
		st.Close()
	}
}
