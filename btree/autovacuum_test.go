package btree

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/walrusdb/walrus/internal/vfs"
)

// avDB is a model of an auto-vacuum database written through the btree:
// tables tN(a) with one blob per row, listed in sqlite_schema so that
// sqlite3 can check the file.
type avDB struct {
	t      *testing.T
	f      *File
	path   string
	r      *rand.Rand
	tables map[string]*avTable // by name
	nextID int
	// freed counts the free pages commits found, moves the roots that
	// drops moved: the test fails unless both happened.
	freed, moves int
}

type avTable struct {
	root  uint32
	rowid int64 // sqlite_schema rowid
	rows  map[int64][]byte
	// idx is the root of index iN ON tN(a) (0: none), at schema row
	// rowid+1000; its keys are (a, rowid), big ones spill in interior cells.
	idx uint32
}

// indexKey is the key of row k in the table's index.
func avIndexKey(k int64, rec []byte) []byte {
	vals, err := DecodeRecord(rec, nil)
	if err != nil {
		panic(err)
	}
	return AppendRecord(nil, []Value{vals[0], {Type: Integer, Int: k}})
}

func newAVDB(t *testing.T, pageSize int, mode AutoVacuumMode, seed uint64) *avDB {
	f, path := openDisk(t, pageSize)
	applied, err := f.SetAutoVacuum(mode)
	require.NoError(t, err)
	require.True(t, applied)
	return &avDB{t: t, f: f, path: path, r: rand.New(rand.NewPCG(seed, 7)), tables: map[string]*avTable{}}
}

func (db *avDB) roots() []uint32 {
	var rs []uint32
	for _, tb := range db.tables {
		rs = append(rs, tb.root)
		if tb.idx != 0 {
			rs = append(rs, tb.idx)
		}
	}
	return rs
}

func (db *avDB) schemaRecord(name string, root uint32) []byte {
	return AppendRecord(nil, []Value{
		{Type: Text, Bytes: []byte("table")}, {Type: Text, Bytes: []byte(name)}, {Type: Text, Bytes: []byte(name)},
		{Type: Integer, Int: int64(root)}, {Type: Text, Bytes: []byte("CREATE TABLE " + name + "(a)")},
	})
}

func (db *avDB) createTable() {
	t := db.t
	db.nextID++
	name := fmt.Sprintf("t%d", db.nextID)
	root, err := db.f.CreateTree(TableTree)
	require.NoError(t, err)
	tb := &avTable{root: root, rowid: int64(db.nextID), rows: map[int64][]byte{}}
	c, err := db.f.OpenCursor(1, TableTree, true, nil)
	require.NoError(t, err)
	require.NoError(t, c.Insert(tb.rowid, db.schemaRecord(name, root)))
	if db.nextID%2 == 0 {
		tb.idx, err = db.f.CreateTree(IndexTree)
		require.NoError(t, err)
		require.NoError(t, c.Insert(tb.rowid+1000, db.indexRecord(name, tb.idx)))
	}
	require.NoError(t, c.Close())
	db.tables[name] = tb
}

func (db *avDB) indexRecord(table string, root uint32) []byte {
	name := "i" + table[1:]
	return AppendRecord(nil, []Value{
		{Type: Text, Bytes: []byte("index")}, {Type: Text, Bytes: []byte(name)}, {Type: Text, Bytes: []byte(table)},
		{Type: Integer, Int: int64(root)}, {Type: Text, Bytes: []byte("CREATE INDEX " + name + " ON " + table + "(a)")},
	})
}

// retarget points the model and the schema row of the tree whose root
// moved (DropTreeMoved) at its new root.
func (db *avDB) retarget(c *Cursor, moved, root uint32) {
	t := db.t
	n := 0
	for name, o := range db.tables {
		if o.root == moved {
			o.root = root
			require.NoError(t, c.Insert(o.rowid, db.schemaRecord(name, o.root)))
			n++
		}
		if o.idx == moved {
			o.idx = root
			require.NoError(t, c.Insert(o.rowid+1000, db.indexRecord(name, o.idx)))
			n++
		}
	}
	require.Equal(t, 1, n, "moved root %d belongs to no tree", moved)
	db.moves++
}

