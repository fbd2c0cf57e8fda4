package btree

import (
	"context"
	"fmt"
	"math"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/walrusdb/walrus/internal/vfs"
	"github.com/walrusdb/walrus/pager"
)

func intRec(vals ...int64) []byte {
	vs := make([]Value, len(vals))
	for i, v := range vals {
		vs[i] = Value{Type: Integer, Int: v}
	}
	return AppendRecord(nil, vs)
}

// TestEmptyFile: sqlite_schema of a file with no pages is empty; the first
// write transaction writes page 1 (B1) and sqlite3 accepts the file.
func TestEmptyFile(t *testing.T) {
	f, path := openDisk(t, 4096)
	require.NoError(t, f.BeginRead(context.Background()))
	c, err := f.OpenCursor(1, TableTree, false, nil)
	require.NoError(t, err)
	ok, err := c.First()
	require.NoError(t, err)
	require.False(t, ok)
	found, err := c.SeekRowid(5)
	require.NoError(t, err)
	require.False(t, found)
	require.NoError(t, c.Close())
	v, err := f.Meta(SchemaFormat)
	require.NoError(t, err)
	require.EqualValues(t, 4, v)
	require.NoError(t, f.BeginWrite(context.Background(), false))
	require.NoError(t, f.SetMeta(UserVersion, 77))
	commit(t, f)

	require.NoError(t, f.BeginRead(context.Background()))
	pg, err := f.Pager().Get(1)
	require.NoError(t, err)
	d := pg.Data()
	require.Equal(t, magic, string(d[:16]))
	require.Equal(t, []byte{0x10, 0x00, 1, 1, 0, 64, 32, 32}, d[16:24])
	require.EqualValues(t, 4, get32(d[hdrSchemaFormat:]))
	require.EqualValues(t, 1, get32(d[hdrTextEncoding:]))
	require.EqualValues(t, 77, get32(d[hdrUserVersion:]))
	require.EqualValues(t, 0, get32(d[hdrLargestRoot:]))
	require.Equal(t, byte(typeTableLeaf), d[100])
	require.Equal(t, 4096, get16(d[105:]))
	pg.Release()
	require.NoError(t, f.EndRead())
	require.NoError(t, f.Pager().Close())
	if fileExists(sqlite3Path) == nil {
		require.Equal(t, "ok\n77\n", runSQLite(t, path, "PRAGMA integrity_check; PRAGMA user_version;\n"))
	}
}

// TestRejectUnsupported: UTF-16 files give ErrNotSupported, never data
// (B1). Auto-vacuum files are read (autovacuum_test.go).
func TestRejectUnsupported(t *testing.T) {
	needSQLite(t)
	for name, sql := range map[string]string{
		"utf16": "PRAGMA encoding='UTF-16le'; CREATE TABLE t(x); INSERT INTO t VALUES('a');",
	} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "x.db")
			runSQLite(t, path, sql)
			p, err := pager.Open(vfs.NewOSFS(), path, pager.Options{})
			if err != nil {
				require.ErrorIs(t, err, ErrNotSupported)
				return
			}
			defer p.Close()
			f, err := Open(p)
			require.NoError(t, err)
			err = f.BeginRead(context.Background())
			require.ErrorIs(t, err, ErrNotSupported)
			require.Contains(t, err.Error(), "not supported")
		})
	}
}

