package sql

import (
	"context"
	"errors"

	"github.com/walrusdb/walrus/btree"
	"github.com/walrusdb/walrus/internal/vfs"
	"github.com/walrusdb/walrus/pager"
	"github.com/walrusdb/walrus/vm"
)

// OpenOptions configure Open.
type OpenOptions struct {
	ReadOnly bool
	// Create allows creating a missing file.
	Create bool
	Pager  pager.Options
	// VacuumFS is the file system VACUUM INTO writes its file to; nil
	// means the database's own. The driver gives an in-memory database the
	// OS one, so that VACUUM INTO saves it to disk as in SQLite.
	VacuumFS vfs.FS
}

// Conn is one connection to a database file (S1). Many Conns may open one
// file; they coordinate through the file's locks. A Conn is not safe for
// concurrent use.
type Conn struct {
	fs   vfs.FS
	path string
	p    *pager.Pager
	bt   *btree.File
	sch  *schema
	opts OpenOptions
	// parsed are the schema's statements as the last load parsed them
	// (schemacache.go).
	parsed ddlParses

	inTx   bool // inside BEGIN ... COMMIT
	txMode TxMode
	// txReadOnly: the transaction was started READ ONLY; writes fail.
	txReadOnly bool
	// savepoints are the open SQL savepoints, oldest first (savepoint.go).
	savepoints []string
	readOpen   bool
	writeOpen  bool
	active     int // statements between stmtBegin and stmtEnd
	// stmtSavepoint: the running autocommit write opened a statement
	// savepoint because other statements were reading (stmtBegin).
	stmtSavepoint bool
	closed        bool
	sess          *session // SET variables, autocommit (session.go)
	// spillBudget overrides defaultSpillBudget (tests), see tempfiles.go.
	spillBudget int64
	tmp         tempFiles // what temps returns
}

// Open opens a connection to the database at path on fs.
func Open(fs vfs.FS, path string, opts OpenOptions) (*Conn, error) {
	if !opts.Create && !opts.ReadOnly {
		ok, err := fs.Exists(path)
		if err != nil {
			return nil, &Error{Code: CodeGeneric, Msg: err.Error(), Err: err}
		}
		if !ok {
			return nil, &Error{Code: CodeGeneric, Msg: "unable to open database file: " + path, Err: vfs.ErrNotExist}
		}
	}
	po := opts.Pager
	po.ReadOnly = opts.ReadOnly
	p, err := pager.Open(fs, path, po)
	if err != nil {
		return nil, wrapErr(err)
	}
	bt, err := btree.Open(p)
	if err != nil {
		p.Close()
		return nil, wrapErr(err)
	}
	return &Conn{fs: fs, path: path, p: p, bt: bt, opts: opts}, nil
}

// Close closes the connection, rolling back an open transaction.
func (c *Conn) Close() error {
	if c.closed {
		return nil
	}
	c.closed = true
	if c.writeOpen {
		c.bt.Rollback()
	}
	if c.readOpen || c.writeOpen {
		c.bt.EndRead()
	}
	return wrapErr(c.p.Close())
}

// InTransaction reports whether BEGIN has opened a transaction.
func (c *Conn) InTransaction() bool { return c.inTx }

// Begin starts an explicit transaction (BEGIN).
func (c *Conn) Begin(ctx context.Context, mode TxMode, readOnly bool) error {
	if c.inTx {
		return errorf(CodeGeneric, "cannot start a transaction within a transaction")
	}
	c.inTx = true
	c.txMode = mode
	c.txReadOnly = readOnly
	c.savepoints = c.savepoints[:0]
	if mode == TxDeferred || readOnly {
		return nil
	}
	// The read lock without the schema: loading it would read pages, and
	// the pager refuses to wait for RESERVED after reads (P8). openWrite
	// refreshes the schema once the write lock is held.
	if !c.readOpen {
		if err := c.bt.BeginRead(ctx); err != nil {
			c.inTx = false
			return wrapErr(err)
		}
		c.readOpen = true
	}
	if err := c.openWrite(ctx); err != nil {
		c.endTx(false)
		c.inTx = false
		return err
	}
	return nil
}

// Commit ends the explicit transaction, making its changes durable.
func (c *Conn) Commit() error {
	if !c.inTx {
		return errorf(CodeGeneric, "cannot commit - no transaction is active")
	}
	if c.active > 0 && c.writeOpen {
		return errorf(CodeBusy, "cannot commit transaction - SQL statements in progress")
	}
	c.inTx = false
	return c.endTx(true)
}

// Rollback ends the explicit transaction, discarding its changes.
func (c *Conn) Rollback() error {
	if !c.inTx {
		return errorf(CodeGeneric, "cannot rollback - no transaction is active")
	}
	c.inTx = false
	return c.endTx(false)
}

func (c *Conn) openRead(ctx context.Context) error {
	if c.readOpen {
		return nil
	}
	if err := c.bt.BeginRead(ctx); err != nil {
		return wrapErr(err)
	}
	c.readOpen = true
	return c.refreshSchema()
}

func (c *Conn) openWrite(ctx context.Context) error {
	if c.writeOpen {
		return nil
	}
	if c.opts.ReadOnly {
		return errorf(CodeReadOnly, "attempt to write a readonly database")
	}
	if err := c.bt.BeginWrite(ctx, c.txMode == TxExclusive); err != nil {
		return wrapErr(err)
	}
	c.writeOpen = true
	// Another connection may have changed the schema before we locked.
	return c.refreshSchema()
}

