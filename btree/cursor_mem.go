package btree

// cursorMem is the part of a Cursor that is worth keeping when it closes:
// the page stack (maxDepth levels, about 2 KB) and the buffers that grow to
// the sizes of the tree's cells. Statements open and close cursors all the
// time (a correlated subquery reopens its cursors for every outer row), so
// a File keeps the memory of closed cursors and OpenCursor reuses it.
type cursorMem struct {
	stack [maxDepth]level

	savedKey   []byte  // the key of a saved index position (B6)
	payloadBuf []byte  // Payload assembled from overflow pages
	cmpBuf     []byte  // keys assembled during index seeks
	cellBuf    []byte  // cells being built
	moveBuf    []byte  // a cell moved during index delete
	keyBuf     []byte  // the key of that cell
	vals       []Value // unpacked keys
}

// Bounds of a File's free list: how many closed cursors' memory it keeps
// and the largest buffer it keeps (a buffer grown for one big overflow
// record is dropped rather than held for the life of the File).
const (
	maxFreeMems   = 16
	maxPooledBuf  = 64 << 10
	maxPooledVals = 64
)

// memPool is a File's free list of cursor memory. A File is used by one
// goroutine at a time, so it needs no lock.
type memPool struct {
	free []*cursorMem
}

// get returns memory for a new cursor: a free one or a new one.
func (p *memPool) get() *cursorMem {
	if n := len(p.free); n > 0 {
		m := p.free[n-1]
		p.free[n-1] = nil
		p.free = p.free[:n-1]
		return m
	}
	return new(cursorMem)
}

// put takes back the memory of a closed cursor, whose stack holds no page
// any more (Close released them).
func (p *memPool) put(m *cursorMem) {
	if m == nil || len(p.free) >= maxFreeMems {
		return
	}
	// The released pages' nodes would keep their buffers reachable.
	clear(m.stack[:])
	m.savedKey = keepBuf(m.savedKey)
	m.payloadBuf = keepBuf(m.payloadBuf)
	m.cmpBuf = keepBuf(m.cmpBuf)
	m.cellBuf = keepBuf(m.cellBuf)
	m.moveBuf = keepBuf(m.moveBuf)
	m.keyBuf = keepBuf(m.keyBuf)
	if cap(m.vals) > maxPooledVals {
		m.vals = nil
	} else {
		// Values alias the records they were decoded from.
		clear(m.vals[:cap(m.vals)])
		m.vals = m.vals[:0]
	}
	p.free = append(p.free, m)
}

// keepBuf returns b emptied, or nil when it is too big to keep.
func keepBuf(b []byte) []byte {
	if cap(b) > maxPooledBuf {
		return nil
	}
	return b[:0]
}
