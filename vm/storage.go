// Storage: how a column value is written into a SQLite record and read back (V8).
//
// ToStorage applies MySQL's assignment conversion for the column's type (strict sql_mode, the
// MySQL 8 default) and then encodes the result as one SQLite storage class:
//
//	column type            stored as
//	---------------------  ----------------------------------------------------------------
//	TINYINT..BIGINT, BIT   INTEGER. Range checked for the type (ErrRange). BIGINT UNSIGNED
//	YEAR                   values <= 2^63-1 are INTEGER; larger ones are a BLOB of exactly 20
//	                       ASCII digits, zero padded ('09223372036854775808'): SQLite sorts
//	                       every INTEGER before every BLOB and padded digits sort numerically
//	                       (memcmp), so index order stays numeric and the value is exact (REAL
//	                       would lose digits, negative two's complement INTEGER would sort
//	                       first). BLOB, not TEXT: sqlite3's integrity_check reports numeric
//	                       TEXT in a numeric-affinity column ("TEXT value in t.c").
//	DECIMAL(p,s)           rounded to s (half away from zero), > p-s integer digits is ErrRange.
//	                       INTEGER when integral and within int64; else REAL when it has <= 15
//	                       significant digits (a REAL then round-trips exactly through its
//	                       shortest text, and sqlite3 shows and sorts it as a number); else
//	                       a BLOB of the digits ('12345678901234567.89'; BLOB for the same
//	                       integrity_check reason). Caveat: such values sort after all numbers
//	                       in an index, and among themselves in byte order, not numerically.
//	                       Reading back formats to the column's scale.
//	DOUBLE / FLOAT         REAL (FLOAT rounded to single precision).
//	CHAR/VARCHAR/TEXT      TEXT (UTF-8). Longer than the column is ErrTruncated; CHAR drops
//	                       trailing spaces as MySQL does when it reads CHAR.
//	BINARY/VARBINARY/BLOB  BLOB. BINARY(n) is zero padded to n bytes.
//	DATE / DATETIME /      TEXT 'YYYY-MM-DD', 'YYYY-MM-DD HH:MM:SS[.ffffff]', '[-]HH:MM:SS[.f]':
//	TIMESTAMP / TIME       fixed width, so binary order is time order (TIME: non-negative only).
//	JSON                   TEXT as given.
//	ENUM / SET             INTEGER: ENUM's 1-based member index, SET's bit mask (member i is
//	                       bit i), so b-tree order is MySQL's ORDER BY order. A value that is
//	                       no member is ErrTruncated. Read back as the member text carrying the
//	                       number for numeric contexts (enum.go).
//	no type / NUMERIC      (columns sqlite3 declared) stored as the value's natural class.
//
// Numbers written to string columns are their MySQL text; strings written to numeric columns
// must be entirely numeric ('12' and ' 1.5e1 ' are fine, '12abc' and 'abc' are ErrBadValue).
// A double or decimal written to an integer column rounds (doubles half to even as MySQL's
// rint, decimals half away from zero).
//
// FromStorage is the inverse and never fails: a value of an unexpected class (written by
// sqlite3) is converted as well as it can be, or returned in its natural kind.
package vm

import (
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
	"unsafe"

	"github.com/walrusdb/walrus/btree"
)

// integer column ranges.
var intRanges = map[BaseType][2]int64{
	BaseTinyInt:   {math.MinInt8, math.MaxInt8},
	BaseSmallInt:  {math.MinInt16, math.MaxInt16},
	BaseMediumInt: {-1 << 23, 1<<23 - 1},
	BaseInt:       {math.MinInt32, math.MaxInt32},
	BaseBigInt:    {math.MinInt64, math.MaxInt64},
}

var uintMax = map[BaseType]uint64{
	BaseTinyInt:   math.MaxUint8,
	BaseSmallInt:  math.MaxUint16,
	BaseMediumInt: 1<<24 - 1,
	BaseInt:       math.MaxUint32,
	BaseBigInt:    math.MaxUint64,
}

