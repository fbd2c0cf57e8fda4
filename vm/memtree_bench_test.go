package vm

import (
	"fmt"
	"math/rand"
	"testing"
)

// BenchmarkMemTreeDistinct inserts random keys with a lookup before each
// (DISTINCT's pattern): out-of-order inserts into a sorted tree.
func BenchmarkMemTreeDistinct(b *testing.B) {
	for _, n := range []int{50, 10_000, 100_000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			for it := 0; it < b.N; it++ {
				rng := rand.New(rand.NewSource(1))
				m := newMemTree(0, nil)
				for i := 0; i < n; i++ {
					k := []Value{Int(rng.Int63())}
					if ok, _ := m.Seek(SeekGE, k); ok {
						if c, _ := m.CompareKey(k); c == 0 {
							continue
						}
					}
					if err := m.InsertKey(k); err != nil {
						b.Fatal(err)
					}
				}
			}
		})
	}
}

// BenchmarkMemTreeSort appends random keys and reads them back in order
// (ORDER BY's pattern).
func BenchmarkMemTreeSort(b *testing.B) {
	rng := rand.New(rand.NewSource(1))
	for it := 0; it < b.N; it++ {
		m := newMemTree(1, nil)
		for i := 0; i < 100_000; i++ {
			if err := m.InsertKey([]Value{Int(rng.Int63()), Int(int64(i))}); err != nil {
				b.Fatal(err)
			}
		}
		for ok, _ := m.First(); ok; ok, _ = m.Next() {
		}
	}
}

// BenchmarkMemTreeSortText sorts rows keyed by text (ORDER BY a string
// column).
func BenchmarkMemTreeSortText(b *testing.B) {
	rng := rand.New(rand.NewSource(1))
	keys := make([]Value, 100_000)
	for i := range keys {
		keys[i] = Text(fmt.Sprintf("k%08d", rng.Intn(1_000_000)))
	}
	b.ResetTimer()
	for it := 0; it < b.N; it++ {
		m := newMemTree(1, nil)
		for i, k := range keys {
			if err := m.InsertKey([]Value{k, Int(int64(i))}); err != nil {
				b.Fatal(err)
			}
		}
		for ok, _ := m.First(); ok; ok, _ = m.Next() {
		}
	}
}
