package btree

import (
	"errors"
	"slices"
)

// cursorState says what a cursor's stack means.
type cursorState uint8

const (
	curInvalid     cursorState = iota // no entry: unpositioned or past either end
	curValid                          // the stack top is the current entry
	curRequireSeek                    // the position is saved as a key (pages released)
)

// level is one page on a cursor's path from the root. On an interior page
// idx is the child followed (nCell: the right-most child) or, at the top of
// an index cursor's stack, the cell the cursor is on.
type level struct {
	n   node
	idx int
}

// Cursor walks one b-tree. A cursor's methods must not be called
// concurrently; all cursors of a File share one goroutine.
type Cursor struct {
	f        *File
	root     uint32
	kind     TreeKind
	writable bool
	ki       *KeyInfo
	closed   bool
	// aborted: a Rollback of the write transaction undid what the cursor
	// was reading; every later use fails with ErrAborted (B14).
	aborted bool

	state cursorState
	depth int
	// skip records that the stack is on a neighbour of the logical position
	// (after Delete or a restore that did not find the saved key): +1 the
	// entry after it, -1 the entry before it. Next/Prev consume it.
	skip int

	savedRowid int64

	// The page stack and buffers, borrowed from the File's free list while
	// the cursor is open (B15); nil after Close.
	*cursorMem
}

// OpenCursor opens a cursor on the tree rooted at root. ki is used by index
// trees (nil: all columns ascending).
func (f *File) OpenCursor(root uint32, kind TreeKind, writable bool, ki *KeyInfo) (*Cursor, error) {
	if kind != TableTree && kind != IndexTree {
		return nil, misusef("unknown tree kind %d", kind)
	}
	if root < 1 {
		return nil, misusef("root page %d", root)
	}
	c := &Cursor{f: f, root: root, kind: kind, writable: writable, ki: ki, cursorMem: f.mems.get()}
	f.addCursor(c)
	return c, nil
}

// Close releases the cursor's pages.
func (c *Cursor) Close() error {
	if c.closed {
		return nil
	}
	c.releaseAll()
	c.state = curInvalid
	c.closed = true
	c.f.removeCursor(c)
	// Drop the memory before another cursor can borrow it: a stale *Cursor
	// never reaches the stack of the cursor that reuses it (B15).
	m := c.cursorMem
	c.cursorMem = nil
	c.f.mems.put(m)
	return nil
}

// Valid reports whether the cursor is on an entry.
func (c *Cursor) Valid() bool { return c.state == curValid || c.state == curRequireSeek }

func (c *Cursor) top() *level { return &c.stack[c.depth-1] }

func (c *Cursor) releaseAll() {
	for c.depth > 0 {
		c.depth--
		c.stack[c.depth].n.pg.Release()
	}
}

func (c *Cursor) pop() {
	c.depth--
	c.stack[c.depth].n.pg.Release()
}

// push descends into page pgno.
func (c *Cursor) push(pgno uint32) error {
	if c.depth >= maxDepth {
		return corruptf(pgno, "tree deeper than %d pages", maxDepth)
	}
	l := &c.stack[c.depth]
	if err := c.f.getNode(pgno, &l.n); err != nil {
		return err
	}
	if l.n.intKey != (c.kind == TableTree) {
		l.n.pg.Release()
		return corruptf(pgno, "page type 0x%02x in a %s tree", l.n.typ, c.kind)
	}
	if c.depth > 0 && pgno == c.root {
		l.n.pg.Release()
		return corruptf(pgno, "root page is its own descendant")
	}
	l.idx = 0
	c.depth++
	return nil
}

// errEmptyFile stops a descent in a file that has no pages yet: every tree
// (only sqlite_schema can exist) is empty.
var errEmptyFile = errors.New("btree: empty file")

func (c *Cursor) moveToRoot() error {
	if c.closed {
		return misusef("cursor is closed")
	}
	if c.aborted {
		return ErrAborted
	}
	c.releaseAll()
	c.state = curInvalid
	c.skip = 0
	if c.f.p.PageCount() == 0 && c.root == 1 {
		return errEmptyFile
	}
	return c.push(c.root)
}

// emptyFile turns errEmptyFile into "no entry".
func emptyFile(err error) (bool, error) {
	if err == errEmptyFile {
		return false, nil
	}
	return false, err
}

