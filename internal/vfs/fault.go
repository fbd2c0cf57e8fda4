package vfs

import (
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"sync"
)

// OpKind names one FS or File method, for fault injection. Every method that
// can fail has a kind (SectorSize cannot fail and has none).
type OpKind uint8

const (
	OpOpen              OpKind = iota + 1 // FS.Open without OpenCreate
	OpCreate                              // FS.Open with OpenCreate
	OpRemove                              // FS.Remove
	OpExists                              // FS.Exists
	OpSyncDir                             // FS.SyncDir
	OpReadAt                              // File.ReadAt
	OpWriteAt                             // File.WriteAt
	OpTruncate                            // File.Truncate
	OpSync                                // File.Sync
	OpSize                                // File.Size
	OpLock                                // File.Lock
	OpUnlock                              // File.Unlock
	OpCheckReservedLock                   // File.CheckReservedLock
	OpClose                               // File.Close
	numOpKinds
)

var opKindNames = [numOpKinds]string{
	OpOpen: "Open", OpCreate: "Create", OpRemove: "Remove", OpExists: "Exists",
	OpSyncDir: "SyncDir", OpReadAt: "ReadAt", OpWriteAt: "WriteAt",
	OpTruncate: "Truncate", OpSync: "Sync", OpSize: "Size", OpLock: "Lock",
	OpUnlock: "Unlock", OpCheckReservedLock: "CheckReservedLock", OpClose: "Close",
}

func (k OpKind) String() string {
	if k > 0 && k < numOpKinds {
		return opKindNames[k]
	}
	return fmt.Sprintf("OpKind(%d)", uint8(k))
}

// The op sets: a read only observes state, a write changes the file system
// or the lock table, a sync is the write that makes things durable.
var (
	readOps  = opSet(OpOpen, OpExists, OpReadAt, OpSize, OpCheckReservedLock)
	writeOps = opSet(OpCreate, OpRemove, OpSyncDir, OpWriteAt, OpTruncate, OpSync, OpLock, OpUnlock, OpClose)
	syncOps  = opSet(OpSync, OpSyncDir)
)

func opSet(kinds ...OpKind) (s [numOpKinds]bool) {
	for _, k := range kinds {
		s[k] = true
	}
	return s
}

// IsRead reports whether k only observes state.
func (k OpKind) IsRead() bool { return k < numOpKinds && readOps[k] }

// IsWrite reports whether k changes files, directory entries or locks.
func (k OpKind) IsWrite() bool { return k < numOpKinds && writeOps[k] }

// IsSync reports whether k makes state durable (Sync, SyncDir).
func (k OpKind) IsSync() bool { return k < numOpKinds && syncOps[k] }

func init() {
	for k := OpKind(1); k < numOpKinds; k++ {
		if opKindNames[k] == "" || k.IsRead() == k.IsWrite() || k.IsSync() && !k.IsWrite() {
			panic(fmt.Sprintf("vfs: op kind %d is not in exactly one of the read and write sets", k))
		}
	}
}

// Op describes one call on a FaultFS, as its injector sees it.
type Op struct {
	Kind   OpKind
	Path   string    // the file's cleaned name
	Offset int64     // ReadAt, WriteAt: the offset; Truncate: the new size
	Len    int       // ReadAt, WriteAt: the byte count
	Level  LockLevel // Lock, Unlock: the requested level
	N      int       // ordinal of this op among all ops on the FaultFS, from 1
}

func (op Op) String() string {
	return fmt.Sprintf("#%d %v %s off=%d len=%d level=%v", op.N, op.Kind, op.Path, op.Offset, op.Len, op.Level)
}

// Injector decides the fate of each op before it runs: a non-nil error makes
// the op fail with that error and have no effect. Injectors are called one at
// a time, in op order, and must not call the FaultFS.
type Injector func(op Op) error

