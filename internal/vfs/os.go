package vfs

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"sync"
	"sync/atomic"
	"syscall"
)

// SQLite's lock bytes (src/os.h). Part of the cross-process locking protocol
// shared with every sqlite3 process: do not change.
const (
	pendingByte  = 0x40000000
	reservedByte = pendingByte + 1
	sharedFirst  = pendingByte + 2
	sharedSize   = 510
)

// osSectorSize is the write-atomicity unit the OS FS promises; 4096 covers
// today's disks and flash (SQLite's unix VFS reports 4096 too).
const osSectorSize = 4096

// OSFS is the real file system. Files are opened with open(2); Sync is
// fdatasync(2) or fsync(2); locks are POSIX advisory record locks on SQLite's
// lock bytes, so walrus and sqlite3 processes exclude each other. Linux only.
type OSFS struct{}

// NewOSFS returns the operating system's file system.
func NewOSFS() *OSFS { return &OSFS{} }

var _ FS = (*OSFS)(nil)

// Open implements FS.
func (*OSFS) Open(name string, flags OpenFlag) (File, error) {
	writable, create, excl, err := parseOpenFlags(name, flags)
	if err != nil {
		return nil, err
	}
	mode := syscall.O_RDONLY
	if writable {
		mode = syscall.O_RDWR
	}
	if create {
		mode |= syscall.O_CREAT
	}
	if excl {
		mode |= syscall.O_EXCL
	}
	var fd int
	err = retryEINTR(func() (err error) {
		fd, err = syscall.Open(name, mode|syscall.O_CLOEXEC, 0o644)
		return err
	})
	if errors.Is(err, syscall.ENOENT) {
		return nil, fmt.Errorf("vfs: open %s: %w", name, ErrNotExist)
	}
	if excl && errors.Is(err, syscall.EEXIST) {
		return nil, existErr(name)
	}
	if err != nil {
		return nil, fmt.Errorf("vfs: open %s: %w", name, err)
	}
	var st syscall.Stat_t
	if err := syscall.Fstat(fd, &st); err != nil {
		closeFD(fd)
		return nil, fmt.Errorf("vfs: open %s: fstat: %w", name, err)
	}
	if st.Mode&syscall.S_IFMT != syscall.S_IFREG {
		closeFD(fd)
		return nil, fmt.Errorf("vfs: open %s: %w: not a regular file", name, ErrInvalid)
	}
	f := &osFile{name: name, fd: fd, writable: writable}
	inodes.mu.Lock()
	f.in = inodes.acquire(inodeKey{dev: st.Dev, ino: st.Ino})
	inodes.mu.Unlock()
	return f, nil
}

// Remove implements FS.
func (*OSFS) Remove(name string) error {
	err := retryEINTR(func() error { return syscall.Unlink(name) })
	if errors.Is(err, syscall.ENOENT) {
		return fmt.Errorf("vfs: remove %s: %w", name, ErrNotExist)
	}
	if err != nil {
		return fmt.Errorf("vfs: remove %s: %w", name, err)
	}
	return nil
}

// Exists implements FS.
func (*OSFS) Exists(name string) (bool, error) {
	var st syscall.Stat_t
	err := retryEINTR(func() error { return syscall.Stat(name, &st) })
	if errors.Is(err, syscall.ENOENT) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("vfs: stat %s: %w", name, err)
	}
	return true, nil
}

// SyncDir implements FS: it fsyncs the directory holding name.
func (*OSFS) SyncDir(name string) error {
	dir := filepath.Dir(name)
	var fd int
	err := retryEINTR(func() (err error) {
		fd, err = syscall.Open(dir, syscall.O_RDONLY|syscall.O_DIRECTORY|syscall.O_CLOEXEC, 0)
		return err
	})
	if err != nil {
		return fmt.Errorf("vfs: sync dir %s: %w", dir, err)
	}
	defer closeFD(fd)
	err = retryEINTR(func() error { return syscall.Fsync(fd) })
	if err != nil && !errors.Is(err, syscall.EINVAL) { // EINVAL: the file system cannot sync directories
		return fmt.Errorf("vfs: sync dir %s: %w", dir, err)
	}
	return nil
}

