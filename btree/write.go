package btree

import "fmt"

// checkWrite validates a write through c.
func (c *Cursor) checkWrite(kind TreeKind) error {
	if c.closed {
		return misusef("cursor is closed")
	}
	if !c.writable {
		return misusef("cursor is read-only")
	}
	if c.kind != kind {
		return misusef("%s operation on a %s tree", kind, c.kind)
	}
	if !c.f.p.InWrite() {
		return misusef("write outside a write transaction")
	}
	return nil
}

// atEnd reports whether the cursor is on the last entry of a table tree.
func (c *Cursor) atEnd() bool {
	if c.state != curValid || c.skip != 0 || c.depth == 0 {
		return false
	}
	t := c.top()
	if !t.n.leaf || t.idx != t.n.nCell-1 {
		return false
	}
	for i := 0; i < c.depth-1; i++ {
		if c.stack[i].idx != c.stack[i].n.nCell {
			return false
		}
	}
	return true
}

// buildCell builds a leaf cell for payload into c.cellBuf, spilling to new
// overflow pages as needed. Table cells carry rowid.
func (c *Cursor) buildCell(rowid int64, payload []byte) ([]byte, error) {
	f := c.f
	b := appendVarint(c.cellBuf[:0], uint64(len(payload)))
	maxL := f.maxIndex
	if c.kind == TableTree {
		b = appendVarint(b, uint64(rowid))
		maxL = f.maxLeaf
	}
	local := localPayload(int64(len(payload)), f.usable, maxL, f.minLocal)
	b = append(b, payload[:local]...)
	if local < len(payload) {
		first, err := f.writeOverflow(payload[local:])
		if err != nil {
			return nil, err
		}
		b = append(b, 0, 0, 0, 0)
		put32(b[len(b)-4:], first)
	}
	c.cellBuf = b
	return b, nil
}

// Insert inserts or replaces the row rowid of a table tree. Afterwards the
// cursor is on the new row.
func (c *Cursor) Insert(rowid int64, record []byte) error {
	if err := c.checkWrite(TableTree); err != nil {
		return err
	}
	if len(record) > maxPayload {
		return fmt.Errorf("btree: %d-byte record: %w", len(record), ErrTooBig)
	}
	f := c.f
	f.saveCursors(c.root, c)
	found := false
	if c.atEnd() {
		k, err := c.Rowid()
		if err != nil {
			return err
		}
		if rowid > k {
			c.top().idx++
		} else {
			c.state = curInvalid
		}
	} else {
		c.state = curInvalid
	}
	if c.state != curValid {
		var err error
		if found, err = c.moveToRowid(rowid); err != nil {
			return err
		}
	}
	t := c.top()
	if found {
		if err := c.dropCurrent(false); err != nil {
			return err
		}
	}
	cell, err := c.buildCell(rowid, record)
	if err != nil {
		return err
	}
	c.savedRowid = rowid
	return c.insertAt(c.depth-1, t.idx, cell, found)
}

// InsertKey inserts an index entry. Inserting a key that is already present
// changes nothing. Afterwards the cursor is on the entry.
func (c *Cursor) InsertKey(record []byte) error {
	if err := c.checkWrite(IndexTree); err != nil {
		return err
	}
	if len(record) > maxPayload {
		return fmt.Errorf("btree: %d-byte record: %w", len(record), ErrTooBig)
	}
	var err error
	if c.vals, err = DecodeRecord(record, c.vals); err != nil {
		return fmt.Errorf("btree: InsertKey: %w", err)
	}
	f := c.f
	f.saveCursors(c.root, c)
	found, err := c.descendToKey(c.vals, false, true)
	if err != nil {
		return err
	}
	if found {
		return nil
	}
	cell, err := c.buildCell(0, record)
	if err != nil {
		return err
	}
	c.savedKey = append(c.savedKey[:0], record...)
	return c.insertAt(c.depth-1, c.top().idx, cell, false)
}

// dropCurrent removes the cell under the cursor from its page, freeing its
// overflow chain unless keepOverflow.
func (c *Cursor) dropCurrent(keepOverflow bool) error {
	f := c.f
	t := c.top()
	var ci cellInfo
	if err := t.n.parseCell(t.idx, &ci); err != nil {
		return err
	}
	if ci.ovfl != 0 && !keepOverflow {
		if err := f.freeOverflow(t.n.pgno, &ci); err != nil {
			return err
		}
	}
	if err := f.write(&t.n); err != nil {
		return err
	}
	return f.dropCell(&t.n, t.idx, ci.size)
}

