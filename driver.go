package walrus

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"sync/atomic"
	"time"

	"github.com/walrusdb/walrus/internal/vfs"
	"github.com/walrusdb/walrus/pager"
	wsql "github.com/walrusdb/walrus/sql"
)

// DriverName is the name the driver is registered under with database/sql.
const DriverName = "walrus"

// DefaultBusyTimeout is how long a connection waits for another
// connection's lock before returning a CodeBusy error. Change it per
// connection with _pragma=busy_timeout(ms).
const DefaultBusyTimeout = 5000 * time.Millisecond

func init() {
	sql.Register(DriverName, &Driver{})
}

// Driver is the database/sql driver. Use it through sql.Open("walrus", dsn)
// or sql.OpenDB(walrus.NewConnector(dsn)).
type Driver struct{}

var (
	_ driver.Driver        = (*Driver)(nil)
	_ driver.DriverContext = (*Driver)(nil)
)

// Open opens one connection. database/sql calls OpenConnector instead, so
// this is only reached by direct callers; each call has its own connector,
// so two Opens of ":memory:" give two separate databases.
func (d *Driver) Open(dsn string) (driver.Conn, error) {
	c, err := d.OpenConnector(dsn)
	if err != nil {
		return nil, err
	}
	return c.Connect(context.Background())
}

// OpenConnector parses dsn once for all the connections of one *sql.DB.
func (d *Driver) OpenConnector(dsn string) (driver.Connector, error) {
	return NewConnector(dsn)
}

// NewConnector parses dsn (see the package documentation) and returns a
// connector for sql.OpenDB. Every connection of one connector opens the
// same database; for an in-memory DSN that is one in-memory database that
// lives as long as the connector.
func NewConnector(dsn string) (driver.Connector, error) {
	cfg, err := parseDSN(dsn)
	if err != nil {
		return nil, err
	}
	c := &connector{cfg: cfg, fs: vfs.NewOSFS()}
	if cfg.mode == modeMemory {
		c.fs = vfs.NewMemFS()
	}
	return c, nil
}

// connector opens connections to one database.
type connector struct {
	cfg *dsnConfig
	fs  vfs.FS
	// openRows counts the Rows open on all connections of this connector;
	// a CodeBusy error mentions them, as they hold read locks (D9).
	openRows atomic.Int64
}

func (c *connector) Driver() driver.Driver { return &Driver{} }

// Connect opens a connection with the defaults (busy timeout 5 s,
// journal_mode DELETE, synchronous FULL), then runs the DSN's PRAGMAs in
// order.
func (c *connector) Connect(ctx context.Context) (driver.Conn, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	opts := wsql.OpenOptions{
		ReadOnly: c.cfg.mode == modeRO,
		Create:   c.cfg.mode == modeRWC || c.cfg.mode == modeMemory,
		// VACUUM INTO from an in-memory database writes a real file.
		VacuumFS: vfs.NewOSFS(),
		Pager: pager.Options{
			JournalMode: pager.JournalDelete,
			Synchronous: pager.SyncFull,
			BusyTimeout: DefaultBusyTimeout,
		},
	}
	ec, err := wsql.Open(c.fs, c.cfg.path, opts)
	if err != nil {
		return nil, convertError(ctx, err)
	}
	cn := &conn{connector: c, ec: ec}
	for _, p := range c.cfg.pragmas {
		if err := cn.execOne(ctx, p.sql()); err != nil {
			ec.Close()
			return nil, err
		}
	}
	return cn, nil
}
