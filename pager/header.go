package pager

import (
	"encoding/binary"
	"fmt"
)

// Database header fields the pager reads or writes (fileformat2.html §1.3).
// Part of the file format; do not change.
const (
	headerSize         = 100
	offPageSize        = 16 // 2 bytes, 1 means 65536
	offWriteVersion    = 18
	offReadVersion     = 19
	offReserved        = 20
	offPayloadFracs    = 21 // 64, 32, 32
	offChangeCounter   = 24
	offDBSize          = 28
	offTextEncoding    = 56
	offVersionValidFor = 92
	offWriterVersion   = 96

	// writerVersion is what walrus writes at offset 96 (SQLITE_VERSION_NUMBER
	// of the sqlite3 it is tested against).
	writerVersion = 3040001
	// minUsableSize is the smallest usable size SQLite accepts.
	minUsableSize = 480
)

var headerMagic = []byte("SQLite format 3\x00")

// fileHeader is what the pager takes from the 100-byte database header.
type fileHeader struct {
	pageSize int
	reserved int
	readOnly bool   // write version above 2
	dbSize   uint32 // in-header size if valid (bytes 28 and 24 == 92), else 0
	vers     [16]byte
}

// parseHeader validates the first 100 bytes of a database file.
func parseHeader(b []byte) (fileHeader, error) {
	var h fileHeader
	if len(b) < headerSize || string(b[:16]) != string(headerMagic) {
		return h, fmt.Errorf("%w: bad magic", ErrNotADatabase)
	}
	ps := int(binary.BigEndian.Uint16(b[offPageSize:]))
	if ps == 1 {
		ps = maxPageSize
	}
	if ps < minPageSize || ps > maxPageSize || ps&(ps-1) != 0 {
		return h, fmt.Errorf("%w: page size %d", ErrNotADatabase, ps)
	}
	wv, rv := b[offWriteVersion], b[offReadVersion]
	if rv > 2 {
		return h, fmt.Errorf("%w: read version %d", ErrNotADatabase, rv)
	}
	if wv == 2 || rv == 2 {
		return h, fmt.Errorf("%w: database is in WAL mode (header bytes 18/19 = %d/%d); WAL is not supported yet", ErrNotSupported, wv, rv)
	}
	if b[offPayloadFracs] != 64 || b[offPayloadFracs+1] != 32 || b[offPayloadFracs+2] != 32 {
		return h, fmt.Errorf("%w: payload fractions %d/%d/%d", ErrNotADatabase, b[21], b[22], b[23])
	}
	res := int(b[offReserved])
	if ps-res < minUsableSize {
		return h, fmt.Errorf("%w: usable size %d", ErrNotADatabase, ps-res)
	}
	switch enc := binary.BigEndian.Uint32(b[offTextEncoding:]); enc {
	case 0, 1:
	case 2, 3:
		return h, fmt.Errorf("%w: UTF-16 text encoding (header byte 56 = %d)", ErrNotSupported, enc)
	default:
		return h, fmt.Errorf("%w: text encoding %d", ErrNotADatabase, enc)
	}
	h.pageSize, h.reserved, h.readOnly = ps, res, wv > 2
	cc := binary.BigEndian.Uint32(b[offChangeCounter:])
	if n := binary.BigEndian.Uint32(b[offDBSize:]); n != 0 && cc == binary.BigEndian.Uint32(b[offVersionValidFor:]) {
		h.dbSize = n
	}
	copy(h.vers[:], b[offChangeCounter:offChangeCounter+16])
	return h, nil
}

// stampHeader sets the bytes the pager owns on page 1 at commit: change
// counter, database size, version-valid-for, writer version.
func stampHeader(page1 []byte, counter, nPages uint32) {
	binary.BigEndian.PutUint32(page1[offChangeCounter:], counter)
	binary.BigEndian.PutUint32(page1[offDBSize:], nPages)
	binary.BigEndian.PutUint32(page1[offVersionValidFor:], counter)
	binary.BigEndian.PutUint32(page1[offWriterVersion:], writerVersion)
}
