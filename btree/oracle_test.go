package btree

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/walrusdb/walrus/internal/vfs"
	"github.com/walrusdb/walrus/pager"
)

const sqlite3Path = "/usr/bin/sqlite3"

func needSQLite(t *testing.T) {
	t.Helper()
	if _, err := os.Stat(sqlite3Path); err != nil {
		t.Skip("sqlite3 not installed")
	}
}

// runSQLite runs sql against path with the sqlite3 CLI and returns stdout.
func runSQLite(t *testing.T, path, sql string) string {
	t.Helper()
	cmd := exec.Command(sqlite3Path, "-batch", "-bail", path)
	cmd.Stdin = strings.NewReader(sql)
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "sqlite3: %s", out)
	return string(out)
}

// quoteValue renders v as sqlite3's quote() does for integers, text, blobs
// and NULL.
func quoteValue(v Value) string {
	switch v.Type {
	case Null:
		return "NULL"
	case Integer:
		return strconv.FormatInt(v.Int, 10)
	case Text:
		return "'" + strings.ReplaceAll(string(v.Bytes), "'", "''") + "'"
	case Blob:
		return fmt.Sprintf("X'%X'", v.Bytes)
	}
	panic("quoteValue of a REAL")
}

// realTimes4 renders CAST(b*4 AS INTEGER) for a REAL that is a multiple of
// 0.25, or "" for NULL.
func realTimes4(v Value) string {
	switch v.Type {
	case Null:
		return ""
	case Integer:
		return strconv.FormatInt(v.Int*4, 10)
	}
	return strconv.FormatInt(int64(v.Float*4), 10)
}

func typeName(v Value) string {
	return map[ValueType]string{Null: "null", Integer: "integer", Float: "real", Text: "text", Blob: "blob"}[v.Type]
}

// rowLine is the expected output of rowQuery for one row.
func rowLine(rowid int64, vals []Value) string {
	for len(vals) < 4 {
		vals = append(vals, Value{Type: Null})
	}
	bType := typeName(vals[1])
	if vals[1].Type == Integer {
		bType = "real" // REAL affinity stores integral values as integers
	}
	return fmt.Sprintf("%d|%s|%s|%s|%s|%s", rowid, quoteValue(vals[0]), bType, realTimes4(vals[1]), quoteValue(vals[2]), quoteValue(vals[3]))
}

const rowQuery = "SELECT rowid, quote(a), typeof(b), CAST(b*4 AS INTEGER), quote(c), quote(d) FROM %s ORDER BY rowid;\n"

const textAlphabet = "abcxyz 'é日"

func randText(r *rand.Rand, n int) []byte {
	alpha := []rune(textAlphabet)
	var sb strings.Builder
	for sb.Len() < n {
		sb.WriteRune(alpha[r.IntN(len(alpha))])
	}
	return []byte(sb.String())
}

// randRow returns values for t(a INTEGER, b REAL, c TEXT, d BLOB); big rows
// carry 10-20 KB text and blobs.
func randRow(r *rand.Rand, big bool) []Value {
	vals := make([]Value, 4)
	if r.IntN(10) > 0 {
		vals[0] = Value{Type: Integer, Int: r.Int64() >> uint(r.IntN(64))}
		if r.IntN(2) == 0 {
			vals[0].Int = -vals[0].Int
		}
	}
	if r.IntN(10) > 0 {
		vals[1] = Value{Type: Float, Float: float64(r.IntN(2000000)-1000000) * 0.25}
	}
	n, m := r.IntN(30), r.IntN(20)
	if big {
		n, m = 10000+r.IntN(10000), 10000+r.IntN(10000)
	}
	if r.IntN(10) > 0 {
		vals[2] = Value{Type: Text, Bytes: randText(r, n)}
	}
	if r.IntN(10) > 0 {
		b := make([]byte, m)
		for i := range b {
			b[i] = byte(r.IntN(256))
		}
		vals[3] = Value{Type: Blob, Bytes: b}
	}
	return vals
}

