package sql

import (
	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/pingcap/tidb/pkg/parser/opcode"
	"github.com/walrusdb/walrus/vm"
)

// Dates and times in numeric context. walrus keeps DATE, DATETIME,
// TIMESTAMP and TIME values as text, so '2024-01-02' + 0 would read the
// text's leading number (2024); MySQL makes a temporal value the number
// YYYYMMDD, YYYYMMDDhhmmss[.ffffff] or hhmmss[.ffffff] (NOW() + 0,
// date_col * 1). The compiler knows an operand is temporal when it is a
// column of such a type, a CAST to one, or a function that returns one,
// and converts it (vm.TemporalNumber) before arithmetic. A string literal
// stays a string: '2024-01-02' + 0 is 2024 in MySQL too.

var temporalNumberDef = &vm.FuncDef{Name: "temporal_number", MinArgs: 1, MaxArgs: 1, Deterministic: true,
	Fn: func(a []vm.Value) (vm.Value, error) { return vm.TemporalNumber(a[0]), nil }}

// temporalFuncs are the functions whose result is always a DATE, DATETIME
// or TIME.
var temporalFuncs = map[string]bool{
	"now": true, "current_timestamp": true, "sysdate": true, "localtime": true, "localtimestamp": true,
	"utc_timestamp": true, "curdate": true, "current_date": true, "utc_date": true, "curtime": true,
	"current_time": true, "utc_time": true, "date": true, "timestamp": true, "makedate": true,
	"maketime": true, "sec_to_time": true, "last_day": true, "from_days": true, "timediff": true,
}

// isArithOp reports whether op computes a number from its operands.
func isArithOp(op opcode.Op) bool {
	switch op {
	case opcode.Plus, opcode.Minus, opcode.Mul, opcode.Div, opcode.IntDiv, opcode.Mod:
		return true
	}
	return false
}

// isTemporal reports whether e's value is a DATE, DATETIME, TIMESTAMP or
// TIME, as far as the compiler can tell.
func (c *compiler) isTemporal(sc *scope, e ast.ExprNode) bool {
	switch n := unparen(e).(type) {
	case *ast.ColumnNameExpr:
		r, err := c.lookup(sc, n.Name)
		return err == nil && temporalType(r.typ())
	case *ast.FuncCastExpr:
		t, err := vm.ColTypeFromField(n.Tp)
		return err == nil && temporalType(t)
	case *ast.FuncCallExpr:
		switch n.FnName.L {
		case "from_unixtime":
			return len(n.Args) == 1
		case "date_add", "date_sub", "adddate", "subdate", "addtime", "subtime":
			// The type follows the first argument's (a string gives a string).
			return len(n.Args) > 0 && c.isTemporal(sc, n.Args[0])
		}
		return temporalFuncs[n.FnName.L]
	}
	return false
}

func temporalType(t vm.ColType) bool {
	switch t.Base {
	case vm.BaseDate, vm.BaseDatetime, vm.BaseTimestamp, vm.BaseTime:
		return true
	}
	return false
}

// temporalOperand converts register r, holding e's value, to a number when
// e is temporal.
func (c *compiler) temporalOperand(sc *scope, e ast.ExprNode, r int) {
	if c.isTemporal(sc, e) {
		c.emit(vm.OpFunction, r, 1, r, temporalNumberDef, temporalNumberDef.Name)
	}
}
