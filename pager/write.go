package pager

import (
	"errors"
	"fmt"
	"math/rand/v2"

	"github.com/walrusdb/walrus/internal/vfs"
	"github.com/walrusdb/walrus/journal"
)

// Write makes pg writable in the current write transaction: on the first
// Write of a page that existed when the transaction began, its original
// content goes to the journal (with the rest of its sector, D6); open
// savepoints save its current content. Writing past PageCount extends the
// database to pg's page. Call Write before every change to Data (it is
// cheap when the page is already writable).
func (p *Pager) Write(pg *Page) error {
	if err := p.usable(); err != nil {
		return err
	}
	if p.readOnly {
		return ErrReadOnly
	}
	if err := p.checkModifiable(); err != nil {
		return err
	}
	if pg.pager != p || p.cache.lookup(pg.pgno) != pg || pg.ref == 0 {
		return fmt.Errorf("pager: write page %d: not a referenced page of this pager: %w", pg.pgno, ErrMisuse)
	}
	if err := p.beginModify(); err != nil {
		return err
	}
	// A page neither journaled nor dirty is untouched by the transaction
	// (P7): if journalPage stores it now, the record holds exactly its
	// content, and open savepoints restore it from there instead of
	// copying it (S3).
	_, before := p.inJournal[pg.pgno]
	if err := p.journalPage(pg.pgno); err != nil {
		return p.setError(err)
	}
	_, after := p.inJournal[pg.pgno]
	p.saveForSavepoints(pg.pgno, pg.data, !before && after && !pg.dirty)
	p.cache.markDirty(pg)
	if pg.pgno > p.dbSize {
		p.dbSize = pg.pgno
	}
	return nil
}

// checkModifiable reports whether the state allows changing pages.
func (p *Pager) checkModifiable() error {
	switch p.state {
	case stateWriterLocked, stateWriterCacheMod, stateWriterDBMod:
		return nil
	}
	return fmt.Errorf("pager: modify in state %v: %w", p.state, ErrMisuse)
}

// beginModify moves WRITER_LOCKED to WRITER_CACHEMOD, opening the journal
// first (D1: a journal exists before the database can change).
func (p *Pager) beginModify() error {
	if p.state != stateWriterLocked {
		return nil
	}
	if p.journalMode != JournalOff {
		if err := p.openJournal(); err != nil {
			return err
		}
	}
	p.state = stateWriterCacheMod
	return nil
}

// openJournal starts the journal of this write transaction.
func (p *Pager) openJournal() error {
	var st journal.Storage
	empty := true
	if p.journalMode == JournalMemory {
		st = journal.NewMemory()
	} else {
		// Creating exclusively tells in one call whether the journal is
		// new (its directory entry then needs a sync, D1).
		existed := false
		f, err := p.fs.Open(p.journalPath, vfs.OpenReadWrite|vfs.OpenCreate|vfs.OpenExclusive)
		if errors.Is(err, vfs.ErrExist) {
			existed = true
			f, err = p.fs.Open(p.journalPath, vfs.OpenReadWrite|vfs.OpenCreate)
		}
		if err != nil {
			return fmt.Errorf("pager: open journal: %w", err)
		}
		// Truncate only a journal that was there already: truncating a
		// file just created costs an ext4 flush at its unlink (about
		// 0.5 ms a commit, measured in bench/).
		if existed && (p.journalMode == JournalTruncate || p.journalMode == JournalDelete) {
			if err := f.Truncate(0); err != nil {
				f.Close()
				return fmt.Errorf("pager: journal: %w", err)
			}
		}
		p.jfile, p.jDirSync = f, !existed
		p.jcount = countingStorage{f, &p.stats}
		st = &p.jcount // a pointer to a field: no allocation per transaction
		// Only a PERSIST journal keeps old bytes (DELETE and TRUNCATE
		// ones were just created or cut to zero above).
		empty = !existed || p.journalMode != JournalPersist
	}
	cfg := journal.WriterConfig{
		PageSize:   p.pageSize,
		SectorSize: p.sectorSize(),
		DBSize:     p.dbOrigSize,
		Nonce:      rand.Uint32(),
		Unsynced:   p.sync == SyncOff || p.journalMode == JournalMemory,
		Empty:      empty,
	}
	// One Writer serves every transaction of the pager: its buffers are
	// a page or more each, and a commit is often a handful of pages.
	var err error
	if p.jwBuf == nil {
		p.jwBuf, err = journal.NewWriter(st, cfg)
	} else {
		err = p.jwBuf.Restart(st, cfg)
	}
	if err != nil {
		if p.jfile != nil {
			p.jfile.Close()
			p.jfile = nil
		}
		return fmt.Errorf("pager: %w", err)
	}
	p.jw = p.jwBuf
	return nil
}

