package btree

import (
	"context"
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/walrusdb/walrus/internal/vfs"
	"github.com/walrusdb/walrus/pager"
)

// FuzzVarint: decoding never panics and encoding round-trips.
func FuzzVarint(f *testing.F) {
	for _, s := range [][]byte{{0}, {0x7f}, {0x81, 0}, {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}, {0x80}} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		v, n := getVarint(b)
		if n == 0 {
			return
		}
		enc := appendVarint(nil, v)
		require.Equal(t, len(enc), varintLen(v))
		w, m := getVarint(enc)
		require.Equal(t, v, w)
		require.Equal(t, len(enc), m)
	})
}

// FuzzRecord: DecodeRecord, ParseFields and CompareRecord never panic on
// arbitrary bytes, ParseFields agrees with DecodeRecord column by column,
// and a decoded record re-encodes to a record that decodes the same (B8, B9).
func FuzzRecord(f *testing.F) {
	f.Add(AppendRecord(nil, []Value{{Type: Null}, {Type: Integer, Int: 1}, {Type: Float, Float: 2.5}, {Type: Text, Bytes: []byte("x")}, {Type: Blob, Bytes: []byte{1}}}))
	f.Add(AppendRecord(nil, []Value{{Type: Integer, Int: math.MinInt64}, {Type: Integer, Int: 1 << 40}}))
	f.Add([]byte{2, 10})
	f.Add([]byte{0x81, 0x00, 1})
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		vals, err := DecodeRecord(b, nil)
		fields, ferr := ParseFields(b, nil)
		if err != nil {
			require.ErrorIs(t, err, ErrCorrupt)
			require.ErrorIs(t, ferr, ErrCorrupt, "ParseFields must reject what DecodeRecord rejects")
			return
		}
		// ParseFields sees the columns DecodeRecord decodes.
		require.NoError(t, ferr)
		require.Len(t, fields, len(vals))
		for i, fl := range fields {
			got := fl.Decode(b)
			require.Equal(t, vals[i].Type, fl.Type())
			require.Equal(t, vals[i].Type, got.Type)
			require.Equal(t, vals[i].Int, got.Int)
			require.Equal(t, math.Float64bits(vals[i].Float), math.Float64bits(got.Float)) // NaN too
			require.Equal(t, vals[i].Bytes, got.Bytes)
		}
		_, err = CompareRecord(vals, b, &KeyInfo{Desc: []bool{true}})
		require.NoError(t, err)
		enc := AppendRecord(nil, vals)
		again, err := DecodeRecord(enc, nil)
		require.NoError(t, err)
		require.Equal(t, len(vals), len(again))
		for i := range vals {
			require.Equal(t, 0, CompareValues(&vals[i], &again[i]))
		}
		c, err := compareRecords(b, enc, nil)
		require.NoError(t, err)
		require.Equal(t, 0, c)
	})
}

// fuzzImage builds a small database with a table and an index (overflow,
// three levels at 512-byte pages) and returns the file bytes.
func fuzzImage(t testing.TB) []byte { return fuzzImageMode(t, AutoVacuumNone) }

