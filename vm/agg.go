package vm

import (
	"sort"
	"strings"
)

// Aggregate accumulates one aggregate function over the rows of a group.
type Aggregate interface {
	// Step adds one row's arguments (none for COUNT(*)). Arguments may alias pages: an
	// aggregate copies what it keeps.
	Step(args []Value) error
	// Final returns the result: an empty group gives 0 for COUNT and NULL for the others.
	Final() (Value, error)
}

// Aggregate names understood by NewAggregate (case-insensitive).
const (
	AggCountStar = "count(*)" // COUNT(*): counts rows, takes no arguments
	AggCount     = "count"    // COUNT(expr, ...): rows where every argument is non-NULL
	AggSum       = "sum"
	AggAvg       = "avg"
	AggMin       = "min"
	AggMax       = "max"
	// AggGroupConcat concatenates each row's arguments; rows with a NULL argument are skipped.
	// The separator is "," unless the name is GroupConcatName(sep).
	AggGroupConcat = "group_concat"
	AggAnyValue    = "any_value"
)

// GroupConcatMaxLen is MySQL's default group_concat_max_len: longer results are cut.
const GroupConcatMaxLen = 1024

// GroupConcatName returns the aggregate name for GROUP_CONCAT(... SEPARATOR sep).
func GroupConcatName(sep string) string { return AggGroupConcat + "\x00" + sep }

// GroupConcatOrderedName returns the aggregate name for GROUP_CONCAT(...
// ORDER BY k1 [DESC], ... SEPARATOR sep): the arguments of each Step are the
// concatenated values followed by one value per ORDER BY key, desc[i]
// telling the direction of key i.
func GroupConcatOrderedName(sep string, desc []bool) string {
	dirs := make([]byte, len(desc))
	for i, d := range desc {
		dirs[i] = 'a'
		if d {
			dirs[i] = 'd'
		}
	}
	return GroupConcatName(sep) + "\x00" + string(dirs)
}

// NewAggregate returns a fresh accumulator for the named aggregate (the names above, or one of
// agg_stats.go's). With distinct, only the
// first of arguments that are equal (AppendKey) is accumulated.
func NewAggregate(name string, distinct bool) (Aggregate, error) {
	base, sep, hasSep := strings.Cut(name, "\x00")
	var a Aggregate
	switch strings.ToLower(base) {
	case AggCountStar:
		a = &countAgg{star: true}
	case AggCount:
		a = &countAgg{}
	case AggSum:
		a = &sumAgg{}
	case AggAvg:
		a = &sumAgg{avg: true}
	case AggMin:
		a = &minMaxAgg{sign: -1}
	case AggMax:
		a = &minMaxAgg{sign: 1}
	case AggGroupConcat:
		if !hasSep {
			sep = ","
		}
		if s, dirs, ordered := strings.Cut(sep, "\x00"); ordered {
			a = &orderedConcatAgg{sep: s, desc: []byte(dirs)}
		} else {
			a = &groupConcatAgg{sep: sep}
		}
	case AggAnyValue:
		a = &anyValueAgg{}
	default:
		mk, ok := extraAggregates[strings.ToLower(base)]
		if !ok {
			return nil, errorf(ErrUnknownFunc, "vm: unknown aggregate function %q", name)
		}
		a = mk()
	}
	if distinct {
		return &distinctAgg{inner: a, seen: make(map[string]struct{})}, nil
	}
	return a, nil
}

// distinctAgg passes on only argument tuples it has not seen.
type distinctAgg struct {
	inner Aggregate
	seen  map[string]struct{}
	buf   []byte
}

func (d *distinctAgg) Step(args []Value) error {
	d.buf = d.buf[:0]
	for _, a := range args {
		if a.IsNull() {
			return nil // every aggregate ignores rows with a NULL argument
		}
		d.buf = AppendKey(d.buf, a)
	}
	if _, ok := d.seen[string(d.buf)]; ok {
		return nil
	}
	d.seen[string(d.buf)] = struct{}{}
	return d.inner.Step(args)
}

func (d *distinctAgg) Final() (Value, error) { return d.inner.Final() }

type countAgg struct {
	star bool
	n    int64
}

func (c *countAgg) Step(args []Value) error {
	if !c.star {
		for _, a := range args {
			if a.IsNull() {
				return nil
			}
		}
	}
	c.n++
	return nil
}

func (c *countAgg) Final() (Value, error) { return Int(c.n), nil }

// sumAgg is SUM and AVG: exact inputs (integers, decimals) sum as DECIMAL, others as DOUBLE.
type sumAgg struct {
	avg     bool
	n       int64
	inexact bool
	dec     Decimal
	f       float64
}

