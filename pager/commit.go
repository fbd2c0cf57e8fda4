package pager

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/walrusdb/walrus/internal/vfs"
	"github.com/walrusdb/walrus/journal"
)

// durability maps synchronous to how the journal is hardened (D2).
func (p *Pager) durability() journal.Durability {
	switch p.sync {
	case SyncOff:
		return journal.NoSync
	case SyncNormal:
		return journal.SyncOnce
	}
	return journal.SyncTwice
}

// hardenJournal makes every journaled original count for playback before
// any database page is overwritten (D2), syncing the journal's directory
// entry the first time (D1).
func (p *Pager) hardenJournal() error {
	if p.jw == nil || p.jw.Hardened() {
		return nil
	}
	if err := runHook(beforeJournalSync); err != nil {
		return err
	}
	if err := p.jw.Harden(p.durability(), vfs.SyncData); err != nil {
		return fmt.Errorf("pager: %w", err)
	}
	if p.jDirSync && p.sync != SyncOff && p.jfile != nil {
		p.stats.Syncs++
		if err := p.fs.SyncDir(p.journalPath); err != nil {
			return fmt.Errorf("pager: sync journal directory: %w", err)
		}
		p.jDirSync = false
	}
	return nil
}

// writePages writes pages to the database file and marks them clean.
// First the file is cut to dbFileSize, so pages that a Truncate dropped and
// that are not rewritten read as zeros, as they did in the transaction.
func (p *Pager) writePages(pages []*Page) error {
	if err := runHook(beforeDBWrite); err != nil {
		return err
	}
	p.dbWritten = true
	size, err := p.dbFileBytes()
	if err != nil {
		return err
	}
	if keep := int64(p.dbFileSize) * int64(p.pageSize); size > keep {
		if err := p.truncateFile(keep); err != nil {
			return err
		}
	}
	for _, pg := range pages {
		if err := p.writeFile(pg.data, int64(pg.pgno-1)*int64(p.pageSize)); err != nil {
			return fmt.Errorf("pager: write page %d: %w", pg.pgno, err)
		}
		p.stats.PagesWritten++
		p.cache.markClean(pg)
		p.dbFileSize = max(p.dbFileSize, pg.pgno)
	}
	return nil
}

// spill writes unreferenced dirty pages to the database file mid-
// transaction to make room in the cache (D7): harden the journal, start a
// new journal segment, take EXCLUSIVE without waiting, write. If the lock
// is busy nothing is spilled and the cache grows instead.
func (p *Pager) spill() error {
	pages := p.cache.unreferencedDirty()
	if len(pages) == 0 {
		return nil
	}
	if p.lock != vfs.LockExclusive {
		err := p.file.Lock(vfs.LockExclusive)
		if errors.Is(err, vfs.ErrBusy) {
			p.lock = vfs.LockPending
			return nil
		}
		if err != nil {
			return p.setError(fmt.Errorf("pager: spill: exclusive lock: %w", err))
		}
		p.lock = vfs.LockExclusive
	}
	if p.jw != nil && !p.jw.Hardened() {
		if err := p.hardenJournal(); err != nil {
			return p.setError(err)
		}
		if err := p.jw.NewSegment(); err != nil {
			return p.setError(fmt.Errorf("pager: spill: %w", err))
		}
	}
	p.state = stateWriterDBMod
	if err := p.writePages(pages); err != nil {
		return p.setError(err)
	}
	return nil
}

// CommitPhaseOne makes the transaction ready to commit: sets header bytes
// 24/28/92/96 on page 1, hardens the journal per synchronous (D2), takes
// EXCLUSIVE (waiting up to BusyTimeout; on ErrBusy the transaction stays
// open and the call may be retried), writes the dirty pages, truncates and
// syncs the database file (D5). After it, CommitPhaseTwo or Rollback.
func (p *Pager) CommitPhaseOne() error {
	if err := p.usable(); err != nil {
		return err
	}
	switch p.state {
	case stateWriterFinished:
		return nil
	case stateWriterLocked:
		p.state = stateWriterFinished
		return nil
	case stateWriterCacheMod, stateWriterDBMod:
	default:
		return fmt.Errorf("pager: commit in state %v: %w", p.state, ErrMisuse)
	}
	if err := p.stampPage1(); err != nil {
		return err
	}
	if err := p.hardenJournal(); err != nil {
		return p.setError(err)
	}
	if err := p.lockExclusive(context.Background()); err != nil {
		return err
	}
	p.state = stateWriterDBMod
	if err := p.writePages(p.cache.dirtyPages()); err != nil {
		return p.setError(err)
	}
	if err := p.setFileSize(); err != nil {
		return p.setError(err)
	}
	if err := runHook(beforeDBSync); err != nil {
		return p.setError(err)
	}
	if p.sync != SyncOff {
		p.stats.Syncs++
		if err := p.file.Sync(vfs.SyncData); err != nil {
			return p.setError(fmt.Errorf("pager: sync database: %w", err))
		}
	}
	p.state = stateWriterFinished
	p.assertState()
	return nil
}