// TestCursorSavedPosition: a cursor keeps its logical position while another
// cursor changes the tree under it (B6).
func TestCursorSavedPosition(t *testing.T) {
	f := openMem(t, 512)
	beginWrite(t, f)
	root, err := f.CreateTree(TableTree)
	require.NoError(t, err)
	w, err := f.OpenCursor(root, TableTree, true, nil)
	require.NoError(t, err)
	for i := int64(1); i <= 400; i++ {
		require.NoError(t, w.Insert(i*10, intRec(i)))
	}
	r, err := f.OpenCursor(root, TableTree, false, nil)
	require.NoError(t, err)
	found, err := r.SeekRowid(1000)
	require.NoError(t, err)
	require.True(t, found)

	// Delete the reader's row and many around it; insert many more.
	for i := int64(50); i <= 150; i++ {
		found, err := w.SeekRowid(i * 10)
		require.NoError(t, err)
		require.True(t, found)
		require.NoError(t, w.Delete())
	}
	for i := int64(1); i <= 300; i++ {
		require.NoError(t, w.Insert(i*10+5, make([]byte, 100)))
	}
	ok, err := r.Next()
	require.NoError(t, err)
	require.True(t, ok)
	k, err := r.Rowid()
	require.NoError(t, err)
	require.EqualValues(t, 1005, k, "Next after the saved row was deleted")
	ok, err = r.Prev()
	require.NoError(t, err)
	require.True(t, ok)
	k, err = r.Rowid()
	require.NoError(t, err)
	require.EqualValues(t, 995, k)
	mustCheck(t, f, []uint32{root}, nil)
	require.NoError(t, r.Close())
	require.NoError(t, w.Close())
	commit(t, f)
}

// TestFreelistReuse: dropped trees' pages go on the freelist (several
// trunks) and are reused before the file grows (B2, B7); sqlite3 agrees.
func TestFreelistReuse(t *testing.T) {
	f, path := openDisk(t, 512)
	beginWrite(t, f)
	root, err := f.CreateTree(TableTree)
	require.NoError(t, err)
	c, err := f.OpenCursor(root, TableTree, true, nil)
	require.NoError(t, err)
	for i := int64(1); i <= 3000; i++ {
		require.NoError(t, c.Insert(i, make([]byte, 50+int(i%7)*300)))
	}
	require.NoError(t, c.Close())
	pages := f.Pager().PageCount()
	require.NoError(t, f.DropTree(root))
	free, err := f.Meta(FreelistCount)
	require.NoError(t, err)
	require.EqualValues(t, pages-1, free, "every page but page 1 is free")
	mustCheck(t, f, nil, nil)

	// The trunks use at most usable/4-8 slots.
	var trunks int
	pg, err := f.Pager().Get(1)
	require.NoError(t, err)
	for tr := get32(pg.Data()[hdrFreelistTrunk:]); tr != 0; trunks++ {
		tp, err := f.Pager().Get(tr)
		require.NoError(t, err)
		require.LessOrEqual(t, int(get32(tp.Data()[4:])), 512/4-8)
		tr = get32(tp.Data())
		tp.Release()
	}
	pg.Release()
	require.Greater(t, trunks, 1)

	root2, err := f.CreateTree(IndexTree)
	require.NoError(t, err)
	ic, err := f.OpenCursor(root2, IndexTree, true, nil)
	require.NoError(t, err)
	for i := int64(1); i <= 2000; i++ {
		require.NoError(t, ic.InsertKey(intRec(i, i*i)))
	}
	require.NoError(t, ic.Close())
	require.Equal(t, pages, f.Pager().PageCount(), "the file did not grow")
	require.NoError(t, f.DropTree(root2))
	// A real table using the freed pages.
	root3, err := f.CreateTree(TableTree)
	require.NoError(t, err)
	c, err = f.OpenCursor(root3, TableTree, true, nil)
	require.NoError(t, err)
	for i := int64(1); i <= 500; i++ {
		require.NoError(t, c.Insert(i, intRec(i, i*2)))
	}
	require.NoError(t, c.Insert(1, intRec(1, 5))) // replace
	require.NoError(t, c.Close())
	writeSchemaRow(t, f, 1, "table", "x", "x", root3, "CREATE TABLE x(a, b)")
	require.NoError(t, f.SetMeta(SchemaCookie, 1))
	mustCheck(t, f, []uint32{root3}, nil)
	commit(t, f)
	require.NoError(t, f.Pager().Close())
	if fileExists(sqlite3Path) == nil {
		require.Equal(t, "ok\n500|375753\n", runSQLite(t, path, "PRAGMA integrity_check; SELECT count(*), sum(a+b) FROM x;\n"))
	}
}

