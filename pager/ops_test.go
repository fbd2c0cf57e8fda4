package pager

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/walrusdb/walrus/internal/vfs"
	"github.com/walrusdb/walrus/journal"
)

// opTrace records the ops a FaultFS sees, as "Kind file" strings.
func opTrace(fs *vfs.FaultFS) *[]string {
	var ops []string
	fs.SetInjector(func(op vfs.Op) error {
		name := op.Path[strings.LastIndexByte(op.Path, '/')+1:]
		s := fmt.Sprintf("%v %s", op.Kind, name)
		switch op.Kind {
		case vfs.OpLock, vfs.OpUnlock:
			s += " " + op.Level.String()
		case vfs.OpWriteAt, vfs.OpReadAt:
			s += fmt.Sprintf(" %d+%d", op.Offset, op.Len)
		}
		ops = append(ops, s)
		return nil
	})
	return &ops
}

// TestCommitOps pins the file system calls of one autocommit write of
// three cached pages (DELETE, FULL): the syncs in D1/D2/D5 order, the
// lockingv3 steps, and nothing else: no size query in the commit (the
// size is known since BeginRead), no existence check before creating the
// journal, the journal written in one piece before its first sync.
func TestCommitOps(t *testing.T) {
	fs := vfs.NewFaultFS()
	p := mustOpen(t, fs, "/d/f.db", Options{PageSize: 1024})
	writeTxn(t, p, 8, 1)
	ops := opTrace(fs)
	require.NoError(t, runTxn(p, txn{writes: []pageWrite{{3, 2}, {5, 2}, {7, 2}}}))
	rec := int64(journal.RecordSize(1024))
	want := []string{
		// BeginRead: SHARED, hot-journal check, cache check.
		"Lock f.db SHARED", "Exists f.db-journal", "Size f.db", "ReadAt f.db 0+100",
		"Lock f.db RESERVED",
		"Create f.db-journal",
		// CommitPhaseOne: harden (D2, D1), EXCLUSIVE, write, sync (D5).
		fmt.Sprintf("WriteAt f.db-journal 0+%d", 512+4*rec),
		"Sync f.db-journal", "WriteAt f.db-journal 0+12", "Sync f.db-journal", "SyncDir f.db-journal",
		"Lock f.db EXCLUSIVE",
		"WriteAt f.db 0+1024", "WriteAt f.db 2048+1024", "WriteAt f.db 4096+1024", "WriteAt f.db 6144+1024",
		"Sync f.db",
		// CommitPhaseTwo: the commit point, back to SHARED; EndRead.
		"Close f.db-journal", "Remove f.db-journal", "Unlock f.db SHARED",
		"Unlock f.db NONE",
	}
	require.Equal(t, want, *ops)
}

// TestDirtyList checks the cache's dirty list against the pages a full
// scan finds dirty, through random marks, cleans, removals, truncations
// and clears.
func TestDirtyList(t *testing.T) {
	seed := rand.Uint64()
	t.Logf("seed %d", seed)
	r := rand.New(rand.NewPCG(seed, 1))
	c := newCache(1000)
	pages := map[uint32]*Page{}
	get := func(pgno uint32) *Page {
		if pg := c.lookup(pgno); pg != nil {
			return pg
		}
		pg := &Page{pgno: pgno}
		pages[pgno] = pg
		c.insert(pg)
		return pg
	}
	for i := range 5000 {
		pgno := uint32(r.IntN(60) + 1)
		switch k := r.IntN(20); {
		case k < 8:
			c.markDirty(get(pgno))
		case k < 13:
			if pg := c.lookup(pgno); pg != nil {
				c.markClean(pg)
			}
		case k < 16:
			if pg := c.lookup(pgno); pg != nil {
				c.remove(pg)
			}
		case k < 17:
			c.truncate(uint32(r.IntN(60)))
		case k < 18:
			c.clear()
		default:
			scan := []*Page{}
			for _, pg := range c.pages {
				if pg.dirty {
					scan = append(scan, pg)
				}
			}
			slices.SortFunc(scan, comparePgno)
			got := append([]*Page{}, c.dirtyPages()...)
			require.Equal(t, scan, got, "step %d", i)
			require.Len(t, got, c.nDirty)
			if r.IntN(2) == 0 {
				for _, pg := range got {
					c.markClean(pg)
				}
			}
		}
	}
}

// TestFileSizeFollowsOtherWriters guards the size the pager keeps from
// BeginRead on (P2): after another connection grew or cut the file
// between our transactions, our commit must neither write a zero page
// over the other connection's last page (a stale smaller size) nor keep
// pages past the end (a stale larger size).
func TestFileSizeFollowsOtherWriters(t *testing.T) {
	for _, fs := range []vfs.FS{vfs.NewMemFS(), vfs.NewOSFS()} {
		dir := "/m"
		if _, ok := fs.(*vfs.OSFS); ok {
			dir = t.TempDir()
		}
		a := mustOpen(t, fs, dir+"/f.db", Options{PageSize: 1024})
		b := mustOpen(t, fs, dir+"/f.db", Options{PageSize: 1024})
		fileSize := func() int64 {
			f, err := fs.Open(dir+"/f.db", vfs.OpenReadOnly)
			require.NoError(t, err)
			defer f.Close()
			n, err := f.Size()
			require.NoError(t, err)
			return n
		}
		writeTxn(t, a, 9, 1) // 10 pages, a knows the size
		writeTxn(t, b, 29, 2)
		require.Equal(t, int64(30*1024), fileSize())
		require.NoError(t, runTxn(a, txn{writes: []pageWrite{{2, 3}}}))
		require.Equal(t, int64(30*1024), fileSize())
		require.NoError(t, b.BeginRead(bg))
		pg, err := b.Get(30)
		require.NoError(t, err)
		want := make([]byte, 1024)
		fill(want, 30, 2)
		require.Equal(t, want, pg.Data(), "a's commit must not zero b's last page")
		pg.Release()
		require.NoError(t, b.EndRead())

		require.NoError(t, runTxn(b, txn{truncateTo: 5}))
		require.Equal(t, int64(5*1024), fileSize())
		require.NoError(t, runTxn(a, txn{writes: []pageWrite{{3, 4}}}))
		require.Equal(t, int64(5*1024), fileSize())
	}
}
