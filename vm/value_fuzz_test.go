package vm

import (
	"math"
	"math/big"
	"strconv"
	"strings"
	"testing"
)

// V3, V9: any text either fails cleanly or parses to a value that round-trips.
func FuzzParseDecimal(f *testing.F) {
	for _, s := range []string{"0", "-0.00", "1.5", ".5", "5.", "1e3", "1.5E-3", "-9223372036854775808",
		"99999999999999999999999999999999999999999999999999999999999999999", "1e65", "1e-40", "abc", " 12 ",
		"0.0000000000000000000000000000001", "+.e1", "1e999999999", "--1", "12345678901234567890.0987654321"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDecimal(s)
		if err != nil {
			return
		}
		if d.Scale() > MaxDecimalScale || d.IntDigits() > MaxDecimalPrecision {
			t.Fatalf("%q parsed beyond DECIMAL limits: %s", s, d)
		}
		// The rendering parses back to the identical value and scale.
		again, err := ParseDecimal(d.String())
		if err != nil || again.Cmp(d) != 0 || again.Scale() != d.Scale() {
			t.Fatalf("%q -> %s -> %s (%v)", s, d, again, err)
		}
		// Against math/big: the value is the input rounded to 30 digits after the point.
		want, ok := new(big.Rat).SetString(strings.TrimSpace(s))
		if !ok {
			return // big.Rat is stricter about forms like "5."
		}
		got, _ := new(big.Rat).SetString(d.String())
		diff := new(big.Rat).Sub(want, got)
		diff.Abs(diff)
		halfUlp := new(big.Rat).SetFrac(big.NewInt(1), new(big.Int).Mul(big.NewInt(2), bigPow10(MaxDecimalScale)))
		if diff.Cmp(halfUlp) > 0 {
			t.Fatalf("%q parsed as %s", s, d)
		}
	})
}

// V5, V9: string to number conversion agrees with strconv on the numeric prefix.
func FuzzStringToNumber(f *testing.F) {
	for _, s := range []string{"12abc", "abc", " 1.5e1x", "-", "+7", "1e", "1e+", ".", "-.5", "0x10",
		"99999999999999999999", "-9223372036854775809", "18446744073709551616", "1e309", "\t3\n", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := numericPrefixLen(s)
		if n > len(s) {
			t.Fatalf("prefix %d beyond %q", n, s)
		}
		fl, ok := parseFloatPrefix(s)
		if math.IsNaN(fl) || math.IsInf(fl, 0) {
			t.Fatalf("%q -> %v", s, fl)
		}
		if n > 0 {
			want, err := strconv.ParseFloat(strings.TrimLeft(s[:n], " \t\n\r\v\f"), 64)
			if err == nil && want != fl {
				t.Fatalf("%q -> %v, strconv %v", s, fl, want)
			}
		}
		if ok != (n > 0 && isAllSpace(s[n:]) || n == 0 && isAllSpace(s)) {
			t.Fatalf("%q: ok=%v with prefix %d", s, ok, n)
		}
		i, iok := parseIntPrefix(s)
		if iok {
			want, err := strconv.ParseInt(strings.Trim(s, " \t\n\r\v\f"), 10, 64)
			if strings.Trim(s, " \t\n\r\v\f") != "" && (err != nil || want != i) {
				t.Fatalf("%q -> %d ok, strconv %d %v", s, i, want, err)
			}
		}
		u, uok := parseUintPrefix(s)
		if uok && !strings.Contains(s, "-") {
			want, err := strconv.ParseUint(strings.TrimPrefix(strings.Trim(s, " \t\n\r\v\f"), "+"), 10, 64)
			if strings.Trim(s, " \t\n\r\v\f") != "" && (err != nil || want != u) {
				t.Fatalf("%q -> %d ok, strconv %d %v", s, u, want, err)
			}
		}
		// Comparisons and arithmetic with such strings never panic and are symmetric.
		v := Text(s)
		c1, _ := Compare(v, Int(1))
		c2, _ := Compare(Int(1), v)
		if c1 != -c2 {
			t.Fatalf("asymmetric compare for %q", s)
		}
		if _, err := Add(v, Dec(NewDecimal(15, 1))); err != nil && !strings.Contains(err.Error(), "out of range") {
			t.Fatal(err)
		}
		_ = v.AsDecimal()
	})
}

