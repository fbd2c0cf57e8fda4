package journal

import (
	"errors"
	"fmt"
	"io"
	"slices"

	"github.com/walrusdb/walrus/internal/vfs"
)

// Storage is where a journal lives: a vfs.File, or Memory for
// journal_mode=MEMORY.
type Storage interface {
	ReadAt(p []byte, off int64) (int, error)
	WriteAt(p []byte, off int64) (int, error)
	Truncate(size int64) error
	Sync(mode vfs.SyncMode) error
	Size() (int64, error)
}

// Durability says how Harden makes the journal durable before the database
// file is written (pragma.html, synchronous).
type Durability uint8

const (
	// NoSync writes nothing more (synchronous=OFF; the header already says
	// NRecUnknown).
	NoSync Durability = iota
	// SyncOnce writes the record count into the header, then syncs
	// (synchronous=NORMAL).
	SyncOnce
	// SyncTwice syncs the records, writes the record count, syncs again
	// (synchronous=FULL and EXTRA): the count can never cover records
	// that did not reach the disk, whatever order the disk writes in.
	SyncTwice
)

// WriterConfig describes a new journal.
type WriterConfig struct {
	PageSize   int    // database page size
	SectorSize int    // header size on disk and segment alignment
	DBSize     uint32 // database size in pages before the transaction
	Nonce      uint32 // random checksum initialiser for this transaction
	// Unsynced marks a journal that is never synced (synchronous=OFF or
	// journal_mode=MEMORY): its header carries the magic and NRecUnknown
	// from the start and it has a single segment (J3).
	Unsynced bool
	// Empty says the storage holds no bytes yet (a new or truncated
	// file): nothing past the writer's own writes can be a stale header,
	// so Harden skips J8's read.
	Empty bool
}

type segment struct {
	hdrOff int64  // offset of the segment header
	nRec   uint32 // records appended to the segment
}

// Writer appends page records to a journal. It is not safe for concurrent
// use.
//
// A synced journal's header and records are gathered in memory and reach
// the storage in one write at Harden (or when maxPending bytes are
// waiting, or before the writer reads the storage back): until Harden
// writes the count, playback ignores them anyway (J2), and the database
// file is not written before Harden (D2), so only the number of writes
// changes, not what a crash can leave. An Unsynced journal's records are
// live as soon as they are written, so it writes each one at once.
type Writer struct {
	s        Storage
	cfg      WriterConfig
	segs     []segment
	off      int64 // end of the last record
	hardened bool  // nothing appended since the last Harden
	buf      []byte
	pending  []byte // bytes at pendOff not yet written to s
	pendOff  int64
}

// maxPending bounds the bytes a synced journal gathers before writing them.
const maxPending = 128 << 10

// NewWriter starts a journal in s with the first segment header at offset
// 0 (written at once in an Unsynced journal, with the records at Harden
// otherwise: J1). Bytes already in s past the records it writes are
// ignored by playback (record count, nonce).
func NewWriter(s Storage, cfg WriterConfig) (*Writer, error) {
	w := &Writer{}
	if err := w.Restart(s, cfg); err != nil {
		return nil, err
	}
	return w, nil
}

// Restart starts a new journal in s as NewWriter does, reusing w's
// buffers: a pager keeps one Writer for all its transactions. The journal
// w was writing must be finished (finalized or abandoned); w forgets it.
func (w *Writer) Restart(s Storage, cfg WriterConfig) error {
	if !isPow2(uint32(cfg.PageSize)) || cfg.PageSize < minPageSize || cfg.PageSize > maxPageSize {
		return fmt.Errorf("journal: page size %d", cfg.PageSize)
	}
	if !isPow2(uint32(cfg.SectorSize)) || cfg.SectorSize < minSectorSize || cfg.SectorSize > maxSectorSize {
		return fmt.Errorf("journal: sector size %d", cfg.SectorSize)
	}
	if n := max(RecordSize(cfg.PageSize), cfg.SectorSize); len(w.buf) < n {
		w.buf = make([]byte, n)
	}
	w.s, w.cfg = s, cfg
	w.segs, w.off, w.hardened = w.segs[:0], 0, false
	w.pending, w.pendOff = w.pending[:0], 0
	return w.writeHeader(0)
}

