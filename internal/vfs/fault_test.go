package vfs

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestOpKindsCoverEveryMethod ties OpKind to the interfaces: every FS and
// File method that can fail has a kind named after it (Open has two), so a
// method added to vfs.go without a kind fails here.
func TestOpKindsCoverEveryMethod(t *testing.T) {
	kinds := map[string]bool{}
	for k := OpKind(1); k < numOpKinds; k++ {
		kinds[k.String()] = true
		require.True(t, k.IsRead() != k.IsWrite(), "%v is in exactly one of the read and write sets", k)
		if k.IsSync() {
			require.True(t, k.IsWrite(), "%v: syncs are writes", k)
		}
	}
	errType := reflect.TypeFor[error]()
	methods := map[string]bool{"Create": true} // Open with OpenCreate
	for _, iface := range []reflect.Type{reflect.TypeFor[FS](), reflect.TypeFor[File]()} {
		for i := range iface.NumMethod() {
			m := iface.Method(i)
			if m.Type.NumOut() == 0 || m.Type.Out(m.Type.NumOut()-1) != errType {
				continue // cannot fail: SectorSize
			}
			methods[m.Name] = true
			require.True(t, kinds[m.Name], "method %s has no OpKind", m.Name)
		}
	}
	for k := range kinds {
		require.True(t, methods[k], "OpKind %s names no method", k)
	}
	require.False(t, numOpKinds.IsRead() || numOpKinds.IsWrite() || OpKind(0).IsRead())
	require.Equal(t, "OpKind(200)", OpKind(200).String())
}

// recordOps installs an injector that lets everything through and records it.
func recordOps(fs *FaultFS) *[]Op {
	var ops []Op
	fs.SetInjector(func(op Op) error {
		ops = append(ops, op)
		return nil
	})
	return &ops
}

func TestFaultOpsAreNumberedAndDescribed(t *testing.T) {
	fs := NewFaultFS()
	ops := recordOps(fs)
	f, err := fs.Open("/d/db", OpenReadWrite|OpenCreate)
	require.NoError(t, err)
	mustWrite(t, f, []byte("abc"), 7)
	_, _ = f.ReadAt(make([]byte, 2), 1)
	require.NoError(t, f.Truncate(5))
	require.NoError(t, f.Sync(SyncFull))
	require.NoError(t, fs.SyncDir("/d/db"))
	require.NoError(t, f.Lock(LockShared))
	_, err = f.CheckReservedLock()
	require.NoError(t, err)
	_, err = f.Size()
	require.NoError(t, err)
	require.NoError(t, f.Unlock(LockNone))
	require.NoError(t, f.Close())
	_, err = fs.Exists("/d/db")
	require.NoError(t, err)
	_, err = fs.Open("/d/db", OpenReadOnly)
	require.NoError(t, err)
	require.NoError(t, fs.Remove("/d/./db"))
	_ = f.SectorSize() // not an op

	want := []Op{
		{Kind: OpCreate, Path: "/d/db"},
		{Kind: OpWriteAt, Path: "/d/db", Offset: 7, Len: 3},
		{Kind: OpReadAt, Path: "/d/db", Offset: 1, Len: 2},
		{Kind: OpTruncate, Path: "/d/db", Offset: 5},
		{Kind: OpSync, Path: "/d/db"},
		{Kind: OpSyncDir, Path: "/d/db"},
		{Kind: OpLock, Path: "/d/db", Level: LockShared},
		{Kind: OpCheckReservedLock, Path: "/d/db"},
		{Kind: OpSize, Path: "/d/db"},
		{Kind: OpUnlock, Path: "/d/db", Level: LockNone},
		{Kind: OpClose, Path: "/d/db"},
		{Kind: OpExists, Path: "/d/db"},
		{Kind: OpOpen, Path: "/d/db"},
		{Kind: OpRemove, Path: "/d/db"},
	}
	for i := range want {
		want[i].N = i + 1
	}
	require.Equal(t, want, *ops)
	require.Equal(t, len(want), fs.Ops())
	require.Zero(t, fs.Injected())
	require.Contains(t, (*ops)[1].String(), "#2 WriteAt /d/db off=7 len=3")
}

