package btree

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/walrusdb/walrus/internal/vfs"
	"github.com/walrusdb/walrus/pager"
)

// avFuzzImage is fuzzImage's database in an INCREMENTAL auto-vacuum file:
// roots 3 and 4 (page 2 is the pointer map), free pages left by deletes.
func avFuzzImage(t testing.TB) []byte {
	fs := vfs.NewMemFS()
	f := openOn(t, fs, "seed.db", 512)
	_, err := f.SetAutoVacuum(AutoVacuumIncremental)
	require.NoError(t, err)
	beginWrite(t, f)
	root, err := f.CreateTree(TableTree)
	require.NoError(t, err)
	idx, err := f.CreateTree(IndexTree)
	require.NoError(t, err)
	c, err := f.OpenCursor(root, TableTree, true, nil)
	require.NoError(t, err)
	ic, err := f.OpenCursor(idx, IndexTree, true, nil)
	require.NoError(t, err)
	for i := int64(1); i <= 120; i++ {
		require.NoError(t, c.Insert(i, make([]byte, int(i%5)*150)))
		require.NoError(t, ic.InsertKey(AppendRecord(nil, []Value{{Type: Text, Bytes: make([]byte, int(i%4)*60)}, {Type: Integer, Int: i}})))
	}
	for i := int64(1); i <= 120; i += 3 {
		_, err := c.SeekRowid(i)
		require.NoError(t, err)
		require.NoError(t, c.Delete())
	}
	require.NoError(t, c.Close())
	require.NoError(t, ic.Close())
	writeSchemaRow(t, f, 1, "table", "t", "t", root, "CREATE TABLE t(x)")
	writeSchemaRow(t, f, 2, "index", "i", "t", idx, "CREATE INDEX i ON t(y)")
	commit(t, f)
	require.NoError(t, f.Pager().Close())
	file, err := fs.Open("seed.db", vfs.OpenReadOnly)
	require.NoError(t, err)
	defer file.Close()
	size, err := file.Size()
	require.NoError(t, err)
	img := make([]byte, size)
	_, err = file.ReadAt(img, 0)
	require.NoError(t, err)
	return img
}

// exerciseAV runs the auto-vacuum operations on a (possibly corrupt) image:
// incremental vacuum, creating a root (moves a page), dropping the lower
// root (moves the higher one) and a FULL commit. No panic, no hang;
// corruption is ErrCorrupt (B8).
func exerciseAV(t *testing.T, img []byte) {
	fs := vfs.NewMemFS()
	file, err := fs.Open("f.db", vfs.OpenReadWrite|vfs.OpenCreate)
	require.NoError(t, err)
	_, err = file.WriteAt(img, 0)
	require.NoError(t, err)
	require.NoError(t, file.Close())
	p, err := pager.Open(fs, "f.db", pager.Options{JournalMode: pager.JournalMemory, CacheSize: 50})
	if err != nil {
		return
	}
	defer p.Close()
	f, err := Open(p)
	require.NoError(t, err)
	if err := f.BeginRead(context.Background()); err != nil {
		return
	}
	defer f.EndRead()
	ok := func(err error) bool {
		if err == nil {
			return true
		}
		if !errors.Is(err, ErrCorrupt) && !errors.Is(err, ErrMisuse) && !errors.Is(err, ErrNotSupported) {
			t.Fatalf("unexpected error kind: %v", err)
		}
		return false
	}
	_, err = f.IntegrityCheck([]uint32{3, 4}, 10)
	ok(err)
	if err := f.BeginWrite(context.Background(), false); err != nil {
		return
	}
	defer func() { _ = f.Rollback() }()
	if _, err := f.IncrementalVacuum(2); !ok(err) {
		return
	}
	if _, err := f.CreateTree(TableTree); !ok(err) {
		return
	}
	if _, err := f.DropTreeMoved(3); !ok(err) {
		return
	}
	if _, err := f.SetAutoVacuum(AutoVacuumFull); !ok(err) {
		return
	}
	ok(f.autoVacuumCommit())
	_, err = f.IntegrityCheck([]uint32{3, 4}, 10)
	ok(err)
}

// TestAutoVacuumFuzzImage: the seed image is sound and the exercise runs
// clean on it, so the fuzzer starts from a working path.
func TestAutoVacuumFuzzImage(t *testing.T) {
	img := avFuzzImage(t)
	f := openImage(t, img)
	require.Equal(t, AutoVacuumIncremental, f.AutoVacuum())
	mustCheck(t, f, []uint32{3, 4}, nil)
	free, err := f.Meta(FreelistCount)
	require.NoError(t, err)
	require.Positive(t, free)
	exerciseAV(t, img)
}

// FuzzAutoVacuum corrupts bytes of an auto-vacuum image (pointer map
// included) and runs the vacuum, root moves and the integrity check.
func FuzzAutoVacuum(f *testing.F) {
	img := avFuzzImage(f)
	f.Add(uint32(512*1+0), []byte{9})                 // pointer-map entry type of page 3
	f.Add(uint32(512*1+5*5), []byte{5, 0, 0, 0, 1})   // entry of page 8 names page 1
	f.Add(uint32(512*1+5*10), []byte{1, 0, 0, 0, 0})  // a non-root page claims to be a root
	f.Add(uint32(52), []byte{0, 0, 0, 9})             // largest root
	f.Add(uint32(52), []byte{0xff, 0xff, 0xff, 0xff}) // largest root past the end
	f.Add(uint32(32), []byte{0, 0, 0, 2})             // freelist trunk is the pointer map
	f.Add(uint32(36), []byte{0, 0, 0, 1})             // freelist count too small
	f.Fuzz(func(t *testing.T, off uint32, patch []byte) {
		if len(patch) > 64 {
			patch = patch[:64]
		}
		b := append([]byte(nil), img...)
		o := int(off % uint32(len(b)))
		copy(b[o:], patch)
		exerciseAV(t, b)
	})
}
