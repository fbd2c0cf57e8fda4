package pager

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/walrusdb/walrus/internal/vfs"
	"github.com/walrusdb/walrus/journal"
)

// maxPgno is the largest page number SQLite allows (2^32-2).
const maxPgno = 0xfffffffe

// Pager is the page cache and transaction manager of one connection to one
// database file. It is not safe for concurrent use; several Pagers (in one
// process or many) share a file through vfs locks.
type Pager struct {
	fs          vfs.FS
	path        string
	journalPath string
	file        vfs.File

	pageSize    int
	reserved    int
	readOnly    bool
	journalMode JournalMode
	sync        Synchronous
	busyTimeout time.Duration
	cacheSize   int // the SQLite-style setting; see cacheLimit

	state state
	lock  vfs.LockLevel
	err   error // the sticky error of stateError
	// errAfterTxn marks a sticky error that hit after the transaction's
	// work was done (a failed unlock): nothing can be lost by starting
	// over, so BeginRead clears it (P6).
	errAfterTxn bool
	closed      bool
	cache       *cache
	stats       Stats

	// Read transaction.
	dbSize     uint32           // database size in pages as of this transaction
	dbFileSize uint32           // pages of the db file whose content is current; above: zeros
	hdrBuf     [headerSize]byte // readHeader's buffer
	fileSize   int64            // db file bytes as of validateCache and our writes since; -1 unknown
	vers       [16]byte         // header bytes 24..39 when the cache was last valid
	haveVers   bool
	readUsed   bool // a page other than page 1 was read in this read transaction

	// Write transaction.
	dbOrigSize    uint32           // dbSize when the write transaction began
	inJournal     map[uint32]int64 // pages whose original is in the journal -> the record's offset
	inJournalFree map[uint32]int64 // an empty map for the next write transaction's inJournal
	jw            *journal.Writer  // nil until the first Write
	jwBuf         *journal.Writer  // the Writer jw reuses in every transaction (nil before the first)
	jfile         vfs.File         // the journal file (nil for MEMORY and OFF)
	jcount        countingStorage  // jfile as the journal's storage, counting its syncs
	jDirSync      bool             // the journal was created: sync its directory on first sync
	stamped       bool             // header bytes 24/28/92/96 set for this transaction
	origCounter   uint32           // change counter before this transaction
	dbWritten     bool             // the db file was written in this transaction
	savepoints    []*savepoint
}

// Open opens (creating if needed, unless ReadOnly) the database file at path.
// An existing file's header is validated: ErrNotADatabase for a file that is
// not a SQLite 3 database, ErrNotSupported for WAL mode or UTF-16. No lock is
// taken until BeginRead.
func Open(fs vfs.FS, path string, opts Options) (*Pager, error) {
	ps := opts.PageSize
	if ps == 0 {
		ps = defaultPageSize
	}
	if ps < minPageSize || ps > maxPageSize || ps&(ps-1) != 0 {
		return nil, fmt.Errorf("pager: open %s: page size %d is not a power of two in 512..65536", path, ps)
	}
	flags := vfs.OpenReadWrite | vfs.OpenCreate
	if opts.ReadOnly {
		flags = vfs.OpenReadOnly
	}
	f, err := fs.Open(path, flags)
	if err != nil {
		return nil, fmt.Errorf("pager: open %s: %w", path, err)
	}
	p := &Pager{
		fileSize:    -1,
		fs:          fs,
		path:        path,
		journalPath: path + "-journal",
		file:        f,
		pageSize:    ps,
		readOnly:    opts.ReadOnly,
		journalMode: opts.JournalMode,
		sync:        opts.Synchronous,
		busyTimeout: opts.BusyTimeout,
		cacheSize:   opts.CacheSize,
	}
	if p.sync == 0 {
		p.sync = SyncFull
	}
	if p.cacheSize == 0 {
		p.cacheSize = defaultCacheSize
	}
	if p.journalMode > JournalOff {
		f.Close()
		return nil, fmt.Errorf("pager: open %s: journal mode %d: %w", path, p.journalMode, ErrNotSupported)
	}
	if err := p.readHeaderAtOpen(); err != nil {
		f.Close()
		return nil, fmt.Errorf("pager: open %s: %w", path, err)
	}
	p.cache = newCache(p.cacheLimit())
	return p, nil
}