// fuzzImageMode is fuzzImage in the given auto-vacuum mode.
func fuzzImageMode(t testing.TB, mode AutoVacuumMode) []byte {
	fs := vfs.NewMemFS()
	f := openOn(t, fs, "seed.db", 512)
	if mode != AutoVacuumNone {
		_, err := f.SetAutoVacuum(mode)
		require.NoError(t, err)
	}
	beginWrite(t, f)
	root, err := f.CreateTree(TableTree)
	require.NoError(t, err)
	idx, err := f.CreateTree(IndexTree)
	require.NoError(t, err)
	c, err := f.OpenCursor(root, TableTree, true, nil)
	require.NoError(t, err)
	ic, err := f.OpenCursor(idx, IndexTree, true, nil)
	require.NoError(t, err)
	for i := int64(1); i <= 120; i++ {
		require.NoError(t, c.Insert(i, make([]byte, int(i%5)*150)))
		require.NoError(t, ic.InsertKey(AppendRecord(nil, []Value{{Type: Text, Bytes: make([]byte, int(i%4)*60)}, {Type: Integer, Int: i}})))
	}
	for i := int64(1); i <= 120; i += 3 {
		_, err := c.SeekRowid(i)
		require.NoError(t, err)
		require.NoError(t, c.Delete())
	}
	require.NoError(t, c.Close())
	require.NoError(t, ic.Close())
	writeSchemaRow(t, f, 1, "table", "t", "t", root, "CREATE TABLE t(x)")
	writeSchemaRow(t, f, 2, "index", "i", "t", idx, "CREATE INDEX i ON t(y)")
	commit(t, f)
	require.NoError(t, f.Pager().Close())
	file, err := fs.Open("seed.db", vfs.OpenReadOnly)
	require.NoError(t, err)
	defer file.Close()
	size, err := file.Size()
	require.NoError(t, err)
	img := make([]byte, size)
	_, err = file.ReadAt(img, 0)
	require.NoError(t, err)
	return img
}

// openFuzzImage opens a (possibly corrupt) image in a read transaction;
// nil when the pager or the header refuses it. ok reports whether err is
// nil and fails the test for any error other than ErrCorrupt, ErrMisuse
// or ErrNotSupported (B8).
func openFuzzImage(t *testing.T, img []byte) (f *File, ok func(error) bool) {
	fs := vfs.NewMemFS()
	file, err := fs.Open("f.db", vfs.OpenReadWrite|vfs.OpenCreate)
	require.NoError(t, err)
	_, err = file.WriteAt(img, 0)
	require.NoError(t, err)
	require.NoError(t, file.Close())
	p, err := pager.Open(fs, "f.db", pager.Options{JournalMode: pager.JournalMemory, CacheSize: 50})
	if err != nil {
		return nil, nil
	}
	t.Cleanup(func() { p.Close() })
	f, err = Open(p)
	require.NoError(t, err)
	if err := f.BeginRead(context.Background()); err != nil {
		return nil, nil
	}
	t.Cleanup(func() { f.EndRead() })
	return f, func(err error) bool {
		if err == nil {
			return true
		}
		if !errors.Is(err, ErrCorrupt) && !errors.Is(err, ErrMisuse) && !errors.Is(err, ErrNotSupported) {
			t.Fatalf("unexpected error kind: %v", err)
		}
		return false
	}
}

// exercise reads every tree of a (possibly corrupt) image, runs the
// integrity check and some writes. It must not panic or hang; corruption
// must surface as ErrCorrupt (B8).
func exercise(t *testing.T, img []byte) {
	f, ok := openFuzzImage(t, img)
	if f == nil {
		return
	}
	_, err := f.IntegrityCheck([]uint32{2, 3}, 10)
	ok(err)
	for _, tr := range []struct {
		root uint32
		kind TreeKind
	}{{1, TableTree}, {2, TableTree}, {3, IndexTree}} {
		c, err := f.OpenCursor(tr.root, tr.kind, true, nil)
		require.NoError(t, err)
		n := 0
		more, err := c.First()
		for ok(err) && more && n < 10000 {
			if _, err = c.Payload(); !ok(err) {
				break
			}
			more, err = c.Next()
			n++
		}
		more, err = c.Last()
		for ok(err) && more && n < 20000 {
			more, err = c.Prev()
			n++
		}
		require.NoError(t, c.Close())
	}
	if err := f.BeginWrite(context.Background(), false); err != nil {
		return
	}
	for _, tr := range []struct {
		root uint32
		kind TreeKind
	}{{2, TableTree}, {3, IndexTree}} {
		c, err := f.OpenCursor(tr.root, tr.kind, true, nil)
		require.NoError(t, err)
		for i := int64(0); i < 40; i++ {
			if tr.kind == TableTree {
				if !ok(c.Insert(i*3+1, make([]byte, 200))) {
					break
				}
			} else if !ok(c.InsertKey(AppendRecord(nil, []Value{{Type: Text, Bytes: make([]byte, 100)}, {Type: Integer, Int: i}}))) {
				break
			}
		}
		more, err := c.First()
		for i := 0; ok(err) && more && i < 60; i++ {
			if !ok(c.Delete()) {
				break
			}
			more, err = c.Next()
		}
		require.NoError(t, c.Close())
	}
	_, err = f.IntegrityCheck([]uint32{2, 3}, 10)
	ok(err)
	_ = f.Rollback()
}