// setFileSize makes the file exactly dbSize pages long: cut pages a
// Truncate dropped, or write a zero last page when the database ends in
// pages that were never written (zeros), as SQLite's pager_truncate does.
func (p *Pager) setFileSize() error {
	size, err := p.dbFileBytes()
	if err != nil {
		return err
	}
	want := int64(p.dbSize) * int64(p.pageSize)
	switch {
	case size > want:
		if err := p.truncateFile(want); err != nil {
			return err
		}
	case size < want:
		if err := p.writeFile(make([]byte, p.pageSize), want-int64(p.pageSize)); err != nil {
			return fmt.Errorf("pager: extend database: %w", err)
		}
	}
	p.dbFileSize = p.dbSize
	return nil
}

// stampPage1 sets the header bytes the pager owns (24, 28, 92, 96) and
// remembers the new change counter so our own cache stays valid (P2). It
// is idempotent within a transaction (a CommitPhaseOne retried after
// ErrBusy, maybe after more writes, stamps the same counter and the new
// size).
func (p *Pager) stampPage1() error {
	pg, err := p.Get(1)
	if err != nil {
		return err
	}
	defer pg.Release()
	if err := p.Write(pg); err != nil {
		return err
	}
	if !p.stamped {
		p.origCounter = binary.BigEndian.Uint32(pg.data[offChangeCounter:])
		p.stamped = true
	}
	stampHeader(pg.data, p.origCounter+1, p.dbSize)
	copy(p.vers[:], pg.data[offChangeCounter:offChangeCounter+16])
	return nil
}

// CommitPhaseTwo finalizes the journal, the commit point (D5), and drops to
// SHARED: the pager is back in a read transaction.
func (p *Pager) CommitPhaseTwo() error {
	if err := p.usable(); err != nil {
		return err
	}
	switch p.state {
	case stateWriterLocked:
	case stateWriterFinished:
		if err := runHook(beforeJournalFinalize); err != nil {
			return p.setError(err)
		}
		if err := p.finalizeJournal(); err != nil {
			return p.setError(err)
		}
	default:
		return fmt.Errorf("pager: CommitPhaseTwo in state %v: %w", p.state, ErrMisuse)
	}
	p.endWrite()
	return nil
}

// endWrite drops a finished write transaction back to READER. It runs
// after the commit point (or the finished rollback), so it cannot fail the
// transaction: a failed unlock leaves the lock level unknown and enters
// stateError outside the transaction, which the next EndRead or BeginRead
// clears (P6).
func (p *Pager) endWrite() {
	p.endWriteTxn()
	if err := p.file.Unlock(vfs.LockShared); err != nil {
		p.setUnlockError(fmt.Errorf("pager: unlock: %w", err))
		return
	}
	p.lock, p.state = vfs.LockShared, stateReader
	p.assertState()
}

// endWriteTxn forgets the write transaction's bookkeeping.
func (p *Pager) endWriteTxn() {
	p.jw = nil
	// Keep a small map for the next transaction (most commits journal a
	// few pages); a big one is dropped, since a map never shrinks.
	if p.inJournal != nil && len(p.inJournal) <= 64 {
		clear(p.inJournal)
		p.inJournalFree = p.inJournal
	}
	p.inJournal = nil
	p.savepoints = nil
	p.stamped, p.dbWritten = false, false
	p.dbOrigSize = 0
}

// finalizeJournal ends the journal per journal_mode. For DELETE under
// synchronous=EXTRA the directory is synced so the commit is durable.
func (p *Pager) finalizeJournal() error {
	if p.jfile == nil {
		p.jw = nil
		return nil
	}
	var how journal.Finish
	var sync bool
	switch p.journalMode {
	case JournalTruncate:
		how, sync = journal.FinishTruncate, p.sync >= SyncFull
	case JournalPersist:
		how, sync = journal.FinishPersist, p.sync != SyncOff
	default:
		how = journal.FinishDelete
	}
	f := p.jfile
	p.jfile, p.jw = nil, nil
	p.jcount = countingStorage{f, &p.stats}
	if err := journal.Finalize(p.fs, p.journalPath, &p.jcount, how, sync); err != nil {
		f.Close()
		return fmt.Errorf("pager: %w", err)
	}
	if how != journal.FinishDelete {
		// The journal is finalized (the commit point is behind us): a failed
		// close cannot undo the transaction, and the handle is gone anyway.
		_ = f.Close()
	} else if p.sync == SyncExtra {
		p.stats.Syncs++
		if err := p.fs.SyncDir(p.journalPath); err != nil {
			return fmt.Errorf("pager: sync journal directory: %w", err)
		}
	}
	return nil
}

