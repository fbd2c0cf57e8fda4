package vm

import (
	"bytes"
	"encoding/binary"
	"math"
	"math/big"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"

	"github.com/walrusdb/walrus/btree"
)

// Spilling (M10). An ephemeral index whose rows pass a memory budget
// moves them to a scratch b-tree file that the layer above opens through
// the vfs (TempFiles); the file has no journal and is deleted when the
// cursor closes. Each row becomes one index entry of two BLOBs:
//
//	sort key   the key columns in an order-preserving byte encoding
//	           (below), then 0x01 and an 8-byte insertion number, so that
//	           memcmp order is the memTree's order, ties in insertion order
//	row        every column, serialised exactly (kind and bits)
//
// Sort key encoding of one value (bytes of a Desc column are inverted):
//
//	NULL       0x10
//	negative   0x20, then the inverted encoding of its magnitude
//	zero       0x21
//	positive   0x22, 4-byte big-endian exponent + 2^31, the significant
//	           digits as ASCII, 0x00: the value is 0.digits x 10^exponent,
//	           so ints, doubles and decimals of equal value encode alike
//	text/blob  0x30, the bytes with 0x00 written 0x00 0xFF, then 0x00 0x01
//
// Every encoding is self-delimiting and no column starts with 0x01 or
// 0xFF, so "key prefix P and anything after" is the byte range [P, P+0xFF).
// The encoding orders numbers numerically and strings by bytes, as MySQL
// compares within one column's type; a column mixing numbers and strings
// (only columns without a type) orders numbers first once spilled, where
// in memory it follows MySQL's mixed comparison.

// TempFiles gives spilling ephemeral indexes their scratch files.
type TempFiles interface {
	// OpenTemp returns an empty scratch b-tree file, ready for writing,
	// and a function that discards and deletes it.
	OpenTemp() (f *btree.File, remove func() error, err error)
	// SpillBudget is the bytes of rows one ephemeral index keeps in
	// memory before it spills.
	SpillBudget() int64
}

var spills atomic.Int64

// Spills returns how many ephemeral indexes have spilled to a scratch
// file since the process started (for tests and statistics).
func Spills() int64 { return spills.Load() }

// rowBytes estimates the memory a row of the tree holds.
func rowBytes(row []Value) int64 {
	n := int64(24 + 48*len(row))
	for i := range row {
		n += int64(len(row[i].s))
		if row[i].d.big != nil {
			n += int64(len(row[i].d.big.Bits())*8 + 32)
		}
	}
	return n
}

// spill moves the rows to a scratch b-tree, keeping the position.
func (t *memTree) spill() error {
	if t.ci < 0 || t.ci >= len(t.chunks) {
		// No position to keep: sort first, so the b-tree is written in
		// key order (appends at its right edge).
		t.ensureSorted()
	}
	f, remove, err := t.temp.OpenTemp()
	if err != nil {
		return err
	}
	d, err := newDiskTree(f, remove, t.keyCols, t.desc)
	if err != nil {
		remove()
		return err
	}
	d.budget = t.budget
	var at []Value
	var atSeq uint64
	for ci, c := range t.chunks {
		for i, row := range c {
			if ci == t.ci && i == t.i {
				at, atSeq = row, d.seq
			}
			if err := d.InsertKey(row); err != nil {
				d.Close()
				return err
			}
		}
	}
	if err := d.flush(); err != nil {
		d.Close()
		return err
	}
	if at != nil {
		if _, err := d.seekEntry(at, atSeq); err != nil {
			d.Close()
			return err
		}
	}
	t.releaseChunks()
	t.bytes = 0
	t.releaseSlabs()
	t.disk = d
	spills.Add(1)
	return nil
}

// diskTree is the spilled form of a memTree: entries of a scratch index
// b-tree (see the file comment). It implements Cursor.
type diskTree struct {
	f       *btree.File
	remove  func() error
	root    uint32
	rc, wc  *btree.Cursor // reading and writing cursors
	keyCols int
	desc    []bool
	seq     uint64
	n       int64
	row     []Value
	decoded bool
	keyBuf  []byte
	recBuf  []byte
	vals    []btree.Value
	// pend holds inserted entries not yet in the b-tree: they go in
	// sorted, in batches of budget bytes, or before any read.
	pend      []pendEntry
	pendBytes int64
	budget    int64
}

type pendEntry struct{ key, row []byte }

