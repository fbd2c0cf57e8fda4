package vm

import (
	"encoding/json"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// JSON functions. A JSON value is Text holding a JSON document; results
// print as MySQL prints its binary JSON: object keys sorted by length, then
// bytes (the last of duplicate keys wins), ", " and ": " separators,
// integers as integers and other numbers as doubles (1e2 is 100.0).

func init() {
	builtin("json_extract", 2, -1, fnJSONExtract)
	builtin("json_unquote", 1, 1, strict(fnJSONUnquote))
	builtin("json_valid", 1, 1, strict(func(a []Value) (Value, error) {
		_, err := parseJSON(a[0].AsString())
		return Bool(err == nil), nil
	}))
	builtin("json_type", 1, 1, strict(fnJSONType))
	builtin("json_quote", 1, 1, strict(func(a []Value) (Value, error) {
		var b strings.Builder
		writeJSONString(&b, a[0].AsString())
		return Text(b.String()), nil
	}))
}

// JSONObject and JSONArray are JSON_OBJECT(k, v, ...) and
// JSON_ARRAY(v, ...). Their first argument, which the compiler adds, is a
// text of '0' and '1', one per SQL argument: '1' marks a value of JSON
// type (a JSON column, a JSON function's result), embedded as JSON rather
// than as a string. They are not in the registry: only the compiler, which
// knows the argument types, calls them.
var (
	JSONObject = &FuncDef{Name: "JSON_OBJECT", MinArgs: 1, MaxArgs: -1, Fn: fnJSONObject}
	JSONArray  = &FuncDef{Name: "JSON_ARRAY", MinArgs: 1, MaxArgs: -1, Fn: fnJSONArray}
)

// jsonNumber is a JSON number as written; it prints as MySQL's integer or
// double.
type jsonNumber string

// jsonObject keeps a decoded object; keys print in MySQL's order.
type jsonObject map[string]any

func parseJSON(s string) (any, error) {
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	v, err := decodeJSON(dec)
	if err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errorf(ErrArgs, "vm: invalid JSON text: the document has text after its value")
	}
	return v, nil
}

// decodeJSON reads one value token by token, so that numbers keep their
// text and objects become jsonObject.
func decodeJSON(dec *json.Decoder) (any, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, errorf(ErrArgs, "vm: invalid JSON text: %v", err)
	}
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '{':
			obj := jsonObject{}
			for dec.More() {
				kt, err := dec.Token()
				if err != nil {
					return nil, errorf(ErrArgs, "vm: invalid JSON text: %v", err)
				}
				k, ok := kt.(string)
				if !ok {
					return nil, errorf(ErrArgs, "vm: invalid JSON text: object key")
				}
				v, err := decodeJSON(dec)
				if err != nil {
					return nil, err
				}
				obj[k] = v
			}
			if _, err := dec.Token(); err != nil {
				return nil, errorf(ErrArgs, "vm: invalid JSON text: %v", err)
			}
			return obj, nil
		case '[':
			arr := []any{}
			for dec.More() {
				v, err := decodeJSON(dec)
				if err != nil {
					return nil, err
				}
				arr = append(arr, v)
			}
			if _, err := dec.Token(); err != nil {
				return nil, errorf(ErrArgs, "vm: invalid JSON text: %v", err)
			}
			return arr, nil
		}
		return nil, errorf(ErrArgs, "vm: invalid JSON text: unexpected %v", t)
	case json.Number:
		return jsonNumber(t), nil
	}
	return tok, nil // string, bool, nil
}

// mysqlKeyLess orders object keys as MySQL's binary JSON does.
func mysqlKeyLess(a, b string) bool {
	if len(a) != len(b) {
		return len(a) < len(b)
	}
	return a < b
}

