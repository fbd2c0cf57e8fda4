package btree

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// TestRollbackAbortsCursors checks B14: a cursor reading a tree when the
// write transaction rolls back fails with ErrAborted from then on, while
// RollbackTo leaves it usable.
func TestRollbackAbortsCursors(t *testing.T) {
	f := openMem(t, 4096)
	beginWrite(t, f)
	root, err := f.CreateTree(TableTree)
	require.NoError(t, err)
	w, err := f.OpenCursor(root, TableTree, true, nil)
	require.NoError(t, err)
	for i := int64(1); i <= 3; i++ {
		require.NoError(t, w.Insert(i, []byte{0x02, 0x01, byte(i)}))
	}
	require.NoError(t, w.Close())
	require.NoError(t, f.Commit())

	r, err := f.OpenCursor(root, TableTree, false, nil)
	require.NoError(t, err)
	defer r.Close()
	ok, err := r.First()
	require.NoError(t, err)
	require.True(t, ok)

	// A statement savepoint undone: the reader goes on.
	require.NoError(t, f.BeginWrite(t.Context(), false))
	require.NoError(t, f.Savepoint(1))
	w, err = f.OpenCursor(root, TableTree, true, nil)
	require.NoError(t, err)
	require.NoError(t, w.Insert(4, []byte{0x02, 0x01, 4}))
	require.NoError(t, w.Close())
	require.NoError(t, f.RollbackTo(1))
	ok, err = r.Next()
	require.NoError(t, err)
	require.True(t, ok)

	// The whole transaction undone: the reader is aborted.
	require.NoError(t, f.Rollback())
	_, err = r.Next()
	require.ErrorIs(t, err, ErrAborted)
	_, err = r.First()
	require.ErrorIs(t, err, ErrAborted)
	_, err = r.SeekRowid(1)
	require.ErrorIs(t, err, ErrAborted)
}
