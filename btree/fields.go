package btree

import (
	"encoding/binary"
	"math"
)

// Field locates one column of a record: its serial type and its body's
// place. ParseFields reads the header once, so a reader that needs a few
// columns of a wide row decodes only those (Field.Decode) and never walks
// the header again per column.
type Field struct {
	serial uint64
	off    uint32 // body offset in the record
	size   uint32 // body length
}

// Type is the storage class of the column.
func (f Field) Type() ValueType {
	switch {
	case f.serial == serialNull:
		return Null
	case f.serial == serialFloat:
		return Float
	case f.serial <= serialInt64, f.serial == serialZero, f.serial == serialOne:
		return Integer
	case f.serial >= serialBlobMin && f.serial&1 == 0:
		return Blob
	case f.serial >= serialBlobMin:
		return Text
	}
	return Null
}

// Decode returns the column's value from rec, the record ParseFields read
// (or a byte-for-byte copy of it). Text and Blob values alias rec.
func (f Field) Decode(rec []byte) Value {
	return decodeSerial(f.serial, rec[f.off:f.off+f.size])
}

// ParseFields reads the header of rec into dst[:0], one Field per column,
// checking that every body lies inside rec. A malformed record gives an
// error wrapping ErrCorrupt, like DecodeRecord.
func ParseFields(rec []byte, dst []Field) ([]Field, error) {
	dst = dst[:0]
	var r FieldReader
	if err := r.Reset(rec); err != nil {
		return dst, err
	}
	for {
		f, ok, err := r.Next()
		if err != nil || !ok {
			return dst, err
		}
		dst = append(dst, f)
	}
}

// FieldReader reads a record's header one column at a time, so a reader
// that needs only the first columns of a row never parses the rest. Errors
// are those of ParseFields, reported when the bad column is reached.
type FieldReader struct {
	rd recordReader
}

// Reset starts reading the header of rec.
func (r *FieldReader) Reset(rec []byte) error {
	return r.rd.init(rec)
}

// Next returns the next column's Field; ok is false after the last one.
func (r *FieldReader) Next() (f Field, ok bool, err error) {
	rd := &r.rd
	if rd.hp >= rd.hend {
		return Field{}, false, nil
	}
	t, n := getVarint(rd.rec[rd.hp:rd.hend])
	if n == 0 {
		return Field{}, false, corruptf(0, "record serial type truncated")
	}
	size := serialSize(t)
	if size < 0 || size > int64(len(rd.rec)-rd.bp) {
		return Field{}, false, corruptf(0, "record serial type %d at body offset %d of %d", t, rd.bp, len(rd.rec))
	}
	rd.hp += n
	f = Field{serial: t, off: uint32(rd.bp), size: uint32(size)}
	rd.bp += int(size)
	return f, true, nil
}

// HeaderReader reads a record's header a few columns at a time, like
// FieldReader, but keeps only offsets: the record is passed to each call
// (it must be the same bytes), so resetting it per row stores no pointer.
type HeaderReader struct {
	hp   int // next serial type in the header
	hend int // end of the header
	bp   int // body offset of the next column
}

// Reset starts reading the header of rec.
func (h *HeaderReader) Reset(rec []byte) error {
	hs, n := getVarint(rec)
	if n == 0 || hs < uint64(n) || hs > uint64(len(rec)) {
		return corruptf(0, "record header size %d of %d-byte record", hs, len(rec))
	}
	h.hp, h.hend, h.bp = n, int(hs), int(hs)
	return nil
}

