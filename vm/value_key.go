package vm

import (
	"math"
	"strconv"
	"strings"
)

// AppendKey appends to dst a byte string that is equal for two values exactly when
// NullSafeEqual would call them equal, for values of one column: numbers of any kind by numeric
// value (1, 1.0, 1e0 and 1.000 give one key), strings by bytes, NULL its own key. It is the
// grouping key of DISTINCT and GROUP BY. (A number and a string never share a key even when
// Compare would equate them, e.g. 1 and '1': MySQL's grouping of such mixed columns is by the
// column's type, which is uniform in practice.)
func AppendKey(dst []byte, v Value) []byte {
	switch v.kind {
	case KindNull:
		return append(dst, 'N', 0)
	case KindText, KindBlob:
		dst = append(dst, 'S')
		dst = strconv.AppendInt(dst, int64(len(v.s)), 10)
		dst = append(dst, ':')
		return append(dst, v.s...)
	case KindInt:
		dst = append(dst, 'n')
		return append(strconv.AppendInt(dst, int64(v.bits()), 10), 0)
	case KindUint:
		dst = append(dst, 'n')
		return append(strconv.AppendUint(dst, v.bits(), 10), 0)
	case KindFloat:
		f := v.AsFloat()
		if f == math.Trunc(f) && math.Abs(f) < 1<<63 {
			dst = append(dst, 'n')
			return append(strconv.AppendInt(dst, int64(f), 10), 0)
		}
		d, err := DecimalFromFloat(f)
		if err != nil || d.Float64() != f { // beyond DECIMAL's range or 30 digits: keep it a double
			return append(append(dst, 'f'), strconv.FormatFloat(f, 'g', -1, 64)...)
		}
		return appendDecimalKey(dst, d)
	}
	return appendDecimalKey(dst, v.d)
}

func appendDecimalKey(dst []byte, d Decimal) []byte {
	dst = append(dst, 'n')
	s := d.heldString()
	if strings.IndexByte(s, '.') >= 0 {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	if s == "-0" {
		s = "0"
	}
	return append(append(dst, s...), 0)
}

// Clone returns v with its own copy of any text or blob bytes, so that it outlives the page or
// buffer it was read from.
func (v Value) Clone() Value {
	if v.kind == KindText || v.kind == KindBlob {
		v.s = strings.Clone(v.s)
	}
	return v
}