// oracleTable is one table written through the btree with its index.
type oracleTable struct {
	name      string
	rows      int
	big       bool
	random    bool // insert in random rowid order
	deleteMod int  // delete rows whose rowid % deleteMod == 0 afterwards (0: none)
	root      uint32
	idxRoot   uint32
	data      map[int64][]Value
}

// writeSchemaRow inserts one sqlite_schema row.
func writeSchemaRow(t testing.TB, f *File, rowid int64, typ, name, tbl string, root uint32, sql string) {
	t.Helper()
	c, err := f.OpenCursor(1, TableTree, true, nil)
	require.NoError(t, err)
	defer c.Close()
	rec := AppendRecord(nil, []Value{
		{Type: Text, Bytes: []byte(typ)}, {Type: Text, Bytes: []byte(name)}, {Type: Text, Bytes: []byte(tbl)},
		{Type: Integer, Int: int64(root)}, {Type: Text, Bytes: []byte(sql)},
	})
	require.NoError(t, c.Insert(rowid, rec))
}

// indexKey is the index record of CREATE INDEX ... ON t(c, a DESC).
func indexKey(rowid int64, vals []Value) []byte {
	return AppendRecord(nil, []Value{vals[2], vals[0], {Type: Integer, Int: rowid}})
}

var oracleKeyInfo = &KeyInfo{Desc: []bool{false, true}}

// TestOracleWrite writes tables and indexes through the btree and has
// sqlite3 check them (B1-B4, B9).
func TestOracleWrite(t *testing.T) {
	needSQLite(t)
	for _, ps := range []int{4096, 1024} {
		t.Run(fmt.Sprint(ps), func(t *testing.T) {
			t.Parallel()
			oracleWrite(t, ps)
		})
	}
}

func oracleWrite(t *testing.T, pageSize int) {
	r := rand.New(rand.NewPCG(uint64(pageSize), 3))
	tables := []*oracleTable{
		{name: "t0", rows: 0},
		{name: "t1", rows: 1},
		{name: "t1000", rows: 1000, random: true, deleteMod: 3},
		{name: "tbig", rows: 300, big: true, random: true, deleteMod: 4},
	}
	if pageSize == 4096 {
		tables = append(tables, &oracleTable{name: "t200k", rows: 200000, deleteMod: 7})
	}
	f, path := openDisk(t, pageSize)
	f.Pager().SetCacheSize(20000) // no spills: the test is about the format
	beginWrite(t, f)
	schemaRowid := int64(1)
	keys := map[uint32]*KeyInfo{}
	var roots []uint32
	for _, tb := range tables {
		var err error
		tb.root, err = f.CreateTree(TableTree)
		require.NoError(t, err)
		tb.idxRoot, err = f.CreateTree(IndexTree)
		require.NoError(t, err)
		keys[tb.idxRoot] = oracleKeyInfo
		roots = append(roots, tb.root, tb.idxRoot)
		writeSchemaRow(t, f, schemaRowid, "table", tb.name, tb.name, tb.root,
			fmt.Sprintf("CREATE TABLE %s(a INTEGER, b REAL, c TEXT, d BLOB)", tb.name))
		writeSchemaRow(t, f, schemaRowid+1, "index", tb.name+"_ca", tb.name, tb.idxRoot,
			fmt.Sprintf("CREATE INDEX %s_ca ON %s(c, a DESC)", tb.name, tb.name))
		schemaRowid += 2

		tc, err := f.OpenCursor(tb.root, TableTree, true, nil)
		require.NoError(t, err)
		ic, err := f.OpenCursor(tb.idxRoot, IndexTree, true, oracleKeyInfo)
		require.NoError(t, err)
		tb.data = map[int64][]Value{}
		order := make([]int64, tb.rows)
		for i := range order {
			order[i] = int64(i + 1)
		}
		if tb.random {
			r.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		}
		var rec []byte
		for _, rowid := range order {
			vals := randRow(r, tb.big)
			tb.data[rowid] = vals
			rec = AppendRecord(rec[:0], vals)
			require.NoError(t, tc.Insert(rowid, rec))
			require.NoError(t, ic.InsertKey(indexKey(rowid, vals)))
		}
		if tb.deleteMod > 0 {
			for rowid, vals := range tb.data {
				if rowid%int64(tb.deleteMod) != 0 {
					continue
				}
				found, err := tc.SeekRowid(rowid)
				require.NoError(t, err)
				require.True(t, found)
				require.NoError(t, tc.Delete())
				kv, err := DecodeRecord(indexKey(rowid, vals), nil)
				require.NoError(t, err)
				found, err = ic.SeekGE(kv)
				require.NoError(t, err)
				require.True(t, found)
				require.NoError(t, ic.Delete())
				delete(tb.data, rowid)
			}
		}
		require.NoError(t, tc.Close())
		require.NoError(t, ic.Close())
	}
	require.NoError(t, f.SetMeta(SchemaCookie, 1))
	mustCheck(t, f, roots, keys)
	commit(t, f)
	require.NoError(t, f.Pager().Close())

	require.Equal(t, "ok\n", runSQLite(t, path, "PRAGMA integrity_check;\n"))
	for _, tb := range tables {
		var want strings.Builder
		rowids := make([]int64, 0, len(tb.data))
		for k := range tb.data {
			rowids = append(rowids, k)
		}
		slices.Sort(rowids)
		for _, k := range rowids {
			want.WriteString(rowLine(k, tb.data[k]))
			want.WriteByte('\n')
		}
		got := runSQLite(t, path, fmt.Sprintf(rowQuery, tb.name))
		require.True(t, want.String() == got, "table %s: sqlite3 reads different rows (%d vs %d bytes)", tb.name, len(got), want.Len())
		// The index is what sqlite3 walks for this query.
		cnt := runSQLite(t, path, fmt.Sprintf("SELECT count(*) FROM %s INDEXED BY %s_ca WHERE c IS NOT NULL OR c IS NULL;\n", tb.name, tb.name))
		require.Equal(t, fmt.Sprintf("%d\n", len(tb.data)), cnt)
	}
}

