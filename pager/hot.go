package pager

import (
	"errors"
	"fmt"

	"github.com/walrusdb/walrus/internal/vfs"
	"github.com/walrusdb/walrus/journal"
)

// recoverHotJournal plays back a hot journal (lockingv3.html): holding
// SHARED, if the journal is hot take EXCLUSIVE (no RESERVED, no waiting:
// the caller's busy loop retries), check it again, play it back, sync the
// database, finalize the journal, and return at SHARED with the cache
// dropped (D4, D5).
func (p *Pager) recoverHotJournal() error {
	hot, err := journal.IsHot(p.fs, p.journalPath, p.file)
	if err != nil || !hot {
		return wrapPager(err)
	}
	if p.readOnly {
		return fmt.Errorf("pager: a hot journal needs rollback but the database is read-only: %w", ErrReadOnly)
	}
	if err := p.file.Lock(vfs.LockExclusive); err != nil {
		return fmt.Errorf("pager: hot journal: exclusive lock: %w", err)
	}
	p.lock = vfs.LockExclusive
	// Another connection may have rolled it back between the check and
	// the lock.
	if ok, err := p.fs.Exists(p.journalPath); err != nil || !ok {
		return p.backToShared(wrapPager(err))
	}
	jf, err := p.fs.Open(p.journalPath, vfs.OpenReadWrite)
	if errors.Is(err, vfs.ErrNotExist) {
		return p.backToShared(nil)
	}
	if err != nil {
		return p.backToShared(fmt.Errorf("pager: open hot journal: %w", err))
	}
	info, err := journal.Replay(jf, hookedTarget{p.file})
	if err != nil {
		jf.Close()
		return p.backToShared(fmt.Errorf("pager: hot journal: %w", err))
	}
	if info.Valid {
		p.stats.Syncs++
		if err := p.file.Sync(vfs.SyncData); err != nil {
			jf.Close()
			return p.backToShared(fmt.Errorf("pager: hot journal: sync database: %w", err))
		}
		if info.PageSize != p.pageSize {
			p.pageSize, p.reserved = info.PageSize, 0
		}
	}
	how, sync := journal.FinishDelete, false
	switch p.journalMode {
	case JournalTruncate:
		how, sync = journal.FinishTruncate, p.sync >= SyncFull
	case JournalPersist:
		how, sync = journal.FinishPersist, p.sync != SyncOff
	}
	if err := journal.Finalize(p.fs, p.journalPath, countingStorage{jf, &p.stats}, how, sync); err != nil {
		jf.Close()
		return p.backToShared(fmt.Errorf("pager: hot journal: %w", err))
	}
	if how != journal.FinishDelete {
		jf.Close()
	}
	p.cache.clear()
	p.haveVers = false
	return p.backToShared(nil)
}

// backToShared drops EXCLUSIVE to SHARED and returns err.
func (p *Pager) backToShared(err error) error {
	if uerr := p.file.Unlock(vfs.LockShared); uerr != nil && err == nil {
		err = fmt.Errorf("pager: unlock: %w", uerr)
	}
	p.lock = vfs.LockShared
	return err
}

func wrapPager(err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("pager: %w", err)
}

// hookedTarget is the database file as a playback target, with the
// duringHotRollback seam before each page write.
type hookedTarget struct{ f vfs.File }

func (t hookedTarget) WriteAt(b []byte, off int64) (int, error) {
	if err := runHook(duringHotRollback); err != nil {
		return 0, err
	}
	return t.f.WriteAt(b, off)
}

func (t hookedTarget) Truncate(size int64) error { return t.f.Truncate(size) }

func (t hookedTarget) Size() (int64, error) { return t.f.Size() }
