package sql

import (
	"strings"

	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/pingcap/tidb/pkg/parser/test_driver"
	"github.com/walrusdb/walrus/vm"
)

// Window functions (MySQL 8): the window stage of a SELECT runs after
// FROM, WHERE, GROUP BY and HAVING, before DISTINCT, ORDER BY and LIMIT.
// Each candidate row (a loop row, or a group) is fed to a window buffer
// (vm/window.go) instead of the output: every maximal part of the output
// expressions that holds no window function of this level (a column, an
// aggregate call, a subquery, a whole select-list item), and each window
// function's arguments, PARTITION BY and ORDER BY keys. OpWindow sorts the
// buffer once per distinct (PARTITION BY, ORDER BY) and computes the
// functions; then the buffered rows go through the output plan, where
// those parts and the window functions read the buffer's columns.

// windowPlan is the window stage of one SELECT level.
type windowPlan struct {
	sc     *scope
	calls  []*ast.WindowFuncExpr
	names  map[*ast.WindowFuncExpr]string // the window's name for messages
	cursor int
	spec   *vm.WindowSpec
	// inputs are the expressions fed per row; input i is buffer column i.
	inputs []ast.ExprNode
	col    map[ast.Node]int // input or window call -> buffer column
	cols   map[colKey]int   // bare columns fed as inputs
	// output is set while the buffered rows go through the output plan.
	output    bool
	collected bool
	fed       bool
}

const unnamedWindow = "<unnamed window>"

// windowFinder finds window functions outside subqueries.
type windowFinder struct{ found *ast.WindowFuncExpr }

func (v *windowFinder) Enter(n ast.Node) (ast.Node, bool) {
	switch x := n.(type) {
	case *ast.WindowFuncExpr:
		if v.found == nil {
			v.found = x
		}
		return n, true
	case *ast.SubqueryExpr, *ast.SelectStmt, *ast.SetOprStmt:
		return n, true
	}
	return n, false
}

func (v *windowFinder) Leave(n ast.Node) (ast.Node, bool) { return n, true }

// findWindow returns a window function of n outside subqueries, or nil.
func findWindow(n ast.Node) *ast.WindowFuncExpr {
	if n == nil {
		return nil
	}
	v := &windowFinder{}
	n.Accept(v)
	return v.found
}

func errWindowContext(w *ast.WindowFuncExpr) *Error {
	return errorf(CodeGeneric, "you cannot use the window function '%s' in this context", strings.ToLower(w.Name))
}

// planWindows checks where s uses window functions and, when its select
// list or ORDER BY has some, resolves their windows (named ones from the
// WINDOW clause) into each call's Spec and returns the plan. It runs
// before grouping so that the aggregate collector sees the resolved
// PARTITION BY and ORDER BY expressions.
func (c *compiler) planWindows(sc *scope, s *ast.SelectStmt, fields []outField, orderBy []*ast.ByItem) (*windowPlan, error) {
	if s.Where != nil {
		if w := findWindow(s.Where); w != nil {
			return nil, errWindowContext(w)
		}
	}
	if s.From != nil {
		if w := findWindow(s.From); w != nil {
			return nil, errWindowContext(w)
		}
	}
	if s.GroupBy != nil {
		for _, item := range s.GroupBy.Items {
			if w := findWindow(item.Expr); w != nil {
				return nil, errWindowContext(w)
			}
		}
	}
	if s.Having != nil {
		if w := findWindow(s.Having.Expr); w != nil {
			return nil, errWindowContext(w)
		}
	}
	named, err := namedWindows(s.WindowSpecs)
	if err != nil {
		return nil, err
	}
	// Names in a window nobody uses are still checked, as MySQL does.
	for i := range s.WindowSpecs {
		cc := &columnChecker{c: c, sc: sc}
		s.WindowSpecs[i].Accept(cc)
		if cc.err != nil {
			return nil, cc.err
		}
	}
	wp := &windowPlan{sc: sc}
	cf := &callFinder{wp: wp}
	for _, f := range fields {
		if f.expr != nil {
			f.expr.Accept(cf)
		}
	}
	for _, item := range orderBy {
		item.Expr.Accept(cf)
	}
	if cf.err != nil {
		return nil, cf.err
	}
	if len(wp.calls) == 0 {
		return nil, nil
	}
	wp.names, wp.col, wp.cols = map[*ast.WindowFuncExpr]string{}, map[ast.Node]int{}, map[colKey]int{}
	for _, call := range wp.calls {
		if err := wp.resolve(call, named); err != nil {
			return nil, err
		}
	}
	return wp, nil
}

