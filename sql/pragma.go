package sql

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/walrusdb/walrus/btree"
	"github.com/walrusdb/walrus/pager"
	"github.com/walrusdb/walrus/vm"
)

// compilePragma prepares a PRAGMA. It returns the run function, the
// result column names and whether it writes.
func compilePragma(p *pragmaStmt) (native, []string, bool, error) {
	if p.Schema != "" && !strings.EqualFold(p.Schema, "main") {
		return nil, nil, false, errorf(CodeGeneric, "unknown database %s", p.Schema)
	}
	one := func(name string, get func(c *Conn) (vm.Value, error), set func(c *Conn, arg string) error) (native, []string, bool, error) {
		write := p.HasArg && (name == "user_version" || name == "application_id")
		return func(ctx context.Context, s *Stmt, _ []vm.Value) (*nativeResult, error) {
			c := s.conn
			if p.HasArg {
				if set == nil {
					return nil, errorf(CodeGeneric, "PRAGMA %s is read-only", name)
				}
				if err := set(c, p.Arg); err != nil {
					return nil, err
				}
				if name == "user_version" || name == "application_id" || name == "busy_timeout" {
					return &nativeResult{}, nil
				}
			}
			var v vm.Value
			err := c.withSchema(ctx, func() error {
				var err error
				v, err = get(c)
				return err
			})
			if err != nil {
				return nil, err
			}
			return &nativeResult{cols: []string{name}, rows: [][]vm.Value{{v}}}, nil
		}, []string{name}, write, nil
	}
	meta := func(m btree.MetaField, name string) (native, []string, bool, error) {
		return one(name, func(c *Conn) (vm.Value, error) {
			v, err := c.bt.Meta(m)
			return vm.Int(int64(int32(v))), wrapErr(err)
		}, func(c *Conn, arg string) error {
			n, err := strconv.ParseInt(arg, 10, 64)
			if err != nil {
				return errorf(CodeMismatch, "PRAGMA %s needs an integer", name)
			}
			return c.ddlLikeWrite(func() error { return c.bt.SetMeta(m, uint32(n)) })
		})
	}
	switch p.Name {
	case "user_version":
		return meta(btree.UserVersion, p.Name)
	case "application_id":
		return meta(btree.ApplicationID, p.Name)
	case "schema_version":
		return one(p.Name, func(c *Conn) (vm.Value, error) {
			v, err := c.bt.Meta(btree.SchemaCookie)
			return vm.Int(int64(v)), wrapErr(err)
		}, nil)
	case "page_size":
		return one(p.Name, func(c *Conn) (vm.Value, error) { return vm.Int(int64(c.p.PageSize())), nil },
			func(c *Conn, arg string) error {
				n, err := strconv.Atoi(arg)
				if err != nil {
					return errorf(CodeMismatch, "PRAGMA page_size needs an integer")
				}
				// Like SQLite: ignored once the database has pages.
				_ = c.p.SetPageSize(n)
				return nil
			})
	case "page_count":
		return one(p.Name, func(c *Conn) (vm.Value, error) { return vm.Int(int64(c.p.PageCount())), nil }, nil)
	case "freelist_count":
		return meta(btree.FreelistCount, p.Name)
	case "cache_size":
		return one(p.Name, func(c *Conn) (vm.Value, error) { return vm.Int(int64(c.cacheSize())), nil },
			func(c *Conn, arg string) error {
				n, err := strconv.Atoi(arg)
				if err != nil {
					return errorf(CodeMismatch, "PRAGMA cache_size needs an integer")
				}
				c.p.SetCacheSize(n)
				c.opts.Pager.CacheSize = n
				return nil
			})
	case "busy_timeout":
		return one(p.Name, func(c *Conn) (vm.Value, error) {
			return vm.Int(c.opts.Pager.BusyTimeout.Milliseconds()), nil
		}, func(c *Conn, arg string) error {
			n, err := strconv.Atoi(arg)
			if err != nil {
				return errorf(CodeMismatch, "PRAGMA busy_timeout needs an integer")
			}
			d := time.Duration(n) * time.Millisecond
			c.p.SetBusyTimeout(d)
			c.opts.Pager.BusyTimeout = d
			return nil
		})
	case "synchronous":
		return one(p.Name, func(c *Conn) (vm.Value, error) { return vm.Int(synchronousLevel(c.opts.Pager.Synchronous)), nil },
			func(c *Conn, arg string) error {
				s, ok := parseSynchronous(arg)
				if !ok {
					return errorf(CodeMismatch, "bad synchronous value %q", arg)
				}
				c.p.SetSynchronous(s)
				c.opts.Pager.Synchronous = s
				return nil
			})
	case "journal_mode":
		return one(p.Name, func(c *Conn) (vm.Value, error) { return vm.Text(c.opts.Pager.JournalMode.String()), nil },
			func(c *Conn, arg string) error {
				m, ok := parseJournalMode(arg)
				if !ok {
					return errorf(CodeNotSupported, "journal_mode %s is not supported", arg)
				}
				got, err := c.p.SetJournalMode(m)
				if err != nil {
					return wrapErr(err)
				}
				c.opts.Pager.JournalMode = got
				return nil
			})
	case "table_info":
		if !p.HasArg {
			return nil, nil, false, errorf(CodeMismatch, "PRAGMA table_info needs a table name")
		}
		cols := []string{"cid", "name", "type", "notnull", "dflt_value", "pk"}
		return func(ctx context.Context, s *Stmt, _ []vm.Value) (*nativeResult, error) {
			var rows [][]vm.Value
			err := s.conn.withSchema(ctx, func() error {
				t := s.conn.sch.table(p.Arg)
				if t == nil {
					return nil
				}
				pk := map[int]int{}
				if t.RowidCol >= 0 {
					pk[t.RowidCol] = 1
				}
				for _, ix := range t.Indexes {
					if ix.Primary {
						for i, c := range ix.Cols {
							pk[c] = i + 1
						}
					}
				}
				for i, col := range t.Cols {
					dflt := vm.Null()
					if col.Default != nil {
						var b strings.Builder
						if restoreExpr(col.Default, &b) == nil {
							dflt = vm.Text(b.String())
						}
					}
					rows = append(rows, []vm.Value{vm.Int(int64(i)), vm.Text(col.Name), vm.Text(col.Type.SQL()),
						vm.Bool(col.NotNull), dflt, vm.Int(int64(pk[i]))})
				}
				return nil
			})
			return &nativeResult{cols: cols, rows: rows}, err
		}, cols, false, nil
	case "auto_vacuum", "incremental_vacuum":
		return compilePragmaAutoVacuum(p) // autovacuum.go
	case "integrity_check", "quick_check":
		return func(ctx context.Context, s *Stmt, _ []vm.Value) (*nativeResult, error) {
			msgs, err := s.conn.integrityCheck(ctx)
			if err != nil {
				return nil, err
			}
			if len(msgs) == 0 {
				msgs = []string{"ok"}
			}
			var rows [][]vm.Value
			for _, m := range msgs {
				rows = append(rows, []vm.Value{vm.Text(m)})
			}
			return &nativeResult{cols: []string{p.Name}, rows: rows}, nil
		}, []string{p.Name}, false, nil
	}
	return compilePragmaCompat(p) // pragma_compat.go
}

