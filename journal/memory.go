package journal

import (
	"fmt"
	"io"

	"github.com/walrusdb/walrus/internal/vfs"
)

// Memory is a journal kept in RAM (journal_mode=MEMORY). Sync does nothing.
type Memory struct {
	data []byte
}

// NewMemory returns an empty in-memory journal.
func NewMemory() *Memory { return &Memory{} }

// ReadAt implements Storage.
func (m *Memory) ReadAt(p []byte, off int64) (int, error) {
	if off < 0 {
		return 0, fmt.Errorf("journal: memory read at %d", off)
	}
	if off >= int64(len(m.data)) {
		return 0, io.EOF
	}
	n := copy(p, m.data[off:])
	if n < len(p) {
		return n, io.EOF
	}
	return n, nil
}

// WriteAt implements Storage.
func (m *Memory) WriteAt(p []byte, off int64) (int, error) {
	if off < 0 {
		return 0, fmt.Errorf("journal: memory write at %d", off)
	}
	if end := off + int64(len(p)); end > int64(len(m.data)) {
		m.data = append(m.data, make([]byte, end-int64(len(m.data)))...)
	}
	return copy(m.data[off:], p), nil
}

// Truncate implements Storage.
func (m *Memory) Truncate(size int64) error {
	if size < 0 {
		return fmt.Errorf("journal: memory truncate to %d", size)
	}
	if size <= int64(len(m.data)) {
		m.data = m.data[:size]
	} else {
		m.data = append(m.data, make([]byte, size-int64(len(m.data)))...)
	}
	return nil
}

// Sync implements Storage; memory has nothing to make durable.
func (m *Memory) Sync(vfs.SyncMode) error { return nil }

// Size implements Storage.
func (m *Memory) Size() (int64, error) { return int64(len(m.data)), nil }