// flush writes the pending entries in key order.
func (d *diskTree) flush() error {
	if len(d.pend) == 0 {
		return nil
	}
	slices.SortFunc(d.pend, func(a, b pendEntry) int { return bytes.Compare(a.key, b.key) })
	for _, e := range d.pend {
		d.recBuf = btree.AppendRecord(d.recBuf[:0], []btree.Value{{Type: btree.Blob, Bytes: e.key}, {Type: btree.Blob, Bytes: e.row}})
		if err := d.wc.InsertKey(d.recBuf); err != nil {
			return err
		}
	}
	d.pend, d.pendBytes = d.pend[:0], 0
	d.decoded = false
	return nil
}

func newDiskTree(f *btree.File, remove func() error, keyCols int, desc []bool) (*diskTree, error) {
	root, err := f.CreateTree(btree.IndexTree)
	if err != nil {
		return nil, err
	}
	// Both cursors write: rc deletes where it stands, wc inserts without
	// moving rc.
	rc, err := f.OpenCursor(root, btree.IndexTree, true, &btree.KeyInfo{})
	if err != nil {
		return nil, err
	}
	wc, err := f.OpenCursor(root, btree.IndexTree, true, &btree.KeyInfo{})
	if err != nil {
		rc.Close()
		return nil, err
	}
	return &diskTree{f: f, remove: remove, root: root, rc: rc, wc: wc, keyCols: keyCols, desc: desc}, nil
}

func (d *diskTree) nkey(n int) int {
	if d.keyCols == 0 || d.keyCols > n {
		return n
	}
	return d.keyCols
}

// sortKey appends the encoding of key's first n columns.
func (d *diskTree) sortKey(dst []byte, key []Value, n int) []byte {
	for i := 0; i < n; i++ {
		dst = appendOrderKey(dst, key[i], i < len(d.desc) && d.desc[i])
	}
	return dst
}

func (d *diskTree) moved(ok bool, err error) (bool, error) {
	d.decoded = false
	return ok, err
}

func (d *diskTree) First() (bool, error) {
	if err := d.flush(); err != nil {
		return false, err
	}
	return d.moved(d.rc.First())
}

func (d *diskTree) Last() (bool, error) {
	if err := d.flush(); err != nil {
		return false, err
	}
	return d.moved(d.rc.Last())
}

func (d *diskTree) Next() (bool, error) {
	if err := d.flush(); err != nil {
		return false, err
	}
	return d.moved(d.rc.Next())
}

func (d *diskTree) Prev() (bool, error) {
	if err := d.flush(); err != nil {
		return false, err
	}
	return d.moved(d.rc.Prev())
}

func (d *diskTree) SeekRowid(int64) (bool, error) {
	return false, execErrorf(ErrMisuse, "SeekRowid on an ephemeral index")
}

func (d *diskTree) Seek(op SeekOp, key []Value) (bool, error) {
	if err := d.flush(); err != nil {
		return false, err
	}
	p := d.sortKey(d.keyBuf[:0], key, d.nkey(len(key)))
	if op == SeekGT || op == SeekLE {
		p = append(p, 0xFF) // past every entry with prefix p
	}
	d.keyBuf = p
	probe := []btree.Value{{Type: btree.Blob, Bytes: p}}
	if op == SeekGE || op == SeekGT {
		return d.moved(d.rc.SeekGE(probe))
	}
	return d.moved(d.rc.SeekLT(probe))
}

// seekEntry moves to the entry of row inserted as number seq.
func (d *diskTree) seekEntry(row []Value, seq uint64) (bool, error) {
	p := d.sortKey(d.keyBuf[:0], row, d.nkey(len(row)))
	p = append(p, 0x01)
	p = binary.BigEndian.AppendUint64(p, seq)
	d.keyBuf = p
	return d.moved(d.rc.SeekGE([]btree.Value{{Type: btree.Blob, Bytes: p}}))
}

func (d *diskTree) decode() error {
	if d.decoded {
		return nil
	}
	p, err := d.rc.Payload()
	if err != nil {
		return err
	}
	d.vals, err = btree.DecodeRecord(p, d.vals[:0])
	if err != nil {
		return err
	}
	if len(d.vals) != 2 {
		return execErrorf(ErrMisuse, "spilled entry with %d fields", len(d.vals))
	}
	d.row, err = decodeRow(d.vals[1].Bytes, d.row[:0])
	if err != nil {
		return err
	}
	d.decoded = true
	return nil
}

