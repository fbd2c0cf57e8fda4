package vm

import (
	"math/rand"
	"testing"
)

// BenchmarkGroupLookup finds the group of 100,000 rows among 100 groups
// keyed by an integer and a string (GROUP BY's per-row work): a lookup of
// an existing group should allocate nothing.
func BenchmarkGroupLookup(b *testing.B) {
	rng := rand.New(rand.NewSource(1))
	keys := make([][]Value, 100_000)
	for i := range keys {
		k := rng.Intn(100)
		keys[i] = []Value{Int(int64(k)), Text(string(rune('a' + k%26)))}
	}
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		a := newAggregation(&AggSpec{Funcs: []AggFunc{{Name: "count"}}})
		for _, k := range keys {
			if err := a.group(k); err != nil {
				b.Fatal(err)
			}
		}
	}
}