func TestFailNth(t *testing.T) {
	fs := NewFaultFS()
	boom := errors.New("boom")
	fs.SetInjector(FailNth(OpWriteAt, 2, boom))
	f := mustOpen(t, fs, "/db", OpenReadWrite|OpenCreate)
	mustWrite(t, f, []byte("aa"), 0)
	n, err := f.WriteAt([]byte("bb"), 2)
	require.ErrorIs(t, err, boom)
	require.Zero(t, n)
	mustWrite(t, f, []byte("cc"), 4)
	require.Equal(t, []byte("aa\x00\x00cc"), contents(t, f), "the failed write had no effect")
	require.Equal(t, 1, fs.Injected())

	// The default error, and a predicate: the 2nd write to the journal.
	fs.SetInjector(FailNthMatching(func(op Op) bool {
		return op.Kind == OpWriteAt && strings.HasSuffix(op.Path, "-journal")
	}, 2, nil))
	j := mustOpen(t, fs, "/db-journal", OpenReadWrite|OpenCreate)
	mustWrite(t, f, []byte("x"), 0)
	mustWrite(t, j, []byte("1"), 0)
	mustWrite(t, f, []byte("y"), 0)
	_, err = j.WriteAt([]byte("2"), 1)
	require.ErrorIs(t, err, ErrInjected)
	mustWrite(t, j, []byte("3"), 1)
	require.Equal(t, []byte("13"), contents(t, j))

	// Injected failures of each kind leave state as it was.
	fs.SetInjector(FailNth(OpLock, 1, ErrBusy))
	require.ErrorIs(t, f.Lock(LockShared), ErrBusy)
	require.Equal(t, LockNone, levelOf(t, f))
	fs.SetInjector(FailNth(OpTruncate, 1, nil))
	require.ErrorIs(t, f.Truncate(0), ErrInjected)
	fs.SetInjector(FailNth(OpRemove, 1, nil))
	require.ErrorIs(t, fs.Remove("/db-journal"), ErrInjected)
	fs.SetInjector(nil)
	ok, err := fs.Exists("/db-journal")
	require.NoError(t, err)
	require.True(t, ok)
	require.Equal(t, []byte("ya\x00\x00cc"), contents(t, f))
}

func TestCrashAtOp(t *testing.T) {
	fs := NewFaultFS()
	f := mustOpen(t, fs, "/db", OpenReadWrite|OpenCreate) // op 1
	fs.SetInjector(CrashAtOp(4))
	mustWrite(t, f, []byte("a"), 0)        // op 2
	require.NoError(t, f.Lock(LockShared)) // op 3
	_, err := f.WriteAt([]byte("b"), 1)    // op 4: the crash
	require.ErrorIs(t, err, ErrCrashed)
	_, err = f.ReadAt(make([]byte, 1), 0)
	require.ErrorIs(t, err, ErrCrashed, "nothing works after the crash")
	_, err = fs.Open("/db", OpenReadOnly)
	require.ErrorIs(t, err, ErrCrashed)
	require.ErrorIs(t, f.Close(), ErrCrashed)
	require.Equal(t, 7, fs.Ops())
	require.Equal(t, 4, fs.Injected())

	// Close released the handle and its lock all the same.
	fs.SetInjector(nil)
	g := mustOpen(t, fs, "/db", OpenReadWrite)
	require.NoError(t, g.Lock(LockShared))
	require.NoError(t, g.Lock(LockExclusive))
	require.Equal(t, []byte("a"), contents(t, g))
}

func TestCrashAtSync(t *testing.T) {
	fs := NewFaultFS()
	fs.SetInjector(CrashAtSync(2))
	f := mustOpen(t, fs, "/d/db", OpenReadWrite|OpenCreate)
	mustWrite(t, f, []byte("one"), 0)
	require.NoError(t, fs.SyncDir("/d/db")) // sync 1
	mustWrite(t, f, []byte("two"), 0)
	require.ErrorIs(t, f.Sync(SyncData), ErrCrashed) // sync 2
	_, err := f.Size()
	require.ErrorIs(t, err, ErrCrashed)

	after := fs.Crash(DropUnsynced, rand.New(rand.NewPCG(1, 2)))
	g := mustOpen(t, after, "/d/db", OpenReadWrite)
	require.Empty(t, contents(t, g), "the file's content was never synced")
}

