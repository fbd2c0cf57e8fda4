package vm

import (
	"bytes"
	"math"

	"github.com/walrusdb/walrus/btree"
)

// BtreeStorage opens VM cursors on the trees of a btree.File (M4): rows are
// encoded with ToStorage/AppendRecord and decoded with DecodeRecord/
// FromStorage using the column types of the cursor's TreeSpec.
type BtreeStorage struct {
	File *btree.File
}

// OpenCursor implements Storage.
func (s BtreeStorage) OpenCursor(spec *TreeSpec, writable bool) (Cursor, error) {
	kind := btree.TableTree
	if spec.Index {
		kind = btree.IndexTree
	}
	ki := &btree.KeyInfo{Desc: spec.Desc}
	c, err := s.File.OpenCursor(spec.Root, kind, writable, ki)
	if err != nil {
		return nil, err
	}
	return &btCursor{c: c, spec: spec, ki: ki}, nil
}

// btCursor adapts a *btree.Cursor to Cursor. The current entry's header is
// parsed once, from a private copy of its payload, and a column is decoded
// only when first read (a scan's WHERE typically reads one or two columns
// of a wide row). Text and Blob values alias a copy of the payload made for
// this entry alone, so values read from it stay valid after the cursor
// moves; numbers need no copy, so a row whose strings are never read
// allocates nothing.
type btCursor struct {
	c       *btree.Cursor
	spec    *TreeSpec
	ki      *btree.KeyInfo
	decoded bool              // pay and fr hold the current entry
	pay     []byte            // the entry's payload, reused from entry to entry
	fr      btree.FieldReader // pay's header, read as far as columns are asked for
	fields  []btree.Field     // pay's columns read so far
	allRead bool              // fields holds every column of pay
	stable  []byte            // a copy of pay that string values alias; nil until one is read
	vals    []Value           // vals[i] is column i if gens[i] == gen
	gens    []uint32          // the entry generation each vals[i] was decoded for
	gen     uint32            // counts entries decoded (0: none)
	keyBuf  []btree.Value
	recBuf  []byte
}

func (b *btCursor) moved(ok bool, err error) (bool, error) {
	b.decoded = false
	return ok, err
}

func (b *btCursor) First() (bool, error) { return b.moved(b.c.First()) }
func (b *btCursor) Last() (bool, error)  { return b.moved(b.c.Last()) }
func (b *btCursor) Next() (bool, error)  { return b.moved(b.c.Next()) }
func (b *btCursor) Prev() (bool, error)  { return b.moved(b.c.Prev()) }

func (b *btCursor) SeekRowid(rowid int64) (bool, error) { return b.moved(b.c.SeekRowid(rowid)) }

func (b *btCursor) Seek(op SeekOp, key []Value) (bool, error) {
	if !b.spec.Index {
		// A rowid range seek (sql's rowid range access).
		return b.moved(seekTable(b.c, op, key))
	}
	k := b.seekKey(key)
	switch op {
	case SeekGE:
		return b.moved(b.c.SeekGE(k))
	case SeekGT:
		return b.moved(b.c.SeekGT(k))
	case SeekLE:
		return b.moved(b.c.SeekLE(k))
	}
	return b.moved(b.c.SeekLT(k))
}

// seekKey converts search values without assignment conversion (a 1.5
// probe of an INT column must stay 1.5): each value keeps its own class,
// so the b-tree's numeric comparison orders it among the stored values.
// The exception is a number that the column stores as digits (BIGINT
// UNSIGNED above 2^63-1, wide DECIMAL: see storage.go): an exact probe of
// such a column is encoded the way the column stores it.
func (b *btCursor) seekKey(key []Value) []btree.Value {
	b.keyBuf = b.keyBuf[:0]
	for i, v := range key {
		if i < len(b.spec.Types) {
			if sv, ok := digitsProbe(v, b.spec.Types[i]); ok {
				b.keyBuf = append(b.keyBuf, sv)
				continue
			}
		}
		b.keyBuf = append(b.keyBuf, probeValue(v))
	}
	return b.keyBuf
}

// digitsProbe encodes v as column type t stores it when that storage is a
// BLOB of digits, and v is exactly a value of the column.
func digitsProbe(v Value, t ColType) (btree.Value, bool) {
	switch {
	case t.IsEnum(): // the column stores indexes or masks: probe with the value's
		return enumProbe(v, t)
	case t.IsInteger() && t.Unsigned && v.Kind() == KindUint && v.AsUint() > math.MaxInt64:
		return uintToStorage(v.AsUint()), true
	case t.Base == BaseDecimal && v.IsExact():
		d := v.AsDecimal()
		if r := d.Round(t.Scale); r.Cmp(d) == 0 {
			if sv := decimalToStorage(r); sv.Type == btree.Blob {
				return sv, true
			}
		}
	}
	return btree.Value{}, false
}

