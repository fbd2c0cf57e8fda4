package sql

import (
	"strings"

	"github.com/pingcap/tidb/pkg/parser/ast"
)

// MySQL 8.0.19's row alias for upserts, which TiDB's grammar lacks:
//
//	INSERT INTO t (a, b) VALUES (1, 2) AS new [(m, n)]
//	    ON DUPLICATE KEY UPDATE a = new.a + n
//
// When TiDB rejects an INSERT or REPLACE, parseRowAlias looks for "AS
// alias [(columns)]" at parenthesis depth 0, right before ON DUPLICATE, in
// a statement with VALUES or SET and no SELECT at depth 0. It parses the
// text without that clause and then rewrites, in the ON DUPLICATE KEY
// UPDATE expressions, alias.col and the column aliases to VALUES(col),
// which means the same: the row the INSERT would have written.

// sqlToken is a token of the statement text: its bytes and depth.
type sqlToken struct {
	start, end int
	depth      int
}

// aliasTokens splits text into words (isWordByte, split.go), quoted
// strings and single punctuation characters, skipping blanks and comments.
func aliasTokens(text string) []sqlToken {
	var toks []sqlToken
	depth := 0
	for i := 0; i < len(text); {
		c := text[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		case c == '#' || (c == '-' && strings.HasPrefix(text[i:], "-- ")):
			for i < len(text) && text[i] != '\n' {
				i++
			}
		case c == '/' && strings.HasPrefix(text[i:], "/*"):
			end := strings.Index(text[i+2:], "*/")
			if end < 0 {
				return toks
			}
			i += end + 4
		case c == '\'' || c == '"' || c == '`':
			j := i + 1
			for j < len(text) && text[j] != c {
				if text[j] == '\\' && c != '`' {
					j++
				}
				j++
			}
			j = min(j+1, len(text))
			toks = append(toks, sqlToken{i, j, depth})
			i = j
		case isWordByte(c):
			j := i
			for j < len(text) && isWordByte(text[j]) {
				j++
			}
			toks = append(toks, sqlToken{i, j, depth})
			i = j
		default:
			if c == ')' {
				depth--
			}
			toks = append(toks, sqlToken{i, i + 1, depth})
			if c == '(' {
				depth++
			}
			i++
		}
	}
	return toks
}

// rowAlias is a parsed "AS alias (columns)" clause.
type rowAlias struct {
	name string
	cols []string // column aliases, in INSERT column order; may be empty
}

// cutRowAlias finds the row alias clause of an INSERT and returns the text
// without it; ok is false when text has none.
func cutRowAlias(text string) (rest string, ra rowAlias, ok bool) {
	toks := aliasTokens(text)
	word := func(k int) string {
		if k >= len(toks) {
			return ""
		}
		return strings.ToUpper(text[toks[k].start:toks[k].end])
	}
	if w := word(0); w != "INSERT" && w != "REPLACE" {
		return "", ra, false
	}
	hasValues := false
	for k := range toks {
		if toks[k].depth != 0 {
			continue
		}
		switch word(k) {
		case "VALUES", "VALUE", "SET":
			hasValues = true
		case "SELECT", "TABLE":
			return "", ra, false
		case "AS":
			if !hasValues || k+1 >= len(toks) {
				return "", ra, false
			}
			ra.name = unquoteIdent(text[toks[k+1].start:toks[k+1].end])
			end := k + 2
			if word(end) == "(" {
				for end++; end < len(toks) && word(end) != ")"; end++ {
					if w := word(end); w != "," {
						ra.cols = append(ra.cols, unquoteIdent(text[toks[end].start:toks[end].end]))
					}
				}
				end++
			}
			if word(end) != "ON" || word(end+1) != "DUPLICATE" {
				return "", ra, false
			}
			return text[:toks[k].start] + text[toks[end].start:], ra, true
		}
	}
	return "", ra, false
}

func unquoteIdent(s string) string {
	if len(s) >= 2 && s[0] == '`' && s[len(s)-1] == '`' {
		return strings.ReplaceAll(s[1:len(s)-1], "``", "`")
	}
	return s
}

// parseRowAlias parses an INSERT with a row alias (see above), or returns
// parseErr when text has none or its rewrite does not parse either.
func parseRowAlias(text string, parseErr error) (ast.StmtNode, int, error) {
	rest, ra, ok := cutRowAlias(text)
	if !ok {
		return nil, 0, parseErr
	}
	stmt, n, err := parseOne(rest)
	if err != nil {
		return nil, 0, parseErr
	}
	ins, ok := stmt.(*ast.InsertStmt)
	if !ok || len(ins.OnDuplicate) == 0 {
		return nil, 0, parseErr
	}
	if len(ra.cols) > 0 && len(ra.cols) != len(ins.Columns) {
		if len(ins.Columns) == 0 {
			return nil, 0, errNotSupported("column aliases of a row alias without the INSERT's column list")
		}
		return nil, 0, errorf(CodeMismatch, "column count of the row alias %s does not match the INSERT's", ra.name)
	}
	v := &rowAliasRewriter{alias: strings.ToLower(ra.name), cols: map[string]string{}}
	for i, c := range ra.cols {
		v.cols[strings.ToLower(c)] = ins.Columns[i].Name.O
	}
	for _, a := range ins.OnDuplicate {
		e, _ := a.Expr.Accept(v)
		a.Expr = e.(ast.ExprNode)
	}
	return stmt, n, nil
}

// rowAliasRewriter turns alias.col and column aliases into VALUES(col).
type rowAliasRewriter struct {
	alias string
	cols  map[string]string // column alias -> INSERT column
}

func (v *rowAliasRewriter) Enter(n ast.Node) (ast.Node, bool) { return n, false }

func (v *rowAliasRewriter) Leave(n ast.Node) (ast.Node, bool) {
	cn, ok := n.(*ast.ColumnNameExpr)
	if !ok || cn.Name.Schema.L != "" {
		return n, true
	}
	col := cn.Name.Name.O
	switch cn.Name.Table.L {
	case v.alias:
		if mapped, ok := v.cols[cn.Name.Name.L]; ok {
			col = mapped
		} else if len(v.cols) > 0 {
			return n, true // not a column of the alias: an error later
		}
	case "":
		mapped, ok := v.cols[cn.Name.Name.L]
		if !ok {
			return n, true
		}
		col = mapped
	default:
		return n, true
	}
	return &ast.ValuesExpr{Column: &ast.ColumnNameExpr{Name: &ast.ColumnName{Name: ast.NewCIStr(col)}}}, true
}
