package walrus

import (
	"context"
	"errors"
	"fmt"

	"github.com/walrusdb/walrus/pager"
	wsql "github.com/walrusdb/walrus/sql"
	"github.com/walrusdb/walrus/vm"
)

// ErrorCode classifies an Error. It is itself an error, so that
//
//	errors.Is(err, walrus.CodeBusy)
//
// reports whether err is (or wraps) a walrus Error with that code.
type ErrorCode uint8

// Error codes. The first group mirrors the engine's codes (package sql);
// CodeMisuse is the driver's own.
const (
	CodeGeneric      ErrorCode = iota // anything not classified below
	CodeSyntax                        // the statement does not parse
	CodeNotSupported                  // parses, but walrus does not implement it
	CodeNoSuchTable                   // an unknown table, view or index
	CodeNoSuchColumn                  // an unknown or ambiguous column
	CodeConstraint                    // NOT NULL, UNIQUE or PRIMARY KEY violated
	CodeBusy                          // the database is locked by another connection
	CodeReadOnly                      // a write to a read-only database or transaction
	CodeCorrupt                       // the file is damaged
	CodeNotADB                        // the file is not a database
	CodeInterrupted                   // the statement was interrupted
	CodeMismatch                      // wrong number of values, type mismatch, bad argument
	CodeRange                         // a value out of range
	// CodeMisuse is a wrong use of the driver: a bad DSN, an unsupported
	// isolation level, several statements given to Query, a write while a
	// Rows of the same connection is open.
	CodeMisuse
	// CodeSignal is SIGNAL in a trigger: a user-defined error whose
	// message is MESSAGE_TEXT; errors.As finds its *sql.SignalError
	// (SQLSTATE, MySQL error number).
	CodeSignal
)

var codeNames = [...]string{"generic", "syntax", "not supported", "no such table",
	"no such column", "constraint", "busy", "read-only", "corrupt", "not a database",
	"interrupted", "mismatch", "range", "misuse", "signal"}

func (c ErrorCode) String() string {
	if int(c) < len(codeNames) {
		return codeNames[c]
	}
	return fmt.Sprintf("code(%d)", uint8(c))
}

// Error makes an ErrorCode usable as an errors.Is target.
func (c ErrorCode) Error() string { return "walrus: " + c.String() }

// Error is every error the driver returns for a statement, except a
// cancelled or expired context, which is returned as ctx.Err() itself.
// Line, Column (1-based) and Near are set for syntax errors.
type Error struct {
	Code   ErrorCode
	Msg    string
	Line   int
	Column int
	Near   string
	Err    error // the underlying error (often a *sql.Error), if any
}

func (e *Error) Error() string {
	if e.Code == CodeSyntax && e.Line > 0 {
		return fmt.Sprintf("walrus: syntax error at line %d column %d near %q: %s", e.Line, e.Column, e.Near, e.Msg)
	}
	return "walrus: " + e.Msg
}

func (e *Error) Unwrap() error { return e.Err }

// Is matches an ErrorCode equal to e.Code.
func (e *Error) Is(target error) bool {
	c, ok := target.(ErrorCode)
	return ok && c == e.Code
}

func errorf(code ErrorCode, format string, args ...any) *Error {
	return &Error{Code: code, Msg: fmt.Sprintf(format, args...)}
}

var sqlCodes = map[wsql.Code]ErrorCode{
	wsql.CodeGeneric:      CodeGeneric,
	wsql.CodeSyntax:       CodeSyntax,
	wsql.CodeNotSupported: CodeNotSupported,
	wsql.CodeNoSuchTable:  CodeNoSuchTable,
	wsql.CodeNoSuchColumn: CodeNoSuchColumn,
	wsql.CodeConstraint:   CodeConstraint,
	wsql.CodeBusy:         CodeBusy,
	wsql.CodeReadOnly:     CodeReadOnly,
	wsql.CodeCorrupt:      CodeCorrupt,
	wsql.CodeNotADB:       CodeNotADB,
	wsql.CodeInterrupted:  CodeInterrupted,
	wsql.CodeMismatch:     CodeMismatch,
	wsql.CodeRange:        CodeRange,
	wsql.CodeSignal:       CodeSignal,
}

// sentinelCodes classifies errors from below sql that reach the driver
// unwrapped (opening a file goes through fewer layers than a statement).
var sentinelCodes = []struct {
	err  error
	code ErrorCode
}{
	{pager.ErrBusy, CodeBusy},
	{pager.ErrNotADatabase, CodeNotADB},
	{pager.ErrCorrupt, CodeCorrupt},
	{pager.ErrReadOnly, CodeReadOnly},
	{pager.ErrNotSupported, CodeNotSupported},
	{vm.ErrConstraint, CodeConstraint},
	{vm.ErrInterrupted, CodeInterrupted},
}

// convertError turns an engine error into a *Error. When ctx is done, the
// statement was stopped by it and ctx.Err() is returned instead (D7).
func convertError(ctx context.Context, err error) error {
	if err == nil {
		return nil
	}
	if ctx != nil && ctx.Err() != nil {
		return ctx.Err()
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	var we *Error
	if errors.As(err, &we) {
		return err
	}
	var se *wsql.Error
	if errors.As(err, &se) {
		code, ok := sqlCodes[se.Code]
		if !ok {
			code = CodeGeneric
		}
		return &Error{Code: code, Msg: se.Msg, Line: se.Line, Column: se.Column, Near: se.Near, Err: err}
	}
	for _, s := range sentinelCodes {
		if errors.Is(err, s.err) {
			return &Error{Code: s.code, Msg: err.Error(), Err: err}
		}
	}
	return &Error{Code: CodeGeneric, Msg: err.Error(), Err: err}
}