// dropTable drops a table and, as the SQL layer does, points the schema row
// of the table whose root moved at its new root.
func (db *avDB) dropTable(name string) {
	t := db.t
	tb := db.tables[name]
	c, err := db.f.OpenCursor(1, TableTree, true, nil)
	require.NoError(t, err)
	defer c.Close()
	// Like SQLite, the index first; the model follows every move.
	for _, which := range []*uint32{&tb.idx, &tb.root} {
		if *which == 0 {
			continue
		}
		root := *which
		moved, err := db.f.DropTreeMoved(root)
		require.NoError(t, err)
		*which = 0
		if moved != 0 {
			db.retarget(c, moved, root)
		}
	}
	delete(db.tables, name)
	for _, rowid := range []int64{tb.rowid, tb.rowid + 1000} {
		found, err := c.SeekRowid(rowid)
		require.NoError(t, err)
		if found {
			require.NoError(t, c.Delete())
		}
	}
}

func (db *avDB) randomTable() (string, *avTable) {
	names := make([]string, 0, len(db.tables))
	for n := range db.tables {
		names = append(names, n)
	}
	slices.Sort(names)
	n := names[db.r.IntN(len(names))]
	return n, db.tables[n]
}

// churn inserts, replaces and deletes rows, many with overflow chains.
func (db *avDB) churn(ops int) {
	t := db.t
	ps := db.f.pageSize
	for i := 0; i < ops; i++ {
		_, tb := db.randomTable()
		c, err := db.f.OpenCursor(tb.root, TableTree, true, nil)
		require.NoError(t, err)
		k := db.r.Int64N(200)
		if old, ok := tb.rows[k]; ok && tb.idx != 0 {
			db.deleteKey(tb, avIndexKey(k, old))
		}
		if db.r.IntN(3) == 0 {
			if found, err := c.SeekRowid(k); err == nil && found {
				require.NoError(t, c.Delete())
				delete(tb.rows, k)
			} else {
				require.NoError(t, err)
			}
		} else {
			n := db.r.IntN(60)
			if db.r.IntN(3) == 0 {
				n = ps + db.r.IntN(5*ps)
			}
			v := bytes.Repeat([]byte{byte(k), byte(i)}, n/2+1)
			rec := AppendRecord(nil, []Value{{Type: Blob, Bytes: v}})
			require.NoError(t, c.Insert(k, rec))
			tb.rows[k] = rec
			if tb.idx != 0 {
				ic, err := db.f.OpenCursor(tb.idx, IndexTree, true, nil)
				require.NoError(t, err)
				require.NoError(t, ic.InsertKey(avIndexKey(k, rec)))
				require.NoError(t, ic.Close())
			}
		}
		require.NoError(t, c.Close())
	}
}

// deleteKey removes key from the table's index.
func (db *avDB) deleteKey(tb *avTable, key []byte) {
	t := db.t
	ic, err := db.f.OpenCursor(tb.idx, IndexTree, true, nil)
	require.NoError(t, err)
	defer ic.Close()
	vals, err := DecodeRecord(key, nil)
	require.NoError(t, err)
	ok, err := ic.SeekGE(vals)
	require.NoError(t, err)
	require.True(t, ok)
	p, err := ic.Payload()
	require.NoError(t, err)
	require.Equal(t, key, p)
	require.NoError(t, ic.Delete())
}