// endTx commits or rolls back the write transaction (if any) and ends the
// read transaction.
func (c *Conn) endTx(commit bool) error {
	var err error
	c.savepoints = c.savepoints[:0]
	c.txReadOnly = false
	if c.writeOpen {
		if commit {
			err = c.bt.Commit()
			if err != nil {
				c.bt.Rollback()
				c.sch = nil
			}
		} else {
			err = c.bt.Rollback()
			c.sch = nil // DDL of the transaction is gone
		}
		c.writeOpen = false
	}
	if c.readOpen {
		if e := c.bt.EndRead(); err == nil {
			err = e
		}
		c.readOpen = false
	}
	return wrapErr(err)
}

// refreshSchema reloads the schema when the file's schema cookie changed.
func (c *Conn) refreshSchema() error {
	cookie, err := c.bt.Meta(btree.SchemaCookie)
	if err != nil {
		return wrapErr(err)
	}
	if c.sch != nil && c.sch.cookie == cookie {
		return nil
	}
	sch, err := loadSchema(vm.BtreeStorage{File: c.bt}, cookie, &c.parsed)
	if err != nil {
		return err
	}
	c.sch = sch
	return nil
}

// stmtBegin opens the transaction a statement needs (S2): in autocommit
// mode a read (and write) transaction of its own; inside BEGIN the
// transaction's, with a savepoint so that a failing statement undoes only
// its own changes.
func (c *Conn) stmtBegin(ctx context.Context, write bool) error {
	if c.sess != nil {
		c.sess.last.genSet = false // a failed statement's ids (lastresult.go)
	}
	if err := c.openRead(ctx); err != nil {
		return err
	}
	if write {
		if c.inTx && c.txReadOnly {
			return errorf(CodeReadOnly, "cannot execute statement in a READ ONLY transaction")
		}
		if err := c.openWrite(ctx); err != nil {
			if c.active == 0 && !c.inTx {
				c.endTx(false)
			}
			return err
		}
		// Inside BEGIN, and in autocommit mode while other statements of
		// this connection still read, a failing statement undoes only its
		// own changes: a full rollback would end the readers' scans.
		if c.inTx || c.active > 0 {
			if err := c.bt.Savepoint(c.stmtDepth()); err != nil {
				return wrapErr(err)
			}
			c.stmtSavepoint = !c.inTx
		}
	}
	c.active++
	return nil
}

// stmtBeginNoStorage is stmtBegin for a program that cannot touch the
// file (S9): no transaction; stmtEnd(false, err) ends it.
func (c *Conn) stmtBeginNoStorage() {
	if c.sess != nil {
		c.sess.last.genSet = false
	}
	c.active++
}

// stmtEnd finishes what stmtBegin opened. err is the statement's error.
func (c *Conn) stmtEnd(write bool, err error) error {
	c.active--
	if c.inTx {
		if write && c.writeOpen {
			if err != nil {
				if e := c.bt.RollbackTo(c.stmtDepth()); e != nil {
					return wrapErr(e)
				}
				c.sch = nil
			}
			if e := c.bt.ReleaseSavepoint(c.stmtDepth()); e != nil && err == nil {
				err = wrapErr(e)
			}
		}
		return err
	}
	if c.active > 0 {
		// Other statements still read: a finished write commits but the
		// read transaction stays.
		if write && c.writeOpen {
			var e error
			if err != nil && !c.stmtSavepoint {
				e = c.bt.Rollback()
				c.sch = nil
			} else {
				if err != nil {
					e = c.bt.RollbackTo(c.stmtDepth())
					c.sch = nil
				}
				if e == nil {
					e = c.bt.Commit()
				}
			}
			c.writeOpen = false
			c.stmtSavepoint = false
			if err == nil {
				err = wrapErr(e)
			}
		}
		return err
	}
	c.stmtSavepoint = false
	if e := c.endTx(err == nil); err == nil {
		err = e
	}
	return err
}

// wrapErr maps errors of the layers below to *Error kinds (S5).
func wrapErr(err error) error {
	if err == nil {
		return nil
	}
	var se *Error
	if errors.As(err, &se) {
		return err
	}
	code := CodeGeneric
	switch {
	case errors.Is(err, vm.ErrConstraint):
		code = CodeConstraint
	case errors.Is(err, vm.ErrInterrupted), errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		code = CodeInterrupted
	case errors.Is(err, vm.ErrRange):
		code = CodeRange
	case errors.Is(err, vm.ErrArgs), errors.Is(err, vm.ErrTruncated), errors.Is(err, vm.ErrSyntax), errors.Is(err, vm.ErrSubqueryRows):
		code = CodeMismatch
	case errors.Is(err, pager.ErrBusy), errors.Is(err, vfs.ErrBusy):
		code = CodeBusy
	case errors.Is(err, pager.ErrReadOnly):
		code = CodeReadOnly
	case errors.Is(err, btree.ErrCorrupt), errors.Is(err, pager.ErrCorrupt):
		code = CodeCorrupt
	case errors.Is(err, pager.ErrNotADatabase):
		code = CodeNotADB
	}
	return &Error{Code: code, Msg: err.Error(), Err: err}
}