// TestClearTree empties a tree and keeps its root.
func TestClearTree(t *testing.T) {
	f := openMem(t, 1024)
	beginWrite(t, f)
	root, err := f.CreateTree(IndexTree)
	require.NoError(t, err)
	c, err := f.OpenCursor(root, IndexTree, true, nil)
	require.NoError(t, err)
	for i := int64(0); i < 3000; i++ {
		require.NoError(t, c.InsertKey(AppendRecord(nil, []Value{{Type: Text, Bytes: make([]byte, i%900)}, {Type: Integer, Int: i}})))
	}
	require.NoError(t, f.ClearTree(root))
	ok, err := c.First()
	require.NoError(t, err)
	require.False(t, ok)
	require.NoError(t, c.InsertKey(intRec(1)))
	ok, err = c.First()
	require.NoError(t, err)
	require.True(t, ok)
	mustCheck(t, f, []uint32{root}, nil)
	require.NoError(t, c.Close())
	commit(t, f)
}

// TestSavepointRollback: RollbackTo restores content and cursors seek again.
func TestSavepointRollback(t *testing.T) {
	f := openMem(t, 1024)
	beginWrite(t, f)
	root, err := f.CreateTree(TableTree)
	require.NoError(t, err)
	c, err := f.OpenCursor(root, TableTree, true, nil)
	require.NoError(t, err)
	for i := int64(1); i <= 500; i++ {
		require.NoError(t, c.Insert(i, intRec(i)))
	}
	require.NoError(t, f.Savepoint(1))
	for i := int64(501); i <= 2000; i++ {
		require.NoError(t, c.Insert(i, make([]byte, 300)))
	}
	found, err := c.SeekRowid(250)
	require.NoError(t, err)
	require.True(t, found)
	require.NoError(t, f.RollbackTo(1))
	k, err := c.Rowid()
	require.NoError(t, err)
	require.EqualValues(t, 250, k)
	last, err := c.LastRowid()
	require.NoError(t, err)
	require.EqualValues(t, 500, last)
	mustCheck(t, f, []uint32{root}, nil)
	require.NoError(t, f.ReleaseSavepoint(1))
	require.NoError(t, c.Close())
	commit(t, f)
}

// TestMisuse: API misuse is an error, not a panic.
func TestMisuse(t *testing.T) {
	f := openMem(t, 1024)
	beginWrite(t, f)
	root, err := f.CreateTree(TableTree)
	require.NoError(t, err)
	ro, err := f.OpenCursor(root, TableTree, false, nil)
	require.NoError(t, err)
	require.ErrorIs(t, ro.Insert(1, intRec(1)), ErrMisuse)
	require.ErrorIs(t, ro.InsertKey(intRec(1)), ErrMisuse)
	require.ErrorIs(t, ro.Delete(), ErrMisuse)
	_, err = ro.Rowid()
	require.ErrorIs(t, err, ErrMisuse)
	_, err = ro.SeekGE([]Value{{Type: Integer, Int: 1}})
	require.ErrorIs(t, err, ErrMisuse)
	w, err := f.OpenCursor(root, TableTree, true, nil)
	require.NoError(t, err)
	require.ErrorIs(t, w.Delete(), ErrMisuse)
	defer func(old int) { maxPayload = old }(maxPayload)
	maxPayload = 1000
	require.ErrorIs(t, w.Insert(1, make([]byte, 1001)), ErrTooBig)
	require.ErrorIs(t, f.DropTree(1), ErrMisuse)
	require.NoError(t, w.Close())
	require.NoError(t, ro.Close())
	_, err = ro.First()
	require.ErrorIs(t, err, ErrMisuse)
	commit(t, f)
}

func fileExists(path string) error {
	ok, err := vfs.NewOSFS().Exists(path)
	if err == nil && !ok {
		err = fmt.Errorf("%s is missing", path)
	}
	return err
}