// TestOracleRead has sqlite3 build databases (overflow, DESC indexes, many
// deletes, VACUUM; page sizes 512, 4096, 65536) and reads them row by row
// through cursors.
func TestOracleRead(t *testing.T) {
	needSQLite(t)
	for _, ps := range []int{512, 4096, 65536} {
		for _, variant := range []string{"plain", "deleted", "vacuumed"} {
			t.Run(fmt.Sprintf("%d-%s", ps, variant), func(t *testing.T) {
				t.Parallel()
				oracleRead(t, ps, variant)
			})
		}
	}
}

func oracleRead(t *testing.T, pageSize int, variant string) {
	path := filepath.Join(t.TempDir(), "sq.db")
	var sb strings.Builder
	fmt.Fprintf(&sb, "PRAGMA page_size=%d;\n", pageSize)
	sb.WriteString(`CREATE TABLE t(a INTEGER, b REAL, c TEXT, d BLOB);
CREATE INDEX t_ca ON t(c, a DESC);
CREATE TABLE u(a INTEGER, b REAL, c TEXT, d BLOB);
CREATE INDEX u_c ON u(c);
CREATE UNIQUE INDEX u_a ON u(a);
CREATE TABLE reals(x REAL);
INSERT INTO reals VALUES (0.1), (-0.0), (1e308), (5e-324), (3.141592653589793), (-2.5e-10), (123456789012345678.0);
WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM s WHERE i < 3000)
INSERT INTO t SELECT
  CASE WHEN i % 11 = 0 THEN NULL ELSE (i * 2654435761) % 1000003 - 500000 END,
  CASE WHEN i % 13 = 0 THEN NULL ELSE ((i * 7919) % 20001 - 10000) * 0.25 END,
  CASE WHEN i % 17 = 0 THEN NULL ELSE printf('v%d''x', (i * 31) % 977) END,
  CASE WHEN i % 19 = 0 THEN NULL ELSE randomblob(i % 40) END
FROM s;
WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM s WHERE i < 300)
INSERT INTO u SELECT i * 1000, i * 0.5, printf('%.*c', 5000 + (i * 37) % 15000, 'k') || i, randomblob(10000 + (i * 53) % 10000) FROM s;
`)
	switch variant {
	case "deleted":
		sb.WriteString("DELETE FROM t WHERE a % 3 = 0 OR a IS NULL;\nDELETE FROM u WHERE a % 3000 = 0;\n")
	case "vacuumed":
		sb.WriteString("DELETE FROM t WHERE rowid % 2 = 0;\nDELETE FROM u WHERE a % 2000 = 0;\nVACUUM;\n")
	}
	runSQLite(t, path, sb.String())

	p, err := pager.Open(vfs.NewOSFS(), path, pager.Options{ReadOnly: true})
	require.NoError(t, err)
	defer p.Close()
	f, err := Open(p)
	require.NoError(t, err)
	require.NoError(t, f.BeginRead(context.Background()))
	defer f.EndRead()

	schema := readSchema(t, f)
	var roots []uint32
	keys := map[uint32]*KeyInfo{}
	for _, e := range schema {
		roots = append(roots, e.root)
	}
	keys[schema["t_ca"].root] = oracleKeyInfo
	mustCheck(t, f, roots, keys)

	for _, tbl := range []string{"t", "u"} {
		want := runSQLite(t, path, fmt.Sprintf(rowQuery, tbl))
		var got strings.Builder
		c, err := f.OpenCursor(schema[tbl].root, TableTree, false, nil)
		require.NoError(t, err)
		ok, err := c.First()
		require.NoError(t, err)
		var vals []Value
		for ok {
			rowid, err := c.Rowid()
			require.NoError(t, err)
			p, err := c.Payload()
			require.NoError(t, err)
			vals, err = DecodeRecord(p, vals)
			require.NoError(t, err)
			got.WriteString(rowLine(rowid, vals))
			got.WriteByte('\n')
			ok, err = c.Next()
			require.NoError(t, err)
		}
		require.NoError(t, c.Close())
		require.True(t, want == got.String(), "table %s differs (%d vs %d bytes)", tbl, got.Len(), len(want))
	}

	// Index order: sqlite3's ORDER BY over the index columns and ours agree.
	want := runSQLite(t, path, "SELECT quote(c), quote(a), rowid FROM t INDEXED BY t_ca ORDER BY c, a DESC, rowid;\n")
	var got strings.Builder
	c, err := f.OpenCursor(schema["t_ca"].root, IndexTree, false, oracleKeyInfo)
	require.NoError(t, err)
	ok, err := c.First()
	require.NoError(t, err)
	var vals []Value
	for ok {
		p, err := c.Payload()
		require.NoError(t, err)
		vals, err = DecodeRecord(p, vals)
		require.NoError(t, err)
		require.Len(t, vals, 3)
		fmt.Fprintf(&got, "%s|%s|%d\n", quoteValue(vals[0]), quoteValue(vals[1]), vals[2].Int)
		ok, err = c.Next()
		require.NoError(t, err)
	}
	require.NoError(t, c.Close())
	require.True(t, want == got.String(), "index t_ca order differs")

	// Seeks on the big-key index u_c find every key.
	c, err = f.OpenCursor(schema["u_c"].root, IndexTree, false, nil)
	require.NoError(t, err)
	n := 0
	for ok, err = c.First(); ok; ok, err = c.Next() {
		p, err := c.Payload()
		require.NoError(t, err)
		vals, err = DecodeRecord(p, vals)
		require.NoError(t, err)
		key := []Value{{Type: Text, Bytes: append([]byte(nil), vals[0].Bytes...)}}
		c2, err := f.OpenCursor(schema["u_c"].root, IndexTree, false, nil)
		require.NoError(t, err)
		found, err := c2.SeekGE(key)
		require.NoError(t, err)
		require.True(t, found)
		p2, err := c2.Payload()
		require.NoError(t, err)
		require.Equal(t, p, p2)
		require.NoError(t, c2.Close())
		n++
	}
	require.NoError(t, err)
	require.Positive(t, n)
	require.NoError(t, c.Close())

	// Reals keep their exact bits.
	c, err = f.OpenCursor(schema["reals"].root, TableTree, false, nil)
	require.NoError(t, err)
	var reals []float64
	for ok, err = c.First(); ok; ok, err = c.Next() {
		p, err := c.Payload()
		require.NoError(t, err)
		vals, err = DecodeRecord(p, vals)
		require.NoError(t, err)
		if vals[0].Type == Integer { // REAL affinity may store integral values as integers
			reals = append(reals, float64(vals[0].Int))
		} else {
			reals = append(reals, vals[0].Float)
		}
	}
	require.NoError(t, err)
	require.Equal(t, []float64{0.1, 0, 1e308, 5e-324, 3.141592653589793, -2.5e-10, 123456789012345678.0}, reals)
	require.NoError(t, c.Close())
}

