package sql

import (
	"strings"
)

// The front parser reads the statements TiDB's MySQL grammar rejects or
// reads differently: SQLite's PRAGMA, BEGIN [DEFERRED|IMMEDIATE|EXCLUSIVE],
// COMMIT/END/ROLLBACK, DROP INDEX name (without ON), and the EXPLAIN prefix.
// It runs before TiDB; a statement it does not recognise goes to TiDB.

// TxMode is how BEGIN takes locks.
type TxMode uint8

// Transaction modes (SQLite's).
const (
	TxDeferred  TxMode = iota // locks taken by the first read / write
	TxImmediate               // RESERVED lock at BEGIN
	TxExclusive               // EXCLUSIVE lock at BEGIN
)

type frontStmt interface{ frontStmt() }

type pragmaStmt struct {
	Schema string // "main" or empty
	Name   string // lower case
	Arg    string // the value (unquoted), empty without one
	HasArg bool
}

type beginStmt struct{ Mode TxMode }
type commitStmt struct{}
type rollbackStmt struct{}
type dropIndexStmt struct {
	Name     string
	Table    string // from DROP INDEX name ON table, else empty
	IfExists bool
}

func (*pragmaStmt) frontStmt()    {}
func (*beginStmt) frontStmt()     {}
func (*commitStmt) frontStmt()    {}
func (*rollbackStmt) frontStmt()  {}
func (*dropIndexStmt) frontStmt() {}

// token is one lexical token of the front parser.
type token struct {
	text   string // identifiers unquoted; keywords upper-cased in up
	up     string
	quoted bool
	pos    int
}

// frontTokens lexes s into words, numbers, quoted strings and punctuation.
// ok is false when s holds something the front parser does not lex.
func frontTokens(s string) (toks []token, ok bool) {
	i := 0
	for {
		i = skipBlank(s, i)
		if i >= len(s) {
			return toks, true
		}
		c := s[i]
		switch {
		case c == '\'' || c == '"' || c == '`':
			j := skipQuoted(s, i)
			if j > len(s) || j-i < 2 || s[j-1] != c {
				return nil, false
			}
			body := s[i+1 : j-1]
			body = strings.ReplaceAll(body, string([]byte{c, c}), string(c))
			toks = append(toks, token{text: body, up: strings.ToUpper(body), quoted: true, pos: i})
			i = j
		case isWordByte(c) || (c == '-' || c == '+' || c == '.') && i+1 < len(s) && s[i+1] >= '0' && s[i+1] <= '9':
			j := i + 1
			for j < len(s) && (isWordByte(s[j]) || s[j] == '.' && c != '.' && isDigitStr(s[i:j])) {
				j++
			}
			w := s[i:j]
			toks = append(toks, token{text: w, up: strings.ToUpper(w), pos: i})
			i = j
		default:
			toks = append(toks, token{text: s[i : i+1], up: s[i : i+1], pos: i})
			i++
		}
	}
}