// FuzzPage corrupts bytes of a database image (at an offset chosen by the
// fuzzer) and exercises reads, writes and the integrity check.
func FuzzPage(f *testing.F) {
	img := fuzzImage(f)
	f.Add(uint32(512*1+0), []byte{0x07})              // bad page type on page 2
	f.Add(uint32(512*1+3), []byte{0xff, 0xff})        // huge cell count
	f.Add(uint32(512*1+1), []byte{0x01, 0x00})        // freeblock inside the header
	f.Add(uint32(512*2+8), []byte{0, 0, 0, 3})        // interior page pointing to itself
	f.Add(uint32(100+5), []byte{0, 1})                // page 1 content start
	f.Add(uint32(32), []byte{0, 0, 0, 2})             // freelist trunk is a tree page
	f.Add(uint32(36), []byte{0xff, 0xff, 0xff, 0xff}) // freelist count
	f.Add(uint32(512*5+20), []byte{0xde, 0xad, 0xbe, 0xef})
	f.Add(uint32(512*7+300), []byte{0, 0, 0, 1})
	f.Fuzz(func(t *testing.T, off uint32, patch []byte) {
		if len(patch) > 64 {
			patch = patch[:64]
		}
		b := append([]byte(nil), img...)
		o := int(off % uint32(len(b)))
		copy(b[o:], patch)
		exercise(t, b)
	})
}

// FuzzHeader corrupts the 100-byte header only.
func FuzzHeader(f *testing.F) {
	img := fuzzImage(f)
	f.Add(img[:100])
	h := append([]byte(nil), img[:100]...)
	put32(h[hdrTextEncoding:], 2)
	f.Add(h)
	h = append([]byte(nil), img[:100]...)
	put32(h[hdrLargestRoot:], 3)
	f.Add(h)
	h = append([]byte(nil), img[:100]...)
	h[hdrMaxFraction] = 65
	f.Add(h)
	f.Fuzz(func(t *testing.T, hdr []byte) {
		b := append([]byte(nil), img...)
		copy(b, hdr)
		exercise(t, b)
	})
}

// TestCorruptPages checks specific corruptions give ErrCorrupt naming the
// page (B8).
func TestCorruptPages(t *testing.T) {
	img := fuzzImage(t)
	for _, tc := range []struct {
		name  string
		off   int
		patch []byte
	}{
		{"bad page type", 512*1 + 0, []byte{0x07}},
		{"cell count too big", 512*1 + 3, []byte{0x7f, 0xff}},
		{"child loop", 0, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := append([]byte(nil), img...)
			if tc.patch == nil {
				// Point the table root's right child at the root itself.
				b[512*1+0] = typeTableInterior
				put32(b[512*1+8:], 2)
			} else {
				copy(b[tc.off:], tc.patch)
			}
			fs := vfs.NewMemFS()
			file, err := fs.Open("f.db", vfs.OpenReadWrite|vfs.OpenCreate)
			require.NoError(t, err)
			_, err = file.WriteAt(b, 0)
			require.NoError(t, err)
			require.NoError(t, file.Close())
			p, err := pager.Open(fs, "f.db", pager.Options{})
			require.NoError(t, err)
			defer p.Close()
			f, err := Open(p)
			require.NoError(t, err)
			require.NoError(t, f.BeginRead(context.Background()))
			defer f.EndRead()
			c, err := f.OpenCursor(2, TableTree, false, nil)
			require.NoError(t, err)
			defer c.Close()
			_, err = c.First()
			for err == nil {
				var more bool
				more, err = c.Next()
				if !more && err == nil {
					break
				}
			}
			require.ErrorIs(t, err, ErrCorrupt)
			var ce *CorruptError
			require.ErrorAs(t, err, &ce)
			require.EqualValues(t, 2, ce.Pgno)
			probs, err := f.IntegrityCheck([]uint32{2, 3}, 10)
			require.NoError(t, err)
			require.NotEmpty(t, probs)
		})
	}
}

