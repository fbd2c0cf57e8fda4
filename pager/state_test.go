package pager

import (
	"context"
	"encoding/binary"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/walrusdb/walrus/internal/vfs"
	"github.com/walrusdb/walrus/journal"
)

// TestStateTransitions walks the transition table of doc.go and checks the
// state (and its guarantees, via assertState) after each call.
func TestStateTransitions(t *testing.T) {
	fs := vfs.NewMemFS()
	p := mustOpen(t, fs, "s.db", Options{})
	require.Equal(t, stateOpen, p.state)
	_, err := p.Get(1)
	require.ErrorIs(t, err, ErrMisuse, "Get outside a transaction")
	require.ErrorIs(t, p.BeginWrite(bg, false), ErrMisuse, "BeginWrite needs a read transaction")

	steps := []struct {
		name string
		do   func() error
		want state
	}{
		{"BeginRead", func() error { return p.BeginRead(bg) }, stateReader},
		{"BeginRead again is a no-op", func() error { return p.BeginRead(bg) }, stateReader},
		{"BeginWrite", func() error { return p.BeginWrite(bg, false) }, stateWriterLocked},
		{"Write", func() error { return writePage(p, 1, 1) }, stateWriterCacheMod},
		{"CommitPhaseOne", p.CommitPhaseOne, stateWriterFinished},
		{"CommitPhaseTwo", p.CommitPhaseTwo, stateReader},
		{"BeginWrite", func() error { return p.BeginWrite(bg, false) }, stateWriterLocked},
		{"empty CommitPhaseOne", p.CommitPhaseOne, stateWriterFinished},
		{"empty CommitPhaseTwo", p.CommitPhaseTwo, stateReader},
		{"BeginWrite exclusive", func() error { return p.BeginWrite(bg, true) }, stateWriterLocked},
		{"Write", func() error { return writePage(p, 2, 1) }, stateWriterCacheMod},
		{"EndRead inside a write txn is a no-op", p.EndRead, stateWriterCacheMod},
		{"Rollback", p.Rollback, stateReader},
		{"EndRead", p.EndRead, stateOpen},
		{"EndRead again is a no-op", p.EndRead, stateOpen},
	}
	for _, s := range steps {
		require.NoError(t, s.do(), s.name)
		require.Equal(t, s.want, p.state, s.name)
		require.NoError(t, p.checkState(), s.name)
	}
	require.Equal(t, vfs.LockNone, p.lock)
	require.Equal(t, uint32(1), p.PageCount(), "the rolled back page 2 is gone")
}

func writePage(p *Pager, pgno uint32, v byte) error {
	pg, err := p.Get(pgno)
	if err != nil {
		return err
	}
	defer pg.Release()
	if err := p.Write(pg); err != nil {
		return err
	}
	if pgno == 1 && p.dbOrigSize == 0 {
		initPage1(pg.Data(), p.PageSize())
	} else if pgno != 1 {
		fill(pg.Data(), pgno, v)
	}
	return nil
}

// TestCheckStateCatchesViolations shows the checker can fail.
func TestCheckStateCatchesViolations(t *testing.T) {
	p := mustOpen(t, vfs.NewMemFS(), "s.db", Options{})
	require.NoError(t, p.BeginRead(bg))
	p.lock = vfs.LockNone
	require.ErrorContains(t, p.checkState(), "P2")
	p.lock = vfs.LockShared
	p.state = stateWriterFinished
	require.ErrorContains(t, p.checkState(), "P5")
	p.state = stateReader
}

