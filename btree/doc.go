// Package btree stores table and index b-trees in SQLite 3's database file
// format on top of package pager. The on-disk layout is documented in
// format.go.
//
// Terms. A table tree maps 64-bit rowids to records and keeps data only in
// its leaves (intkey pages). An index tree holds records as keys, in interior
// pages as well as leaves. An entry is a row of a table or a key of an index.
// A page is underfull when less than a third of its usable space holds cells
// (or it is an interior page with fewer than two keys). A cursor's position is
// saved when it is remembered as a key with its pages released.
//
// Invariants. Tests and comments cite them by ID.
//
//	(B1) Only UTF-8 files are opened: BeginRead refuses UTF-16 (header 56)
//	     with ErrNotSupported, bad payload fractions with ErrNotADatabase.
//	     The first write transaction on an empty file writes page 1: the
//	     100-byte header (versions 1/1, fractions 64/32/32, schema format 4,
//	     UTF-8, the auto-vacuum mode set by SetAutoVacuum) and an empty
//	     table leaf, the root of sqlite_schema.
//	(B2) Every page of the file is used exactly once: by one tree (b-tree
//	     and overflow pages), the freelist, or it is the lock-byte page or
//	     (auto-vacuum) a pointer-map page. IntegrityCheck verifies this.
//	(B3) Pages are well formed: cell pointers in key order point into the
//	     cell content area, cells do not overlap each other or the
//	     freeblocks, the freeblock chain is increasing and coalesced, the
//	     header's fragment count equals the unaccounted bytes (<= 60). Cells
//	     use the local payload sizes of fileformat2 (X, M, K) so sqlite3 and
//	     walrus agree on every cell's size.
//	(B4) Keys are strictly increasing in in-order traversal; every leaf of a
//	     tree is at the same depth; the depth is at most 20.
//	(B5) After any sequence of inserts and deletes, every non-root page is
//	     at least about a third full, except the right-most leaf of a
//	     rowid-ordered load (balance_quick) and pages next to cells so large
//	     that no split can even them out (a page-sized cell beside small
//	     ones; SQLite has the same limit). A page that a delete leaves
//	     underfull is always rebalanced with up to two siblings. The root
//	     keeps its page number: it deepens by moving its content to a new
//	     child and becomes a leaf again when its only child fits into it.
//	(B6) A change to a tree through one cursor saves the position of every
//	     other cursor on that tree; a saved cursor seeks its key again on its
//	     next use and, when the entry is gone, lands between its neighbours
//	     (Next gives the following entry, Prev the preceding one). Delete
//	     leaves the deleting cursor the same way.
//	(B7) Freed pages go on the freelist and are reused before the file
//	     grows. A trunk holds at most usable/4-8 leaves (SQLite leaves the
//	     last 6 slots unused). Freelist leaves are not written.
//	(B8) Corrupt input gives an error wrapping ErrCorrupt made by corruptf,
//	     naming the page, never a panic and never an endless loop: tree depth,
//	     overflow chains (by payload size) and freelist walks are bounded.
//	(B9) Records encode integers with the smallest serial type (8 and 9 for
//	     0 and 1), and compare as SQLite does with the BINARY collation:
//	     NULL < numbers (integers and doubles compared exactly) < text <
//	     blob, text and blobs by memcmp then length, DESC columns reversed.
//	(B10) Cursor hot paths do not allocate: payloads, keys and cells are
//	     built in buffers owned by the cursor.
//	(B11) A write that returns an error (I/O, corruption) may have changed
//	     some pages of the tree: the caller rolls the statement back
//	     (RollbackTo) or the transaction (Rollback) before using the tree.
//	(B12) Auto-vacuum files (header 52 != 0; ptrmap.go, autovacuum.go):
//	     after every b-tree operation each page but page 1, the lock-byte
//	     page and the pointer-map pages has the pointer-map entry of what
//	     points at it: root (1, 0), free (2, 0), first overflow page (3,
//	     b-tree page of the cell), later overflow page (4, previous page),
//	     b-tree page (5, parent). Every place that writes a child or
//	     overflow pointer records it (insertCell, a page rewritten by a
//	     balance, allocation at the end of the file skips pointer-map
//	     slots). Root pages are the lowest pages after page 1 and the
//	     pointer-map pages, header 52 holds the largest: CreateTree moves
//	     the page in the way, DropTreeMoved moves the largest root into the
//	     dropped one and reports it (the caller fixes sqlite_schema).
//	     IntegrityCheck verifies entries and header 52 as sqlite3 does.
//	(B13) Vacuuming moves pages from the end of the file into free pages
//	     (fixing the one pointer the entry names) and truncates: FULL at
//	     every Commit, so a FULL file has no free page after a commit;
//	     INCREMENTAL only in IncrementalVacuum(n), which takes exactly
//	     min(n, free pages) pages off the freelist. Roots never move then.
//	     A bad entry met while vacuuming is ErrCorrupt (B8).
//	(B14) Rollback of the write transaction aborts every open cursor: its
//	     next Next, Prev or positioning call returns ErrAborted instead of
//	     reading rows the rollback may have removed. RollbackTo keeps
//	     cursors usable (B6).
//	(B15) Close gives a cursor's page stack and buffers to its File's free
//	     list (at most 16, buffers up to 64 KB kept) and OpenCursor reuses
//	     them. Close drops the cursor's reference first, so a closed *Cursor
//	     never reaches memory a newer cursor uses: every call on it returns
//	     ErrMisuse or reports no entry. A slice returned by Payload must not
//	     be used after its cursor closes (it may be a reused buffer).
//
// Transactions are the pager's: a File is used by one goroutine at a time.
package btree