// verify compares every table with the model and runs the integrity check.
func (db *avDB) verify() {
	t := db.t
	t.Helper()
	mustCheck(t, db.f, db.roots(), nil)
	for name, tb := range db.tables {
		c, err := db.f.OpenCursor(tb.root, TableTree, false, nil)
		require.NoError(t, err)
		got := 0
		ok, err := c.First()
		for ; ok && err == nil; ok, err = c.Next() {
			k, err := c.Rowid()
			require.NoError(t, err)
			p, err := c.Payload()
			require.NoError(t, err)
			require.Equal(t, tb.rows[k], p, "%s row %d", name, k)
			got++
		}
		require.NoError(t, err)
		require.Equal(t, len(tb.rows), got, name)
		require.NoError(t, c.Close())
		if tb.idx == 0 {
			continue
		}
		ic, err := db.f.OpenCursor(tb.idx, IndexTree, false, nil)
		require.NoError(t, err)
		n, err := ic.Count()
		require.NoError(t, err)
		require.EqualValues(t, len(tb.rows), n, "index of %s", name)
		require.NoError(t, ic.Close())
	}
}

func (db *avDB) begin() { beginWrite(db.t, db.f) }

// commitFull commits and checks that FULL left no free page behind.
func (db *avDB) commit() {
	t := db.t
	free, err := db.f.Meta(FreelistCount)
	require.NoError(t, err)
	db.freed += int(free)
	require.NoError(t, db.f.Commit())
	st, err := os.Stat(db.path)
	require.NoError(t, err)
	require.Equal(t, int64(db.f.p.PageCount())*int64(db.f.pageSize), st.Size())
	if db.f.AutoVacuum() == AutoVacuumFull {
		free, err = db.f.Meta(FreelistCount)
		require.NoError(t, err)
		require.Zero(t, free, "free pages after a FULL auto-vacuum commit")
	}
	db.verify()
	require.NoError(t, db.f.EndRead())
}

// TestAutoVacuumFullProperty: random inserts, deletes and drops with big
// rows across tables; after every commit of a FULL auto-vacuum file the
// freelist is empty, the file is page_count pages long and the pointer map
// is right (B12, B13). sqlite3 checks the result.
func TestAutoVacuumFullProperty(t *testing.T) {
	for _, ps := range []int{512, 1024} {
		t.Run(fmt.Sprint(ps), func(t *testing.T) {
			db := newAVDB(t, ps, AutoVacuumFull, testSeed(t, uint64(ps)))
			rounds := 40
			if *flagLong {
				rounds = 400
			}
			for round := 0; round < rounds; round++ {
				db.begin()
				if len(db.tables) < 2 || db.r.IntN(4) == 0 {
					db.createTable()
				}
				db.churn(60)
				if len(db.tables) > 3 && db.r.IntN(3) == 0 {
					name, _ := db.randomTable()
					db.dropTable(name)
				}
				db.commit()
			}
			t.Logf("%d free pages vacuumed, %d roots moved, %d pages", db.freed, db.moves, db.f.p.PageCount())
			require.Positive(t, db.freed)
			require.Positive(t, db.moves)
			if fileExists(sqlite3Path) == nil {
				require.NoError(t, db.f.p.Close())
				require.Equal(t, "ok\n1\n0\n", runSQLite(t, db.path, "PRAGMA integrity_check; PRAGMA auto_vacuum; PRAGMA freelist_count;"))
			}
		})
	}
}

