// Package vfs is the seam between the storage engine and the file system:
// the only engine code that opens, reads, writes, syncs, locks or removes
// files. pager and journal reach files through FS and File only.
//
// # Implementations
//
//   - OSFS (NewOSFS): real files through open/pread/pwrite/fdatasync/fsync
//     and POSIX advisory locks on SQLite's lock bytes. Linux.
//   - MemFS (NewMemFS): files in memory, every write durable at once.
//   - FaultFS (NewFaultFS): MemFS plus a model of what is durable, so a test
//     can make ops fail (SetInjector, CrashAtOp, CrashAtSync, FailNth) and
//     build the states a power loss could leave (Crash).
//
// # Terms
//
// A handle is one File returned by Open. A write is visible once WriteAt
// returns (to every handle on the file); it is durable once it would survive
// a power loss. Synced means covered by a Sync that returned. A directory
// entry is the name of a file: its creation by Open with OpenCreate and its
// deletion by Remove.
//
// # Durability invariants
//
// (V1) Writes and truncates are visible to every handle of the file at once,
// and are durable only after a Sync on some handle of that file returns. A
// Sync covers every write and truncate that completed before it, through
// any handle of the file.
//
// (V2) Creating and removing directory entries is durable only after SyncDir
// of a name in that directory returns. Syncing a file does not make its
// entry durable, and SyncDir does not sync any file's content.
//
// (V3) After a power loss, synced data reads back exactly. Each unsynced
// write or truncate may be lost or kept, independently of the others, and a
// write may be torn into SectorSize pieces each of which is old or new
// (FaultFS TearSectors). A sector being written may also read back as
// garbage (FaultFS TearSectorsGarbage): code that must survive that checks
// its data (the journal's checksums).
//
// (V4) ReadAt past the end returns the bytes that exist and io.EOF; a read
// ending exactly at the end is complete (nil error). WriteAt past the end
// fills the gap with zeros; writing zero bytes never changes the size.
// Truncate to a larger size appends zeros.
//
// (V5) A removed file stays readable and writable through handles opened
// before the removal; a later Open with OpenCreate makes a new, empty file.
// With OpenExclusive too, Open fails with ErrExist if the file exists, so
// one call both creates a file and reports that it is new.
//
// # Locking invariants (lockingv3.html; SQLITE-FACTS.md 1.11)
//
// (V6) Levels are NONE < SHARED < RESERVED < PENDING < EXCLUSIVE and belong
// to a handle. Any number of handles may hold SHARED. At most one handle of
// a file holds RESERVED, PENDING or EXCLUSIVE, and it may coexist with SHARED
// holders except at EXCLUSIVE, which excludes every other lock. While a
// handle holds PENDING or EXCLUSIVE no new SHARED lock is granted.
//
// (V7) Lock never waits: a conflict returns an error wrapping ErrBusy and
// leaves the handle where it was, except that an EXCLUSIVE request that got
// past PENDING but is blocked by readers keeps PENDING (so the readers drain
// and no new one starts). Retrying is the pager's busy-timeout policy.
//
// (V8) Legal requests: Lock(SHARED) from NONE; Lock(RESERVED) from SHARED;
// Lock(PENDING) or Lock(EXCLUSIVE) from SHARED or higher; Unlock(SHARED) or
// Unlock(NONE) from any level. Asking for a level the handle already has or
// exceeds (Lock) or is already at or below (Unlock) is a no-op. Anything else
// returns ErrLockProtocol and changes nothing. A read-only handle gets
// ErrReadOnly for any level above SHARED. Close unlocks to NONE.
//
// (V9) Handles conflict with each other the same way whether they are in
// one process or in two. OSFS keeps one table per process keyed by device
// and inode (SQLite's unixInodeInfo) that decides conflicts between this
// process's handles and holds the union of their locks, because POSIX locks
// belong to the process. Closing a handle releases only that handle's locks:
// since close(2) of any descriptor drops every lock the process holds on the
// file, a handle's descriptor is closed only once no handle in the process
// holds a lock on the file.
//
// (V10) OSFS locks the bytes SQLite's unix VFS locks, with F_SETLK only:
// SHARED is a read lock on the 510-byte shared range (taken while holding a
// read lock on the PENDING byte), RESERVED a write lock on the RESERVED byte,
// PENDING a write lock on the PENDING byte, EXCLUSIVE a write lock on the
// shared range. walrus and sqlite3 processes therefore exclude each other.
// Between processes, as in SQLite, a handle may get PENDING while another
// process holds RESERVED; its EXCLUSIVE request then fails with ErrBusy.
//
// (V11) CheckReservedLock is true while any handle of the file holds
// RESERVED or higher, the caller's own included; for other processes, while
// one holds a write lock on the RESERVED byte.
//
// # Concurrency and errors
//
// (V12) Every FS and File method is safe for concurrent use, except that
// Close must not race with other calls on the same handle (on the OS a
// closed descriptor number can be reused at once). Callers do not read and
// write overlapping ranges of one file concurrently.
//
// (V13) Errors name the operation and file ("vfs: write /db at 4096: ...")
// and wrap a sentinel of errors.go or vfs.go where one applies (ErrBusy,
// ErrNotExist, ErrLockProtocol, ErrReadOnly, ErrClosed, ErrInvalid). Using a
// closed handle returns ErrClosed.
//
// # FaultFS
//
// (V14) Every FS and File method call except SectorSize is one op, numbered
// from 1 in the order the injector sees it. An op the injector fails has no
// effect (Close excepted: the handle is released, as close(2) does), so a
// crash at op k means ops 1..k-1 happened and nothing after.
//
// (V15) Crash returns a new FaultFS holding a state a real disk could hold
// under V2 and V3; the original is not changed. Unsynced directory entry
// changes are kept or dropped per name.
//
// # Next: WAL
//
// WAL mode will add the shared-memory wal-index to File (or to an optional
// interface beside it), as SQLite's xShmMap/xShmLock/xShmBarrier/xShmUnmap:
// ShmMap(region, size int, create bool) returning a region of the -shm file
// mapped in every process, ShmLock(offset, n int, flags) over SQLite's eight
// wal-index lock slots (WRITE, CKPT, RECOVER, READ0..4) on the -shm file's
// lock bytes (offset 120 onward), with shared and exclusive modes that never
// wait, a memory barrier, and ShmUnmap(delete bool). MemFS and FaultFS will
// keep the region in memory. Not implemented yet.
package vfs
