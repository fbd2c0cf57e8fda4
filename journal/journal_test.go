package journal

import (
	"bytes"
	"encoding/binary"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/walrusdb/walrus/internal/vfs"
)

func page(pgno uint32, v byte, size int) []byte {
	b := make([]byte, size)
	for i := range b {
		b[i] = byte(pgno) + v + byte(i*3)
	}
	return b
}

func TestHeaderRoundTrip(t *testing.T) {
	h := Header{NRec: 7, Nonce: 0xdeadbeef, DBSize: 42, SectorSize: 512, PageSize: 4096}
	b := make([]byte, HeaderSize)
	h.Encode(b)
	require.Equal(t, Magic[:], b[:8])
	require.Equal(t, uint32(42), binary.BigEndian.Uint32(b[16:]))
	got, err := DecodeHeader(b)
	require.NoError(t, err)
	require.Equal(t, h, got)

	b[0] = 0
	_, err = DecodeHeader(b)
	require.ErrorIs(t, err, ErrNoHeader)

	h.PageSize = 1000
	h.Encode(b)
	_, err = DecodeHeader(b)
	require.ErrorIs(t, err, ErrCorrupt)
}

func TestChecksumMatchesSQLiteDefinition(t *testing.T) {
	// nonce + bytes at 1024-200, 1024-400, ..., 24 for a 1024-byte page.
	data := make([]byte, 1024)
	want := uint32(5)
	for k := 1024 - 200; k >= 0; k -= 200 {
		data[k] = 0xff
		want += 0xff
	}
	data[1023] = 9 // not sampled
	require.Equal(t, want, Checksum(5, data))
}

func TestRecordRoundTripAndCorruption(t *testing.T) {
	data := page(3, 1, 512)
	b := make([]byte, RecordSize(512))
	EncodeRecord(b, 3, data, 77)
	pgno, got, err := DecodeRecord(b, 512, 77)
	require.NoError(t, err)
	require.Equal(t, uint32(3), pgno)
	require.Equal(t, data, got)
	_, _, err = DecodeRecord(b, 512, 78)
	require.ErrorIs(t, err, ErrBadRecord, "wrong nonce")
	b[4+512-200] ^= 1
	_, _, err = DecodeRecord(b, 512, 77)
	require.ErrorIs(t, err, ErrBadRecord, "flipped sampled byte")
}

// memDB is a replay target.
type memDB struct{ Memory }

func (m *memDB) pages(ps int) map[uint32][]byte {
	out := map[uint32][]byte{}
	for i := 0; i*ps < len(m.data); i++ {
		out[uint32(i+1)] = m.data[i*ps : (i+1)*ps]
	}
	return out
}

func TestWriterReplayMultiSegment(t *testing.T) {
	for _, tc := range []struct {
		name     string
		unsynced bool
		sector   int
	}{{"synced", false, 512}, {"synced-4k-sector", false, 4096}, {"unsynced", true, 512}} {
		t.Run(tc.name, func(t *testing.T) {
			const ps = 1024
			j := NewMemory()
			w, err := NewWriter(j, WriterConfig{PageSize: ps, SectorSize: tc.sector, DBSize: 6, Nonce: 99, Unsynced: tc.unsynced})
			require.NoError(t, err)
			require.NoError(t, w.Append(2, page(2, 0, ps)))
			require.NoError(t, w.Append(3, page(3, 0, ps)))
			require.NoError(t, w.Harden(SyncTwice, vfs.SyncData))
			require.NoError(t, w.NewSegment())
			require.NoError(t, w.Append(5, page(5, 0, ps)))
			require.NoError(t, w.Append(9, page(9, 0, ps))) // past DBSize: skipped
			require.NoError(t, w.Harden(SyncOnce, vfs.SyncData))
			require.Equal(t, 4, w.Records())
			if !tc.unsynced {
				size, _ := j.Size()
				rs := int64(RecordSize(ps))
				hdr2 := (int64(tc.sector) + 2*rs + int64(tc.sector) - 1) / int64(tc.sector) * int64(tc.sector)
				require.Equal(t, hdr2+int64(tc.sector)+2*rs, size, "second header on a sector boundary (J3)")
				require.Equal(t, Magic[:], j.data[hdr2:hdr2+8])
			}

			db := &memDB{}
			for i := uint32(1); i <= 8; i++ {
				_, _ = db.WriteAt(page(i, 7, ps), int64(i-1)*ps)
			}
			info, err := Replay(j, db)
			require.NoError(t, err)
			require.True(t, info.Valid)
			require.Equal(t, uint32(6), info.DBSize)
			require.Equal(t, 3, info.Records)
			pages := db.pages(ps)
			require.Len(t, pages, 6, "truncated to the original size")
			require.Equal(t, page(2, 0, ps), pages[2])
			require.Equal(t, page(3, 0, ps), pages[3])
			require.Equal(t, page(5, 0, ps), pages[5])
			require.Equal(t, page(4, 7, ps), pages[4], "untouched page")

			// The writer's own rollback gives the same result.
			db2 := &memDB{}
			for i := uint32(1); i <= 8; i++ {
				_, _ = db2.WriteAt(page(i, 7, ps), int64(i-1)*ps)
			}
			require.NoError(t, w.Rollback(db2))
			require.Equal(t, db.data, db2.data)
		})
	}
}

