package shell

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"strconv"
	"strings"
)

// errPosition is where in a statement an error points: 1-based line and
// column as the parser reports them, and the text it was "near".
type errPosition struct {
	line, column int
	near         string
}

var (
	lineColumnRE = regexp.MustCompile(`line (\d+) column (\d+)`)
	nearRE       = regexp.MustCompile(`near "((?s:.*?))"`)
)

// positionOf finds an error's position: from any error in the chain that
// is a struct with int fields Line and Column (and optionally a string
// field Near), which is the shape of walrus.Error and sql.Error; failing
// that, from "line L column C" and near "..." in the message.
func positionOf(err error) (errPosition, bool) {
	for e := err; e != nil; e = errors.Unwrap(e) {
		if p, ok := structPosition(e); ok {
			return p, true
		}
	}
	msg := err.Error()
	m := lineColumnRE.FindStringSubmatch(msg)
	if m == nil {
		return errPosition{}, false
	}
	var p errPosition
	p.line, _ = strconv.Atoi(m[1])
	p.column, _ = strconv.Atoi(m[2])
	if n := nearRE.FindStringSubmatch(msg); n != nil {
		p.near = n[1]
	}
	return p, p.line > 0
}

func structPosition(e error) (errPosition, bool) {
	v := reflect.ValueOf(e)
	for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
		if v.IsNil() {
			return errPosition{}, false
		}
		v = v.Elem()
	}
	if v.Kind() != reflect.Struct {
		return errPosition{}, false
	}
	line, col := v.FieldByName("Line"), v.FieldByName("Column")
	if !line.IsValid() || !col.IsValid() || !line.CanInt() || !col.CanInt() || line.Int() <= 0 {
		return errPosition{}, false
	}
	p := errPosition{line: int(line.Int()), column: int(col.Int())}
	if near := v.FieldByName("Near"); near.IsValid() && near.Kind() == reflect.String {
		p.near = near.String()
	}
	return p, true
}

// reportError prints "Error: <message>" and, when the error has a
// position inside stmt, the offending line with a caret under the token.
func (s *Shell) reportError(stmt string, err error) {
	if errors.Is(err, context.Canceled) {
		s.errorf("interrupted")
		return
	}
	// The driver prefixes its messages with "walrus: "; in the walrus
	// shell that says nothing, nor does a syntax error's closing
	// ": syntax error".
	msg := strings.TrimPrefix(err.Error(), "walrus: ")
	if strings.HasPrefix(msg, "syntax error") {
		msg = strings.TrimSuffix(msg, ": syntax error")
	}
	s.errorf("%s", msg)
	if p, ok := positionOf(err); ok {
		if text, caret, ok := caretLines(stmt, p); ok {
			fmt.Fprintf(s.stderr, "  %s\n  %s\n", text, caret)
		}
	}
}

// caretLines returns the statement line an error points into and a line
// with '^' under the offending token. The parser's column may point at
// either end of the token, so when the "near" text occurs on the line, the
// caret goes to the occurrence that starts closest before the column.
func caretLines(stmt string, p errPosition) (text, caret string, ok bool) {
	lines := strings.Split(stmt, "\n")
	if p.line < 1 || p.line > len(lines) {
		return "", "", false
	}
	text = strings.TrimRight(lines[p.line-1], "\r")
	at := -1 // byte offset of the caret in text
	if near, _, _ := strings.Cut(p.near, "\n"); near != "" {
		for from := 0; ; {
			i := strings.Index(text[from:], near)
			if i < 0 {
				break
			}
			i += from
			if at < 0 || i < p.column {
				at = i
			}
			from = i + 1
		}
	}
	if at < 0 {
		at = min(max(p.column-1, 0), len(text))
	}
	// Keep tabs so the caret lines up under tab-indented text.
	var b strings.Builder
	for _, r := range text[:at] {
		if r == '\t' {
			b.WriteByte('\t')
		} else {
			b.WriteByte(' ')
		}
	}
	b.WriteByte('^')
	return text, b.String(), true
}
