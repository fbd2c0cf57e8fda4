package bench

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"strings"

	_ "github.com/mattn/go-sqlite3"
	_ "github.com/walrusdb/walrus"
	_ "modernc.org/sqlite"
)

// Settings are the storage settings every engine gets for one database.
type Settings struct {
	PageSize      int    // bytes, for the new file
	CacheSize     int    // SQLite meaning: >0 pages, <0 KiB
	JournalMode   string // DELETE, TRUNCATE, ...
	Synchronous   string // OFF, NORMAL, FULL, EXTRA
	BusyTimeoutMS int
}

// DefaultSettings are SQLite's defaults, stated explicitly.
func DefaultSettings() Settings {
	return Settings{PageSize: 4096, CacheSize: -2000, JournalMode: "DELETE", Synchronous: "FULL", BusyTimeoutMS: 5000}
}

// String is the settings line printed with every result table.
func (s Settings) String() string {
	return fmt.Sprintf("page_size=%d cache_size=%d journal_mode=%s synchronous=%s busy_timeout=%dms",
		s.PageSize, s.CacheSize, s.JournalMode, s.Synchronous, s.BusyTimeoutMS)
}

// pragmas are the per-connection PRAGMAs, as name(value) pairs.
func (s Settings) pragmas() [][2]string {
	return [][2]string{
		{"page_size", fmt.Sprint(s.PageSize)},
		{"cache_size", fmt.Sprint(s.CacheSize)},
		{"journal_mode", s.JournalMode},
		{"synchronous", s.Synchronous},
		{"busy_timeout", fmt.Sprint(s.BusyTimeoutMS)},
	}
}

// Engine is one database implementation behind database/sql.
type Engine struct {
	Name   string // short name used in tables and sub-benchmarks
	Driver string // database/sql driver name
	About  string // what it is
	dsn    func(path string, s Settings) string
}

// Engines lists the engines in table order; walrus first, then the
// reference.
func Engines() []Engine {
	return []Engine{
		{Name: "walrus", Driver: "walrus", About: "walrus (pure Go, this repository)", dsn: pragmaDSN},
		{Name: "sqlite", Driver: "sqlite3", About: "C SQLite " + cSQLiteVersion() + " via mattn/go-sqlite3 (cgo)", dsn: mattnDSN},
		{Name: "modernc", Driver: "sqlite", About: "modernc.org/sqlite (SQLite translated to Go)", dsn: pragmaDSN},
	}
}

// EngineByName finds an engine of Engines.
func EngineByName(name string) (Engine, bool) {
	for _, e := range Engines() {
		if e.Name == name {
			return e, true
		}
	}
	return Engine{}, false
}

// pragmaDSN is the _pragma=name(value) syntax that walrus and modernc share.
func pragmaDSN(path string, s Settings) string {
	q := url.Values{}
	for _, p := range s.pragmas() {
		q.Add("_pragma", p[0]+"("+p[1]+")")
	}
	return "file:" + path + "?" + q.Encode()
}

// mattnDSN uses go-sqlite3's own options, which run the same PRAGMAs on
// every new connection. It has no page_size option: Open sets the page
// size with a PRAGMA before the first table exists.
func mattnDSN(path string, s Settings) string {
	q := url.Values{}
	q.Set("_cache_size", fmt.Sprint(s.CacheSize))
	q.Set("_journal_mode", s.JournalMode)
	q.Set("_synchronous", s.Synchronous)
	q.Set("_busy_timeout", fmt.Sprint(s.BusyTimeoutMS))
	return "file:" + path + "?" + q.Encode()
}

// DSN is the data source name that opens path with settings s (page size
// aside for go-sqlite3, which Open sets with a PRAGMA).
func (e Engine) DSN(path string, s Settings) string { return e.dsn(path, s) }

// cSQLiteVersion asks go-sqlite3 which SQLite it was built with.
func cSQLiteVersion() string {
	db, err := sql.Open("sqlite3", ":memory:")
	if err != nil {
		return "?"
	}
	defer db.Close()
	var v string
	if err := db.QueryRow("SELECT sqlite_version()").Scan(&v); err != nil {
		return "?"
	}
	return v
}

// Open opens the database file at path with settings s and checks that
// the engine reports those settings (B2). A missing file is created with
// table bench_meta, so that its page size is fixed.
func (e Engine) Open(ctx context.Context, path string, s Settings) (*sql.DB, error) {
	_, statErr := os.Stat(path)
	fresh := errors.Is(statErr, fs.ErrNotExist)
	db, err := sql.Open(e.Driver, e.dsn(path, s))
	if err != nil {
		return nil, fmt.Errorf("bench: %s: open: %w", e.Name, err)
	}
	if err := e.apply(ctx, db, s, fresh); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

func (e Engine) apply(ctx context.Context, db *sql.DB, s Settings, fresh bool) error {
	if fresh {
		// The page size only takes while the file has no pages; the same
		// statement is harmless where the DSN already set it.
		if _, err := db.ExecContext(ctx, fmt.Sprintf("PRAGMA page_size = %d", s.PageSize)); err != nil {
			return fmt.Errorf("bench: %s: page_size: %w", e.Name, err)
		}
		// Give the file its first page so that the page size is fixed.
		if _, err := db.ExecContext(ctx, "CREATE TABLE bench_meta (k INTEGER PRIMARY KEY)"); err != nil {
			return fmt.Errorf("bench: %s: create bench_meta: %w", e.Name, err)
		}
	}
	want := map[string]string{
		"page_size":    fmt.Sprint(s.PageSize),
		"cache_size":   fmt.Sprint(s.CacheSize),
		"journal_mode": strings.ToLower(s.JournalMode),
		"synchronous":  fmt.Sprint(syncLevel(s.Synchronous)),
	}
	for _, name := range []string{"page_size", "cache_size", "journal_mode", "synchronous"} {
		var got string
		if err := db.QueryRowContext(ctx, "PRAGMA "+name).Scan(&got); err != nil {
			return fmt.Errorf("bench: %s: read PRAGMA %s: %w", e.Name, name, err)
		}
		if strings.ToLower(got) != want[name] {
			return fmt.Errorf("bench: %s: PRAGMA %s is %s, want %s", e.Name, name, got, want[name])
		}
	}
	return nil
}

// syncLevel is the number PRAGMA synchronous reports for a level name.
func syncLevel(name string) int {
	switch strings.ToUpper(name) {
	case "OFF":
		return 0
	case "NORMAL":
		return 1
	case "FULL":
		return 2
	case "EXTRA":
		return 3
	}
	return -1
}
