package btree

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestSmokeTable(t *testing.T) {
	f := openMem(t, 1024)
	beginWrite(t, f)
	root, err := f.CreateTree(TableTree)
	require.NoError(t, err)
	c, err := f.OpenCursor(root, TableTree, true, nil)
	require.NoError(t, err)
	for i := 1; i <= 2000; i++ {
		rec := AppendRecord(nil, []Value{{Type: Integer, Int: int64(i)}, {Type: Text, Bytes: []byte(fmt.Sprintf("row %d", i))}})
		require.NoError(t, c.Insert(int64(i*7%2003), rec))
	}
	mustCheck(t, f, []uint32{root}, nil)
	n := 0
	ok, err := c.First()
	require.NoError(t, err)
	prev := int64(-1)
	for ok {
		k, err := c.Rowid()
		require.NoError(t, err)
		require.Greater(t, k, prev)
		prev = k
		n++
		ok, err = c.Next()
		require.NoError(t, err)
	}
	require.Equal(t, 2000, n)
	require.NoError(t, c.Close())
	commit(t, f)
}
