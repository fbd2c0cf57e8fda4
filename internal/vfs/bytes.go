package vfs

import (
	"fmt"
	"io"
)

// The in-memory file systems keep a file's content as one byte slice; these
// functions give it the File semantics of ReadAt, WriteAt and Truncate.

// readBytes copies data[off:] into p; a short read ends with io.EOF.
func readBytes(data, p []byte, off int64) (int, error) {
	if off < 0 {
		return 0, fmt.Errorf("%w: read at offset %d", ErrInvalid, off)
	}
	if off >= int64(len(data)) {
		if len(p) == 0 {
			return 0, nil
		}
		return 0, io.EOF
	}
	n := copy(p, data[off:])
	if n < len(p) {
		return n, io.EOF
	}
	return n, nil
}

// writeBytes writes p at off into data, zero-filling any gap, and returns
// the possibly reallocated slice.
func writeBytes(data, p []byte, off int64) []byte {
	if len(p) == 0 {
		return data // as pwrite(2): writing nothing does not extend the file
	}
	end := off + int64(len(p))
	if end > int64(len(data)) {
		data = resizeBytes(data, end)
	}
	copy(data[off:], p)
	return data
}

// resizeBytes sets len(data) to size; bytes gained read as zeros.
func resizeBytes(data []byte, size int64) []byte {
	if size <= int64(len(data)) {
		return data[:size]
	}
	if size <= int64(cap(data)) {
		old := len(data)
		data = data[:size]
		clear(data[old:])
		return data
	}
	grown := make([]byte, size, max(size, 2*int64(cap(data))))
	copy(grown, data)
	return grown
}

// checkWrite validates the arguments of WriteAt.
func checkWrite(off int64) error {
	if off < 0 {
		return fmt.Errorf("%w: write at offset %d", ErrInvalid, off)
	}
	return nil
}

// parseOpenFlags validates flags and reports whether the handle may write,
// whether a missing file is created, and whether an existing one is an
// error (OpenExclusive, only with OpenCreate).
func parseOpenFlags(name string, flags OpenFlag) (writable, create, excl bool, err error) {
	ro := flags&OpenReadOnly != 0
	rw := flags&(OpenReadWrite|OpenCreate) != 0
	create, excl = flags&OpenCreate != 0, flags&OpenExclusive != 0
	if ro == rw || flags&^(OpenReadOnly|OpenReadWrite|OpenCreate|OpenExclusive) != 0 || (excl && !create) {
		return false, false, false, fmt.Errorf("vfs: open %s: %w: flags %#x", name, ErrInvalid, flags)
	}
	return rw, create, excl, nil
}

// existErr is Open's error for OpenExclusive on an existing file.
func existErr(name string) error { return fmt.Errorf("vfs: open %s: %w", name, ErrExist) }
