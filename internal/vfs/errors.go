package vfs

import "errors"

// ErrBusy and ErrNotExist are declared in vfs.go (they are part of the
// interface contract); the sentinels below complete the vocabulary.

// Returned by Lock and Unlock.
var (
	// ErrLockProtocol is returned by Lock or Unlock for a transition that
	// lockingv3.html does not allow: NONE to anything but SHARED, RESERVED
	// from anything but SHARED, Unlock to a level other than SHARED or NONE.
	// It is a bug in the caller, never a conflict with another connection.
	ErrLockProtocol = errors.New("vfs: illegal lock transition")
)

// Returned by File methods.
var (
	// ErrReadOnly is returned by WriteAt, Truncate, and Lock above SHARED on
	// a handle opened with OpenReadOnly.
	ErrReadOnly = errors.New("vfs: file is open read-only")
	// ErrClosed is returned by every method of a File after Close.
	ErrClosed = errors.New("vfs: file is closed")
	// ErrInvalid is returned for invalid arguments: bad open flags, a
	// negative offset or size.
	ErrInvalid = errors.New("vfs: invalid argument")
)

// Returned by FaultFS.
var (
	// ErrCrashed is the error that CrashAtOp and CrashAtSync inject: the
	// simulated machine lost power, this operation and every later one fail.
	ErrCrashed = errors.New("vfs: simulated crash")
	// ErrInjected is the default error of FailNth when none is given.
	ErrInjected = errors.New("vfs: injected fault")
)