// descendLeft follows the left-most children down to a leaf.
func (c *Cursor) descendLeft() error {
	for {
		t := c.top()
		t.idx = 0
		if t.n.leaf {
			return nil
		}
		ch, err := t.n.child(0)
		if err != nil {
			return err
		}
		if err := c.push(ch); err != nil {
			return err
		}
	}
}

// descendRight follows the right-most children down to a leaf and stops on
// its last cell.
func (c *Cursor) descendRight() error {
	for {
		t := c.top()
		if t.n.leaf {
			t.idx = t.n.nCell - 1
			return nil
		}
		t.idx = t.n.nCell
		if err := c.push(t.n.rightChild()); err != nil {
			return err
		}
	}
}

// First moves to the first entry; false when the tree is empty.
func (c *Cursor) First() (bool, error) {
	if err := c.moveToRoot(); err != nil {
		return emptyFile(err)
	}
	if err := c.descendLeft(); err != nil {
		return false, err
	}
	c.state = curValid
	return c.settleForward()
}

// Last moves to the last entry; false when the tree is empty.
func (c *Cursor) Last() (bool, error) {
	if err := c.moveToRoot(); err != nil {
		return emptyFile(err)
	}
	if err := c.descendRight(); err != nil {
		return false, err
	}
	c.state = curValid
	return c.settleBackward()
}

// settleForward moves from a leaf position that may be past the leaf's last
// cell to the next entry in key order.
func (c *Cursor) settleForward() (bool, error) {
	for {
		if t := c.top(); t.n.leaf && t.idx < t.n.nCell {
			c.state = curValid
			return true, nil
		}
		for {
			if c.depth == 1 {
				c.state = curInvalid
				return false, nil
			}
			c.pop()
			p := c.top()
			if p.idx < p.n.nCell {
				if c.kind == IndexTree {
					c.state = curValid // on the interior cell
					return true, nil
				}
				p.idx++
				ch, err := p.n.child(p.idx)
				if err != nil {
					return false, err
				}
				if err := c.push(ch); err != nil {
					return false, err
				}
				if err := c.descendLeft(); err != nil {
					return false, err
				}
				break
			}
		}
	}
}

// settleBackward moves from a leaf position that may be before the leaf's
// first cell (idx -1) to the previous entry in key order.
func (c *Cursor) settleBackward() (bool, error) {
	for {
		if t := c.top(); t.n.leaf && t.idx >= 0 && t.idx < t.n.nCell {
			c.state = curValid
			return true, nil
		}
		for {
			if c.depth == 1 {
				c.state = curInvalid
				return false, nil
			}
			c.pop()
			p := c.top()
			if p.idx > 0 {
				p.idx--
				if c.kind == IndexTree {
					c.state = curValid // on the interior cell
					return true, nil
				}
				ch, err := p.n.child(p.idx)
				if err != nil {
					return false, err
				}
				if err := c.push(ch); err != nil {
					return false, err
				}
				if err := c.descendRight(); err != nil {
					return false, err
				}
				break
			}
		}
	}
}

// Next moves to the next entry; false past the end.
func (c *Cursor) Next() (bool, error) {
	if c.aborted {
		return false, ErrAborted
	}
	if err := c.restore(); err != nil {
		return false, err
	}
	if c.state != curValid {
		return false, nil
	}
	if c.skip > 0 {
		c.skip = 0
		return true, nil
	}
	c.skip = 0
	t := c.top()
	if !t.n.leaf {
		// Index cursor on an interior cell: the next entry is the first of
		// the subtree to its right.
		t.idx++
		ch, err := t.n.child(t.idx)
		if err != nil {
			return false, err
		}
		if err := c.push(ch); err != nil {
			return false, err
		}
		if err := c.descendLeft(); err != nil {
			return false, err
		}
		return c.settleForward()
	}
	t.idx++
	return c.settleForward()
}

// Prev moves to the previous entry; false before the start.
func (c *Cursor) Prev() (bool, error) {
	if c.aborted {
		return false, ErrAborted
	}
	if err := c.restore(); err != nil {
		return false, err
	}
	if c.state != curValid {
		return false, nil
	}
	if c.skip < 0 {
		c.skip = 0
		return true, nil
	}
	c.skip = 0
	t := c.top()
	if !t.n.leaf {
		ch, err := t.n.child(t.idx)
		if err != nil {
			return false, err
		}
		if err := c.push(ch); err != nil {
			return false, err
		}
		if err := c.descendRight(); err != nil {
			return false, err
		}
		return c.settleBackward()
	}
	t.idx--
	return c.settleBackward()
}