// readHeaderAtOpen takes page size and reserved bytes from an existing
// file. A bad header next to a journal may be a torn page 1 that the hot
// journal repairs, so then the check waits for BeginRead.
func (p *Pager) readHeaderAtOpen() error {
	size, err := p.file.Size()
	if err != nil {
		return err
	}
	if size == 0 {
		return nil
	}
	h, err := p.readHeader()
	if err == nil {
		p.applyHeader(h)
		return nil
	}
	if hot, herr := p.fs.Exists(p.journalPath); herr == nil && hot && errors.Is(err, ErrNotADatabase) {
		return nil
	}
	return err
}

func (p *Pager) readHeader() (fileHeader, error) {
	b := &p.hdrBuf // a local array would escape to the heap through File
	n, err := p.file.ReadAt(b[:], 0)
	if err != nil && !(errors.Is(err, io.EOF) && n > 0) {
		if errors.Is(err, io.EOF) {
			return fileHeader{}, fmt.Errorf("%w: empty header", ErrNotADatabase)
		}
		return fileHeader{}, fmt.Errorf("read header: %w", err)
	}
	return parseHeader(b[:n])
}

func (p *Pager) applyHeader(h fileHeader) {
	p.pageSize, p.reserved = h.pageSize, h.reserved
	if h.readOnly {
		p.readOnly = true
	}
}

// Close ends any transaction (rolling back a write transaction) and closes
// the file.
func (p *Pager) Close() error {
	if p.closed {
		return ErrClosed
	}
	var firstErr error
	if p.state.isWriter() {
		firstErr = p.Rollback()
	}
	if p.state == stateError {
		p.reset()
	}
	if p.state == stateReader {
		if err := p.EndRead(); err != nil && firstErr == nil {
			firstErr = err
		}
	}
	if p.jfile != nil {
		p.jfile.Close()
		p.jfile = nil
	}
	if err := p.file.Close(); err != nil && firstErr == nil {
		firstErr = fmt.Errorf("pager: close: %w", err)
	}
	p.closed = true
	return firstErr
}

// usable returns the error that stops every call: closed, or the sticky
// error of stateError (P6).
func (p *Pager) usable() error {
	if p.closed {
		return ErrClosed
	}
	if p.state == stateError {
		return p.err
	}
	return nil
}

// setError enters stateError (P6): an I/O error left the file, journal or
// cache in an unknown state. Only Rollback or EndRead leave it.
func (p *Pager) setError(err error) error {
	if errors.Is(err, vfs.ErrBusy) {
		return err
	}
	p.state, p.err, p.errAfterTxn = stateError, err, false
	return err
}

// setUnlockError enters stateError after a failed unlock, when the
// transaction's work is already done (committed, rolled back, or read):
// the lock level is unknown, but no change is pending, so the next
// BeginRead may reset and start from the disk (P6).
func (p *Pager) setUnlockError(err error) {
	p.setError(err)
	p.errAfterTxn = true
}

// reset ends a failed transaction: drops every lock and the whole cache so
// the next BeginRead starts from the disk and replays the hot journal the
// failure may have left (P6).
func (p *Pager) reset() {
	p.fileSize = -1
	if p.jfile != nil {
		p.jfile.Close()
		p.jfile = nil
	}
	p.endWriteTxn()
	p.cache.clear()
	p.haveVers = false
	if p.lock != vfs.LockNone {
		_ = p.file.Unlock(vfs.LockNone) // a handle that cannot unlock is closed anyway
		p.lock = vfs.LockNone
	}
	p.state, p.err, p.errAfterTxn = stateOpen, nil, false
}

// InWrite reports whether a write transaction is open.
func (p *Pager) InWrite() bool { return p.state.isWriter() }

// PageSize returns the page size in bytes.
func (p *Pager) PageSize() int { return p.pageSize }

// UsableSize returns the page size minus the reserved bytes (header byte 20).
func (p *Pager) UsableSize() int { return p.pageSize - p.reserved }

// PageCount returns the database size in pages as of this transaction.
func (p *Pager) PageCount() uint32 { return p.dbSize }

// Stats returns the cumulative counters.
func (p *Pager) Stats() Stats { return p.stats }

// SetPageSize sets the page size of a database with no pages yet, outside
// a write transaction or before its first Write.
func (p *Pager) SetPageSize(n int) error {
	if err := p.usable(); err != nil {
		return err
	}
	if n < minPageSize || n > maxPageSize || n&(n-1) != 0 {
		return fmt.Errorf("pager: page size %d is not a power of two in 512..65536", n)
	}
	if p.dbSize != 0 || p.state > stateWriterLocked || (p.state == stateOpen && p.fileHasPages()) {
		return fmt.Errorf("pager: set page size %d: database is not empty: %w", n, ErrMisuse)
	}
	if n != p.pageSize {
		p.cache.clear()
		p.pageSize, p.reserved = n, 0
		p.cache.limit = p.cacheLimit()
	}
	return nil
}

