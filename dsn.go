package walrus

import (
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"
)

// Open mode of a DSN (option mode=).
type openMode uint8

const (
	modeRWC    openMode = iota // read-write, create if missing (the default)
	modeRW                     // read-write, the file must exist
	modeRO                     // read-only, the file must exist
	modeMemory                 // in memory, shared by the connector's connections
)

// Transaction lock mode of BEGIN from database/sql (option _txlock=).
type txLock uint8

const (
	txDeferred txLock = iota
	txImmediate
	txExclusive
)

// pragma is one _pragma=name(value) option.
type pragma struct{ name, value string }

// dsnConfig is a parsed data source name.
type dsnConfig struct {
	path    string // file path (or the in-memory database's name)
	mode    openMode
	txlock  txLock
	pragmas []pragma
}

// memoryName is the DSN (and file:memory: path) of an in-memory database.
const memoryName = ":memory:"

var pragmaRE = regexp.MustCompile(`^([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)?)\(([^;]*)\)$`)

// parseDSN reads a path or a file: URI with query options (see doc.go).
// Unknown options are an error naming them (N1).
func parseDSN(dsn string) (*dsnConfig, error) {
	if dsn == "" {
		return nil, errorf(CodeMisuse, "empty DSN: give a file path or %s", memoryName)
	}
	cfg := &dsnConfig{}
	path, query, hasQuery := strings.Cut(dsn, "?")
	if rest, ok := strings.CutPrefix(path, "file:"); ok {
		if strings.HasPrefix(rest, "//") {
			// file://host/path: only an empty host or localhost.
			host, p, _ := strings.Cut(rest[2:], "/")
			if host != "" && host != "localhost" {
				return nil, errorf(CodeMisuse, "DSN %q: file URI host %q is not local", dsn, host)
			}
			rest = "/" + p
		}
		p, err := url.PathUnescape(rest)
		if err != nil {
			return nil, errorf(CodeMisuse, "DSN %q: bad path: %v", dsn, err)
		}
		path = p
	}
	cfg.path = path
	if hasQuery {
		if err := cfg.parseOptions(dsn, query); err != nil {
			return nil, err
		}
	}
	if cfg.path == memoryName {
		cfg.mode = modeMemory
	}
	if cfg.path == "" {
		if cfg.mode != modeMemory {
			return nil, errorf(CodeMisuse, "DSN %q names no file", dsn)
		}
		cfg.path = memoryName
	}
	return cfg, nil
}

func (cfg *dsnConfig) parseOptions(dsn, query string) error {
	vals, err := url.ParseQuery(query)
	if err != nil {
		return errorf(CodeMisuse, "DSN %q: bad options: %v", dsn, err)
	}
	var unknown []string
	for key := range vals {
		switch key {
		case "_pragma", "mode", "_txlock":
		default:
			unknown = append(unknown, key)
		}
	}
	if len(unknown) > 0 {
		slices.Sort(unknown)
		return errorf(CodeMisuse, "DSN %q: unknown option(s) %s (known: _pragma, mode, _txlock)", dsn, strings.Join(unknown, ", "))
	}
	if m, ok := lastValue(vals, "mode"); ok {
		switch m {
		case "ro":
			cfg.mode = modeRO
		case "rw":
			cfg.mode = modeRW
		case "rwc":
			cfg.mode = modeRWC
		case "memory":
			cfg.mode = modeMemory
		default:
			return errorf(CodeMisuse, "DSN %q: mode=%s: want ro, rw, rwc or memory", dsn, m)
		}
	}
	if l, ok := lastValue(vals, "_txlock"); ok {
		switch strings.ToLower(l) {
		case "deferred":
			cfg.txlock = txDeferred
		case "immediate":
			cfg.txlock = txImmediate
		case "exclusive":
			cfg.txlock = txExclusive
		default:
			return errorf(CodeMisuse, "DSN %q: _txlock=%s: want deferred, immediate or exclusive", dsn, l)
		}
	}
	for _, p := range vals["_pragma"] {
		m := pragmaRE.FindStringSubmatch(p)
		if m == nil || strings.TrimSpace(m[2]) == "" {
			return errorf(CodeMisuse, "DSN %q: _pragma=%s: want _pragma=name(value)", dsn, p)
		}
		cfg.pragmas = append(cfg.pragmas, pragma{name: m[1], value: m[2]})
	}
	return nil
}

func lastValue(vals url.Values, key string) (string, bool) {
	v := vals[key]
	if len(v) == 0 {
		return "", false
	}
	return v[len(v)-1], true
}

// pragmaSQL is the statement that applies p.
func (p pragma) sql() string { return fmt.Sprintf("PRAGMA %s=%s", p.name, p.value) }
