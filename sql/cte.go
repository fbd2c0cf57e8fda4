package sql

import (
	"strings"

	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/walrusdb/walrus/vm"
)

// Common table expressions (WITH). A reference to a CTE in FROM is
// compiled like a derived table: the CTE's query is materialised into an
// ephemeral table at that point (each reference separately). A recursive
// CTE runs its anchor blocks once, then its recursive blocks repeatedly
// over the rows the previous iteration added (the work table) until an
// iteration adds none.

// cteMaxRecursionDepth is MySQL's default cte_max_recursion_depth: how
// many iterations of a recursive CTE may read rows (the anchor's rows are
// read by iteration 1).
const cteMaxRecursionDepth = 1000

// cteDef is one CTE of a WITH clause.
type cteDef struct {
	name  string // as written
	cols  []string
	query ast.ResultSetNode
	// recursive: declared in WITH RECURSIVE and its query refers to it.
	recursive bool
	// env is the list of CTEs visible inside the query: the earlier ones
	// of its WITH and those enclosing it (and itself when recursive).
	env []*cteDef
	// work is the cursor of the previous iteration's rows while the
	// recursive blocks compile (-1 otherwise); refs counts references to
	// it there.
	work int
	refs int
	// blockParent is the scope the recursive blocks compile under: a
	// recursive reference must be in a FROM clause directly below it.
	blockParent *scope
	// workCols and workTypes describe the work table's rows.
	workCols  []string
	workTypes []vm.ColType
}

func (c *compiler) ctes() []*cteDef { return c.cteEnv }

// withCTEs runs fn with env as the CTEs in scope, then restores the
// previous ones.
func (c *compiler) withCTEs(env []*cteDef, fn func() error) error {
	old := c.cteEnv
	c.cteEnv = env
	defer func() { c.cteEnv = old }()
	return fn()
}

// lookupCTE returns the innermost CTE in scope called name, or nil.
func (c *compiler) lookupCTE(name string) *cteDef {
	env := c.ctes()
	for i := len(env) - 1; i >= 0; i-- {
		if strings.EqualFold(env[i].name, name) {
			return env[i]
		}
	}
	return nil
}

// with compiles body with the CTEs of w in scope.
func (c *compiler) with(w *ast.WithClause, body func() error) error {
	env := append([]*cteDef(nil), c.ctes()...)
	outer := len(env)
	for _, cte := range w.CTEs {
		for _, d := range env[outer:] {
			if strings.EqualFold(d.name, cte.Name.O) {
				return errorf(CodeGeneric, "not unique table/alias: '%s'", cte.Name.O)
			}
		}
		def := &cteDef{name: cte.Name.O, query: cte.Query.Query, work: -1}
		for _, col := range cte.ColNameList {
			def.cols = append(def.cols, col.O)
		}
		def.env = append([]*cteDef(nil), env...)
		if w.IsRecursive && refersTo(def.query, cte.Name.L) {
			def.recursive = true
			def.env = append(def.env, def)
		}
		env = append(env, def)
	}
	return c.withCTEs(env, body)
}

// refersTo reports whether q names the table name (without a schema).
func refersTo(q ast.Node, name string) bool {
	v := &tableNameFinder{name: name}
	q.Accept(v)
	return v.found
}

type tableNameFinder struct {
	name  string
	found bool
}

func (v *tableNameFinder) Enter(n ast.Node) (ast.Node, bool) {
	if t, ok := n.(*ast.TableName); ok && t.Schema.L == "" && t.Name.L == v.name {
		v.found = true
	}
	return n, v.found
}

func (v *tableNameFinder) Leave(n ast.Node) (ast.Node, bool) { return n, true }

