package sql

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/pingcap/tidb/pkg/parser"
	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/pingcap/tidb/pkg/parser/format"
	_ "github.com/pingcap/tidb/pkg/parser/test_driver" // value expressions
)

// tidbErr matches TiDB's "line 1 column 10 near \"...\"" syntax errors.
var tidbErr = regexp.MustCompile(`line (\d+) column (\d+) near "((?s).*)"`)

// parseTiDB parses one statement with TiDB's MySQL grammar.
func parseTiDB(text string) (ast.StmtNode, error) {
	p := parser.New()
	stmts, _, err := p.Parse(text, "", "")
	if err != nil {
		return nil, tidbError(err)
	}
	if len(stmts) != 1 {
		return nil, errorf(CodeSyntax, "expected one statement, found %d", len(stmts))
	}
	numberParams(stmts[0])
	return stmts[0], nil
}

func tidbError(err error) *Error {
	msg := err.Error()
	m := tidbErr.FindStringSubmatch(msg)
	if m == nil {
		return &Error{Code: CodeSyntax, Msg: msg, Err: err}
	}
	line, _ := strconv.Atoi(m[1])
	col, _ := strconv.Atoi(m[2])
	near := m[3]
	if k := strings.Index(near, "\" "); k >= 0 {
		near = near[:k]
	}
	return &Error{Code: CodeSyntax, Msg: "syntax error", Line: line, Column: col, Near: near, Err: err}
}

// restoreExpr writes e back as SQL text (for result column names).
func restoreExpr(e ast.Node, b *strings.Builder) error {
	return e.Restore(format.NewRestoreCtx(format.RestoreStringSingleQuotes|format.RestoreKeyWordUppercase, b))
}