// TestIncrementalVacuum: free pages stay until IncrementalVacuum(n) takes
// exactly n of them off the freelist and shrinks the file.
func TestIncrementalVacuum(t *testing.T) {
	db := newAVDB(t, 512, AutoVacuumIncremental, testSeed(t, 3))
	db.begin()
	db.createTable()
	db.createTable()
	db.churn(300)
	db.commit()
	db.begin()
	for name, tb := range db.tables {
		c, err := db.f.OpenCursor(tb.root, TableTree, true, nil)
		require.NoError(t, err)
		for k := range tb.rows {
			if k%2 == 0 {
				found, err := c.SeekRowid(k)
				require.NoError(t, err)
				require.True(t, found, name)
				require.NoError(t, c.Delete())
				if tb.idx != 0 {
					db.deleteKey(tb, avIndexKey(k, tb.rows[k]))
				}
				delete(tb.rows, k)
			}
		}
		require.NoError(t, c.Close())
	}
	db.commit()
	require.NoError(t, db.f.BeginRead(context.Background()))
	free0, err := db.f.Meta(FreelistCount)
	require.NoError(t, err)
	require.NoError(t, db.f.EndRead())
	require.Greater(t, free0, uint32(10), "the deletes freed pages")

	for _, n := range []int{1, 3, 7} {
		db.begin()
		pages0 := db.f.p.PageCount()
		got, err := db.f.IncrementalVacuum(n)
		require.NoError(t, err)
		require.Equal(t, n, got)
		free, err := db.f.Meta(FreelistCount)
		require.NoError(t, err)
		require.Equal(t, free0-uint32(n), free)
		require.Less(t, db.f.p.PageCount(), pages0)
		require.GreaterOrEqual(t, pages0-db.f.p.PageCount(), uint32(n))
		free0 = free
		db.commit()
	}
	db.begin()
	got, err := db.f.IncrementalVacuum(0)
	require.NoError(t, err)
	require.Equal(t, int(free0), got)
	db.commit()
	if fileExists(sqlite3Path) == nil {
		require.NoError(t, db.f.p.Close())
		require.Equal(t, "ok\n2\n0\n", runSQLite(t, db.path, "PRAGMA integrity_check; PRAGMA auto_vacuum; PRAGMA freelist_count;"))
	}
}

// TestAutoVacuumReadsSQLite: files sqlite3 writes with auto_vacuum FULL and
// INCREMENTAL open, read and take writes; sqlite3 agrees afterwards.
func TestAutoVacuumReadsSQLite(t *testing.T) {
	needSQLite(t)
	for _, mode := range []string{"FULL", "INCREMENTAL"} {
		t.Run(mode, func(t *testing.T) {
			f, path := openDisk(t, 1024)
			require.NoError(t, f.p.Close())
			runSQLite(t, path, "PRAGMA page_size=1024; PRAGMA auto_vacuum="+mode+";"+
				"CREATE TABLE a(x); CREATE TABLE b(x); CREATE INDEX bx ON b(x);"+
				"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i<300)"+
				" INSERT INTO a SELECT randomblob(1500) FROM n;"+
				"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i<300) INSERT INTO b SELECT i FROM n;"+
				"DELETE FROM a WHERE rowid%3=0;")
			f = openOn(t, vfs.NewOSFS(), path, 1024)
			db := &avDB{t: t, f: f, path: path, r: rand.New(rand.NewPCG(1, 2)), tables: map[string]*avTable{}}
			require.NoError(t, f.BeginRead(context.Background()))
			wantMode := map[string]AutoVacuumMode{"FULL": AutoVacuumFull, "INCREMENTAL": AutoVacuumIncremental}[mode]
			require.Equal(t, wantMode, f.AutoVacuum())
			schema := readSchema(t, f)
			require.NoError(t, f.EndRead())
			var roots []uint32
			for _, e := range schema {
				roots = append(roots, e.root)
			}
			db.begin()
			mustCheck(t, f, roots, nil)
			c, err := f.OpenCursor(schema["a"].root, TableTree, true, nil)
			require.NoError(t, err)
			for k := int64(1); k <= 300; k += 2 {
				found, err := c.SeekRowid(k)
				require.NoError(t, err)
				if found {
					require.NoError(t, c.Delete())
				}
			}
			for k := int64(400); k < 450; k++ {
				require.NoError(t, c.Insert(k, AppendRecord(nil, []Value{{Type: Blob, Bytes: bytes.Repeat([]byte{1}, 3000)}})))
			}
			require.NoError(t, c.Close())
			if mode == "INCREMENTAL" {
				_, err := f.IncrementalVacuum(5)
				require.NoError(t, err)
			}
			require.NoError(t, f.Commit())
			mustCheck(t, f, roots, nil)
			require.NoError(t, f.EndRead())
			require.NoError(t, f.p.Close())
			out := runSQLite(t, path, "PRAGMA integrity_check; SELECT count(*) FROM a; PRAGMA incremental_vacuum; INSERT INTO a SELECT x FROM a WHERE rowid > 420; DELETE FROM a WHERE rowid < 200; PRAGMA incremental_vacuum; PRAGMA integrity_check; PRAGMA freelist_count;")
			require.Equal(t, "ok\n150\nok\n0\n", out)
		})
	}
}

