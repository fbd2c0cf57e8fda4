package sql

import (
	"context"
	"strconv"
	"strings"

	"github.com/walrusdb/walrus/btree"
	"github.com/walrusdb/walrus/vm"
)

// PRAGMA auto_vacuum and PRAGMA incremental_vacuum(N), as SQLite has them
// (the b-tree side is btree/autovacuum.go):
//
//   - auto_vacuum reads 0 (NONE), 1 (FULL) or 2 (INCREMENTAL). Setting it
//     takes effect at once on an empty database and between FULL and
//     INCREMENTAL; turning auto-vacuum on or off in a database with tables
//     waits for the next VACUUM, which rebuilds the file in the new mode.
//   - incremental_vacuum(N) takes N pages (all when N is missing or <= 0)
//     off the freelist of an auto-vacuum file and shrinks the file; it
//     does nothing in other files.
//   - Dropping a tree of an auto-vacuum file may move the tree with the
//     largest root into the freed root page (roots stay at the start of
//     the file): dropTree points sqlite_schema and the schema at it.

// parseAutoVacuum reads a mode as SQLite's getAutoVacuum does: a name or
// 0..2; anything else is NONE.
func parseAutoVacuum(s string) btree.AutoVacuumMode {
	switch strings.ToLower(s) {
	case "none":
		return btree.AutoVacuumNone
	case "full":
		return btree.AutoVacuumFull
	case "incremental":
		return btree.AutoVacuumIncremental
	}
	if n, err := strconv.Atoi(s); err == nil && n >= 0 && n <= 2 {
		return btree.AutoVacuumMode(n)
	}
	return btree.AutoVacuumNone
}

// compilePragmaAutoVacuum handles auto_vacuum and incremental_vacuum.
func compilePragmaAutoVacuum(p *pragmaStmt) (native, []string, bool, error) {
	if p.Name == "incremental_vacuum" {
		n := 0
		if p.HasArg {
			// Like SQLite: a non-number means all pages.
			if v, err := strconv.Atoi(p.Arg); err == nil {
				n = v
			}
		}
		return func(ctx context.Context, s *Stmt, _ []vm.Value) (*nativeResult, error) {
			c := s.conn
			if err := c.stmtBegin(ctx, true); err != nil {
				return nil, err
			}
			_, err := c.bt.IncrementalVacuum(n)
			return &nativeResult{}, c.stmtEnd(true, wrapErr(err))
		}, nil, true, nil
	}
	if !p.HasArg {
		return func(ctx context.Context, s *Stmt, _ []vm.Value) (*nativeResult, error) {
			var v vm.Value
			err := s.conn.withSchema(ctx, func() error {
				v = vm.Int(int64(s.conn.bt.AutoVacuum()))
				return nil
			})
			if err != nil {
				return nil, err
			}
			return &nativeResult{cols: []string{p.Name}, rows: [][]vm.Value{{v}}}, nil
		}, []string{p.Name}, false, nil
	}
	m := parseAutoVacuum(p.Arg)
	return func(ctx context.Context, s *Stmt, _ []vm.Value) (*nativeResult, error) {
		c := s.conn
		// A database without pages takes the mode when its first page is
		// written: do not write page 1 now (PRAGMA page_size still works).
		var empty bool
		if err := c.withSchema(ctx, func() error {
			empty = c.p.PageCount() == 0
			if empty {
				_, err := c.bt.SetAutoVacuum(m)
				return wrapErr(err)
			}
			return nil
		}); err != nil || empty {
			return &nativeResult{}, err
		}
		return &nativeResult{}, c.ddlLikeWrite(func() error {
			_, err := c.bt.SetAutoVacuum(m)
			return err
		})
	}, nil, true, nil
}

// dropTree drops the tree rooted at root. When that moves another tree's
// root (auto-vacuum files), the schema rows, the schema and the tables in
// extra (being built, not yet in the schema) follow it.
func (c *Conn) dropTree(st vm.Storage, root uint32, extra ...*table) error {
	if c.active > 1 && c.bt.AutoVacuum() != btree.AutoVacuumNone {
		// A moved root would end the scans of the statements still
		// reading; SQLite refuses every DROP while others read.
		return errorf(CodeBusy, "database table is locked: statements in progress (auto-vacuum moves root pages)")
	}
	moved, err := c.bt.DropTreeMoved(root)
	if err != nil || moved == 0 {
		return err
	}
	retarget := func(t *table) {
		if t.Root == moved {
			t.Root = root
		}
		for _, ix := range t.Indexes {
			if ix.Root == moved {
				ix.Root = root
			}
		}
	}
	for _, t := range c.sch.tables {
		retarget(t)
	}
	for _, ix := range c.sch.indexes {
		if ix.Root == moved {
			ix.Root = root
		}
	}
	for _, t := range extra {
		retarget(t)
	}
	cur, err := st.OpenCursor(schemaSpec, true)
	if err != nil {
		return err
	}
	defer cur.Close()
	ok, err := cur.First()
	for ok && err == nil {
		var v vm.Value
		if v, err = cur.Column(3); err != nil {
			return err
		}
		if v.AsInt() == int64(moved) {
			row := make([]vm.Value, 5)
			for i := range row {
				if row[i], err = cur.Column(i); err != nil {
					return err
				}
			}
			row[3] = vm.Int(int64(root))
			rowid, err := cur.Rowid()
			if err != nil {
				return err
			}
			if err := cur.Insert(rowid, row); err != nil {
				return err
			}
		}
		ok, err = cur.Next()
	}
	return err
}
