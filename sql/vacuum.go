package sql

import (
	"context"

	"github.com/walrusdb/walrus/btree"
	"github.com/walrusdb/walrus/internal/vfs"
	"github.com/walrusdb/walrus/pager"
	"github.com/walrusdb/walrus/vm"
)

// VACUUM rebuilds the database into a fresh file and copies it back:
//
//  1. A second pager on the same vfs opens path+"-vacuum" (journal off,
//     no syncs: it is scratch). Every b-tree named by sqlite_schema is
//     created there in sqlite_schema order and filled by copying the
//     records in key order; the sqlite_schema rows follow with their new
//     root pages; user_version, application_id and the default cache size
//     carry over, the schema cookie is incremented (root pages moved, so
//     every connection must reload its schema). The copy is made in the
//     auto_vacuum mode last set by PRAGMA auto_vacuum (which cannot turn
//     auto-vacuum on or off in a database with tables by itself).
//  2. Inside one write transaction of the connection, each page of the
//     fresh file overwrites the page of the same number, and the file is
//     truncated to the fresh file's size. The pager journals the originals,
//     so a crash or error leaves the old database (as durable as the
//     connection's journal_mode and synchronous make every write).
//
// VACUUM INTO 'file' stops after step 1, writing the copy to file (which
// must not exist) with the connection's synchronous setting.

// vacuumStmt is VACUUM [INTO 'file'] (SQLite's; TiDB does not parse it).
type vacuumStmt struct {
	Into    string
	HasInto bool
}

func (*vacuumStmt) frontStmt() {}

func parseVacuum(stmt string, toks []token) (frontStmt, error) {
	v := &vacuumStmt{}
	i := 1
	if i < len(toks) && !toks[i].quoted && toks[i].up == "MAIN" {
		i++
	}
	if i < len(toks) && !toks[i].quoted && toks[i].up == "INTO" {
		if i+1 >= len(toks) || !toks[i+1].quoted || toks[i+1].text == "" {
			return nil, syntaxAt(stmt, len(stmt), "VACUUM INTO 'file'")
		}
		v.Into, v.HasInto = toks[i+1].text, true
		i += 2
	}
	if i != len(toks) {
		return nil, syntaxAt(stmt, toks[i].pos, "VACUUM [INTO 'file']")
	}
	return v, nil
}

func runVacuum(v *vacuumStmt) native {
	return func(ctx context.Context, s *Stmt, _ []vm.Value) (*nativeResult, error) {
		return &nativeResult{}, s.conn.vacuum(ctx, v)
	}
}

func (c *Conn) vacuum(ctx context.Context, v *vacuumStmt) error {
	if c.inTx {
		return errorf(CodeGeneric, "cannot VACUUM from within a transaction")
	}
	if c.active > 0 {
		return errorf(CodeBusy, "cannot VACUUM - SQL statements in progress")
	}
	if c.p.UsableSize() != c.p.PageSize() {
		return errNotSupported("VACUUM of a file with reserved bytes per page")
	}
	target, fs := c.path+"-vacuum", c.fs
	if v.HasInto {
		target = v.Into
		if c.opts.VacuumFS != nil {
			fs = c.opts.VacuumFS
		}
		if ok, err := fs.Exists(target); err != nil || ok {
			if err != nil {
				return wrapErr(err)
			}
			return errorf(CodeGeneric, "output file already exists: %s", target)
		}
	} else if ok, _ := c.fs.Exists(target); ok {
		if err := c.fs.Remove(target); err != nil {
			return wrapErr(err)
		}
	}
	if err := c.stmtBegin(ctx, !v.HasInto); err != nil {
		return err
	}
	err := c.vacuumInto(ctx, fs, target, v.HasInto)
	if !v.HasInto {
		if e := c.fs.Remove(target); err == nil && e != nil {
			err = wrapErr(e)
		}
		c.sch = nil
	}
	return c.stmtEnd(!v.HasInto, err)
}

// vacuumInto writes the compacted copy to target on fs and, unless keep,
// copies it back over the database (the caller holds the write
// transaction).
func (c *Conn) vacuumInto(ctx context.Context, fs vfs.FS, target string, keep bool) error {
	po := pager.Options{PageSize: c.p.PageSize(), JournalMode: pager.JournalOff, Synchronous: pager.SyncOff}
	if keep {
		po.Synchronous = c.opts.Pager.Synchronous
	}
	p2, err := pager.Open(fs, target, po)
	if err != nil {
		return wrapErr(err)
	}
	defer p2.Close()
	bt2, err := btree.Open(p2)
	if err != nil {
		return wrapErr(err)
	}
	if err := bt2.BeginRead(ctx); err != nil {
		return wrapErr(err)
	}
	defer bt2.EndRead()
	// The copy takes the auto_vacuum mode last set (autovacuum.go).
	if _, err := bt2.SetAutoVacuum(c.bt.NextAutoVacuum()); err != nil {
		return wrapErr(err)
	}
	if err := bt2.BeginWrite(ctx, true); err != nil {
		return wrapErr(err)
	}
	if err := c.copyTrees(bt2); err != nil {
		bt2.Rollback()
		return err
	}
	if err := bt2.Commit(); err != nil {
		return wrapErr(err)
	}
	if keep {
		return nil
	}
	// Step 2: the fresh pages replace the old ones.
	n := p2.PageCount()
	for pgno := uint32(1); pgno <= n; pgno++ {
		if pgno%256 == 0 {
			if err := ctx.Err(); err != nil {
				return wrapErr(err)
			}
		}
		if err := copyPage(p2, c.p, pgno); err != nil {
			return err
		}
	}
	if n < c.p.PageCount() {
		if err := c.p.Truncate(n); err != nil {
			return wrapErr(err)
		}
	}
	return nil
}

