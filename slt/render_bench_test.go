package slt

import (
	"strconv"
	"testing"
)

// benchValues is a 1000-row, 3-column result rendered as the runner does.
func benchValues() []string {
	vals := make([]string, 0, 3000)
	for i := range 1000 {
		vals = append(vals, strconv.Itoa(i*7919%1000), "t"+strconv.Itoa(i%97), strconv.Itoa(i))
	}
	return vals
}

// BenchmarkRowSort sorts a 1000-row result by rows (rowsort); one op is
// one sort of a fresh copy.
func BenchmarkRowSort(b *testing.B) {
	src := benchValues()
	vals := make([]string, len(src))
	b.ReportAllocs()
	for range b.N {
		copy(vals, src)
		sortValues(vals, 3, RowSort)
	}
}

// BenchmarkHash hashes a 3000-value result.
func BenchmarkHash(b *testing.B) {
	vals := benchValues()
	b.ReportAllocs()
	for range b.N {
		_ = Hash(vals)
	}
}

// BenchmarkValueSort sorts the 3000 values of benchValues one by one
// (valuesort) with the runner's reused sorter; one op is one sort of a
// fresh copy.
func BenchmarkValueSort(b *testing.B) {
	src := benchValues()
	vals := make([]string, len(src))
	var s valueSorter
	b.ReportAllocs()
	for range b.N {
		copy(vals, src)
		s.sort(vals, 1, ValueSort)
	}
}
