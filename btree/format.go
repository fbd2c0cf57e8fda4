package btree

// This file documents the SQLite 3 database file format as walrus encodes it
// (sqlite.org/fileformat2.html). Every constant below is part of the file
// format; do not change.
//
// Database header: the first 100 bytes of page 1, big-endian.
//
//	off size  field
//	  0   16  magic "SQLite format 3\0"
//	 16    2  page size (1 means 65536)
//	 18    1  file format write version (1 rollback, 2 WAL)
//	 19    1  file format read version (1 rollback, 2 WAL)
//	 20    1  reserved bytes at the end of each page
//	 21    1  max embedded payload fraction (64)
//	 22    1  min embedded payload fraction (32)
//	 23    1  leaf payload fraction (32)
//	 24    4  file change counter (pager)
//	 28    4  database size in pages (pager)
//	 32    4  first freelist trunk page (0 = none)
//	 36    4  total number of freelist pages
//	 40    4  schema cookie
//	 44    4  schema format number (walrus writes 4)
//	 48    4  default page cache size
//	 52    4  largest root page (auto-vacuum; 0 = off; ptrmap.go)
//	 56    4  text encoding (walrus requires 1 = UTF-8)
//	 60    4  user_version
//	 64    4  incremental-vacuum flag (only with offset 52 != 0)
//	 68    4  application_id
//	 72   20  reserved, zero
//	 92    4  version-valid-for (pager)
//	 96    4  SQLITE_VERSION_NUMBER of the last writer (pager)
//
// B-tree page header (at offset 100 on page 1, else 0):
//
//	off size  field
//	  0    1  page type: 0x02 index interior, 0x05 table interior,
//	          0x0a index leaf, 0x0d table leaf
//	  1    2  offset of the first freeblock (0 = none)
//	  3    2  number of cells
//	  5    2  start of the cell content area (0 means 65536)
//	  7    1  number of fragmented free bytes in the content area
//	  8    4  right-most child page (interior pages only)
//
// The header is followed by the cell pointer array (2-byte offsets in key
// order), then unallocated space, then the cell content area, which grows
// down from the end of the usable space. A freeblock is a 2-byte offset of the
// next freeblock (increasing order, 0 ends the chain) and a 2-byte size that
// includes these 4 bytes; free gaps of 1..3 bytes are fragments.
//
// Cells:
//
//	table leaf      varint payload size, varint rowid, local payload, [4-byte first overflow page]
//	table interior  4-byte left child, varint rowid
//	index leaf      varint payload size, local payload, [4-byte first overflow page]
//	index interior  4-byte left child, varint payload size, local payload, [4-byte first overflow page]
//
// Local payload (U = usable size, P = payload size):
//
//	X (max local) = U-35 for table leaves, (U-12)*64/255-23 for index pages
//	M (min local) = (U-12)*32/255-23
//	K = M + (P-M) % (U-4)
//	P <= X: all local; else K <= X: K bytes local; else M bytes local.
//
// Overflow page: 4-byte next overflow page (0 = last), then up to U-4 bytes
// of payload.
//
// Freelist trunk page: 4-byte next trunk (0 = last), 4-byte leaf count L,
// then L 4-byte leaf page numbers. Leaf pages hold no data.
//
// Varint: 1..9 bytes, big-endian, 7 bits per byte with the high bit as the
// continuation flag; a 9th byte contributes all 8 bits.
//
// Record: varint header size (including itself), one serial-type varint per
// column, then the column bodies:
//
//	type      size        meaning
//	0         0           NULL
//	1..6      1,2,3,4,6,8 big-endian two's-complement integer
//	7         8           big-endian IEEE-754 double
//	8, 9      0           integer 0, integer 1 (schema format 4)
//	10, 11    -           reserved, corrupt
//	N>=12 even (N-12)/2   BLOB
//	N>=13 odd  (N-13)/2   TEXT (UTF-8)

import "encoding/binary"

// FormatVersion is the schema format number walrus writes (header offset 44).
// Part of the file format; do not change.
type FormatVersion uint32

// SchemaFormat4 enables DESC indexes and serial types 8 and 9.
// Part of the file format; do not change.
const SchemaFormat4 FormatVersion = 4

// Database header layout. Part of the file format; do not change.
const (
	headerSize = 100

	hdrMagic          = 0
	hdrPageSize       = 16
	hdrWriteVersion   = 18
	hdrReadVersion    = 19
	hdrReserved       = 20
	hdrMaxFraction    = 21
	hdrMinFraction    = 22
	hdrLeafFraction   = 23
	hdrChangeCounter  = 24
	hdrDBSize         = 28
	hdrFreelistTrunk  = 32
	hdrFreelistCount  = 36
	hdrSchemaCookie   = 40
	hdrSchemaFormat   = 44
	hdrDefaultCache   = 48
	hdrLargestRoot    = 52
	hdrTextEncoding   = 56
	hdrUserVersion    = 60
	hdrIncrVacuum     = 64
	hdrApplicationID  = 68
	hdrVersionValid   = 92
	hdrSQLiteVersion  = 96
	textEncodingUTF8  = 1
	maxPayloadFrac    = 64
	minPayloadFrac    = 32
	leafPayloadFrac   = 32
	minUsableSize     = 480
	minPageSize       = 512
	maxPageSize       = 65536
	fileFormatVersion = 1 // header bytes 18 and 19 for rollback-journal files
)

