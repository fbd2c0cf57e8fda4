package sql

import (
	"strings"

	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/pingcap/tidb/pkg/parser/mysql"
	"github.com/pingcap/tidb/pkg/parser/test_driver"
	"github.com/walrusdb/walrus/vm"
)

// ENUM and SET columns: the value layer stores the member index or bit
// mask (vm/enum.go); this file holds what the compiler adds.

// enumDefault checks a literal DEFAULT of an ENUM or SET column (MySQL's
// 1067 for a value that is no member) and gives a NOT NULL ENUM without
// DEFAULT its first member, MySQL's implicit default (a NOT NULL SET has
// none in strict mode: leaving it out is an error, as in MariaDB).
func enumDefault(col *tableColumn) error {
	if !col.Type.IsEnum() {
		return nil
	}
	if ve, ok := col.Default.(*test_driver.ValueExpr); ok {
		if v, err := constValue(ve); err == nil && !v.IsNull() {
			if _, err := vm.ToStorage(v, col.Type); err != nil {
				return &Error{Code: CodeGeneric, Msg: "Invalid default value for '" + col.Name + "'", Err: err}
			}
		}
	}
	if col.Type.Base == vm.BaseEnum && col.NotNull && col.Default == nil {
		col.Default = ast.NewValueExpr(col.Type.Members()[0], "", "")
		col.ImplicitDefault = true
	}
	return nil
}

// explicitDefault is the DEFAULT the column's DDL wrote (nil for none).
func explicitDefault(col *tableColumn) ast.ExprNode {
	if col.ImplicitDefault {
		return nil
	}
	return col.Default
}

// enumColumnType is COLUMN_TYPE and SHOW CREATE TABLE's type of an ENUM
// or SET: the keyword in lower case, the members as written.
func enumColumnType(ct vm.ColType) string {
	s := ct.SQL()
	i := strings.IndexByte(s, '(')
	return strings.ToLower(s[:i]) + s[i:]
}

// enumSortKey reports whether ORDER BY expression e is an ENUM or SET
// column, which MySQL sorts by index or mask, not by its text.
func (c *compiler) enumSortKey(sc *scope, e ast.ExprNode) bool {
	cn, ok := unparen(e).(*ast.ColumnNameExpr)
	if !ok {
		return false
	}
	r, err := c.lookup(sc, cn.Name)
	return err == nil && r.typ().IsEnum()
}

// sortOrdinal replaces the ENUM/SET value in reg by its index or mask.
func (c *compiler) sortOrdinal(reg int) {
	c.emit(vm.OpCast, reg, reg, 0, vm.ColType{Base: vm.BaseBigInt, Unsigned: true, Length: -1}, "ENUM order")
}

// columnTypeError wraps ColTypeFromField's error for column cd: a bad
// ENUM/SET member list is the definition's fault (MySQL's 1291, 1367);
// any other type walrus lacks is CodeNotSupported.
func columnTypeError(cd *ast.ColumnDef, err error) error {
	if tp := cd.Tp.GetType(); tp == mysql.TypeEnum || tp == mysql.TypeSet {
		return &Error{Code: CodeGeneric, Msg: "column '" + cd.Name.Name.O + "': " + err.Error(), Err: err}
	}
	return &Error{Code: CodeNotSupported, Msg: err.Error(), Err: err}
}

// unionTypes is the type of a set operation's result columns: an ENUM or
// SET column's values are strings there (MySQL's UNION gives VARCHAR), so
// the result sorts by text.
func unionTypes(ts []vm.ColType) []vm.ColType {
	var out []vm.ColType
	for i, t := range ts {
		if t.IsEnum() {
			if out == nil {
				out = append([]vm.ColType(nil), ts...)
			}
			out[i] = vm.ColType{Base: vm.BaseVarchar, Length: t.MaxMemberLength()}
		}
	}
	if out == nil {
		return ts
	}
	return out
}
