package sql

import "github.com/walrusdb/walrus/vm"

// rowChanged emits code that sets register target to 1 when any of the n
// registers from rec differs from the one at old (NULL-safe), else 0.
// UPDATE counts a row as affected only when it changed: MySQL's default
// (the client flag CLIENT_FOUND_ROWS off), which ROW_COUNT() and the
// drivers' RowsAffected report.
func (c *compiler) rowChanged(old, rec, n, target int) {
	same := c.reg()
	c.emit(vm.OpInteger, 0, target, 0, nil, "")
	for i := range n {
		c.emit(vm.OpNullEq, old+i, rec+i, same, nil, "")
		c.emit(vm.OpNot, same, same, 0, nil, "")
		c.emit(vm.OpOr, target, same, target, nil, "")
	}
}
