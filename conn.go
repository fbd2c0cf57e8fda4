package walrus

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"strings"

	wsql "github.com/walrusdb/walrus/sql"
	"github.com/walrusdb/walrus/vm"
)

// conn is one connection: one engine connection plus the driver's state.
// database/sql serialises calls on a connection, so conn has no lock.
type conn struct {
	connector *connector
	ec        *wsql.Conn
	closed    bool
	tx        *tx // the transaction begun through database/sql, if any
	openRows  int // Rows of this connection not yet closed (D8)
}

var (
	_ driver.Conn               = (*conn)(nil)
	_ driver.ConnBeginTx        = (*conn)(nil)
	_ driver.ConnPrepareContext = (*conn)(nil)
	_ driver.ExecerContext      = (*conn)(nil)
	_ driver.QueryerContext     = (*conn)(nil)
	_ driver.Pinger             = (*conn)(nil)
	_ driver.SessionResetter    = (*conn)(nil)
	_ driver.Validator          = (*conn)(nil)
	_ driver.NamedValueChecker  = (*conn)(nil)
)

func (c *conn) Close() error {
	if c.closed {
		return nil
	}
	c.closed = true
	return convertError(nil, c.ec.Close())
}

func (c *conn) Ping(ctx context.Context) error {
	if c.closed {
		return driver.ErrBadConn
	}
	return ctx.Err()
}

// ResetSession is called before a pooled connection is reused. It keeps a
// transaction begun with an SQL BEGIN (a pool of one connection may rely on
// that); database/sql closes Rows before returning a connection.
func (c *conn) ResetSession(ctx context.Context) error {
	if c.closed {
		return driver.ErrBadConn
	}
	return nil
}

func (c *conn) IsValid() bool { return !c.closed }

// CheckNamedValue converts each argument to an engine value (see
// toValue); named arguments are refused as MySQL has only '?'.
func (c *conn) CheckNamedValue(nv *driver.NamedValue) error {
	if nv.Name != "" {
		return errorf(CodeMisuse, "named argument %q: walrus has only positional ? parameters", nv.Name)
	}
	v, err := toValue(nv.Value)
	if err != nil {
		return err
	}
	nv.Value = v
	return nil
}

func (c *conn) Prepare(query string) (driver.Stmt, error) {
	return c.PrepareContext(context.Background(), query)
}

// PrepareContext prepares exactly one statement.
func (c *conn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	if c.closed {
		return nil, driver.ErrBadConn
	}
	st, tail, err := c.ec.Prepare(ctx, query)
	if err != nil {
		return nil, c.convert(ctx, err)
	}
	if st == nil {
		return nil, errorf(CodeMisuse, "Prepare: the query holds no statement")
	}
	if !isBlank(tail) {
		st.Close()
		return nil, errorf(CodeMisuse, "Prepare: the query holds more than one statement; run scripts with Exec")
	}
	return &stmt{c: c, st: st}, nil
}

// ExecContext runs every statement of query in order (D4), giving each
// the next NumInput() arguments. The result is the last statement's.
func (c *conn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	if c.closed {
		return nil, driver.ErrBadConn
	}
	vals, err := namedValues(args)
	if err != nil {
		return nil, err
	}
	var res driver.Result = result{}
	used := 0
	first := true
	for !isBlank(query) {
		st, tail, err := c.ec.Prepare(ctx, query)
		if err != nil {
			return nil, c.convert(ctx, err)
		}
		if st == nil {
			break
		}
		n := st.NumInput()
		last := isBlank(tail)
		if first && !last && len(vals) > 0 {
			// Check the argument count of all statements before any runs.
			// A single statement's is checked below: counting would parse
			// it a second time.
			if total, ok := wsql.CountParams(query); ok && total != len(vals) {
				st.Close()
				return nil, errorf(CodeMismatch, "%d arguments given, the statements use %d", len(vals), total)
			}
		}
		first = false
		if used+n > len(vals) || (last && used+n != len(vals)) {
			st.Close()
			more := " or more"
			if last {
				more = ""
			}
			return nil, errorf(CodeMismatch, "%d arguments given, the statements use %d%s", len(vals), used+n, more)
		}
		r, err := c.exec(ctx, st, vals[used:used+n])
		st.Close()
		if err != nil {
			return nil, err
		}
		used += n
		res = r
		query = tail
	}
	if used != len(vals) {
		return nil, errorf(CodeMismatch, "%d arguments given, the statements use %d", len(vals), used)
	}
	return res, nil
}

// execOne runs a query that must be exactly one statement without
// arguments (the DSN's PRAGMAs: a value cannot smuggle in a second one).
func (c *conn) execOne(ctx context.Context, query string) error {
	st, tail, err := c.ec.Prepare(ctx, query)
	if err != nil {
		return c.convert(ctx, err)
	}
	if st == nil || !isBlank(tail) {
		if st != nil {
			st.Close()
		}
		return errorf(CodeMisuse, "%q is not one statement", query)
	}
	defer st.Close()
	_, err = c.exec(ctx, st, nil)
	return err
}

// exec runs one prepared statement.
func (c *conn) exec(ctx context.Context, st *wsql.Stmt, vals []vm.Value) (driver.Result, error) {
	if err := c.checkWrite(st); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	r, err := st.Exec(ctx, vals)
	if err != nil {
		return nil, c.convert(ctx, err)
	}
	return result{lastInsertID: r.LastInsertID, rowsAffected: r.RowsAffected}, nil
}