// insertAt puts cell at position idx of the leaf at level lvl, balancing when
// it does not fit. replaced says a cell was just removed there, which may
// have left the page underfull.
func (c *Cursor) insertAt(lvl, idx int, cell []byte, replaced bool) error {
	f := c.f
	t := &c.stack[lvl]
	if err := f.write(&t.n); err != nil {
		return err
	}
	ok, err := f.insertCell(&t.n, idx, cell)
	if err != nil {
		return err
	}
	if ok {
		t.idx = idx
		c.state = curValid
		c.skip = 0
		if replaced && lvl > 0 {
			if under, err := f.nodeUnderfull(&t.n); err != nil || !under {
				return err
			}
			return c.rebalanceLevel(lvl)
		}
		return nil
	}
	f.bal.reset()
	if t.n.intKey && idx == t.n.nCell && lvl > 0 && c.onRightEdge(lvl) {
		err = c.balanceQuick(lvl, cell)
	} else {
		var img *image
		img, err = f.materialize(&t.n, cell, idx)
		if err == nil {
			err = c.balance(lvl, img)
		}
	}
	c.releaseAll()
	c.state = curRequireSeek
	c.skip = 0
	return err
}

// rebalanceLevel balances the page at level lvl with its siblings.
func (c *Cursor) rebalanceLevel(lvl int) error {
	f := c.f
	f.bal.reset()
	img, err := f.materialize(&c.stack[lvl].n, nil, 0)
	if err == nil {
		err = c.balance(lvl, img)
	}
	c.releaseAll()
	c.state = curRequireSeek
	c.skip = 0
	return err
}

// onRightEdge reports whether every level above lvl followed the right-most
// child.
func (c *Cursor) onRightEdge(lvl int) bool {
	for i := 0; i < lvl; i++ {
		if c.stack[i].idx != c.stack[i].n.nCell {
			return false
		}
	}
	return true
}

// balanceQuick handles an append past the end of the right-most table leaf:
// the new cell goes on a new right-most leaf, as SQLite's balance_quick does,
// so that rowid-ordered loads fill pages completely.
func (c *Cursor) balanceQuick(lvl int, cell []byte) error {
	f := c.f
	leaf := &c.stack[lvl].n
	lastKey, err := leaf.cellKey(leaf.nCell - 1)
	if err != nil {
		return err
	}
	pg, err := f.allocatePage()
	if err != nil {
		return err
	}
	var nn node
	nn.pg = pg
	nn.pgno = pg.Pgno()
	f.writeCells(&nn, typeTableLeaf, [][]byte{cell}, 0)
	newPgno := pg.Pgno()
	err = f.ptrmapNode(&nn)
	pg.Release()
	if err != nil {
		return err
	}

	div := f.bal.newCell(4 + varintLen(uint64(lastKey)))
	put32(div, leaf.pgno)
	putVarint(div[4:], uint64(lastKey))
	par := &c.stack[lvl-1].n
	if err := f.write(par); err != nil {
		return err
	}
	ok, err := f.insertCell(par, par.nCell, div)
	if err != nil {
		return err
	}
	if ok {
		put32(par.data[par.hdr+pgRightChild:], newPgno)
		return f.ptrmapPut(newPgno, ptrmapBtree, par.pgno)
	}
	img, err := f.materialize(par, div, par.nCell)
	if err != nil {
		return err
	}
	img.right = newPgno
	return c.balance(lvl-1, img)
}

