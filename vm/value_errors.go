package vm

import (
	"errors"
	"fmt"
)

// Errors of the value layer (V9). Callers test them with errors.Is; messages carry "vm: ".
var (
	// ErrRange is returned when a value does not fit its type: BIGINT overflow in arithmetic,
	// an integer out of a column's range on write, a DECIMAL beyond 65 digits.
	ErrRange = errors.New("vm: value out of range")
	// ErrSyntax is returned when text is not a valid number, date or time where one is required
	// (ParseDecimal, a DATE literal).
	ErrSyntax = errors.New("vm: invalid value")
	// ErrBadValue is returned when a value cannot be converted to a column's type on write
	// ('abc' into an INT column, '2024-02-30' into a DATE column).
	ErrBadValue = errors.New("vm: incorrect value")
	// ErrTruncated is returned when a string does not fit a column's length on write.
	ErrTruncated = errors.New("vm: data too long")
	// ErrUnknownFunc is returned by NewAggregate for an unknown aggregate name.
	ErrUnknownFunc = errors.New("vm: unknown function")
	// ErrArgs is returned when a function gets the wrong number or kind of arguments.
	ErrArgs = errors.New("vm: incorrect arguments")
	// ErrFuncExists is returned by RegisterFunc when the name is already taken.
	ErrFuncExists = errors.New("vm: function already exists")
)

// valueError carries a specific message and wraps a sentinel.
type valueError struct {
	msg      string
	sentinel error
}

func (e *valueError) Error() string { return e.msg }
func (e *valueError) Unwrap() error { return e.sentinel }

// errorf returns an error with the formatted message that wraps sentinel.
func errorf(sentinel error, format string, args ...any) error {
	return &valueError{msg: fmt.Sprintf(format, args...), sentinel: sentinel}
}