// TestReadsDoNotAllocate: seeks, scans and Payload reuse cursor buffers
// (B10).
func TestReadsDoNotAllocate(t *testing.T) {
	f := openMem(t, 1024)
	f.Pager().SetCacheSize(10000) // page reads allocate in the pager
	beginWrite(t, f)
	root, err := f.CreateTree(TableTree)
	require.NoError(t, err)
	idx, err := f.CreateTree(IndexTree)
	require.NoError(t, err)
	c, err := f.OpenCursor(root, TableTree, true, nil)
	require.NoError(t, err)
	ic, err := f.OpenCursor(idx, IndexTree, true, nil)
	require.NoError(t, err)
	for i := int64(1); i <= 2000; i++ {
		require.NoError(t, c.Insert(i, make([]byte, 20+int(i%3)*1000)))
		require.NoError(t, ic.InsertKey(intRec(i%100, i)))
	}
	n, err := ic.Count()
	require.NoError(t, err)
	require.EqualValues(t, 2000, n)
	key := []Value{{Type: Integer}}
	k := int64(0)
	allocs := testing.AllocsPerRun(200, func() {
		k = k%1999 + 1
		if found, err := c.SeekRowid(k); err != nil || !found {
			t.Fatal(found, err)
		}
		if _, err := c.Payload(); err != nil {
			t.Fatal(err)
		}
		if _, err := c.Next(); err != nil {
			t.Fatal(err)
		}
		key[0].Int = k % 100
		if ok, err := ic.SeekGE(key); err != nil || !ok {
			t.Fatal(ok, err)
		}
		if _, err := ic.Next(); err != nil {
			t.Fatal(err)
		}
	})
	require.Zero(t, allocs)
	require.NoError(t, c.Close())
	require.NoError(t, ic.Close())
	commit(t, f)
}

// TestExtremeRowids: negative and extreme rowids (9-byte varints) sort as
// signed integers; sqlite3 reads them back.
func TestExtremeRowids(t *testing.T) {
	f, path := openDisk(t, 512)
	beginWrite(t, f)
	root, err := f.CreateTree(TableTree)
	require.NoError(t, err)
	c, err := f.OpenCursor(root, TableTree, true, nil)
	require.NoError(t, err)
	ids := []int64{math.MaxInt64, 0, -1, math.MinInt64, 1, 1 << 56, -(1 << 56), 127, 128}
	for i, id := range ids {
		require.NoError(t, c.Insert(id, intRec(int64(i))))
	}
	for i := int64(0); i < 200; i++ {
		require.NoError(t, c.Insert(math.MaxInt64-1000+i, make([]byte, 30)))
	}
	last, err := c.LastRowid()
	require.NoError(t, err)
	require.EqualValues(t, int64(math.MaxInt64), last)
	ok, err := c.First()
	require.NoError(t, err)
	require.True(t, ok)
	k, err := c.Rowid()
	require.NoError(t, err)
	require.EqualValues(t, int64(math.MinInt64), k)
	found, err := c.SeekRowidLE(-2)
	require.NoError(t, err)
	require.True(t, found)
	k, err = c.Rowid()
	require.NoError(t, err)
	require.EqualValues(t, -(1 << 56), k)
	require.NoError(t, c.Close())
	writeSchemaRow(t, f, 1, "table", "t", "t", root, "CREATE TABLE t(a)")
	require.NoError(t, f.SetMeta(SchemaCookie, 1))
	mustCheck(t, f, []uint32{root}, nil)
	commit(t, f)
	require.NoError(t, f.Pager().Close())
	if fileExists(sqlite3Path) == nil {
		require.Equal(t, "ok\n-9223372036854775808|-72057594037927936|-1\n209\n",
			runSQLite(t, path, "PRAGMA integrity_check; SELECT group_concat(rowid, '|') FROM (SELECT rowid FROM t ORDER BY rowid LIMIT 3); SELECT count(*) FROM t;\n"))
	}
}