// Rollback abandons the write transaction: the database file gets its
// original pages back from the journal if it was already written, cached
// changes are dropped, the journal is finalized, and the pager returns to
// READER. In stateError it ends the failed transaction instead: every lock
// and the cache go, and the next BeginRead replays the hot journal (P6).
// Outside a write transaction it does nothing.
func (p *Pager) Rollback() error {
	if p.closed {
		return ErrClosed
	}
	switch {
	case p.state == stateError:
		// A MEMORY journal dies with the transaction: play it back now if
		// the file was touched, since no later recovery can (P6).
		var err error
		if p.journalMode == JournalMemory && p.jw != nil && p.dbWritten {
			err = p.playbackOwnJournal()
		}
		p.reset()
		return err
	case !p.state.isWriter():
		return nil
	}
	if p.state == stateWriterDBMod || p.state == stateWriterFinished {
		if err := p.playbackOwnJournal(); err != nil {
			return p.setError(err)
		}
	}
	if err := p.finalizeJournal(); err != nil {
		return p.setError(err)
	}
	p.reloadCache()
	p.dbSize, p.dbFileSize = p.dbOrigSize, p.dbOrigSize
	if err := p.refreshFileSize(); err != nil {
		return p.setError(err)
	}
	p.endWrite()
	return nil
}

// playbackOwnJournal restores the database file from this transaction's
// journal and syncs it (D5).
func (p *Pager) playbackOwnJournal() error {
	if p.jw == nil {
		return fmt.Errorf("pager: rollback with journal_mode=%v after the database file was written: the file keeps partial changes", p.journalMode)
	}
	p.fileSize = -1 // the playback writes and truncates the file
	if err := p.jw.Rollback(p.file); err != nil {
		return fmt.Errorf("pager: rollback: %w", err)
	}
	if p.sync != SyncOff {
		p.stats.Syncs++
		if err := p.file.Sync(vfs.SyncData); err != nil {
			return fmt.Errorf("pager: rollback sync: %w", err)
		}
	}
	return nil
}

// reloadCache drops every cached page after a rollback; pages a caller
// still references get their content from the file again (or zeros).
func (p *Pager) reloadCache() {
	var held []*Page
	for _, pg := range p.cache.pages {
		if pg.ref > 0 {
			held = append(held, pg)
		}
	}
	p.cache.clear()
	for _, pg := range held {
		if pg.pgno <= p.dbOrigSize {
			if err := p.readFilePage(pg.pgno, pg.data); err != nil {
				continue // stays out of the cache; the next Get reads again
			}
		} else {
			clear(pg.data)
		}
		p.cache.insert(pg)
	}
}

// refreshFileSize sets dbFileSize from the file after a rollback.
func (p *Pager) refreshFileSize() error {
	p.fileSize = -1 // the playback wrote and truncated the file
	size, err := p.dbFileBytes()
	if err != nil {
		return err
	}
	p.dbFileSize = uint32((size + int64(p.pageSize) - 1) / int64(p.pageSize))
	return nil
}

// dbFileBytes returns the db file's size: the one validateCache saw,
// kept up to date by writeFile and truncateFile, so a commit costs no
// fstat; the file is asked only when that is unknown.
func (p *Pager) dbFileBytes() (int64, error) {
	if p.fileSize >= 0 {
		return p.fileSize, nil
	}
	size, err := p.file.Size()
	if err != nil {
		return 0, fmt.Errorf("pager: size: %w", err)
	}
	p.fileSize = size
	return size, nil
}

// writeFile writes b at off in the db file, keeping fileSize.
func (p *Pager) writeFile(b []byte, off int64) error {
	if _, err := p.file.WriteAt(b, off); err != nil {
		p.fileSize = -1 // a short write may have grown it
		return err
	}
	if p.fileSize >= 0 {
		p.fileSize = max(p.fileSize, off+int64(len(b)))
	}
	return nil
}

// truncateFile cuts the db file to size bytes, keeping fileSize.
func (p *Pager) truncateFile(size int64) error {
	if err := p.file.Truncate(size); err != nil {
		p.fileSize = -1
		return fmt.Errorf("pager: truncate database: %w", err)
	}
	p.fileSize = size
	return nil
}