// TestStickyError: an I/O error at a durability step puts the pager in
// stateError; every call returns it until Rollback, and the next read
// transaction replays the journal the failure left (P6).
func TestStickyError(t *testing.T) {
	for _, seam := range []struct {
		name string
		hook *func() error
	}{
		{"beforeJournalSync", &beforeJournalSync},
		{"beforeDBWrite", &beforeDBWrite},
		{"beforeDBSync", &beforeDBSync},
		{"beforeJournalFinalize", &beforeJournalFinalize},
	} {
		t.Run(seam.name, func(t *testing.T) {
			fs := vfs.NewMemFS()
			p := mustOpen(t, fs, "e.db", Options{})
			writeTxn(t, p, 4, 1)
			boom := errors.New("injected at " + seam.name)
			*seam.hook = func() error { return boom }
			defer func() { *seam.hook = nil }()

			require.NoError(t, p.BeginRead(bg))
			require.NoError(t, p.BeginWrite(bg, false))
			setPages(t, p, 6, 2)
			err := p.CommitPhaseOne()
			if err == nil {
				err = p.CommitPhaseTwo()
			}
			require.ErrorIs(t, err, boom)
			require.Equal(t, stateError, p.state)
			_, err = p.Get(2)
			require.ErrorIs(t, err, boom, "sticky")
			require.ErrorIs(t, p.BeginRead(bg), boom, "sticky")
			require.ErrorIs(t, p.CommitPhaseOne(), boom, "sticky")
			*seam.hook = nil
			require.NoError(t, p.Rollback())
			require.Equal(t, stateOpen, p.state)
			checkPages(t, p, 4, 1) // hot journal (if any) replayed
			require.NoError(t, p.BeginRead(bg))
			hot, err := journal.IsHot(fs, "e.db-journal", p.file)
			require.NoError(t, err)
			require.False(t, hot, "no hot journal left")
			require.NoError(t, p.EndRead())
		})
	}
}

func TestHotRollbackInterruptedThenCompleted(t *testing.T) {
	fs := vfs.NewMemFS()
	p := mustOpen(t, fs, "h.db", Options{})
	writeTxn(t, p, 6, 1)
	beforeJournalFinalize = func() error { return errors.New("crash") }
	require.NoError(t, p.BeginRead(bg))
	require.NoError(t, p.BeginWrite(bg, false))
	setPages(t, p, 8, 2)
	require.NoError(t, p.CommitPhaseOne())
	require.Error(t, p.CommitPhaseTwo())
	beforeJournalFinalize = nil
	require.NoError(t, p.Close())

	calls := 0
	duringHotRollback = func() error {
		calls++
		if calls == 3 {
			return errors.New("crash during recovery")
		}
		return nil
	}
	defer func() { duringHotRollback = nil }()
	q := mustOpen(t, fs, "h.db", Options{})
	require.Error(t, q.BeginRead(bg))
	require.Equal(t, stateOpen, q.state)
	require.Equal(t, vfs.LockNone, q.lock)
	checkPages(t, q, 6, 1) // the second attempt completes
	require.Greater(t, calls, 3)
}