func TestReplayUnhardenedSegmentIgnored(t *testing.T) {
	const ps = 512
	j := NewMemory()
	w, err := NewWriter(j, WriterConfig{PageSize: ps, SectorSize: 512, DBSize: 4, Nonce: 1})
	require.NoError(t, err)
	require.NoError(t, w.Append(1, page(1, 0, ps)))
	db := &memDB{}
	_, _ = db.WriteAt(page(1, 5, ps), 0)
	info, err := Replay(j, db)
	require.NoError(t, err)
	require.False(t, info.Valid, "header magic is zero until Harden (J2)")
	require.Equal(t, page(1, 5, ps), db.data[:ps])

	require.NoError(t, w.Harden(SyncOnce, vfs.SyncData))
	require.NoError(t, w.NewSegment())
	require.NoError(t, w.Append(2, page(2, 0, ps)))
	_, _ = db.WriteAt(page(2, 5, ps), ps)
	info, err = Replay(j, db)
	require.NoError(t, err)
	require.Equal(t, 1, info.Records, "second segment not hardened")
	require.Equal(t, page(1, 0, ps), db.data[:ps])
	require.Equal(t, page(2, 5, ps), db.data[ps:2*ps])
}

func TestReplayStopsAtBadChecksum(t *testing.T) {
	const ps = 512
	j := NewMemory()
	w, err := NewWriter(j, WriterConfig{PageSize: ps, SectorSize: 512, DBSize: 4, Nonce: 3, Unsynced: true})
	require.NoError(t, err)
	for i := uint32(1); i <= 3; i++ {
		require.NoError(t, w.Append(i, page(i, 0, ps)))
	}
	// Damage record 2's sampled byte: playback keeps record 1 only (J4).
	j.data[512+RecordSize(ps)+4+ps-200] ^= 0x55
	db := &memDB{}
	for i := uint32(1); i <= 4; i++ {
		_, _ = db.WriteAt(page(i, 9, ps), int64(i-1)*ps)
	}
	info, err := Replay(j, db)
	require.NoError(t, err)
	require.Equal(t, 1, info.Records)
	require.Equal(t, page(1, 0, ps), db.data[:ps])
	require.Equal(t, page(2, 9, ps), db.data[ps:2*ps])
}

