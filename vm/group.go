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
	keyBuf []byte // the current row's group key (appendGroupKey), reused

	// Spilling (group_spill.go): bytes estimates the groups' memory; past
	// budget, rows of new groups go to spill when temp is set.
	temp     TempFiles
	budget   int64
	bytes    int64
	spill    *memTree
	pending  []Value // the spilled row being built
	spilling bool    // the current row is spilled
	seq      int64
	spillOK  bool        // the spill cursor is on a row
	ready    []*aggGroup // spilled groups aggregated, not yet returned
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
	if err := a.flushSpilled(); err != nil {
		return err
	}
	a.keyBuf = a.keyBuf[:0]
	for _, v := range key {
		a.keyBuf = appendGroupKey(a.keyBuf, v)
	}
	if g, ok := a.groups[string(a.keyBuf)]; ok { // no string made for a lookup
		a.cur = g
		return nil
	}
	k := string(a.keyBuf)
	if a.temp != nil && a.bytes > a.budget {
		a.spillRow(key)
		return nil
	}
	a.bytes += groupBytes(key, len(a.spec.Funcs))
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
	if err := a.flushSpilled(); err != nil {
		return err
	}
	if a.spill != nil {
		if err := a.spillStart(); err != nil {
			return err
		}
	}
	if len(a.order) == 0 && withEmpty && a.spill == nil {
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

// next moves to the next group in key order: held groups merged with
// spilled ones.
func (a *aggregation) next() (bool, error) {
	if a.spill != nil {
		if err := a.nextSpilled(); err != nil {
			return false, err
		}
	}
	held := a.pos+1 < len(a.order)
	if len(a.ready) > 0 {
		sp := a.ready[0]
		if !held || compareRows(sp.key, a.order[a.pos+1].key, len(sp.key), nil) < 0 {
			a.cur = sp
			a.ready = a.ready[1:]
			return true, nil
		}
	}
	if !held {
		a.pos = len(a.order)
		a.cur = nil
		return false, nil
	}
	a.pos++
	a.cur = a.order[a.pos]
	return true, nil
}

// close discards the spilled rows.
func (a *aggregation) close() error {
	if a.spill == nil {
		return nil
	}
	s := a.spill
	a.spill = nil
	return s.Close()
}

// appendGroupKey appends a form of v in which values MySQL's GROUP BY
// puts in one group are equal: numbers by numeric value, strings by bytes.
func appendGroupKey(b []byte, v Value) []byte {
	switch v.Kind() {
	case KindNull:
		return append(b, "N;"...)
	case KindInt:
		b = append(b, 'n')
		b = strconv.AppendInt(b, v.AsInt(), 10)
	case KindUint:
		b = append(b, 'n')
		b = strconv.AppendUint(b, v.AsUint(), 10)
	case KindFloat:
		f := v.AsFloat()
		if f == math.Trunc(f) && math.Abs(f) < 1e18 {
			b = append(b, 'n')
			b = strconv.AppendInt(b, int64(f), 10)
		} else {
			b = append(b, 'f')
			b = strconv.AppendFloat(b, f, 'g', -1, 64)
		}
	case KindDecimal:
		d := v.AsDecimal()
		if i, ok := d.Int64(); ok && d.IsInteger() {
			b = append(b, 'n')
			b = strconv.AppendInt(b, i, 10)
		} else {
			s := d.String()
			if strings.Contains(s, ".") {
				s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
			}
			b = append(b, 'd')
			b = append(b, s...)
		}
	default:
		s := v.AsString()
		b = append(b, 's')
		b = strconv.AppendInt(b, int64(len(s)), 10)
		b = append(b, ':')
		b = append(b, s...)
	}
	return append(b, ';')
}

// ownValue copies the bytes of a string value so that it outlives the
// cursor page it was read from.
func ownValue(v Value) Value {
	switch v.Kind() {
	case KindText:
		v.s = strings.Clone(v.s) // keeps an ENUM/SET value's number
		return v
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