// Delete removes the current entry. A following Next returns the entry after
// it and Prev the entry before it.
func (c *Cursor) Delete() error {
	if err := c.checkWrite(c.kind); err != nil {
		return err
	}
	if err := c.restore(); err != nil {
		return err
	}
	if c.state != curValid || c.skip != 0 {
		return misusef("Delete without a current entry")
	}
	f := c.f
	f.saveCursors(c.root, c)
	t := c.top()
	if c.kind == TableTree {
		k, err := t.n.cellKey(t.idx)
		if err != nil {
			return err
		}
		c.savedRowid = k
	} else {
		rec, err := c.cellPayload(&t.n, t.idx, &c.cmpBuf)
		if err != nil {
			return err
		}
		c.savedKey = append(c.savedKey[:0], rec...)
	}
	if !t.n.leaf {
		return c.deleteInterior()
	}
	if err := c.dropCurrent(false); err != nil {
		return err
	}
	lvl := c.depth - 1
	if lvl > 0 {
		under, err := f.nodeUnderfull(&t.n)
		if err != nil {
			return err
		}
		if under {
			return c.rebalanceLevel(lvl)
		}
	}
	// The page kept its shape: stay on a neighbour.
	switch {
	case t.idx < t.n.nCell:
		c.skip = 1
	case t.n.nCell > 0:
		t.idx = t.n.nCell - 1
		c.skip = -1
	default:
		c.state = curRequireSeek
		c.releaseAll()
	}
	return nil
}

// deleteInterior deletes an index entry on an interior page: the largest
// entry of its left subtree takes its place (B5).
func (c *Cursor) deleteInterior() error {
	f := c.f
	pl := c.depth - 1
	p := &c.stack[pl]
	var old cellInfo
	if err := p.n.parseCell(p.idx, &old); err != nil {
		return err
	}
	if old.ovfl != 0 {
		if err := f.freeOverflow(p.n.pgno, &old); err != nil {
			return err
		}
	}
	ch, err := p.n.child(p.idx)
	if err != nil {
		return err
	}
	if err := c.push(ch); err != nil {
		return err
	}
	if err := c.descendRight(); err != nil {
		return err
	}
	leafLvl := c.depth - 1
	l := c.top()
	if l.idx < 0 {
		return corruptf(l.n.pgno, "empty leaf in an index tree")
	}
	var lc cellInfo
	if err := l.n.parseCell(l.idx, &lc); err != nil {
		return err
	}
	moved := append(append(c.moveBuf[:0], 0, 0, 0, 0), l.n.data[lc.off:lc.off+lc.raw]...)
	put32(moved, old.child)
	c.moveBuf = moved
	// The moved key, to find the leaf again if the tree changes shape.
	key, err := f.readPayload(&l.n, &lc, &c.payloadBuf)
	if err != nil {
		return err
	}
	c.keyBuf = append(c.keyBuf[:0], key...)
	if err := c.dropCurrent(true); err != nil {
		return err
	}
	leafPg := l.n.pgno

	if err := f.write(&p.n); err != nil {
		return err
	}
	if err := f.dropCell(&p.n, p.idx, old.size); err != nil {
		return err
	}
	ok, err := f.insertCell(&p.n, p.idx, moved)
	if err != nil {
		return err
	}
	f.bal.reset()
	if !ok {
		img, err := f.materialize(&p.n, moved, p.idx)
		if err != nil {
			return err
		}
		if err := c.balance(pl, img); err != nil {
			return err
		}
		// Find the leaf again: it holds the entries just below the moved key.
		if c.vals, err = DecodeRecord(c.keyBuf, c.vals); err != nil {
			return err
		}
		if _, err := c.descendToKey(c.vals, false, false); err != nil {
			return err
		}
		if c.top().n.pgno != leafPg {
			return corruptf(leafPg, "leaf lost while deleting")
		}
		leafLvl = c.depth - 1
	}
	if leafLvl > 0 {
		under, err := f.nodeUnderfull(&c.stack[leafLvl].n)
		if err != nil {
			return err
		}
		if under {
			f.bal.reset()
			img, err := f.materialize(&c.stack[leafLvl].n, nil, 0)
			if err != nil {
				return err
			}
			if err := c.balance(leafLvl, img); err != nil {
				return err
			}
			if f.bal.minLevel <= pl {
				return c.afterDelete()
			}
		}
	}
	if ok && pl > 0 {
		under, err := f.nodeUnderfull(&c.stack[pl].n)
		if err != nil {
			return err
		}
		if under {
			return c.rebalanceLevel(pl)
		}
	}
	return c.afterDelete()
}

// afterDelete leaves the cursor to seek the deleted key on its next move.
func (c *Cursor) afterDelete() error {
	c.releaseAll()
	c.state = curRequireSeek
	c.skip = 0
	return nil
}