// reserve returns n bytes to fill at off, the journal's end: a slice of
// the pending buffer for a synced journal (written first if it would grow
// past maxPending), w.buf otherwise (written by put). On error nothing
// changed.
func (w *Writer) reserve(n int, off int64) ([]byte, error) {
	if w.cfg.Unsynced {
		return w.buf[:n], nil
	}
	if len(w.pending) > 0 && len(w.pending)+n > maxPending {
		if err := w.flush(); err != nil {
			return nil, err
		}
	}
	if len(w.pending) == 0 {
		w.pendOff = off
	}
	start := len(w.pending)
	w.pending = slices.Grow(w.pending, n)[:start+n]
	return w.pending[start:], nil
}

// put writes b, which reserve returned for off, in an Unsynced journal; a
// synced one has it pending already.
func (w *Writer) put(b []byte, off int64) error {
	if !w.cfg.Unsynced {
		return nil
	}
	_, err := w.s.WriteAt(b, off)
	return err
}

// flush writes the pending bytes.
func (w *Writer) flush() error {
	if len(w.pending) == 0 {
		return nil
	}
	if _, err := w.s.WriteAt(w.pending, w.pendOff); err != nil {
		return err
	}
	w.pending = w.pending[:0]
	return nil
}

// writeHeader writes a segment header, sector-padded, at off. A synced
// journal's header has a zero magic and count until Harden (J2): a crash
// before then leaves a journal that is not hot, and the database file was
// not yet touched.
func (w *Writer) writeHeader(off int64) error {
	if len(w.pending) > 0 && off != w.off {
		// A header past a gap: the pending bytes end at w.off.
		if err := w.flush(); err != nil {
			return fmt.Errorf("journal: write at %d: %w", w.pendOff, err)
		}
	}
	b, err := w.reserve(w.cfg.SectorSize, off)
	if err != nil {
		return fmt.Errorf("journal: write at %d: %w", w.pendOff, err)
	}
	clear(b)
	Header{
		NRec:       NRecUnknown,
		Nonce:      w.cfg.Nonce,
		DBSize:     w.cfg.DBSize,
		SectorSize: uint32(w.cfg.SectorSize),
		PageSize:   uint32(w.cfg.PageSize),
	}.Encode(b)
	if !w.cfg.Unsynced {
		clear(b[:12])
	}
	if err := w.put(b, off); err != nil {
		return fmt.Errorf("journal: write header at %d: %w", off, err)
	}
	w.segs = append(w.segs, segment{hdrOff: off})
	w.off = off + int64(w.cfg.SectorSize)
	w.hardened = false
	return nil
}

// Append writes the original content of page pgno.
func (w *Writer) Append(pgno uint32, data []byte) error {
	if len(data) != w.cfg.PageSize {
		return fmt.Errorf("journal: page %d has %d bytes, page size %d", pgno, len(data), w.cfg.PageSize)
	}
	n := RecordSize(w.cfg.PageSize)
	b, err := w.reserve(n, w.off)
	if err != nil {
		return fmt.Errorf("journal: write at %d: %w", w.pendOff, err)
	}
	EncodeRecord(b, pgno, data, w.cfg.Nonce)
	if err := w.put(b, w.off); err != nil {
		return fmt.Errorf("journal: write page %d at %d: %w", pgno, w.off, err)
	}
	w.off += int64(n)
	w.segs[len(w.segs)-1].nRec++
	w.hardened = false
	return nil
}

// End is the offset at which the next Append writes its record.
func (w *Writer) End() int64 { return w.off }

// ReadOriginal reads back into dst the page content of the record that an
// Append made at off (End just before it): the pager restores a statement
// savepoint's pages from there instead of keeping copies of them. The
// record must name page pgno and carry a valid checksum.
func (w *Writer) ReadOriginal(off int64, pgno uint32, dst []byte) error {
	if len(dst) != w.cfg.PageSize || off < int64(w.cfg.SectorSize) || off >= w.off {
		return fmt.Errorf("journal: read back page %d at %d: bad request", pgno, off)
	}
	if err := w.flush(); err != nil {
		return fmt.Errorf("journal: read back page %d: write pending records: %w", pgno, err)
	}
	b := w.buf[:RecordSize(w.cfg.PageSize)]
	if n, err := w.s.ReadAt(b, off); n < len(b) {
		if err == nil {
			err = io.ErrUnexpectedEOF
		}
		return fmt.Errorf("journal: read back page %d at %d: %w", pgno, off, err)
	}
	got, data, err := DecodeRecord(b, w.cfg.PageSize, w.cfg.Nonce)
	if err != nil {
		return fmt.Errorf("journal: read back page %d at %d: %w", pgno, off, err)
	}
	if got != pgno {
		return fmt.Errorf("journal: read back page %d at %d: %w: record of page %d", pgno, off, ErrBadRecord, got)
	}
	copy(dst, data)
	return nil
}

