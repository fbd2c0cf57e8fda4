package sql

import (
	"context"
	"fmt"
	"sync/atomic"

	"github.com/walrusdb/walrus/btree"
	"github.com/walrusdb/walrus/pager"
	"github.com/walrusdb/walrus/vm"
)

// defaultSpillBudget is the memory one sorter, DISTINCT set or other
// ephemeral index of a statement may hold before it moves to a scratch
// file (vm/spill.go).
const defaultSpillBudget = 32 << 20

var tempSeq atomic.Uint64

// tempFiles opens the scratch files of spilling ephemeral indexes through
// the connection's vfs, next to the database: no journal, no syncs,
// deleted when the index closes.
type tempFiles struct {
	c      *Conn
	budget int64
}

func (c *Conn) temps() vm.TempFiles {
	b := c.spillBudget
	if b <= 0 {
		b = defaultSpillBudget
	}
	// A pointer into the Conn: boxing a fresh tempFiles cost an allocation
	// per statement.
	c.tmp = tempFiles{c: c, budget: b}
	return &c.tmp
}

func (t tempFiles) SpillBudget() int64 { return t.budget }

func (t tempFiles) OpenTemp() (*btree.File, func() error, error) {
	name := fmt.Sprintf("%s-walrus-temp-%d", t.c.path, tempSeq.Add(1))
	fs := t.c.fs
	po := pager.Options{JournalMode: pager.JournalOff, Synchronous: pager.SyncOff, CacheSize: -2000}
	p, err := pager.Open(fs, name, po)
	if err != nil {
		return nil, nil, wrapErr(err)
	}
	fail := func(err error) (*btree.File, func() error, error) {
		p.Close()
		fs.Remove(name)
		return nil, nil, wrapErr(err)
	}
	f, err := btree.Open(p)
	if err != nil {
		return fail(err)
	}
	ctx := context.Background()
	if err := f.BeginRead(ctx); err != nil {
		return fail(err)
	}
	if err := f.BeginWrite(ctx, true); err != nil {
		f.EndRead()
		return fail(err)
	}
	remove := func() error {
		// The scratch file is deleted next: the rollback only drops the
		// cache (without a journal it cannot undo what was spilled to
		// the file, and says so).
		f.Rollback()
		err := f.EndRead()
		if e := p.Close(); err == nil {
			err = e
		}
		if e := fs.Remove(name); err == nil {
			err = e
		}
		if err != nil {
			return wrapErr(err)
		}
		return nil
	}
	return f, remove, nil
}