// columnChecker resolves the column names outside subqueries.
type columnChecker struct {
	c   *compiler
	sc  *scope
	err error
}

func (v *columnChecker) Enter(n ast.Node) (ast.Node, bool) {
	switch x := n.(type) {
	case *ast.SubqueryExpr:
		return n, true
	case *ast.ColumnNameExpr:
		if _, err := v.c.lookup(v.sc, x.Name); err != nil && v.err == nil {
			v.err = err
		}
	}
	return n, false
}

func (v *columnChecker) Leave(n ast.Node) (ast.Node, bool) { return n, true }

// callFinder lists the window calls of this level and refuses nesting: a
// window function inside an aggregate, a window function's arguments or
// window specification.
type callFinder struct {
	wp  *windowPlan
	err error
}

func (v *callFinder) Enter(n ast.Node) (ast.Node, bool) {
	if v.err != nil {
		return n, true
	}
	switch x := n.(type) {
	case *ast.SubqueryExpr:
		return n, true
	case *ast.AggregateFuncExpr:
		if w := findWindow(x); w != nil {
			v.err = errWindowContext(w)
		}
		return n, true
	case *ast.WindowFuncExpr:
		for _, a := range x.Args {
			if w := findWindow(a); w != nil {
				v.err = errWindowContext(w)
				return n, true
			}
		}
		if w := findWindow(&x.Spec); w != nil {
			v.err = errorf(CodeGeneric, "you cannot nest a window function in the specification of window '%s'", windowName(&x.Spec))
			return n, true
		}
		for _, seen := range v.wp.calls {
			if seen == x {
				return n, true
			}
		}
		v.wp.calls = append(v.wp.calls, x)
		return n, true
	}
	return n, false
}

func (v *callFinder) Leave(n ast.Node) (ast.Node, bool) { return n, true }

func windowName(s *ast.WindowSpec) string {
	if s.Name.O != "" {
		return s.Name.O
	}
	return unnamedWindow
}

// namedWindows checks the WINDOW clause: unique names, references to
// defined windows without cycles, and MySQL's inheritance rules.
func namedWindows(specs []ast.WindowSpec) (map[string]*ast.WindowSpec, error) {
	named := map[string]*ast.WindowSpec{}
	for i := range specs {
		ws := &specs[i]
		if _, dup := named[ws.Name.L]; dup {
			return nil, errorf(CodeGeneric, "window '%s' is defined twice", ws.Name.O)
		}
		named[ws.Name.L] = ws
	}
	for i := range specs {
		if _, err := flattenWindow(&specs[i], named, nil); err != nil {
			return nil, err
		}
	}
	return named, nil
}

// flattenWindow returns spec with its reference chain merged in: PARTITION
// BY from the base, ORDER BY from whichever has one, the frame of spec.
func flattenWindow(spec *ast.WindowSpec, named map[string]*ast.WindowSpec, seen []string) (ast.WindowSpec, error) {
	out := ast.WindowSpec{PartitionBy: spec.PartitionBy, OrderBy: spec.OrderBy, Frame: spec.Frame}
	ref := spec.Ref
	if spec.OnlyAlias {
		ref = spec.Name
	}
	if ref.L == "" {
		return out, nil
	}
	base, ok := named[ref.L]
	if !ok {
		return out, errorf(CodeGeneric, "window name '%s' is not defined", ref.O)
	}
	if spec.OnlyAlias {
		return flattenWindow(base, named, seen)
	}
	for _, s := range seen {
		if s == ref.L {
			return out, errorf(CodeGeneric, "there is a circularity in the window dependency graph")
		}
	}
	if base.Frame != nil {
		return out, errorf(CodeGeneric, "window '%s' has a frame definition, so cannot be referenced by another window", base.Name.O)
	}
	if spec.PartitionBy != nil {
		return out, errorf(CodeGeneric, "a window which depends on another cannot define partitioning")
	}
	b, err := flattenWindow(base, named, append(seen, ref.L))
	if err != nil {
		return out, err
	}
	if spec.OrderBy != nil && b.OrderBy != nil {
		return out, errorf(CodeGeneric, "window '%s' cannot inherit '%s' since both contain an ORDER BY clause", windowName(spec), ref.O)
	}
	out.PartitionBy = b.PartitionBy
	if out.OrderBy == nil {
		out.OrderBy = b.OrderBy
	}
	return out, nil
}