// journalPage writes the original of pgno, and of every other page in its
// sector not yet journaled, to the journal (D6). Pages past the original
// database size have no original.
func (p *Pager) journalPage(pgno uint32) error {
	if p.jw == nil || pgno > p.dbOrigSize {
		return nil
	}
	if _, ok := p.inJournal[pgno]; ok {
		return nil
	}
	first, last := pgno, pgno
	if per := uint32(p.sectorSize() / p.pageSize); per > 1 {
		first = (pgno-1)/per*per + 1
		last = min(first+per-1, p.dbOrigSize)
	}
	var buf []byte
	for q := first; q <= last; q++ {
		if _, ok := p.inJournal[q]; ok || q == lockBytePage(p.pageSize) {
			continue // SQLite never journals the lock-byte page
		}
		// A page not yet journaled was never changed: the cache or the
		// file holds its original (P7).
		var data []byte
		if pg := p.cache.lookup(q); pg != nil && !pg.dirty {
			data = pg.data
		} else {
			if buf == nil {
				buf = make([]byte, p.pageSize)
			}
			if err := p.readFilePage(q, buf); err != nil {
				return err
			}
			data = buf
		}
		off := p.jw.End()
		if err := p.jw.Append(q, data); err != nil {
			return fmt.Errorf("pager: %w", err)
		}
		p.inJournal[q] = off
	}
	return nil
}

// lockBytePage is the page holding the lock bytes at 1 GiB (fileformat2
// §1.3): never read, written or journaled for its content.
func lockBytePage(pageSize int) uint32 { return uint32(0x40000000/pageSize) + 1 }

// Truncate shrinks the database to nPage pages; the file is cut at commit.
// Pages beyond that existed when the transaction began are journaled now so
// rollback can restore them.
func (p *Pager) Truncate(nPage uint32) error {
	if err := p.usable(); err != nil {
		return err
	}
	if p.readOnly {
		return ErrReadOnly
	}
	if err := p.checkModifiable(); err != nil {
		return err
	}
	if nPage >= p.dbSize {
		if nPage == p.dbSize {
			return nil
		}
		return fmt.Errorf("pager: truncate to %d pages, database has %d: %w", nPage, p.dbSize, ErrMisuse)
	}
	if err := p.beginModify(); err != nil {
		return err
	}
	for q := nPage + 1; q <= min(p.dbSize, p.dbOrigSize); q++ {
		if err := p.journalPage(q); err != nil {
			return p.setError(err)
		}
	}
	if err := p.saveTruncatedForSavepoints(nPage); err != nil {
		return p.setError(err)
	}
	p.cache.truncate(nPage)
	p.dbSize = nPage
	p.dbFileSize = min(p.dbFileSize, nPage)
	return nil
}

// countingStorage counts the syncs of a journal file in Stats.
type countingStorage struct {
	vfs.File
	stats *Stats
}

func (c countingStorage) Sync(mode vfs.SyncMode) error {
	c.stats.Syncs++
	return c.File.Sync(mode)
}
