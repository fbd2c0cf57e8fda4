package vm

import (
	"math"
	"math/bits"
	"strconv"
	"strings"
	"sync"

	"github.com/walrusdb/walrus/btree"
)

// ENUM and SET columns (storage.go's table). A column value is stored as an INTEGER: ENUM's
// 1-based member index (0 is MySQL's error value ''), SET's bit mask (bit i is member i). Read
// back, it is a Text value holding the member string (SET: the members in definition order,
// comma separated) that also carries the number: numeric contexts (e + 0, CAST AS SIGNED,
// e = 2, SUM) see the index or mask, string contexts (CONCAT, e = 'b', e < 'c', MIN/MAX,
// LIKE) see the string, as in MySQL. ORDER BY sorts by the number: the compiler sorts on
// EnumOrdinal of an ENUM/SET column, and an index on the column holds the integers.
//
// Members match exactly (walrus collates binary; MySQL's _ci collations match case
// insensitively), trailing spaces aside: MySQL strips them from member definitions and its PAD
// SPACE collations ignore them in values. Writes are always strict: a value that is no member,
// and '' for ENUM, is ErrTruncated (MySQL's 1265 "Data truncated").

// enumKindBit marks an ENUM/SET value's kind byte in a spilled row
// (spill.go's encodeRow): a byte of d.scale and its number follow.
const enumKindBit = 0x80

// Limits of the member lists (MySQL's).
const (
	maxEnumMembers = 65535
	maxSetMembers  = 64
)

// enumColType builds the ColType of ENUM(elems...) or SET(elems...).
func enumColType(set bool, elems []string) (ColType, error) {
	t := ColType{Base: BaseEnum, Length: -1}
	limit := maxEnumMembers
	if set {
		t.Base, limit = BaseSet, maxSetMembers
	}
	if len(elems) == 0 || len(elems) > limit {
		return ColType{}, errorf(ErrArgs, "vm: %s needs 1 to %d members, has %d", t.Base, limit, len(elems))
	}
	members := make([]string, len(elems))
	seen := make(map[string]bool, len(elems))
	for i, e := range elems {
		e = strings.TrimRight(e, " ")
		switch {
		case strings.IndexByte(e, 0) >= 0:
			return ColType{}, errorf(ErrArgs, "vm: %s member %q holds a NUL byte", t.Base, e)
		case set && strings.IndexByte(e, ',') >= 0:
			return ColType{}, errorf(ErrArgs, "vm: illegal SET member '%s' (contains ',')", e)
		case seen[e]:
			return ColType{}, errorf(ErrArgs, "vm: duplicated value '%s' in %s", e, t.Base)
		}
		seen[e] = true
		members[i] = e
	}
	t.Elems = strings.Join(members, "\x00")
	return t, nil
}

// IsEnum reports whether t is ENUM or SET.
func (t ColType) IsEnum() bool { return t.Base == BaseEnum || t.Base == BaseSet }

var memberCache sync.Map // Elems -> []string

// Members returns the member list of an ENUM or SET type (nil for other types). The slice is
// shared: do not modify it.
func (t ColType) Members() []string {
	if !t.IsEnum() {
		return nil
	}
	if m, ok := memberCache.Load(t.Elems); ok {
		return m.([]string)
	}
	m := strings.Split(t.Elems, "\x00")
	memberCache.Store(t.Elems, m)
	return m
}