// checkWrite refuses a statement that may write while a Rows of this
// connection is open (D8) or inside a read-only transaction (D5).
func (c *conn) checkWrite(st *wsql.Stmt) error {
	if st.ReadOnly() {
		return nil
	}
	if c.openRows > 0 {
		return errorf(CodeMisuse, "%d Rows still open on this connection: close them (rows.Close) before writing", c.openRows)
	}
	if c.tx != nil && c.tx.readOnly {
		return errorf(CodeReadOnly, "write in a read-only transaction")
	}
	return nil
}

// QueryContext runs a query that must be exactly one statement.
func (c *conn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	if c.closed {
		return nil, driver.ErrBadConn
	}
	vals, err := namedValues(args)
	if err != nil {
		return nil, err
	}
	st, tail, err := c.ec.Prepare(ctx, query)
	if err != nil {
		return nil, c.convert(ctx, err)
	}
	if st == nil {
		return nil, errorf(CodeMisuse, "Query: the query holds no statement")
	}
	if !isBlank(tail) {
		st.Close()
		return nil, errorf(CodeMisuse, "Query: the query holds more than one statement; run scripts with Exec")
	}
	r, err := c.query(ctx, st, vals)
	if err != nil {
		st.Close()
		return nil, err
	}
	r.ownStmt = true
	return r, nil
}

// query starts a prepared statement and returns its Rows.
func (c *conn) query(ctx context.Context, st *wsql.Stmt, vals []vm.Value) (*rows, error) {
	if n := st.NumInput(); n != len(vals) {
		return nil, errorf(CodeMismatch, "the statement takes %d arguments, %d given", n, len(vals))
	}
	if err := c.checkWrite(st); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	er, err := st.Query(ctx, vals)
	if err != nil {
		return nil, c.convert(ctx, err)
	}
	r := &rows{c: c, ctx: ctx, st: st, er: er, cols: er.Columns()}
	c.openRows++
	c.connector.openRows.Add(1)
	return r, nil
}

// convert is convertError plus a hint when the database is busy while
// Rows of other connections of this pool hold read locks (D9).
func (c *conn) convert(ctx context.Context, err error) error {
	err = convertError(ctx, err)
	if e, ok := err.(*Error); ok && e.Code == CodeBusy {
		if others := c.connector.openRows.Load() - int64(c.openRows); others > 0 {
			e.Msg += fmt.Sprintf(" (%d Rows of other connections of this pool are still open; close them)", others)
		}
	}
	return err
}

func (c *conn) Begin() (driver.Tx, error) {
	return c.BeginTx(context.Background(), driver.TxOptions{})
}

// BeginTx starts a transaction (D5): all transactions are serializable, so
// the levels that serializable satisfies and that callers commonly ask
// for are accepted and the others refused.
func (c *conn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	if c.closed {
		return nil, driver.ErrBadConn
	}
	switch sql.IsolationLevel(opts.Isolation) {
	case sql.LevelDefault, sql.LevelReadCommitted, sql.LevelRepeatableRead, sql.LevelSerializable:
	default:
		return nil, errorf(CodeMisuse, "isolation level %s is not supported: walrus transactions are serializable", sql.IsolationLevel(opts.Isolation))
	}
	mode := wsql.TxDeferred
	if !opts.ReadOnly {
		switch c.connector.cfg.txlock {
		case txImmediate:
			mode = wsql.TxImmediate
		case txExclusive:
			mode = wsql.TxExclusive
		}
	}
	if err := c.ec.Begin(ctx, mode, opts.ReadOnly); err != nil {
		return nil, c.convert(ctx, err)
	}
	c.tx = &tx{c: c, readOnly: opts.ReadOnly}
	return c.tx, nil
}

// result is a driver.Result.
type result struct {
	lastInsertID int64
	rowsAffected int64
}

func (r result) LastInsertId() (int64, error) { return r.lastInsertID, nil }
func (r result) RowsAffected() (int64, error) { return r.rowsAffected, nil }

// isBlank reports whether s holds no statement: only white space,
// semicolons and comments (-- , #, /* */, but not MySQL's executable
// /*!...*/, which mariadb-dump ends its dumps with).
func isBlank(s string) bool {
	for s != "" {
		switch {
		case strings.ContainsRune(" \t\n\r\f\v;", rune(s[0])):
			s = s[1:]
		case s[0] == '#' || strings.HasPrefix(s, "--"):
			_, rest, ok := strings.Cut(s, "\n")
			if !ok {
				return true
			}
			s = rest
		case strings.HasPrefix(s, "/*") && !strings.HasPrefix(s, "/*!"): // /*!...*/ is MySQL code
			_, rest, ok := strings.Cut(s[2:], "*/")
			if !ok {
				return false // unterminated: let the engine report it
			}
			s = rest
		default:
			return false
		}
	}
	return true
}

// IOStats returns the cumulative pages read, pages written and syncs of
// the connection's database file. The shell's .stats reaches it through
// database/sql's Conn.Raw; the signature is its contract.
func (c *conn) IOStats() (pagesRead, pagesWritten, syncs int64) {
	st := c.ec.IOStats()
	return int64(st.PagesRead), int64(st.PagesWritten), int64(st.Syncs)
}
