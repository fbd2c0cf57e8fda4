package vm

import (
	"bytes"
	"math"

	"github.com/walrusdb/walrus/btree"
)

// BtreeStorage opens VM cursors on the trees of a btree.File (M4): rows are
// encoded with ToStorage/AppendRecord and decoded column by column
// (btCursor.Column) using the column types of the cursor's TreeSpec.
type BtreeStorage struct {
	File *btree.File
}

// OpenCursor implements Storage.
func (s BtreeStorage) OpenCursor(spec *TreeSpec, writable bool) (Cursor, error) {
	kind := btree.TableTree
	if spec.Index {
		kind = btree.IndexTree
	}
	b := &btCursor{spec: spec, ki: btree.KeyInfo{Desc: spec.Desc}}
	c, err := s.File.OpenCursor(spec.Root, kind, writable, &b.ki)
	if err != nil {
		return nil, err
	}
	b.c, b.btRow = c, getBtRow()
	return b, nil
}

// btCursor adapts a *btree.Cursor to Cursor. The current entry's header is
// parsed once, from a private copy of its payload, and a column is decoded
// only when read (a scan's WHERE typically reads one or two columns of a
// wide row). Text and Blob values alias the copy of the payload made for
// this entry, which is then not reused for the next entry, so values read
// from it stay valid after the cursor moves; numbers need no copy, so a
// row whose strings are never read allocates nothing. The decoding memory
// is pooled (btrow.go, M13).
type btCursor struct {
	c    *btree.Cursor
	spec *TreeSpec
	ki   btree.KeyInfo
	*btRow
}

func (b *btCursor) moved(ok bool, err error) (bool, error) {
	if b.btRow != nil {
		b.decoded = false
	}
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
	if b.btRow == nil {
		return false, errCursorClosed
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

// decode copies the current entry's payload and starts reading its header;
// the columns themselves are decoded by Column.
func (b *btCursor) decode() error {
	if b.btRow == nil {
		return errCursorClosed
	}
	if b.decoded {
		return nil
	}
	p, err := b.c.Payload()
	if err != nil {
		return err
	}
	if b.shared {
		// Values of the last entry alias pay: this entry gets its own copy.
		b.pay, b.shared = bytes.Clone(p), false
	} else {
		b.pay = append(b.pay[:0], p...)
	}
	if err := b.hdr.Reset(b.pay); err != nil {
		return err
	}
	b.fields, b.allRead = b.fields[:0], false
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
	if i >= len(b.fields) {
		if b.allRead {
			return btree.Field{}, false, nil
		}
		var err error
		if b.fields, b.allRead, err = b.hdr.AppendFields(b.pay, b.fields, i); err != nil {
			return btree.Field{}, false, err
		}
		if i >= len(b.fields) {
			return btree.Field{}, false, nil
		}
	}
	return b.fields[i], true, nil
}

func (b *btCursor) CompareKey(key []Value) (int, error) {
	if b.btRow == nil {
		return 0, errCursorClosed
	}
	p, err := b.c.Payload()
	if err != nil {
		return 0, err
	}
	c, err := btree.CompareRecord(b.seekKey(key), p, &b.ki)
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
	var v Value
	err := b.columnInto(i, &v)
	return v, err
}

// columnInto is Column storing into *dst (a register), so the 48-byte
// Value is written once; dst is unchanged on error.
func (b *btCursor) columnInto(i int, dst *Value) error {
	// Inline checks for the common case: the entry is decoded and its
	// header read as far as column i.
	if r := b.btRow; r == nil || !r.decoded {
		if err := b.decode(); err != nil {
			return err
		}
	}
	var f btree.Field
	if i < len(b.fields) {
		f = b.fields[i]
	} else {
		var ok bool
		var err error
		if f, ok, err = b.field(i); err != nil {
			return err
		} else if !ok {
			*dst = Value{}
			return nil
		}
	}
	var t *ColType
	if i < len(b.spec.Types) {
		t = &b.spec.Types[i]
	} else {
		t = &unknownType
	}
	// The common columns (INT, DOUBLE, VARCHAR holding what they declare)
	// are decoded straight from the payload, without FromStorage.
	switch ty := f.Type(); {
	case ty == btree.Null:
		dst.setNull()
		return nil
	case !natural(t, ty):
	case ty == btree.Integer:
		dst.setInt(f.Int(b.pay))
		return nil
	case ty == btree.Float:
		dst.setFloat(f.Float(b.pay))
		return nil
	case ty == btree.Text:
		*dst = Text(unsafeString(f.Bytes(b.share())))
		return nil
	default:
		*dst = Blob(f.Bytes(b.share()))
		return nil
	}
	// Conversions (DECIMAL, ENUM, UNSIGNED, a class the column does not
	// declare) are cached: the same column is often read twice per row.
	b.growCache(i)
	if b.gens[i] != b.gen {
		rec := b.pay
		if ty := f.Type(); ty == btree.Text || ty == btree.Blob {
			rec = b.share()
		}
		b.vals[i], b.gens[i] = FromStorage(f.Decode(rec), *t), b.gen
	}
	*dst = b.vals[i]
	return nil
}

func (b *btCursor) record(vals []Value) ([]byte, error) {
	if b.btRow == nil {
		return nil, errCursorClosed
	}
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
	if b.btRow != nil {
		b.decoded = false
	}
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

// Close closes the b-tree cursor and gives the decoding memory back to the
// pool; the cursor drops it first, so a stale call cannot reach memory a
// newer cursor uses (M13).
func (b *btCursor) Close() error {
	if r := b.btRow; r != nil {
		b.btRow = nil
		putBtRow(r)
	}
	return b.c.Close()
}
