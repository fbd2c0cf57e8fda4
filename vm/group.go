package vm

import (
	"math"
	"sort"
	"strconv"
	"strings"
)

// aggregation is the group table behind AggReset..AggFinal: one set of
// aggregate accumulators per distinct group key, kept in memory.
type aggregation struct {
	spec   *AggSpec
	groups map[string]*aggGroup
	order  []*aggGroup
	cur    *aggGroup
	pos    int
	keyBuf strings.Builder
}

type aggGroup struct {
	key  []Value
	accs []Aggregate
}

func newAggregation(spec *AggSpec) *aggregation {
	return &aggregation{spec: spec, groups: map[string]*aggGroup{}}
}

// group makes the group with key current, creating it.
func (a *aggregation) group(key []Value) error {
	a.keyBuf.Reset()
	for _, v := range key {
		appendGroupKey(&a.keyBuf, v)
	}
	k := a.keyBuf.String()
	if g, ok := a.groups[k]; ok {
		a.cur = g
		return nil
	}
	g := &aggGroup{key: append([]Value(nil), key...)}
	for i := range g.key {
		g.key[i] = ownValue(g.key[i])
	}
	if err := a.newAccs(g); err != nil {
		return err
	}
	a.groups[k] = g
	a.order = append(a.order, g)
	a.cur = g
	return nil
}

func (a *aggregation) newAccs(g *aggGroup) error {
	g.accs = make([]Aggregate, len(a.spec.Funcs))
	for i, f := range a.spec.Funcs {
		if f.Name == "any_value" {
			g.accs[i] = &firstValue{}
			continue
		}
		acc, err := NewAggregate(f.Name, f.Distinct)
		if err != nil {
			return err
		}
		g.accs[i] = acc
	}
	return nil
}

// finish sorts the groups; withEmpty adds the one group of an aggregate
// query without GROUP BY over no rows.
func (a *aggregation) finish(withEmpty bool) error {
	if len(a.order) == 0 && withEmpty {
		g := &aggGroup{}
		if err := a.newAccs(g); err != nil {
			return err
		}
		a.order = append(a.order, g)
	}
	sort.SliceStable(a.order, func(i, j int) bool {
		x, y := a.order[i].key, a.order[j].key
		return compareRows(x, y, len(x), nil) < 0
	})
	a.pos = -1
	a.cur = nil
	return nil
}

func (a *aggregation) next() bool {
	a.pos++
	if a.pos >= len(a.order) {
		a.cur = nil
		return false
	}
	a.cur = a.order[a.pos]
	return true
}

// appendGroupKey writes a form of v in which values MySQL's GROUP BY puts
// in one group are equal: numbers by numeric value, strings by bytes.
func appendGroupKey(b *strings.Builder, v Value) {
	switch v.Kind() {
	case KindNull:
		b.WriteString("N;")
		return
	case KindInt:
		b.WriteString("n")
		b.WriteString(strconv.FormatInt(v.AsInt(), 10))
	case KindUint:
		b.WriteString("n")
		b.WriteString(strconv.FormatUint(v.AsUint(), 10))
	case KindFloat:
		f := v.AsFloat()
		if f == math.Trunc(f) && math.Abs(f) < 1e18 {
			b.WriteString("n")
			b.WriteString(strconv.FormatInt(int64(f), 10))
		} else {
			b.WriteString("f")
			b.WriteString(strconv.FormatFloat(f, 'g', -1, 64))
		}
	case KindDecimal:
		d := v.AsDecimal()
		if i, ok := d.Int64(); ok && d.IsInteger() {
			b.WriteString("n")
			b.WriteString(strconv.FormatInt(i, 10))
		} else {
			s := d.String()
			if strings.Contains(s, ".") {
				s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
			}
			b.WriteString("d")
			b.WriteString(s)
		}
	default:
		s := v.AsString()
		b.WriteString("s")
		b.WriteString(strconv.Itoa(len(s)))
		b.WriteString(":")
		b.WriteString(s)
	}
	b.WriteString(";")
}

// ownValue copies the bytes of a string value so that it outlives the
// cursor page it was read from.
func ownValue(v Value) Value {
	switch v.Kind() {
	case KindText:
		return Text(strings.Clone(v.AsString()))
	case KindBlob:
		return Blob([]byte(v.AsString()))
	}
	return v
}

// firstValue is the any_value aggregate: the first value it is given.
type firstValue struct {
	v   Value
	set bool
}

func (f *firstValue) Step(args []Value) error {
	if !f.set && len(args) > 0 {
		f.v, f.set = ownValue(args[0]), true
	}
	return nil
}

func (f *firstValue) Final() (Value, error) { return f.v, nil }
