package vm

import (
	"math/bits"
	"sync"
)

// Row storage of ephemeral indexes (M15). A memTree copies each inserted
// row into a slab of Values it owns; a slab's capacity is a power of two
// from minSlab to maxSlab Values, and slabs of those sizes are pooled, so
// that the sorters and sets of statement after statement reuse one
// another's memory instead of allocating it.

const (
	minSlab     = 16
	maxSlab     = 4096
	slabClasses = 9 // minSlab << (slabClasses-1) == maxSlab
)

// slab is one block of row storage: rows are carved from v[len(v):cap(v)].
// Pooled slabs have length 0 and every Value zero.
type slab struct{ v []Value }

var slabPools [slabClasses]sync.Pool

// slabClass is the pool of a slab of size Values, or -1 for a size that
// is not pooled.
func slabClass(size int) int {
	if size < minSlab || size > maxSlab || size&(size-1) != 0 {
		return -1
	}
	return bits.Len(uint(size/minSlab)) - 1
}

// getSlab returns an empty slab of size Values.
func getSlab(size int) *slab {
	if k := slabClass(size); k >= 0 {
		if s, _ := slabPools[k].Get().(*slab); s != nil {
			return s
		}
	}
	return &slab{v: make([]Value, 0, size)}
}

// putSlab zeroes s (so that it keeps no strings or decimals alive) and
// pools it. The caller must hold no slice of it any more.
func putSlab(s *slab) {
	clear(s.v) // the rest, never carved, is zero already
	s.v = s.v[:0]
	if k := slabClass(cap(s.v)); k >= 0 {
		slabPools[k].Put(s)
	}
}

// nextSlabSize is the size of the slab after one of last Values (0: the
// first) for rows of n Values: twice the last, at least 8 rows, at most
// maxSlab unless a row needs more.
func nextSlabSize(last, n int) int {
	size := max(2*last, minSlab)
	for size < 8*n && size < maxSlab {
		size *= 2
	}
	size = min(size, maxSlab)
	return max(size, n)
}
