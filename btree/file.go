package btree

import (
	"context"
	"fmt"

	"github.com/walrusdb/walrus/pager"
)

// TreeKind says what a b-tree holds.
type TreeKind uint8

const (
	// TableTree maps 64-bit rowids to records (intkey pages 0x05/0x0d).
	TableTree TreeKind = iota + 1
	// IndexTree holds records as keys (pages 0x02/0x0a).
	IndexTree
)

func (k TreeKind) String() string {
	switch k {
	case TableTree:
		return "table"
	case IndexTree:
		return "index"
	}
	return "tree?"
}

// MetaField names a 4-byte field of the database header that upper layers
// read and write.
type MetaField uint8

// Header fields reachable through Meta and SetMeta.
const (
	SchemaCookie     MetaField = iota + 1 // offset 40
	SchemaFormat                          // offset 44
	DefaultCacheSize                      // offset 48
	TextEncoding                          // offset 56 (read-only)
	UserVersion                           // offset 60
	ApplicationID                         // offset 68
	FreelistCount                         // offset 36 (read-only)
)

func (m MetaField) offset() (off int, writable bool) {
	switch m {
	case SchemaCookie:
		return hdrSchemaCookie, true
	case SchemaFormat:
		return hdrSchemaFormat, true
	case DefaultCacheSize:
		return hdrDefaultCache, true
	case TextEncoding:
		return hdrTextEncoding, false
	case UserVersion:
		return hdrUserVersion, true
	case ApplicationID:
		return hdrApplicationID, true
	case FreelistCount:
		return hdrFreelistCount, false
	}
	return -1, false
}

// maxDepth bounds the height of a tree; a deeper tree is corrupt (SQLite's
// BTCURSOR_MAX_DEPTH).
const maxDepth = 20

// File is the set of b-trees in one database file.
type File struct {
	p *pager.Pager

	pageSize int
	usable   int
	maxLeaf  int // X for table leaves
	maxIndex int // X for index pages
	minLocal int // M

	cursors []*Cursor // open cursors, for saving positions before writes
	mems    memPool   // memory of closed cursors, for OpenCursor (cursor_mem.go)
	scratch []byte    // one page for defragment
	bal     balancer

	av     bool           // auto-vacuum: ptrmap pages are kept (header 52 != 0)
	incr   bool           // incremental vacuum (header 64), only with av
	nextAV AutoVacuumMode // PRAGMA auto_vacuum not yet applied (autovacuum.go)
	avSet  bool           // nextAV is set
}

// Open wraps a pager. No page is read until BeginRead.
func Open(p *pager.Pager) (*File, error) {
	f := &File{p: p}
	f.setSizes()
	return f, nil
}

// Pager returns the pager, for PRAGMAs that tune it.
func (f *File) Pager() *pager.Pager { return f.p }

func (f *File) setSizes() {
	f.pageSize = f.p.PageSize()
	f.usable = f.p.UsableSize()
	f.maxLeaf = maxLocal(f.usable, true)
	f.maxIndex = maxLocal(f.usable, false)
	f.minLocal = minLocal(f.usable)
}

func (f *File) scratchPage() []byte {
	if len(f.scratch) < f.pageSize {
		f.scratch = make([]byte, f.pageSize)
	}
	return f.scratch[:f.pageSize]
}

// BeginRead starts a read transaction and checks the database header.
func (f *File) BeginRead(ctx context.Context) error {
	if err := f.p.BeginRead(ctx); err != nil {
		return err
	}
	f.setSizes()
	if err := f.checkHeader(); err != nil {
		_ = f.p.EndRead()
		return err
	}
	return nil
}

// EndRead ends a read transaction.
func (f *File) EndRead() error {
	f.saveAllCursors()
	return f.p.EndRead()
}

// BeginWrite starts a write transaction inside a read transaction. The first
// write transaction on an empty file creates page 1.
func (f *File) BeginWrite(ctx context.Context, exclusive bool) error {
	if err := f.p.BeginWrite(ctx, exclusive); err != nil {
		return err
	}
	if f.p.PageCount() == 0 {
		f.setSizes() // PRAGMA page_size may have changed it since BeginRead
		if err := f.initPage1(); err != nil {
			return err
		}
	}
	return nil
}

// Commit makes the write transaction durable (both pager phases). In a
// FULL auto-vacuum file it first moves pages into the free ones and
// truncates the file (autovacuum.go).
func (f *File) Commit() error {
	if err := f.autoVacuumCommit(); err != nil {
		return err
	}
	if err := f.p.CommitPhaseOne(); err != nil {
		return err
	}
	return f.p.CommitPhaseTwo()
}