// TestCrashDropUnsynced: only what Sync and SyncDir made durable survives.
func TestCrashDropUnsynced(t *testing.T) {
	fs := NewFaultFS()
	f := mustOpen(t, fs, "/d/db", OpenReadWrite|OpenCreate)
	mustWrite(t, f, []byte("synced-content"), 0)
	require.NoError(t, f.Sync(SyncData))
	require.NoError(t, fs.SyncDir("/d/db"))
	mustWrite(t, f, []byte("SYNCED"), 0)
	mustWrite(t, f, []byte("tail"), 100)
	require.NoError(t, f.Truncate(3))

	deleted := mustOpen(t, fs, "/d/deleted", OpenReadWrite|OpenCreate)
	require.NoError(t, deleted.Sync(SyncFull))
	require.NoError(t, fs.SyncDir("/d/deleted"))
	require.NoError(t, fs.Remove("/d/deleted"))
	require.NoError(t, fs.SyncDir("/d/deleted")) // the removal is durable

	kept := mustOpen(t, fs, "/d/kept", OpenReadWrite|OpenCreate)
	mustWrite(t, kept, []byte("k"), 0)
	require.NoError(t, kept.Sync(SyncFull))
	require.NoError(t, fs.SyncDir("/d/kept"))
	require.NoError(t, fs.Remove("/d/kept")) // not synced: comes back

	lost := mustOpen(t, fs, "/d/lost", OpenReadWrite|OpenCreate)
	mustWrite(t, lost, []byte("l"), 0)
	require.NoError(t, lost.Sync(SyncFull)) // content synced, entry not

	other := mustOpen(t, fs, "/e/other", OpenReadWrite|OpenCreate)
	require.NoError(t, fs.SyncDir("/f/x")) // another directory's sync does not help
	_ = other

	after := fs.Crash(DropUnsynced, rand.New(rand.NewPCG(1, 2)))
	require.Equal(t, map[string]string{"/d/db": "synced-content", "/d/kept": "k"}, snapshot(t, after))
	// fs itself is unchanged by the crash.
	require.Equal(t, []byte("SYN"), contents(t, f))
	// The crashed FS starts fully durable: crashing it again changes nothing.
	require.Equal(t, snapshot(t, after), snapshot(t, after.Crash(DropUnsynced, rand.New(rand.NewPCG(3, 4)))))
}

// snapshot reads every file a FaultFS holds.
func snapshot(t *testing.T, fs *FaultFS) map[string]string {
	t.Helper()
	fs.mu.Lock()
	names := make([]string, 0, len(fs.files))
	for k := range fs.files {
		names = append(names, k)
	}
	fs.mu.Unlock()
	out := map[string]string{}
	for _, name := range names {
		f, err := fs.Open(name, OpenReadOnly)
		require.NoError(t, err)
		out[name] = string(contents(t, f))
		require.NoError(t, f.Close())
	}
	return out
}

// TestCrashKeepRandomSubset: every outcome is the synced content plus some
// subset of the unsynced writes applied in order, and every subset shows up.
func TestCrashKeepRandomSubset(t *testing.T) {
	fs := NewFaultFS()
	f := mustOpen(t, fs, "/db", OpenReadWrite|OpenCreate)
	base := bytes.Repeat([]byte("."), 16)
	mustWrite(t, f, base, 0)
	require.NoError(t, f.Sync(SyncData))
	require.NoError(t, fs.SyncDir("/db"))
	writes := []faultWrite{{off: 0, data: []byte("AAAA")}, {off: 2, data: []byte("BBBB")}, {off: 14, data: []byte("CCCC")}, {off: 6, data: []byte("DD")}}
	for _, w := range writes {
		mustWrite(t, f, w.data, w.off)
	}
	allowed := map[string]int{}
	for mask := range 1 << len(writes) {
		data := bytes.Clone(base)
		for i, w := range writes {
			if mask&(1<<i) != 0 {
				data = w.apply(data)
			}
		}
		allowed[string(data)] = mask
	}
	require.Len(t, allowed, 16, "the subsets give distinct contents")
	seen := map[int]bool{}
	for seed := range uint64(300) {
		got := snapshot(t, fs.Crash(KeepRandomSubset, rand.New(rand.NewPCG(seed, 0))))["/db"]
		mask, ok := allowed[got]
		require.True(t, ok, "seed %d: %q is no subset of the writes", seed, got)
		seen[mask] = true
	}
	require.Len(t, seen, 16, "every subset occurs")
}

