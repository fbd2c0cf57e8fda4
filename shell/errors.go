package shell

import "errors"

// Returned while running a script or the prompt.
var (
	// ErrBailed is returned when a statement or command failed with bail
	// on; the failure itself has already been printed (S4).
	ErrBailed = errors.New("shell: stopped at the first error (bail)")

	// errQuit is returned by .quit and .exit to end the session.
	errQuit = errors.New("shell: quit")
)