// resolve replaces call's window by its flattened form (idempotent: a
// recompilation sees an inline window) and checks the call.
func (wp *windowPlan) resolve(call *ast.WindowFuncExpr, named map[string]*ast.WindowSpec) error {
	name := windowName(&call.Spec)
	if call.Spec.Ref.L != "" {
		name = unnamedWindow
	}
	spec, err := flattenWindow(&call.Spec, named, nil)
	if err != nil {
		return err
	}
	call.Spec = spec
	wp.names[call] = name
	fn := strings.ToLower(call.Name)
	switch {
	case call.IgnoreNull:
		return errNotSupported("IGNORE NULLS")
	case call.FromLast:
		return errNotSupported("FROM LAST")
	case call.Distinct:
		return errNotSupported(fn + "(DISTINCT ..) as a window function")
	case fn == ast.AggFuncGroupConcat || strings.HasPrefix(fn, "json_"):
		return errNotSupported(fn + " as a window function")
	}
	for _, part := range [][]*ast.ByItem{partItems(spec.PartitionBy), orderItems(spec.OrderBy)} {
		for _, item := range part {
			if _, ok := unparen(item.Expr).(*ast.PositionExpr); ok {
				return errorf(CodeGeneric, "window '%s': ORDER BY or PARTITION BY uses legacy position indication which is not supported, use expression", name)
			}
		}
	}
	// Offsets and bucket counts must be constants (MySQL checks their
	// values when the statement runs: NULL and negatives are errors).
	var constArgs []int
	switch fn {
	case vm.WinNtile:
		constArgs = []int{0}
	case vm.WinLag, vm.WinLead, vm.WinNthValue:
		constArgs = []int{1}
	}
	for _, i := range constArgs {
		if i < len(call.Args) && !isConstExpr(call.Args[i]) {
			return errorf(CodeMismatch, "incorrect arguments to %s", fn)
		}
	}
	_, err = wp.frame(call)
	return err
}

func partItems(p *ast.PartitionByClause) []*ast.ByItem {
	if p == nil {
		return nil
	}
	return p.Items
}

func orderItems(o *ast.OrderByClause) []*ast.ByItem {
	if o == nil {
		return nil
	}
	return o.Items
}

// isConstExpr reports whether e is a literal or parameter, possibly negated
// or parenthesised.
func isConstExpr(e ast.ExprNode) bool {
	switch x := unparen(e).(type) {
	case *test_driver.ValueExpr, *test_driver.ParamMarkerExpr:
		return true
	case *ast.UnaryOperationExpr:
		return isConstExpr(x.V)
	}
	return false
}