func isDigitStr(s string) bool {
	s = strings.TrimLeft(s, "+-")
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// parseFront recognises the statements listed above. It returns nil when
// stmt is for TiDB, and an error for a malformed statement of our own.
func parseFront(stmt string) (frontStmt, error) {
	if u, ok := dumpedTrigger(stmt); ok { // trigger.go
		stmt = u
	}
	if !frontKeyword(stmt) {
		return nil, nil
	}
	toks, ok := frontTokens(stmt)
	if !ok || len(toks) == 0 {
		return nil, nil
	}
	kw := func(i int) string {
		if i < len(toks) && !toks[i].quoted {
			return toks[i].up
		}
		return ""
	}
	switch kw(0) {
	case "PRAGMA":
		return parsePragma(stmt, toks[1:])
	case "BEGIN":
		b := &beginStmt{}
		i := 1
		switch kw(1) {
		case "DEFERRED":
			i++
		case "IMMEDIATE":
			b.Mode = TxImmediate
			i++
		case "EXCLUSIVE":
			b.Mode = TxExclusive
			i++
		}
		if kw(i) == "TRANSACTION" || kw(i) == "WORK" {
			i++
		}
		if i != len(toks) {
			return nil, syntaxAt(stmt, toks[i].pos, "BEGIN [DEFERRED|IMMEDIATE|EXCLUSIVE] [TRANSACTION]")
		}
		return b, nil
	case "COMMIT", "END":
		if len(toks) == 1 || len(toks) == 2 && (kw(1) == "TRANSACTION" || kw(1) == "WORK") {
			return &commitStmt{}, nil
		}
	case "ROLLBACK":
		if len(toks) == 1 || len(toks) == 2 && (kw(1) == "TRANSACTION" || kw(1) == "WORK") {
			return &rollbackStmt{}, nil
		}
	case "VACUUM":
		return parseVacuum(stmt, toks) // vacuum.go
	case "SHOW":
		return parseShowTrigger(stmt, toks) // showtrigger.go
	case "CREATE":
		return parseTrigger(stmt, toks) // trigger.go
	case "DROP":
		if kw(1) == "TRIGGER" {
			return parseTrigger(stmt, toks)
		}
		if kw(1) != "INDEX" {
			return nil, nil
		}
		d := &dropIndexStmt{}
		i := 2
		if kw(2) == "IF" && kw(3) == "EXISTS" {
			d.IfExists = true
			i = 4
		}
		name, n := qualifiedName(toks[i:])
		if n == 0 {
			return nil, nil
		}
		d.Name = name
		i += n
		if kw(i) == "ON" {
			tbl, n := qualifiedName(toks[i+1:])
			if n == 0 {
				return nil, nil
			}
			d.Table = tbl
			i += 1 + n
		}
		if i != len(toks) {
			return nil, nil
		}
		return d, nil
	}
	return nil, nil
}

// frontKeyword reports whether stmt may be a front statement: it starts
// with one of their keywords, or with something else than a word. Every
// other statement goes to TiDB without being lexed here (a 10 MB SELECT
// would be, to no end).
func frontKeyword(stmt string) bool {
	i := skipBlank(stmt, 0)
	j := i
	for j < len(stmt) && isWordByte(stmt[j]) {
		j++
	}
	if j == i {
		return true
	}
	switch strings.ToUpper(stmt[i:j]) {
	case "PRAGMA", "BEGIN", "COMMIT", "END", "ROLLBACK", "VACUUM", "CREATE", "DROP", "SHOW":
		return true
	}
	return false
}

// qualifiedName reads name or schema.name; it returns the name and the
// number of tokens used (0 if none).
func qualifiedName(toks []token) (string, int) {
	if len(toks) == 0 || (!toks[0].quoted && !isWordByte(toks[0].text[0])) {
		return "", 0
	}
	if len(toks) >= 3 && toks[1].text == "." && !toks[1].quoted {
		return toks[2].text, 3
	}
	// An unquoted word may have swallowed a dot: main.t1
	if !toks[0].quoted {
		if k := strings.LastIndexByte(toks[0].text, '.'); k >= 0 {
			return toks[0].text[k+1:], 1
		}
	}
	return toks[0].text, 1
}

func parsePragma(stmt string, toks []token) (frontStmt, error) {
	p := &pragmaStmt{}
	if len(toks) == 0 {
		return nil, syntaxAt(stmt, len(stmt), "PRAGMA needs a name")
	}
	name := toks[0].text
	toks = toks[1:]
	if k := strings.IndexByte(name, '.'); k >= 0 {
		p.Schema, name = name[:k], name[k+1:]
	} else if len(toks) >= 2 && toks[0].text == "." && !toks[0].quoted {
		p.Schema, name = name, toks[1].text
		toks = toks[2:]
	}
	p.Name = strings.ToLower(name)
	switch {
	case len(toks) == 0:
		return p, nil
	case toks[0].text == "=" && !toks[0].quoted:
		if len(toks) != 2 {
			pos := len(stmt)
			if len(toks) > 2 {
				pos = toks[2].pos
			}
			return nil, syntaxAt(stmt, pos, "PRAGMA name = value")
		}
		p.Arg, p.HasArg = toks[1].text, true
		return p, nil
	case toks[0].text == "(" && !toks[0].quoted:
		if len(toks) != 3 || toks[2].text != ")" {
			pos := len(stmt)
			if len(toks) > 2 {
				pos = toks[2].pos
			}
			return nil, syntaxAt(stmt, pos, "PRAGMA name(value)")
		}
		p.Arg, p.HasArg = toks[1].text, true
		return p, nil
	}
	return nil, syntaxAt(stmt, toks[0].pos, "PRAGMA name [= value]")
}

// syntaxAt makes a syntax error at byte offset pos of stmt.
func syntaxAt(stmt string, pos int, msg string) *Error {
	line, col := 1, 1
	for i := 0; i < pos && i < len(stmt); i++ {
		if stmt[i] == '\n' {
			line++
			col = 1
		} else {
			col++
		}
	}
	near := ""
	if pos < len(stmt) {
		near = stmt[pos:]
		if len(near) > 40 {
			near = near[:40]
		}
	}
	return &Error{Code: CodeSyntax, Msg: msg, Line: line, Column: col, Near: near}
}