// TestAutoVacuumCorruptPtrmap: a wrong pointer-map entry is reported by
// IntegrityCheck and makes vacuuming fail with ErrCorrupt, never a panic
// (B8).
func TestAutoVacuumCorruptPtrmap(t *testing.T) {
	for _, bad := range []struct {
		name   string
		typ    byte
		parent uint32
	}{{"type", 9, 0}, {"parent", ptrmapBtree, 1}, {"root", ptrmapRoot, 0}, {"free", ptrmapFree, 0}} {
		t.Run(bad.name, func(t *testing.T) {
			db := newAVDB(t, 512, AutoVacuumFull, 5)
			db.begin()
			db.createTable()
			db.createTable()
			db.churn(200)
			db.commit()

			db.begin()
			last := db.f.p.PageCount()
			mp := db.f.ptrmapPageno(last)
			pg, err := db.f.p.Get(mp)
			require.NoError(t, err)
			require.NoError(t, db.f.p.Write(pg))
			off := ptrmapEntrySize * int(last-mp-1)
			pg.Data()[off] = bad.typ
			put32(pg.Data()[off+1:], bad.parent)
			pg.Release()
			probs, err := db.f.IntegrityCheck(db.roots(), 10)
			require.NoError(t, err)
			require.NotEmpty(t, probs)
			require.Contains(t, strings.Join(probs, "\n"), fmt.Sprintf("page %d", last))
			// Free pages below the last page, then commit: the vacuum must
			// move the last page and trips over its entry.
			_, tb := db.randomTable()
			c, err := db.f.OpenCursor(tb.root, TableTree, true, nil)
			require.NoError(t, err)
			ok, err := c.First()
			require.NoError(t, err)
			for i := 0; ok && i < 40; i++ {
				require.NoError(t, c.Delete())
				ok, err = c.Next()
				require.NoError(t, err)
			}
			require.NoError(t, c.Close())
			err = db.f.Commit()
			require.ErrorIs(t, err, ErrCorrupt)
			require.NoError(t, db.f.Rollback())
			require.NoError(t, db.f.EndRead())
		})
	}
}

// TestDropTreeNeedsMoved: in an auto-vacuum file DropTree refuses, before
// changing anything, a drop that would move another root; DropTreeMoved
// reports the move.
func TestDropTreeNeedsMoved(t *testing.T) {
	db := newAVDB(t, 512, AutoVacuumFull, 9)
	db.begin()
	db.createTable() // t1 at 3
	db.createTable() // t2 at 4, its index at 5
	db.createTable() // t3 at 6
	db.churn(50)
	require.Equal(t, []uint32{3, 4, 5, 6}, []uint32{db.tables["t1"].root, db.tables["t2"].root, db.tables["t2"].idx, db.tables["t3"].root})
	require.ErrorIs(t, db.f.DropTree(3), ErrMisuse)
	db.verify() // nothing changed
	db.dropTable("t1")
	require.EqualValues(t, 3, db.tables["t3"].root, "the largest root moved into the dropped one")
	require.Equal(t, 1, db.moves)
	// Dropping t3 at 3 would move t2's index (5, the largest) again.
	require.ErrorIs(t, db.f.DropTree(3), ErrMisuse)
	require.NoError(t, db.f.DropTree(5))
	largest, err := db.f.largestRoot()
	require.NoError(t, err)
	require.EqualValues(t, 4, largest)
	c, err := db.f.OpenCursor(1, TableTree, true, nil)
	require.NoError(t, err)
	found, err := c.SeekRowid(db.tables["t2"].rowid + 1000)
	require.NoError(t, err)
	require.True(t, found)
	require.NoError(t, c.Delete())
	require.NoError(t, c.Close())
	db.tables["t2"].idx = 0
	db.commit()
}