// Maximum byte lengths of the TEXT and BLOB types.
var lobMax = map[BaseType]int{
	BaseTinyText: 255, BaseText: 65535, BaseMediumText: 1<<24 - 1, BaseLongText: 1<<32 - 1,
	BaseTinyBlob: 255, BaseBlob: 65535, BaseMediumBlob: 1<<24 - 1, BaseLongBlob: 1<<32 - 1,
}

// ToStorage converts v for a column of type t and encodes it as a record value (see the file
// comment). Text and blob results may alias v's bytes: the caller must not modify them.
func ToStorage(v Value, t ColType) (btree.Value, error) {
	if v.kind == KindNull {
		return btree.Value{Type: btree.Null}, nil
	}
	switch {
	case t.IsInteger():
		return intToStorage(v, t)
	case t.IsString() || t.Base == BaseJSON:
		s := v.AsString()
		if t.Base == BaseChar {
			s = strings.TrimRight(s, " ")
		}
		if err := checkLength(s, t, true); err != nil {
			return btree.Value{}, err
		}
		return textValue(s), nil
	case t.IsBinary():
		s := v.AsString()
		if err := checkLength(s, t, false); err != nil {
			return btree.Value{}, err
		}
		if t.Base == BaseBinary && len(s) < t.Length {
			s += strings.Repeat("\x00", t.Length-len(s))
		}
		return btree.Value{Type: btree.Blob, Bytes: unsafe.Slice(unsafe.StringData(s), len(s))}, nil
	}
	switch t.Base {
	case BaseDecimal:
		d, err := decimalForColumn(v, t)
		if err != nil {
			return btree.Value{}, err
		}
		return decimalToStorage(d), nil
	case BaseDouble, BaseFloat:
		f, err := floatForColumn(v, t)
		if err != nil {
			return btree.Value{}, err
		}
		return btree.Value{Type: btree.Float, Float: f}, nil
	case BaseDate, BaseDatetime, BaseTimestamp, BaseTime:
		var c Value
		switch t.Base {
		case BaseDate:
			c = castDate(v)
		case BaseTime:
			c = castTime(v, t.Scale)
		default:
			c = castDatetime(v, t.Scale)
		}
		if c.IsNull() {
			return btree.Value{}, errorf(ErrBadValue, "vm: incorrect %s value: '%s'", t.Base, v.AsString())
		}
		return textValue(c.s), nil
	case BaseYear:
		y, ok := toYear(v)
		if !ok || (v.IsString() && !isNumericString(v.s)) {
			return btree.Value{}, errorf(ErrRange, "vm: out of range value for YEAR: '%s'", v.AsString())
		}
		return btree.Value{Type: btree.Integer, Int: y}, nil
	case BaseBit:
		u, ok := toUint64(v)
		if !ok || v.kind == KindInt && int64(v.bits()) < 0 || (t.Length < 64 && u>>uint(t.Length) != 0) {
			return btree.Value{}, errorf(ErrRange, "vm: out of range value for %s: '%s'", t.SQL(), v.AsString())
		}
		return uintToStorage(u), nil
	case BaseEnum, BaseSet:
		return enumToStorage(v, t)
	}
	return naturalStorage(v), nil
}

func textValue(s string) btree.Value {
	return btree.Value{Type: btree.Text, Bytes: unsafe.Slice(unsafe.StringData(s), len(s))}
}

// checkLength enforces CHAR/VARCHAR (characters) and BINARY/VARBINARY/LOB (bytes) limits.
func checkLength(s string, t ColType, chars bool) error {
	limit := t.Length
	n := len(s)
	if m, ok := lobMax[t.Base]; ok {
		limit = m
	} else if chars {
		n = utf8.RuneCountInString(s)
	}
	if limit >= 0 && n > limit {
		return errorf(ErrTruncated, "vm: data too long for %s (%d > %d)", t.SQL(), n, limit)
	}
	return nil
}

// isNumericString reports whether s is entirely a number (surrounding spaces allowed).
func isNumericString(s string) bool {
	n := numericPrefixLen(s)
	return n > 0 && isAllSpace(s[n:])
}

