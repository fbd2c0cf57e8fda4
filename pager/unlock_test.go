package pager

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/walrusdb/walrus/internal/vfs"
)

// TestUnlockErrorEndingReadRecovers is the regression test of crashtest bug
// B2 (P6): a failed unlock at EndRead must not stick to the connection: the
// next BeginRead starts again from the disk (its cache reloaded, so it sees
// another connection's commit) instead of returning the stale error
// forever. EndRead itself does not fail: the read is over either way.
func TestUnlockErrorEndingReadRecovers(t *testing.T) {
	fs := vfs.NewFaultFS()
	p := mustOpen(t, fs, "u.db", Options{})
	writeTxn(t, p, 4, 1)

	fs.SetInjector(vfs.FailNth(vfs.OpUnlock, 1, nil))
	require.NoError(t, p.BeginRead(bg))
	pg, err := p.Get(2)
	require.NoError(t, err)
	pg.Release()
	require.NoError(t, p.EndRead())
	require.Equal(t, 1, fs.Injected(), "EndRead's unlock failed")
	require.Equal(t, stateError, p.state, "the lock level is unknown until the next BeginRead")
	_, err = p.Get(2)
	require.ErrorIs(t, err, vfs.ErrInjected, "no page outside a transaction")
	fs.SetInjector(nil)

	// The failed unlock may have kept SHARED: another writer still gets in
	// once our handle is reset, and p must see its commit.
	q := mustOpen(t, fs, "u.db", Options{})
	checkPages(t, p, 4, 1)
	writeTxn(t, q, 4, 2)
	checkPages(t, p, 4, 2)
	writeTxn(t, p, 4, 3)
	checkPages(t, q, 4, 3)
}

// TestUnlockErrorAfterCommitPoint is the second half of B2: the unlock that
// ends a commit runs after the commit point, so its failure must not make
// CommitPhaseTwo report a committed transaction as failed, and must not
// leave the connection unusable or holding its write lock. The same holds
// for closing a TRUNCATE or PERSIST journal after it was finalized.
func TestUnlockErrorAfterCommitPoint(t *testing.T) {
	unlock := func(op vfs.Op) bool { return op.Kind == vfs.OpUnlock }
	closeJournal := func(op vfs.Op) bool {
		return op.Kind == vfs.OpClose && strings.HasSuffix(op.Path, "-journal")
	}
	for _, mode := range []JournalMode{JournalDelete, JournalTruncate, JournalPersist, JournalMemory, JournalOff} {
		for _, f := range []struct {
			name  string
			match func(vfs.Op) bool
		}{{"unlock", unlock}, {"close-journal", closeJournal}} {
			name, match := f.name, f.match
			if name == "close-journal" && mode != JournalTruncate && mode != JournalPersist {
				continue // no journal file is closed after the commit point
			}
			t.Run(mode.String()+"/"+name, func(t *testing.T) {
				fs := vfs.NewFaultFS()
				opts := Options{JournalMode: mode}
				p := mustOpen(t, fs, "c.db", opts)
				writeTxn(t, p, 4, 1)

				require.NoError(t, p.BeginRead(bg))
				require.NoError(t, p.BeginWrite(bg, false))
				setPages(t, p, 4, 2)
				require.NoError(t, p.CommitPhaseOne())
				fs.SetInjector(vfs.FailNthMatching(match, 1, nil))
				require.NoError(t, p.CommitPhaseTwo(), "the transaction is committed")
				require.Equal(t, 1, fs.Injected(), "the %s failed", name)
				fs.SetInjector(nil)
				require.NoError(t, p.EndRead())

				q := mustOpen(t, fs, "c.db", opts)
				checkPages(t, q, 4, 2)
				writeTxn(t, q, 4, 3) // p's EXCLUSIVE is gone
				checkPages(t, p, 4, 3)
			})
		}
	}
}

// TestUnlockErrorAfterRollback: the unlock ending a rollback fails; the
// rollback is done, and the next read transaction works.
func TestUnlockErrorAfterRollback(t *testing.T) {
	fs := vfs.NewFaultFS()
	p := mustOpen(t, fs, "r.db", Options{CacheSize: 10, PageSize: 512})
	writeTxn(t, p, 20, 1)
	require.NoError(t, p.BeginRead(bg))
	require.NoError(t, p.BeginWrite(bg, false))
	setPages(t, p, 20, 2) // spills: the rollback plays the journal back
	fs.SetInjector(vfs.FailNth(vfs.OpUnlock, 1, nil))
	require.NoError(t, p.Rollback())
	require.Equal(t, 1, fs.Injected())
	fs.SetInjector(nil)
	require.NoError(t, p.EndRead())
	checkPages(t, p, 20, 1)
	q := mustOpen(t, fs, "r.db", Options{})
	writeTxn(t, q, 20, 4)
}
