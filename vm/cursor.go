package vm

// SeekOp says where Cursor.Seek leaves an index cursor.
type SeekOp uint8

// Seek operations. Keys compare by prefix: an entry whose first len(key)
// columns equal key compares equal to it.
const (
	SeekGE SeekOp = iota // first entry >= key
	SeekGT               // first entry > key
	SeekLE               // last entry <= key
	SeekLT               // last entry < key
)

// Cursor is a position in one tree, at the level of Values (M4): a table
// (rowid -> row) or an index (key columns, rowid last). The btree adapter
// and the in-memory ephemeral tree implement it. Methods returning bool
// report whether the cursor is on an entry afterwards.
type Cursor interface {
	First() (bool, error)
	Last() (bool, error)
	Next() (bool, error)
	Prev() (bool, error)
	// SeekRowid moves a table cursor to rowid; false when there is none.
	SeekRowid(rowid int64) (bool, error)
	// Seek moves an index cursor (see SeekOp).
	Seek(op SeekOp, key []Value) (bool, error)
	// CompareKey compares the current entry's first len(key) columns with
	// key: negative when the entry is smaller.
	CompareKey(key []Value) (int, error)
	// Rowid is the current table row's key.
	Rowid() (int64, error)
	// Column returns column i of the current entry (NULL past the end of a
	// short record).
	Column(i int) (Value, error)
	// Insert writes a table row, replacing one with the same rowid.
	Insert(rowid int64, row []Value) error
	// InsertKey adds an index entry.
	InsertKey(key []Value) error
	// Delete removes the current entry; a following Next returns the entry
	// after it.
	Delete() error
	// LastRowid is the largest rowid of a table, 0 when it is empty.
	LastRowid() (int64, error)
	// Count is the number of entries.
	Count() (int64, error)
	Close() error
}

// Storage opens cursors on the trees of a database (the btree adapter).
type Storage interface {
	OpenCursor(spec *TreeSpec, writable bool) (Cursor, error)
}