func writeJSON(b *strings.Builder, v any) {
	switch v := v.(type) {
	case nil:
		b.WriteString("null")
	case bool:
		b.WriteString(strconv.FormatBool(v))
	case string:
		writeJSONString(b, v)
	case jsonNumber:
		b.WriteString(formatJSONNumber(string(v)))
	case jsonDouble:
		b.WriteString(formatJSONDouble(float64(v)))
	case jsonDecimal:
		b.WriteString(string(v))
	case []any:
		b.WriteByte('[')
		for i, e := range v {
			if i > 0 {
				b.WriteString(", ")
			}
			writeJSON(b, e)
		}
		b.WriteByte(']')
	case jsonObject:
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		sort.Slice(keys, func(i, j int) bool { return mysqlKeyLess(keys[i], keys[j]) })
		b.WriteByte('{')
		for i, k := range keys {
			if i > 0 {
				b.WriteString(", ")
			}
			writeJSONString(b, k)
			b.WriteString(": ")
			writeJSON(b, v[k])
		}
		b.WriteByte('}')
	}
}

// formatJSONNumber prints a number as MySQL does: an integer that fits 64
// bits as is, anything else as a double with at least one decimal.
func formatJSONNumber(s string) string {
	if _, err := strconv.ParseInt(s, 10, 64); err == nil {
		return s
	}
	if _, err := strconv.ParseUint(s, 10, 64); err == nil {
		return s
	}
	f, _ := strconv.ParseFloat(s, 64)
	return formatJSONDouble(f)
}

func formatJSONDouble(f float64) string {
	if a := math.Abs(f); a != 0 && (a < 1e-5 || a >= 1e17) {
		// MySQL writes 1e-7 and 1e20, Go 1e-07 and 1e+20.
		s := strconv.FormatFloat(f, 'e', -1, 64)
		i := strings.IndexByte(s, 'e')
		mant, exp := s[:i], s[i+1:]
		sign := ""
		if exp[0] == '-' {
			sign = "-"
		}
		return mant + "e" + sign + strings.TrimLeft(exp[1:], "0")
	}
	s := strconv.FormatFloat(f, 'f', -1, 64)
	if !strings.ContainsAny(s, ".e") {
		s += ".0"
	}
	return s
}

