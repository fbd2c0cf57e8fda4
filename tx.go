package walrus

import "database/sql/driver"

// tx is a transaction begun through database/sql (BeginTx).
type tx struct {
	c        *conn
	readOnly bool
}

var _ driver.Tx = (*tx)(nil)

// Commit commits. database/sql returns the connection to the pool even
// when Commit fails, so a failed commit (CodeBusy, say) rolls back rather
// than leave the transaction open for the connection's next user.
func (t *tx) Commit() error {
	t.c.tx = nil
	err := t.c.ec.Commit()
	if err != nil && t.c.ec.InTransaction() {
		t.c.ec.Rollback()
	}
	return t.c.convert(nil, err)
}

func (t *tx) Rollback() error {
	t.c.tx = nil
	return t.c.convert(nil, t.c.ec.Rollback())
}
