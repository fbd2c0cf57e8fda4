package vm

import "math"

// Statistical and bitwise aggregates: VAR_POP/VARIANCE, VAR_SAMP, STDDEV_POP/STD/STDDEV,
// STDDEV_SAMP (DOUBLE results, Welford's algorithm) and BIT_AND, BIT_OR, BIT_XOR (BIGINT
// UNSIGNED; an empty group gives all ones for BIT_AND and 0 for the others, as in MySQL).

func init() {
	for name, mk := range map[string]func() Aggregate{
		"var_pop":     func() Aggregate { return &varianceAgg{} },
		"variance":    func() Aggregate { return &varianceAgg{} },
		"var_samp":    func() Aggregate { return &varianceAgg{sample: true} },
		"stddev_pop":  func() Aggregate { return &varianceAgg{sqrt: true} },
		"stddev":      func() Aggregate { return &varianceAgg{sqrt: true} },
		"std":         func() Aggregate { return &varianceAgg{sqrt: true} },
		"stddev_samp": func() Aggregate { return &varianceAgg{sample: true, sqrt: true} },
		"bit_and":     func() Aggregate { return &bitAgg{op: '&', acc: math.MaxUint64} },
		"bit_or":      func() Aggregate { return &bitAgg{op: '|'} },
		"bit_xor":     func() Aggregate { return &bitAgg{op: '^'} },
	} {
		extraAggregates[name] = mk
	}
}

// extraAggregates are NewAggregate's constructors beyond the core ones in agg.go.
var extraAggregates = map[string]func() Aggregate{}

type varianceAgg struct {
	sample, sqrt bool
	n            int64
	mean, m2     float64
}

func (v *varianceAgg) Step(args []Value) error {
	if len(args) != 1 {
		return errorf(ErrArgs, "vm: variance aggregates take one argument, got %d", len(args))
	}
	if args[0].IsNull() {
		return nil
	}
	x := args[0].AsFloat()
	v.n++
	d := x - v.mean
	v.mean += d / float64(v.n)
	v.m2 += d * (x - v.mean)
	return nil
}

func (v *varianceAgg) Final() (Value, error) {
	div := v.n
	if v.sample {
		div--
	}
	if v.n == 0 || div <= 0 {
		return Null(), nil
	}
	r := v.m2 / float64(div)
	if v.sqrt {
		r = math.Sqrt(r)
	}
	return Float(r), nil
}

type bitAgg struct {
	op  byte
	acc uint64
}

func (b *bitAgg) Step(args []Value) error {
	if len(args) != 1 {
		return errorf(ErrArgs, "vm: bit aggregates take one argument, got %d", len(args))
	}
	if args[0].IsNull() {
		return nil
	}
	u := args[0].AsUint()
	switch b.op {
	case '&':
		b.acc &= u
	case '|':
		b.acc |= u
	default:
		b.acc ^= u
	}
	return nil
}

func (b *bitAgg) Final() (Value, error) { return Uint(b.acc), nil }