// AppendFields appends the Fields of the next columns of rec to dst until
// column n (counting from the first column of the record, so dst holds the
// columns read before) is in it or the header ends; done reports the end.
// It is FieldReader.Next in a loop without a call per column, for readers
// that want column n and every column before it. Errors are those of
// ParseFields.
func (h *HeaderReader) AppendFields(rec []byte, dst []Field, n int) (_ []Field, done bool, err error) {
	hp, hend, bp := h.hp, h.hend, h.bp
	if hend > len(rec) {
		return dst, false, misusef("HeaderReader used with a different record")
	}
	for len(dst) <= n {
		if hp >= hend {
			h.hp, h.bp = hp, bp
			return dst, true, nil
		}
		var t uint64
		var size int
		if c := rec[hp]; c < 0x80 { // serial types below 128: one byte, the common case
			t = uint64(c)
			hp++
			size = serialSizeSmall(c)
		} else {
			var k int
			t, k = getVarint(rec[hp:hend])
			if k == 0 {
				h.hp, h.bp = hp, bp
				return dst, false, corruptf(0, "record serial type truncated")
			}
			hp += k
			s := serialSize(t)
			if s < 0 || s > int64(len(rec)) {
				size = -1
			} else {
				size = int(s)
			}
		}
		if size < 0 || size > len(rec)-bp {
			h.hp, h.bp = hp, bp
			return dst, false, corruptf(0, "record serial type %d at body offset %d of %d", t, bp, len(rec))
		}
		dst = append(dst, Field{serial: t, off: uint32(bp), size: uint32(size)})
		bp += size
	}
	h.hp, h.bp = hp, bp
	return dst, false, nil
}

// next reads one column's Field: AppendFields for one column, without a
// slice.
func (h *HeaderReader) next(rec []byte) (Field, bool, error) {
	if h.hp >= h.hend {
		return Field{}, false, nil
	}
	if h.hend > len(rec) {
		return Field{}, false, misusef("HeaderReader used with a different record")
	}
	var t uint64
	var size int
	if c := rec[h.hp]; c < 0x80 {
		t = uint64(c)
		h.hp++
		size = serialSizeSmall(c)
	} else {
		var k int
		t, k = getVarint(rec[h.hp:h.hend])
		if k == 0 {
			return Field{}, false, corruptf(0, "record serial type truncated")
		}
		h.hp += k
		if s := serialSize(t); s < 0 || s > int64(len(rec)) {
			size = -1
		} else {
			size = int(s)
		}
	}
	if size < 0 || size > len(rec)-h.bp {
		return Field{}, false, corruptf(0, "record serial type %d at body offset %d of %d", t, h.bp, len(rec))
	}
	f := Field{serial: t, off: uint32(h.bp), size: uint32(size)}
	h.bp += size
	return f, true, nil
}

// isInt reports whether f is an Integer column.
func (f Field) isInt() bool {
	return f.serial >= serialInt8 && f.serial <= serialInt64 || f.serial == serialZero || f.serial == serialOne
}

// serialSizeSmall is serialSize for a one-byte serial type.
func serialSizeSmall(c byte) int { return int(serialSize(uint64(c))) }

// Int returns an Integer column's value from rec (the record ParseFields
// read); it is Decode(rec).Int without building a Value.
func (f Field) Int(rec []byte) int64 {
	b := rec[f.off : f.off+f.size]
	// One load per size rather than a loop over the bytes: this is the
	// column read of most rows.
	switch len(b) {
	case 0:
		if f.serial == serialOne {
			return 1
		}
		return 0
	case 1:
		return int64(int8(b[0]))
	case 2:
		return int64(int16(binary.BigEndian.Uint16(b)))
	case 3:
		return int64(int32(uint32(b[0])<<24|uint32(b[1])<<16|uint32(b[2])<<8) >> 8)
	case 4:
		return int64(int32(binary.BigEndian.Uint32(b)))
	case 6:
		return int64(uint64(binary.BigEndian.Uint16(b))<<48|uint64(binary.BigEndian.Uint32(b[2:]))<<16) >> 16
	case 8:
		return int64(binary.BigEndian.Uint64(b))
	}
	return 0 // not an integer column
}

// Float returns a Float column's value from rec; Decode(rec).Float.
func (f Field) Float(rec []byte) float64 {
	return math.Float64frombits(binary.BigEndian.Uint64(rec[f.off : f.off+8]))
}

// Bytes returns a Text or Blob column's bytes, aliasing rec;
// Decode(rec).Bytes.
func (f Field) Bytes(rec []byte) []byte {
	return rec[f.off : f.off+f.size : f.off+f.size]
}
