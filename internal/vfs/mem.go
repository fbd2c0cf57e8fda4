package vfs

import (
	"fmt"
	"path/filepath"
	"sync"
	"sync/atomic"
)

// memSectorSize is what MemFS reports; it matches the OS FS so that files
// written through either have the same layout.
const memSectorSize = 4096

// MemFS is a file system held in memory: files vanish with the process, and
// every write is durable at once (Sync and SyncDir do nothing). Locks follow
// lockingv3.html between all handles opened on the same file. Safe for
// concurrent use.
type MemFS struct {
	mu    sync.Mutex
	files map[string]*memNode
}

// memNode is one file; handles keep it alive after Remove, as an unlinked
// inode lives on while open.
type memNode struct {
	mu   sync.RWMutex // guards data
	data []byte

	lockMu sync.Mutex // guards locks and every handle's level
	locks  lockState
}

// NewMemFS returns an empty in-memory file system.
func NewMemFS() *MemFS {
	return &MemFS{files: make(map[string]*memNode)}
}

var _ FS = (*MemFS)(nil)

// Open implements FS.
func (fs *MemFS) Open(name string, flags OpenFlag) (File, error) {
	writable, create, excl, err := parseOpenFlags(name, flags)
	if err != nil {
		return nil, err
	}
	key := filepath.Clean(name)
	fs.mu.Lock()
	defer fs.mu.Unlock()
	n, ok := fs.files[key]
	if ok && excl {
		return nil, existErr(name)
	}
	if !ok {
		if !create {
			return nil, fmt.Errorf("vfs: open %s: %w", name, ErrNotExist)
		}
		n = &memNode{}
		fs.files[key] = n
	}
	return &memFile{name: key, node: n, writable: writable}, nil
}

// Remove implements FS.
func (fs *MemFS) Remove(name string) error {
	key := filepath.Clean(name)
	fs.mu.Lock()
	defer fs.mu.Unlock()
	if _, ok := fs.files[key]; !ok {
		return fmt.Errorf("vfs: remove %s: %w", name, ErrNotExist)
	}
	delete(fs.files, key)
	return nil
}

// Exists implements FS.
func (fs *MemFS) Exists(name string) (bool, error) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	_, ok := fs.files[filepath.Clean(name)]
	return ok, nil
}

// SyncDir implements FS; MemFS directory entries are always durable.
func (fs *MemFS) SyncDir(name string) error { return nil }

// memFile is a handle on a memNode.
type memFile struct {
	name     string
	node     *memNode
	writable bool
	closed   atomic.Bool
	level    LockLevel // guarded by node.lockMu
}

var _ File = (*memFile)(nil)

func (f *memFile) ReadAt(p []byte, off int64) (int, error) {
	if f.closed.Load() {
		return 0, fmt.Errorf("vfs: read %s: %w", f.name, ErrClosed)
	}
	f.node.mu.RLock()
	defer f.node.mu.RUnlock()
	return readBytes(f.node.data, p, off)
}

func (f *memFile) WriteAt(p []byte, off int64) (int, error) {
	if err := f.checkWritable("write"); err != nil {
		return 0, err
	}
	if err := checkWrite(off); err != nil {
		return 0, err
	}
	f.node.mu.Lock()
	defer f.node.mu.Unlock()
	f.node.data = writeBytes(f.node.data, p, off)
	return len(p), nil
}

func (f *memFile) Truncate(size int64) error {
	if err := f.checkWritable("truncate"); err != nil {
		return err
	}
	if size < 0 {
		return fmt.Errorf("vfs: truncate %s: %w: size %d", f.name, ErrInvalid, size)
	}
	f.node.mu.Lock()
	defer f.node.mu.Unlock()
	f.node.data = resizeBytes(f.node.data, size)
	return nil
}

func (f *memFile) checkWritable(op string) error {
	if f.closed.Load() {
		return fmt.Errorf("vfs: %s %s: %w", op, f.name, ErrClosed)
	}
	if !f.writable {
		return fmt.Errorf("vfs: %s %s: %w", op, f.name, ErrReadOnly)
	}
	return nil
}

func (f *memFile) Sync(mode SyncMode) error {
	if f.closed.Load() {
		return fmt.Errorf("vfs: sync %s: %w", f.name, ErrClosed)
	}
	return nil
}

func (f *memFile) Size() (int64, error) {
	if f.closed.Load() {
		return 0, fmt.Errorf("vfs: size %s: %w", f.name, ErrClosed)
	}
	f.node.mu.RLock()
	defer f.node.mu.RUnlock()
	return int64(len(f.node.data)), nil
}

func (f *memFile) SectorSize() int { return memSectorSize }

func (f *memFile) Lock(level LockLevel) error {
	f.node.lockMu.Lock()
	defer f.node.lockMu.Unlock()
	if f.closed.Load() {
		return fmt.Errorf("vfs: lock %s: %w", f.name, ErrClosed)
	}
	if level > LockShared && !f.writable {
		return fmt.Errorf("vfs: lock %s %v: %w", f.name, level, ErrReadOnly)
	}
	var err error
	f.level, err = f.node.locks.lock(f, f.level, level)
	if err != nil {
		return fmt.Errorf("vfs: lock %s %v: %w", f.name, level, err)
	}
	return nil
}

func (f *memFile) Unlock(level LockLevel) error {
	f.node.lockMu.Lock()
	defer f.node.lockMu.Unlock()
	if f.closed.Load() {
		return fmt.Errorf("vfs: unlock %s: %w", f.name, ErrClosed)
	}
	var err error
	f.level, err = f.node.locks.unlock(f, f.level, level)
	if err != nil {
		return fmt.Errorf("vfs: unlock %s %v: %w", f.name, level, err)
	}
	return nil
}

func (f *memFile) CheckReservedLock() (bool, error) {
	f.node.lockMu.Lock()
	defer f.node.lockMu.Unlock()
	if f.closed.Load() {
		return false, fmt.Errorf("vfs: check reserved lock %s: %w", f.name, ErrClosed)
	}
	return f.node.locks.reserved(), nil
}

func (f *memFile) Close() error {
	f.node.lockMu.Lock()
	defer f.node.lockMu.Unlock()
	if f.closed.Swap(true) {
		return fmt.Errorf("vfs: close %s: %w", f.name, ErrClosed)
	}
	f.level, _ = f.node.locks.unlock(f, f.level, LockNone)
	return nil
}

// lockLevel reports the handle's lock level (for tests).
func (f *memFile) lockLevel() LockLevel {
	f.node.lockMu.Lock()
	defer f.node.lockMu.Unlock()
	return f.level
}
