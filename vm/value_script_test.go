package vm

import (
	"bufio"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

var rewrite = flag.Bool("rewrite", false, "rewrite testdata/values/*.txt expectations with the current results")

// TestValueScripts runs testdata/values/*.txt. Each non-comment line is
//
//	<op> <args...> => <KIND> <rendering>   or   => error <Sentinel>
//
// where op is an arithmetic/comparison operator (add sub mul div intdiv mod neg cmp nseq truth),
// "fn NAME", "cast TYPE" (TYPE in DeclType syntax with '_' for spaces, e.g. BIGINT_UNSIGNED),
// "store TYPE" (ToStorage then
// FromStorage) or "agg NAME[ distinct]" (args are the rows). Literals: 12 (INT), u12 (UINT), 1.5
// (DECIMAL), 1e3 (FLOAT, anything with e/E), 'text' (” doubles a quote), x'00ff' (BLOB), NULL.
// Expectations were written from MySQL 8's documented and observed behaviour, not generated.
func TestValueScripts(t *testing.T) {
	files, err := filepath.Glob("testdata/values/*.txt")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			data, err := os.ReadFile(file)
			require.NoError(t, err)
			var out strings.Builder
			sc := bufio.NewScanner(strings.NewReader(string(data)))
			line := 0
			for sc.Scan() {
				line++
				text := sc.Text()
				trimmed := strings.TrimSpace(text)
				if trimmed == "" || strings.HasPrefix(trimmed, "#") {
					out.WriteString(text + "\n")
					continue
				}
				lhs, want, ok := strings.Cut(text, " => ")
				require.True(t, ok, "%s:%d: missing ' => '", file, line)
				got := runScriptLine(t, lhs)
				if *rewrite {
					out.WriteString(lhs + " => " + got + "\n")
					continue
				}
				if got != strings.TrimSpace(want) {
					t.Errorf("%s:%d: %s\n  got  %s\n  want %s", file, line, lhs, got, strings.TrimSpace(want))
				}
			}
			if *rewrite {
				require.NoError(t, os.WriteFile(file, []byte(out.String()), 0o644))
			}
		})
	}
}

func tokenize(t *testing.T, s string) []string {
	var toks []string
	for i := 0; i < len(s); {
		switch {
		case s[i] == ' ':
			i++
		case s[i] == '\'' || (s[i] == 'x' && i+1 < len(s) && s[i+1] == '\''):
			j := i
			if s[j] == 'x' {
				j++
			}
			j++
			for {
				require.Less(t, j, len(s), "unterminated string in %q", s)
				if s[j] == '\'' {
					if j+1 < len(s) && s[j+1] == '\'' {
						j += 2
						continue
					}
					break
				}
				j++
			}
			toks = append(toks, s[i:j+1])
			i = j + 1
		default:
			j := i
			depth := 0
			for j < len(s) && (s[j] != ' ' || depth > 0) {
				if s[j] == '(' {
					depth++
				} else if s[j] == ')' {
					depth--
				}
				j++
			}
			toks = append(toks, s[i:j])
			i = j
		}
	}
	return toks
}

func parseLiteral(t *testing.T, s string) Value {
	switch {
	case s == "NULL":
		return Null()
	case strings.HasPrefix(s, "x'"):
		b, err := hexDecode(s[2 : len(s)-1])
		require.NoError(t, err)
		return Blob(b)
	case strings.HasPrefix(s, "'"):
		return Text(strings.ReplaceAll(s[1:len(s)-1], "''", "'"))
	case strings.HasPrefix(s, "u"):
		u, ok := parseUintPrefix(s[1:])
		require.True(t, ok, "bad uint %q", s)
		return Uint(u)
	case strings.ContainsAny(s, "eE"):
		f, ok := parseFloatPrefix(s)
		require.True(t, ok, "bad float %q", s)
		return Float(f)
	case strings.Contains(s, "."):
		d, err := ParseDecimal(s)
		require.NoError(t, err)
		return Dec(d)
	}
	i, ok := parseIntPrefix(s)
	if !ok { // beyond BIGINT: a DECIMAL literal, as in MySQL
		d, err := ParseDecimal(s)
		require.NoError(t, err)
		return Dec(d)
	}
	return Int(i)
}

