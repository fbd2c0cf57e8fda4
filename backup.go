package walrus

import (
	"context"
	"database/sql/driver"
	"io"
)

// BackupTo writes a consistent copy of the connection's database file
// (every page as of one read transaction; other connections may keep
// writing) to w and returns the number of pages. The shell's .backup
// reaches it through database/sql's Conn.Raw; the signature is its
// contract.
func (c *conn) BackupTo(ctx context.Context, w io.Writer) (int64, error) {
	if c.closed {
		return 0, driver.ErrBadConn
	}
	n, err := c.ec.BackupTo(ctx, w)
	return int64(n), c.convert(ctx, err)
}