func copyPage(from, to *pager.Pager, pgno uint32) error {
	src, err := from.Get(pgno)
	if err != nil {
		return wrapErr(err)
	}
	defer src.Release()
	dst, err := to.Get(pgno)
	if err != nil {
		return wrapErr(err)
	}
	defer dst.Release()
	if err := to.Write(dst); err != nil {
		return wrapErr(err)
	}
	d := dst.Data()
	if pgno == 1 {
		// Keep the file format bytes (18, 19: journal or WAL) of the
		// database; the pager sets the counters at commit.
		r, w := d[18], d[19]
		copy(d, src.Data())
		d[18], d[19] = r, w
		return nil
	}
	copy(d, src.Data())
	return nil
}

// copyTrees copies every b-tree and the schema of the connection's
// database into bt2 (inside its write transaction).
func (c *Conn) copyTrees(bt2 *btree.File) error {
	st := vm.BtreeStorage{File: c.bt}
	rows, err := readSchemaRows(st)
	if err != nil {
		return err
	}
	for _, m := range []btree.MetaField{btree.UserVersion, btree.ApplicationID, btree.DefaultCacheSize, btree.SchemaFormat} {
		v, err := c.bt.Meta(m)
		if err != nil {
			return wrapErr(err)
		}
		if err := bt2.SetMeta(m, v); err != nil {
			return wrapErr(err)
		}
	}
	cookie, err := c.bt.Meta(btree.SchemaCookie)
	if err != nil {
		return wrapErr(err)
	}
	if err := bt2.SetMeta(btree.SchemaCookie, cookie+1); err != nil {
		return wrapErr(err)
	}
	schema2, err := bt2.OpenCursor(1, btree.TableTree, true, nil)
	if err != nil {
		return wrapErr(err)
	}
	defer schema2.Close()
	for _, r := range rows {
		root := r.root
		if root > 0 {
			kind, ki := btree.TableTree, (*btree.KeyInfo)(nil)
			if r.typ == "index" {
				kind = btree.IndexTree
				ki = &btree.KeyInfo{}
				if ix := c.sch.indexes[lower(r.name)]; ix != nil {
					ki.Desc = ix.Desc
				}
			}
			if root, err = bt2.CreateTree(kind); err != nil {
				return wrapErr(err)
			}
			if err := copyTree(c.bt, r.root, bt2, root, kind, ki); err != nil {
				return err
			}
		}
		sqlv := btree.Value{Type: btree.Null}
		if !r.sqlNull {
			sqlv = btree.Value{Type: btree.Text, Bytes: []byte(r.sql)}
		}
		rec := btree.AppendRecord(nil, []btree.Value{
			{Type: btree.Text, Bytes: []byte(r.typ)}, {Type: btree.Text, Bytes: []byte(r.name)},
			{Type: btree.Text, Bytes: []byte(r.tbl)}, {Type: btree.Integer, Int: int64(root)}, sqlv})
		if err := schema2.Insert(r.rowid, rec); err != nil {
			return wrapErr(err)
		}
	}
	return nil
}

func copyTree(from *btree.File, root uint32, to *btree.File, root2 uint32, kind btree.TreeKind, ki *btree.KeyInfo) error {
	src, err := from.OpenCursor(root, kind, false, ki)
	if err != nil {
		return wrapErr(err)
	}
	defer src.Close()
	dst, err := to.OpenCursor(root2, kind, true, ki)
	if err != nil {
		return wrapErr(err)
	}
	defer dst.Close()
	ok, err := src.First()
	for ; ok && err == nil; ok, err = src.Next() {
		payload, err := src.Payload()
		if err != nil {
			return wrapErr(err)
		}
		if kind == btree.IndexTree {
			err = dst.InsertKey(payload)
		} else {
			var rowid int64
			if rowid, err = src.Rowid(); err == nil {
				err = dst.Insert(rowid, payload)
			}
		}
		if err != nil {
			return wrapErr(err)
		}
	}
	return wrapErr(err)
}
