package sql

import "github.com/pingcap/tidb/pkg/parser/ast"

// ddlParses keeps the statements the last schema load parsed, by their
// exact text, so that the reload after a DDL statement parses only the
// objects whose SQL is new or changed: TiDB's parser was most of a
// reload's cost, paid for every table after every CREATE or DROP. A hit
// gives the AST the same text parsed to before, so the schema built from
// it is the one a fresh parse gives (parseTiDB depends on nothing but the
// text). Only the last load's parses are kept: the cache is never larger
// than the schema. (S8) The ASTs are shared by the tables of consecutive
// schemas, as they are already shared by every statement compiled against
// one schema: buildTable, buildIndex, viewTable and the compiler only read
// them; a new table, index or view is built from the AST on every load.
type ddlParses struct {
	prev, next map[string]ast.StmtNode
}

// parse is parseTiDB through the cache.
func (p *ddlParses) parse(text string) (ast.StmtNode, error) {
	if p == nil {
		return parseTiDB(text)
	}
	node, ok := p.prev[text]
	if !ok {
		var err error
		if node, err = parseTiDB(text); err != nil {
			return nil, err
		}
	}
	if p.next == nil {
		p.next = make(map[string]ast.StmtNode, len(p.prev)+1)
	}
	p.next[text] = node
	return node, nil
}

// loaded ends a load: after a successful one its parses become the cache;
// after a failed one the previous cache stays.
func (p *ddlParses) loaded(ok bool) {
	if p == nil {
		return
	}
	if ok {
		p.prev = p.next
	}
	p.next = nil
}
