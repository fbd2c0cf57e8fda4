package btree

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
