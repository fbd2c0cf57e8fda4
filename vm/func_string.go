package vm

import (
	"encoding/hex"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// String functions. Text arguments are measured in characters (UTF-8), Blob arguments in
// bytes, as MySQL does for utf8mb4 and binary strings. Results are Text unless an argument that
// flows into the result is a Blob.

// maxStringResult bounds REPEAT/LPAD/RPAD/SPACE results like MySQL's max_allowed_packet (64 MiB):
// longer results are NULL.
const maxStringResult = 64 << 20

func init() {
	builtin("concat", 1, -1, strict(fnConcat))
	builtin("concat_ws", 2, -1, fnConcatWS)
	builtin("length", 1, 1, strict(func(a []Value) (Value, error) { return Int(int64(len(a[0].AsString()))), nil }))
	builtin("octet_length", 1, 1, strict(func(a []Value) (Value, error) { return Int(int64(len(a[0].AsString()))), nil }))
	builtin("char_length", 1, 1, strict(fnCharLength))
	builtin("character_length", 1, 1, strict(fnCharLength))
	builtin("lower", 1, 1, strict(func(a []Value) (Value, error) { return caseMap(a[0], strings.ToLower), nil }))
	builtin("lcase", 1, 1, strict(func(a []Value) (Value, error) { return caseMap(a[0], strings.ToLower), nil }))
	builtin("upper", 1, 1, strict(func(a []Value) (Value, error) { return caseMap(a[0], strings.ToUpper), nil }))
	builtin("ucase", 1, 1, strict(func(a []Value) (Value, error) { return caseMap(a[0], strings.ToUpper), nil }))
	builtin("substring", 2, 3, strict(fnSubstring))
	builtin("substr", 2, 3, strict(fnSubstring))
	builtin("mid", 3, 3, strict(fnSubstring))
	builtin("left", 2, 2, strict(fnLeft))
	builtin("right", 2, 2, strict(fnRight))
	builtin("lpad", 3, 3, strict(func(a []Value) (Value, error) { return pad3(a, true) }))
	builtin("rpad", 3, 3, strict(func(a []Value) (Value, error) { return pad3(a, false) }))
	builtin("trim", 1, 3, strict(fnTrim))
	builtin("ltrim", 1, 1, strict(func(a []Value) (Value, error) { return sameKind(a[0], strings.TrimLeft(a[0].AsString(), " ")), nil }))
	builtin("rtrim", 1, 1, strict(func(a []Value) (Value, error) { return sameKind(a[0], strings.TrimRight(a[0].AsString(), " ")), nil }))
	builtin("replace", 3, 3, strict(fnReplace))
	builtin("instr", 2, 2, strict(func(a []Value) (Value, error) { return locate(a[1], a[0], 1), nil }))
	builtin("locate", 2, 3, strict(fnLocate))
	builtin("position", 2, 2, strict(func(a []Value) (Value, error) { return locate(a[0], a[1], 1), nil }))
	builtin("reverse", 1, 1, strict(fnReverse))
	builtin("repeat", 2, 2, strict(fnRepeat))
	builtin("space", 1, 1, strict(fnSpace))
	builtin("hex", 1, 1, strict(fnHex))
	builtin("unhex", 1, 1, strict(fnUnhex))
	builtin("ascii", 1, 1, strict(fnASCII))
	builtin("ord", 1, 1, strict(fnOrd))
	builtin("strcmp", 2, 2, strict(func(a []Value) (Value, error) {
		return Int(int64(strings.Compare(a[0].AsString(), a[1].AsString()))), nil
	}))
	builtin("field", 2, -1, fnField)
	builtin("elt", 2, -1, fnElt)
	builtin("insert", 4, 4, strict(fnInsert))
	builtin("substring_index", 3, 3, strict(fnSubstringIndex))
	builtin("bin", 1, 1, strict(func(a []Value) (Value, error) { return Text(strconv.FormatUint(a[0].AsUint(), 2)), nil }))
	builtin("oct", 1, 1, strict(func(a []Value) (Value, error) { return Text(strconv.FormatUint(a[0].AsUint(), 8)), nil }))
}

// runes reports whether v is measured in characters (Text) rather than bytes (Blob).
func runes(v Value) bool { return v.kind != KindBlob }

// sameKind returns s as a Blob when v is a Blob, else as Text.
func sameKind(v Value, s string) Value {
	if v.kind == KindBlob {
		return Blob([]byte(s))
	}
	return Text(s)
}

func fnConcat(a []Value) (Value, error) {
	var b strings.Builder
	blob := false
	for _, v := range a {
		b.WriteString(v.AsString())
		blob = blob || v.kind == KindBlob
	}
	if blob {
		return Blob([]byte(b.String())), nil
	}
	return Text(b.String()), nil
}

// fnConcatWS is CONCAT_WS(sep, ...): NULL separator gives NULL; NULL arguments are skipped.
func fnConcatWS(a []Value) (Value, error) {
	if a[0].IsNull() {
		return Null(), nil
	}
	sep := a[0].AsString()
	var b strings.Builder
	first := true
	for _, v := range a[1:] {
		if v.IsNull() {
			continue
		}
		if !first {
			b.WriteString(sep)
		}
		first = false
		b.WriteString(v.AsString())
	}
	return Text(b.String()), nil
}

func fnCharLength(a []Value) (Value, error) {
	s := a[0].AsString()
	if !runes(a[0]) {
		return Int(int64(len(s))), nil
	}
	return Int(int64(utf8.RuneCountInString(s))), nil
}

// caseMap applies f to Text; binary strings are not changed, as in MySQL.
func caseMap(v Value, f func(string) string) Value {
	if v.kind == KindBlob {
		return v
	}
	return Text(f(v.AsString()))
}

// unitLen returns the length of s in characters (chars) or bytes.
func unitLen(s string, chars bool) int {
	if chars {
		return utf8.RuneCountInString(s)
	}
	return len(s)
}

// unitSlice returns units [from, to) of s (0-based, clamped).
func unitSlice(s string, from, to int, chars bool) string {
	if !chars {
		from, to = max(min(from, len(s)), 0), max(min(to, len(s)), 0)
		if from >= to {
			return ""
		}
		return s[from:to]
	}
	if from >= to {
		return ""
	}
	start, end := len(s), len(s)
	n := 0
	for i := range s {
		if n == from {
			start = i
		}
		if n == to {
			end = i
			break
		}
		n++
	}
	if start > end {
		return ""
	}
	return s[start:end]
}

// fnSubstring is SUBSTRING(s, pos[, len]): pos is 1-based, negative counts from the end,
// 0 gives ”.
func fnSubstring(a []Value) (Value, error) {
	s := a[0].AsString()
	chars := runes(a[0])
	n := int64(unitLen(s, chars))
	pos := intArg(a[1])
	length := int64(math.MaxInt64)
	if len(a) == 3 {
		length = intArg(a[2])
	}
	if pos == 0 || length <= 0 || pos > n || pos < -n {
		return sameKind(a[0], ""), nil
	}
	start := pos - 1
	if pos < 0 {
		start = n + pos
	}
	end := n
	if length < n-start {
		end = start + length
	}
	return sameKind(a[0], unitSlice(s, int(start), int(end), chars)), nil
}

func fnLeft(a []Value) (Value, error) {
	s, chars := a[0].AsString(), runes(a[0])
	k := intArg(a[1])
	if k <= 0 {
		return sameKind(a[0], ""), nil
	}
	n := int64(unitLen(s, chars))
	return sameKind(a[0], unitSlice(s, 0, int(min(k, n)), chars)), nil
}

func fnRight(a []Value) (Value, error) {
	s, chars := a[0].AsString(), runes(a[0])
	k := intArg(a[1])
	if k <= 0 {
		return sameKind(a[0], ""), nil
	}
	n := int64(unitLen(s, chars))
	k = min(k, n)
	return sameKind(a[0], unitSlice(s, int(n-k), int(n), chars)), nil
}

// pad3 is LPAD/RPAD(s, n, pad): cut s to n units, or pad it with repetitions of pad; NULL when
// n < 0 or padding is needed but pad is empty.
func pad3(a []Value, left bool) (Value, error) {
	s, chars := a[0].AsString(), runes(a[0])
	n := intArg(a[1])
	p := a[2].AsString()
	if n < 0 || n > maxStringResult {
		return Null(), nil
	}
	cur := int64(unitLen(s, chars))
	if cur >= n {
		return sameKind(a[0], unitSlice(s, 0, int(n), chars)), nil
	}
	plen := int64(unitLen(p, chars))
	if plen == 0 {
		return Null(), nil
	}
	need := n - cur
	fill := strings.Repeat(p, int(need/plen)) + unitSlice(p, 0, int(need%plen), chars)
	if left {
		return sameKind(a[0], fill+s), nil
	}
	return sameKind(a[0], s+fill), nil
}

// fnTrim is TRIM(s[, remstr[, direction]]) as the parser passes it: direction 0 or 1 both
// sides, 2 leading, 3 trailing (ast.TrimDirectionType); remstr defaults to ' '.
func fnTrim(a []Value) (Value, error) {
	s := a[0].AsString()
	rem := " "
	if len(a) > 1 {
		rem = a[1].AsString()
	}
	dir := int64(0)
	if len(a) > 2 {
		dir = intArg(a[2])
	}
	if rem == "" {
		return sameKind(a[0], s), nil
	}
	if dir != 3 {
		for strings.HasPrefix(s, rem) {
			s = s[len(rem):]
		}
	}
	if dir != 2 {
		for strings.HasSuffix(s, rem) {
			s = s[:len(s)-len(rem)]
		}
	}
	return sameKind(a[0], s), nil
}

func fnReplace(a []Value) (Value, error) {
	from := a[1].AsString()
	if from == "" {
		return sameKind(a[0], a[0].AsString()), nil
	}
	return sameKind(a[0], strings.ReplaceAll(a[0].AsString(), from, a[2].AsString())), nil
}

// locate returns the 1-based position of sub in s at or after position pos, 0 if absent.
func locate(sub, s Value, pos int64) Value {
	str, needle := s.AsString(), sub.AsString()
	chars := runes(s) && runes(sub)
	n := int64(unitLen(str, chars))
	if pos < 1 || pos > n+1 {
		return Int(0)
	}
	start := pos - 1
	rest := unitSlice(str, int(start), int(n), chars)
	i := strings.Index(rest, needle)
	if i < 0 {
		return Int(0)
	}
	return Int(start + int64(unitLen(rest[:i], chars)) + 1)
}

func fnLocate(a []Value) (Value, error) {
	pos := int64(1)
	if len(a) == 3 {
		pos = intArg(a[2])
	}
	return locate(a[0], a[1], pos), nil
}

func fnReverse(a []Value) (Value, error) {
	s := a[0].AsString()
	if !runes(a[0]) {
		b := []byte(s)
		for i, j := 0, len(b)-1; i < j; i, j = i+1, j-1 {
			b[i], b[j] = b[j], b[i]
		}
		return Blob(b), nil
	}
	r := []rune(s)
	for i, j := 0, len(r)-1; i < j; i, j = i+1, j-1 {
		r[i], r[j] = r[j], r[i]
	}
	return Text(string(r)), nil
}

func fnRepeat(a []Value) (Value, error) {
	s := a[0].AsString()
	n := intArg(a[1])
	if n <= 0 || s == "" {
		return sameKind(a[0], ""), nil
	}
	if n > maxStringResult/int64(len(s)) {
		return Null(), nil
	}
	return sameKind(a[0], strings.Repeat(s, int(n))), nil
}

func fnSpace(a []Value) (Value, error) {
	n := intArg(a[0])
	if n <= 0 {
		return Text(""), nil
	}
	if n > maxStringResult {
		return Null(), nil
	}
	return Text(strings.Repeat(" ", int(n))), nil
}

// fnHex is HEX(x): strings byte by byte, numbers as their 64-bit integer value (rounded).
func fnHex(a []Value) (Value, error) {
	v := a[0]
	if v.IsString() {
		return Text(strings.ToUpper(hex.EncodeToString([]byte(v.s)))), nil
	}
	var u uint64
	switch v.kind {
	case KindInt, KindUint:
		u = v.bits()
	case KindFloat:
		f := v.AsFloat()
		if f < 0 {
			i, _ := floatToInt64(f)
			u = uint64(i)
		} else {
			u, _ = floatToUint64(f)
		}
	default:
		u, _ = toUint64(v)
	}
	return Text(strings.ToUpper(strconv.FormatUint(u, 16))), nil
}

func fnUnhex(a []Value) (Value, error) {
	s := a[0].AsString()
	if len(s)%2 == 1 {
		s = "0" + s
	}
	b, err := hex.DecodeString(s)
	if err != nil {
		return Null(), nil
	}
	return Blob(b), nil
}

func fnASCII(a []Value) (Value, error) {
	s := a[0].AsString()
	if s == "" {
		return Int(0), nil
	}
	return Int(int64(s[0])), nil
}

// fnOrd is ORD(s): the code of the first character, multi-byte characters as their bytes
// read big-endian (MySQL's definition).
func fnOrd(a []Value) (Value, error) {
	s := a[0].AsString()
	if s == "" {
		return Int(0), nil
	}
	if !runes(a[0]) {
		return Int(int64(s[0])), nil
	}
	_, n := utf8.DecodeRuneInString(s)
	var code int64
	for i := 0; i < n; i++ {
		code = code*256 + int64(s[i])
	}
	return Int(code), nil
}

// fnField is FIELD(x, a, b, ...): the 1-based index of the first argument equal to x, 0 if
// none (or x is NULL). Strings compare as strings when all are strings, else as numbers.
func fnField(a []Value) (Value, error) {
	if a[0].IsNull() {
		return Int(0), nil
	}
	allStr := true
	for _, v := range a {
		if !v.IsNull() && !v.IsString() {
			allStr = false
		}
	}
	for i, v := range a[1:] {
		if v.IsNull() {
			continue
		}
		if allStr {
			if v.AsString() == a[0].AsString() {
				return Int(int64(i + 1)), nil
			}
		} else if cmpFloat(v.AsFloat(), a[0].AsFloat()) == 0 {
			return Int(int64(i + 1)), nil
		}
	}
	return Int(0), nil
}

// fnElt is ELT(n, a, b, ...): the n-th string, NULL when out of range.
func fnElt(a []Value) (Value, error) {
	if a[0].IsNull() {
		return Null(), nil
	}
	n := intArg(a[0])
	if n < 1 || n >= int64(len(a)) {
		return Null(), nil
	}
	v := a[n]
	if v.IsNull() {
		return Null(), nil
	}
	return sameKind(v, v.AsString()), nil
}

// fnInsert is INSERT(s, pos, len, new).
func fnInsert(a []Value) (Value, error) {
	s, chars := a[0].AsString(), runes(a[0])
	n := int64(unitLen(s, chars))
	pos, length := intArg(a[1]), intArg(a[2])
	if pos < 1 || pos > n {
		return sameKind(a[0], s), nil
	}
	if length < 0 || length > n-pos+1 {
		length = n - pos + 1
	}
	start := pos - 1
	return sameKind(a[0], unitSlice(s, 0, int(start), chars)+a[3].AsString()+unitSlice(s, int(start+length), int(n), chars)), nil
}

// fnSubstringIndex is SUBSTRING_INDEX(s, delim, count).
func fnSubstringIndex(a []Value) (Value, error) {
	s, delim := a[0].AsString(), a[1].AsString()
	count := intArg(a[2])
	if delim == "" || count == 0 {
		return sameKind(a[0], ""), nil
	}
	parts := strings.Split(s, delim)
	if count > 0 {
		if count >= int64(len(parts)) {
			return sameKind(a[0], s), nil
		}
		return sameKind(a[0], strings.Join(parts[:count], delim)), nil
	}
	if -count >= int64(len(parts)) {
		return sameKind(a[0], s), nil
	}
	return sameKind(a[0], strings.Join(parts[int64(len(parts))+count:], delim)), nil
}