func (p *Pager) fileHasPages() bool {
	size, err := p.file.Size()
	return err != nil || size > 0
}

// SetJournalMode changes journal_mode outside a write transaction and
// returns the mode in effect.
func (p *Pager) SetJournalMode(m JournalMode) (JournalMode, error) {
	if err := p.usable(); err != nil {
		return p.journalMode, err
	}
	if m > JournalOff {
		return p.journalMode, fmt.Errorf("pager: journal mode %d: %w", m, ErrNotSupported)
	}
	if p.state.isWriter() {
		return p.journalMode, fmt.Errorf("pager: cannot change journal mode inside a write transaction: %w", ErrMisuse)
	}
	old := p.journalMode
	p.journalMode = m
	if (old == JournalTruncate || old == JournalPersist) && m != JournalTruncate && m != JournalPersist {
		p.removeStaleJournal()
	}
	return m, nil
}

// removeStaleJournal deletes the journal file that TRUNCATE or PERSIST
// kept, when leaving those modes inside a read transaction (BeginRead
// already replayed it if it was hot, and our SHARED lock means nobody has
// written since). It is best effort: a busy RESERVED leaves the file, which
// is harmless because it is not hot.
func (p *Pager) removeStaleJournal() {
	if p.state != stateReader || p.readOnly {
		return
	}
	if p.file.Lock(vfs.LockReserved) != nil {
		return
	}
	if ok, err := p.fs.Exists(p.journalPath); err == nil && ok {
		_ = p.fs.Remove(p.journalPath) // best effort, see above
	}
	if err := p.file.Unlock(vfs.LockShared); err != nil {
		p.setUnlockError(fmt.Errorf("pager: unlock: %w", err))
	}
}

// SetSynchronous sets PRAGMA synchronous; it applies from the next journal
// write (a journal already started keeps its header kind).
func (p *Pager) SetSynchronous(s Synchronous) {
	if s == 0 {
		s = SyncFull
	}
	p.sync = s
}

// SetCacheSize sets the cache bound: n > 0 pages, n < 0 KiB, 0 the default.
func (p *Pager) SetCacheSize(n int) {
	if n == 0 {
		n = defaultCacheSize
	}
	p.cacheSize = n
	p.cache.limit = p.cacheLimit()
	p.cache.evictClean()
}

// SetBusyTimeout sets how long lock waits last.
func (p *Pager) SetBusyTimeout(d time.Duration) { p.busyTimeout = d }

func (p *Pager) cacheLimit() int {
	n := p.cacheSize
	if n < 0 {
		n = int(int64(-n) * 1024 / int64(p.pageSize))
	}
	return max(n, minCachePages)
}

// sectorSize is the journal's sector size: the db file's, clamped the way
// SQLite's sqlite3SectorSize does.
func (p *Pager) sectorSize() int {
	s := p.file.SectorSize()
	if s < 512 {
		return 512
	}
	return min(s, maxPageSize)
}

// BeginRead starts a read transaction: SHARED lock (waiting up to
// BusyTimeout, honouring ctx), hot-journal rollback, cache validation (P2).
// It is a no-op when a transaction is already open. It first leaves a
// stateError that a failed unlock left after the transaction was over (P6).
func (p *Pager) BeginRead(ctx context.Context) error {
	if p.state == stateError && p.errAfterTxn && !p.closed {
		p.reset()
	}
	if err := p.usable(); err != nil {
		return err
	}
	if p.state != stateOpen {
		return nil
	}
	if err := p.waitBusy(ctx, p.tryBeginRead); err != nil {
		return err
	}
	p.state, p.readUsed = stateReader, false
	p.assertState()
	return nil
}

// tryBeginRead is one attempt of BeginRead; on error it holds no lock.
func (p *Pager) tryBeginRead() error {
	p.fileSize = -1
	if err := p.file.Lock(vfs.LockShared); err != nil {
		return fmt.Errorf("pager: shared lock: %w", err)
	}
	p.lock = vfs.LockShared
	err := p.recoverHotJournal()
	if err == nil {
		err = p.validateCache()
	}
	if err != nil {
		p.unlockAll()
	}
	return err
}

