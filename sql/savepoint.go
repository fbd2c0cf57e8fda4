package sql

import (
	"context"
	"strings"

	"github.com/walrusdb/walrus/vm"
)

// SQL savepoints (SAVEPOINT, ROLLBACK TO [SAVEPOINT], RELEASE SAVEPOINT).
//
//	(SP1) Named savepoint i of c.savepoints (0-based) is btree savepoint
//	      depth i+1; a statement inside the transaction runs under depth
//	      len(c.savepoints)+1, so a failing statement undoes only itself.
//	(SP2) Savepoints exist only inside an explicit transaction, as in
//	      MySQL: outside one SAVEPOINT is accepted and forgotten at once,
//	      and ROLLBACK TO / RELEASE name no savepoint.
//	(SP3) Before the transaction's first write the btree has nothing to
//	      undo, so the btree savepoints are opened lazily: stmtBegin opens
//	      depths 1..len+1 together when the write transaction starts.
//	(SP4) ROLLBACK TO keeps the named savepoint and drops later ones;
//	      RELEASE drops the named one and later ones. A reused name
//	      refers to the newest savepoint of that name.

// stmtDepth is the btree savepoint depth of the running statement (SP1).
func (c *Conn) stmtDepth() int { return len(c.savepoints) + 1 }

func (c *Conn) findSavepoint(name string) (int, error) {
	for i := len(c.savepoints) - 1; i >= 0; i-- {
		if strings.EqualFold(c.savepoints[i], name) {
			return i, nil
		}
	}
	return 0, errorf(CodeGeneric, "SAVEPOINT %s does not exist", name)
}

func runSavepoint(name string) native {
	return func(_ context.Context, s *Stmt, _ []vm.Value) (*nativeResult, error) {
		c := s.conn
		if !c.inTx {
			return &nativeResult{}, nil // SP2
		}
		c.savepoints = append(c.savepoints, name)
		if c.writeOpen {
			if err := c.bt.Savepoint(len(c.savepoints)); err != nil {
				c.savepoints = c.savepoints[:len(c.savepoints)-1]
				return nil, wrapErr(err)
			}
		}
		return &nativeResult{}, nil
	}
}

func runRollbackTo(name string) native {
	return func(_ context.Context, s *Stmt, _ []vm.Value) (*nativeResult, error) {
		c := s.conn
		i, err := c.findSavepoint(name)
		if err != nil {
			return nil, err
		}
		c.savepoints = c.savepoints[:i+1]
		if c.writeOpen {
			if err := c.bt.RollbackTo(i + 1); err != nil {
				return nil, wrapErr(err)
			}
			c.sch = nil // DDL since the savepoint is undone
		}
		return &nativeResult{}, nil
	}
}

func runRelease(name string) native {
	return func(_ context.Context, s *Stmt, _ []vm.Value) (*nativeResult, error) {
		c := s.conn
		i, err := c.findSavepoint(name)
		if err != nil {
			return nil, err
		}
		c.savepoints = c.savepoints[:i]
		if c.writeOpen {
			if err := c.bt.ReleaseSavepoint(i + 1); err != nil {
				return nil, wrapErr(err)
			}
		}
		return &nativeResult{}, nil
	}
}