// Rollback abandons the write transaction. Open cursors are aborted: the
// rows they were reading may be gone (B14).
func (f *File) Rollback() error {
	for _, c := range f.cursors {
		c.invalidate()
		c.aborted = true
	}
	err := f.p.Rollback()
	f.refreshAV()
	return err
}

// Savepoint opens nested savepoints up to depth.
func (f *File) Savepoint(depth int) error { return f.p.Savepoint(depth) }

// RollbackTo undoes changes since savepoint depth. Cursors keep their
// logical position (they seek again on next use).
func (f *File) RollbackTo(depth int) error {
	f.saveAllCursors()
	err := f.p.RollbackTo(depth)
	f.refreshAV()
	return err
}

// ReleaseSavepoint forgets savepoints >= depth.
func (f *File) ReleaseSavepoint(depth int) error { return f.p.ReleaseSavepoint(depth) }

// checkHeader validates page 1's header (B1): walrus reads UTF-8 files. It
// loads the auto-vacuum flags (offsets 52, 64).
func (f *File) checkHeader() error {
	if f.p.PageCount() == 0 {
		return nil
	}
	pg, err := f.p.Get(1)
	if err != nil {
		return err
	}
	defer pg.Release()
	d := pg.Data()
	if string(d[:len(magic)]) != magic {
		return fmt.Errorf("btree: bad magic: %w", ErrNotADatabase)
	}
	if d[hdrMaxFraction] != maxPayloadFrac || d[hdrMinFraction] != minPayloadFrac || d[hdrLeafFraction] != leafPayloadFrac {
		return fmt.Errorf("btree: payload fractions %d/%d/%d: %w", d[hdrMaxFraction], d[hdrMinFraction], d[hdrLeafFraction], ErrNotADatabase)
	}
	f.loadAV(d)
	if v := get32(d[hdrTextEncoding:]); v > textEncodingUTF8 {
		return fmt.Errorf("btree: UTF-16 text encoding %d: %w", v, ErrNotSupported)
	}
	if v := get32(d[hdrSchemaFormat:]); v > uint32(SchemaFormat4) {
		return fmt.Errorf("btree: schema format %d: %w", v, ErrNotSupported)
	}
	if f.usable < minUsableSize {
		return fmt.Errorf("btree: usable size %d: %w", f.usable, ErrNotADatabase)
	}
	return nil
}

// initPage1 writes the database header and an empty sqlite_schema leaf.
func (f *File) initPage1() error {
	pg, err := f.p.Get(1)
	if err != nil {
		return err
	}
	defer pg.Release()
	if err := f.p.Write(pg); err != nil {
		return err
	}
	d := pg.Data()
	clear(d)
	copy(d, magic)
	ps := f.pageSize
	if ps == maxPageSize {
		ps = 1
	}
	put16(d[hdrPageSize:], ps)
	d[hdrWriteVersion] = fileFormatVersion
	d[hdrReadVersion] = fileFormatVersion
	d[hdrReserved] = byte(f.pageSize - f.usable)
	d[hdrMaxFraction] = maxPayloadFrac
	d[hdrMinFraction] = minPayloadFrac
	d[hdrLeafFraction] = leafPayloadFrac
	put32(d[hdrSchemaFormat:], uint32(SchemaFormat4))
	put32(d[hdrTextEncoding:], textEncodingUTF8)
	f.initAV(d)
	var n node
	n.initPage(f, pg, typeTableLeaf)
	return nil
}

// Meta reads a header field.
func (f *File) Meta(m MetaField) (uint32, error) {
	off, _ := m.offset()
	if off < 0 {
		return 0, misusef("unknown meta field %d", m)
	}
	if f.p.PageCount() == 0 {
		if m == SchemaFormat {
			return uint32(SchemaFormat4), nil
		}
		if m == TextEncoding {
			return textEncodingUTF8, nil
		}
		return 0, nil
	}
	pg, err := f.p.Get(1)
	if err != nil {
		return 0, err
	}
	defer pg.Release()
	return get32(pg.Data()[off:]), nil
}

// SetMeta writes a header field inside a write transaction.
func (f *File) SetMeta(m MetaField, v uint32) error {
	off, ok := m.offset()
	if !ok {
		return misusef("meta field %d is not writable", m)
	}
	return f.putHeader32(off, v)
}

// putHeader32 writes a 4-byte big-endian field of page 1's header.
func (f *File) putHeader32(off int, v uint32) error {
	pg, err := f.p.Get(1)
	if err != nil {
		return err
	}
	defer pg.Release()
	if err := f.p.Write(pg); err != nil {
		return err
	}
	put32(pg.Data()[off:], v)
	return nil
}