func TestBusy(t *testing.T) {
	fs := vfs.NewMemFS()
	a := mustOpen(t, fs, "b.db", Options{})
	writeTxn(t, a, 2, 1)
	b := mustOpen(t, fs, "b.db", Options{BusyTimeout: 20 * time.Millisecond})

	t.Run("deadlock rule: upgrade after reading returns busy at once", func(t *testing.T) {
		require.NoError(t, a.BeginRead(bg))
		require.NoError(t, a.BeginWrite(bg, false))
		require.NoError(t, b.BeginRead(bg))
		pg, err := b.Get(2)
		require.NoError(t, err)
		pg.Release()
		b.SetBusyTimeout(time.Hour)
		err = b.BeginWrite(bg, false)
		require.ErrorIs(t, err, ErrBusy)
		require.ErrorIs(t, err, vfs.ErrBusy)
		require.Equal(t, stateReader, b.state, "read transaction kept")
		require.NoError(t, b.EndRead())
		require.NoError(t, a.Rollback())
		require.NoError(t, a.EndRead())
		b.SetBusyTimeout(20 * time.Millisecond)
	})

	t.Run("fresh read transaction waits for RESERVED", func(t *testing.T) {
		require.NoError(t, a.BeginRead(bg))
		require.NoError(t, a.BeginWrite(bg, false))
		require.NoError(t, writePage(a, 2, 9))
		done := make(chan error, 1)
		b.SetBusyTimeout(5 * time.Second)
		require.NoError(t, b.BeginRead(bg))
		go func() { done <- b.BeginWrite(bg, false) }()
		time.Sleep(10 * time.Millisecond) // let b start waiting (not an assertion on time)
		require.NoError(t, a.CommitPhaseOne(), "a gets EXCLUSIVE: b dropped SHARED while waiting")
		require.NoError(t, a.CommitPhaseTwo())
		require.NoError(t, a.EndRead())
		require.NoError(t, <-done)
		require.True(t, b.InWrite())
		pg, err := b.Get(2)
		require.NoError(t, err)
		want := make([]byte, b.PageSize())
		fill(want, 2, 9)
		require.Equal(t, want, pg.Data(), "b sees a's commit: cache revalidated")
		pg.Release()
		require.NoError(t, b.Rollback())
		require.NoError(t, b.EndRead())
		b.SetBusyTimeout(20 * time.Millisecond)
	})

	t.Run("BeginRead times out behind EXCLUSIVE, honours ctx", func(t *testing.T) {
		require.NoError(t, a.BeginRead(bg))
		require.NoError(t, a.BeginWrite(bg, true))
		require.ErrorIs(t, b.BeginRead(bg), ErrBusy)
		require.Equal(t, vfs.LockNone, b.lock)
		ctx, cancel := context.WithCancel(bg)
		cancel()
		b.SetBusyTimeout(time.Hour)
		require.ErrorIs(t, b.BeginRead(ctx), context.Canceled)
		b.SetBusyTimeout(20 * time.Millisecond)
		require.NoError(t, a.Rollback())
		require.NoError(t, a.EndRead())
	})

	t.Run("BEGIN EXCLUSIVE that times out starts no write transaction", func(t *testing.T) {
		require.NoError(t, b.BeginRead(bg))
		require.NoError(t, a.BeginRead(bg))
		a.SetBusyTimeout(5 * time.Millisecond)
		require.ErrorIs(t, a.BeginWrite(bg, true), ErrBusy)
		require.False(t, a.InWrite())
		require.Equal(t, stateReader, a.state)
		require.NoError(t, b.EndRead())
		require.NoError(t, a.BeginWrite(bg, true))
		require.Equal(t, vfs.LockExclusive, a.lock)
		require.NoError(t, a.Rollback())
		require.NoError(t, a.EndRead())
	})

	t.Run("commit waits for readers, keeps PENDING", func(t *testing.T) {
		require.NoError(t, b.BeginRead(bg))
		require.NoError(t, a.BeginRead(bg))
		require.NoError(t, a.BeginWrite(bg, false))
		require.NoError(t, writePage(a, 2, 3))
		a.SetBusyTimeout(10 * time.Millisecond)
		require.ErrorIs(t, a.CommitPhaseOne(), ErrBusy, "b still reads")
		require.Equal(t, stateWriterCacheMod, a.state, "transaction stays open")
		c := mustOpen(t, fs, "b.db", Options{})
		require.ErrorIs(t, c.BeginRead(bg), ErrBusy, "PENDING keeps new readers out")
		require.NoError(t, b.EndRead())
		require.NoError(t, writePage(a, 4, 3)) // grow after the failed attempt
		require.NoError(t, a.CommitPhaseOne(), "retry succeeds")
		require.NoError(t, a.CommitPhaseTwo())
		require.NoError(t, a.EndRead())
		require.NoError(t, c.BeginRead(bg))
		pg, err := c.Get(2)
		require.NoError(t, err)
		want := make([]byte, c.PageSize())
		fill(want, 2, 3)
		require.Equal(t, want, pg.Data())
		pg.Release()
		require.Equal(t, uint32(4), c.PageCount(), "header size restamped on retry")
		pg, err = c.Get(1)
		require.NoError(t, err)
		require.Equal(t, uint32(4), binary.BigEndian.Uint32(pg.Data()[28:]))
		require.Equal(t, binary.BigEndian.Uint32(pg.Data()[24:]), binary.BigEndian.Uint32(pg.Data()[92:]))
		pg.Release()
		require.NoError(t, c.EndRead())
	})
}

func TestReadOnly(t *testing.T) {
	fs := vfs.NewMemFS()
	p := mustOpen(t, fs, "r.db", Options{})
	writeTxn(t, p, 2, 1)
	q := mustOpen(t, fs, "r.db", Options{ReadOnly: true})
	require.NoError(t, q.BeginRead(bg))
	require.ErrorIs(t, q.BeginWrite(bg, false), ErrReadOnly)
	require.NoError(t, q.EndRead())
	checkPages(t, q, 2, 1)
}