// openImage opens a database image in memory inside a read transaction.
func openImage(t *testing.T, img []byte) *File {
	t.Helper()
	fs := vfs.NewMemFS()
	file, err := fs.Open("f.db", vfs.OpenReadWrite|vfs.OpenCreate)
	require.NoError(t, err)
	_, err = file.WriteAt(img, 0)
	require.NoError(t, err)
	require.NoError(t, file.Close())
	p, err := pager.Open(fs, "f.db", pager.Options{})
	require.NoError(t, err)
	t.Cleanup(func() { _ = p.Close() })
	f, err := Open(p)
	require.NoError(t, err)
	require.NoError(t, f.BeginRead(context.Background()))
	t.Cleanup(func() { _ = f.EndRead() })
	return f
}

// firstLeaf returns the page number of the first leaf of a tree that has
// at least two cells.
func firstLeaf(t *testing.T, img []byte, root uint32, kind TreeKind) uint32 {
	f := openImage(t, img)
	c, err := f.OpenCursor(root, kind, false, nil)
	require.NoError(t, err)
	defer c.Close()
	ok, err := c.First()
	for ; ok; ok, err = c.Next() {
		if c.depth > 1 && c.top().n.leaf && c.top().n.nCell >= 2 {
			return c.top().n.pgno
		}
	}
	require.NoError(t, err)
	t.Fatal("no leaf with two cells")
	return 0
}

// TestIntegrityDetects: IntegrityCheck reports each kind of damage (B2-B4).
func TestIntegrityDetects(t *testing.T) {
	img := fuzzImage(t)
	f := openImage(t, img)
	probs, err := f.IntegrityCheckKeys([]uint32{2, 3}, map[uint32]*KeyInfo{3: nil}, 10)
	require.NoError(t, err)
	require.Empty(t, probs)
	free, err := f.Meta(FreelistCount)
	require.NoError(t, err)
	require.Positive(t, free, "the image has free pages")

	swapFirstCells := func(b []byte, pgno uint32) {
		p := int(pgno-1)*512 + leafHeaderSize
		b[p], b[p+1], b[p+2], b[p+3] = b[p+2], b[p+3], b[p], b[p+1]
	}
	for _, tc := range []struct {
		name   string
		damage func(b []byte)
		want   string
	}{
		{"index order", func(b []byte) { swapFirstCells(b, firstLeaf(t, img, 3, IndexTree)) }, "key out of order"},
		{"rowid order", func(b []byte) { swapFirstCells(b, firstLeaf(t, img, 2, TableTree)) }, "out of order"},
		{"freelist count", func(b []byte) { put32(b[hdrFreelistCount:], get32(b[hdrFreelistCount:])+1) }, "freelist: header says"},
		{"lost pages", func(b []byte) { put32(b[hdrFreelistCount:], 0); put32(b[hdrFreelistTrunk:], 0) }, "never used"},
		{"fragment count", func(b []byte) { b[int(firstLeaf(t, img, 2, TableTree)-1)*512+pgFragmented] += 3 }, "fragmentation"},
		{"page used twice", func(b []byte) {
			// Point the index root's right child at the table's first leaf.
			put32(b[2*512+pgRightChild:], firstLeaf(t, img, 2, TableTree))
		}, "used twice"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := append([]byte(nil), img...)
			tc.damage(b)
			f := openImage(t, b)
			probs, err := f.IntegrityCheckKeys([]uint32{2, 3}, map[uint32]*KeyInfo{3: nil}, 10)
			require.NoError(t, err)
			require.NotEmpty(t, probs)
			require.Contains(t, probs[0]+strings.Join(probs, "\n"), tc.want)
		})
	}
}
