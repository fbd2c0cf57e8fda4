package shell

import (
	"encoding/hex"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// cellKind says how a value is written where the output format cares
// (JSON, INSERT statements, alignment).
type cellKind uint8

const (
	kindNull cellKind = iota
	kindNumber
	kindText
	kindBlob
)

// cell is one result value, converted once from what database/sql scanned.
type cell struct {
	kind cellKind
	text string // the value's text; for a blob, the raw bytes
}

// column is one result column as the shell sees it.
type column struct {
	name    string
	numeric bool // declared type is numeric (a DECIMAL arriving as text is a number)
	binary  bool // declared type is binary (BLOB, BINARY, VARBINARY)
	date    bool // declared type is DATE
	clock   bool // declared type is DATETIME or TIMESTAMP: times print in full
}

// newColumn classifies a database type name as reported by the driver.
func newColumn(name, dbType string) column {
	t := strings.ToUpper(dbType)
	c := column{name: name}
	switch {
	case strings.Contains(t, "INT"), strings.Contains(t, "DEC"), strings.Contains(t, "NUMERIC"),
		strings.Contains(t, "FLOAT"), strings.Contains(t, "DOUBLE"), strings.Contains(t, "REAL"):
		c.numeric = true
	case strings.Contains(t, "BLOB"), strings.Contains(t, "BINARY"):
		c.binary = true
	case strings.HasPrefix(t, "DATETIME"), strings.HasPrefix(t, "TIMESTAMP"):
		c.clock = true
	case t == "DATE":
		c.date = true
	}
	return c
}

// makeCell converts a value scanned into an `any` by database/sql.
func makeCell(v any, col column) cell {
	switch x := v.(type) {
	case nil:
		return cell{kind: kindNull}
	case int64:
		return cell{kind: kindNumber, text: strconv.FormatInt(x, 10)}
	case uint64:
		return cell{kind: kindNumber, text: strconv.FormatUint(x, 10)}
	case float64:
		return cell{kind: kindNumber, text: formatFloat(x)}
	case bool:
		if x {
			return cell{kind: kindNumber, text: "1"}
		}
		return cell{kind: kindNumber, text: "0"}
	case time.Time:
		// MySQL prints a DATETIME at midnight with its time; without a
		// declared type, midnight reads as a DATE.
		midnight := x.Hour() == 0 && x.Minute() == 0 && x.Second() == 0 && x.Nanosecond() == 0
		if col.date || (midnight && !col.clock) {
			return cell{kind: kindText, text: x.Format("2006-01-02")}
		}
		return cell{kind: kindText, text: x.Format("2006-01-02 15:04:05.999999")}
	case []byte:
		if col.binary || !utf8.Valid(x) {
			return cell{kind: kindBlob, text: string(x)}
		}
		return textCell(string(x), col)
	case string:
		return textCell(x, col)
	default:
		return cell{kind: kindText, text: fmt.Sprint(x)}
	}
}

func textCell(s string, col column) cell {
	if col.numeric && isNumber(s) {
		return cell{kind: kindNumber, text: s}
	}
	return cell{kind: kindText, text: s}
}

// formatFloat renders a double the way MySQL prints one: shortest
// round-tripping digits, exponent without '+' (1e20, 1.5e-7).
func formatFloat(f float64) string {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		return strconv.FormatFloat(f, 'g', -1, 64)
	}
	abs := math.Abs(f)
	if abs != 0 && (abs >= 1e15 || abs < 1e-4) {
		mant, exp, _ := strings.Cut(strconv.FormatFloat(f, 'e', -1, 64), "e")
		sign := ""
		if exp[0] == '-' {
			sign = "-"
		}
		return mant + "e" + sign + strings.TrimLeft(exp[1:], "0")
	}
	return strconv.FormatFloat(f, 'f', -1, 64)
}

// isNumber reports whether s is a plain decimal number literal
// (optional sign, digits, optional fraction and exponent).
func isNumber(s string) bool {
	if s == "" {
		return false
	}
	i := 0
	if s[0] == '+' || s[0] == '-' {
		i++
	}
	digits := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i, digits = i+1, digits+1
	}
	if i < len(s) && s[i] == '.' {
		i++
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i, digits = i+1, digits+1
		}
	}
	if digits == 0 {
		return false
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		exp := 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i, exp = i+1, exp+1
		}
		if exp == 0 {
			return false
		}
	}
	return i == len(s)
}

// isInteger reports whether s is an optionally signed run of digits that
// fits in an int64.
func isInteger(s string) bool {
	_, err := strconv.ParseInt(s, 10, 64)
	return err == nil
}

// sqlLiteral renders a cell as a MySQL literal: NULL, a number, a quoted
// string with MySQL escapes, or X'..' for binary data.
func sqlLiteral(c cell) string {
	switch c.kind {
	case kindNull:
		return "NULL"
	case kindNumber:
		return c.text
	case kindBlob:
		return "X'" + strings.ToUpper(hex.EncodeToString([]byte(c.text))) + "'"
	}
	return quoteString(c.text)
}

// quoteString quotes s as a MySQL string literal. Backslash is an escape
// character in MySQL strings, so it is doubled; NUL, CR, LF and Ctrl-Z are
// escaped so the dump stays one statement per line and survives any
// transport.
func quoteString(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 2)
	b.WriteByte('\'')
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '\'':
			b.WriteString("''")
		case '\\':
			b.WriteString(`\\`)
		case 0:
			b.WriteString(`\0`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case 0x1a:
			b.WriteString(`\Z`)
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte('\'')
	return b.String()
}

// quoteIdent quotes a MySQL identifier with backticks when it is not a
// plain lower-risk name (letters, digits, '_', '$', not starting with a
// digit, not a keyword).
func quoteIdent(name string) string {
	plain := name != ""
	for i, r := range name {
		ok := r == '_' || r == '$' || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') ||
			(i > 0 && r >= '0' && r <= '9')
		if !ok {
			plain = false
			break
		}
	}
	if plain && !isKeyword(name) {
		return name
	}
	return "`" + strings.ReplaceAll(name, "`", "``") + "`"
}

// displayText is a cell's text for the human-readable formats.
func displayText(c cell, null string) string {
	switch c.kind {
	case kindNull:
		return null
	case kindBlob:
		return "0x" + strings.ToUpper(hex.EncodeToString([]byte(c.text)))
	}
	return c.text
}