// TestCreateRootTakesFreePage: when the page after the largest root is
// free, CreateTree takes exactly that page off the freelist, whether it is
// a trunk with leaves (its last leaf becomes the trunk) or a leaf.
func TestCreateRootTakesFreePage(t *testing.T) {
	db := newAVDB(t, 512, AutoVacuumIncremental, 4)
	db.begin()
	db.createTable() // t1 at 3
	db.createTable() // t2 at 4, index at 5
	db.createTable() // t3 at 6, empty: one page
	tb := db.tables["t2"]
	c, err := db.f.OpenCursor(tb.root, TableTree, true, nil)
	require.NoError(t, err)
	for k := int64(1); k <= 30; k++ {
		rec := AppendRecord(nil, []Value{{Type: Blob, Bytes: bytes.Repeat([]byte{byte(k)}, 700)}})
		require.NoError(t, c.Insert(k, rec))
		tb.rows[k] = rec
		ic, err := db.f.OpenCursor(tb.idx, IndexTree, true, nil)
		require.NoError(t, err)
		require.NoError(t, ic.InsertKey(avIndexKey(k, rec)))
		require.NoError(t, ic.Close())
	}
	require.NoError(t, c.Close())
	db.commit()

	// t3's root is freed into an empty freelist: it becomes the trunk, and
	// the pages the deletes free become its leaves.
	db.begin()
	db.dropTable("t3")
	trunkOf := func() uint32 {
		v, err := db.f.Meta(FreelistCount)
		require.NoError(t, err)
		require.Positive(t, v)
		p1, err := db.f.p.Get(1)
		require.NoError(t, err)
		defer p1.Release()
		return get32(p1.Data()[hdrFreelistTrunk:])
	}
	require.EqualValues(t, 6, trunkOf())
	c, err = db.f.OpenCursor(tb.root, TableTree, true, nil)
	require.NoError(t, err)
	for k := int64(1); k <= 30; k += 2 {
		found, err := c.SeekRowid(k)
		require.NoError(t, err)
		require.True(t, found)
		require.NoError(t, c.Delete())
		db.deleteKey(tb, avIndexKey(k, tb.rows[k]))
		delete(tb.rows, k)
	}
	require.NoError(t, c.Close())
	db.commit()

	for _, what := range []string{"trunk", "leaf"} {
		db.begin()
		free0, err := db.f.Meta(FreelistCount)
		require.NoError(t, err)
		typ, _, err := db.f.ptrmapGet(6)
		require.NoError(t, err)
		require.EqualValues(t, ptrmapFree, typ, what)
		if what == "trunk" {
			require.EqualValues(t, 6, trunkOf())
		} else {
			require.NotEqual(t, uint32(6), trunkOf())
		}
		db.createTable()
		name := fmt.Sprintf("t%d", db.nextID)
		require.EqualValues(t, 6, db.tables[name].root, what)
		free, err := db.f.Meta(FreelistCount)
		require.NoError(t, err)
		taken := uint32(1)
		if db.tables[name].idx != 0 {
			taken++ // the index root's slot was in use: its page moved into a free one
		}
		require.Equal(t, free0-taken, free, what)
		db.commit()
		if what == "trunk" {
			// Free page 6 again, now as a leaf of the current trunk.
			db.begin()
			db.dropTable(name)
			db.commit()
		}
	}
	require.NoError(t, db.f.p.Close())
	require.Equal(t, "ok\n", runSQLite(t, db.path, "PRAGMA integrity_check;"))
}

