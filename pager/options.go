package pager

import "time"

// JournalMode is PRAGMA journal_mode for rollback-journal databases.
type JournalMode uint8

const (
	// JournalDelete deletes the journal at commit (the deletion is the
	// commit point). SQLite's default.
	JournalDelete JournalMode = iota
	// JournalTruncate truncates the journal to zero bytes at commit.
	JournalTruncate
	// JournalPersist zeroes the journal header at commit and keeps the file.
	JournalPersist
	// JournalMemory keeps the journal in RAM: Rollback works, a crash
	// mid-transaction may corrupt the database.
	JournalMemory
	// JournalOff keeps no journal: Rollback only discards cached changes and
	// a crash mid-commit may corrupt the database.
	JournalOff
)

func (m JournalMode) String() string {
	switch m {
	case JournalDelete:
		return "delete"
	case JournalTruncate:
		return "truncate"
	case JournalPersist:
		return "persist"
	case JournalMemory:
		return "memory"
	case JournalOff:
		return "off"
	}
	return "journal_mode?"
}

// Synchronous is PRAGMA synchronous: how many syncs a commit pays.
type Synchronous uint8

const (
	// SyncOff never syncs: safe against an application crash only.
	// The constants start at 1 so that a zero Options.Synchronous means the
	// default, SyncFull; do not convert PRAGMA numbers with a cast.
	SyncOff Synchronous = iota + 1
	// SyncNormal syncs the journal once before the database is written and
	// the database before the commit point.
	SyncNormal
	// SyncFull syncs journal content, then the journal header with the record
	// count, then the database. SQLite's default.
	SyncFull
	// SyncExtra is SyncFull plus a directory sync after the journal is
	// deleted, so the commit itself survives a power loss.
	SyncExtra
)

func (s Synchronous) String() string {
	switch s {
	case SyncOff:
		return "off"
	case SyncNormal:
		return "normal"
	case SyncFull:
		return "full"
	case SyncExtra:
		return "extra"
	}
	return "synchronous?"
}

// Options configure Open. The zero value is SQLite's defaults.
type Options struct {
	PageSize    int           // page size for a NEW file; 0 means 4096
	CacheSize   int           // SQLite meaning: >0 pages, <0 KiB; 0 means -2000
	JournalMode JournalMode   // zero value: JournalDelete
	Synchronous Synchronous   // zero value means SyncFull
	ReadOnly    bool          // open the file read-only: Write returns ErrReadOnly
	BusyTimeout time.Duration // how long BeginRead/BeginWrite/commit wait for locks
}

// Stats are cumulative counters since Open.
type Stats struct {
	PagesRead    uint64 // pages read from the database file
	CacheHits    uint64 // Get calls answered from the page cache
	PagesWritten uint64 // pages written to the database file
	Syncs        uint64 // Sync calls on the database, journal and directory
}

const (
	defaultPageSize  = 4096
	defaultCacheSize = -2000
	minPageSize      = 512
	maxPageSize      = 65536
	minCachePages    = 10
)