// getNode reads and parses page pgno into n.
func (f *File) getNode(pgno uint32, n *node) error {
	if pgno < 1 || pgno > f.p.PageCount() {
		return corruptf(pgno, "page number out of range (database has %d pages)", f.p.PageCount())
	}
	pg, err := f.p.Get(pgno)
	if err != nil {
		return err
	}
	if err := n.parse(f, pg); err != nil {
		pg.Release()
		return err
	}
	return nil
}

// write makes n's page writable. It is called before every change because
// the pager requires a fresh Write after each savepoint.
func (f *File) write(n *node) error {
	if err := f.p.Write(n.pg); err != nil {
		return err
	}
	n.data = n.pg.Data()
	return nil
}

// CreateTree allocates an empty tree and returns its root page.
func (f *File) CreateTree(kind TreeKind) (uint32, error) {
	typ := byte(typeTableLeaf)
	switch kind {
	case TableTree:
	case IndexTree:
		typ = typeIndexLeaf
	default:
		return 0, misusef("unknown tree kind %d", kind)
	}
	if f.av {
		return f.createRootAV(typ) // autovacuum.go
	}
	pg, err := f.allocatePage()
	if err != nil {
		return 0, err
	}
	defer pg.Release()
	var n node
	n.initPage(f, pg, typ)
	return pg.Pgno(), nil
}

// DropTree frees every page of the tree, including its root. In an
// auto-vacuum file that may move another root: use DropTreeMoved there.
func (f *File) DropTree(root uint32) error {
	if root <= 1 {
		return misusef("cannot drop tree %d", root)
	}
	if f.av {
		largest, err := f.largestRoot() // autovacuum.go
		if err != nil {
			return err
		}
		if root != largest {
			return misusef("dropping tree %d would move root %d: use DropTreeMoved in auto-vacuum files", root, largest)
		}
		_, err = f.DropTreeMoved(root)
		return err
	}
	f.invalidateTree(root)
	if err := f.freeTree(root, 0, true); err != nil {
		return err
	}
	return nil
}

// ClearTree deletes every entry; the root stays, as an empty leaf.
func (f *File) ClearTree(root uint32) error {
	f.invalidateTree(root)
	var n node
	if err := f.getNode(root, &n); err != nil {
		return err
	}
	defer n.pg.Release()
	typ := byte(typeTableLeaf)
	if !n.intKey {
		typ = typeIndexLeaf
	}
	if err := f.freeChildren(&n, 0); err != nil {
		return err
	}
	if err := f.write(&n); err != nil {
		return err
	}
	n.initPage(f, n.pg, typ)
	return nil
}

// freeTree frees the subtree rooted at pgno (with the page itself when
// self is set).
func (f *File) freeTree(pgno uint32, depth int, self bool) error {
	if depth > maxDepth {
		return corruptf(pgno, "tree deeper than %d", maxDepth)
	}
	var n node
	if err := f.getNode(pgno, &n); err != nil {
		return err
	}
	err := f.freeChildren(&n, depth)
	n.pg.Release()
	if err != nil {
		return err
	}
	if self {
		return f.freePage(pgno)
	}
	return nil
}

// freeChildren frees the overflow chains and child subtrees of n.
func (f *File) freeChildren(n *node, depth int) error {
	var ci cellInfo
	for i := 0; i < n.nCell; i++ {
		if err := n.parseCell(i, &ci); err != nil {
			return err
		}
		if ci.ovfl != 0 {
			if err := f.freeOverflow(n.pgno, &ci); err != nil {
				return err
			}
		}
		if !n.leaf {
			if err := f.freeTree(ci.child, depth+1, true); err != nil {
				return err
			}
		}
	}
	if !n.leaf {
		return f.freeTree(n.rightChild(), depth+1, true)
	}
	return nil
}

// Cursor registry: cursors save their position before another cursor
// changes their tree (B6).

func (f *File) addCursor(c *Cursor) { f.cursors = append(f.cursors, c) }

func (f *File) removeCursor(c *Cursor) {
	for i, x := range f.cursors {
		if x == c {
			f.cursors = append(f.cursors[:i], f.cursors[i+1:]...)
			return
		}
	}
}

// saveCursors makes every cursor on root other than except remember its
// position and drop its pages.
func (f *File) saveCursors(root uint32, except *Cursor) {
	for _, c := range f.cursors {
		if c != except && c.root == root {
			c.save()
		}
	}
}

func (f *File) saveAllCursors() {
	for _, c := range f.cursors {
		c.save()
	}
}

// invalidateTree forgets the position of every cursor on root.
func (f *File) invalidateTree(root uint32) {
	for _, c := range f.cursors {
		if c.root == root {
			c.invalidate()
		}
	}
}