// validateCache reads the header under SHARED and drops the cache if
// another connection changed the file since we last looked (P2).
func (p *Pager) validateCache() error {
	size, err := p.file.Size()
	if err != nil {
		return fmt.Errorf("pager: size: %w", err)
	}
	// Under SHARED nobody else can change the file (writers need
	// EXCLUSIVE), so the size stays known until our own writes.
	p.fileSize = size
	var h fileHeader
	if size > 0 {
		if h, err = p.readHeader(); err != nil {
			return fmt.Errorf("pager: %w", err)
		}
	}
	if !p.haveVers || h.vers != p.vers || (size > 0 && (h.pageSize != p.pageSize || h.reserved != p.reserved)) {
		p.cache.clear()
		if size > 0 {
			p.applyHeader(h)
			p.cache.limit = p.cacheLimit()
		}
		p.vers, p.haveVers = h.vers, true
	}
	filePages := uint32((size + int64(p.pageSize) - 1) / int64(p.pageSize))
	p.dbFileSize = filePages
	p.dbSize = filePages
	if h.dbSize != 0 && h.dbSize <= filePages {
		p.dbSize = h.dbSize
	}
	return nil
}

// EndRead ends a read transaction (releases SHARED). Inside a write
// transaction it does nothing. In stateError it ends the failed
// transaction (P6). A failed unlock is not returned: the read (and any
// commit before it) is over whatever the unlock did; the pager enters
// stateError outside a transaction and the next BeginRead starts afresh
// (P6), as SQLite's pager_unlock ignores the error.
func (p *Pager) EndRead() error {
	if p.closed {
		return ErrClosed
	}
	switch p.state {
	case stateError:
		p.reset()
	case stateReader:
		p.savepoints = nil
		if err := p.file.Unlock(vfs.LockNone); err != nil {
			p.setUnlockError(fmt.Errorf("pager: unlock: %w", err))
			return nil
		}
		p.lock, p.state = vfs.LockNone, stateOpen
	}
	p.assertState()
	return nil
}

// BeginWrite starts a write transaction inside a read transaction: RESERVED
// (EXCLUSIVE if exclusive). If RESERVED is busy and this read transaction
// already read pages other than page 1, it returns ErrBusy at once: waiting
// while holding SHARED could deadlock with the writer waiting for our SHARED
// to go. Otherwise it waits up to BusyTimeout, dropping SHARED between
// attempts; the cache is revalidated each time, so a caller that read page 1
// must recheck what it read (the schema cookie).
func (p *Pager) BeginWrite(ctx context.Context, exclusive bool) error {
	if err := p.usable(); err != nil {
		return err
	}
	if p.readOnly {
		return ErrReadOnly
	}
	switch {
	case p.state == stateOpen:
		return fmt.Errorf("pager: BeginWrite without a read transaction: %w", ErrMisuse)
	case p.state.isWriter():
		if exclusive && p.lock < vfs.LockExclusive {
			return p.lockExclusive(ctx)
		}
		return nil
	}
	err := p.file.Lock(vfs.LockReserved)
	if errors.Is(err, vfs.ErrBusy) && !p.readUsed {
		p.unlockAll()
		err = p.waitBusy(ctx, func() error {
			if p.lock == vfs.LockNone {
				if err := p.tryBeginRead(); err != nil {
					return err
				}
			}
			err := p.file.Lock(vfs.LockReserved)
			if errors.Is(err, vfs.ErrBusy) {
				p.unlockAll() // never sleep holding SHARED
			}
			return err
		})
		if err != nil && p.lock == vfs.LockNone && p.tryBeginRead() != nil {
			p.state = stateOpen // could not even keep the read transaction
		}
	}
	if err != nil {
		if errors.Is(err, vfs.ErrBusy) {
			return fmt.Errorf("%w: reserved lock held by another connection", ErrBusy)
		}
		return fmt.Errorf("pager: reserved lock: %w", err)
	}
	p.lock = vfs.LockReserved
	p.state = stateWriterLocked
	p.dbOrigSize = p.dbSize
	p.inJournal, p.inJournalFree = p.inJournalFree, nil
	if p.inJournal == nil {
		p.inJournal = make(map[uint32]int64)
	}
	p.stamped = false
	if exclusive {
		if err := p.lockExclusive(ctx); err != nil {
			// No write transaction after all: back to the read one.
			p.endWriteTxn()
			p.state = stateReader
			if uerr := p.file.Unlock(vfs.LockShared); uerr != nil {
				p.setUnlockError(fmt.Errorf("pager: unlock: %w", uerr))
				return err // the lock's error says why BeginWrite failed
			}
			p.lock = vfs.LockShared
			return err
		}
	}
	p.assertState()
	return nil
}

