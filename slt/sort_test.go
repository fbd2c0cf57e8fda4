package slt

import (
	"fmt"
	"math/rand"
	"slices"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/require"
)

// refSort is R4's sort written plainly: valuesort sorts the strings,
// rowsort stably sorts rows compared value by value.
func refSort(vals []string, ncol int, mode SortMode) []string {
	out := slices.Clone(vals)
	switch mode {
	case ValueSort:
		slices.Sort(out)
	case RowSort:
		var rows [][]string
		for i := 0; i+ncol <= len(vals); i += ncol {
			rows = append(rows, vals[i:i+ncol])
		}
		slices.SortStableFunc(rows, slices.Compare)
		out = out[:0]
		for _, r := range rows {
			out = append(out, r...)
		}
	}
	return out
}

// TestSortValuesMatchesReference sorts random results whose values share
// long prefixes, are prefixes of each other, are empty or hold bytes
// below '0' (so that 8-byte prefixes tie often, and rows tie on their
// first value), and checks them against refSort.
func TestSortValuesMatchesReference(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	pieces := []string{"", "a", "ab", "abcdefgh", "abcdefghi", "abcdefgh\x00", "1", "10", "100", "-1", "NULL", "(empty)", "\x00", "zzzzzzzzzzzz"}
	value := func() string {
		s := pieces[rng.Intn(len(pieces))]
		if rng.Intn(3) == 0 {
			s += pieces[rng.Intn(len(pieces))]
		}
		return s
	}
	var s valueSorter // reused across sorts, as the runner does
	for it := 0; it < 500; it++ {
		ncol := 1 + rng.Intn(3)
		nrows := rng.Intn(60)
		if it%4 == 0 {
			nrows = radixMin + rng.Intn(400) // radix sorted
		}
		vals := make([]string, ncol*nrows)
		for i := range vals {
			vals[i] = value()
		}
		for _, mode := range []SortMode{NoSort, RowSort, ValueSort} {
			want := refSort(vals, ncol, mode)
			got := slices.Clone(vals)
			s.sort(got, ncol, mode)
			require.Equal(t, want, got, "iteration %d, %d columns, %v", it, ncol, mode)
		}
	}
}

// TestRowSortIsStable: rows equal in every value keep their order. Equal
// values are distinct strings with equal bytes, so a row moved out of
// order shows in where its bytes live.
func TestRowSortIsStable(t *testing.T) {
	for _, n := range []int{200, 3 * radixMin} {
		var vals []string
		for i := 0; i < n; i++ {
			vals = append(vals, fmt.Sprintf("row-%d-abcdefgh", i%3), "x")
		}
		first := map[*byte]int{} // the row each first value came from
		for i := 0; i < len(vals); i += 2 {
			first[unsafe.StringData(vals[i])] = i / 2
		}
		require.Len(t, first, n)
		sortValues(vals, 2, RowSort)
		last := map[string]int{}
		for i := 0; i < len(vals); i += 2 {
			from := first[unsafe.StringData(vals[i])]
			if p, ok := last[vals[i]]; ok {
				require.Greater(t, from, p, "%d rows: row %d", n, i/2)
			}
			last[vals[i]] = from
		}
	}
}