// cteSource makes the source and level of a FROM item naming def.
func (c *compiler) cteSource(sc *scope, name string, def *cteDef) (*level, error) {
	if def.work >= 0 {
		// The recursive reference: the previous iteration's rows.
		def.refs++
		if sc.parent != def.blockParent {
			return nil, errorf(CodeNotSupported, "recursive reference to '%s' in a subquery", def.name)
		}
		if def.refs > 1 {
			return nil, errorf(CodeNotSupported, "recursive reference to '%s' may appear only once in its recursive query block", def.name)
		}
		s := &source{name: name, cursor: def.work, colOff: 1, rowidCol: -1, cols: def.workCols, types: def.workTypes}
		sc.sources = append(sc.sources, s)
		return &level{src: s}, nil
	}
	if def.recursive {
		return c.recursiveCTE(sc, name, def)
	}
	var lv *level
	err := c.withCTEs(def.env, func() error {
		var err error
		lv, err = c.derived(sc, name, def.query)
		return err
	})
	if err != nil {
		return nil, err
	}
	if def.cols != nil {
		if len(def.cols) != len(lv.src.cols) {
			return nil, errColumnListCount()
		}
		lv.src.cols = append([]string(nil), def.cols...)
	}
	return lv, nil
}

func errColumnListCount() error {
	return errorf(CodeMismatch, "in definition of view, derived table or common table expression, SELECT list and column names list have different column counts")
}