// inodeKey names a file independently of its path: POSIX locks belong to
// (process, inode), not to a descriptor or a name.
type inodeKey struct{ dev, ino uint64 }

// inodeInfo is this process's combined lock state on one file, SQLite's
// unixInodeInfo. POSIX locks cannot tell two handles of one process apart, so
// conflicts between them are decided here, and the byte locks taken through
// fcntl are the union the whole process holds. Guarded by inodes.mu.
type inodeInfo struct {
	key     inodeKey
	refs    int       // open handles
	nShared int       // handles at SHARED or higher
	level   LockLevel // highest level of any handle
	// unused holds descriptors of closed handles that could not be closed
	// yet: close(2) on any descriptor drops all of the process's locks on
	// the inode, so they wait until nShared reaches zero.
	unused []int
}

// inodes is the process-wide table of files with open handles.
var inodes = inodeTable{m: make(map[inodeKey]*inodeInfo)}

type inodeTable struct {
	mu sync.Mutex // guards the map, every inodeInfo, and every osFile.level
	m  map[inodeKey]*inodeInfo
}

func (t *inodeTable) acquire(key inodeKey) *inodeInfo {
	in := t.m[key]
	if in == nil {
		in = &inodeInfo{key: key}
		t.m[key] = in
	}
	in.refs++
	return in
}

// closeUnused closes the descriptors whose close was deferred.
func (in *inodeInfo) closeUnused() {
	for _, fd := range in.unused {
		closeFD(fd)
	}
	in.unused = nil
}

// osFile is a handle on an open descriptor.
type osFile struct {
	name     string
	fd       int
	writable bool
	closed   atomic.Bool
	in       *inodeInfo
	level    LockLevel // guarded by inodes.mu
}

var _ File = (*osFile)(nil)

func (f *osFile) ReadAt(p []byte, off int64) (int, error) {
	if f.closed.Load() {
		return 0, fmt.Errorf("vfs: read %s: %w", f.name, ErrClosed)
	}
	if off < 0 {
		return 0, fmt.Errorf("vfs: read %s: %w: offset %d", f.name, ErrInvalid, off)
	}
	total := 0
	for total < len(p) {
		n, err := syscall.Pread(f.fd, p[total:], off+int64(total))
		if errors.Is(err, syscall.EINTR) {
			continue
		}
		if err != nil {
			return total, fmt.Errorf("vfs: read %s at %d: %w", f.name, off, err)
		}
		if n == 0 {
			return total, io.EOF
		}
		total += n
	}
	return total, nil
}

func (f *osFile) WriteAt(p []byte, off int64) (int, error) {
	if err := f.checkWritable("write"); err != nil {
		return 0, err
	}
	if err := checkWrite(off); err != nil {
		return 0, err
	}
	total := 0
	for total < len(p) {
		n, err := syscall.Pwrite(f.fd, p[total:], off+int64(total))
		if errors.Is(err, syscall.EINTR) {
			continue
		}
		if err != nil {
			return total, fmt.Errorf("vfs: write %s at %d: %w", f.name, off, err)
		}
		if n == 0 {
			return total, fmt.Errorf("vfs: write %s at %d: %w", f.name, off, io.ErrShortWrite)
		}
		total += n
	}
	return total, nil
}

func (f *osFile) Truncate(size int64) error {
	if err := f.checkWritable("truncate"); err != nil {
		return err
	}
	if size < 0 {
		return fmt.Errorf("vfs: truncate %s: %w: size %d", f.name, ErrInvalid, size)
	}
	if err := retryEINTR(func() error { return syscall.Ftruncate(f.fd, size) }); err != nil {
		return fmt.Errorf("vfs: truncate %s: %w", f.name, err)
	}
	return nil
}

