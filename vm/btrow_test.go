package vm

import (
	"context"
	"fmt"
	"math"
	"math/rand"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/walrusdb/walrus/btree"
	"github.com/walrusdb/walrus/internal/vfs"
	"github.com/walrusdb/walrus/pager"
)

// storageSamples are stored values of every class, with the edge cases
// FromStorage converts (negative integers in UNSIGNED columns, digits in
// text, NaN).
var storageSamples = []btree.Value{
	{Type: btree.Null},
	{Type: btree.Integer, Int: 0},
	{Type: btree.Integer, Int: 1},
	{Type: btree.Integer, Int: -5},
	{Type: btree.Integer, Int: 1 << 40},
	{Type: btree.Integer, Int: math.MinInt64},
	{Type: btree.Integer, Int: math.MaxInt64},
	{Type: btree.Float, Float: 0},
	{Type: btree.Float, Float: 1.5},
	{Type: btree.Float, Float: -2.25},
	{Type: btree.Float, Float: 1e300},
	{Type: btree.Text, Bytes: []byte("")},
	{Type: btree.Text, Bytes: []byte("12")},
	{Type: btree.Text, Bytes: []byte("abc")},
	{Type: btree.Text, Bytes: []byte("2024-01-31 08:05:03")},
	{Type: btree.Blob, Bytes: []byte{}},
	{Type: btree.Blob, Bytes: []byte{0, 1, 0xff}},
	{Type: btree.Blob, Bytes: []byte("99")},
}

// TestNaturalMatchesFromStorage checks Column's fast path: for every base
// type, signed and unsigned, where natural says a stored class is returned
// as it is, FromStorage returns exactly naturalValue.
func TestNaturalMatchesFromStorage(t *testing.T) {
	fast := 0
	for base := BaseUnknown; base <= BaseSet+1; base++ {
		for _, unsigned := range []bool{false, true} {
			ct := ColType{Base: base, Unsigned: unsigned, Length: -1, Precision: 10, Scale: 2, Elems: "a\x00b"}
			for _, s := range storageSamples {
				if !natural(&ct, s.Type) {
					continue
				}
				fast++
				require.Equal(t, naturalValue(s), FromStorage(s, ct), "%s unsigned=%v %v", base, unsigned, s)
			}
		}
	}
	require.Greater(t, fast, 100, "the fast path covers the common types")
}

// btTestFile opens an empty database on a MemFS inside a write
// transaction.
func btTestFile(t testing.TB) *btree.File {
	t.Helper()
	p, err := pager.Open(vfs.NewMemFS(), "bt.db", pager.Options{JournalMode: pager.JournalOff, Synchronous: pager.SyncOff})
	require.NoError(t, err)
	t.Cleanup(func() { _ = p.Close() })
	f, err := btree.Open(p)
	require.NoError(t, err)
	require.NoError(t, f.BeginRead(context.Background()))
	require.NoError(t, f.BeginWrite(context.Background(), false))
	return f
}

// btTestTypes are the column types of the test table: the fast path's
// types and ones that convert.
var btTestTypes = []ColType{
	{Base: BaseBigInt},
	{Base: BaseVarchar, Length: -1},
	{Base: BaseDouble},
	{Base: BaseDecimal, Precision: 10, Scale: 2},
	{Base: BaseInt, Unsigned: true},
	{Base: BaseEnum, Elems: "x\x00y\x00z"},
	{Base: BaseBlob},
	{Base: BaseDate},
	{},
}

func btTestRow(rng *rand.Rand, i int) []Value {
	row := []Value{
		Int(int64(rng.Intn(2000) - 1000)),
		Text(fmt.Sprintf("s%d-%d", i, rng.Intn(1000))),
		Float(rng.Float64() * 100),
		Dec(DecimalFromInt(int64(rng.Intn(10000)))),
		Uint(uint64(rng.Intn(100000))),
		Text([]string{"x", "y", "z"}[rng.Intn(3)]),
		Blob([]byte{byte(i), byte(i >> 8), 0}),
		Text(fmt.Sprintf("2024-01-%02d", 1+rng.Intn(28))),
		Int(int64(i)),
	}
	for j := range row {
		if rng.Intn(8) == 0 {
			row[j] = Null()
		}
	}
	return row
}

