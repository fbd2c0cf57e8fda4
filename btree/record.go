package btree

import (
	"bytes"
	"encoding/binary"
	"math"
)

// ValueType is the storage class of a Value.
type ValueType uint8

// Storage classes, in SQLite's sort order.
const (
	Null ValueType = iota
	Integer
	Float
	Text
	Blob
)

func (t ValueType) String() string {
	switch t {
	case Null:
		return "NULL"
	case Integer:
		return "INTEGER"
	case Float:
		return "REAL"
	case Text:
		return "TEXT"
	case Blob:
		return "BLOB"
	}
	return "?"
}

// Value is one column of a record. Int is set for Integer, Float for Float,
// Bytes for Text and Blob.
type Value struct {
	Type  ValueType
	Int   int64
	Float float64
	Bytes []byte
}

// KeyInfo describes an index key: Desc[i] reverses the order of column i.
// Columns past len(Desc) sort ascending. A nil *KeyInfo sorts all ascending.
type KeyInfo struct {
	Desc []bool
}

func (ki *KeyInfo) desc(i int) bool {
	return ki != nil && i < len(ki.Desc) && ki.Desc[i]
}

// serialType returns the serial type and body size of v.
func serialType(v *Value) (uint64, int) {
	switch v.Type {
	case Integer:
		i := v.Int
		switch {
		case i == 0:
			return serialZero, 0
		case i == 1:
			return serialOne, 0
		case i >= math.MinInt8 && i <= math.MaxInt8:
			return serialInt8, 1
		case i >= math.MinInt16 && i <= math.MaxInt16:
			return serialInt16, 2
		case i >= -1<<23 && i < 1<<23:
			return serialInt24, 3
		case i >= math.MinInt32 && i <= math.MaxInt32:
			return serialInt32, 4
		case i >= -1<<47 && i < 1<<47:
			return serialInt48, 6
		}
		return serialInt64, 8
	case Float:
		return serialFloat, 8
	case Text:
		return uint64(len(v.Bytes))*2 + serialTextMin, len(v.Bytes)
	case Blob:
		return uint64(len(v.Bytes))*2 + serialBlobMin, len(v.Bytes)
	}
	return serialNull, 0
}

// serialSize returns the body size of serial type t (-1 for reserved types).
func serialSize(t uint64) int64 {
	switch {
	case t >= serialBlobMin:
		return int64((t - serialBlobMin) / 2)
	case t <= serialInt32:
		return int64(t)
	case t == serialInt48:
		return 6
	case t == serialInt64 || t == serialFloat:
		return 8
	case t == serialZero || t == serialOne:
		return 0
	}
	return -1
}

// AppendRecord appends the record encoding of vals to dst. Integers use the
// smallest serial type (8 and 9 for 0 and 1).
func AppendRecord(dst []byte, vals []Value) []byte {
	hdr := 0
	body := 0
	for i := range vals {
		t, n := serialType(&vals[i])
		hdr += varintLen(t)
		body += n
	}
	// The header size counts its own varint.
	n := 1
	for varintLen(uint64(hdr+n)) > n {
		n++
	}
	hsize := hdr + n
	start := len(dst)
	need := hsize + body
	if cap(dst)-start < need {
		nd := make([]byte, start, start+need)
		copy(nd, dst)
		dst = nd
	}
	dst = dst[:start+need]
	p := start + putVarint(dst[start:], uint64(hsize))
	q := start + hsize
	var tmp [maxVarintLen]byte
	for i := range vals {
		v := &vals[i]
		t, n := serialType(v)
		k := putVarint(tmp[:], t)
		copy(dst[p:], tmp[:k])
		p += k
		switch {
		case t >= serialBlobMin:
			copy(dst[q:], v.Bytes)
		case t == serialFloat:
			binary.BigEndian.PutUint64(dst[q:], math.Float64bits(v.Float))
		case t >= serialInt8 && t <= serialInt64:
			u := uint64(v.Int)
			for j := n - 1; j >= 0; j-- {
				dst[q+j] = byte(u)
				u >>= 8
			}
		}
		q += n
	}
	return dst
}

// DecodeRecord decodes rec into dst[:0] and returns it. Text and Blob values
// alias rec. A malformed record gives an error wrapping ErrCorrupt.
func DecodeRecord(rec []byte, dst []Value) ([]Value, error) {
	dst = dst[:0]
	var rd recordReader
	if err := rd.init(rec); err != nil {
		return dst, err
	}
	for {
		var v Value
		ok, err := rd.next(&v)
		if err != nil {
			return dst, err
		}
		if !ok {
			return dst, nil
		}
		dst = append(dst, v)
	}
}

// recordReader walks the columns of a record without allocating.
type recordReader struct {
	rec  []byte
	hp   int // next serial type in the header
	hend int // end of the header
	bp   int // next body byte
}

func (r *recordReader) init(rec []byte) error {
	hs, n := getVarint(rec)
	if n == 0 || hs < uint64(n) || hs > uint64(len(rec)) {
		return corruptf(0, "record header size %d of %d-byte record", hs, len(rec))
	}
	*r = recordReader{rec: rec, hp: n, hend: int(hs), bp: int(hs)}
	return nil
}