// tornWorkload has one synced file of old bytes and one unsynced write of
// new bytes across several 512-byte sectors, starting and ending inside one.
func tornWorkload(t *testing.T) (fs *FaultFS, old, upd []byte, off int) {
	fs = NewFaultFS()
	f := mustOpen(t, fs, "/db", OpenReadWrite|OpenCreate)
	old = bytes.Repeat([]byte{'o'}, 4096)
	mustWrite(t, f, old, 0)
	require.NoError(t, f.Sync(SyncData))
	require.NoError(t, fs.SyncDir("/db"))
	off = 300
	upd = bytes.Repeat([]byte{'n'}, 2048)
	mustWrite(t, f, upd, int64(off))
	return fs, old, upd, off
}

// classifySectors says, per 512-byte sector touched by the write, whether it
// holds the old bytes, the new ones, or neither.
func classifySectors(got, old, upd []byte, off int) []string {
	want := bytes.Clone(old)
	copy(want[off:], upd)
	var out []string
	for s := off / 512 * 512; s < off+len(upd); s += 512 {
		lo, hi := max(s, off), min(s+512, off+len(upd))
		switch {
		case bytes.Equal(got[lo:hi], old[lo:hi]):
			out = append(out, "old")
		case bytes.Equal(got[lo:hi], want[lo:hi]):
			out = append(out, "new")
		default:
			out = append(out, "garbage")
		}
	}
	return out
}

func TestCrashTearSectors(t *testing.T) {
	fs, old, upd, off := tornWorkload(t)
	torn := false
	for seed := range uint64(50) {
		got := []byte(snapshot(t, fs.Crash(TearSectors, rand.New(rand.NewPCG(seed, 9))))["/db"])
		require.Len(t, got, len(old))
		require.Equal(t, old[:off], got[:off], "before the write")
		require.Equal(t, old[off+len(upd):], got[off+len(upd):], "after the write")
		kinds := classifySectors(got, old, upd, off)
		require.Len(t, kinds, 5)
		require.NotContains(t, kinds, "garbage", "seed %d", seed)
		torn = torn || strings.Contains(fmt.Sprint(kinds), "old") && strings.Contains(fmt.Sprint(kinds), "new")
	}
	require.True(t, torn, "some crash tears the write")
}

func TestCrashTearSectorsGarbage(t *testing.T) {
	fs, old, upd, off := tornWorkload(t)
	counts := map[string]int{}
	for seed := range uint64(50) {
		got := []byte(snapshot(t, fs.Crash(TearSectorsGarbage, rand.New(rand.NewPCG(seed, 9))))["/db"])
		require.Equal(t, old[:off], got[:off])
		require.Equal(t, old[off+len(upd):], got[off+len(upd):])
		for _, k := range classifySectors(got, old, upd, off) {
			counts[k]++
		}
	}
	require.Positive(t, counts["old"])
	require.Positive(t, counts["new"])
	require.Positive(t, counts["garbage"])
}

func TestCrashSectorSize(t *testing.T) {
	fs, old, upd, off := tornWorkload(t)
	require.ErrorIs(t, fs.SetSectorSize(1000), ErrInvalid)
	require.ErrorIs(t, fs.SetSectorSize(256), ErrInvalid)
	require.NoError(t, fs.SetSectorSize(4096))
	// The whole write lies in one 4096-byte sector: all old or all new.
	for seed := range uint64(20) {
		after := fs.Crash(TearSectors, rand.New(rand.NewPCG(seed, 1)))
		got := []byte(snapshot(t, after)["/db"])
		want := bytes.Clone(old)
		copy(want[off:], upd)
		require.True(t, bytes.Equal(got, old) || bytes.Equal(got, want), "seed %d", seed)
		f := mustOpen(t, after, "/db", OpenReadOnly)
		require.Equal(t, 4096, f.SectorSize())
	}
}