// CrashAtOp fails op k and every op after it with ErrCrashed: the machine
// stops at op k, which never reaches the disk.
func CrashAtOp(k int) Injector {
	return func(op Op) error {
		if op.N >= k {
			return ErrCrashed
		}
		return nil
	}
}

// CrashAtSync fails the k-th Sync or SyncDir (counting from 1) and every op
// after it with ErrCrashed.
func CrashAtSync(k int) Injector {
	syncs, crashed := 0, false
	return func(op Op) error {
		if op.Kind.IsSync() {
			syncs++
			crashed = crashed || syncs >= k
		}
		if crashed {
			return ErrCrashed
		}
		return nil
	}
}

// FailNth fails only the n-th op (from 1) of the given kind, with err, or
// ErrInjected if err is nil.
func FailNth(kind OpKind, n int, err error) Injector {
	return FailNthMatching(func(op Op) bool { return op.Kind == kind }, n, err)
}

// FailNthMatching fails only the n-th op (from 1) for which match is true,
// with err, or ErrInjected if err is nil. For example, the second write to
// the journal: FailNthMatching(func(op Op) bool { return op.Kind == OpWriteAt
// && strings.HasSuffix(op.Path, "-journal") }, 2, nil).
func FailNthMatching(match func(Op) bool, n int, err error) Injector {
	if err == nil {
		err = ErrInjected
	}
	seen := 0
	return func(op Op) error {
		if match(op) {
			seen++
			if seen == n {
				return err
			}
		}
		return nil
	}
}

// CrashMode chooses which post-power-loss state Crash builds.
type CrashMode uint8

const (
	// DropUnsynced keeps only what was made durable: file content as of
	// its last Sync, directory entries as of the last SyncDir.
	DropUnsynced CrashMode = iota + 1
	// KeepRandomSubset keeps each unsynced write or truncate independently
	// with probability 1/2 (applied in their original order), and each
	// unsynced directory entry change with probability 1/2.
	KeepRandomSubset
	// TearSectors is KeepRandomSubset at sector granularity: every sector
	// touched by an unsynced write independently gets the new bytes or keeps
	// the old ones, so one write may be torn. Truncates and directory
	// entries are kept or lost whole, as in KeepRandomSubset.
	TearSectors
	// TearSectorsGarbage is TearSectors where a sector may also end up
	// holding random bytes (a write interrupted inside the sector).
	TearSectorsGarbage
)

func (m CrashMode) String() string {
	switch m {
	case DropUnsynced:
		return "DropUnsynced"
	case KeepRandomSubset:
		return "KeepRandomSubset"
	case TearSectors:
		return "TearSectors"
	case TearSectorsGarbage:
		return "TearSectorsGarbage"
	}
	return fmt.Sprintf("CrashMode(%d)", uint8(m))
}

// faultSectorSize is the default tearing unit of FaultFS: the smallest
// sector SQLite allows, so torn writes are as fine-grained as they get.
const faultSectorSize = 512

// FaultFS is an in-memory file system for crash and error tests. It behaves
// like MemFS (locks included) and also remembers, per file, the content as
// of the last Sync and every write and truncate since, and per directory the
// entries as of the last SyncDir. Crash builds one state the disk could hold
// after a power loss; an Injector makes chosen ops fail. Safe for concurrent
// use.
type FaultFS struct {
	injMu    sync.Mutex // orders ops; guards the fields below
	injector Injector
	ops      int
	injected int

	mu         sync.Mutex // guards the namespace, every node and every handle
	sectorSize int
	files      map[string]*faultNode // the namespace as the process sees it
	durable    map[string]*faultNode // the namespace a crash would leave
}

// faultNode is one file (an inode). Guarded by FaultFS.mu.
type faultNode struct {
	data    []byte       // current content
	synced  []byte       // content as of the last Sync
	pending []faultWrite // writes and truncates since the last Sync, in order
	locks   lockState
}

