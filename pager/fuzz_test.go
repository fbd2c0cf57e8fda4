package pager

import (
	"bytes"
	"encoding/binary"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/walrusdb/walrus/internal/vfs"
	"github.com/walrusdb/walrus/journal"
)

// FuzzParseHeader: any 100 bytes give a header or an error, never a panic,
// and an accepted header has a sane geometry.
func FuzzParseHeader(f *testing.F) {
	good := make([]byte, 512)
	initPage1(good, 512)
	f.Add(good[:headerSize])
	wal := bytes.Clone(good[:headerSize])
	wal[18], wal[19] = 2, 2
	f.Add(wal)
	f.Add(make([]byte, headerSize))
	f.Add([]byte("SQLite format 3\x00"))
	f.Fuzz(func(t *testing.T, b []byte) {
		h, err := parseHeader(b)
		if err != nil {
			return
		}
		require.GreaterOrEqual(t, h.pageSize, minPageSize)
		require.LessOrEqual(t, h.pageSize, maxPageSize)
		require.Zero(t, h.pageSize&(h.pageSize-1))
		require.GreaterOrEqual(t, h.pageSize-h.reserved, minUsableSize)
	})
}

// FuzzOpenAndRead: a database file and a journal of arbitrary bytes give
// errors, never a panic, through Open, BeginRead (hot-journal playback)
// and reading every page.
func FuzzOpenAndRead(f *testing.F) {
	db := make([]byte, 3*512)
	initPage1(db, 512)
	binary.BigEndian.PutUint32(db[28:], 3)
	f.Add(db, []byte{})
	jr := make([]byte, 512+journal.RecordSize(512))
	journal.Header{NRec: 1, Nonce: 7, DBSize: 2, SectorSize: 512, PageSize: 512}.Encode(jr)
	journal.EncodeRecord(jr[512:], 2, make([]byte, 512), 7)
	f.Add(db, jr)
	f.Add([]byte("SQLite format 3\x00garbage"), jr)
	f.Fuzz(func(t *testing.T, dbBytes, jBytes []byte) {
		fs := vfs.NewMemFS()
		write := func(name string, b []byte) {
			file, err := fs.Open(name, vfs.OpenReadWrite|vfs.OpenCreate)
			require.NoError(t, err)
			_, err = file.WriteAt(b, 0)
			require.NoError(t, err)
			require.NoError(t, file.Close())
		}
		if h, err := journal.DecodeHeader(jBytes); err == nil && int64(h.DBSize)*int64(h.PageSize) > 1<<24 {
			t.Skip("a journal for a database of more than 16 MiB: fine on disk, too big for MemFS")
		}
		write("f.db", dbBytes)
		if len(jBytes) > 0 {
			write("f.db-journal", jBytes)
		}
		p, err := Open(fs, "f.db", Options{})
		if err != nil {
			return
		}
		defer p.Close()
		if err := p.BeginRead(bg); err != nil {
			return
		}
		for i := uint32(1); i <= min(p.PageCount(), 64); i++ {
			pg, err := p.Get(i)
			if err != nil {
				break
			}
			require.Len(t, pg.Data(), p.PageSize())
			pg.Release()
		}
		require.NoError(t, p.EndRead())
	})
}
