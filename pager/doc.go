// Package pager is walrus's page cache and transaction manager: it reads and
// writes fixed-size pages of one SQLite-format database file, takes the
// lockingv3.html locks, and makes a write transaction atomic and durable
// with a rollback journal (package journal) in SQLite's exact formats, so
// sqlite3 and walrus recover each other's crashes.
//
// # Terms
//
//   - original: a page's content when the write transaction began.
//   - journaled: a page whose original is in the journal (inJournal).
//   - hardened: the journal's segment header carries the magic and a record
//     count covering every journaled page, synced as synchronous asks.
//   - hot journal: a journal that must be played back before the database is
//     read (exists, non-zero first byte, nobody holds RESERVED, db not empty).
//   - commit point: the moment the journal stops being hot (deleted,
//     truncated, or its header zeroed); before it a crash rolls back, after
//     it the transaction is committed.
//
// # States
//
//	          BeginRead             BeginWrite
//	 OPEN --------------> READER --------------> WRITER_LOCKED ----------+
//	  ^  <--------------   ^  ^                        |                  |
//	  |     EndRead        |  |  Rollback              | Write,           |
//	  |                    |  +---(from any WRITER_*)  | Truncate         |
//	  | Rollback,          |                           v                  |
//	  | EndRead            |                    WRITER_CACHEMOD           |
//	  |                    |                           |                  |
//	ERROR                  |                           | spill,           | CommitPhaseOne
//	  ^                    |                           | CommitPhaseOne   | (nothing
//	  | I/O error in       |                           v                  |  changed)
//	  | Write, spill,      |                     WRITER_DBMOD             |
//	  | commit, rollback   |                           |                  |
//	  | (from any state    |  CommitPhaseTwo           | CommitPhaseOne   |
//	  |  but OPEN)         +--------------------- WRITER_FINISHED <-------+
//
// Transition table (from -> to: function):
//
//	OPEN            -> READER          BeginRead (SHARED, hot-journal rollback, cache check)
//	READER          -> OPEN            EndRead
//	READER          -> WRITER_LOCKED   BeginWrite (RESERVED; EXCLUSIVE if exclusive)
//	WRITER_LOCKED   -> WRITER_CACHEMOD Write, Truncate (journal opened)
//	WRITER_CACHEMOD -> WRITER_DBMOD    spill (cache full), CommitPhaseOne (EXCLUSIVE, pages written)
//	WRITER_DBMOD    -> WRITER_FINISHED CommitPhaseOne (db synced)
//	WRITER_LOCKED   -> WRITER_FINISHED CommitPhaseOne (nothing to write)
//	WRITER_FINISHED -> READER          CommitPhaseTwo (journal finalized = commit point; SHARED)
//	WRITER_*        -> READER          Rollback (journal played back if the db was written)
//	any             -> ERROR           I/O error while the disk is mid-change
//	ERROR           -> OPEN            Rollback or EndRead (locks and cache dropped)
//	ERROR           -> READER          BeginRead, if the error was a failed unlock
//	                                   after the transaction's work (P6)
//
// What each state guarantees (checked by assertState in tests):
//
//	(P1) OPEN: no lock, no dirty page. The cache may be stale.
//	(P2) READER: SHARED held; no dirty page; the cache matches the file (its
//	     change counter, bytes 24..39, equals the one the cache was read under).
//	     The file's size is read once, in BeginRead: while SHARED or more is
//	     held nobody else can change the file (writers need EXCLUSIVE), so
//	     the pager's own writes and truncations keep it (fileSize) and a
//	     commit asks the file system for no size.
//	(P3) WRITER_LOCKED: RESERVED or more held; no dirty page, no journal yet.
//	(P4) WRITER_CACHEMOD: RESERVED or more; the journal exists (unless
//	     journal_mode=OFF) and the database file is untouched.
//	(P5) WRITER_DBMOD: EXCLUSIVE held; the database file may hold new pages,
//	     so the journal is hardened (D2). WRITER_FINISHED: every page written
//	     and synced, no dirty page; EXCLUSIVE held if anything was written
//	     (a transaction that changed nothing finishes at RESERVED).
//	(P6) ERROR: an I/O error hit while the file, the journal or the cache
//	     were mid-change, so none of them can be trusted. Every call returns
//	     the saved error until Rollback or EndRead ends the transaction; that
//	     drops all locks and the cache, and the next BeginRead rereads the
//	     disk and plays back the journal the failure left behind (it is hot as
//	     soon as our locks are gone). This is SQLite's ERROR state.
//	     A failed unlock after a transaction's work is done (the drop to
//	     SHARED that ends CommitPhaseTwo or Rollback, or a BeginWrite that
//	     could not get EXCLUSIVE, or SetJournalMode's stale journal removal;
//	     the release in EndRead) cannot change the outcome: the commit point
//	     or the rollback is behind us, or nothing was changed. It is not
//	     reported as the call's failure (SQLite's
//	     pager_unlock ignores it too); the pager enters ERROR marked "after
//	     the transaction" because its lock level is unknown, and the next
//	     BeginRead (or EndRead/Rollback) leaves it: locks and cache dropped,
//	     the disk reread, a hot journal checked for. Likewise a failed close
//	     of a TRUNCATE/PERSIST journal after finalizing does not fail the
//	     commit.
//	(P7) A page that is not journaled has never been changed in this
//	     transaction, so the cache (if clean) or the file holds its original.
//	(P8) Busy: BeginRead and the RESERVED->EXCLUSIVE step of commit wait up to
//	     BusyTimeout (commit keeps PENDING, so new readers are kept out).
//	     BeginWrite waits only if the read transaction read nothing but page 1
//	     (it drops SHARED between attempts); otherwise it returns ErrBusy at
//	     once, since waiting while holding SHARED can deadlock with a writer
//	     waiting for our SHARED to go (SQLite's rule). Hot-journal rollback
//	     takes EXCLUSIVE without a RESERVED step, retried by BeginRead's loop.
//
// # Journal invariants
//
//	(D1) A journal exists before the database file can change: it is opened
//	     at the first Write/Truncate and its directory entry is synced with
//	     its first sync.
//	(D2) No database page is overwritten before every journaled original is
//	     hardened: synchronous=FULL/EXTRA sync records, write the count, sync
//	     again; NORMAL writes the count and syncs once; OFF never syncs (the
//	     header says "count to end of file" from the start).
//	(D3) Pages past the original database size are never journaled: rollback
//	     truncates the file to the original size instead.
//	(D4) Playback stops at the first record with a bad checksum or page
//	     number 0 and at the first segment header without the magic.
//	(D5) Every database write is synced (unless synchronous=OFF) before the
//	     journal is finalized, after commit and after playback alike.
//	(D6) When a sector holds several pages, a page is journaled together with
//	     every other page of its sector, because a power loss can tear the
//	     whole sector.
//	(D7) A cache spill hardens the journal and starts a new segment before
//	     writing database pages; records after it count only once the next
//	     hardening writes its header.
//
// # Header bytes
//
// The btree layer initialises page 1 and owns header bytes 32..91. The
// pager reads page size (16), versions (18/19), reserved bytes (20), payload
// fractions (21..23) and text encoding (56) to validate, and sets 24 (change
// counter + 1), 28 (size in pages), 92 (= 24) and 96 (writer version) in
// CommitPhaseOne of every transaction that changed something.
//
// # Savepoints
//
//	(S1) Savepoint n remembers, for each page changed since it opened, the
//	     content the page had then (in memory, or in the journal: S3); RollbackTo(n) puts those back,
//	     restores the page count, and closes savepoints above n.
//	(S2) Truncate saves, in each open savepoint that lacks it, the content of
//	     every page it drops that existed when the savepoint opened; so a page
//	     without an image is unchanged and readable as it is now.
//	(S3) A page the transaction had not touched before (neither journaled
//	     nor dirty, within the original size) gets no copy: its
//	     savepoint-time content is its original, which Write has just put
//	     in the journal, and RollbackTo reads it back from that record
//	     (SQLite's rule: a statement journal holds only pages that were
//	     already part of the transaction). Without a journal
//	     (journal_mode=OFF) every image is a copy. An autocommit statement
//	     opens no savepoint at all (sql's S2): the transaction's rollback
//	     covers it.
//
// # WAL (next)
//
// Every page read goes through readPage, the single place that decides
// where page N comes from. In WAL mode a read transaction pins a snapshot
// (the wal-index's mxFrame when it began, held by a read mark); readPage
// first looks page N up in the wal-index hash for the newest frame <= the
// snapshot and reads it from the -wal file, and only falls back to the
// database file. A write transaction appends dirty pages as frames instead
// of journaling originals; CommitPhaseOne writes the frames with the commit
// frame last (syncing the WAL under synchronous=FULL), and the commit point
// is the commit frame. A checkpoint copies frames no reader still needs back
// into the database file and syncs it. Journaling (journalPage,
// hardenJournal, finalizeJournal) then simply does not run.
package pager