// frame converts call's frame clause, MySQL's default when absent.
func (wp *windowPlan) frame(call *ast.WindowFuncExpr) (vm.WindowFrame, error) {
	fc := call.Spec.Frame
	if fc == nil {
		return vm.DefaultFrame, nil
	}
	name := wp.names[call]
	fr := vm.WindowFrame{Rows: fc.Type == ast.Rows}
	if fc.Type != ast.Rows && fc.Type != ast.Ranges {
		return fr, errNotSupported("GROUPS frames")
	}
	if fc.Extent.Start.UnBounded && fc.Extent.Start.Type == ast.Following {
		return fr, errorf(CodeGeneric, "window '%s': frame start cannot be UNBOUNDED FOLLOWING", name)
	}
	if fc.Extent.End.UnBounded && fc.Extent.End.Type == ast.Preceding {
		return fr, errorf(CodeGeneric, "window '%s': frame end cannot be UNBOUNDED PRECEDING", name)
	}
	hasOffset, hasInterval := false, false
	for i, fb := range []*ast.FrameBound{&fc.Extent.Start, &fc.Extent.End} {
		var b vm.FrameBound
		switch {
		case fb.Type == ast.CurrentRow:
			b.Kind = vm.CurrentRow
		case fb.UnBounded && fb.Type == ast.Preceding:
			b.Kind = vm.UnboundedPreceding
		case fb.UnBounded:
			b.Kind = vm.UnboundedFollowing
		default:
			b.Kind = vm.Following
			if fb.Type == ast.Preceding {
				b.Kind = vm.Preceding
			}
			if fb.Unit != ast.TimeUnitInvalid {
				if fr.Rows {
					return fr, errorf(CodeGeneric, "window '%s': INTERVAL can only be used with RANGE frames", name)
				}
				switch u := fb.Unit.String(); u {
				case "MICROSECOND", "SECOND", "MINUTE", "HOUR", "DAY", "WEEK", "MONTH", "QUARTER", "YEAR":
					b.Unit = u
				default:
					return fr, errNotSupported("INTERVAL " + u + " as a frame bound")
				}
				hasInterval = true
			}
			v, err := frameOffset(fb.Expr, fr.Rows || b.Unit != "", name)
			if err != nil {
				return fr, err
			}
			b.Offset = v
			hasOffset = true
		}
		if i == 0 {
			fr.Start = b
		} else {
			fr.End = b
		}
	}
	if hasOffset && !fr.Rows {
		// The key's type is known for a column; other keys are
		// computed with as they come.
		items := orderItems(call.Spec.OrderBy)
		var t vm.ColType
		if len(items) == 1 {
			if cn, ok := unparen(items[0].Expr).(*ast.ColumnNameExpr); ok {
				if r, err := (&compiler{}).lookup(wp.sc, cn.Name); err == nil {
					t = r.typ()
				}
			}
		}
		switch {
		case len(items) != 1 || t.IsString() || t.IsBinary():
			return fr, errorf(CodeGeneric, "window '%s' with RANGE N PRECEDING/FOLLOWING frame requires exactly one ORDER BY expression, of numeric or temporal type", name)
		case t.IsTemporal() && !hasInterval:
			return fr, errorf(CodeGeneric, "window '%s' with RANGE frame has ORDER BY expression of datetime type. Only INTERVAL bound value allowed", name)
		case t.Base != vm.BaseUnknown && !t.IsTemporal() && hasInterval:
			return fr, errorf(CodeGeneric, "window '%s' with RANGE frame has ORDER BY expression of numeric type, INTERVAL bound value not allowed", name)
		}
	}
	return fr, nil
}

// frameOffset checks a frame bound's offset: a constant, a non-negative
// integer for ROWS, a non-negative number for RANGE.
func frameOffset(e ast.ExprNode, rows bool, name string) (vm.Value, error) {
	bad := errorf(CodeGeneric, "window '%s': frame start or end is negative, NULL or of non-integral type", name)
	if _, ok := unparen(e).(*test_driver.ParamMarkerExpr); ok {
		return vm.Value{}, errNotSupported("parameters as frame bounds")
	}
	ve, ok := unparen(e).(*test_driver.ValueExpr)
	if !ok {
		return vm.Value{}, errorf(CodeGeneric, "window '%s' has a non-constant frame bound", name)
	}
	v, err := constValue(ve)
	if err != nil {
		return vm.Value{}, err
	}
	switch v.Kind() {
	case vm.KindInt:
		if v.AsInt() < 0 {
			return v, bad
		}
	case vm.KindUint:
	case vm.KindFloat, vm.KindDecimal:
		if rows || v.AsFloat() < 0 {
			return v, bad
		}
	default:
		return v, bad
	}
	return v, nil
}

// open emits the window buffer's OpenWindow; its spec is filled in when
// the feed is compiled.
func (wp *windowPlan) open(c *compiler) {
	wp.cursor = c.cursor()
	wp.spec = &vm.WindowSpec{}
	c.emit(vm.OpOpenWindow, wp.cursor, 0, 0, wp.spec, "window functions")
}

