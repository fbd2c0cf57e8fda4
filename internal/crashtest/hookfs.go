package crashtest

import (
	"github.com/walrusdb/walrus/internal/vfs"
)

// hookFS forwards every call to a FaultFS and first tells before which op
// is about to run. Before a call runs, the FaultFS holds exactly the state
// that CrashAtOp would leave if that call were the crashed op, so one run
// of a workload visits every crash point: before calls FaultFS.Crash (or
// copies the files) there, and the run goes on unaffected (V15: Crash does
// not change the FS it is called on).
type hookFS struct {
	inner  *vfs.FaultFS
	before func(kind vfs.OpKind, path string)
}

var _ vfs.FS = (*hookFS)(nil)

func (h *hookFS) Open(name string, flags vfs.OpenFlag) (vfs.File, error) {
	kind := vfs.OpOpen
	if flags&vfs.OpenCreate != 0 {
		kind = vfs.OpCreate
	}
	h.before(kind, name)
	f, err := h.inner.Open(name, flags)
	if err != nil {
		return nil, err
	}
	return &hookFile{fs: h, name: name, f: f}, nil
}

func (h *hookFS) Remove(name string) error {
	h.before(vfs.OpRemove, name)
	return h.inner.Remove(name)
}

func (h *hookFS) Exists(name string) (bool, error) {
	h.before(vfs.OpExists, name)
	return h.inner.Exists(name)
}

func (h *hookFS) SyncDir(name string) error {
	h.before(vfs.OpSyncDir, name)
	return h.inner.SyncDir(name)
}

type hookFile struct {
	fs   *hookFS
	name string
	f    vfs.File
}

var _ vfs.File = (*hookFile)(nil)

func (f *hookFile) ReadAt(p []byte, off int64) (int, error) {
	f.fs.before(vfs.OpReadAt, f.name)
	return f.f.ReadAt(p, off)
}

func (f *hookFile) WriteAt(p []byte, off int64) (int, error) {
	f.fs.before(vfs.OpWriteAt, f.name)
	return f.f.WriteAt(p, off)
}

func (f *hookFile) Truncate(size int64) error {
	f.fs.before(vfs.OpTruncate, f.name)
	return f.f.Truncate(size)
}

func (f *hookFile) Sync(mode vfs.SyncMode) error {
	f.fs.before(vfs.OpSync, f.name)
	return f.f.Sync(mode)
}

func (f *hookFile) Size() (int64, error) {
	f.fs.before(vfs.OpSize, f.name)
	return f.f.Size()
}

func (f *hookFile) SectorSize() int { return f.f.SectorSize() }

func (f *hookFile) Lock(level vfs.LockLevel) error {
	f.fs.before(vfs.OpLock, f.name)
	return f.f.Lock(level)
}

func (f *hookFile) Unlock(level vfs.LockLevel) error {
	f.fs.before(vfs.OpUnlock, f.name)
	return f.f.Unlock(level)
}

func (f *hookFile) CheckReservedLock() (bool, error) {
	f.fs.before(vfs.OpCheckReservedLock, f.name)
	return f.f.CheckReservedLock()
}

func (f *hookFile) Close() error {
	f.fs.before(vfs.OpClose, f.name)
	return f.f.Close()
}

// changesDisk reports whether an op of kind k can change what a crash
// leaves behind. Crashing before any other op leaves the same state as
// crashing before the next op that does.
func changesDisk(k vfs.OpKind) bool {
	switch k {
	case vfs.OpCreate, vfs.OpRemove, vfs.OpSyncDir, vfs.OpWriteAt, vfs.OpTruncate, vfs.OpSync:
		return true
	}
	return false
}