// recursiveCTE materialises a recursive CTE: anchor blocks, then the
// recursive blocks over the work table until an iteration adds no row.
// Rows are (sequence, columns...) in every table, so the result keeps
// the order rows were produced in; UNION (distinct) keeps a set of the
// rows seen and drops repeats before they reach the work table.
func (c *compiler) recursiveCTE(sc *scope, name string, def *cteDef) (*level, error) {
	body, ok := def.query.(*ast.SetOprStmt)
	if !ok || body.SelectList == nil {
		return nil, errorf(CodeGeneric, "recursive common table expression '%s' should contain a UNION", def.name)
	}
	if body.OrderBy != nil || body.Limit != nil {
		return nil, errNotSupported("ORDER BY / LIMIT in a recursive common table expression")
	}
	var anchors, recs []ast.ResultSetNode
	distinct := false
	for i, node := range body.SelectList.Selects {
		var op *ast.SetOprType
		switch s := node.(type) {
		case *ast.SelectStmt:
			op = s.AfterSetOperator
		case *ast.SetOprSelectList:
			op = s.AfterSetOperator
			node = &ast.SetOprStmt{SelectList: s, OrderBy: s.OrderBy, Limit: s.Limit}
		}
		q, ok := node.(ast.ResultSetNode)
		if !ok {
			return nil, errNotSupported("compound member of this kind")
		}
		if i > 0 && op != nil {
			switch *op {
			case ast.Union:
				distinct = true
			case ast.UnionAll:
			default:
				return nil, errorf(CodeGeneric, "recursive common table expression '%s' should contain a UNION", def.name)
			}
		}
		if refersTo(q, strings.ToLower(def.name)) {
			if s, ok := q.(*ast.SelectStmt); ok && isAggregateSelect(s) {
				return nil, errorf(CodeNotSupported, "recursive common table expression '%s' cannot aggregate in its recursive query block", def.name)
			}
			recs = append(recs, q)
		} else if len(recs) > 0 {
			return nil, errBlockOrder(def.name)
		} else {
			anchors = append(anchors, q)
		}
	}
	if len(anchors) == 0 || len(recs) == 0 {
		return nil, errBlockOrder(def.name)
	}

	res, work, next := c.cursor(), c.cursor(), c.cursor()
	c.emit(vm.OpOpenEphemeral, res, 1, 0, &vm.TreeSpec{Name: name}, "recursive CTE "+name)
	c.emit(vm.OpOpenEphemeral, work, 1, 0, &vm.TreeSpec{Name: "cte-work"}, "")
	seen := -1
	if distinct {
		seen = c.cursor()
		c.emit(vm.OpOpenEphemeral, seen, 0, 0, &vm.TreeSpec{Name: "cte-seen"}, "UNION")
	}
	ncols := -1
	var blk int
	// add returns a sink appending each new row to the result and to cur.
	add := func(cur int) *sink {
		return &sink{row: func(first, n int) error {
			if ncols >= 0 && n != ncols {
				return errorf(CodeMismatch, "the used SELECT statements have a different number of columns")
			}
			ncols = n
			if blk == 0 {
				blk = c.regs(n + 1)
			}
			skip := c.newLabel()
			if seen >= 0 {
				c.emit(vm.OpFound, seen, skip, first, n, "")
				c.emit(vm.OpIdxInsert, seen, first, n, nil, "")
			}
			c.emit(vm.OpCopy, first, blk+1, n-1, nil, "")
			c.emit(vm.OpSequence, res, blk, 0, nil, "")
			c.emit(vm.OpIdxInsert, res, blk, n+1, nil, "")
			c.emit(vm.OpSequence, cur, blk, 0, nil, "")
			c.emit(vm.OpIdxInsert, cur, blk, n+1, nil, "")
			c.place(skip)
			return nil
		}}
	}
	var info *resultInfo
	err := c.withCTEs(def.env, func() error {
		for _, q := range anchors {
			qi, err := c.query(sc.parent, q, add(work))
			if err != nil {
				return err
			}
			if info == nil {
				info = qi
			}
			if len(qi.names) != len(info.names) {
				return errorf(CodeMismatch, "the used SELECT statements have a different number of columns")
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	cols := info.names
	if def.cols != nil {
		if len(def.cols) != len(cols) {
			return nil, errColumnListCount()
		}
		cols = def.cols
	}
	cols = append([]string(nil), cols...)

	budget := c.reg()
	// MySQL aborts when an iteration past the limit would read rows: the
	// limit-th iteration that adds rows is an error.
	c.emit(vm.OpInteger, cteMaxRecursionDepth, budget, 0, nil, "cte_max_recursion_depth")
	top, done, tooDeep := c.newLabel(), c.newLabel(), c.newLabel()
	c.place(top)
	c.emit(vm.OpRewind, work, done, 0, nil, "no new rows: done")
	c.emit(vm.OpOpenEphemeral, next, 1, 0, &vm.TreeSpec{Name: "cte-next"}, "")
	def.work, def.refs, def.workCols, def.workTypes, def.blockParent = work, 0, cols, info.types, sc.parent
	err = c.withCTEs(def.env, func() error {
		for _, q := range recs {
			qi, err := c.query(sc.parent, q, add(next))
			if err != nil {
				return err
			}
			if len(qi.names) != len(info.names) {
				return errorf(CodeMismatch, "the used SELECT statements have a different number of columns")
			}
		}
		return nil
	})
	def.work, def.workCols, def.workTypes, def.blockParent = -1, nil, nil, nil
	if err != nil {
		return nil, err
	}
	// The new rows become the work table.
	c.emit(vm.OpOpenEphemeral, work, 1, 0, &vm.TreeSpec{Name: "cte-work"}, "")
	c.emit(vm.OpRewind, next, top, 0, nil, "")
	row := c.regs(ncols + 1)
	copyTop := c.addr()
	for i := 0; i <= ncols; i++ {
		c.emit(vm.OpColumn, next, i, row+i, nil, "")
	}
	c.emit(vm.OpIdxInsert, work, row, ncols+1, nil, "")
	c.emit(vm.OpNext, next, copyTop, 0, nil, "")
	c.emit(vm.OpDecrJumpZero, budget, tooDeep, 0, nil, "")
	c.emit(vm.OpGoto, 0, top, 0, nil, "")
	c.place(tooDeep)
	c.emit(vm.OpHalt, 1, 0, 0, "recursive query aborted after 1001 iterations. Try increasing @@cte_max_recursion_depth to a larger value", "")
	c.place(done)

	s := &source{name: name, cursor: res, colOff: 1, rowidCol: -1, cols: cols, types: info.types}
	sc.sources = append(sc.sources, s)
	return &level{src: s}, nil
}

func errBlockOrder(name string) error {
	return errorf(CodeGeneric, "recursive common table expression '%s' should have one or more non-recursive query blocks followed by one or more recursive ones", name)
}

// isAggregateSelect reports whether s groups its rows.
func isAggregateSelect(s *ast.SelectStmt) bool {
	if s.GroupBy != nil {
		return true
	}
	for _, f := range s.Fields.Fields {
		if hasAggregate(f.Expr) {
			return true
		}
	}
	return false
}
