package vm

import (
	"context"
	"fmt"
	"math/rand"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/walrusdb/walrus/btree"
	"github.com/walrusdb/walrus/internal/vfs"
	"github.com/walrusdb/walrus/pager"
)

// memTemps is a TempFiles on a MemFS, as the sql layer makes them (the
// test may reach the pager; vm code may not).
type memTemps struct {
	fs     vfs.FS
	budget int64
	n      int
	open   map[string]bool
}

func (m *memTemps) SpillBudget() int64 { return m.budget }

func (m *memTemps) OpenTemp() (*btree.File, func() error, error) {
	m.n++
	name := fmt.Sprintf("temp-%d", m.n)
	p, err := pager.Open(m.fs, name, pager.Options{JournalMode: pager.JournalOff, Synchronous: pager.SyncOff, CacheSize: 16})
	if err != nil {
		return nil, nil, err
	}
	f, err := btree.Open(p)
	if err != nil {
		return nil, nil, err
	}
	if err := f.BeginRead(context.Background()); err != nil {
		return nil, nil, err
	}
	if err := f.BeginWrite(context.Background(), true); err != nil {
		return nil, nil, err
	}
	m.open[name] = true
	return f, func() error {
		f.Rollback()
		f.EndRead()
		delete(m.open, name)
		if err := p.Close(); err != nil {
			return err
		}
		return m.fs.Remove(name)
	}, nil
}

// TestSpilledTreeMatchesMemory runs random cursor operations on an
// ephemeral index with a tiny budget (it spills after a few rows) and on
// one that stays in memory: every answer must be the same, and the
// scratch file must be gone after Close.
func TestSpilledTreeMatchesMemory(t *testing.T) {
	rng := rand.New(rand.NewSource(*spillSeed))
	t.Logf("seed %d", *spillSeed)
	for _, desc := range [][]bool{nil, {true}} {
		temps := &memTemps{fs: vfs.NewMemFS(), budget: 2048, open: map[string]bool{}}
		mem := newMemTree(1, desc)
		disk := newMemTree(1, desc)
		disk.temp, disk.budget = temps, temps.budget
		before := Spills()
		type result struct {
			ok  bool
			err bool
			v   string
		}
		read := func(tr *memTree, ok bool, err error) result {
			r := result{ok: ok, err: err != nil}
			if ok && err == nil {
				k, _ := tr.Column(0)
				p, _ := tr.Column(1)
				r.v = k.String() + "/" + p.String()
			}
			return r
		}
		for i := 0; i < 3000; i++ {
			key := Int(int64(rng.Intn(200)))
			if rng.Intn(8) == 0 {
				key = Null()
			}
			var a, b result
			op := rng.Intn(10)
			switch op {
			case 0, 1, 2:
				row := []Value{key, Text(fmt.Sprintf("p%d", i))}
				a = read(mem, false, mem.InsertKey(row))
				b = read(disk, false, disk.InsertKey(row))
			case 3:
				s := SeekOp(rng.Intn(4))
				ok, err := mem.Seek(s, []Value{key})
				a = read(mem, ok, err)
				ok, err = disk.Seek(s, []Value{key})
				b = read(disk, ok, err)
			case 4:
				if !mem.valid() {
					break // stepping off either end: b-tree cursors stay off
				}
				ok, err := mem.Next()
				a = read(mem, ok, err)
				ok, err = disk.Next()
				b = read(disk, ok, err)
			case 5:
				if !mem.valid() {
					break
				}
				ok, err := mem.Prev()
				a = read(mem, ok, err)
				ok, err = disk.Prev()
				b = read(disk, ok, err)
			case 6:
				ok, err := mem.First()
				a = read(mem, ok, err)
				ok, err = disk.First()
				b = read(disk, ok, err)
			case 7:
				ok, err := mem.Last()
				a = read(mem, ok, err)
				ok, err = disk.Last()
				b = read(disk, ok, err)
			case 8:
				if mem.valid() {
					ca, err := mem.CompareKey([]Value{key})
					require.NoError(t, err)
					cb, err := disk.CompareKey([]Value{key})
					require.NoError(t, err)
					require.Equal(t, ca < 0, cb < 0, "step %d CompareKey", i)
					require.Equal(t, ca == 0, cb == 0, "step %d CompareKey", i)
				}
			case 9:
				if mem.valid() && rng.Intn(2) == 0 {
					require.NoError(t, mem.Delete())
					require.NoError(t, disk.Delete())
					ok, err := mem.Next()
					a = read(mem, ok, err)
					ok, err = disk.Next()
					b = read(disk, ok, err)
				}
			}
			require.Equal(t, a, b, "step %d op %d key %v", i, op, key)
			if op < 3 {
				// Positions after an insert differ in kind (chunk index,
				// b-tree cursor): start again from a seek.
				ok, err := mem.Seek(SeekGE, []Value{key})
				a = read(mem, ok, err)
				ok, err = disk.Seek(SeekGE, []Value{key})
				b = read(disk, ok, err)
				require.Equal(t, a, b, "step %d reseek", i)
			}
		}
		na, _ := mem.Count()
		nb, _ := disk.Count()
		require.Equal(t, na, nb)
		require.NotNil(t, disk.disk, "the tree spilled")
		require.Greater(t, Spills(), before)
		require.NoError(t, disk.Close())
		require.Empty(t, temps.open, "scratch file closed")
		ok, err := temps.fs.Exists("temp-1")
		require.NoError(t, err)
		require.False(t, ok, "scratch file deleted")
	}
}