// magic is the first 16 bytes of every database file.
// Part of the file format; do not change.
const magic = "SQLite format 3\x00"

// B-tree page header layout. Part of the file format; do not change.
const (
	pgType         = 0
	pgFirstFree    = 1
	pgCellCount    = 3
	pgContentStart = 5
	pgFragmented   = 7
	pgRightChild   = 8

	leafHeaderSize     = 8
	interiorHeaderSize = 12

	typeIndexInterior = 0x02
	typeTableInterior = 0x05
	typeIndexLeaf     = 0x0a
	typeTableLeaf     = 0x0d

	maxFragmented = 60 // a well-formed page has at most this many fragment bytes
)

// Freelist trunk layout. Part of the file format; do not change.
const (
	trunkNext     = 0
	trunkCount    = 4
	trunkLeaves   = 8
	trunkReserved = 6 // SQLite leaves the last 6 slots of a trunk unused
)

// Serial types. Part of the file format; do not change.
const (
	serialNull    = 0
	serialInt8    = 1
	serialInt16   = 2
	serialInt24   = 3
	serialInt32   = 4
	serialInt48   = 5
	serialInt64   = 6
	serialFloat   = 7
	serialZero    = 8
	serialOne     = 9
	serialBlobMin = 12
	serialTextMin = 13
)

// maxVarintLen is the longest varint encoding.
const maxVarintLen = 9

// lockBytePage returns the page that holds the lock bytes at offset 2^30; it
// is never used for data.
func lockBytePage(pageSize int) uint32 { return uint32(0x40000000/pageSize) + 1 }

// maxLocal returns X, the largest payload stored entirely on a page.
func maxLocal(usable int, intKeyLeaf bool) int {
	if intKeyLeaf {
		return usable - 35
	}
	return (usable-12)*maxPayloadFrac/255 - 23
}

// minLocal returns M, the least payload kept on the page when it spills.
func minLocal(usable int) int { return (usable-12)*minPayloadFrac/255 - 23 }

// localPayload returns how many bytes of a payload of size p stay on the page.
func localPayload(p int64, usable, maxL, minL int) int {
	if p <= int64(maxL) {
		return int(p)
	}
	k := int64(minL) + (p-int64(minL))%int64(usable-4)
	if k <= int64(maxL) {
		return int(k)
	}
	return minL
}

// putVarint writes v at the start of buf (which must hold 9 bytes) and
// returns the number of bytes written.
func putVarint(buf []byte, v uint64) int {
	if v <= 0x7f {
		buf[0] = byte(v)
		return 1
	}
	if v>>56 != 0 {
		buf[8] = byte(v)
		v >>= 8
		for i := 7; i >= 0; i-- {
			buf[i] = byte(v&0x7f) | 0x80
			v >>= 7
		}
		return 9
	}
	n := varintLen(v)
	for i := n - 1; i >= 0; i-- {
		buf[i] = byte(v&0x7f) | 0x80
		v >>= 7
	}
	buf[n-1] &= 0x7f
	return n
}

// appendVarint appends the varint encoding of v to dst.
func appendVarint(dst []byte, v uint64) []byte {
	var b [maxVarintLen]byte
	n := putVarint(b[:], v)
	return append(dst, b[:n]...)
}

// varintLen returns the encoded length of v.
func varintLen(v uint64) int {
	if v>>56 != 0 {
		return 9
	}
	n := 1
	for v > 0x7f {
		v >>= 7
		n++
	}
	return n
}

// getVarint decodes a varint at the start of buf. It returns n == 0 when buf
// ends before the varint does.
func getVarint(buf []byte) (v uint64, n int) {
	for i := 0; i < 8; i++ {
		if i >= len(buf) {
			return 0, 0
		}
		b := buf[i]
		v = v<<7 | uint64(b&0x7f)
		if b < 0x80 {
			return v, i + 1
		}
	}
	if len(buf) < 9 {
		return 0, 0
	}
	return v<<8 | uint64(buf[8]), 9
}

func get16(b []byte) int        { return int(binary.BigEndian.Uint16(b)) }
func put16(b []byte, v int)     { binary.BigEndian.PutUint16(b, uint16(v)) }
func get32(b []byte) uint32     { return binary.BigEndian.Uint32(b) }
func put32(b []byte, v uint32)  { binary.BigEndian.PutUint32(b, v) }
func isLeafType(t byte) bool    { return t&0x08 != 0 }
func isIntKeyType(t byte) bool  { return t&0x05 == 0x05 }
func validPageType(t byte) bool { return t == 2 || t == 5 || t == 10 || t == 13 }