// moveToRowid descends to the leaf where rowid is or would be and leaves the
// top index at the first cell with key >= rowid (possibly nCell).
func (c *Cursor) moveToRowid(rowid int64) (found bool, err error) {
	if c.kind != TableTree {
		return false, misusef("rowid seek on an index tree")
	}
	if err := c.moveToRoot(); err != nil {
		return false, err
	}
	for {
		t := c.top()
		lo, hi := 0, t.n.nCell
		for lo < hi {
			mid := int(uint(lo+hi) >> 1)
			k, err := t.n.cellKey(mid)
			if err != nil {
				return false, err
			}
			if k < rowid {
				lo = mid + 1
			} else {
				hi = mid
				if t.n.leaf && k == rowid {
					found = true
					lo = mid
					break
				}
			}
		}
		t.idx = lo
		if t.n.leaf {
			c.state = curValid
			return found, nil
		}
		ch, err := t.n.child(lo)
		if err != nil {
			return false, err
		}
		if err := c.push(ch); err != nil {
			return false, err
		}
	}
}

// SeekRowid moves to rowid. On a miss the cursor is on a neighbour (the next
// entry, or the last one) and found is false.
func (c *Cursor) SeekRowid(rowid int64) (bool, error) {
	found, err := c.moveToRowid(rowid)
	if err != nil {
		return emptyFile(err)
	}
	if found {
		return true, nil
	}
	ok, err := c.settleForward()
	if err != nil {
		return false, err
	}
	if !ok {
		_, err = c.Last()
	}
	return false, err
}

// SeekRowidGE moves to the first entry with rowid >= the argument.
func (c *Cursor) SeekRowidGE(rowid int64) (bool, error) {
	if _, err := c.moveToRowid(rowid); err != nil {
		return emptyFile(err)
	}
	return c.settleForward()
}

// SeekRowidLE moves to the last entry with rowid <= the argument.
func (c *Cursor) SeekRowidLE(rowid int64) (bool, error) {
	found, err := c.moveToRowid(rowid)
	if err != nil {
		return emptyFile(err)
	}
	if found {
		return true, nil
	}
	c.top().idx--
	return c.settleBackward()
}

// cellPayload returns the payload of cell i of n, assembling overflow into
// *buf.
func (c *Cursor) cellPayload(n *node, i int, buf *[]byte) ([]byte, error) {
	var ci cellInfo
	if err := n.parseCell(i, &ci); err != nil {
		return nil, err
	}
	return c.f.readPayload(n, &ci, buf)
}

// descendToKey descends to the leaf position of the first entry for which
// key compares below the entry (strict) or not above it (!strict). With
// stopEqual it stops on an entry equal to key and reports found.
func (c *Cursor) descendToKey(key []Value, strict, stopEqual bool) (found bool, err error) {
	if c.kind != IndexTree {
		return false, misusef("key seek on a table tree")
	}
	if err := c.moveToRoot(); err != nil {
		return false, err
	}
	for {
		t := c.top()
		lo, hi := 0, t.n.nCell
		for lo < hi {
			mid := int(uint(lo+hi) >> 1)
			rec, err := c.cellPayload(&t.n, mid, &c.cmpBuf)
			if err != nil {
				return false, err
			}
			r, err := CompareRecord(key, rec, c.ki)
			if err != nil {
				return false, corruptf(t.n.pgno, "cell %d: bad record", mid)
			}
			if r == 0 && stopEqual {
				t.idx = mid
				c.state = curValid
				return true, nil
			}
			if r < 0 || (r == 0 && !strict) {
				hi = mid
			} else {
				lo = mid + 1
			}
		}
		t.idx = lo
		if t.n.leaf {
			c.state = curValid
			return false, nil
		}
		ch, err := t.n.child(lo)
		if err != nil {
			return false, err
		}
		if err := c.push(ch); err != nil {
			return false, err
		}
	}
}

// moveToKey moves to the first entry for which key compares below the entry
// (strict) or not above it (!strict); false when there is none.
func (c *Cursor) moveToKey(key []Value, strict bool) (bool, error) {
	if _, err := c.descendToKey(key, strict, false); err != nil {
		return emptyFile(err)
	}
	return c.settleForward()
}