// unlockAll drops every lock; used on paths that return an error anyway.
func (p *Pager) unlockAll() {
	_ = p.file.Unlock(vfs.LockNone) // the caller's error matters more
	p.lock = vfs.LockNone
}

// waitBusy runs try until it succeeds, fails with something other than
// busy, BusyTimeout passes or ctx is done. try must hold no new lock when it
// fails.
func (p *Pager) waitBusy(ctx context.Context, try func() error) error {
	deadline := time.Now().Add(p.busyTimeout)
	sleep := time.Millisecond
	for {
		err := try()
		if err == nil || !errors.Is(err, vfs.ErrBusy) {
			return err
		}
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("pager: waiting for a lock: %w", err)
		}
		left := time.Until(deadline)
		if left <= 0 {
			return fmt.Errorf("%w: %v", ErrBusy, err)
		}
		t := time.NewTimer(min(sleep, left))
		select {
		case <-ctx.Done():
			t.Stop()
			return fmt.Errorf("pager: waiting for a lock: %w", ctx.Err())
		case <-t.C:
		}
		sleep = min(sleep*2, 50*time.Millisecond)
	}
}

// lockExclusive raises RESERVED to EXCLUSIVE, waiting up to BusyTimeout for
// readers to leave while PENDING keeps new ones out.
func (p *Pager) lockExclusive(ctx context.Context) error {
	if p.lock == vfs.LockExclusive {
		return nil
	}
	err := p.waitBusy(ctx, func() error {
		err := p.file.Lock(vfs.LockExclusive)
		if errors.Is(err, vfs.ErrBusy) {
			p.lock = vfs.LockPending
		}
		return err
	})
	if err != nil {
		if errors.Is(err, vfs.ErrBusy) && !errors.Is(err, ErrBusy) {
			err = fmt.Errorf("%w: %v", ErrBusy, err)
		}
		return fmt.Errorf("pager: exclusive lock: %w", err)
	}
	p.lock = vfs.LockExclusive
	return nil
}

// readPage fills dst with page pgno as of this transaction. It is the one
// place that decides where a page comes from: the db file, or zeros past
// its current end. A WAL snapshot plugs in here (doc.go, "WAL").
func (p *Pager) readPage(pgno uint32, dst []byte) error {
	if pgno > p.dbFileSize {
		clear(dst)
		return nil
	}
	return p.readFilePage(pgno, dst)
}

// readFilePage reads page pgno from the db file; bytes past the end of the
// file read as zeros.
func (p *Pager) readFilePage(pgno uint32, dst []byte) error {
	n, err := p.file.ReadAt(dst, int64(pgno-1)*int64(p.pageSize))
	if err != nil && !errors.Is(err, io.EOF) {
		return fmt.Errorf("pager: read page %d: %w", pgno, err)
	}
	clear(dst[n:])
	p.stats.PagesRead++
	return nil
}

// Get returns page pgno, referenced. Pages past PageCount read as zeros.
// Requires a read or write transaction.
func (p *Pager) Get(pgno uint32) (*Page, error) {
	if err := p.usable(); err != nil {
		return nil, err
	}
	if p.state == stateOpen {
		return nil, fmt.Errorf("pager: get page %d outside a transaction: %w", pgno, ErrMisuse)
	}
	if pgno == 0 || pgno > maxPgno {
		return nil, corruptf(pgno, "page number out of range")
	}
	if pgno != 1 {
		p.readUsed = true
	}
	if pg := p.cache.lookup(pgno); pg != nil {
		p.stats.CacheHits++
		p.cache.pin(pg)
		return pg, nil
	}
	if err := p.makeRoom(); err != nil {
		return nil, err
	}
	pg := &Page{pager: p, pgno: pgno, data: make([]byte, p.pageSize)}
	if pgno <= p.dbSize {
		if err := p.readPage(pgno, pg.data); err != nil {
			return nil, err
		}
	}
	p.cache.insert(pg)
	p.cache.pin(pg)
	return pg, nil
}

// makeRoom evicts clean pages, or spills dirty ones, when the cache is at
// its limit. When neither is possible the cache grows past the limit.
func (p *Pager) makeRoom() error {
	if !p.cache.full() || p.cache.evictClean() {
		return nil
	}
	if p.state != stateWriterCacheMod && p.state != stateWriterDBMod {
		return nil
	}
	if err := p.spill(); err != nil {
		return err
	}
	p.cache.evictClean()
	return nil
}