func hexDecode(s string) ([]byte, error) {
	v, err := fnUnhex([]Value{Text(s)})
	if err != nil || v.IsNull() {
		return nil, errors.New("bad hex")
	}
	return v.AsBytes(), nil
}

func render(v Value, err error) string {
	if err != nil {
		for _, s := range []struct {
			name string
			err  error
		}{{"ErrRange", ErrRange}, {"ErrSyntax", ErrSyntax}, {"ErrBadValue", ErrBadValue},
			{"ErrTruncated", ErrTruncated}, {"ErrArgs", ErrArgs}, {"ErrUnknownFunc", ErrUnknownFunc}} {
			if errors.Is(err, s.err) {
				return "error " + s.name
			}
		}
		return "error " + err.Error()
	}
	if v.IsNull() {
		return "NULL"
	}
	s := v.String()
	if v.IsString() {
		s = "'" + strings.ReplaceAll(s, "'", "''") + "'"
		if v.Kind() == KindBlob {
			s = "x'" + strings.ToLower(fnHexString(v)) + "'"
		}
	}
	return v.Kind().String() + " " + s
}

func fnHexString(v Value) string {
	h, _ := fnHex([]Value{v})
	return h.AsString()
}

func runScriptLine(t *testing.T, lhs string) string {
	toks := tokenize(t, lhs)
	require.NotEmpty(t, toks)
	op, rest := toks[0], toks[1:]
	lits := func(ts []string) []Value {
		vs := make([]Value, len(ts))
		for i, s := range ts {
			vs[i] = parseLiteral(t, s)
		}
		return vs
	}
	switch op {
	case "add", "sub", "mul", "div", "intdiv", "mod":
		require.Len(t, rest, 2, lhs)
		a := lits(rest)
		f := map[string]func(a, b Value) (Value, error){"add": Add, "sub": Sub, "mul": Mul, "div": Div, "intdiv": IntDiv, "mod": Mod}[op]
		return render(f(a[0], a[1]))
	case "neg":
		require.Len(t, rest, 1, lhs)
		return render(Neg(parseLiteral(t, rest[0])))
	case "cmp":
		require.Len(t, rest, 2, lhs)
		a := lits(rest)
		c, isNull := Compare(a[0], a[1])
		if isNull {
			return "NULL"
		}
		return render(Int(int64(c)), nil)
	case "nseq":
		a := lits(rest)
		return render(Bool(NullSafeEqual(a[0], a[1])), nil)
	case "truth":
		tr, isNull := Truth(parseLiteral(t, rest[0]))
		if isNull {
			return "NULL"
		}
		return render(Bool(tr), nil)
	case "fn":
		def, ok := LookupFunc(rest[0])
		if !ok {
			return "error ErrUnknownFunc"
		}
		args := lits(rest[1:])
		if err := def.CheckArgs(len(args)); err != nil {
			return render(Null(), err)
		}
		return render(def.Fn(args))
	case "cast":
		ct := ColTypeFromDecl(strings.ReplaceAll(rest[0], "_", " "))
		return render(Cast(parseLiteral(t, rest[1]), ct))
	case "store":
		ct := ColTypeFromDecl(strings.ReplaceAll(strings.Trim(rest[0], "'"), "_", " "))
		sv, err := ToStorage(parseLiteral(t, rest[1]), ct)
		if err != nil {
			return render(Null(), err)
		}
		return sv.Type.String() + " -> " + render(FromStorage(sv, ct), nil)
	case "agg", "aggd":
		agg, err := NewAggregate(rest[0], op == "aggd")
		if err != nil {
			return render(Null(), err)
		}
		for _, v := range lits(rest[1:]) {
			if err := agg.Step([]Value{v}); err != nil {
				return render(Null(), err)
			}
		}
		return render(agg.Final())
	}
	t.Fatalf("unknown op %q", op)
	return ""
}