func FuzzParseTemporal(f *testing.F) {
	for _, s := range []string{"2024-01-31", "2024-01-31 12:30:00.5", "20240131", "24-1-5", "2024-02-30",
		"12:30", "-838:59:59", "1 02:03:04", "2024-01-31T08:05:03", "99999999999999", "::", "1-1-1 1:1:1.9999999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if dt, hasTime, ok := parseDatetime(s); ok {
			text := dt.formatDatetime(6)
			again, _, ok2 := parseDatetime(text)
			if !ok2 || again != dt {
				t.Fatalf("%q -> %q -> %+v", s, text, again)
			}
			_ = hasTime
		}
		if tm, ok := parseTime(s); ok {
			text := tm.formatTime(6)
			again, ok2 := parseTime(text)
			if !ok2 || again.formatTime(6) != text {
				t.Fatalf("%q -> %q -> %q", s, text, again.formatTime(6))
			}
		}
		for _, base := range []BaseType{BaseDate, BaseDatetime, BaseTime} {
			if _, err := Cast(Text(s), ColType{Base: base, Scale: 6}); err != nil {
				t.Fatal(err)
			}
		}
	})
}

// FuzzFunctions calls every built-in function, operator, cast and aggregate with arguments
// decoded from the input and requires that nothing panics (V9).
func FuzzFunctions(f *testing.F) {
	f.Add([]byte("\x01\x05hello\x02\x03\x00\x04\xff"), "substring")
	f.Add([]byte("\x03\x051.5e3\x04\x07-2.5001\x00"), "round")
	f.Add([]byte("\x02\x08\x00\x00\x00\x00\x00\x00\x00\x80"), "abs")
	f.Add([]byte("\x01\x0a2024-02-29\x02\x01\x20\x01\x05MONTH"), "date_add")
	names := make([]string, 0, len(funcRegistry.m))
	for n := range funcRegistry.m {
		names = append(names, n)
	}
	f.Fuzz(func(t *testing.T, data []byte, name string) {
		var args []Value
		for len(data) > 1 && len(args) < 5 {
			kind, n := data[0]%6, int(data[1])
			data = data[2:]
			if n > len(data) {
				n = len(data)
			}
			chunk := string(data[:n])
			data = data[n:]
			var u uint64
			for i := 0; i < len(chunk) && i < 8; i++ {
				u |= uint64(chunk[i]) << (8 * i)
			}
			switch kind {
			case 0:
				args = append(args, Null())
			case 1:
				args = append(args, Text(chunk))
			case 2:
				args = append(args, Int(int64(u)))
			case 3:
				args = append(args, Uint(u))
			case 4:
				d, _, _ := parseDecimalPrefix(chunk)
				args = append(args, Dec(d))
			case 5:
				fl, _ := parseFloatPrefix(chunk)
				args = append(args, Float(fl))
			}
		}
		defs := []*FuncDef{}
		if def, ok := LookupFunc(name); ok {
			defs = append(defs, def)
		} else if len(name) > 0 {
			def, _ := LookupFunc(names[int(name[0])%len(names)])
			defs = append(defs, def)
		}
		for _, def := range defs {
			if def.CheckArgs(len(args)) == nil {
				_, _ = def.Fn(args)
			}
		}
		if len(args) >= 2 {
			for _, op := range []func(a, b Value) (Value, error){Add, Sub, Mul, Div, IntDiv, Mod} {
				_, _ = op(args[0], args[1])
			}
			Compare(args[0], args[1])
			_ = AppendKey(nil, args[1])
		}
		for _, a := range args {
			_, _ = Neg(a)
			_ = a.String()
			for _, decl := range []string{"INT", "BIGINT UNSIGNED", "DECIMAL(10,3)", "DOUBLE", "FLOAT", "CHAR(2)", "BINARY(2)", "DATE", "DATETIME(6)", "TIME", "YEAR", "BIT(3)"} {
				ct := ColTypeFromDecl(decl)
				_, _ = Cast(a, ct)
				if sv, err := ToStorage(a, ct); err == nil {
					_ = FromStorage(sv, ct)
				}
			}
		}
		for _, agg := range []string{"sum", "avg", "min", "max", "count", "group_concat"} {
			ag, _ := NewAggregate(agg, len(args)%2 == 0)
			for _, a := range args {
				_ = ag.Step([]Value{a})
			}
			_, _ = ag.Final()
		}
	})
}
