package walrus

import (
	"context"
	"database/sql/driver"

	wsql "github.com/walrusdb/walrus/sql"
)

// stmt is a prepared statement of one connection.
type stmt struct {
	c  *conn
	st *wsql.Stmt
}

var (
	_ driver.Stmt              = (*stmt)(nil)
	_ driver.StmtExecContext   = (*stmt)(nil)
	_ driver.StmtQueryContext  = (*stmt)(nil)
	_ driver.NamedValueChecker = (*stmt)(nil)
)

func (s *stmt) Close() error  { return convertError(nil, s.st.Close()) }
func (s *stmt) NumInput() int { return s.st.NumInput() }

func (s *stmt) CheckNamedValue(nv *driver.NamedValue) error { return s.c.CheckNamedValue(nv) }

func (s *stmt) Exec(args []driver.Value) (driver.Result, error) {
	return s.ExecContext(context.Background(), valuesToNamed(args))
}

func (s *stmt) Query(args []driver.Value) (driver.Rows, error) {
	return s.QueryContext(context.Background(), valuesToNamed(args))
}

func (s *stmt) ExecContext(ctx context.Context, args []driver.NamedValue) (driver.Result, error) {
	if s.c.closed {
		return nil, driver.ErrBadConn
	}
	vals, err := namedValues(args)
	if err != nil {
		return nil, err
	}
	if n := s.st.NumInput(); n != len(vals) {
		return nil, errorf(CodeMismatch, "the statement takes %d arguments, %d given", n, len(vals))
	}
	return s.c.exec(ctx, s.st, vals)
}

func (s *stmt) QueryContext(ctx context.Context, args []driver.NamedValue) (driver.Rows, error) {
	if s.c.closed {
		return nil, driver.ErrBadConn
	}
	vals, err := namedValues(args)
	if err != nil {
		return nil, err
	}
	return s.c.query(ctx, s.st, vals)
}

func valuesToNamed(args []driver.Value) []driver.NamedValue {
	nv := make([]driver.NamedValue, len(args))
	for i, a := range args {
		nv[i] = driver.NamedValue{Ordinal: i + 1, Value: a}
	}
	return nv
}