func TestCrashIsDeterministic(t *testing.T) {
	fs, _, _, _ := tornWorkload(t)
	for _, mode := range []CrashMode{DropUnsynced, KeepRandomSubset, TearSectors, TearSectorsGarbage} {
		a := snapshot(t, fs.Crash(mode, rand.New(rand.NewPCG(7, 7))))
		b := snapshot(t, fs.Crash(mode, rand.New(rand.NewPCG(7, 7))))
		require.Equal(t, a, b, "%v", mode)
	}
	require.Equal(t, "TearSectorsGarbage", TearSectorsGarbage.String())
}

// TestCrashDirectoryEntries: unsynced creates and removes are each kept or
// lost under the random modes, never under DropUnsynced.
func TestCrashDirectoryEntries(t *testing.T) {
	fs := NewFaultFS()
	gone := mustOpen(t, fs, "/d/gone", OpenReadWrite|OpenCreate)
	mustWrite(t, gone, []byte("g"), 0)
	require.NoError(t, gone.Sync(SyncData))
	require.NoError(t, fs.SyncDir("/d/gone"))
	require.NoError(t, fs.Remove("/d/gone"))
	born := mustOpen(t, fs, "/d/born", OpenReadWrite|OpenCreate)
	mustWrite(t, born, []byte("b"), 0)
	require.NoError(t, born.Sync(SyncData))

	outcomes := map[string]bool{}
	for seed := range uint64(64) {
		outcomes[fmt.Sprint(snapshot(t, fs.Crash(KeepRandomSubset, rand.New(rand.NewPCG(seed, 5)))))] = true
	}
	require.Equal(t, map[string]bool{
		"map[/d/gone:g]":           true,
		"map[/d/born:b /d/gone:g]": true,
		"map[]":                    true,
		"map[/d/born:b]":           true,
	}, outcomes)
	require.Equal(t, map[string]string{"/d/gone": "g"}, snapshot(t, fs.Crash(DropUnsynced, rand.New(rand.NewPCG(1, 1)))))
}

// commitFile writes data to name atomically with a marker file: data first,
// then the marker that says the data is complete. buggy skips the sync that
// orders the two, which a crash test must catch.
func commitFile(fs FS, data []byte, buggy bool) error {
	f, err := fs.Open("/d/data", OpenReadWrite|OpenCreate)
	if err != nil {
		return err
	}
	defer f.Close()
	for off := 0; off < len(data); off += 512 {
		if _, err := f.WriteAt(data[off:min(off+512, len(data))], int64(off)); err != nil {
			return err
		}
	}
	if !buggy {
		if err := f.Sync(SyncData); err != nil {
			return err
		}
		if err := fs.SyncDir("/d/data"); err != nil {
			return err
		}
	}
	m, err := fs.Open("/d/marker", OpenReadWrite|OpenCreate)
	if err != nil {
		return err
	}
	defer m.Close()
	if err := m.Sync(SyncData); err != nil {
		return err
	}
	return fs.SyncDir("/d/marker")
}

// crashLoop runs commitFile crashing at op k = 1, 2, ... until a run ends
// without reaching op k, under every crash mode, and counts the post-crash
// states where the marker exists but the data is incomplete.
func crashLoop(t *testing.T, buggy bool) (runs, violations int) {
	data := bytes.Repeat([]byte("0123456789abcdef"), 128)
	for k := 1; ; k++ {
		fs := NewFaultFS()
		fs.SetInjector(CrashAtOp(k))
		err := commitFile(fs, data, buggy)
		if fs.Ops() < k {
			require.NoError(t, err)
			return runs, violations
		}
		if err != nil { // nil when only a deferred Close hit the crash
			require.ErrorIs(t, err, ErrCrashed)
		}
		for _, mode := range []CrashMode{DropUnsynced, KeepRandomSubset, TearSectors, TearSectorsGarbage} {
			for seed := range uint64(8) {
				runs++
				state := snapshot(t, fs.Crash(mode, rand.New(rand.NewPCG(uint64(k), seed))))
				if _, ok := state["/d/marker"]; ok && state["/d/data"] != string(data) {
					violations++
				}
			}
		}
	}
}

func TestCrashLoopCatchesMissingSync(t *testing.T) {
	runs, violations := crashLoop(t, false)
	require.Positive(t, runs)
	require.Zero(t, violations, "the correct protocol survives every crash")
	runs, violations = crashLoop(t, true)
	require.Positive(t, runs)
	require.Positive(t, violations, "without the sync a crash leaves a marker over torn data")
}