// collect assigns buffer columns: the window-free parts of the output
// expressions, then each call's arguments and keys, then the results.
func (wp *windowPlan) collect(c *compiler, out *outputPlan) error {
	if wp.collected {
		return nil
	}
	wp.collected = true
	ic := &inputCollector{c: c, wp: wp}
	for _, f := range out.fields {
		if f.gen == nil {
			ic.visit(f.expr)
		}
	}
	for i := range out.keyExpr {
		if out.keyOut[i] < 0 {
			out.keyExpr[i] = out.substAliases(out.keyExpr[i])
			ic.visit(out.keyExpr[i])
		}
	}
	if ic.err != nil {
		return ic.err
	}
	type sortKey struct {
		key string
		idx int
	}
	var sorts []sortKey
	var funcs [][]*ast.WindowFuncExpr
	for _, call := range wp.calls {
		for _, a := range call.Args {
			wp.input(a)
		}
		var b strings.Builder
		for _, item := range partItems(call.Spec.PartitionBy) {
			wp.input(item.Expr)
			_ = restoreExpr(item.Expr, &b)
			b.WriteString(",")
		}
		b.WriteString("|")
		for _, item := range orderItems(call.Spec.OrderBy) {
			wp.input(item.Expr)
			_ = restoreExpr(item.Expr, &b)
			if item.Desc {
				b.WriteString(" DESC")
			}
			b.WriteString(",")
		}
		idx := -1
		for _, s := range sorts {
			if s.key == b.String() {
				idx = s.idx
			}
		}
		if idx < 0 {
			idx = len(funcs)
			sorts = append(sorts, sortKey{b.String(), idx})
			funcs = append(funcs, nil)
		}
		funcs[idx] = append(funcs[idx], call)
	}
	wp.spec.Width = len(wp.inputs)
	out0 := len(wp.inputs)
	for _, group := range funcs {
		first := group[0]
		var ws vm.WindowSort
		for _, item := range partItems(first.Spec.PartitionBy) {
			ws.Part = append(ws.Part, wp.col[item.Expr])
		}
		for _, item := range orderItems(first.Spec.OrderBy) {
			ws.Order = append(ws.Order, wp.col[item.Expr])
			ws.Desc = append(ws.Desc, item.Desc)
		}
		for _, call := range group {
			fr, err := wp.frame(call)
			if err != nil {
				return err
			}
			f := vm.WindowFunc{Name: strings.ToLower(call.Name), Frame: fr, Out: out0}
			wp.col[call] = out0
			out0++
			args := call.Args
			if f.Name == ast.AggFuncCount && len(args) == 1 && isStar(args[0]) {
				f.Name, args = vm.AggCountStar, nil
			}
			for _, a := range args {
				f.Args = append(f.Args, wp.col[a])
			}
			if err := checkWindowArgs(f.Name, len(args)); err != nil {
				return err
			}
			ws.Funcs = append(ws.Funcs, f)
		}
		wp.spec.Sorts = append(wp.spec.Sorts, ws)
	}
	return nil
}

// checkWindowArgs checks a window function's argument count (the parser
// accepts any count for some).
func checkWindowArgs(name string, n int) error {
	lo, hi := 1, 1
	switch name {
	case vm.WinRowNumber, vm.WinRank, vm.WinDenseRank, vm.WinPercentRank, vm.WinCumeDist, vm.AggCountStar:
		lo, hi = 0, 0
	case vm.WinLag, vm.WinLead:
		lo, hi = 1, 3
	case vm.WinNthValue:
		lo, hi = 2, 2
	case ast.AggFuncCount:
		hi = 1 << 10
	}
	if n < lo || n > hi {
		return errorf(CodeMismatch, "incorrect parameter count in the call to native function '%s'", name)
	}
	if _, err := vm.NewAggregate(name, false); err != nil && !isWindowOnly(name) {
		return errNotSupported(name + " as a window function")
	}
	return nil
}

func isWindowOnly(name string) bool {
	switch name {
	case vm.WinRowNumber, vm.WinRank, vm.WinDenseRank, vm.WinPercentRank, vm.WinCumeDist,
		vm.WinNtile, vm.WinLag, vm.WinLead, vm.WinFirstValue, vm.WinLastValue, vm.WinNthValue:
		return true
	}
	return false
}

// input makes e a fed column (once per node).
func (wp *windowPlan) input(e ast.ExprNode) {
	if _, ok := wp.col[e]; ok {
		return
	}
	wp.col[e] = len(wp.inputs)
	wp.inputs = append(wp.inputs, e)
}

// inputCollector makes every maximal window-free subexpression an input.
type inputCollector struct {
	c   *compiler
	wp  *windowPlan
	err error
}