// Records returns the number of records appended in all segments.
func (w *Writer) Records() int {
	n := 0
	for _, s := range w.segs {
		n += int(s.nRec)
	}
	return n
}

// Hardened reports whether nothing was appended since the last Harden.
func (w *Writer) Hardened() bool { return w.hardened }

// Harden makes every appended record count for playback, with the syncs d
// asks for (J2). mode is the vfs sync kind used for each sync.
func (w *Writer) Harden(d Durability, mode vfs.SyncMode) error {
	if w.hardened {
		return nil
	}
	if err := w.flush(); err != nil {
		return fmt.Errorf("journal: write records at %d: %w", w.pendOff, err)
	}
	if !w.cfg.Unsynced {
		if err := w.voidStaleHeader(); err != nil {
			return err
		}
	}
	if d == SyncTwice {
		if err := w.s.Sync(mode); err != nil {
			return fmt.Errorf("journal: sync records: %w", err)
		}
	}
	if !w.cfg.Unsynced {
		seg := w.segs[len(w.segs)-1]
		b := w.buf[:12] // free: nothing else is being written
		copy(b[:8], Magic[:])
		b[8], b[9], b[10], b[11] = byte(seg.nRec>>24), byte(seg.nRec>>16), byte(seg.nRec>>8), byte(seg.nRec)
		if _, err := w.s.WriteAt(b, seg.hdrOff); err != nil {
			return fmt.Errorf("journal: write record count: %w", err)
		}
	}
	if d != NoSync {
		if err := w.s.Sync(mode); err != nil {
			return fmt.Errorf("journal: sync header: %w", err)
		}
	}
	w.hardened = true
	return nil
}

// voidStaleHeader clears the magic of a valid header found where playback
// will look for the segment after this one (J8). In a reused journal
// (PERSIST) that offset can hold a header an older transaction wrote when
// it spilled; with its own nonce and count, its out-of-date records would
// pass their checksums and be played over the database after this
// segment's. SQLite's syncJournal does the same before it writes nRec.
// The clearing is written before Harden's first sync, so it is durable
// before the count under SyncTwice.
func (w *Writer) voidStaleHeader() error {
	if w.cfg.Empty {
		return nil // every byte of the storage is this writer's
	}
	next := segmentStart(w.off, w.cfg.SectorSize)
	var b [8]byte
	n, err := w.s.ReadAt(b[:], next)
	if err != nil && !errors.Is(err, io.EOF) {
		return fmt.Errorf("journal: read next header at %d: %w", next, err)
	}
	if n < len(b) || b != Magic {
		return nil
	}
	clear(b[:])
	if _, err := w.s.WriteAt(b[:], next); err != nil {
		return fmt.Errorf("journal: clear stale header at %d: %w", next, err)
	}
	return nil
}

// NewSegment starts a new segment after Harden, as SQLite does before a
// cache spill writes database pages mid-transaction: records appended from
// now on are not covered by the hardened count until the next Harden.
// An unsynced journal keeps its single NRecUnknown segment.
func (w *Writer) NewSegment() error {
	if w.cfg.Unsynced {
		return nil
	}
	return w.writeHeader(segmentStart(w.off, w.cfg.SectorSize))
}

// Rollback writes every record this writer appended back into db, after
// truncating db to the original size: the in-process rollback of a
// transaction that already wrote the database file. It trusts its own
// record counts, not the headers.
func (w *Writer) Rollback(db Target) error {
	ps := w.cfg.PageSize
	if err := w.flush(); err != nil {
		return fmt.Errorf("journal: rollback: write pending records: %w", err)
	}
	if err := shrinkTo(db, int64(w.cfg.DBSize)*int64(ps)); err != nil {
		return fmt.Errorf("journal: rollback truncate: %w", err)
	}
	n := RecordSize(ps)
	b := w.buf[:n]
	for _, seg := range w.segs {
		off := seg.hdrOff + int64(w.cfg.SectorSize)
		for range seg.nRec {
			if _, err := w.s.ReadAt(b, off); err != nil {
				return fmt.Errorf("journal: rollback read at %d: %w", off, err)
			}
			pgno, data, err := DecodeRecord(b, ps, w.cfg.Nonce)
			if err != nil {
				return fmt.Errorf("journal: rollback at %d: %w", off, err)
			}
			if pgno <= w.cfg.DBSize {
				if _, err := db.WriteAt(data, int64(pgno-1)*int64(ps)); err != nil {
					return fmt.Errorf("journal: rollback write page %d: %w", pgno, err)
				}
			}
			off += int64(n)
		}
	}
	return nil
}