// faultWrite is one unsynced change: a write of data at off, or, if
// truncate, a truncate to size off.
type faultWrite struct {
	off      int64
	data     []byte
	truncate bool
}

// NewFaultFS returns an empty FaultFS with no injector and 512-byte sectors.
func NewFaultFS() *FaultFS {
	return &FaultFS{
		sectorSize: faultSectorSize,
		files:      make(map[string]*faultNode),
		durable:    make(map[string]*faultNode),
	}
}

var _ FS = (*FaultFS)(nil)

// SetInjector installs inj (nil removes it). Op numbering is not reset.
func (fs *FaultFS) SetInjector(inj Injector) {
	fs.injMu.Lock()
	defer fs.injMu.Unlock()
	fs.injector = inj
}

// SetSectorSize sets what SectorSize reports and the unit TearSectors tears
// at: a power of two of at least 512.
func (fs *FaultFS) SetSectorSize(n int) error {
	if n < 512 || n&(n-1) != 0 {
		return fmt.Errorf("vfs: sector size %d: %w", n, ErrInvalid)
	}
	fs.mu.Lock()
	defer fs.mu.Unlock()
	fs.sectorSize = n
	return nil
}

// Ops returns how many ops have been attempted so far, failed ones included.
// A "crash at op k" loop is done when Ops() < k after the workload.
func (fs *FaultFS) Ops() int {
	fs.injMu.Lock()
	defer fs.injMu.Unlock()
	return fs.ops
}

// Injected returns how many ops the injector has failed.
func (fs *FaultFS) Injected() int {
	fs.injMu.Lock()
	defer fs.injMu.Unlock()
	return fs.injected
}

// begin numbers op and asks the injector about it.
func (fs *FaultFS) begin(op Op) error {
	fs.injMu.Lock()
	defer fs.injMu.Unlock()
	fs.ops++
	op.N = fs.ops
	if fs.injector == nil {
		return nil
	}
	err := fs.injector(op)
	if err != nil {
		fs.injected++
	}
	return err
}

// Open implements FS.
func (fs *FaultFS) Open(name string, flags OpenFlag) (File, error) {
	key := filepath.Clean(name)
	kind := OpOpen
	if flags&OpenCreate != 0 {
		kind = OpCreate
	}
	if err := fs.begin(Op{Kind: kind, Path: key}); err != nil {
		return nil, fmt.Errorf("vfs: open %s: %w", name, err)
	}
	writable, create, excl, err := parseOpenFlags(name, flags)
	if err != nil {
		return nil, err
	}
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
		n = &faultNode{}
		fs.files[key] = n
	}
	return &faultFile{fs: fs, name: key, node: n, writable: writable}, nil
}

// Remove implements FS.
func (fs *FaultFS) Remove(name string) error {
	key := filepath.Clean(name)
	if err := fs.begin(Op{Kind: OpRemove, Path: key}); err != nil {
		return fmt.Errorf("vfs: remove %s: %w", name, err)
	}
	fs.mu.Lock()
	defer fs.mu.Unlock()
	if _, ok := fs.files[key]; !ok {
		return fmt.Errorf("vfs: remove %s: %w", name, ErrNotExist)
	}
	delete(fs.files, key)
	return nil
}

// Exists implements FS.
func (fs *FaultFS) Exists(name string) (bool, error) {
	key := filepath.Clean(name)
	if err := fs.begin(Op{Kind: OpExists, Path: key}); err != nil {
		return false, fmt.Errorf("vfs: exists %s: %w", name, err)
	}
	fs.mu.Lock()
	defer fs.mu.Unlock()
	_, ok := fs.files[key]
	return ok, nil
}

