package btree

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"
)

// avFuzzImage is fuzzImage's database in an INCREMENTAL auto-vacuum file:
// roots 3 and 4 (page 2 is the pointer map), free pages left by deletes.
func avFuzzImage(t testing.TB) []byte { return fuzzImageMode(t, AutoVacuumIncremental) }

// exerciseAV runs the auto-vacuum operations on a (possibly corrupt) image:
// incremental vacuum, creating a root (moves a page), dropping the lower
// root (moves the higher one) and a FULL commit. No panic, no hang;
// corruption is ErrCorrupt (B8).
func exerciseAV(t *testing.T, img []byte) {
	f, ok := openFuzzImage(t, img)
	if f == nil {
		return
	}
	_, err := f.IntegrityCheck([]uint32{3, 4}, 10)
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
