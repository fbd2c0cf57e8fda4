package pager

// Page is one cached database page. Get returns it referenced; Release drops
// the reference. Data may be modified only after Write returned nil in the
// current write transaction, and Write must be called again after each
// Savepoint (it is cheap when nothing needs saving).
type Page struct {
	pager  *Pager
	pgno   uint32
	data   []byte
	ref    int  // references held by callers
	dirty  bool // differs from the db file; written at commit or spill
	listed bool // in cache.dirty (maybe clean again since; see cache.dirty)

	// lru links: unreferenced pages, least recently used at lru.next.
	prev, next *Page
}

// Pgno returns the page number (1-based).
func (pg *Page) Pgno() uint32 { return pg.pgno }

// Data returns the page's bytes, PageSize long. The slice stays valid while
// the page is referenced.
func (pg *Page) Data() []byte { return pg.data }

// Release drops the reference Get took. Releasing twice is a no-op.
func (pg *Page) Release() {
	if pg.ref == 0 {
		return
	}
	pg.ref--
	if pg.ref == 0 {
		pg.pager.cache.unpinned(pg)
	}
}
