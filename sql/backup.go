package sql

import (
	"context"
	"fmt"
	"io"

	"github.com/walrusdb/walrus/pager"
)

// IOStats returns the cumulative I/O counters of the connection's pager.
// The shell's .stats reads them through the driver.
func (c *Conn) IOStats() pager.Stats {
	if c.p == nil {
		return pager.Stats{}
	}
	return c.p.Stats()
}

// BackupTo writes the database file, every page as of one read
// transaction, to w and returns the number of pages written. Other
// connections may keep writing: the read transaction's SHARED lock keeps
// the file as it was until the copy is done (in rollback-journal mode a
// writer cannot get EXCLUSIVE meanwhile). Inside a write transaction it
// refuses, as the pages would hold uncommitted changes. The shell's
// .backup reaches it through the driver.
func (c *Conn) BackupTo(ctx context.Context, w io.Writer) (uint32, error) {
	if c.closed {
		return 0, errorf(CodeGeneric, "backup: the connection is closed")
	}
	if c.writeOpen {
		return 0, errorf(CodeGeneric, "cannot back up inside a write transaction: COMMIT or ROLLBACK first")
	}
	if !c.readOpen {
		if err := c.openRead(ctx); err != nil {
			return 0, err
		}
		defer func() {
			c.bt.EndRead()
			c.readOpen = false
		}()
	}
	n := c.p.PageCount()
	for pgno := uint32(1); pgno <= n; pgno++ {
		if pgno%256 == 0 {
			if err := ctx.Err(); err != nil {
				return pgno - 1, err
			}
		}
		pg, err := c.p.Get(pgno)
		if err != nil {
			return pgno - 1, wrapErr(err)
		}
		_, err = w.Write(pg.Data())
		pg.Release()
		if err != nil {
			return pgno - 1, fmt.Errorf("backup: page %d: %w", pgno, err)
		}
	}
	return n, nil
}