func probeValue(v Value) btree.Value {
	switch v.Kind() {
	case KindNull:
		return btree.Value{}
	case KindInt:
		return btree.Value{Type: btree.Integer, Int: v.AsInt()}
	case KindUint:
		if v.AsUint() <= math.MaxInt64 {
			return btree.Value{Type: btree.Integer, Int: int64(v.AsUint())}
		}
		return btree.Value{Type: btree.Float, Float: float64(v.AsUint())}
	case KindFloat:
		return btree.Value{Type: btree.Float, Float: v.AsFloat()}
	case KindDecimal:
		d := v.AsDecimal()
		if i, ok := d.Int64(); ok && d.IsInteger() {
			return btree.Value{Type: btree.Integer, Int: i}
		}
		return btree.Value{Type: btree.Float, Float: d.Float64()}
	case KindBlob:
		return btree.Value{Type: btree.Blob, Bytes: v.AsBytes()}
	}
	return btree.Value{Type: btree.Text, Bytes: v.AsBytes()}
}

// decode copies the current entry's payload and parses its header; the
// columns themselves are decoded by Column.
func (b *btCursor) decode() error {
	if b.decoded {
		return nil
	}
	p, err := b.c.Payload()
	if err != nil {
		return err
	}
	b.pay = append(b.pay[:0], p...)
	if err := b.fr.Reset(b.pay); err != nil {
		return err
	}
	b.fields, b.allRead = b.fields[:0], false
	b.stable = nil
	b.gen++
	if b.gen == 0 { // wrapped: forget every cached column
		clear(b.gens)
		b.gen = 1
	}
	b.decoded = true
	return nil
}

// field returns column i of the current entry (ok false past the last
// column), reading the header only as far as i.
func (b *btCursor) field(i int) (btree.Field, bool, error) {
	for len(b.fields) <= i && !b.allRead {
		f, ok, err := b.fr.Next()
		if err != nil {
			return btree.Field{}, false, err
		}
		if !ok {
			b.allRead = true
			break
		}
		b.fields = append(b.fields, f)
		if len(b.gens) < len(b.fields) {
			b.gens = append(b.gens, 0)
			b.vals = append(b.vals, Value{})
		}
	}
	if i >= len(b.fields) {
		return btree.Field{}, false, nil
	}
	return b.fields[i], true, nil
}

func (b *btCursor) CompareKey(key []Value) (int, error) {
	p, err := b.c.Payload()
	if err != nil {
		return 0, err
	}
	c, err := btree.CompareRecord(b.seekKey(key), p, b.ki)
	return -c, err
}

func (b *btCursor) Rowid() (int64, error) {
	if !b.spec.Index {
		return b.c.Rowid()
	}
	if err := b.decode(); err != nil {
		return 0, err
	}
	if _, _, err := b.field(math.MaxInt32); err != nil { // the rowid is the last column
		return 0, err
	}
	if len(b.fields) == 0 {
		return 0, execErrorf(ErrMisuse, "index %s: entry without a rowid", b.spec.Name)
	}
	return b.fields[len(b.fields)-1].Decode(b.pay).Int, nil
}

func (b *btCursor) Column(i int) (Value, error) {
	if err := b.decode(); err != nil {
		return Value{}, err
	}
	f, ok, err := b.field(i)
	if err != nil || !ok {
		return Value{}, err
	}
	if b.gens[i] == b.gen {
		return b.vals[i], nil
	}
	rec := b.pay
	if ty := f.Type(); ty == btree.Text || ty == btree.Blob {
		if b.stable == nil {
			b.stable = bytes.Clone(b.pay)
		}
		rec = b.stable
	}
	var t ColType
	if i < len(b.spec.Types) {
		t = b.spec.Types[i]
	}
	v := FromStorage(f.Decode(rec), t)
	b.vals[i], b.gens[i] = v, b.gen
	return v, nil
}

func (b *btCursor) record(vals []Value) ([]byte, error) {
	b.keyBuf = b.keyBuf[:0]
	for i, v := range vals {
		var t ColType
		if i < len(b.spec.Types) {
			t = b.spec.Types[i]
		}
		sv, err := ToStorage(v, t)
		if err != nil {
			return nil, err
		}
		b.keyBuf = append(b.keyBuf, sv)
	}
	b.recBuf = btree.AppendRecord(b.recBuf[:0], b.keyBuf)
	return b.recBuf, nil
}

func (b *btCursor) Insert(rowid int64, row []Value) error {
	rec, err := b.record(row)
	if err != nil {
		return err
	}
	b.decoded = false
	return b.c.Insert(rowid, rec)
}

func (b *btCursor) InsertKey(key []Value) error {
	rec, err := b.record(key)
	if err != nil {
		return err
	}
	b.decoded = false
	return b.c.InsertKey(rec)
}

func (b *btCursor) Delete() error {
	b.decoded = false
	return b.c.Delete()
}

func (b *btCursor) LastRowid() (int64, error) { return b.c.LastRowid() }

func (b *btCursor) Count() (int64, error) {
	var n int64
	ok, err := b.First()
	for ; ok && err == nil; ok, err = b.Next() {
		n++
	}
	return n, err
}

func (b *btCursor) Close() error { return b.c.Close() }