func (f *osFile) checkWritable(op string) error {
	if f.closed.Load() {
		return fmt.Errorf("vfs: %s %s: %w", op, f.name, ErrClosed)
	}
	if !f.writable {
		return fmt.Errorf("vfs: %s %s: %w", op, f.name, ErrReadOnly)
	}
	return nil
}

func (f *osFile) Sync(mode SyncMode) error {
	if f.closed.Load() {
		return fmt.Errorf("vfs: sync %s: %w", f.name, ErrClosed)
	}
	sync := syscall.Fsync
	if mode == SyncData {
		sync = syscall.Fdatasync
	}
	if err := retryEINTR(func() error { return sync(f.fd) }); err != nil {
		return fmt.Errorf("vfs: sync %s: %w", f.name, err)
	}
	return nil
}

func (f *osFile) Size() (int64, error) {
	if f.closed.Load() {
		return 0, fmt.Errorf("vfs: size %s: %w", f.name, ErrClosed)
	}
	var st syscall.Stat_t
	if err := syscall.Fstat(f.fd, &st); err != nil {
		return 0, fmt.Errorf("vfs: size %s: %w", f.name, err)
	}
	return st.Size, nil
}

func (f *osFile) SectorSize() int { return osSectorSize }

// Lock follows unixLock in SQLite's src/os_unix.c step by step, so that the
// bytes locked at each level are exactly those a sqlite3 process expects.
func (f *osFile) Lock(level LockLevel) error {
	inodes.mu.Lock()
	defer inodes.mu.Unlock()
	if f.closed.Load() {
		return fmt.Errorf("vfs: lock %s: %w", f.name, ErrClosed)
	}
	if f.level >= level {
		return nil
	}
	if err := checkLockRequest(f.level, level); err != nil {
		return fmt.Errorf("vfs: lock %s: %w", f.name, err)
	}
	if level > LockShared && !f.writable {
		return fmt.Errorf("vfs: lock %s %v: %w", f.name, level, ErrReadOnly)
	}
	if err := f.lock(level); err != nil {
		return fmt.Errorf("vfs: lock %s %v: %w", f.name, level, err)
	}
	return nil
}

// lock does the work of Lock with inodes.mu held and the request validated.
func (f *osFile) lock(level LockLevel) error {
	in := f.in
	// Another handle of this process holds a lock that excludes ours; fcntl
	// would not tell us, as a process never conflicts with itself.
	if f.level != in.level && (in.level >= LockPending || level > LockShared) {
		return ErrBusy
	}
	switch level {
	case LockShared:
		if in.level == LockShared || in.level == LockReserved {
			// The process already holds the shared range.
			in.nShared++
			f.level = LockShared
			return nil
		}
		// Holding PENDING for a moment keeps out a writer that is
		// between PENDING and EXCLUSIVE.
		if err := fileLock(f.fd, syscall.F_RDLCK, pendingByte, 1); err != nil {
			return err
		}
		err := fileLock(f.fd, syscall.F_RDLCK, sharedFirst, sharedSize)
		if uerr := fileLock(f.fd, syscall.F_UNLCK, pendingByte, 1); err == nil && uerr != nil {
			err = uerr
		}
		if err != nil {
			return err
		}
		in.nShared = 1
	case LockReserved:
		if err := fileLock(f.fd, syscall.F_WRLCK, reservedByte, 1); err != nil {
			return err
		}
	case LockPending:
		if err := fileLock(f.fd, syscall.F_WRLCK, pendingByte, 1); err != nil {
			return err
		}
	case LockExclusive:
		if f.level < LockPending {
			if err := fileLock(f.fd, syscall.F_WRLCK, pendingByte, 1); err != nil {
				return err
			}
			f.level, in.level = LockPending, LockPending
		}
		if in.nShared > 1 {
			return ErrBusy // readers in this process; PENDING is kept
		}
		if err := fileLock(f.fd, syscall.F_WRLCK, sharedFirst, sharedSize); err != nil {
			return err // readers in other processes; PENDING is kept
		}
	}
	f.level, in.level = level, level
	return nil
}

