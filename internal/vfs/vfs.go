// Package vfs is the seam between the storage engine and the file system.
// See doc.go for the contract.
package vfs

import "errors"

// OpenFlag says how Open treats the named file.
type OpenFlag uint8

const (
	// OpenReadOnly opens an existing file for reading only.
	OpenReadOnly OpenFlag = 1 << iota
	// OpenReadWrite opens a file for reading and writing.
	OpenReadWrite
	// OpenCreate creates the file if it does not exist (with OpenReadWrite).
	OpenCreate
	// OpenExclusive, with OpenCreate, fails with an error wrapping
	// ErrExist when the file exists (O_EXCL): one call both creates a file
	// and tells the caller it is new.
	OpenExclusive
)

// SyncMode says how much of a file's state Sync makes durable.
type SyncMode uint8

const (
	// SyncData makes the file's content and size durable (fdatasync).
	SyncData SyncMode = iota + 1
	// SyncFull also makes all metadata durable (fsync).
	SyncFull
)

// LockLevel is one of SQLite's five database-file lock states
// (lockingv3.html). Levels are ordered: a higher level implies the lower.
type LockLevel uint8

const (
	LockNone LockLevel = iota
	LockShared
	LockReserved
	LockPending
	LockExclusive
)

func (l LockLevel) String() string {
	switch l {
	case LockNone:
		return "NONE"
	case LockShared:
		return "SHARED"
	case LockReserved:
		return "RESERVED"
	case LockPending:
		return "PENDING"
	case LockExclusive:
		return "EXCLUSIVE"
	}
	return "LOCK?"
}

// Errors callers branch on.
var (
	// ErrBusy is returned by Lock when another connection (in this process or
	// another) holds a conflicting lock. Lock never waits; retrying is the
	// caller's policy (busy_timeout lives in the pager).
	ErrBusy = errors.New("vfs: lock is held by another connection")
	// ErrNotExist is returned by Open without OpenCreate, and by Remove, when
	// the file does not exist.
	ErrNotExist = errors.New("vfs: file does not exist")
	// ErrExist is returned by Open with OpenCreate|OpenExclusive when the
	// file exists.
	ErrExist = errors.New("vfs: file exists")
)

// FS is a file system: the only way the engine reaches files.
// All methods are safe for concurrent use.
type FS interface {
	// Open opens the named file. Without OpenCreate a missing file gives an
	// error wrapping ErrNotExist. Creating a file is not durable until
	// SyncDir of its directory returns.
	Open(name string, flags OpenFlag) (File, error)
	// Remove deletes the named file. The deletion is durable only after
	// SyncDir of its directory returns.
	Remove(name string) error
	// Exists reports whether the named file exists.
	Exists(name string) (bool, error)
	// SyncDir makes durable the creation and removal of entries in the
	// directory that holds the named file.
	SyncDir(name string) error
}

// File is an open file. ReadAt, WriteAt, Size and Sync may be called
// concurrently by several goroutines; the engine never does so for
// overlapping ranges. Lock state belongs to the File handle, and two handles
// on one file (in this process or another) see each other's locks.
type File interface {
	// ReadAt reads len(p) bytes at off. Reading past the end returns the bytes
	// that exist and io.EOF. After a crash it returns what the last Sync
	// made durable, or newer data that happened to reach the disk.
	ReadAt(p []byte, off int64) (int, error)
	// WriteAt writes p at off, extending the file as needed. The data is
	// visible to readers at once but durable only after Sync returns.
	// A write is not atomic across a power loss: it may be torn at sector
	// granularity (see SectorSize).
	WriteAt(p []byte, off int64) (int, error)
	// Truncate sets the file's size. Durable only after Sync.
	Truncate(size int64) error
	// Sync makes every completed write and truncate durable. SyncData may
	// skip metadata not needed to read the data back (fdatasync).
	Sync(mode SyncMode) error
	// Size returns the file's current size, including unsynced writes.
	Size() (int64, error)
	// SectorSize is the unit that a power loss can tear writes into
	// (at least 512). The rollback journal pads to it.
	SectorSize() int
	// Lock raises this handle's lock to level (SHARED, RESERVED, PENDING
	// or EXCLUSIVE) following lockingv3.html, on SQLite's lock bytes so
	// sqlite3 processes see it. It never waits: a conflict gives ErrBusy and
	// leaves the handle at its previous level (a PENDING taken on the way
	// to EXCLUSIVE is kept, as SQLite does). A transition lockingv3.html
	// does not allow gives ErrLockProtocol. See doc.go, V6 to V10.
	Lock(level LockLevel) error
	// Unlock lowers this handle's lock to level (SHARED or NONE); any other
	// level gives ErrLockProtocol.
	Unlock(level LockLevel) error
	// CheckReservedLock reports whether any handle, in any process, holds
	// RESERVED or higher on the file.
	CheckReservedLock() (bool, error)
	// Close releases the handle and its locks.
	Close() error
}