func (d *diskTree) CompareKey(key []Value) (int, error) {
	if err := d.decode(); err != nil {
		return 0, err
	}
	if len(key) > len(d.row) {
		return 0, execErrorf(ErrMisuse, "CompareKey with %d values on a %d-column entry", len(key), len(d.row))
	}
	return compareRows(d.row, key, len(key), d.desc), nil
}

func (d *diskTree) Rowid() (int64, error) {
	if err := d.decode(); err != nil {
		return 0, err
	}
	if len(d.row) == 0 {
		return 0, execErrorf(ErrMisuse, "Rowid of an empty entry")
	}
	return d.row[len(d.row)-1].AsInt(), nil
}

func (d *diskTree) Column(i int) (Value, error) {
	if err := d.decode(); err != nil {
		return Value{}, err
	}
	if i >= len(d.row) {
		return Value{}, nil
	}
	return d.row[i], nil
}

func (d *diskTree) Insert(int64, []Value) error {
	return execErrorf(ErrMisuse, "Insert on an ephemeral index")
}

func (d *diskTree) InsertKey(key []Value) error {
	k := d.sortKey(nil, key, d.nkey(len(key)))
	k = append(k, 0x01)
	k = binary.BigEndian.AppendUint64(k, d.seq)
	d.seq++
	row := encodeRow(nil, key)
	d.pend = append(d.pend, pendEntry{k, row})
	d.pendBytes += int64(len(k) + len(row) + 64)
	d.n++
	if d.pendBytes > d.budget {
		return d.flush()
	}
	return nil
}

func (d *diskTree) Delete() error {
	if err := d.flush(); err != nil { // the b-tree keeps rc on its entry
		return err
	}
	d.decoded = false
	if err := d.rc.Delete(); err != nil {
		return err
	}
	d.n--
	return nil
}

func (d *diskTree) LastRowid() (int64, error) { return 0, nil }
func (d *diskTree) Count() (int64, error)     { return d.n, nil }

func (d *diskTree) Close() error {
	d.rc.Close()
	d.wc.Close()
	return d.remove()
}

// appendOrderKey appends v's sort key encoding (see the file comment).
func appendOrderKey(dst []byte, v Value, desc bool) []byte {
	start := len(dst)
	switch v.kind {
	case KindNull:
		dst = append(dst, 0x10)
	case KindText, KindBlob:
		dst = append(dst, 0x30)
		for i := 0; i < len(v.s); i++ {
			dst = append(dst, v.s[i])
			if v.s[i] == 0 {
				dst = append(dst, 0xFF)
			}
		}
		dst = append(dst, 0x00, 0x01)
	default:
		neg, digits, exp := numberParts(v)
		switch {
		case digits == "":
			dst = append(dst, 0x21)
		case neg:
			dst = append(dst, 0x20)
			m := len(dst)
			dst = appendMagnitude(dst, digits, exp)
			for i := m; i < len(dst); i++ {
				dst[i] = ^dst[i]
			}
		default:
			dst = append(dst, 0x22)
			dst = appendMagnitude(dst, digits, exp)
		}
	}
	if desc {
		for i := start; i < len(dst); i++ {
			dst[i] = ^dst[i]
		}
	}
	return dst
}

func appendMagnitude(dst []byte, digits string, exp int) []byte {
	dst = binary.BigEndian.AppendUint32(dst, uint32(int64(exp)+1<<31))
	dst = append(dst, digits...)
	return append(dst, 0)
}

// numberParts returns v as sign, significant digits (no leading or
// trailing zeros; empty for zero) and exponent: |v| = 0.digits x 10^exp.
func numberParts(v Value) (neg bool, digits string, exp int) {
	var s string // the magnitude's digits, with scale digits after the point
	scale := 0
	switch v.kind {
	case KindInt:
		i := v.AsInt()
		if i < 0 {
			neg = true
			s = strconv.FormatUint(uint64(-(i+1))+1, 10)
		} else {
			s = strconv.FormatInt(i, 10)
		}
	case KindUint:
		s = strconv.FormatUint(v.AsUint(), 10)
	case KindFloat:
		f := v.AsFloat()
		if f == 0 || math.IsNaN(f) {
			return false, "", 0
		}
		neg = f < 0
		// Shortest digits that round-trip: d.ddde±x.
		e := strconv.FormatFloat(math.Abs(f), 'e', -1, 64)
		k := strings.IndexByte(e, 'e')
		x, _ := strconv.Atoi(e[k+1:])
		s = strings.Replace(e[:k], ".", "", 1)
		scale = len(s) - 1 - x
	case KindDecimal:
		d := v.d
		if d.big != nil {
			neg = d.big.Sign() < 0
			s = new(big.Int).Abs(d.big).String()
		} else if d.coef < 0 {
			neg = true
			s = strconv.FormatUint(uint64(-(d.coef+1))+1, 10)
		} else {
			s = strconv.FormatInt(d.coef, 10)
		}
		scale = int(d.scale)
	}
	t := strings.TrimLeft(s, "0")
	if t == "" {
		return false, "", 0
	}
	exp = len(t) - scale
	return neg, strings.TrimRight(t, "0"), exp
}