func (ic *inputCollector) visit(e ast.ExprNode) {
	if e == nil || ic.err != nil {
		return
	}
	if findWindow(e) == nil {
		ic.wp.input(e)
		if cn, ok := unparen(e).(*ast.ColumnNameExpr); ok {
			if r, err := ic.c.lookup(ic.wp.sc, cn.Name); err == nil && r.sc == ic.wp.sc {
				if _, ok := ic.wp.cols[colKey{r.src, r.col}]; !ok {
					ic.wp.cols[colKey{r.src, r.col}] = ic.wp.col[e]
				}
			}
		}
		return
	}
	if _, ok := e.(*ast.WindowFuncExpr); ok {
		return // its arguments and keys are added with the call
	}
	// A node holding a window function: visit its direct children.
	e.Accept(&childVisitor{root: e, f: ic.visit})
}

// childVisitor calls f on the direct expression children of root.
type childVisitor struct {
	root ast.Node
	f    func(ast.ExprNode)
}

func (v *childVisitor) Enter(n ast.Node) (ast.Node, bool) {
	if n == v.root {
		return n, false
	}
	if e, ok := n.(ast.ExprNode); ok {
		v.f(e)
		return n, true
	}
	return n, false
}

func (v *childVisitor) Leave(n ast.Node) (ast.Node, bool) { return n, true }

// feed emits the code that writes the current row's inputs to the buffer
// (in place of the output plan's row).
func (wp *windowPlan) feed(c *compiler, out *outputPlan) error {
	if err := wp.collect(c, out); err != nil {
		return err
	}
	if wp.fed {
		return errorf(CodeGeneric, "internal error: window rows fed twice")
	}
	wp.fed = true
	base := c.regs(len(wp.inputs) + 1)
	for i, e := range wp.inputs {
		if err := c.exprTo(wp.sc, e, base+i); err != nil {
			return err
		}
	}
	c.emit(vm.OpIdxInsert, wp.cursor, base, len(wp.inputs), nil, "to window buffer")
	return nil
}

// emitOutput computes the windows and runs each buffered row through the
// output plan.
func (wp *windowPlan) emitOutput(c *compiler, out *outputPlan) error {
	if err := wp.collect(c, out); err != nil {
		return err
	}
	done := c.newLabel()
	c.emit(vm.OpWindow, wp.cursor, 0, 0, nil, "")
	c.emit(vm.OpRewind, wp.cursor, done, 0, nil, "")
	top := c.addr()
	wp.output = true
	out.having = nil // tested before the rows were fed
	if err := out.row(c); err != nil {
		return err
	}
	c.emit(vm.OpNext, wp.cursor, top, 0, nil, "")
	c.place(done)
	return nil
}

// readInput emits a read of e's buffer column when e was fed (true).
func (wp *windowPlan) readInput(c *compiler, e ast.Node, target int) bool {
	col, ok := wp.col[e]
	if !ok {
		return false
	}
	c.emit(vm.OpColumn, wp.cursor, col, target, nil, "")
	return true
}

// windowType is the result type of a select-list item that is a window
// call, as MySQL reports it: BIGINT for counts and ranks, DOUBLE for
// PERCENT_RANK and CUME_DIST, the argument's type for the functions that
// return a row's value when the argument is a column.
func (c *compiler) windowType(sc *scope, e ast.ExprNode) (vm.ColType, bool) {
	w, ok := unparen(e).(*ast.WindowFuncExpr)
	if !ok {
		return vm.ColType{}, false
	}
	switch strings.ToLower(w.Name) {
	case vm.WinRowNumber, vm.WinRank, vm.WinDenseRank, vm.WinNtile, ast.AggFuncCount:
		return vm.ColType{Base: vm.BaseBigInt, Length: -1}, true
	case vm.WinPercentRank, vm.WinCumeDist:
		return vm.ColType{Base: vm.BaseDouble, Length: -1}, true
	case vm.WinLag, vm.WinLead, vm.WinFirstValue, vm.WinLastValue, vm.WinNthValue, ast.AggFuncMin, ast.AggFuncMax:
		if len(w.Args) > 0 && (len(w.Args) < 3 || isNullLiteral(w.Args[2])) {
			if cn, ok := unparen(w.Args[0]).(*ast.ColumnNameExpr); ok {
				if r, err := c.lookup(sc, cn.Name); err == nil {
					return r.typ(), true
				}
			}
		}
	}
	return vm.ColType{}, false
}

func isNullLiteral(e ast.ExprNode) bool {
	v, ok := unparen(e).(*test_driver.ValueExpr)
	return ok && v.Kind() == test_driver.KindNull
}