// SeekGE moves to the first entry whose key prefix is >= key.
func (c *Cursor) SeekGE(key []Value) (bool, error) { return c.moveToKey(key, false) }

// SeekGT moves to the first entry whose key prefix is > key.
func (c *Cursor) SeekGT(key []Value) (bool, error) { return c.moveToKey(key, true) }

// SeekLE moves to the last entry whose key prefix is <= key.
func (c *Cursor) SeekLE(key []Value) (bool, error) { return c.seekBefore(key, true) }

// SeekLT moves to the last entry whose key prefix is < key.
func (c *Cursor) SeekLT(key []Value) (bool, error) { return c.seekBefore(key, false) }

func (c *Cursor) seekBefore(key []Value, strict bool) (bool, error) {
	ok, err := c.moveToKey(key, strict)
	if err != nil {
		return false, err
	}
	if !ok {
		return c.Last()
	}
	return c.Prev()
}

// Rowid returns the key of a table cursor's entry.
func (c *Cursor) Rowid() (int64, error) {
	if err := c.restore(); err != nil {
		return 0, err
	}
	if c.state != curValid {
		return 0, misusef("cursor is not on an entry")
	}
	if c.kind != TableTree {
		return 0, misusef("Rowid on an index tree")
	}
	t := c.top()
	return t.n.cellKey(t.idx)
}

// Payload returns the record of the current entry (table: the row; index:
// the key). The slice is valid until the cursor moves or the tree changes.
func (c *Cursor) Payload() ([]byte, error) {
	if err := c.restore(); err != nil {
		return nil, err
	}
	if c.state != curValid {
		return nil, misusef("cursor is not on an entry")
	}
	t := c.top()
	return c.cellPayload(&t.n, t.idx, &c.payloadBuf)
}

// LastRowid returns the largest rowid in the table, 0 when it is empty. The
// cursor ends on the last entry.
func (c *Cursor) LastRowid() (int64, error) {
	if c.kind != TableTree {
		return 0, misusef("LastRowid on an index tree")
	}
	ok, err := c.Last()
	if err != nil || !ok {
		return 0, err
	}
	return c.Rowid()
}

// save remembers the position as a key and releases the pages (B6).
func (c *Cursor) save() {
	if c.state != curValid || c.depth == 0 {
		if c.state != curRequireSeek {
			c.invalidate()
		}
		return
	}
	t := c.top()
	if c.kind == TableTree {
		k, err := t.n.cellKey(t.idx)
		if err != nil {
			c.invalidate()
			return
		}
		c.savedRowid = k
	} else {
		rec, err := c.cellPayload(&t.n, t.idx, &c.cmpBuf)
		if err != nil {
			c.invalidate()
			return
		}
		c.savedKey = append(c.savedKey[:0], rec...)
	}
	c.releaseAll()
	c.state = curRequireSeek
}

func (c *Cursor) invalidate() {
	c.releaseAll()
	c.state = curInvalid
	c.skip = 0
}

// restore seeks back to a saved position. When the saved entry is gone the
// cursor lands on a neighbour and skip says which.
func (c *Cursor) restore() error {
	if c.state != curRequireSeek {
		return nil
	}
	skip := c.skip
	var exact bool
	var ok bool
	var err error
	if c.kind == TableTree {
		ok, err = c.SeekRowidGE(c.savedRowid)
		if err == nil && ok {
			var k int64
			k, err = c.Rowid()
			exact = k == c.savedRowid
		}
	} else {
		c.vals, err = DecodeRecord(c.savedKey, c.vals)
		if err == nil {
			ok, err = c.moveToKey(c.vals, false)
		}
		if err == nil && ok {
			t := c.top()
			var rec []byte
			rec, err = c.cellPayload(&t.n, t.idx, &c.cmpBuf)
			if err == nil {
				exact = slices.Equal(rec, c.savedKey)
			}
		}
	}
	if err != nil {
		c.invalidate()
		return err
	}
	switch {
	case exact:
		c.skip = skip
	case ok:
		c.skip = 1
	default:
		if ok, err = c.Last(); err != nil {
			return err
		}
		if ok {
			c.skip = -1
		}
	}
	return nil
}

// Count returns the number of entries in the tree. The cursor ends past the
// end.
func (c *Cursor) Count() (int64, error) {
	var n int64
	ok, err := c.First()
	for ok && err == nil {
		n++
		ok, err = c.Next()
	}
	return n, err
}