// encodeRow serialises values exactly: a kind byte, then 8 bytes for
// numbers; scale, shown digits and the coefficient for decimals; a
// length and the bytes for text and blobs.
func encodeRow(dst []byte, row []Value) []byte {
	dst = binary.AppendUvarint(dst, uint64(len(row)))
	for _, v := range row {
		dst = append(dst, byte(v.kind))
		switch v.kind {
		case KindInt, KindUint, KindFloat:
			dst = binary.BigEndian.AppendUint64(dst, uint64(v.d.coef))
		case KindDecimal:
			dst = binary.AppendVarint(dst, int64(v.d.scale))
			dst = binary.AppendVarint(dst, int64(v.d.frac))
			if v.d.big == nil {
				dst = append(dst, 0)
				dst = binary.BigEndian.AppendUint64(dst, uint64(v.d.coef))
				break
			}
			sign := byte(1)
			if v.d.big.Sign() < 0 {
				sign = 2
			}
			b := v.d.big.Bytes()
			dst = append(dst, sign)
			dst = binary.AppendUvarint(dst, uint64(len(b)))
			dst = append(dst, b...)
		case KindText, KindBlob:
			if v.enum { // an ENUM/SET value keeps its number (enum.go)
				dst[len(dst)-1] |= enumKindBit
				dst = append(dst, byte(v.d.scale))
				dst = binary.BigEndian.AppendUint64(dst, uint64(v.d.coef))
			}
			dst = binary.AppendUvarint(dst, uint64(len(v.s)))
			dst = append(dst, v.s...)
		}
	}
	return dst
}

// decodeRow is the inverse of encodeRow; the values own their bytes.
func decodeRow(b []byte, dst []Value) ([]Value, error) {
	bad := execErrorf(ErrMisuse, "corrupt spilled row")
	n, k := binary.Uvarint(b)
	if k <= 0 || n > uint64(len(b)) {
		return nil, bad
	}
	b = b[k:]
	for i := uint64(0); i < n; i++ {
		if len(b) == 0 {
			return nil, bad
		}
		v := Value{kind: Kind(b[0] &^ enumKindBit), enum: b[0]&enumKindBit != 0}
		b = b[1:]
		if v.enum {
			if v.kind != KindText || len(b) < 9 {
				return nil, bad
			}
			v.d.scale = int32(b[0])
			v.d.coef = int64(binary.BigEndian.Uint64(b[1:]))
			b = b[9:]
		}
		switch v.kind {
		case KindNull:
		case KindInt, KindUint, KindFloat:
			if len(b) < 8 {
				return nil, bad
			}
			v.d.coef = int64(binary.BigEndian.Uint64(b))
			b = b[8:]
		case KindDecimal:
			scale, k1 := binary.Varint(b)
			if k1 <= 0 {
				return nil, bad
			}
			frac, k2 := binary.Varint(b[k1:])
			if k2 <= 0 || len(b) < k1+k2+1 {
				return nil, bad
			}
			v.d.scale, v.d.frac = int32(scale), int32(frac)
			b = b[k1+k2:]
			sign := b[0]
			b = b[1:]
			if sign == 0 {
				if len(b) < 8 {
					return nil, bad
				}
				v.d.coef = int64(binary.BigEndian.Uint64(b))
				b = b[8:]
				break
			}
			m, k3 := binary.Uvarint(b)
			if k3 <= 0 || m > uint64(len(b)-k3) {
				return nil, bad
			}
			v.d.big = new(big.Int).SetBytes(b[k3 : k3+int(m)])
			if sign == 2 {
				v.d.big.Neg(v.d.big)
			}
			b = b[k3+int(m):]
		case KindText, KindBlob:
			m, k := binary.Uvarint(b)
			if k <= 0 || m > uint64(len(b)-k) {
				return nil, bad
			}
			v.s = string(b[k : k+int(m)])
			b = b[k+int(m):]
		default:
			return nil, bad
		}
		dst = append(dst, v)
	}
	return dst, nil
}