func TestIsHotAndFinalize(t *testing.T) {
	for _, how := range []Finish{FinishDelete, FinishTruncate, FinishPersist} {
		fs := vfs.NewMemFS()
		db, err := fs.Open("d.db", vfs.OpenReadWrite|vfs.OpenCreate)
		require.NoError(t, err)
		_, _ = db.WriteAt(make([]byte, 512), 0)
		require.NoError(t, db.Lock(vfs.LockShared))
		hot, err := IsHot(fs, "d.db-journal", db)
		require.NoError(t, err)
		require.False(t, hot, "no journal")

		jf, err := fs.Open("d.db-journal", vfs.OpenReadWrite|vfs.OpenCreate)
		require.NoError(t, err)
		w, err := NewWriter(jf, WriterConfig{PageSize: 512, SectorSize: 512, DBSize: 1, Nonce: 1})
		require.NoError(t, err)
		require.NoError(t, w.Append(1, page(1, 0, 512)))
		hot, err = IsHot(fs, "d.db-journal", db)
		require.NoError(t, err)
		require.False(t, hot, "zero magic before Harden")
		require.NoError(t, w.Harden(SyncTwice, vfs.SyncData))
		hot, err = IsHot(fs, "d.db-journal", db)
		require.NoError(t, err)
		require.True(t, hot)

		other, err := fs.Open("d.db", vfs.OpenReadWrite)
		require.NoError(t, err)
		require.NoError(t, other.Lock(vfs.LockShared))
		require.NoError(t, other.Lock(vfs.LockReserved))
		hot, err = IsHot(fs, "d.db-journal", db)
		require.NoError(t, err)
		require.False(t, hot, "a live writer holds RESERVED")
		require.NoError(t, other.Close())

		require.NoError(t, Finalize(fs, "d.db-journal", jf, how, true))
		hot, err = IsHot(fs, "d.db-journal", db)
		require.NoError(t, err)
		require.False(t, hot, "finalized with %d", how)
		exists, _ := fs.Exists("d.db-journal")
		require.Equal(t, how != FinishDelete, exists)
	}
}

// FuzzDecode feeds arbitrary bytes to the header and record decoders and to
// Replay: never a panic, and a decoded header re-encodes to the same bytes.
func FuzzDecode(f *testing.F) {
	b := make([]byte, 512+RecordSize(512))
	Header{NRec: 1, Nonce: 5, DBSize: 2, SectorSize: 512, PageSize: 512}.Encode(b)
	EncodeRecord(b[512:], 1, page(1, 0, 512), 5)
	f.Add(b)
	f.Add(b[:HeaderSize])
	f.Add([]byte{})
	bad := bytes.Clone(b)
	binary.BigEndian.PutUint32(bad[8:], NRecUnknown)
	f.Add(bad)
	r := rand.New(rand.NewPCG(1, 2))
	junk := make([]byte, 700)
	for i := range junk {
		junk[i] = byte(r.Uint32())
	}
	copy(junk, Magic[:])
	f.Add(junk)
	f.Fuzz(func(t *testing.T, in []byte) {
		h, err := DecodeHeader(in)
		if err == nil {
			out := make([]byte, HeaderSize)
			h.Encode(out)
			require.Equal(t, in[:HeaderSize], out)
		}
		for _, ps := range []int{512, 1024} {
			if pgno, data, err := DecodeRecord(in, ps, 5); err == nil {
				require.NotZero(t, pgno)
				require.Len(t, data, ps)
			}
		}
		j := &Memory{data: bytes.Clone(in)}
		db := &recordingDB{}
		info, err := Replay(j, db)
		require.NoError(t, err, "a memory journal cannot fail to read")
		require.Equal(t, info.Records, db.writes)
		for _, off := range db.offs {
			require.Less(t, off, int64(info.DBSize)*int64(info.PageSize), "J4: no page past the original size")
		}
		if !info.Valid {
			require.Zero(t, db.truncates)
		}
	})
}

// recordingDB is a replay target that only records what it is asked to do
// (a fuzzed header may name a database of terabytes).
type recordingDB struct {
	writes, truncates int
	offs              []int64
}

func (r *recordingDB) WriteAt(p []byte, off int64) (int, error) {
	r.writes++
	r.offs = append(r.offs, off)
	return len(p), nil
}

func (r *recordingDB) Truncate(int64) error { r.truncates++; return nil }

func (r *recordingDB) Size() (int64, error) { return 1 << 40, nil }
