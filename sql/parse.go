package sql

import (
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/pingcap/tidb/pkg/parser"
	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/pingcap/tidb/pkg/parser/format"
	_ "github.com/pingcap/tidb/pkg/parser/test_driver" // value expressions
)

// tidbErr matches TiDB's "line 1 column 10 near \"...\"" syntax errors.
var tidbErr = regexp.MustCompile(`line (\d+) column (\d+) near "((?s).*)"`)

// parsers reuses TiDB parsers: parser.New allocates the yacc stack and
// scanner state, a quarter of the parse cost of a short statement. A parser
// serves one Parse at a time, and Parse returns the parser's own result
// slice, which the next Parse overwrites: parseOne copies what it needs out
// of it before the parser goes back to the pool. The AST nodes themselves
// are fresh allocations (TiDB keeps ASTs of pooled parsers too).
var parsers = sync.Pool{New: func() any { return parser.New() }}

// parseTiDB parses one statement with TiDB's MySQL grammar.
func parseTiDB(text string) (ast.StmtNode, error) {
	if err := checkParenDepth(text); err != nil {
		return nil, err
	}
	stmt, n, err := parseOne(text)
	if err != nil {
		// INSERT ... AS alias ON DUPLICATE KEY UPDATE (rowalias.go)
		if stmt, n, err = parseRowAlias(text, err); err != nil {
			return nil, err
		}
	}
	if n != 1 {
		return nil, errorf(CodeSyntax, "expected one statement, found %d", n)
	}
	if _, err := checkDepthAndNumber(stmt); err != nil {
		return nil, err
	}
	return stmt, nil
}

// parseOne parses text with a pooled parser and returns its first statement
// and the number of statements.
func parseOne(text string) (ast.StmtNode, int, error) {
	p := parsers.Get().(*parser.Parser)
	defer parsers.Put(p)
	stmts, _, err := p.Parse(text, "", "")
	if err != nil {
		return nil, 0, tidbError(err)
	}
	if len(stmts) == 0 {
		return nil, 0, nil
	}
	return stmts[0], len(stmts), nil
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
