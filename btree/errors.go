package btree

import (
	"errors"
	"fmt"
	"runtime"

	"github.com/walrusdb/walrus/pager"
)

// Returned when opening a file or starting a transaction.
var (
	// ErrNotADatabase is returned when the file is not an SQLite database
	// (re-exported from the pager, which detects it).
	ErrNotADatabase = pager.ErrNotADatabase
	// ErrNotSupported is returned when the file uses a feature walrus does
	// not implement (UTF-16 text, auto-vacuum, a newer schema format). It is
	// the pager's marker, which the pager returns for WAL and UTF-16 files.
	ErrNotSupported = pager.ErrNotSupported
)

// Returned by any operation that reads pages.
var (
	// ErrCorrupt is returned when a page or record violates the file format.
	// It is the pager's marker, so one errors.Is check covers corruption found
	// in either layer; btree corruption is only ever created by corruptf,
	// which names the page.
	ErrCorrupt = pager.ErrCorrupt
)

// Returned by cursor and tree operations.
var (
	// ErrMisuse is returned when the API is used against its contract: writing
	// through a read-only cursor, reading an invalid cursor, a table operation
	// on an index tree, or a write outside a write transaction.
	ErrMisuse = errors.New("btree: misuse")
	// ErrTooBig is returned when a record exceeds the largest payload walrus
	// stores (1 GiB, SQLite's default SQLITE_MAX_LENGTH).
	ErrTooBig = errors.New("btree: record too big")
	// ErrAborted is returned by a cursor that was open when its write
	// transaction rolled back (SQLite's SQLITE_ABORT_ROLLBACK).
	ErrAborted = errors.New("btree: abort due to ROLLBACK")
)

// maxPayload is the largest record Insert accepts. A variable so that tests
// can lower it instead of allocating a gigabyte.
var maxPayload = 1 << 30

// maxStoredPayload is the largest payload size a cell may claim; larger is
// corrupt (SQLite's hard limit on a string or blob is 2^31-1).
const maxStoredPayload = 1<<31 - 1

// CorruptError describes a corruption: the page it was found on (0 when not
// on a page, e.g. a record given by a caller) and the function that found it.
type CorruptError struct {
	Pgno uint32
	Site string
	Msg  string
}

func (e *CorruptError) Error() string {
	return fmt.Sprintf("btree: page %d: %s (%s): database disk image is malformed", e.Pgno, e.Msg, e.Site)
}

// Is makes errors.Is(err, ErrCorrupt) hold.
func (e *CorruptError) Is(target error) bool { return target == ErrCorrupt }

// corruptf is the single place corruption errors are made; a breakpoint here
// stops at every corruption found.
func corruptf(pgno uint32, format string, args ...any) error {
	site := "?"
	if pc, _, line, ok := runtime.Caller(1); ok {
		if fn := runtime.FuncForPC(pc); fn != nil {
			site = fmt.Sprintf("%s:%d", fn.Name(), line)
		}
	}
	return &CorruptError{Pgno: pgno, Site: site, Msg: fmt.Sprintf(format, args...)}
}

// misusef reports an API misuse.
func misusef(format string, args ...any) error {
	return fmt.Errorf("btree: %s: %w", fmt.Sprintf(format, args...), ErrMisuse)
}
