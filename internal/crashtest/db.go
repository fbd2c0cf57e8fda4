package crashtest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/walrusdb/walrus/internal/vfs"
	"github.com/walrusdb/walrus/pager"
	"github.com/walrusdb/walrus/sql"
	"github.com/walrusdb/walrus/vm"
)

// dbPath is where the simulated database lives on a FaultFS.
const dbPath = "/data/crash.db"

// Combo is one journal_mode x synchronous setting.
type Combo struct {
	Journal pager.JournalMode
	Sync    pager.Synchronous
}

func (c Combo) String() string { return c.Journal.String() + "/" + c.Sync.String() }

// JournalModes and SyncModes are the settings the matrix covers, in table
// order (WAL is not implemented yet).
var (
	JournalModes = []pager.JournalMode{pager.JournalDelete, pager.JournalTruncate, pager.JournalPersist, pager.JournalMemory, pager.JournalOff}
	SyncModes    = []pager.Synchronous{pager.SyncOff, pager.SyncNormal, pager.SyncFull, pager.SyncExtra}
)

// AllCombos lists every journal_mode x synchronous pair.
func AllCombos() []Combo {
	var out []Combo
	for _, j := range JournalModes {
		for _, s := range SyncModes {
			out = append(out, Combo{j, s})
		}
	}
	return out
}

// Geometry is the page size and page cache size of the database and the
// sector size of the simulated disk (the unit a power loss tears writes
// into). A small cache makes big transactions spill pages to the database
// file before commit (a multi-segment journal, pager D7).
type Geometry struct {
	PageSize   int
	SectorSize int
	CacheSize  int // pager.Options.CacheSize; 0: the default
}

func (g Geometry) String() string {
	s := fmt.Sprintf("page%d/sector%d", g.PageSize, g.SectorSize)
	if g.CacheSize != 0 {
		s += fmt.Sprintf("/cache%d", g.CacheSize)
	}
	return s
}

func openConn(fs vfs.FS, c Combo, g Geometry) (*sql.Conn, error) {
	return sql.Open(fs, dbPath, sql.OpenOptions{Create: true, Pager: pager.Options{
		PageSize: g.PageSize, CacheSize: g.CacheSize, JournalMode: c.Journal, Synchronous: c.Sync,
	}})
}

// exec runs one statement to completion.
func exec(ctx context.Context, c *sql.Conn, s Stmt) error {
	st, _, err := c.Prepare(ctx, s.SQL)
	if err != nil {
		return err
	}
	defer st.Close()
	_, err = st.Exec(ctx, nil)
	return err
}

// runTxn runs tx; a nil result means the database acknowledged it.
func runTxn(ctx context.Context, c *sql.Conn, tx Txn) error {
	for _, s := range tx.SQL() {
		if err := exec(ctx, c, s); err != nil {
			if c.InTransaction() {
				_ = c.Rollback() // the error above is what counts
			}
			return fmt.Errorf("%s: %w", s.SQL, err)
		}
	}
	return nil
}

// query runs a statement and returns its rows.
func query(ctx context.Context, c *sql.Conn, q string) ([][]vm.Value, error) {
	st, _, err := c.Prepare(ctx, q)
	if err != nil {
		return nil, err
	}
	defer st.Close()
	rows, err := st.Query(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out [][]vm.Value
	for {
		dest := make([]vm.Value, len(st.Columns()))
		ok, err := rows.Next(dest)
		if err != nil {
			return nil, err
		}
		if !ok {
			return out, rows.Close()
		}
		out = append(out, dest)
	}
}

// integrityCheck runs PRAGMA integrity_check and returns its messages
// (nil when the answer is "ok").
func integrityCheck(ctx context.Context, c *sql.Conn) ([]string, error) {
	rows, err := query(ctx, c, "PRAGMA integrity_check")
	if err != nil {
		return nil, err
	}
	var msgs []string
	for _, r := range rows {
		if s := r[0].AsString(); s != "ok" {
			msgs = append(msgs, s)
		}
	}
	if len(rows) == 0 {
		msgs = append(msgs, "integrity_check returned no rows")
	}
	return msgs, nil
}

// contentDigest renders the database's user-visible schema and the rows of
// t and u the way model.digest does.
func contentDigest(ctx context.Context, c *sql.Conn) (string, error) {
	var h contentHash
	schema, err := query(ctx, c, "SELECT type, name, tbl_name FROM sqlite_schema")
	if err != nil {
		return "", fmt.Errorf("read schema: %w", err)
	}
	has := map[string]bool{}
	for _, r := range schema {
		typ, name := r[0].AsString(), r[1].AsString()
		if strings.HasPrefix(name, "walrus_") || strings.HasPrefix(name, "sqlite_") {
			continue
		}
		has[name] = true
		h.schema(typ, name, r[2].AsString())
	}
	if has["t"] {
		rows, err := query(ctx, c, "SELECT id, k, v FROM t")
		if err != nil {
			return "", fmt.Errorf("read t: %w", err)
		}
		for _, r := range rows {
			h.tRow(r[0].AsInt(), r[1].AsInt(), r[2].AsString())
		}
	}
	if has["u"] {
		rows, err := query(ctx, c, "SELECT id, note FROM u")
		if err != nil {
			return "", fmt.Errorf("read u: %w", err)
		}
		for _, r := range rows {
			h.uRow(r[0].AsInt(), r[1].AsString())
		}
	}
	return h.digest(), nil
}

// copyFiles returns a FaultFS holding, fully synced, the current content
// of the named files of fs: what the disk holds after the application dies
// while the operating system keeps running (every completed write reached
// the OS, nothing more happens).
func copyFiles(fs *vfs.FaultFS, names ...string) (*vfs.FaultFS, error) {
	out := vfs.NewFaultFS()
	for _, name := range names {
		data, err := readAll(fs, name)
		if errors.Is(err, vfs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, err
		}
		f, err := out.Open(name, vfs.OpenReadWrite|vfs.OpenCreate)
		if err != nil {
			return nil, err
		}
		if _, err := f.WriteAt(data, 0); err != nil {
			return nil, err
		}
		if err := f.Sync(vfs.SyncFull); err != nil {
			return nil, err
		}
		if err := f.Close(); err != nil {
			return nil, err
		}
		if err := out.SyncDir(name); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func readAll(fs vfs.FS, name string) ([]byte, error) {
	f, err := fs.Open(name, vfs.OpenReadOnly)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	size, err := f.Size()
	if err != nil {
		return nil, err
	}
	buf := make([]byte, size)
	if _, err := f.ReadAt(buf, 0); err != nil && err != io.EOF {
		return nil, err
	}
	return buf, nil
}

func journalPath() string { return dbPath + "-journal" }
