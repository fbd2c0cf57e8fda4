package journal

// Rollback journal file format ("<db>-journal"), as SQLite 3 writes it
// (src/pager.c, fileformat2.html §"The Rollback Journal"). All integers are
// big-endian. The journal is a sequence of segments; each segment is one
// header followed by page records:
//
// Segment header (occupies one whole sector; the rest of the sector is zero):
//
//	| off | size | field                                                      |
//	|-----|------|------------------------------------------------------------|
//	|   0 |    8 | magic d9 d5 05 f9 20 a1 63 d7 (all zero: not yet valid)    |
//	|   8 |    4 | nRec: records in this segment; 0xffffffff = up to the end  |
//	|  12 |    4 | nonce: random checksum initialiser for this transaction    |
//	|  16 |    4 | original database size in pages                            |
//	|  20 |    4 | sector size (header size and segment alignment)            |
//	|  24 |    4 | page size                                                  |
//
// Page record (4 + pageSize + 4 bytes), directly after the header sector
// or the previous record:
//
//	| off        | size     | field                                         |
//	|------------|----------|-----------------------------------------------|
//	|          0 |        4 | page number (0 is invalid: end of playback)   |
//	|          4 | pageSize | page content before the transaction           |
//	| 4+pageSize |        4 | checksum: nonce + data[k] for k = pageSize-200,|
//	|            |          | pageSize-400, ... while k >= 0 (bytes summed   |
//	|            |          | as unsigned 8-bit, modulo 2^32)               |
//
// A following segment's header starts at the next multiple of the sector
// size after the last record. A journal is played back segment by segment;
// playback stops at the first header without the magic, the first record
// whose checksum fails or whose page number is 0, or the end of the file.
//
// WAL file ("<db>-wal"), not implemented yet; documented here so the WAL
// code lands next to the journal it replaces (walformat.html):
//
//	| off | size | WAL header field (32 bytes, big-endian)                    |
//	|-----|------|------------------------------------------------------------|
//	|   0 |    4 | magic 0x377f0682 (checksums little-endian) or 0x377f0683   |
//	|   4 |    4 | format version 3007000                                     |
//	|   8 |    4 | page size                                                  |
//	|  12 |    4 | checkpoint sequence number                                 |
//	|  16 |    4 | salt-1 (incremented at each reset)                         |
//	|  20 |    4 | salt-2 (random at each reset)                              |
//	|  24 |    8 | checksum-1, checksum-2 over bytes 0..23                    |
//
//	| off | size | frame header field (24 bytes, then one page)               |
//	|-----|------|------------------------------------------------------------|
//	|   0 |    4 | page number                                                |
//	|   4 |    4 | db size in pages after commit (commit frame), else 0       |
//	|   8 |    8 | salt-1, salt-2 copied from the WAL header                  |
//	|  16 |    8 | cumulative checksum-1, checksum-2 over the header's first   |
//	|     |      | 24 bytes, then each frame's first 8 bytes and page data    |
//
// A frame is valid iff its salts match the header and its checksum matches;
// a reader uses frames up to the last valid commit frame.
//
// Every constant below is part of the file format; do not change.

import (
	"encoding/binary"
	"fmt"
)

// FormatVersion is the version of the on-disk layout this package writes.
// It only ever grows; readers accept every version up to it.
type FormatVersion uint32

// FormatRollbackV1 is SQLite 3's rollback journal (the only one).
const FormatRollbackV1 FormatVersion = 1

// Part of the file format; do not change.
const (
	// HeaderSize is the number of meaningful header bytes; the header
	// occupies a whole sector on disk.
	HeaderSize = 28
	// NRecUnknown in the nRec field means "records run to the end of file"
	// (written when the journal is never synced: synchronous=OFF, MEMORY).
	NRecUnknown = 0xffffffff
	// checksumStride is the step between bytes the record checksum adds.
	checksumStride = 200
	// minSectorSize and maxSectorSize bound the header's sector size field
	// (SQLite's readJournalHdr).
	minSectorSize = 32
	maxSectorSize = 65536
	minPageSize   = 512
	maxPageSize   = 65536
)

// Magic starts every valid segment header. Part of the file format.
var Magic = [8]byte{0xd9, 0xd5, 0x05, 0xf9, 0x20, 0xa1, 0x63, 0xd7}

