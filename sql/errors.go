package sql

import (
	"errors"
	"fmt"
)

// Code classifies an Error so that callers branch on kinds, never on
// message text (STYLE lesson 10).
type Code uint8

// Error codes.
const (
	CodeGeneric      Code = iota // anything not classified below
	CodeSyntax                   // the statement does not parse
	CodeNotSupported             // parses, but walrus does not implement it
	CodeNoSuchTable              // an unknown table, view or index
	CodeNoSuchColumn             // an unknown column (or an ambiguous one)
	CodeConstraint               // NOT NULL, UNIQUE, PRIMARY KEY violated
	CodeBusy                     // the database is locked by another connection
	CodeReadOnly                 // a write to a read-only database
	CodeCorrupt                  // the file is damaged
	CodeNotADB                   // the file is not a database
	CodeInterrupted              // the context was cancelled
	CodeMismatch                 // wrong number of values, type mismatch, bad argument
	CodeRange                    // a value out of range (overflow, bad parameter index)
	CodeSignal                   // SIGNAL in a trigger: a user-defined error (trigger_fire.go)
)

var codeNames = [...]string{"generic", "syntax", "not supported", "no such table",
	"no such column", "constraint", "busy", "read-only", "corrupt", "not a database",
	"interrupted", "mismatch", "range", "signal"}

func (c Code) String() string {
	if int(c) < len(codeNames) {
		return codeNames[c]
	}
	return fmt.Sprintf("code(%d)", uint8(c))
}

// Error is every error the sql package returns for a statement.
// Line and Column (1-based) and Near are set for syntax errors.
type Error struct {
	Code   Code
	Msg    string
	Line   int
	Column int
	Near   string
	Err    error // the underlying error, if any (btree, vm, parser)
}

func (e *Error) Error() string {
	if e.Code == CodeSyntax && e.Line > 0 {
		return fmt.Sprintf("sql: syntax error at line %d column %d near %q: %s", e.Line, e.Column, e.Near, e.Msg)
	}
	return "sql: " + e.Msg
}

func (e *Error) Unwrap() error { return e.Err }

// Is makes errors.Is(err, &Error{Code: c}) match any Error with code c.
func (e *Error) Is(target error) bool {
	var t *Error
	if errors.As(target, &t) && t.Msg == "" && t.Err == nil {
		return t.Code == e.Code
	}
	return false
}

func errorf(code Code, format string, args ...any) *Error {
	return &Error{Code: code, Msg: fmt.Sprintf(format, args...)}
}

func errNoSuchTable(name string) *Error { return errorf(CodeNoSuchTable, "no such table: %s", name) }

func errNoSuchColumn(name string) *Error {
	return errorf(CodeNoSuchColumn, "no such column: %s", name)
}

func errNotSupported(what string) *Error {
	return errorf(CodeNotSupported, "not supported: %s", what)
}
