package pager

import "fmt"

// savepoint is one open savepoint: the content, at the time the savepoint
// was opened, of every page changed or truncated away since (S1), and the
// database size then.
type savepoint struct {
	images map[uint32]spImage
	dbSize uint32
}

// spImage is a page's content when a savepoint opened: a copy, nothing (the
// page did not exist then), or, when inJournal is set, the page's original,
// which is in the main journal (S3).
type spImage struct {
	data      []byte
	inJournal bool
}

// Savepoint makes savepoints 1..depth open (those already open stay). The
// statement journal of a statement inside a transaction is one savepoint.
// Savepoints live in memory and end with the transaction.
func (p *Pager) Savepoint(depth int) error {
	if err := p.usable(); err != nil {
		return err
	}
	if p.state == stateOpen {
		return fmt.Errorf("pager: savepoint outside a transaction: %w", ErrMisuse)
	}
	for len(p.savepoints) < depth {
		p.savepoints = append(p.savepoints, &savepoint{
			images: make(map[uint32]spImage),
			dbSize: p.dbSize,
		})
	}
	return nil
}

// saveForSavepoints records data as the savepoint-time content of pgno in
// every open savepoint that has none yet. If the innermost savepoint has
// the page, all outer ones do (they were opened earlier), so the search
// stops at the first one that has it. fresh says data is the page's
// original, just journaled: the savepoints then point at the journal
// record instead of copying (S3).
func (p *Pager) saveForSavepoints(pgno uint32, data []byte, fresh bool) {
	var img []byte
	for i := len(p.savepoints) - 1; i >= 0; i-- {
		sp := p.savepoints[i]
		if _, ok := sp.images[pgno]; ok {
			return
		}
		switch {
		case pgno > sp.dbSize:
			// Did not exist at the savepoint: rollback drops it by size.
			sp.images[pgno] = spImage{}
		case fresh:
			sp.images[pgno] = spImage{inJournal: true}
		default:
			if img == nil {
				img = append([]byte(nil), data...)
			}
			sp.images[pgno] = spImage{data: img}
		}
	}
}

// saveTruncatedForSavepoints records, before Truncate(n) drops them, the
// current content of pages n+1.. that existed when each open savepoint was
// opened, so RollbackTo never depends on what the file holds past n (S2).
func (p *Pager) saveTruncatedForSavepoints(n uint32) error {
	if len(p.savepoints) == 0 {
		return nil
	}
	var spMax uint32
	for _, sp := range p.savepoints {
		spMax = max(spMax, sp.dbSize)
	}
	var buf []byte
	for q := n + 1; q <= min(p.dbSize, spMax); q++ {
		data := buf
		if pg := p.cache.lookup(q); pg != nil {
			data = pg.data
		} else {
			if buf == nil {
				buf = make([]byte, p.pageSize)
				data = buf
			}
			if err := p.readPage(q, data); err != nil {
				return err
			}
		}
		p.saveForSavepoints(q, data, false)
	}
	return nil
}

// RollbackTo undoes every change made since savepoint depth was opened and
// closes the savepoints inside it; savepoint depth stays open (empty).
func (p *Pager) RollbackTo(depth int) error {
	if err := p.usable(); err != nil {
		return err
	}
	if depth < 1 || depth > len(p.savepoints) {
		return fmt.Errorf("pager: rollback to savepoint %d of %d: %w", depth, len(p.savepoints), ErrMisuse)
	}
	sp := p.savepoints[depth-1]
	if p.state.isWriter() {
		if err := p.checkModifiable(); err != nil {
			return err
		}
		for pgno, img := range sp.images {
			if (img.data == nil && !img.inJournal) || pgno > sp.dbSize {
				continue
			}
			pg := p.cache.lookup(pgno)
			if pg == nil {
				pg = &Page{pager: p, pgno: pgno, data: make([]byte, p.pageSize)}
				p.cache.insert(pg)
				p.cache.unpinned(pg)
			}
			if img.inJournal {
				off, ok := p.inJournal[pgno]
				if !ok || p.jw == nil {
					return p.setError(fmt.Errorf("pager: savepoint image of page %d not in the journal: %w", pgno, ErrMisuse))
				}
				if err := p.jw.ReadOriginal(off, pgno, pg.data); err != nil {
					return p.setError(fmt.Errorf("pager: rollback to savepoint: %w", err))
				}
			} else {
				copy(pg.data, img.data)
			}
			p.cache.markDirty(pg)
		}
		// Pages without an image were neither changed nor truncated
		// since the savepoint, so what readPage gives now is their
		// savepoint-time content: dbFileSize stays (S2).
		p.cache.truncate(sp.dbSize)
		p.dbSize = sp.dbSize
	}
	clear(sp.images)
	p.savepoints = p.savepoints[:depth]
	p.assertState()
	return nil
}

// ReleaseSavepoint closes savepoints depth and above (their changes stay).
// ReleaseSavepoint(1) closes all.
func (p *Pager) ReleaseSavepoint(depth int) error {
	if err := p.usable(); err != nil {
		return err
	}
	depth = max(depth, 1)
	if depth <= len(p.savepoints) {
		p.savepoints = p.savepoints[:depth-1]
	}
	return nil
}