// SyncDir implements FS: the entries of name's directory become durable.
func (fs *FaultFS) SyncDir(name string) error {
	key := filepath.Clean(name)
	if err := fs.begin(Op{Kind: OpSyncDir, Path: key}); err != nil {
		return fmt.Errorf("vfs: sync dir %s: %w", name, err)
	}
	dir := filepath.Dir(key)
	fs.mu.Lock()
	defer fs.mu.Unlock()
	for k := range fs.durable {
		if filepath.Dir(k) == dir && fs.files[k] == nil {
			delete(fs.durable, k)
		}
	}
	for k, n := range fs.files {
		if filepath.Dir(k) == dir {
			fs.durable[k] = n
		}
	}
	return nil
}

// Crash returns a new FaultFS holding one state the disk could be in after
// a power loss now, chosen by mode and rng. fs itself is unchanged and stays
// usable. The new FS has every file synced, no handles, no locks, no
// injector, and its op count at zero. The same rng state gives the same
// result.
func (fs *FaultFS) Crash(mode CrashMode, rng *rand.Rand) *FaultFS {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	out := NewFaultFS()
	out.sectorSize = fs.sectorSize
	names := make([]string, 0, len(fs.files)+len(fs.durable))
	for k := range fs.files {
		names = append(names, k)
	}
	for k := range fs.durable {
		if fs.files[k] == nil {
			names = append(names, k)
		}
	}
	slices.Sort(names) // a deterministic order of rng draws
	for _, name := range names {
		n := fs.durable[name]
		if cur := fs.files[name]; cur != n && mode != DropUnsynced && rng.IntN(2) == 1 {
			n = cur
		}
		if n == nil {
			continue
		}
		data := n.crashContent(mode, rng, fs.sectorSize)
		out.files[name] = &faultNode{data: data, synced: slices.Clone(data)}
		out.durable[name] = out.files[name]
	}
	return out
}

// crashContent is the node's synced content with a mode-chosen part of the
// unsynced writes applied.
func (n *faultNode) crashContent(mode CrashMode, rng *rand.Rand, sectorSize int) []byte {
	data := slices.Clone(n.synced)
	if mode == DropUnsynced {
		return data
	}
	for _, w := range n.pending {
		if w.truncate || mode == KeepRandomSubset {
			if rng.IntN(2) == 1 {
				data = w.apply(data)
			}
			continue
		}
		choices := 2 // 0: old, 1: new
		if mode == TearSectorsGarbage {
			choices = 3 // 2: garbage
		}
		for off := w.off; off < w.off+int64(len(w.data)); {
			end := min((off/int64(sectorSize)+1)*int64(sectorSize), w.off+int64(len(w.data)))
			piece := w.data[off-w.off : end-w.off]
			switch rng.IntN(choices) {
			case 1:
				data = writeBytes(data, piece, off)
			case 2:
				junk := make([]byte, len(piece))
				for i := range junk {
					junk[i] = byte(rng.Uint32())
				}
				data = writeBytes(data, junk, off)
			}
			off = end
		}
	}
	return data
}

func (w faultWrite) apply(data []byte) []byte {
	if w.truncate {
		return resizeBytes(data, w.off)
	}
	return writeBytes(data, w.data, w.off)
}

// faultFile is a handle on a faultNode. All fields but the constant ones are
// guarded by FaultFS.mu.
type faultFile struct {
	fs       *FaultFS
	name     string
	node     *faultNode
	writable bool
	closed   bool
	level    LockLevel
}

var _ File = (*faultFile)(nil)

// start runs the injector for op and, if it lets the op through, returns
// with fs.mu held and the handle known open.
func (f *faultFile) start(what string, op Op) error {
	op.Path = f.name
	if err := f.fs.begin(op); err != nil {
		return fmt.Errorf("vfs: %s %s: %w", what, f.name, err)
	}
	f.fs.mu.Lock()
	if f.closed {
		f.fs.mu.Unlock()
		return fmt.Errorf("vfs: %s %s: %w", what, f.name, ErrClosed)
	}
	return nil
}

func (f *faultFile) ReadAt(p []byte, off int64) (int, error) {
	if err := f.start("read", Op{Kind: OpReadAt, Offset: off, Len: len(p)}); err != nil {
		return 0, err
	}
	defer f.fs.mu.Unlock()
	return readBytes(f.node.data, p, off)
}