// Header is one decoded segment header.
type Header struct {
	NRec       uint32 // records in the segment, NRecUnknown = to end of file
	Nonce      uint32 // checksum initialiser
	DBSize     uint32 // database size in pages before the transaction
	SectorSize uint32 // header size on disk and segment alignment
	PageSize   uint32 // bytes of page data in each record
}

// Encode writes the 28 header bytes (magic included) to dst[:HeaderSize].
func (h Header) Encode(dst []byte) {
	copy(dst[0:8], Magic[:])
	binary.BigEndian.PutUint32(dst[8:], h.NRec)
	binary.BigEndian.PutUint32(dst[12:], h.Nonce)
	binary.BigEndian.PutUint32(dst[16:], h.DBSize)
	binary.BigEndian.PutUint32(dst[20:], h.SectorSize)
	binary.BigEndian.PutUint32(dst[24:], h.PageSize)
}

// DecodeHeader decodes a segment header. It returns ErrNoHeader when the
// magic is absent (a zeroed or never-synced header: nothing to play back)
// and an ErrCorrupt error when a field is out of range.
func DecodeHeader(b []byte) (Header, error) {
	if len(b) < HeaderSize {
		return Header{}, fmt.Errorf("%w: %d bytes", ErrNoHeader, len(b))
	}
	if [8]byte(b[0:8]) != Magic {
		return Header{}, ErrNoHeader
	}
	h := Header{
		NRec:       binary.BigEndian.Uint32(b[8:]),
		Nonce:      binary.BigEndian.Uint32(b[12:]),
		DBSize:     binary.BigEndian.Uint32(b[16:]),
		SectorSize: binary.BigEndian.Uint32(b[20:]),
		PageSize:   binary.BigEndian.Uint32(b[24:]),
	}
	if err := h.validate(); err != nil {
		return Header{}, err
	}
	return h, nil
}

// validate applies SQLite's readJournalHdr range checks.
func (h Header) validate() error {
	if !isPow2(h.PageSize) || h.PageSize < minPageSize || h.PageSize > maxPageSize {
		return fmt.Errorf("%w: header page size %d", ErrCorrupt, h.PageSize)
	}
	if !isPow2(h.SectorSize) || h.SectorSize < minSectorSize || h.SectorSize > maxSectorSize {
		return fmt.Errorf("%w: header sector size %d", ErrCorrupt, h.SectorSize)
	}
	return nil
}

func isPow2(v uint32) bool { return v != 0 && v&(v-1) == 0 }

// RecordSize is the on-disk size of one page record.
func RecordSize(pageSize int) int { return 4 + pageSize + 4 }

// Checksum is the record checksum of page data under nonce.
func Checksum(nonce uint32, data []byte) uint32 {
	sum := nonce
	for k := len(data) - checksumStride; k >= 0; k -= checksumStride {
		sum += uint32(data[k])
	}
	return sum
}

// EncodeRecord writes a record for page pgno to dst[:RecordSize(len(data))].
func EncodeRecord(dst []byte, pgno uint32, data []byte, nonce uint32) {
	binary.BigEndian.PutUint32(dst[0:], pgno)
	copy(dst[4:], data)
	binary.BigEndian.PutUint32(dst[4+len(data):], Checksum(nonce, data))
}

// DecodeRecord decodes one record of a journal with the given page size.
// data aliases b. It returns ErrBadRecord for page number 0 or a checksum
// mismatch (SQLite stops playback there).
func DecodeRecord(b []byte, pageSize int, nonce uint32) (pgno uint32, data []byte, err error) {
	if pageSize <= 0 || len(b) < RecordSize(pageSize) {
		return 0, nil, fmt.Errorf("%w: %d bytes for page size %d", ErrBadRecord, len(b), pageSize)
	}
	pgno = binary.BigEndian.Uint32(b[0:])
	data = b[4 : 4+pageSize]
	sum := binary.BigEndian.Uint32(b[4+pageSize:])
	if pgno == 0 {
		return 0, nil, fmt.Errorf("%w: page number 0", ErrBadRecord)
	}
	if want := Checksum(nonce, data); sum != want {
		return 0, nil, fmt.Errorf("%w: page %d checksum %08x, want %08x", ErrBadRecord, pgno, sum, want)
	}
	return pgno, data, nil
}

// segmentStart returns the offset of the header that follows data ending
// at off: the next multiple of sectorSize (SQLite's journalHdrOffset).
func segmentStart(off int64, sectorSize int) int64 {
	s := int64(sectorSize)
	if off == 0 {
		return 0
	}
	return ((off-1)/s + 1) * s
}