// TestBtCursorColumnsMatchDecode reads the columns of every row in random
// order, some twice, and compares each with DecodeRecord + FromStorage of
// the stored record (M4).
func TestBtCursorColumnsMatchDecode(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	f := btTestFile(t)
	root, err := f.CreateTree(btree.TableTree)
	require.NoError(t, err)
	spec := &TreeSpec{Name: "t", Root: root, Types: btTestTypes}
	st := BtreeStorage{File: f}
	w, err := st.OpenCursor(spec, true)
	require.NoError(t, err)
	const rows = 300
	for i := 1; i <= rows; i++ {
		require.NoError(t, w.Insert(int64(i), btTestRow(rng, i)))
	}
	require.NoError(t, w.Close())

	raw, err := f.OpenCursor(root, btree.TableTree, false, nil)
	require.NoError(t, err)
	defer raw.Close()
	c, err := st.OpenCursor(spec, false)
	require.NoError(t, err)
	defer c.Close()
	ok, err := c.First()
	require.NoError(t, err)
	okRaw, err := raw.First()
	require.NoError(t, err)
	n := 0
	for ok {
		require.True(t, okRaw)
		p, err := raw.Payload()
		require.NoError(t, err)
		stored, err := btree.DecodeRecord(p, nil)
		require.NoError(t, err)
		for range 2 * len(btTestTypes) {
			i := rng.Intn(len(btTestTypes) + 2) // past the end reads NULL
			want := Null()
			if i < len(stored) {
				want = FromStorage(stored[i], btTestTypes[i])
			}
			got, err := c.Column(i)
			require.NoError(t, err)
			require.Equal(t, want.Kind(), got.Kind(), "row %d column %d", n, i)
			require.Equal(t, want.String(), got.String(), "row %d column %d", n, i)
		}
		n++
		ok, err = c.Next()
		require.NoError(t, err)
		okRaw, err = raw.Next()
		require.NoError(t, err)
	}
	require.Equal(t, rows, n)
}

// TestBtCursorValuesOutliveEntry checks M5: strings read from an entry keep
// their bytes after the cursor moves on and after the tree changes.
func TestBtCursorValuesOutliveEntry(t *testing.T) {
	f := btTestFile(t)
	root, err := f.CreateTree(btree.TableTree)
	require.NoError(t, err)
	spec := &TreeSpec{Name: "t", Root: root, Types: []ColType{{Base: BaseVarchar, Length: -1}, {Base: BaseBlob}, {Base: BaseInt}}}
	st := BtreeStorage{File: f}
	c, err := st.OpenCursor(spec, true)
	require.NoError(t, err)
	defer c.Close()
	for i := 1; i <= 50; i++ {
		require.NoError(t, c.Insert(int64(i), []Value{Text(fmt.Sprintf("text-%03d", i)), Blob([]byte(fmt.Sprintf("blob-%03d", i))), Int(int64(i))}))
	}
	var texts, blobs []Value
	ok, err := c.First()
	for i := 1; ok && err == nil; i++ {
		tv, err := c.Column(0)
		require.NoError(t, err)
		bv, err := c.Column(1)
		require.NoError(t, err)
		texts, blobs = append(texts, tv), append(blobs, bv)
		if i%10 == 0 { // rewrite rows under the cursor and the saved values
			w, err := st.OpenCursor(spec, true)
			require.NoError(t, err)
			require.NoError(t, w.Insert(int64(i-1), []Value{Text("changed"), Blob([]byte("changed")), Int(0)}))
			require.NoError(t, w.Close())
		}
		ok, err = c.Next()
	}
	require.NoError(t, err)
	require.Len(t, texts, 50)
	for i := range texts {
		require.Equal(t, fmt.Sprintf("text-%03d", i+1), texts[i].String())
		require.Equal(t, fmt.Sprintf("blob-%03d", i+1), blobs[i].String())
	}
}

// TestBtCursorLazyHeader checks M4: a column is found by reading the
// header only as far as it, so a row whose later serial types are corrupt
// still gives its first columns, and the bad one is ErrCorrupt.
func TestBtCursorLazyHeader(t *testing.T) {
	f := btTestFile(t)
	root, err := f.CreateTree(btree.TableTree)
	require.NoError(t, err)
	raw, err := f.OpenCursor(root, btree.TableTree, true, nil)
	require.NoError(t, err)
	// Header: size 4, INT8, TEXT(1), reserved type 10; body 7 'a'.
	require.NoError(t, raw.Insert(1, []byte{4, 1, 15, 10, 7, 'a'}))
	require.NoError(t, raw.Close())
	c, err := BtreeStorage{File: f}.OpenCursor(&TreeSpec{Name: "t", Root: root, Types: []ColType{{Base: BaseInt}, {Base: BaseVarchar}, {Base: BaseInt}}}, false)
	require.NoError(t, err)
	defer c.Close()
	ok, err := c.First()
	require.NoError(t, err)
	require.True(t, ok)
	v, err := c.Column(0)
	require.NoError(t, err)
	require.Equal(t, Int(7), v)
	v, err = c.Column(1)
	require.NoError(t, err)
	require.Equal(t, "a", v.String())
	_, err = c.Column(2)
	require.ErrorIs(t, err, btree.ErrCorrupt)
}

