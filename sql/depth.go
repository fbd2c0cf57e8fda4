package sql

import (
	"fmt"
	"strings"

	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/pingcap/tidb/pkg/parser/test_driver"
)

// maxNesting bounds how deep a statement may nest: parentheses in its
// text, and nodes in its syntax tree (a subquery, a parenthesis, an
// operator each add a level). The parser, name resolution and the
// expression compiler all recurse over the tree, and a Go stack overflow
// kills the process; past the limit the statement is refused instead.
const maxNesting = 10000

func errTooDeep() *Error {
	return errNotSupported(fmt.Sprintf("expression nested deeper than %d", maxNesting))
}

// checkParenDepth refuses text whose parentheses (outside quotes and
// comments) nest deeper than maxNesting, before TiDB builds a tree of it.
func checkParenDepth(text string) error {
	if strings.Count(text, "(") <= maxNesting {
		return nil // fast path: depth cannot exceed the number of '('
	}
	depth := 0
	for i := 0; i < len(text); {
		i = skipBlank(text, i)
		if i >= len(text) {
			break
		}
		switch c := text[i]; c {
		case '\'', '"', '`':
			i = skipQuoted(text, i)
			continue
		case '(':
			depth++
			if depth > maxNesting {
				return errTooDeep()
			}
		case ')':
			depth--
		}
		i++
	}
	return nil
}

// checkDepthAndNumber refuses a tree deeper than maxNesting (the walk
// itself stops descending at the limit, so it never recurses deeper than
// that) and numbers the `?` markers of one within it (numberParams in the
// same walk); it returns the number of markers.
func checkDepthAndNumber(n ast.Node) (int, error) {
	v := &depthVisitor{}
	n.Accept(v)
	if v.tooDeep {
		return 0, errTooDeep()
	}
	return orderParams(v.markers), nil
}

type depthVisitor struct {
	depth   int
	tooDeep bool
	// markers collects the `?` markers on the way, so that parseTiDB
	// numbers them without walking the tree a second time (params.go).
	markers []*test_driver.ParamMarkerExpr
}

func (v *depthVisitor) Enter(n ast.Node) (ast.Node, bool) {
	v.depth++
	if v.depth > maxNesting {
		v.tooDeep = true
		return n, true
	}
	if m, ok := n.(*test_driver.ParamMarkerExpr); ok {
		v.markers = append(v.markers, m)
	}
	return n, v.tooDeep
}

func (v *depthVisitor) Leave(n ast.Node) (ast.Node, bool) {
	v.depth--
	return n, true
}