func badValue(t ColType, v Value) error {
	return errorf(ErrBadValue, "vm: incorrect %s value: '%s'", strings.ToLower(t.Base.String()), v.AsString())
}

func outOfRange(t ColType, v Value) error {
	return errorf(ErrRange, "vm: out of range value for %s: %s", t.SQL(), v.sqlLiteral())
}

// numberFromString converts a string written to a numeric column to a number, strictly.
func numberFromString(v Value, t ColType) (Value, error) {
	if v.enum { // an ENUM/SET value is its index or mask in a numeric column
		return EnumOrdinal(v), nil
	}
	if !isNumericString(v.s) {
		return Null(), badValue(t, v)
	}
	if d, err := ParseDecimal(v.s); err == nil {
		return Dec(d), nil
	}
	f, _ := parseFloatPrefix(v.s)
	return Float(f), nil
}

func intToStorage(v Value, t ColType) (btree.Value, error) {
	if v.IsString() {
		n, err := numberFromString(v, t)
		if err != nil {
			return btree.Value{}, err
		}
		v = n
	}
	var neg bool
	var mag uint64
	switch v.kind {
	case KindInt:
		neg, mag = signedParts(v)
	case KindUint:
		mag = v.bits()
	case KindFloat:
		f := math.RoundToEven(v.AsFloat())
		if math.Abs(f) >= 18446744073709551616.0 || math.IsNaN(f) {
			return btree.Value{}, outOfRange(t, v)
		}
		neg, mag = f < 0, uint64(math.Abs(f))
	case KindDecimal:
		r := v.d.Round(0)
		neg = r.Sign() < 0
		u, ok := r.Abs().Uint64()
		if !ok {
			return btree.Value{}, outOfRange(t, v)
		}
		mag = u
	}
	if t.Unsigned {
		if (neg && mag != 0) || mag > uintMax[t.Base] {
			return btree.Value{}, outOfRange(t, v)
		}
		return uintToStorage(mag), nil
	}
	r := intRanges[t.Base]
	if neg {
		if mag > uint64(-(r[0]+1))+1 {
			return btree.Value{}, outOfRange(t, v)
		}
		return btree.Value{Type: btree.Integer, Int: -int64(mag)}, nil
	}
	if mag > uint64(r[1]) {
		return btree.Value{}, outOfRange(t, v)
	}
	return btree.Value{Type: btree.Integer, Int: int64(mag)}, nil
}

// uintToStorage stores u as INTEGER, or as 20-digit zero-padded TEXT above 2^63-1.
func uintToStorage(u uint64) btree.Value {
	if u <= math.MaxInt64 {
		return btree.Value{Type: btree.Integer, Int: int64(u)}
	}
	s := strconv.FormatUint(u, 10)
	return blobDigits(strings.Repeat("0", 20-len(s)) + s)
}

func decimalForColumn(v Value, t ColType) (Decimal, error) {
	if v.IsString() {
		n, err := numberFromString(v, t)
		if err != nil {
			return Decimal{}, err
		}
		v = n
	}
	d, ok := toDecimal(v)
	if !ok {
		return Decimal{}, outOfRange(t, v)
	}
	r := d.Round(t.Scale)
	if r.IntDigits() > t.Precision-t.Scale || (t.Unsigned && r.Sign() < 0) {
		return Decimal{}, outOfRange(t, v)
	}
	return r, nil
}

// decimalToStorage encodes an exact decimal: INTEGER if integral and within int64, REAL if it
// has at most 15 significant digits, a BLOB of its digits otherwise.
func decimalToStorage(d Decimal) btree.Value {
	if d.IsInteger() {
		if i, ok := d.Int64(); ok {
			return btree.Value{Type: btree.Integer, Int: i}
		}
	}
	if significantDigits(d) <= 15 {
		return btree.Value{Type: btree.Float, Float: d.Float64()}
	}
	return blobDigits(d.heldString())
}

// blobDigits stores the ASCII digits of a number too wide for INTEGER or REAL.
func blobDigits(s string) btree.Value {
	return btree.Value{Type: btree.Blob, Bytes: []byte(s)}
}

