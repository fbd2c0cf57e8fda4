package pager

import "slices"

// cache holds the pages of one pager: referenced pages always stay, and
// unreferenced ones sit in an LRU list until the cache is over its limit.
// Dirty unreferenced pages are evicted only by spilling (pager.spill).
type cache struct {
	pages  map[uint32]*Page
	lru    Page // sentinel: lru.next is the least recently used page
	limit  int  // in pages
	nDirty int
	// dirty lists every page marked dirty since the list was last pruned
	// (pg.listed), so a commit finds its few dirty pages without walking
	// the whole cache. Entries may have turned clean or left the cache;
	// pruneDirty drops those.
	dirty []*Page
}

func newCache(limit int) *cache {
	c := &cache{pages: make(map[uint32]*Page), limit: limit}
	c.lru.next, c.lru.prev = &c.lru, &c.lru
	return c
}

func (c *cache) lookup(pgno uint32) *Page { return c.pages[pgno] }

// pin takes a reference, moving an unreferenced page off the LRU list.
func (c *cache) pin(pg *Page) {
	if pg.ref == 0 && pg.next != nil {
		pg.prev.next, pg.next.prev = pg.next, pg.prev
		pg.prev, pg.next = nil, nil
	}
	pg.ref++
}

// unpinned puts a page whose last reference went away at the MRU end.
func (c *cache) unpinned(pg *Page) {
	if c.pages[pg.pgno] != pg {
		return // removed while referenced (rollback, truncate)
	}
	pg.prev, pg.next = c.lru.prev, &c.lru
	c.lru.prev.next = pg
	c.lru.prev = pg
}

func (c *cache) insert(pg *Page) { c.pages[pg.pgno] = pg }

// remove drops a page from the cache; a referenced page keeps working for
// its holder but is no longer found by lookup.
func (c *cache) remove(pg *Page) {
	if c.pages[pg.pgno] != pg {
		return
	}
	if pg.next != nil {
		pg.prev.next, pg.next.prev = pg.next, pg.prev
		pg.prev, pg.next = nil, nil
	}
	if pg.dirty {
		pg.dirty = false
		c.nDirty--
	}
	delete(c.pages, pg.pgno)
}

func (c *cache) markDirty(pg *Page) {
	if !pg.dirty {
		pg.dirty = true
		c.nDirty++
		if !pg.listed {
			pg.listed = true
			c.dirty = append(c.dirty, pg)
		}
	}
}

func (c *cache) markClean(pg *Page) {
	if pg.dirty {
		pg.dirty = false
		c.nDirty--
	}
}

// full reports whether adding a page would exceed the limit.
func (c *cache) full() bool { return len(c.pages) >= c.limit }

// evictClean drops least recently used clean unreferenced pages until the
// cache is below its limit; it reports whether it got there.
func (c *cache) evictClean() bool {
	for pg := c.lru.next; pg != &c.lru && c.full(); {
		next := pg.next
		if !pg.dirty {
			c.remove(pg)
		}
		pg = next
	}
	return !c.full()
}

// dirtyPages returns the dirty pages in page-number order. The slice is
// the cache's own list: valid until the next markDirty or pruneDirty.
func (c *cache) dirtyPages() []*Page {
	c.pruneDirty()
	slices.SortFunc(c.dirty, comparePgno)
	return c.dirty
}

// pruneDirty drops from the dirty list the pages that are clean again or
// no longer in the cache (remove cleared their dirty bit).
func (c *cache) pruneDirty() {
	keep := c.dirty[:0]
	for _, pg := range c.dirty {
		if pg.dirty && c.pages[pg.pgno] == pg {
			keep = append(keep, pg)
		} else {
			pg.listed = false
		}
	}
	clear(c.dirty[len(keep):]) // let dropped pages be collected
	c.dirty = keep
}

func comparePgno(a, b *Page) int { return int(a.pgno) - int(b.pgno) }

// unreferencedDirty returns dirty pages nobody holds, in page order.
func (c *cache) unreferencedDirty() []*Page {
	var out []*Page
	for pg := c.lru.next; pg != &c.lru; pg = pg.next {
		if pg.dirty {
			out = append(out, pg)
		}
	}
	slices.SortFunc(out, comparePgno)
	return out
}

// truncate drops pages above n (referenced ones stay valid for their holder).
func (c *cache) truncate(n uint32) {
	for pgno, pg := range c.pages {
		if pgno > n {
			c.remove(pg)
		}
	}
}

// clear drops every page.
func (c *cache) clear() {
	for _, pg := range c.pages {
		c.remove(pg)
	}
}