// memberList renders the members as MySQL's DDL does: quoted, a quote doubled.
func (t ColType) memberList() string {
	var b strings.Builder
	for i, m := range t.Members() {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteByte('\'')
		b.WriteString(strings.ReplaceAll(strings.ReplaceAll(m, `\`, `\\`), "'", "''"))
		b.WriteByte('\'')
	}
	return b.String()
}

// MaxMemberLength is INFORMATION_SCHEMA's CHARACTER_MAXIMUM_LENGTH of an ENUM (its longest
// member) or SET (all members and the commas between them), in characters.
func (t ColType) MaxMemberLength() int {
	n, sum := 0, 0
	for _, m := range t.Members() {
		l := len([]rune(m))
		n, sum = max(n, l), sum+l
	}
	if t.Base == BaseSet {
		return sum + len(t.Members()) - 1
	}
	return n
}

// enumValue is a value read from an ENUM/SET column: string s, ordinal n. A SET value's
// d.scale is setScale (FIND_IN_SET maps its items to member numbers).
func enumValue(s string, n uint64, t ColType) Value {
	v := Value{kind: KindText, enum: true, s: s, d: Decimal{coef: int64(n)}}
	if t.Base == BaseSet {
		v.d.scale = setScale
	}
	return v
}

const setScale = 1

// EnumOrdinal returns the index (ENUM) or bit mask (SET) of a value read from such a column,
// and v unchanged for any other value: the sort key of ORDER BY on an ENUM or SET column.
func EnumOrdinal(v Value) Value {
	if v.enum {
		return Uint(uint64(v.d.coef))
	}
	return v
}

// IsEnumValue reports whether v was read from an ENUM or SET column.
func (v Value) IsEnumValue() bool { return v.enum }

func enumTruncated(t ColType, v Value) error {
	return errorf(ErrTruncated, "vm: data truncated: %s is not a value of %s", v.sqlLiteral(), t.SQL())
}

// enumOrdinalFor converts v to the index or mask of column type t (strict assignment).
func enumOrdinalFor(v Value, t ColType) (uint64, error) {
	members := t.Members()
	if v.IsString() {
		s := strings.TrimRight(v.s, " ")
		if t.Base == BaseEnum {
			for i, m := range members {
				if m == s {
					return uint64(i + 1), nil
				}
			}
		} else if mask, ok := setMask(members, s); ok {
			return mask, nil
		}
		// No member: a string of digits is an index or mask, as a number would be.
		n, err := strconv.ParseUint(strings.TrimSpace(v.s), 10, 64)
		if err != nil || v.enum {
			return 0, enumTruncated(t, v)
		}
		v = Uint(n)
	}
	var n uint64
	switch v.kind {
	case KindInt, KindUint:
		if v.kind == KindInt && int64(v.bits()) < 0 {
			return 0, enumTruncated(t, v)
		}
		n = v.bits()
	default: // DOUBLE, DECIMAL: an integral value only
		f := v.AsFloat()
		if f != math.Trunc(f) || f < 0 || f >= 1<<64 {
			return 0, enumTruncated(t, v)
		}
		n = uint64(f)
	}
	if t.Base == BaseEnum {
		if n < 1 || n > uint64(len(members)) {
			return 0, enumTruncated(t, v)
		}
		return n, nil
	}
	if len(members) < 64 && n>>uint(len(members)) != 0 {
		return 0, enumTruncated(t, v)
	}
	return n, nil
}

// setMask parses a comma-separated list of SET members (the empty string is the empty set).
func setMask(members []string, s string) (uint64, bool) {
	if s == "" {
		return 0, true
	}
	var mask uint64
	for part := range strings.SplitSeq(s, ",") {
		part = strings.TrimRight(part, " ")
		found := false
		for i, m := range members {
			if m == part {
				mask |= 1 << uint(i)
				found = true
				break
			}
		}
		if !found {
			return 0, false
		}
	}
	return mask, true
}

// setString renders a mask as its members in definition order.
func setString(members []string, mask uint64) string {
	if bits.OnesCount64(mask) == 1 {
		return members[bits.TrailingZeros64(mask)]
	}
	var b strings.Builder
	for i, m := range members {
		if mask&(1<<uint(i)) != 0 {
			if b.Len() > 0 {
				b.WriteByte(',')
			}
			b.WriteString(m)
		}
	}
	return b.String()
}

func enumToStorage(v Value, t ColType) (btree.Value, error) {
	n, err := enumOrdinalFor(v, t)
	if err != nil {
		return btree.Value{}, err
	}
	return btree.Value{Type: btree.Integer, Int: int64(n)}, nil
}

// enumFromStorage reads an ENUM/SET record value. An integer out of the member range (written
// by sqlite3) and any other class come back as they are.
func enumFromStorage(s btree.Value, t ColType) Value {
	if s.Type != btree.Integer {
		return naturalValue(s)
	}
	members := t.Members()
	n := s.Int
	switch {
	case n < 0:
	case t.Base == BaseEnum && n == 0:
		return enumValue("", 0, t)
	case t.Base == BaseEnum && n <= int64(len(members)):
		return enumValue(members[n-1], uint64(n), t)
	case t.Base == BaseSet && (len(members) == 64 || uint64(n)>>uint(len(members)) == 0):
		return enumValue(setString(members, uint64(n)), uint64(n), t)
	}
	return Int(n)
}

// enumProbe encodes v as an ENUM/SET column stores it, for seeks in an index on the column;
// ok is false when v is no value of the column. A string probe finds exactly the entries whose
// text equals it, as the comparison e = 'str' does: 'a ' or '2' finds no member 'a', 'z,x'
// no SET value 'x,z'.
func enumProbe(v Value, t ColType) (btree.Value, bool) {
	if v.IsNull() {
		return btree.Value{}, false
	}
	n, err := enumOrdinalFor(v, t)
	if err != nil {
		return btree.Value{}, false
	}
	if v.IsString() && FromStorage(btree.Value{Type: btree.Integer, Int: int64(n)}, t).s != v.s {
		return btree.Value{}, false
	}
	return btree.Value{Type: btree.Integer, Int: int64(n)}, true
}

func init() {
	builtin("find_in_set", 2, 2, strict(fnFindInSet))
}

// fnFindInSet is FIND_IN_SET(str, list): the 1-based position of str among list's
// comma-separated items, 0 when absent or when str holds a comma. For a value of a SET column
// MySQL returns the member's number in the column's definition: the k-th item of the value is
// the k-th set bit of its mask.
func fnFindInSet(a []Value) (Value, error) {
	str, list := a[0].AsString(), a[1]
	if strings.IndexByte(str, ',') >= 0 {
		return Int(0), nil
	}
	k := 0
	for item := range strings.SplitSeq(list.AsString(), ",") {
		k++
		if item != str || list.AsString() == "" {
			continue
		}
		if list.enum && list.d.scale == setScale {
			mask := uint64(list.d.coef)
			for range k - 1 {
				mask &= mask - 1 // drop the lowest set bit
			}
			return Int(int64(bits.TrailingZeros64(mask)) + 1), nil
		}
		return Int(int64(k)), nil
	}
	return Int(0), nil
}