// significantDigits counts the digits of d's coefficient without trailing zeros.
func significantDigits(d Decimal) int {
	s := d.heldString()
	s = strings.TrimLeft(s, "-0.")
	s = strings.Replace(s, ".", "", 1)
	s = strings.TrimRight(s, "0")
	return len(s)
}

func floatForColumn(v Value, t ColType) (float64, error) {
	if v.IsString() && !v.enum {
		if !isNumericString(v.s) {
			return 0, badValue(t, v)
		}
	}
	f := v.AsFloat()
	if math.IsInf(f, 0) || math.IsNaN(f) || (t.Base == BaseFloat && math.Abs(f) > math.MaxFloat32) {
		return 0, outOfRange(t, v)
	}
	if t.Unsigned && f < 0 {
		return 0, outOfRange(t, v)
	}
	if t.Base == BaseFloat {
		f = toFloat32(f)
	}
	return f, nil
}

// naturalStorage stores a value in its own class (columns without a MySQL type).
func naturalStorage(v Value) btree.Value {
	switch v.kind {
	case KindInt:
		return btree.Value{Type: btree.Integer, Int: int64(v.bits())}
	case KindUint:
		if v.bits() <= math.MaxInt64 {
			return btree.Value{Type: btree.Integer, Int: int64(v.bits())}
		}
		return btree.Value{Type: btree.Float, Float: float64(v.bits())}
	case KindFloat:
		return btree.Value{Type: btree.Float, Float: v.AsFloat()}
	case KindDecimal:
		return decimalToStorage(v.d)
	case KindBlob:
		return btree.Value{Type: btree.Blob, Bytes: v.AsBytes()}
	}
	return textValue(v.s)
}

// FromStorage decodes a record value of a column of type t. Text and blob results alias s.Bytes.
func FromStorage(s btree.Value, t ColType) Value {
	switch s.Type {
	case btree.Null:
		return Null()
	}
	nat := naturalValue(s)
	switch {
	case t.IsInteger() || t.Base == BaseBit:
		if t.Unsigned || t.Base == BaseBit {
			switch s.Type {
			case btree.Integer:
				if s.Int >= 0 { // a negative one was written by someone else: keep it signed
					return Uint(uint64(s.Int))
				}
			case btree.Text, btree.Blob:
				if u, ok := parseUintPrefix(string(s.Bytes)); ok {
					return Uint(u)
				}
			}
			return nat
		}
		return nat
	case t.IsString() || t.Base == BaseJSON || t.IsTemporal():
		switch s.Type {
		case btree.Text:
			return nat
		case btree.Blob:
			return Text(string(s.Bytes))
		}
		return Text(nat.String())
	case t.IsBinary():
		if s.Type == btree.Blob {
			return nat
		}
		if s.Type == btree.Text {
			return Blob(s.Bytes)
		}
		return Blob([]byte(nat.String()))
	}
	switch t.Base {
	case BaseEnum, BaseSet:
		return enumFromStorage(s, t)
	case BaseDecimal:
		var d Decimal
		var err error
		switch s.Type {
		case btree.Integer:
			d = DecimalFromInt(s.Int)
		case btree.Float:
			d, err = DecimalFromFloat(s.Float)
		default:
			d, err = ParseDecimal(string(s.Bytes))
		}
		if err != nil {
			return nat
		}
		return Dec(d.Round(t.Scale))
	case BaseDouble, BaseFloat:
		switch s.Type {
		case btree.Integer:
			return Float(float64(s.Int))
		case btree.Text, btree.Blob:
			if f, ok := parseFloatPrefix(string(s.Bytes)); ok {
				return Float(f)
			}
		}
		return nat
	}
	return nat
}

// naturalValue maps a storage class to its own kind.
func naturalValue(s btree.Value) Value {
	switch s.Type {
	case btree.Integer:
		return Int(s.Int)
	case btree.Float:
		return Float(s.Float)
	case btree.Text:
		return Text(unsafeString(s.Bytes))
	case btree.Blob:
		return Blob(s.Bytes)
	}
	return Null()
}