func (s *sumAgg) Step(args []Value) error {
	if len(args) != 1 {
		return errorf(ErrArgs, "vm: SUM/AVG take one argument, got %d", len(args))
	}
	v := args[0]
	if v.IsNull() {
		return nil
	}
	s.n++
	if !s.inexact && v.IsExact() {
		s.dec = s.dec.Add(v.AsDecimal())
		if s.dec.IntDigits() > MaxDecimalPrecision {
			return errorf(ErrRange, "vm: DECIMAL value is out of range in SUM")
		}
		return nil
	}
	if !s.inexact {
		s.inexact = true
		s.f = s.dec.Float64()
	}
	s.f += v.AsFloat()
	return nil
}

func (s *sumAgg) Final() (Value, error) {
	if s.n == 0 {
		return Null(), nil
	}
	if s.inexact {
		if s.avg {
			return Float(s.f / float64(s.n)), nil
		}
		return Float(s.f), nil
	}
	if s.avg {
		return Dec(s.dec.Div(DecimalFromInt(s.n), DivPrecisionIncr)), nil
	}
	return Dec(s.dec), nil
}

// minMaxAgg keeps the smallest (sign -1) or largest (sign +1) non-NULL value.
type minMaxAgg struct {
	sign int
	v    Value
}

func (m *minMaxAgg) Step(args []Value) error {
	if len(args) != 1 {
		return errorf(ErrArgs, "vm: MIN/MAX take one argument, got %d", len(args))
	}
	v := args[0]
	if v.IsNull() {
		return nil
	}
	if m.v.IsNull() || compareNonNull(v, m.v)*m.sign > 0 {
		m.v = v.Clone()
	}
	return nil
}

func (m *minMaxAgg) Final() (Value, error) { return m.v, nil }

type groupConcatAgg struct {
	sep  string
	b    strings.Builder
	any  bool
	full bool
}

func (g *groupConcatAgg) Step(args []Value) error {
	for _, a := range args {
		if a.IsNull() {
			return nil
		}
	}
	if g.full {
		return nil
	}
	if g.any {
		g.b.WriteString(g.sep)
	}
	g.any = true
	for _, a := range args {
		g.b.WriteString(a.AsString())
	}
	if g.b.Len() >= GroupConcatMaxLen {
		g.full = true
	}
	return nil
}

func (g *groupConcatAgg) Final() (Value, error) {
	if !g.any {
		return Null(), nil
	}
	s := g.b.String()
	if len(s) > GroupConcatMaxLen {
		s = s[:GroupConcatMaxLen]
	}
	return Text(s), nil
}

// orderedConcatAgg is GROUP_CONCAT with ORDER BY: rows are kept (value
// text and sort keys) and sorted when the group ends.
type orderedConcatAgg struct {
	sep  string
	desc []byte // 'a' or 'd' per key
	rows []concatRow
}

type concatRow struct {
	text string
	keys []Value
}

func (g *orderedConcatAgg) Step(args []Value) error {
	n := len(args) - len(g.desc)
	if n < 1 {
		return errorf(ErrArgs, "vm: GROUP_CONCAT with ORDER BY needs a value")
	}
	for _, a := range args[:n] {
		if a.IsNull() {
			return nil
		}
	}
	var b strings.Builder
	for _, a := range args[:n] {
		b.WriteString(a.AsString())
	}
	keys := make([]Value, len(g.desc))
	for i, k := range args[n:] {
		keys[i] = k.Clone()
	}
	g.rows = append(g.rows, concatRow{text: b.String(), keys: keys})
	return nil
}

func (g *orderedConcatAgg) Final() (Value, error) {
	if len(g.rows) == 0 {
		return Null(), nil
	}
	sort.SliceStable(g.rows, func(i, j int) bool {
		for k, d := range g.desc {
			c := CompareTotal(EnumOrdinal(g.rows[i].keys[k]), EnumOrdinal(g.rows[j].keys[k])) // ENUM: by index
			if c != 0 {
				return (c < 0) != (d == 'd')
			}
		}
		return false
	})
	var b strings.Builder
	for i, r := range g.rows {
		if i > 0 {
			b.WriteString(g.sep)
		}
		b.WriteString(r.text)
		if b.Len() >= GroupConcatMaxLen {
			break
		}
	}
	s := b.String()
	if len(s) > GroupConcatMaxLen {
		s = s[:GroupConcatMaxLen]
	}
	return Text(s), nil
}

// anyValueAgg is ANY_VALUE: the first value seen (NULL included).
type anyValueAgg struct {
	v   Value
	set bool
}

func (a *anyValueAgg) Step(args []Value) error {
	if !a.set && len(args) > 0 {
		a.v, a.set = args[0].Clone(), true
	}
	return nil
}

func (a *anyValueAgg) Final() (Value, error) { return a.v, nil }