// next decodes the next column into v; ok is false at the end of the record.
func (r *recordReader) next(v *Value) (ok bool, err error) {
	if r.hp >= r.hend {
		return false, nil
	}
	t, n := getVarint(r.rec[r.hp:r.hend])
	if n == 0 {
		return false, corruptf(0, "record serial type truncated")
	}
	r.hp += n
	size := serialSize(t)
	if size < 0 || size > int64(len(r.rec)-r.bp) {
		return false, corruptf(0, "record serial type %d at body offset %d of %d", t, r.bp, len(r.rec))
	}
	b := r.rec[r.bp : r.bp+int(size)]
	r.bp += int(size)
	*v = decodeSerial(t, b)
	return true, nil
}

// decodeSerial converts a column body of serial type t (valid, with len(b)
// matching) into a Value.
func decodeSerial(t uint64, b []byte) Value {
	switch {
	case t == serialNull:
		return Value{Type: Null}
	case t == serialZero:
		return Value{Type: Integer}
	case t == serialOne:
		return Value{Type: Integer, Int: 1}
	case t == serialFloat:
		return Value{Type: Float, Float: math.Float64frombits(binary.BigEndian.Uint64(b))}
	case t <= serialInt64:
		u := uint64(0)
		if b[0]&0x80 != 0 {
			u = math.MaxUint64
		}
		for _, c := range b {
			u = u<<8 | uint64(c)
		}
		return Value{Type: Integer, Int: int64(u)}
	case t&1 == 0:
		return Value{Type: Blob, Bytes: b}
	}
	return Value{Type: Text, Bytes: b}
}

// CompareRecord compares the unpacked key a with the stored record rec over
// the first min(len(a), columns in rec) columns, in SQLite's order (NULL <
// numbers < text < blob; BINARY collation), reversing columns marked Desc in
// ki. It returns <0, 0 or >0 as a sorts before, equal to or after rec; a
// prefix that matches gives 0.
func CompareRecord(a []Value, rec []byte, ki *KeyInfo) (int, error) {
	var h HeaderReader
	if err := h.Reset(rec); err != nil {
		return 0, err
	}
	for i := range a {
		f, ok, err := h.next(rec)
		if err != nil {
			return 0, err
		}
		if !ok {
			return 0, nil
		}
		var c int
		if a[i].Type == Integer && f.isInt() {
			// Integer keys against integer columns, the common probe:
			// compared without building a Value.
			c = cmp3(a[i].Int, f.Int(rec))
		} else {
			v := f.Decode(rec)
			c = CompareValues(&a[i], &v)
		}
		if c != 0 {
			if ki.desc(i) {
				return -c, nil
			}
			return c, nil
		}
	}
	return 0, nil
}

// compareRecords compares two stored records column by column.
func compareRecords(a, b []byte, ki *KeyInfo) (int, error) {
	var ra, rb recordReader
	if err := ra.init(a); err != nil {
		return 0, err
	}
	if err := rb.init(b); err != nil {
		return 0, err
	}
	var va, vb Value
	for i := 0; ; i++ {
		oka, err := ra.next(&va)
		if err != nil {
			return 0, err
		}
		okb, err := rb.next(&vb)
		if err != nil {
			return 0, err
		}
		if !oka || !okb {
			return 0, nil
		}
		c := CompareValues(&va, &vb)
		if c != 0 {
			if ki.desc(i) {
				return -c, nil
			}
			return c, nil
		}
	}
}

// CompareValues orders two values as SQLite does with the BINARY collation.
func CompareValues(a, b *Value) int {
	ca, cb := sortClass(a.Type), sortClass(b.Type)
	if ca != cb {
		if ca < cb {
			return -1
		}
		return 1
	}
	switch ca {
	case 0:
		return 0
	case 1:
		return compareNumbers(a, b)
	}
	return bytes.Compare(a.Bytes, b.Bytes)
}

// sortClass maps a storage class to its rank: NULL, numbers, text, blob.
func sortClass(t ValueType) int {
	switch t {
	case Null:
		return 0
	case Integer, Float:
		return 1
	case Text:
		return 2
	}
	return 3
}

func compareNumbers(a, b *Value) int {
	switch {
	case a.Type == Integer && b.Type == Integer:
		return cmp3(a.Int, b.Int)
	case a.Type == Float && b.Type == Float:
		return compareFloats(a.Float, b.Float)
	case a.Type == Integer:
		return compareIntFloat(a.Int, b.Float)
	}
	return -compareIntFloat(b.Int, a.Float)
}

func cmp3(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func compareFloats(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	case a == b:
		return 0
	}
	// NaN is stored as NULL by SQLite; order it first among numbers so the
	// ordering stays total.
	if math.IsNaN(a) && math.IsNaN(b) {
		return 0
	}
	if math.IsNaN(a) {
		return -1
	}
	return 1
}

// compareIntFloat compares an integer with a double exactly (SQLite's
// sqlite3IntFloatCompare).
func compareIntFloat(i int64, r float64) int {
	if math.IsNaN(r) {
		return 1
	}
	if r < -9223372036854775808.0 {
		return 1
	}
	if r >= 9223372036854775808.0 {
		return -1
	}
	y := int64(r)
	if i < y {
		return -1
	}
	if i > y {
		return 1
	}
	s := float64(i)
	if s < r {
		return -1
	}
	if s > r {
		return 1
	}
	return 0
}
