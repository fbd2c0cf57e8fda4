package pager

import (
	"errors"
	"fmt"
	"runtime"

	"github.com/walrusdb/walrus/internal/vfs"
)

// Returned when opening a database or starting a read transaction.
var (
	// ErrNotADatabase is returned when the file's header is not a SQLite 3
	// header (magic, page size, payload fractions, usable size) or a read
	// version above 2 (sqlite3: "file is not a database").
	ErrNotADatabase = errors.New("pager: file is not a database")
	// ErrNotSupported is returned for valid SQLite files walrus cannot handle
	// yet: WAL mode (header bytes 18/19 == 2) and UTF-16 text encoding.
	ErrNotSupported = errors.New("pager: not supported")
)

// Returned when taking locks (BeginRead, BeginWrite, CommitPhaseOne).
var (
	// ErrBusy is returned when another connection holds a conflicting lock
	// after BusyTimeout (or at once where waiting could deadlock).
	// errors.Is(err, vfs.ErrBusy) also holds.
	ErrBusy = fmt.Errorf("pager: database is locked: %w", vfs.ErrBusy)
)

// Returned when writing.
var (
	// ErrReadOnly is returned by BeginWrite, Write and the Set* calls that
	// change the file when the pager was opened with Options.ReadOnly or the
	// header's write version is above 2.
	ErrReadOnly = errors.New("pager: attempt to write a read-only database")
)

// Returned for misuse and after failures.
var (
	// ErrMisuse is returned for a call that the current state does not allow
	// (Write outside a write transaction, BeginWrite without a read
	// transaction, SetPageSize on a non-empty database, ...).
	ErrMisuse = errors.New("pager: call not allowed in this state")
	// ErrClosed is returned by every method after Close.
	ErrClosed = errors.New("pager: pager is closed")
	// ErrCorrupt marks corruption detected by the pager (see corruptf).
	ErrCorrupt = errors.New("pager: database disk image is malformed")
)

// corruptf is the one place pager corruption errors are made: it records the
// page and the detecting call site. Set a breakpoint here to catch them all.
func corruptf(pgno uint32, format string, args ...any) error {
	_, file, line, _ := runtime.Caller(1)
	return fmt.Errorf("%w: page %d: %s (%s:%d)", ErrCorrupt, pgno, fmt.Sprintf(format, args...), file, line)
}
