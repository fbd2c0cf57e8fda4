package vm

import (
	"errors"
	"fmt"
)

// Errors of the interpreter (M-invariants in doc.go). Callers test them
// with errors.Is; messages carry "vm: ".
var (
	// ErrConstraint is returned when a statement violates NOT NULL, UNIQUE
	// or PRIMARY KEY; the error's message names the constraint.
	ErrConstraint = errors.New("vm: constraint failed")
	// ErrInterrupted is returned when the execution's context is done.
	ErrInterrupted = errors.New("vm: interrupted")
	// ErrMisuse is returned for a call out of sequence (Step after Close)
	// and for a malformed program (a compiler bug, never a user error).
	ErrMisuse = errors.New("vm: misuse")
	// ErrSubqueryRows is returned when a scalar subquery yields more than
	// one row.
	ErrSubqueryRows = errors.New("vm: subquery returns more than 1 row")
)

// execError is a runtime error with a message that wraps a sentinel.
type execError struct {
	msg      string
	sentinel error
}

func (e *execError) Error() string { return e.msg }
func (e *execError) Unwrap() error { return e.sentinel }

func execErrorf(sentinel error, format string, args ...any) error {
	return &execError{msg: "vm: " + fmt.Sprintf(format, args...), sentinel: sentinel}
}
