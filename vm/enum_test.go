package vm

import (
	"testing"
	"unsafe"

	"github.com/pingcap/tidb/pkg/parser"
	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/walrusdb/walrus/btree"
)

func enumType(t *testing.T, def string) ColType {
	t.Helper()
	stmt, err := parser.New().ParseOneStmt("CREATE TABLE t (a "+def+")", "", "")
	require.NoError(t, err)
	ct, err := ColTypeFromField(stmt.(*ast.CreateTableStmt).Cols[0].Tp)
	require.NoError(t, err)
	return ct
}

// TestEnumStorage checks assignment to ENUM and SET columns: what is
// stored (index, mask), what reads back (member text carrying the number,
// V8) and what is refused.
func TestEnumStorage(t *testing.T) {
	e := enumType(t, "ENUM('b','a ','it''s')")
	s := enumType(t, "SET('x','y','z')")
	assert.Equal(t, []string{"b", "a", "it's"}, e.Members(), "trailing spaces of members are dropped")
	assert.Equal(t, "ENUM('b','a','it''s')", e.SQL())
	assert.Equal(t, "SET_INT", s.DeclType())
	assert.Equal(t, BaseBigInt, ColTypeFromDecl(e.DeclType()).Base, "sqlite3 sees integers")
	assert.Equal(t, 4, e.MaxMemberLength())
	assert.Equal(t, 5, s.MaxMemberLength())

	for _, c := range []struct {
		t      ColType
		in     Value
		stored int64
		text   string
	}{
		{e, Text("a"), 2, "a"},
		{e, Text("a  "), 2, "a"},
		{e, Text("it's"), 3, "it's"},
		{e, Int(1), 1, "b"},
		{e, Text("3"), 3, "it's"},
		{e, Float(2), 2, "a"},
		{s, Text("z,x"), 5, "x,z"},
		{s, Text("y,y"), 2, "y"},
		{s, Text(""), 0, ""},
		{s, Int(7), 7, "x,y,z"},
		{s, Text("6"), 6, "y,z"},
	} {
		sv, err := ToStorage(c.in, c.t)
		require.NoError(t, err, "%v into %s", c.in, c.t.SQL())
		assert.Equal(t, btree.Value{Type: btree.Integer, Int: c.stored}, sv, "%v into %s", c.in, c.t.SQL())
		v := FromStorage(sv, c.t)
		assert.Equal(t, c.text, v.AsString())
		assert.Equal(t, c.stored, v.AsInt(), "numeric context is the index or mask")
		assert.Equal(t, float64(c.stored), v.AsFloat())
		again, err := ToStorage(v, c.t)
		require.NoError(t, err)
		assert.Equal(t, sv, again, "V8: storing the read value again")
	}
	for _, c := range []struct {
		t  ColType
		in Value
	}{
		{e, Text("c")}, {e, Text("")}, {e, Text("A")}, {e, Int(0)}, {e, Int(4)}, {e, Int(-1)}, {e, Float(1.5)},
		{s, Text("x,w")}, {s, Int(8)}, {s, Text("x,")},
	} {
		_, err := ToStorage(c.in, c.t)
		assert.ErrorIs(t, err, ErrTruncated, "%v into %s", c.in, c.t.SQL())
	}

	// A value of one ENUM converts to another by its text, not its index.
	other := enumType(t, "ENUM('a','b')")
	a, err := ToStorage(Text("a"), e)
	require.NoError(t, err)
	sv, err := ToStorage(FromStorage(a, e), other)
	require.NoError(t, err)
	assert.Equal(t, int64(1), sv.Int)
	_, err = ToStorage(FromStorage(btree.Value{Type: btree.Integer, Int: 3}, e), other)
	assert.ErrorIs(t, err, ErrTruncated, "'it''s' is no member, though 3 looks like an index")

	// In a numeric column an ENUM value is its index.
	sv, err = ToStorage(FromStorage(a, e), ColType{Base: BaseInt, Length: -1})
	require.NoError(t, err)
	assert.Equal(t, int64(2), sv.Int)

	// Values sqlite3 may have written: out of range, other classes.
	assert.Equal(t, Int(9), FromStorage(btree.Value{Type: btree.Integer, Int: 9}, e))
	assert.Equal(t, Int(8), FromStorage(btree.Value{Type: btree.Integer, Int: 8}, s))
	assert.Equal(t, Text("q"), FromStorage(btree.Value{Type: btree.Text, Bytes: []byte("q")}, e))
	assert.Equal(t, "", FromStorage(btree.Value{Type: btree.Integer, Int: 0}, e).AsString(), "MySQL's error value")
}