func writeJSONString(b *strings.Builder, s string) {
	b.WriteByte('"')
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == '"':
			b.WriteString(`\"`)
		case r == '\\':
			b.WriteString(`\\`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\b':
			b.WriteString(`\b`)
		case r == '\f':
			b.WriteString(`\f`)
		case r < 0x20:
			b.WriteString(`\u00`)
			b.WriteByte("0123456789abcdef"[r>>4])
			b.WriteByte("0123456789abcdef"[r&15])
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	b.WriteByte('"')
}

// jsonLeg is one step of a JSON path.
type jsonLeg struct {
	kind  byte // '.' member, '[' index, '*' any member, '#' any element, '~' any depth (**)
	key   string
	index int  // for '[': from the start, or from the end when last
	last  bool // [last] or [last-N]
}

// parseJSONPath parses MySQL's path syntax: $ followed by .key, ."key",
// .*, [n], [last], [last-n], [*] and **.
func parseJSONPath(p string) ([]jsonLeg, bool, error) {
	bad := func() ([]jsonLeg, bool, error) {
		return nil, false, errorf(ErrArgs, "vm: invalid JSON path expression %q", p)
	}
	s := strings.TrimSpace(p)
	if !strings.HasPrefix(s, "$") {
		return bad()
	}
	s = s[1:]
	var legs []jsonLeg
	wild := false
	for {
		s = strings.TrimLeft(s, " \t\n")
		if s == "" {
			break
		}
		switch {
		case strings.HasPrefix(s, "**"):
			legs = append(legs, jsonLeg{kind: '~'})
			wild = true
			s = s[2:]
			if s == "" {
				return bad() // ** must be followed by a leg
			}
		case s[0] == '.':
			s = strings.TrimLeft(s[1:], " \t\n")
			switch {
			case strings.HasPrefix(s, "*"):
				legs = append(legs, jsonLeg{kind: '*'})
				wild = true
				s = s[1:]
			case strings.HasPrefix(s, `"`):
				end := 1
				for end < len(s) && s[end] != '"' {
					if s[end] == '\\' {
						end++
					}
					end++
				}
				if end >= len(s) {
					return bad()
				}
				var key string
				if err := json.Unmarshal([]byte(s[:end+1]), &key); err != nil {
					return bad()
				}
				legs = append(legs, jsonLeg{kind: '.', key: key})
				s = s[end+1:]
			default:
				end := 0
				for end < len(s) && (isDigit(s[end]) || s[end] == '_' || s[end] == '$' || s[end]|0x20 >= 'a' && s[end]|0x20 <= 'z' || s[end] >= 0x80) {
					end++
				}
				if end == 0 || isDigit(s[0]) {
					return bad()
				}
				legs = append(legs, jsonLeg{kind: '.', key: s[:end]})
				s = s[end:]
			}
		case s[0] == '[':
			end := strings.IndexByte(s, ']')
			if end < 0 {
				return bad()
			}
			in := strings.TrimSpace(s[1:end])
			s = s[end+1:]
			switch {
			case in == "*":
				legs = append(legs, jsonLeg{kind: '#'})
				wild = true
			case strings.HasPrefix(in, "last"):
				rest := strings.TrimSpace(in[4:])
				n := 0
				if rest != "" {
					if rest[0] != '-' {
						return bad()
					}
					v, err := strconv.Atoi(strings.TrimSpace(rest[1:]))
					if err != nil || v < 0 {
						return bad()
					}
					n = v
				}
				legs = append(legs, jsonLeg{kind: '[', index: n, last: true})
			default:
				v, err := strconv.Atoi(in)
				if err != nil || v < 0 {
					return bad()
				}
				legs = append(legs, jsonLeg{kind: '[', index: v})
			}
		default:
			return bad()
		}
	}
	return legs, wild, nil
}

// walkJSON appends to out every value that legs select from v.
func walkJSON(v any, legs []jsonLeg, out []any) []any {
	if len(legs) == 0 {
		return append(out, v)
	}
	leg, rest := legs[0], legs[1:]
	switch leg.kind {
	case '.':
		if obj, ok := v.(jsonObject); ok {
			if e, ok := obj[leg.key]; ok {
				return walkJSON(e, rest, out)
			}
		}
	case '*':
		if obj, ok := v.(jsonObject); ok {
			keys := make([]string, 0, len(obj))
			for k := range obj {
				keys = append(keys, k)
			}
			sort.Slice(keys, func(i, j int) bool { return mysqlKeyLess(keys[i], keys[j]) })
			for _, k := range keys {
				out = walkJSON(obj[k], rest, out)
			}
		}
	case '#':
		if arr, ok := v.([]any); ok {
			for _, e := range arr {
				out = walkJSON(e, rest, out)
			}
		}
	case '[':
		arr, ok := v.([]any)
		if !ok {
			arr = []any{v} // a non-array is an array of itself for [0] and [last]
		}
		i := leg.index
		if leg.last {
			i = len(arr) - 1 - leg.index
		}
		if i >= 0 && i < len(arr) {
			return walkJSON(arr[i], rest, out)
		}
	case '~':
		out = walkJSON(v, rest, out)
		switch c := v.(type) {
		case jsonObject:
			keys := make([]string, 0, len(c))
			for k := range c {
				keys = append(keys, k)
			}
			sort.Slice(keys, func(i, j int) bool { return mysqlKeyLess(keys[i], keys[j]) })
			for _, k := range keys {
				out = walkJSON(c[k], legs, out)
			}
		case []any:
			for _, e := range c {
				out = walkJSON(e, legs, out)
			}
		}
	}
	return out
}

// fnJSONExtract is JSON_EXTRACT(doc, path, ...) (and doc->path): the
// selected value, or an array of them when a path has a wildcard or there
// are several paths; NULL when nothing matches or an argument is NULL.
func fnJSONExtract(a []Value) (Value, error) {
	if anyNull(a) {
		return Null(), nil
	}
	doc, err := parseJSON(a[0].AsString())
	if err != nil {
		return Null(), errorf(ErrArgs, "vm: invalid JSON text in argument 1 to function json_extract")
	}
	var found []any
	wrap := len(a) > 2
	for _, p := range a[1:] {
		legs, wild, err := parseJSONPath(p.AsString())
		if err != nil {
			return Null(), err
		}
		wrap = wrap || wild
		found = walkJSON(doc, legs, found)
	}
	if len(found) == 0 {
		return Null(), nil
	}
	var b strings.Builder
	if wrap {
		writeJSON(&b, found)
	} else {
		writeJSON(&b, found[0])
	}
	return Text(b.String()), nil
}

// fnJSONUnquote is JSON_UNQUOTE(s) (and doc->>path): a JSON string's
// text; anything else is returned as it is.
func fnJSONUnquote(a []Value) (Value, error) {
	s := a[0].AsString()
	if len(s) < 2 || s[0] != '"' || s[len(s)-1] != '"' {
		return Text(s), nil
	}
	var out string
	if err := json.Unmarshal([]byte(s), &out); err != nil {
		return Null(), errorf(ErrArgs, "vm: invalid JSON text in argument 1 to function json_unquote")
	}
	return Text(out), nil
}

func fnJSONType(a []Value) (Value, error) {
	v, err := parseJSON(a[0].AsString())
	if err != nil {
		return Null(), errorf(ErrArgs, "vm: invalid JSON text in argument 1 to function json_type")
	}
	switch v := v.(type) {
	case nil:
		return Text("NULL"), nil
	case bool:
		return Text("BOOLEAN"), nil
	case string:
		return Text("STRING"), nil
	case []any:
		return Text("ARRAY"), nil
	case jsonObject:
		return Text("OBJECT"), nil
	case jsonNumber:
		if _, err := strconv.ParseInt(string(v), 10, 64); err == nil {
			return Text("INTEGER"), nil
		}
		if _, err := strconv.ParseUint(string(v), 10, 64); err == nil {
			return Text("UNSIGNED INTEGER"), nil
		}
		return Text("DOUBLE"), nil
	}
	return Null(), nil
}

// jsonArg converts a SQL value to a JSON value; isJSON marks a value of
// JSON type, which is parsed rather than quoted.
func jsonArg(v Value, isJSON bool) (any, error) {
	switch v.kind {
	case KindNull:
		return nil, nil
	case KindInt, KindUint:
		return jsonNumber(v.String()), nil
	case KindDecimal:
		return jsonDecimal(v.String()), nil // keeps its scale: 1.50
	case KindFloat:
		return jsonDouble(v.AsFloat()), nil
	}
	if isJSON {
		return parseJSON(v.AsString())
	}
	return v.AsString(), nil
}

// jsonDouble is a DOUBLE argument: it prints as a double even when
// integral.
type jsonDouble float64

// jsonDecimal is a DECIMAL argument, printed with its scale as MySQL
// keeps DECIMALs in JSON.
type jsonDecimal string

func jsonMask(a []Value) (string, []Value) { return a[0].AsString(), a[1:] }

func fnJSONObject(a []Value) (Value, error) {
	mask, args := jsonMask(a)
	if len(args)%2 != 0 {
		return Null(), errorf(ErrArgs, "vm: incorrect parameter count in the call to native function 'json_object'")
	}
	obj := jsonObject{}
	for i := 0; i < len(args); i += 2 {
		if args[i].IsNull() {
			return Null(), errorf(ErrArgs, "vm: JSON documents may not contain NULL member names")
		}
		v, err := jsonArg(args[i+1], i+1 < len(mask) && mask[i+1] == '1')
		if err != nil {
			return Null(), err
		}
		obj[args[i].AsString()] = v
	}
	var b strings.Builder
	writeJSON(&b, obj)
	return Text(b.String()), nil
}

func fnJSONArray(a []Value) (Value, error) {
	mask, args := jsonMask(a)
	arr := make([]any, len(args))
	for i, v := range args {
		j, err := jsonArg(v, i < len(mask) && mask[i] == '1')
		if err != nil {
			return Null(), err
		}
		arr[i] = j
	}
	var b strings.Builder
	writeJSON(&b, arr)
	return Text(b.String()), nil
}