type schemaEntry struct {
	typ, name string
	root      uint32
}

func readSchema(t *testing.T, f *File) map[string]schemaEntry {
	t.Helper()
	c, err := f.OpenCursor(1, TableTree, false, nil)
	require.NoError(t, err)
	defer c.Close()
	m := map[string]schemaEntry{}
	var vals []Value
	ok, err := c.First()
	for ; ok; ok, err = c.Next() {
		p, err := c.Payload()
		require.NoError(t, err)
		vals, err = DecodeRecord(p, vals)
		require.NoError(t, err)
		e := schemaEntry{typ: string(vals[0].Bytes), name: string(vals[1].Bytes), root: uint32(vals[3].Int)}
		m[e.name] = e
	}
	require.NoError(t, err)
	return m
}

// TestOracleSchemaSplit: sqlite_schema on page 1 (100 bytes less room)
// grows to several levels and shrinks back into page 1 (B5); sqlite3 agrees
// at both points.
func TestOracleSchemaSplit(t *testing.T) {
	needSQLite(t)
	f, path := openDisk(t, 512)
	beginWrite(t, f)
	roots := map[int64]uint32{}
	for i := int64(1); i <= 300; i++ {
		root, err := f.CreateTree(TableTree)
		require.NoError(t, err)
		roots[i] = root
		writeSchemaRow(t, f, i, "table", fmt.Sprintf("t%d", i), fmt.Sprintf("t%d", i), root,
			fmt.Sprintf("CREATE TABLE t%d(a INTEGER, b TEXT, column_with_a_long_name_%d INTEGER, another_long_column_name REAL)", i, i))
	}
	require.NoError(t, f.SetMeta(SchemaCookie, 1))
	d, _, _, err := treeStats(f, 1)
	require.NoError(t, err)
	require.GreaterOrEqual(t, d, 3)
	commit(t, f)
	require.Equal(t, "ok\n300\n", runSQLite(t, path, "PRAGMA integrity_check; SELECT count(*) FROM sqlite_schema;\n"))

	beginWrite(t, f)
	c, err := f.OpenCursor(1, TableTree, true, nil)
	require.NoError(t, err)
	for i := int64(2); i <= 300; i++ {
		found, err := c.SeekRowid(i)
		require.NoError(t, err)
		require.True(t, found)
		require.NoError(t, c.Delete())
		require.NoError(t, f.DropTree(roots[i]))
	}
	require.NoError(t, c.Close())
	require.NoError(t, f.SetMeta(SchemaCookie, 2))
	dump, err := dumpTree(f, 1)
	require.NoError(t, err)
	require.Equal(t, "table-leaf page 1: 1 cells\n", dump)
	mustCheck(t, f, []uint32{roots[1]}, nil)
	commit(t, f)
	require.NoError(t, f.Pager().Close())
	require.Equal(t, "ok\nt1\n", runSQLite(t, path, "PRAGMA integrity_check; SELECT name FROM sqlite_schema;\n"))
}
