package pager

import (
	"encoding/binary"
	"errors"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/walrusdb/walrus/internal/vfs"
)

func TestCommitPersistsAcrossReopen(t *testing.T) {
	fs := vfs.NewMemFS()
	p := mustOpen(t, fs, "a.db", Options{})
	writeTxn(t, p, 5, 1)
	checkPages(t, p, 5, 1)
	require.NoError(t, p.Close())

	q := mustOpen(t, fs, "a.db", Options{})
	checkPages(t, q, 5, 1)
	ok, err := fs.Exists("a.db-journal")
	require.NoError(t, err)
	require.False(t, ok, "DELETE mode leaves no journal")
}

func TestHeaderStampedOnCommit(t *testing.T) {
	fs := vfs.NewMemFS()
	p := mustOpen(t, fs, "a.db", Options{})
	writeTxn(t, p, 3, 1)
	writeTxn(t, p, 3, 2)
	require.NoError(t, p.BeginRead(bg))
	pg, err := p.Get(1)
	require.NoError(t, err)
	d := pg.Data()
	require.Equal(t, uint32(2), binary.BigEndian.Uint32(d[24:]), "change counter")
	require.Equal(t, uint32(4), binary.BigEndian.Uint32(d[28:]), "db size")
	require.Equal(t, uint32(2), binary.BigEndian.Uint32(d[92:]), "version-valid-for")
	require.Equal(t, uint32(writerVersion), binary.BigEndian.Uint32(d[96:]))
	pg.Release()
	require.NoError(t, p.EndRead())
}

func TestRollbackDiscardsChanges(t *testing.T) {
	fs := vfs.NewMemFS()
	p := mustOpen(t, fs, "a.db", Options{})
	writeTxn(t, p, 4, 1)
	require.NoError(t, p.BeginRead(bg))
	require.NoError(t, p.BeginWrite(bg, false))
	setPages(t, p, 6, 2)
	require.Equal(t, uint32(7), p.PageCount())
	require.NoError(t, p.Rollback())
	require.Equal(t, uint32(5), p.PageCount())
	require.NoError(t, p.EndRead())
	checkPages(t, p, 4, 1)
}

func TestOpenRejectsNonDatabase(t *testing.T) {
	fs := vfs.NewMemFS()
	f, err := fs.Open("x.db", vfs.OpenReadWrite|vfs.OpenCreate)
	require.NoError(t, err)
	_, err = f.WriteAt([]byte("this is not a database file at all, clearly not one; padding padding padding padding padding padding"), 0)
	require.NoError(t, err)
	require.NoError(t, f.Close())
	_, err = Open(fs, "x.db", Options{})
	require.ErrorIs(t, err, ErrNotADatabase)
}

func TestOpenRejectsWALAndUTF16(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(b []byte)
		want error
	}{
		{"wal", func(b []byte) { b[18], b[19] = 2, 2 }, ErrNotSupported},
		{"utf16", func(b []byte) { binary.BigEndian.PutUint32(b[56:], 2) }, ErrNotSupported},
		{"read version 3", func(b []byte) { b[19] = 3 }, ErrNotADatabase},
		{"bad page size", func(b []byte) { binary.BigEndian.PutUint16(b[16:], 1000) }, ErrNotADatabase},
		{"reserved too big", func(b []byte) { b[20] = 255 }, nil},
		{"fractions", func(b []byte) { b[21] = 63 }, ErrNotADatabase},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fs := vfs.NewMemFS()
			f, err := fs.Open("x.db", vfs.OpenReadWrite|vfs.OpenCreate)
			require.NoError(t, err)
			b := make([]byte, 1024)
			initPage1(b, 1024)
			tc.edit(b)
			_, err = f.WriteAt(b, 0)
			require.NoError(t, err)
			require.NoError(t, f.Close())
			p, err := Open(fs, "x.db", Options{})
			if tc.want == nil {
				require.NoError(t, err)
				require.Equal(t, 1024-255, p.UsableSize())
				require.NoError(t, p.Close())
				return
			}
			require.ErrorIs(t, err, tc.want)
		})
	}
}

func TestBusyWriters(t *testing.T) {
	fs := vfs.NewMemFS()
	a := mustOpen(t, fs, "a.db", Options{})
	b := mustOpen(t, fs, "a.db", Options{BusyTimeout: 0})
	writeTxn(t, a, 2, 1)
	require.NoError(t, a.BeginRead(bg))
	require.NoError(t, a.BeginWrite(bg, false))
	require.NoError(t, b.BeginRead(bg))
	err := b.BeginWrite(bg, false)
	require.ErrorIs(t, err, ErrBusy)
	require.True(t, errors.Is(err, vfs.ErrBusy))
	require.NoError(t, b.EndRead())
	require.NoError(t, a.Rollback())
	require.NoError(t, a.EndRead())
}