func (f *faultFile) WriteAt(p []byte, off int64) (int, error) {
	if err := f.start("write", Op{Kind: OpWriteAt, Offset: off, Len: len(p)}); err != nil {
		return 0, err
	}
	defer f.fs.mu.Unlock()
	if !f.writable {
		return 0, fmt.Errorf("vfs: write %s: %w", f.name, ErrReadOnly)
	}
	if err := checkWrite(off); err != nil {
		return 0, err
	}
	if len(p) > 0 {
		f.node.data = writeBytes(f.node.data, p, off)
		f.node.pending = append(f.node.pending, faultWrite{off: off, data: slices.Clone(p)})
	}
	return len(p), nil
}

func (f *faultFile) Truncate(size int64) error {
	if err := f.start("truncate", Op{Kind: OpTruncate, Offset: size}); err != nil {
		return err
	}
	defer f.fs.mu.Unlock()
	if !f.writable {
		return fmt.Errorf("vfs: truncate %s: %w", f.name, ErrReadOnly)
	}
	if size < 0 {
		return fmt.Errorf("vfs: truncate %s: %w: size %d", f.name, ErrInvalid, size)
	}
	f.node.data = resizeBytes(f.node.data, size)
	f.node.pending = append(f.node.pending, faultWrite{off: size, truncate: true})
	return nil
}

func (f *faultFile) Sync(mode SyncMode) error {
	if err := f.start("sync", Op{Kind: OpSync}); err != nil {
		return err
	}
	defer f.fs.mu.Unlock()
	f.node.synced = slices.Clone(f.node.data)
	f.node.pending = nil
	return nil
}

func (f *faultFile) Size() (int64, error) {
	if err := f.start("size", Op{Kind: OpSize}); err != nil {
		return 0, err
	}
	defer f.fs.mu.Unlock()
	return int64(len(f.node.data)), nil
}

func (f *faultFile) SectorSize() int {
	f.fs.mu.Lock()
	defer f.fs.mu.Unlock()
	return f.fs.sectorSize
}

func (f *faultFile) Lock(level LockLevel) error {
	if err := f.start("lock", Op{Kind: OpLock, Level: level}); err != nil {
		return err
	}
	defer f.fs.mu.Unlock()
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

func (f *faultFile) Unlock(level LockLevel) error {
	if err := f.start("unlock", Op{Kind: OpUnlock, Level: level}); err != nil {
		return err
	}
	defer f.fs.mu.Unlock()
	var err error
	f.level, err = f.node.locks.unlock(f, f.level, level)
	if err != nil {
		return fmt.Errorf("vfs: unlock %s %v: %w", f.name, level, err)
	}
	return nil
}

func (f *faultFile) CheckReservedLock() (bool, error) {
	if err := f.start("check reserved lock", Op{Kind: OpCheckReservedLock}); err != nil {
		return false, err
	}
	defer f.fs.mu.Unlock()
	return f.node.locks.reserved(), nil
}

// Close releases the handle and its locks even when the injector fails it,
// as close(2) does; the injected error is still returned.
func (f *faultFile) Close() error {
	injected := f.fs.begin(Op{Kind: OpClose, Path: f.name})
	f.fs.mu.Lock()
	defer f.fs.mu.Unlock()
	if f.closed {
		return fmt.Errorf("vfs: close %s: %w", f.name, ErrClosed)
	}
	f.closed = true
	f.level, _ = f.node.locks.unlock(f, f.level, LockNone)
	if injected != nil {
		return fmt.Errorf("vfs: close %s: %w", f.name, injected)
	}
	return nil
}

// lockLevel reports the handle's lock level (for tests).
func (f *faultFile) lockLevel() LockLevel {
	f.fs.mu.Lock()
	defer f.fs.mu.Unlock()
	return f.level
}
