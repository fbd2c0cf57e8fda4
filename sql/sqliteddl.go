package sql

import (
	"fmt"
	"strings"

	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/walrusdb/walrus/vm"
)

// Tables that SQLite itself created (no walrus catalog row) carry SQLite's
// DDL: typeless columns, any type name, "quoted" and [bracketed]
// identifiers, AUTOINCREMENT. tableFromSQLite reads such DDL with SQLite's
// meaning:
//
//	(Q1) A column's type is its declared type text under SQLite's affinity
//	     rules (vm.ColTypeFromDecl); typeless columns store values as given.
//	(Q2) Only a column declared exactly INTEGER PRIMARY KEY is the rowid
//	     (lang_createtable.html "ROWIDs and the INTEGER PRIMARY KEY"); an INT
//	     PRIMARY KEY column is stored in the record with an automatic index.
//	(Q3) WITHOUT ROWID tables are refused (not supported) rather than
//	     misread.

// sqliteConstraintWords end a column's type in SQLite's grammar.
var sqliteConstraintWords = map[string]bool{
	"CONSTRAINT": true, "PRIMARY": true, "NOT": true, "NULL": true, "UNIQUE": true,
	"CHECK": true, "DEFAULT": true, "COLLATE": true, "REFERENCES": true,
	"GENERATED": true, "AS": true, "AUTOINCREMENT": true,
}

// sqliteTableConstraintWords start a table constraint instead of a column.
var sqliteTableConstraintWords = map[string]bool{
	"CONSTRAINT": true, "PRIMARY": true, "UNIQUE": true, "CHECK": true, "FOREIGN": true,
}

func tableFromSQLite(text string, parse func(string) (ast.StmtNode, error)) (*table, error) {
	mysqlText, decls, err := sqliteDDLToMySQL(text)
	if err != nil {
		return nil, err
	}
	node, err := parse(mysqlText)
	if err != nil {
		return nil, err
	}
	ct, ok := node.(*ast.CreateTableStmt)
	if !ok {
		return nil, fmt.Errorf("not a CREATE TABLE")
	}
	t, err := buildTableWith(ct, func(col int) bool {
		return col < len(decls) && strings.EqualFold(strings.TrimSpace(decls[col]), "INTEGER")
	})
	if err != nil {
		return nil, err
	}
	for i, c := range t.Cols {
		if i < len(decls) {
			c.Type = vm.ColTypeFromDecl(decls[i])
		}
	}
	return t, nil
}

// ddlToken is one token of SQLite DDL: text as written, and whether it is
// an identifier or keyword (word), a quoted identifier, or punctuation.
type ddlToken struct {
	text   string
	word   bool // bare word
	quoted bool // "x", [x] or `x`: an identifier
}

func tokenizeSQLiteDDL(s string) ([]ddlToken, error) {
	var toks []ddlToken
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		case c == '-' && i+1 < len(s) && s[i+1] == '-':
			for i < len(s) && s[i] != '\n' {
				i++
			}
		case c == '/' && i+1 < len(s) && s[i+1] == '*':
			end := strings.Index(s[i+2:], "*/")
			if end < 0 {
				return nil, fmt.Errorf("unterminated comment")
			}
			i += end + 4
		case c == '\'':
			j := i + 1
			for ; j < len(s); j++ {
				if s[j] == '\'' {
					if j+1 < len(s) && s[j+1] == '\'' {
						j++
						continue
					}
					break
				}
			}
			if j >= len(s) {
				return nil, fmt.Errorf("unterminated string")
			}
			toks = append(toks, ddlToken{text: s[i : j+1]})
			i = j + 1
		case c == '"' || c == '`' || c == '[':
			closer := c
			if c == '[' {
				closer = ']'
			}
			var b strings.Builder
			j := i + 1
			for ; j < len(s); j++ {
				if s[j] == closer {
					if closer != ']' && j+1 < len(s) && s[j+1] == closer {
						b.WriteByte(closer)
						j++
						continue
					}
					break
				}
				b.WriteByte(s[j])
			}
			if j >= len(s) {
				return nil, fmt.Errorf("unterminated identifier")
			}
			toks = append(toks, ddlToken{text: b.String(), quoted: true})
			i = j + 1
		case isWordByte(c):
			j := i
			for j < len(s) && (isWordByte(s[j]) || s[j] == '.') {
				j++
			}
			toks = append(toks, ddlToken{text: s[i:j], word: true})
			i = j
		default:
			toks = append(toks, ddlToken{text: s[i : i+1]})
			i++
		}
	}
	return toks, nil
}

// sqliteDDLToMySQL rewrites SQLite CREATE TABLE text into text TiDB's parser
// reads: identifiers backquoted, each column's declared type replaced by
// BLOB (its real type is returned in decls, one per column, Q1).
func sqliteDDLToMySQL(s string) (string, []string, error) {
	toks, err := tokenizeSQLiteDDL(s)
	if err != nil {
		return "", nil, err
	}
	var out []string
	var decls []string
	emit := func(t ddlToken) {
		switch {
		case t.quoted:
			out = append(out, "`"+strings.ReplaceAll(t.text, "`", "``")+"`")
		case t.word && strings.EqualFold(t.text, "AUTOINCREMENT"):
			out = append(out, "AUTO_INCREMENT")
		default:
			out = append(out, t.text)
		}
	}
	depth := 0
	colStart := false // the next token at depth 1 starts a column or table constraint
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if depth == 0 && t.word && strings.EqualFold(t.text, "WITHOUT") {
			return "", nil, errNotSupported("WITHOUT ROWID tables")
		}
		switch t.text {
		case "(":
			depth++
			emit(t)
			if depth == 1 {
				colStart = true
			}
			continue
		case ")":
			depth--
			emit(t)
			continue
		case ",":
			emit(t)
			if depth == 1 {
				colStart = true
			}
			continue
		}
		if depth == 1 && colStart {
			colStart = false
			if t.word && sqliteTableConstraintWords[strings.ToUpper(t.text)] {
				emit(t)
				continue
			}
			// A column: name, then its type tokens up to a constraint word
			// or the end of the definition.
			out = append(out, "`"+strings.ReplaceAll(t.text, "`", "``")+"`")
			var decl []string
			j := i + 1
			tdepth := 0
			for ; j < len(toks); j++ {
				u := toks[j]
				if tdepth == 0 && (u.text == "," || u.text == ")" || (u.word && sqliteConstraintWords[strings.ToUpper(u.text)])) {
					break
				}
				switch u.text {
				case "(":
					tdepth++
				case ")":
					tdepth--
				}
				decl = append(decl, u.text)
			}
			decls = append(decls, joinDecl(decl))
			out = append(out, "BLOB")
			i = j - 1
			continue
		}
		emit(t)
	}
	return strings.Join(out, " "), decls, nil
}

// joinDecl writes a declared type as SQLite keeps it: words separated by
// spaces, no space around parentheses and commas.
func joinDecl(parts []string) string {
	var b strings.Builder
	for i, p := range parts {
		if i > 0 && p != "(" && p != ")" && p != "," && parts[i-1] != "(" && parts[i-1] != "," {
			b.WriteByte(' ')
		}
		b.WriteString(p)
	}
	return b.String()
}