// TestTakeFreePage: any page of a multi-trunk freelist, trunk or leaf, is
// taken off it exactly, leaving the others.
func TestTakeFreePage(t *testing.T) {
	db := newAVDB(t, 512, AutoVacuumIncremental, 8)
	db.begin()
	db.createTable()
	_, tb := db.randomTable()
	c, err := db.f.OpenCursor(tb.root, TableTree, true, nil)
	require.NoError(t, err)
	require.NoError(t, c.Insert(1, AppendRecord(nil, []Value{{Type: Blob, Bytes: make([]byte, 400*508)}})))
	require.NoError(t, c.Delete())
	require.NoError(t, c.Close())
	free, err := db.f.freeList()
	require.NoError(t, err)
	require.Greater(t, len(free), 3*db.f.maxTrunkLeaves(), "several trunks")
	p1, err := db.f.p.Get(1)
	require.NoError(t, err)
	first := get32(p1.Data()[hdrFreelistTrunk:])
	p1.Release()
	var trunks []uint32
	for p := first; p != 0; {
		trunks = append(trunks, p)
		pg, err := db.f.p.Get(p)
		require.NoError(t, err)
		p = get32(pg.Data())
		pg.Release()
	}
	require.GreaterOrEqual(t, len(trunks), 3)
	want := map[uint32]bool{}
	for _, p := range free {
		want[p] = true
	}
	// A leaf of the second trunk, the second trunk, the first trunk, the
	// last trunk, then a leaf of the first.
	take := []uint32{free[len(free)/2], trunks[1], trunks[0], trunks[len(trunks)-1], free[1]}
	for _, p := range take {
		if !want[p] {
			continue // taken with an earlier pick
		}
		require.NoError(t, db.f.takeFreePage(p), "page %d", p)
		delete(want, p)
		got, err := db.f.freeList()
		require.NoError(t, err)
		require.Len(t, got, len(want))
		for _, q := range got {
			require.True(t, want[q], "page %d", q)
		}
	}
	require.ErrorIs(t, db.f.takeFreePage(take[0]), ErrCorrupt, "no longer free")
	require.NoError(t, db.f.Rollback())
	require.NoError(t, db.f.EndRead())
}

// BenchmarkAutoVacuum measures the cost of pointer-map maintenance and of
// the FULL commit: inserts (a tenth with overflow chains) into a table and
// an index, deletes half, one commit per batch.
func BenchmarkAutoVacuum(b *testing.B) {
	for _, mode := range []AutoVacuumMode{AutoVacuumNone, AutoVacuumIncremental, AutoVacuumFull} {
		b.Run(mode.String(), func(b *testing.B) {
			for range b.N {
				f := openMem(b, 4096)
				_, err := f.SetAutoVacuum(mode)
				require.NoError(b, err)
				beginWrite(b, f)
				root, err := f.CreateTree(TableTree)
				require.NoError(b, err)
				idx, err := f.CreateTree(IndexTree)
				require.NoError(b, err)
				commit(b, f)
				for batch := int64(0); batch < 10; batch++ {
					beginWrite(b, f)
					c, err := f.OpenCursor(root, TableTree, true, nil)
					require.NoError(b, err)
					ic, err := f.OpenCursor(idx, IndexTree, true, nil)
					require.NoError(b, err)
					for i := int64(0); i < 500; i++ {
						k := batch*500 + i
						n := 200
						if k%10 == 0 {
							n = 10000
						}
						require.NoError(b, c.Insert(k, AppendRecord(nil, []Value{{Type: Blob, Bytes: make([]byte, n)}})))
						require.NoError(b, ic.InsertKey(AppendRecord(nil, []Value{{Type: Integer, Int: k * 7 % 1000}, {Type: Integer, Int: k}})))
					}
					for i := int64(0); i < 500; i += 2 {
						found, err := c.SeekRowid(batch*500 + i)
						require.NoError(b, err)
						require.True(b, found)
						require.NoError(b, c.Delete())
					}
					require.NoError(b, c.Close())
					require.NoError(b, ic.Close())
					commit(b, f)
				}
			}
		})
	}
}
