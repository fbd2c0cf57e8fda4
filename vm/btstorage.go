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

// btCursor adapts a *btree.Cursor to Cursor. The current entry is decoded
// once, from a private copy of its payload, so values read from it stay
// valid after the cursor moves.
type btCursor struct {
	c       *btree.Cursor
	spec    *TreeSpec
	ki      *btree.KeyInfo
	row     []btree.Value
	decoded bool
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

func (b *btCursor) decode() error {
	if b.decoded {
		return nil
	}
	p, err := b.c.Payload()
	if err != nil {
		return err
	}
	rec := bytes.Clone(p)
	b.row, err = btree.DecodeRecord(rec, b.row[:0])
	if err != nil {
		return err
	}
	b.decoded = true
	return nil
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
	if len(b.row) == 0 {
		return 0, execErrorf(ErrMisuse, "index %s: entry without a rowid", b.spec.Name)
	}
	return b.row[len(b.row)-1].Int, nil
}

func (b *btCursor) Column(i int) (Value, error) {
	if err := b.decode(); err != nil {
		return Value{}, err
	}
	if i >= len(b.row) {
		return Value{}, nil
	}
	var t ColType
	if i < len(b.spec.Types) {
		t = b.spec.Types[i]
	}
	return FromStorage(b.row[i], t), nil
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