// TestBtCursorClosedIsMisuse checks M13: every call on a closed btCursor
// is an error or reports no entry, and a cursor opened after it (which may
// have its memory) reads on undisturbed.
func TestBtCursorClosedIsMisuse(t *testing.T) {
	f := btTestFile(t)
	root, err := f.CreateTree(btree.IndexTree)
	require.NoError(t, err)
	spec := &TreeSpec{Name: "i", Root: root, Index: true, Types: []ColType{{Base: BaseVarchar, Length: -1}, {Base: BaseBigInt}}}
	st := BtreeStorage{File: f}
	old, err := st.OpenCursor(spec, true)
	require.NoError(t, err)
	for i := 1; i <= 20; i++ {
		require.NoError(t, old.InsertKey([]Value{Text(fmt.Sprintf("k%02d", i)), Int(int64(i))}))
	}
	ok, err := old.First()
	require.NoError(t, err)
	require.True(t, ok)
	_, err = old.Column(0)
	require.NoError(t, err)
	require.NoError(t, old.Close())

	cur, err := st.OpenCursor(spec, true)
	require.NoError(t, err)
	defer cur.Close()
	ok, err = cur.Seek(SeekGE, []Value{Text("k05")})
	require.NoError(t, err)
	require.True(t, ok)

	key := []Value{Text("k07")}
	for name, call := range map[string]func() error{
		"Column":     func() error { _, err := old.Column(0); return err },
		"Rowid":      func() error { _, err := old.Rowid(); return err },
		"Seek":       func() error { _, err := old.Seek(SeekGE, key); return err },
		"CompareKey": func() error { _, err := old.CompareKey(key); return err },
		"InsertKey":  func() error { return old.InsertKey([]Value{Text("k99"), Int(99)}) },
		"Insert":     func() error { return old.Insert(1, []Value{Int(1)}) },
		"Delete":     func() error { return old.Delete() },
		"First":      func() error { _, err := old.First(); return err },
		"Count":      func() error { _, err := old.Count(); return err },
	} {
		require.Error(t, call(), name)
	}
	ok, err = old.Next()
	require.NoError(t, err)
	require.False(t, ok)
	require.NoError(t, old.Close(), "a second Close is a no-op")

	v, err := cur.Column(0)
	require.NoError(t, err)
	require.Equal(t, "k05", v.String())
	r, err := cur.Rowid()
	require.NoError(t, err)
	require.Equal(t, int64(5), r)
}

// TestBtCursorScanAllocs checks the cost model of Column: a row whose
// numbers are read allocates nothing; a row whose string is read
// allocates its one payload copy.
func TestBtCursorScanAllocs(t *testing.T) {
	f := btTestFile(t)
	root, err := f.CreateTree(btree.TableTree)
	require.NoError(t, err)
	spec := &TreeSpec{Name: "t", Root: root, Types: []ColType{{Base: BaseBigInt}, {Base: BaseDouble}, {Base: BaseVarchar, Length: -1}}}
	st := BtreeStorage{File: f}
	w, err := st.OpenCursor(spec, true)
	require.NoError(t, err)
	const rows = 200
	for i := 1; i <= rows; i++ {
		require.NoError(t, w.Insert(int64(i), []Value{Int(int64(i)), Float(float64(i) / 2), Text(fmt.Sprintf("row %d", i))}))
	}
	require.NoError(t, w.Close())
	c, err := st.OpenCursor(spec, false)
	require.NoError(t, err)
	defer c.Close()
	scan := func(cols ...int) func() {
		return func() {
			ok, err := c.First()
			for ; ok && err == nil; ok, err = c.Next() {
				for _, i := range cols {
					if _, err := c.Column(i); err != nil {
						t.Fatal(err)
					}
				}
			}
			if err != nil {
				t.Fatal(err)
			}
		}
	}
	require.Zero(t, testing.AllocsPerRun(5, scan(0, 1, 0)))
	require.InDelta(t, rows, testing.AllocsPerRun(5, scan(0, 2, 2)), 1)
}

// BenchmarkBtCursorColumns scans 1000 rows of the corpus's tab0 shape
// reading three of seven columns, one a string; one op is one scan.
func BenchmarkBtCursorColumns(b *testing.B) {
	f := btTestFile(b)
	root, err := f.CreateTree(btree.TableTree)
	require.NoError(b, err)
	types := []ColType{{Base: BaseInt}, {Base: BaseInt}, {Base: BaseFloat}, {Base: BaseText}, {Base: BaseInt}, {Base: BaseFloat}, {Base: BaseText}}
	spec := &TreeSpec{Name: "tab0", Root: root, Types: types}
	st := BtreeStorage{File: f}
	w, err := st.OpenCursor(spec, true)
	require.NoError(b, err)
	for i := range 1000 {
		row := []Value{Int(int64(i)), Int(int64(i * 7919 % 1000)), Float(float64(i%977) + .5), Text(fmt.Sprintf("t%05d", i)), Int(int64(i * 31 % 1000)), Float(float64(i%89) + .25), Text(fmt.Sprintf("u%05d", i))}
		require.NoError(b, w.Insert(int64(i+1), row))
	}
	require.NoError(b, w.Close())
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		c, err := st.OpenCursor(spec, false)
		if err != nil {
			b.Fatal(err)
		}
		ok, err := c.First()
		for ; ok && err == nil; ok, err = c.Next() {
			v, err := c.Column(1)
			if err != nil {
				b.Fatal(err)
			}
			if v.AsInt() > 500 {
				if _, err := c.Column(4); err != nil {
					b.Fatal(err)
				}
				if _, err := c.Column(3); err != nil {
					b.Fatal(err)
				}
			}
		}
		if err != nil {
			b.Fatal(err)
		}
		if err := c.Close(); err != nil {
			b.Fatal(err)
		}
	}
}