// TestEnumCompare: comparisons with strings are by text, with numbers by
// index; the ORDER BY key is the index.
func TestEnumCompare(t *testing.T) {
	e := enumType(t, "ENUM('b','a','c')")
	read := func(s string) Value {
		sv, err := ToStorage(Text(s), e)
		require.NoError(t, err)
		return FromStorage(sv, e)
	}
	a, b := read("a"), read("b")
	c, _ := Compare(a, b)
	assert.Equal(t, -1, c, "text order: 'a' < 'b'")
	c, _ = Compare(a, Text("b"))
	assert.Equal(t, -1, c)
	c, _ = Compare(a, Int(2))
	assert.Equal(t, 0, c, "a is member 2")
	assert.Equal(t, 1, CompareTotal(EnumOrdinal(a), EnumOrdinal(b)), "index order: b(1) < a(2)")
	assert.Equal(t, Text("x"), EnumOrdinal(Text("x")), "other values pass")
	sum, err := Add(a, Int(0))
	require.NoError(t, err)
	assert.Equal(t, 2.0, sum.AsFloat())
	cast, err := Cast(a, ColType{Base: BaseBigInt, Length: -1})
	require.NoError(t, err)
	assert.Equal(t, Int(2), cast)
	assert.Equal(t, "a", a.Clone().AsString())
	assert.Equal(t, int64(2), a.Clone().AsInt(), "Clone keeps the index")
}

// TestEnumSpillRow: a spilled row keeps an ENUM/SET value's number.
func TestEnumSpillRow(t *testing.T) {
	s := enumType(t, "SET('x','y','z')")
	sv, err := ToStorage(Text("z,y"), s)
	require.NoError(t, err)
	row := []Value{FromStorage(sv, s), Text("plain"), Int(3)}
	got, err := decodeRow(encodeRow(nil, row), nil)
	require.NoError(t, err)
	assert.Equal(t, row, got)
	_, err = decodeRow([]byte{1, byte(KindInt) | enumKindBit, 0}, nil)
	assert.Error(t, err, "the enum bit on a number is corrupt")
}

func TestFindInSet(t *testing.T) {
	s := enumType(t, "SET('x','y','z')")
	sv, err := ToStorage(Text("x,z"), s)
	require.NoError(t, err)
	col := FromStorage(sv, s)
	for _, c := range []struct {
		str, list Value
		want      Value
	}{
		{Text("b"), Text("a,b,c"), Int(2)},
		{Text("b,c"), Text("a,b,c"), Int(0)},
		{Text(""), Text("a,,b"), Int(2)},
		{Text(""), Text(""), Int(0)},
		{Text("d"), Text("a,b"), Int(0)},
		{Null(), Text("a"), Null()},
		{Text("a"), Null(), Null()},
		{Text("z"), col, Int(3)}, // the member's number in SET('x','y','z'), as MySQL
		{Text("x"), col, Int(1)},
		{Text("y"), col, Int(0)},
		{Text("z"), Text("x,z"), Int(2)},
	} {
		got, err := fnFindInSet([]Value{c.str, c.list})
		if c.str.IsNull() || c.list.IsNull() {
			got, err = strict(fnFindInSet)([]Value{c.str, c.list})
		}
		require.NoError(t, err)
		assert.Equal(t, c.want, got, "FIND_IN_SET(%v, %v)", c.str, c.list)
	}
}

// TestEnumProbe: an index probe with a string finds exactly the entries
// whose text equals it, so a seek agrees with the comparison e = 'str'.
func TestEnumProbe(t *testing.T) {
	e := enumType(t, "ENUM('b','a')")
	s := enumType(t, "SET('x','y','z')")
	for _, c := range []struct {
		t    ColType
		in   Value
		want int64 // -1: no entry can match
	}{
		{e, Text("a"), 2}, {e, Text("a "), -1}, {e, Text("2"), -1}, {e, Text("c"), -1}, {e, Int(2), 2},
		{s, Text("x,z"), 5}, {s, Text("z,x"), -1}, {s, Text(""), 0}, {s, Int(5), 5},
	} {
		sv, ok := digitsProbe(c.in, c.t)
		if c.want < 0 {
			assert.False(t, ok, "%v", c.in)
			continue
		}
		require.True(t, ok, "%v", c.in)
		assert.Equal(t, btree.Value{Type: btree.Integer, Int: c.want}, sv, "%v", c.in)
	}
}

// TestEnumValueSize: the ENUM tag lives in Value's padding (V1).
func TestEnumValueSize(t *testing.T) {
	assert.EqualValues(t, 48, unsafe.Sizeof(Value{}))
}
