package journal

import (
	"errors"
	"fmt"
	"io"

	"github.com/walrusdb/walrus/internal/vfs"
)

// Target is what playback writes to: the database file.
type Target interface {
	WriteAt(p []byte, off int64) (int, error)
	Truncate(size int64) error
	Size() (int64, error)
}

// shrinkTo cuts db to size bytes if it is longer. Playback never grows the
// file by truncation: every page past a shrunken end was journaled (pager
// D3/D6), so its record grows the file back, and a damaged header's size
// cannot make a huge file.
func shrinkTo(db Target, size int64) error {
	cur, err := db.Size()
	if err != nil {
		return err
	}
	if cur > size {
		return db.Truncate(size)
	}
	return nil
}

// Info describes a played-back journal.
type Info struct {
	Valid      bool   // the first header had the magic
	DBSize     uint32 // original database size in pages
	PageSize   int
	SectorSize int
	Segments   int // segments read
	Records    int // records written to the target
}

// lockBytePage is the page holding the lock bytes at 1 GiB; SQLite never
// journals it, so a record naming it ends playback.
func lockBytePage(pageSize int) uint32 { return uint32(0x40000000/pageSize) + 1 }

// Replay plays the journal in s back into db, the way SQLite's
// pager_playback does for a hot journal: cut db to the original size,
// then write each valid record's page, segment by segment, stopping at the
// first header without the magic, the first bad record (J4) or the end of
// the file. A journal whose first header lacks the magic gives Info{} and
// no error: there is nothing to undo. The caller syncs db and then
// finalizes the journal (J5).
func Replay(s Storage, db Target) (Info, error) {
	size, err := s.Size()
	if err != nil {
		return Info{}, fmt.Errorf("journal: replay: %w", err)
	}
	var info Info
	var hdr [HeaderSize]byte
	var buf []byte
	for off := int64(0); off+HeaderSize <= size; {
		if _, err := s.ReadAt(hdr[:], off); err != nil {
			return info, fmt.Errorf("journal: replay header at %d: %w", off, err)
		}
		var h Header
		if off == 0 {
			h, err = DecodeHeader(hdr[:])
			if err != nil {
				// No magic, or impossible sizes: the writer crashed before
				// the header was synced, so the database was not touched
				// (SQLite's readJournalHdr returns SQLITE_DONE too).
				return info, nil
			}
			info = Info{Valid: true, DBSize: h.DBSize, PageSize: int(h.PageSize), SectorSize: int(h.SectorSize)}
			if err := shrinkTo(db, int64(h.DBSize)*int64(h.PageSize)); err != nil {
				return info, fmt.Errorf("journal: replay truncate: %w", err)
			}
			buf = make([]byte, RecordSize(info.PageSize))
		} else {
			// Later headers only count records (SQLite reads sizes once).
			if [8]byte(hdr[0:8]) != Magic {
				return info, nil
			}
			h = Header{NRec: be32(hdr[8:]), Nonce: be32(hdr[12:])}
		}
		info.Segments++
		recOff := off + int64(info.SectorSize)
		recSize := int64(len(buf))
		nRec := int64(h.NRec)
		if h.NRec == NRecUnknown {
			nRec = max(0, (size-recOff)/recSize)
		}
		for i := int64(0); i < nRec; i++ {
			ro := recOff + i*recSize
			if ro+recSize > size {
				return info, nil
			}
			if _, err := s.ReadAt(buf, ro); err != nil && !errors.Is(err, io.EOF) {
				return info, fmt.Errorf("journal: replay record at %d: %w", ro, err)
			}
			pgno, data, err := DecodeRecord(buf, info.PageSize, h.Nonce)
			if err != nil || pgno == lockBytePage(info.PageSize) {
				return info, nil // J4: first bad record ends playback
			}
			if pgno > info.DBSize {
				continue
			}
			if _, err := db.WriteAt(data, int64(pgno-1)*int64(info.PageSize)); err != nil {
				return info, fmt.Errorf("journal: replay write page %d: %w", pgno, err)
			}
			info.Records++
		}
		if h.NRec == NRecUnknown {
			return info, nil
		}
		off = segmentStart(recOff+nRec*recSize, info.SectorSize)
	}
	return info, nil
}

func be32(b []byte) uint32 {
	return uint32(b[0])<<24 | uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3])
}

// IsHot reports whether the journal at path must be played back before the
// database is read (lockingv3.html §"Hot Journals"): it exists, is not
// empty, starts with a non-zero byte, no connection holds RESERVED or more
// on db, and the database file is not empty. The caller holds SHARED on db.
func IsHot(fs vfs.FS, path string, db vfs.File) (bool, error) {
	ok, err := fs.Exists(path)
	if err != nil || !ok {
		return false, wrapHot(err)
	}
	reserved, err := db.CheckReservedLock()
	if err != nil || reserved {
		return false, wrapHot(err)
	}
	dbSize, err := db.Size()
	if err != nil || dbSize == 0 {
		return false, wrapHot(err)
	}
	f, err := fs.Open(path, vfs.OpenReadOnly)
	if errors.Is(err, vfs.ErrNotExist) {
		return false, nil // rolled back by another connection meanwhile
	}
	if err != nil {
		return false, wrapHot(err)
	}
	defer f.Close()
	var first [1]byte
	n, err := f.ReadAt(first[:], 0)
	if n == 1 {
		return first[0] != 0, nil
	}
	if errors.Is(err, io.EOF) {
		return false, nil
	}
	return false, wrapHot(err)
}

func wrapHot(err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("journal: hot journal check: %w", err)
}