// Unlock follows unixUnlock (posixUnlock) in SQLite's src/os_unix.c.
func (f *osFile) Unlock(level LockLevel) error {
	inodes.mu.Lock()
	defer inodes.mu.Unlock()
	if f.closed.Load() {
		return fmt.Errorf("vfs: unlock %s: %w", f.name, ErrClosed)
	}
	if err := checkUnlockRequest(level); err != nil {
		return fmt.Errorf("vfs: unlock %s: %w", f.name, err)
	}
	if err := f.unlock(level); err != nil {
		return fmt.Errorf("vfs: unlock %s %v: %w", f.name, level, err)
	}
	return nil
}

func (f *osFile) unlock(level LockLevel) error {
	if f.level <= level {
		return nil
	}
	in := f.in
	if f.level > LockShared {
		if level == LockShared {
			// Turn the write lock on the shared range back into a read lock
			// in one step, so no writer slips in between.
			if err := fileLock(f.fd, syscall.F_RDLCK, sharedFirst, sharedSize); err != nil {
				return err
			}
		}
		if err := fileLock(f.fd, syscall.F_UNLCK, pendingByte, 2); err != nil {
			return err
		}
		f.level, in.level = LockShared, LockShared
	}
	if level == LockNone {
		in.nShared--
		if in.nShared == 0 {
			if err := fileLock(f.fd, syscall.F_UNLCK, 0, 0); err != nil {
				return err
			}
			in.level = LockNone
			in.closeUnused()
		}
	}
	f.level = level
	return nil
}

func (f *osFile) CheckReservedLock() (bool, error) {
	inodes.mu.Lock()
	defer inodes.mu.Unlock()
	if f.closed.Load() {
		return false, fmt.Errorf("vfs: check reserved lock %s: %w", f.name, ErrClosed)
	}
	if f.in.level > LockShared {
		return true, nil
	}
	lk := syscall.Flock_t{Type: syscall.F_WRLCK, Whence: io.SeekStart, Start: reservedByte, Len: 1}
	err := retryEINTR(func() error { return syscall.FcntlFlock(uintptr(f.fd), syscall.F_GETLK, &lk) })
	if err != nil {
		return false, fmt.Errorf("vfs: check reserved lock %s: %w", f.name, err)
	}
	return lk.Type != syscall.F_UNLCK, nil
}

func (f *osFile) Close() error {
	inodes.mu.Lock()
	defer inodes.mu.Unlock()
	if f.closed.Swap(true) {
		return fmt.Errorf("vfs: close %s: %w", f.name, ErrClosed)
	}
	err := f.unlock(LockNone)
	in := f.in
	in.refs--
	if in.nShared > 0 {
		in.unused = append(in.unused, f.fd)
	} else {
		closeFD(f.fd)
	}
	if in.refs == 0 {
		in.closeUnused()
		delete(inodes.m, in.key)
	}
	if err != nil {
		return fmt.Errorf("vfs: close %s: unlock: %w", f.name, err)
	}
	return nil
}

// lockLevel reports the handle's lock level (for tests).
func (f *osFile) lockLevel() LockLevel {
	inodes.mu.Lock()
	defer inodes.mu.Unlock()
	return f.level
}

// fileLock sets a POSIX record lock without waiting (F_SETLK, never
// F_SETLKW). A conflict with another process gives ErrBusy.
func fileLock(fd int, typ int16, start, length int64) error {
	lk := syscall.Flock_t{Type: typ, Whence: io.SeekStart, Start: start, Len: length}
	err := retryEINTR(func() error { return syscall.FcntlFlock(uintptr(fd), syscall.F_SETLK, &lk) })
	if errors.Is(err, syscall.EAGAIN) || errors.Is(err, syscall.EACCES) {
		return ErrBusy
	}
	return err
}

func closeFD(fd int) {
	// close(2) must not be retried on EINTR on Linux: the descriptor is
	// already gone.
	_ = syscall.Close(fd)
}

func retryEINTR(op func() error) error {
	for {
		err := op()
		if !errors.Is(err, syscall.EINTR) {
			return err
		}
	}
}
