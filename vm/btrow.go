package vm

import (
	"bytes"
	"sync"

	"github.com/walrusdb/walrus/btree"
)

// btRow is a btCursor's memory for decoding entries and building records.
// Close gives it back to btRowPool and OpenCursor takes one from there, so
// the buffers keep their sizes across the many cursors a statement opens
// (M13).
type btRow struct {
	decoded bool               // pay and fr hold the current entry
	pay     []byte             // the entry's payload, reused from entry to entry unless shared
	shared  bool               // a Text or Blob value aliases pay: the next entry needs a new one
	hdr     btree.HeaderReader // pay's header, read as far as columns are asked for
	fields  []btree.Field      // pay's columns read so far
	allRead bool               // fields holds every column of pay
	vals    []Value            // vals[i] is converted column i if gens[i] == gen
	gens    []uint32           // the entry generation each vals[i] was decoded for
	gen     uint32             // counts entries decoded (0: none)
	keyBuf  []btree.Value
	recBuf  []byte
}

// errCursorClosed is the error of a call on a closed btCursor.
var errCursorClosed = execErrorf(ErrMisuse, "cursor is closed")

// unknownType is the type of a column past the TreeSpec's Types.
var unknownType ColType

var btRowPool = sync.Pool{New: func() any { return new(btRow) }}

// Bounds of what a pooled btRow keeps: a buffer grown for one big record is
// dropped rather than held by the pool.
const (
	maxPooledBytes = 64 << 10
	maxPooledCols  = 256
)

func getBtRow() *btRow { return btRowPool.Get().(*btRow) }

// putBtRow resets r and pools it. Nothing of r may alias memory a value
// still uses once a newer cursor writes into it: a shared payload is
// dropped, not reused.
func putBtRow(r *btRow) {
	if r.shared || cap(r.pay) > maxPooledBytes {
		r.pay = nil
	}
	if cap(r.recBuf) > maxPooledBytes {
		r.recBuf = nil
	}
	r.decoded, r.shared, r.allRead = false, false, false
	r.pay, r.recBuf = r.pay[:0], r.recBuf[:0]
	r.hdr = btree.HeaderReader{}
	r.fields = r.fields[:0]
	// Cached values and keys alias strings: drop them for the collector.
	clear(r.vals)
	clear(r.gens)
	r.gen = 0
	clear(r.keyBuf[:cap(r.keyBuf)])
	r.keyBuf = r.keyBuf[:0]
	if cap(r.fields) > maxPooledCols || cap(r.vals) > maxPooledCols || cap(r.keyBuf) > maxPooledCols {
		r.fields, r.vals, r.gens, r.keyBuf = nil, nil, nil, nil
	}
	btRowPool.Put(r)
}

// share returns pay for a value that aliases it and keeps the next entry
// from reusing it (M5). A buffer much bigger than this entry (it grew for
// an earlier one) is replaced by an exact copy first, so the value does not
// pin the larger buffer.
func (r *btRow) share() []byte {
	if !r.shared {
		if cap(r.pay) > 2*len(r.pay)+64 {
			r.pay = bytes.Clone(r.pay)
		}
		r.shared = true
	}
	return r.pay
}

// growCache makes room for a cached conversion of column i.
func (r *btRow) growCache(i int) {
	if i < len(r.gens) {
		return
	}
	n := i + 1 - len(r.gens)
	r.gens = append(r.gens, make([]uint32, n)...)
	r.vals = append(r.vals, make([]Value, n)...)
}

// natural reports whether FromStorage returns a stored value of class cls
// unchanged (naturalValue) for a column of type t, so that Column may
// decode it directly. btrow_test.go checks it against FromStorage for every
// base type.
func natural(t *ColType, cls btree.ValueType) bool {
	switch t.Base {
	case BaseUnknown, BaseNumeric, BaseYear:
		return true
	case BaseTinyInt, BaseSmallInt, BaseMediumInt, BaseInt, BaseBigInt:
		// UNSIGNED reads integers and strings back as Uint.
		return !t.Unsigned || cls == btree.Float
	case BaseFloat, BaseDouble:
		return cls == btree.Float
	case BaseChar, BaseVarchar, BaseTinyText, BaseText, BaseMediumText, BaseLongText,
		BaseJSON, BaseDate, BaseDatetime, BaseTimestamp, BaseTime:
		return cls == btree.Text
	case BaseBinary, BaseVarbinary, BaseTinyBlob, BaseBlob, BaseMediumBlob, BaseLongBlob:
		return cls == btree.Blob
	}
	return false
}
