package sql

import (
	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/pingcap/tidb/pkg/parser/mysql"

	"github.com/walrusdb/walrus/vm"
)

// keywordArg is the constant a keyword argument of a function call
// compiles to. TiDB's parser passes DATE_ADD(d, INTERVAL n DAY),
// d + INTERVAL n DAY, ADDDATE(d, n), TIMESTAMPDIFF(DAY, a, b) and
// EXTRACT(DAY FROM d) with the unit as a TimeUnitExpr, which the vm date
// functions take as its name ('DAY', 'HOUR_MINUTE'); TRIM(LEADING r FROM s)
// passes the direction as a TrimDirectionExpr, which the vm TRIM takes as
// the parser's number (1 both, 2 leading, 3 trailing; 0 the default,
// both).
func keywordArg(e ast.ExprNode) vm.Value {
	switch n := e.(type) {
	case *ast.TimeUnitExpr:
		return vm.Text(n.Unit.String())
	case *ast.TrimDirectionExpr:
		return vm.Int(int64(n.Direction))
	}
	return vm.Null()
}

// specialFunc compiles the function calls that need more than the vm
// registry: LAST_INSERT_ID() and ROW_COUNT() read the session
// (lastresult.go); JSON_OBJECT and JSON_ARRAY learn which arguments are
// of JSON type. ok is false for other names.
func (c *compiler) specialFunc(sc *scope, n *ast.FuncCallExpr, target int) (ok bool, err error) {
	switch n.FnName.L {
	case "last_insert_id", "row_count":
		return c.lastResultFunc(sc, n, target)
	case "json_object", "json_array":
		def := vm.JSONObject
		if n.FnName.L == "json_array" {
			def = vm.JSONArray
		}
		mask := make([]byte, len(n.Args))
		for i, a := range n.Args {
			mask[i] = '0'
			if c.isJSONExpr(sc, a) {
				mask[i] = '1'
			}
		}
		first := c.regs(len(n.Args) + 1)
		c.emitConst(vm.Text(string(mask)), first)
		for i, a := range n.Args {
			if err := c.exprTo(sc, a, first+1+i); err != nil {
				return true, err
			}
		}
		c.emit(vm.OpFunction, first, len(n.Args)+1, target, def, "")
		return true, nil
	}
	return false, nil
}

// jsonFuncs are the functions whose result has JSON type.
var jsonFuncs = map[string]bool{"json_object": true, "json_array": true, "json_extract": true}

// isJSONExpr reports whether e has JSON type, so that JSON_OBJECT and
// JSON_ARRAY embed its value instead of quoting it as a string: a JSON
// column, CAST(... AS JSON) or a JSON function's result.
func (c *compiler) isJSONExpr(sc *scope, e ast.ExprNode) bool {
	switch n := unparen(e).(type) {
	case *ast.FuncCallExpr:
		return jsonFuncs[n.FnName.L]
	case *ast.FuncCastExpr:
		return n.Tp != nil && n.Tp.GetType() == mysql.TypeJSON
	case *ast.ColumnNameExpr:
		if r, err := c.lookup(sc, n.Name); err == nil {
			return r.typ().Base == vm.BaseJSON
		}
	}
	return false
}
