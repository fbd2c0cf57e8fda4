package slt

import (
	"cmp"
	"slices"
	"strings"
)

// sortValues orders rendered values in place by mode; ncol is the number
// of values per row.
func sortValues(vals []string, ncol int, mode SortMode) {
	var s valueSorter
	s.sort(vals, ncol, mode)
}

// valueSorter sorts rendered values (R4) and keeps its scratch arrays
// for the next query's sort.
type valueSorter struct {
	keys, tmp []sortKey
	out       []string
}

// sortKey stands for one value (valuesort) or one row (rowsort) by its
// index and the first 8 bytes of the value (of the row's first value),
// big-endian and zero-padded. Prefixes order as the strings do, except
// that different strings can share one: most comparisons of a sort are
// then one integer comparison, and only ties compare the strings.
type sortKey struct {
	prefix uint64
	i      int
}

func prefix8(s string) uint64 {
	var p uint64
	for i := 0; i < 8; i++ {
		p <<= 8
		if i < len(s) {
			p |= uint64(s[i])
		}
	}
	return p
}

func (s *valueSorter) sort(vals []string, ncol int, mode SortMode) {
	switch mode {
	case ValueSort:
		ncol = 1
	case RowSort:
		if ncol <= 0 || len(vals)%ncol != 0 {
			return
		}
	default:
		return
	}
	n := len(vals) / ncol
	if cap(s.keys) < n {
		s.keys = make([]sortKey, 0, n)
	}
	if cap(s.out) < len(vals) {
		s.out = make([]string, 0, len(vals))
	}
	keys := s.keys[:0]
	for i := 0; i < n; i++ {
		keys = append(keys, sortKey{prefix8(vals[i*ncol]), i})
	}
	row := func(i int) []string { return vals[i*ncol : (i+1)*ncol] }
	// Rows that compare equal keep their order (rowsort is stable); equal
	// values are the same string, so the index decides nothing visible.
	byValue := func(a, b sortKey) int {
		if ncol == 1 {
			if c := strings.Compare(vals[a.i], vals[b.i]); c != 0 {
				return c
			}
		} else if c := slices.Compare(row(a.i), row(b.i)); c != 0 {
			return c
		}
		return a.i - b.i
	}
	if n < radixMin {
		slices.SortFunc(keys, func(a, b sortKey) int {
			if a.prefix != b.prefix {
				return cmp.Compare(a.prefix, b.prefix)
			}
			return byValue(a, b)
		})
	} else {
		// Radix sort by prefix (stable), then each run of one prefix by
		// the values.
		keys = s.radix(keys)
		for i := 0; i < len(keys); {
			j := i + 1
			for j < len(keys) && keys[j].prefix == keys[i].prefix {
				j++
			}
			if j-i > 1 {
				slices.SortFunc(keys[i:j], byValue)
			}
			i = j
		}
	}
	out := s.out[:0]
	for _, k := range keys {
		out = append(out, row(k.i)...)
	}
	copy(vals, out)
	clear(out) // the scratch keeps no strings alive
	s.keys, s.out = keys, out[:0]
}

// radixMin is the number of keys from which sort uses a radix sort on the
// prefixes: below it, its fixed cost (the histograms) outweighs comparing.
const radixMin = 256

// radix sorts keys by prefix, stably, with a least significant byte first
// radix sort; bytes that are the same in every key (the zero padding of
// short values) take no pass. It returns the sorted keys, in keys' array
// or in the scratch one.
func (s *valueSorter) radix(keys []sortKey) []sortKey {
	var counts [8][256]int
	for _, k := range keys {
		for b := 0; b < 8; b++ {
			counts[b][byte(k.prefix>>(8*b))]++
		}
	}
	tmp := s.tmp
	if cap(tmp) < len(keys) {
		tmp = make([]sortKey, len(keys))
	}
	tmp = tmp[:len(keys)]
	for b := 0; b < 8; b++ {
		c := &counts[b]
		if c[byte(keys[0].prefix>>(8*b))] == len(keys) {
			continue // one value of this byte: nothing to order
		}
		pos := 0
		for v := range c {
			c[v], pos = pos, pos+c[v]
		}
		for _, k := range keys {
			d := byte(k.prefix >> (8 * b))
			tmp[c[d]] = k
			c[d]++
		}
		keys, tmp = tmp, keys
	}
	s.tmp = tmp[:0]
	return keys
}