func (c *Conn) cacheSize() int {
	if c.opts.Pager.CacheSize == 0 {
		return -2000
	}
	return c.opts.Pager.CacheSize
}

// ddlLikeWrite runs fn in a write transaction of its own (or the open one).
func (c *Conn) ddlLikeWrite(fn func() error) error {
	ctx := context.Background()
	if err := c.stmtBegin(ctx, true); err != nil {
		return err
	}
	return c.stmtEnd(true, wrapErr(fn()))
}

// synchronousLevel is PRAGMA synchronous's number for s (SQLite's 0..3; the
// pager's constants start at 1 so that 0 can mean "default").
func synchronousLevel(s pager.Synchronous) int64 {
	switch s {
	case pager.SyncOff:
		return 0
	case pager.SyncNormal:
		return 1
	case pager.SyncExtra:
		return 3
	}
	return 2
}

func parseSynchronous(s string) (pager.Synchronous, bool) {
	switch strings.ToLower(s) {
	case "0", "off":
		return pager.SyncOff, true
	case "1", "normal":
		return pager.SyncNormal, true
	case "2", "full":
		return pager.SyncFull, true
	case "3", "extra":
		return pager.SyncExtra, true
	}
	return 0, false
}

func parseJournalMode(s string) (pager.JournalMode, bool) {
	switch strings.ToLower(s) {
	case "delete":
		return pager.JournalDelete, true
	case "truncate":
		return pager.JournalTruncate, true
	case "persist":
		return pager.JournalPersist, true
	case "memory":
		return pager.JournalMemory, true
	case "off":
		return pager.JournalOff, true
	}
	return 0, false
}

// integrityCheck runs the b-tree check over every tree of the schema and
// checks that every index holds exactly one entry per table row.
func (c *Conn) integrityCheck(ctx context.Context) ([]string, error) {
	var msgs []string
	err := c.withSchema(ctx, func() error {
		roots := []uint32{1}
		for _, t := range c.sch.tables {
			if t.Root > 1 {
				roots = append(roots, t.Root)
			}
			for _, ix := range t.Indexes {
				roots = append(roots, ix.Root)
			}
		}
		var err error
		msgs, err = c.bt.IntegrityCheck(roots, 100)
		if err != nil {
			return wrapErr(err)
		}
		st := vm.BtreeStorage{File: c.bt}
		for _, t := range c.sch.tables {
			if t.Root <= 1 {
				continue
			}
			for _, ix := range t.Indexes {
				m, err := checkIndex(st, t, ix)
				if err != nil {
					return wrapErr(err)
				}
				msgs = append(msgs, m...)
			}
		}
		return nil
	})
	return msgs, err
}

func checkIndex(st vm.Storage, t *table, ix *index) ([]string, error) {
	tc, err := st.OpenCursor(t.treeSpec(), false)
	if err != nil {
		return nil, err
	}
	defer tc.Close()
	ic, err := st.OpenCursor(ix.treeSpec(), false)
	if err != nil {
		return nil, err
	}
	defer ic.Close()
	var msgs []string
	rows := int64(0)
	key := make([]vm.Value, len(ix.Cols)+1)
	ok, err := tc.First()
	for ; ok && err == nil; ok, err = tc.Next() {
		rows++
		rowid, err := tc.Rowid()
		if err != nil {
			return nil, err
		}
		for i, col := range ix.Cols {
			if col == t.RowidCol {
				key[i] = vm.Int(rowid)
			} else if key[i], err = tc.Column(col); err != nil {
				return nil, err
			}
		}
		key[len(ix.Cols)] = vm.Int(rowid)
		found, err := ic.Seek(vm.SeekGE, key)
		if err == nil && found {
			var cmp int
			cmp, err = ic.CompareKey(key)
			found = cmp == 0
		}
		if err != nil {
			return nil, err
		}
		if !found {
			msgs = append(msgs, "row "+strconv.FormatInt(rowid, 10)+" missing from index "+ix.Name)
		}
	}
	if err != nil {
		return nil, err
	}
	n, err := ic.Count()
	if err != nil {
		return nil, err
	}
	if n != rows {
		msgs = append(msgs, "wrong # of entries in index "+ix.Name)
	}
	return msgs, nil
}
