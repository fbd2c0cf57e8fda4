// Package journal reads and writes SQLite's rollback journal ("<db>-journal")
// byte for byte (format.go has the layout), so that sqlite3 rolls back
// journals walrus leaves after a crash and walrus rolls back sqlite3's.
// It knows nothing about caches or locks: the pager decides when to write,
// harden, play back and finalize.
//
// # Terms
//
//   - segment: one header plus the page records after it; a transaction's
//     journal starts with one and gains one each time the pager hardens it
//     before spilling pages mid-transaction.
//   - hardened: the current segment header holds the magic and the record
//     count, with the syncs the pager asked for.
//   - nonce: the random checksum initialiser in each header; records left by
//     an earlier transaction in a reused (PERSIST) file fail its checksum.
//
// # Invariants
//
//	(J1) The first header is at offset 0 and reaches the storage no later
//	     than any record. A synced journal gathers its header and records
//	     in memory and writes them in one piece at Harden (earlier only
//	     past maxPending bytes, or before reading the storage back): until
//	     Harden's count they are invisible to playback (J2) and the
//	     database is untouched (the pager's D2), so a crash leaves the same
//	     outcomes; only the number of writes changes. An Unsynced
//	     journal writes each record at once. A Writer may be Restarted for
//	     the next transaction's journal once the last one is finished.
//	(J2) A synced journal's header carries a zero magic and count until
//	     Harden; Harden(SyncTwice) syncs the records before it writes the
//	     count, so a count never covers a record that did not reach the disk.
//	     An Unsynced journal (synchronous=OFF, MEMORY) has the magic and
//	     NRecUnknown from the start and a single segment.
//	(J3) Each header occupies one whole sector and each later header starts
//	     on a sector boundary, as SQLite's journalHdrOffset computes.
//	(J4) Replay stops at the first header without the magic, the first
//	     record with page number 0, the lock-byte page or a bad checksum, and
//	     at the end of the file; it never writes a page past the original
//	     database size, and it first cuts the database to that size if it is
//	     longer (never growing it: journaled records restore cut pages).
//	(J5) Replay and Writer.Rollback leave syncing the database to the caller,
//	     which must do it before Finalize (the commit point of the rollback).
//	(J6) Finalize removes (DELETE), truncates (TRUNCATE) or zeroes the header
//	     of (PERSIST) the journal; after it the journal is never hot.
//	(J7) IsHot is true only for a journal that exists, starts with a non-zero
//	     byte, while no connection holds RESERVED on a non-empty database.
//	(J8) Before Harden writes a record count, it clears the magic of a valid
//	     header at the offset where playback looks for the next segment
//	     (under SyncTwice before its first sync): a reused PERSIST journal
//	     may hold there a header of an older transaction that spilled, and
//	     playback would run on into its out-of-date records, which pass
//	     their checksums under that header's own nonce (SQLite's syncJournal
//	     does the same). A journal that started empty (WriterConfig.Empty:
//	     just created or truncated) holds nothing there but its own
//	     writes, so the check is skipped.
//
// WAL and the wal-index are not implemented yet; they will live here too.
package journal
