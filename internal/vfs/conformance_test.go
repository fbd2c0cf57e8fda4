package vfs

import (
	"bytes"
	"fmt"
	"io"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// fsUnderTest builds a fresh file system and a directory to put files in.
type fsUnderTest struct {
	name string
	new  func(t *testing.T) (FS, string)
}

func conformanceTargets() []fsUnderTest {
	return []fsUnderTest{
		{"MemFS", func(t *testing.T) (FS, string) { return NewMemFS(), "/mem" }},
		{"OSFS", func(t *testing.T) (FS, string) { return NewOSFS(), t.TempDir() }},
		{"FaultFS", func(t *testing.T) (FS, string) { return NewFaultFS(), "/fault" }},
	}
}

// levelOf reads a handle's lock level through the unexported accessor every
// implementation has.
func levelOf(t *testing.T, f File) LockLevel {
	t.Helper()
	l, ok := f.(interface{ lockLevel() LockLevel })
	require.True(t, ok, "%T has no lockLevel", f)
	return l.lockLevel()
}

func TestConformance(t *testing.T) {
	for _, target := range conformanceTargets() {
		t.Run(target.name, func(t *testing.T) {
			for _, tc := range conformanceCases {
				t.Run(tc.name, func(t *testing.T) {
					fs, dir := target.new(t)
					// Registered first, so it runs after the handles close.
					t.Cleanup(func() { requireNoLocksLeft(t, fs) })
					tc.run(t, fs, dir)
				})
			}
		})
	}
}

var conformanceCases = []struct {
	name string
	run  func(t *testing.T, fs FS, dir string)
}{
	{"OpenMissing", testOpenMissing},
	{"OpenFlags", testOpenFlags},
	{"CreateExistsRemove", testCreateExistsRemove},
	{"OpenExclusive", testOpenExclusive},
	{"ReadWrite", testReadWrite},
	{"ReadPastEOF", testReadPastEOF},
	{"WriteGapZeroFills", testWriteGap},
	{"Truncate", testTruncate},
	{"NegativeOffsets", testNegativeOffsets},
	{"SharedContent", testSharedContent},
	{"RemoveWhileOpen", testRemoveWhileOpen},
	{"ReadOnlyHandle", testReadOnlyHandle},
	{"Closed", testClosed},
	{"SyncAndSectorSize", testSyncAndSectorSize},
	{"LockTransitions", testLockTransitions},
	{"LockConflicts", testLockConflicts},
	{"ExclusiveWaitsForReaders", testExclusiveWaitsForReaders},
	{"OneReservedAtATime", testOneReserved},
	{"CloseReleasesLocks", testCloseReleasesLocks},
	{"LocksFollowTheFile", testLocksFollowTheFile},
}

func mustOpen(t *testing.T, fs FS, name string, flags OpenFlag) File {
	t.Helper()
	f, err := fs.Open(name, flags)
	require.NoError(t, err)
	t.Cleanup(func() { _ = f.Close() })
	return f
}

func mustWrite(t *testing.T, f File, p []byte, off int64) {
	t.Helper()
	n, err := f.WriteAt(p, off)
	require.NoError(t, err)
	require.Equal(t, len(p), n)
}

// contents reads the whole file through a handle.
func contents(t *testing.T, f File) []byte {
	t.Helper()
	size, err := f.Size()
	require.NoError(t, err)
	buf := make([]byte, size)
	n, err := f.ReadAt(buf, 0)
	if size > 0 {
		require.NoError(t, err)
	}
	require.Equal(t, int(size), n)
	return buf
}

func testOpenMissing(t *testing.T, fs FS, dir string) {
	name := filepath.Join(dir, "missing")
	_, err := fs.Open(name, OpenReadWrite)
	require.ErrorIs(t, err, ErrNotExist)
	_, err = fs.Open(name, OpenReadOnly)
	require.ErrorIs(t, err, ErrNotExist)
	ok, err := fs.Exists(name)
	require.NoError(t, err)
	require.False(t, ok)
	require.ErrorIs(t, fs.Remove(name), ErrNotExist)
}

func testOpenFlags(t *testing.T, fs FS, dir string) {
	name := filepath.Join(dir, "f")
	for _, flags := range []OpenFlag{0, OpenReadOnly | OpenReadWrite, OpenReadOnly | OpenCreate, 1 << 6, OpenReadWrite | OpenExclusive} {
		_, err := fs.Open(name, flags)
		require.ErrorIs(t, err, ErrInvalid, "flags %#x", flags)
	}
	ok, err := fs.Exists(name)
	require.NoError(t, err)
	require.False(t, ok, "a rejected open must not create the file")
	f := mustOpen(t, fs, name, OpenCreate)
	mustWrite(t, f, []byte("x"), 0)
}

// testOpenExclusive: OpenCreate|OpenExclusive creates a missing file and
// fails with ErrExist, changing nothing, on an existing one.
func testOpenExclusive(t *testing.T, fs FS, dir string) {
	name := filepath.Join(dir, "f")
	f := mustOpen(t, fs, name, OpenReadWrite|OpenCreate|OpenExclusive)
	mustWrite(t, f, []byte("hello"), 0)
	_, err := fs.Open(name, OpenReadWrite|OpenCreate|OpenExclusive)
	require.ErrorIs(t, err, ErrExist)
	require.Equal(t, []byte("hello"), contents(t, f), "a refused open leaves the file alone")
	require.NoError(t, f.Close())
	require.NoError(t, fs.Remove(name))
	g := mustOpen(t, fs, name, OpenReadWrite|OpenCreate|OpenExclusive)
	require.Empty(t, contents(t, g), "created anew after the removal")
	require.NoError(t, g.Close())
}

func testCreateExistsRemove(t *testing.T, fs FS, dir string) {
	name := filepath.Join(dir, "f")
	f := mustOpen(t, fs, name, OpenReadWrite|OpenCreate)
	size, err := f.Size()
	require.NoError(t, err)
	require.Zero(t, size)
	mustWrite(t, f, []byte("hello"), 0)
	require.NoError(t, f.Close())

	ok, err := fs.Exists(name)
	require.NoError(t, err)
	require.True(t, ok)

	// Opening an existing file with OpenCreate keeps its content.
	g := mustOpen(t, fs, name, OpenReadWrite|OpenCreate)
	require.Equal(t, []byte("hello"), contents(t, g))
	require.NoError(t, g.Close())

	require.NoError(t, fs.Remove(name))
	ok, err = fs.Exists(name)
	require.NoError(t, err)
	require.False(t, ok)
	require.ErrorIs(t, fs.Remove(name), ErrNotExist)
	require.NoError(t, fs.SyncDir(name))
}

func testReadWrite(t *testing.T, fs FS, dir string) {
	f := mustOpen(t, fs, filepath.Join(dir, "f"), OpenReadWrite|OpenCreate)
	mustWrite(t, f, []byte("0123456789"), 0)
	mustWrite(t, f, []byte("abc"), 4)
	require.Equal(t, []byte("0123abc789"), contents(t, f))

	buf := make([]byte, 3)
	n, err := f.ReadAt(buf, 2)
	require.NoError(t, err)
	require.Equal(t, 3, n)
	require.Equal(t, []byte("23a"), buf)

	// Writes of nothing change nothing.
	n, err = f.WriteAt(nil, 100)
	require.NoError(t, err)
	require.Zero(t, n)
	size, err := f.Size()
	require.NoError(t, err)
	require.EqualValues(t, 10, size)

	// A large write far out, read back in pieces.
	big := bytes.Repeat([]byte{0xA5, 0x5A, 0x01}, 30000)
	mustWrite(t, f, big, 1<<20)
	got := make([]byte, len(big))
	n, err = f.ReadAt(got, 1<<20)
	require.NoError(t, err)
	require.Equal(t, len(big), n)
	require.Equal(t, big, got)
}

func testReadPastEOF(t *testing.T, fs FS, dir string) {
	f := mustOpen(t, fs, filepath.Join(dir, "f"), OpenReadWrite|OpenCreate)
	buf := make([]byte, 4)
	n, err := f.ReadAt(buf, 0)
	require.ErrorIs(t, err, io.EOF, "empty file")
	require.Zero(t, n)

	mustWrite(t, f, []byte("abcdef"), 0)
	n, err = f.ReadAt(buf, 4)
	require.ErrorIs(t, err, io.EOF)
	require.Equal(t, 2, n)
	require.Equal(t, []byte("ef"), buf[:n])

	n, err = f.ReadAt(buf, 6)
	require.ErrorIs(t, err, io.EOF)
	require.Zero(t, n)
	n, err = f.ReadAt(buf, 1000)
	require.ErrorIs(t, err, io.EOF)
	require.Zero(t, n)

	n, err = f.ReadAt(buf, 2)
	require.NoError(t, err, "a read ending exactly at EOF is complete")
	require.Equal(t, 4, n)

	n, err = f.ReadAt(nil, 3)
	require.NoError(t, err)
	require.Zero(t, n)
}

func testWriteGap(t *testing.T, fs FS, dir string) {
	f := mustOpen(t, fs, filepath.Join(dir, "f"), OpenReadWrite|OpenCreate)
	mustWrite(t, f, []byte("ab"), 0)
	mustWrite(t, f, []byte("z"), 9)
	require.Equal(t, []byte("ab\x00\x00\x00\x00\x00\x00\x00z"), contents(t, f))
}

func testTruncate(t *testing.T, fs FS, dir string) {
	f := mustOpen(t, fs, filepath.Join(dir, "f"), OpenReadWrite|OpenCreate)
	mustWrite(t, f, []byte("0123456789"), 0)
	require.NoError(t, f.Truncate(4))
	require.Equal(t, []byte("0123"), contents(t, f))
	// Growing reads as zeros, also where old bytes used to be.
	require.NoError(t, f.Truncate(8))
	require.Equal(t, []byte("0123\x00\x00\x00\x00"), contents(t, f))
	require.NoError(t, f.Truncate(0))
	size, err := f.Size()
	require.NoError(t, err)
	require.Zero(t, size)
	require.ErrorIs(t, f.Truncate(-1), ErrInvalid)
}

func testNegativeOffsets(t *testing.T, fs FS, dir string) {
	f := mustOpen(t, fs, filepath.Join(dir, "f"), OpenReadWrite|OpenCreate)
	_, err := f.WriteAt([]byte("x"), -1)
	require.ErrorIs(t, err, ErrInvalid)
	_, err = f.ReadAt(make([]byte, 1), -1)
	require.ErrorIs(t, err, ErrInvalid)
}

func testSharedContent(t *testing.T, fs FS, dir string) {
	name := filepath.Join(dir, "f")
	a := mustOpen(t, fs, name, OpenReadWrite|OpenCreate)
	b := mustOpen(t, fs, name, OpenReadWrite)
	mustWrite(t, a, []byte("from a"), 0)
	require.Equal(t, []byte("from a"), contents(t, b))
	require.NoError(t, b.Truncate(4))
	require.Equal(t, []byte("from"), contents(t, a))
	// Names are cleaned: dir/./f is dir/f.
	c := mustOpen(t, fs, filepath.Join(dir, ".", "f"), OpenReadOnly)
	require.Equal(t, []byte("from"), contents(t, c))
}

func testRemoveWhileOpen(t *testing.T, fs FS, dir string) {
	name := filepath.Join(dir, "f")
	a := mustOpen(t, fs, name, OpenReadWrite|OpenCreate)
	mustWrite(t, a, []byte("old"), 0)
	require.NoError(t, fs.Remove(name))
	// The open handle still reads and writes the removed file.
	require.Equal(t, []byte("old"), contents(t, a))
	mustWrite(t, a, []byte("er"), 3)
	require.Equal(t, []byte("older"), contents(t, a))
	// A new file of the same name is a different, empty file.
	b := mustOpen(t, fs, name, OpenReadWrite|OpenCreate)
	require.Empty(t, contents(t, b))
	mustWrite(t, b, []byte("new"), 0)
	require.Equal(t, []byte("older"), contents(t, a))
}

func testReadOnlyHandle(t *testing.T, fs FS, dir string) {
	name := filepath.Join(dir, "f")
	w := mustOpen(t, fs, name, OpenReadWrite|OpenCreate)
	mustWrite(t, w, []byte("data"), 0)
	r := mustOpen(t, fs, name, OpenReadOnly)
	require.Equal(t, []byte("data"), contents(t, r))
	_, err := r.WriteAt([]byte("x"), 0)
	require.ErrorIs(t, err, ErrReadOnly)
	require.ErrorIs(t, r.Truncate(0), ErrReadOnly)
	require.NoError(t, r.Lock(LockShared))
	require.ErrorIs(t, r.Lock(LockReserved), ErrReadOnly)
	require.ErrorIs(t, r.Lock(LockExclusive), ErrReadOnly)
	require.Equal(t, LockShared, levelOf(t, r))
	require.NoError(t, r.Sync(SyncData))
	require.Equal(t, []byte("data"), contents(t, w))
}

func testClosed(t *testing.T, fs FS, dir string) {
	f, err := fs.Open(filepath.Join(dir, "f"), OpenReadWrite|OpenCreate)
	require.NoError(t, err)
	require.NoError(t, f.Close())
	_, err = f.ReadAt(make([]byte, 1), 0)
	require.ErrorIs(t, err, ErrClosed)
	_, err = f.WriteAt([]byte("x"), 0)
	require.ErrorIs(t, err, ErrClosed)
	require.ErrorIs(t, f.Truncate(0), ErrClosed)
	require.ErrorIs(t, f.Sync(SyncFull), ErrClosed)
	_, err = f.Size()
	require.ErrorIs(t, err, ErrClosed)
	require.ErrorIs(t, f.Lock(LockShared), ErrClosed)
	require.ErrorIs(t, f.Unlock(LockNone), ErrClosed)
	_, err = f.CheckReservedLock()
	require.ErrorIs(t, err, ErrClosed)
	require.ErrorIs(t, f.Close(), ErrClosed)
}

func testSyncAndSectorSize(t *testing.T, fs FS, dir string) {
	name := filepath.Join(dir, "f")
	f := mustOpen(t, fs, name, OpenReadWrite|OpenCreate)
	mustWrite(t, f, []byte("x"), 0)
	require.NoError(t, f.Sync(SyncData))
	require.NoError(t, f.Sync(SyncFull))
	require.NoError(t, fs.SyncDir(name))
	ss := f.SectorSize()
	require.GreaterOrEqual(t, ss, 512)
	require.Zero(t, ss&(ss-1), "sector size %d is a power of two", ss)
}

// lockPaths reach each level from NONE by legal steps.
var lockPaths = map[LockLevel][]LockLevel{
	LockNone:      nil,
	LockShared:    {LockShared},
	LockReserved:  {LockShared, LockReserved},
	LockPending:   {LockShared, LockPending},
	LockExclusive: {LockShared, LockExclusive},
}

var allLevels = []LockLevel{LockNone, LockShared, LockReserved, LockPending, LockExclusive}

func lockTo(t *testing.T, f File, level LockLevel) {
	t.Helper()
	for _, l := range lockPaths[level] {
		require.NoError(t, f.Lock(l), "on the way to %v", level)
	}
	require.Equal(t, level, levelOf(t, f))
}

// testLockTransitions checks every Lock and Unlock request from every level
// of a lone handle against lockingv3.html.
func testLockTransitions(t *testing.T, fs FS, dir string) {
	name := filepath.Join(dir, "db")
	for _, from := range allLevels {
		for _, to := range allLevels {
			t.Run(fmt.Sprintf("Lock_%v_to_%v", from, to), func(t *testing.T) {
				f, err := fs.Open(name, OpenReadWrite|OpenCreate)
				require.NoError(t, err)
				defer func() { require.NoError(t, f.Close()) }()
				lockTo(t, f, from)
				err = f.Lock(to)
				want := max(from, to)
				illegal := from < to && (from == LockNone && to != LockShared || to == LockReserved && from != LockShared)
				if illegal {
					require.ErrorIs(t, err, ErrLockProtocol)
					want = from
				} else {
					require.NoError(t, err)
				}
				require.Equal(t, want, levelOf(t, f))
				reserved, err := f.CheckReservedLock()
				require.NoError(t, err)
				require.Equal(t, want >= LockReserved, reserved)
			})
			t.Run(fmt.Sprintf("Unlock_%v_to_%v", from, to), func(t *testing.T) {
				f, err := fs.Open(name, OpenReadWrite|OpenCreate)
				require.NoError(t, err)
				defer func() { require.NoError(t, f.Close()) }()
				lockTo(t, f, from)
				err = f.Unlock(to)
				want := min(from, to)
				if to > LockShared {
					require.ErrorIs(t, err, ErrLockProtocol)
					want = from
				} else {
					require.NoError(t, err)
				}
				require.Equal(t, want, levelOf(t, f))
				// After unlocking, another handle sees exactly what is left.
				g, err := fs.Open(name, OpenReadWrite)
				require.NoError(t, err)
				defer func() { require.NoError(t, g.Close()) }()
				if want >= LockPending {
					require.ErrorIs(t, g.Lock(LockShared), ErrBusy)
					return
				}
				require.NoError(t, g.Lock(LockShared))
				if want == LockNone {
					require.NoError(t, g.Lock(LockExclusive))
				} else {
					require.ErrorIs(t, g.Lock(LockExclusive), ErrBusy)
				}
			})
		}
	}
	require.ErrorIs(t, mustOpen(t, fs, name, OpenReadWrite).Lock(LockLevel(9)), ErrLockProtocol)
}

// testLockConflicts holds each level in handle a and tries each request
// from handle b.
func testLockConflicts(t *testing.T, fs FS, dir string) {
	name := filepath.Join(dir, "db")
	for _, held := range allLevels {
		t.Run("a_holds_"+held.String(), func(t *testing.T) {
			a := mustOpen(t, fs, name, OpenReadWrite|OpenCreate)
			b := mustOpen(t, fs, name, OpenReadWrite|OpenCreate)
			lockTo(t, a, held)

			reserved, err := b.CheckReservedLock()
			require.NoError(t, err)
			require.Equal(t, held >= LockReserved, reserved, "CheckReservedLock")

			err = b.Lock(LockShared)
			if held >= LockPending {
				require.ErrorIs(t, err, ErrBusy, "new SHARED while %v", held)
				require.Equal(t, LockNone, levelOf(t, b))
				return
			}
			require.NoError(t, err)
			for _, want := range []LockLevel{LockReserved, LockPending} {
				err = b.Lock(want)
				if held >= LockReserved {
					require.ErrorIs(t, err, ErrBusy, "%v while %v", want, held)
					require.Equal(t, LockShared, levelOf(t, b))
				} else {
					require.NoError(t, err, "%v while %v", want, held)
					require.NoError(t, b.Unlock(LockShared))
				}
			}
			err = b.Lock(LockExclusive)
			switch held {
			case LockNone:
				require.NoError(t, err)
				require.Equal(t, LockExclusive, levelOf(t, b))
			case LockShared:
				require.ErrorIs(t, err, ErrBusy)
				require.Equal(t, LockPending, levelOf(t, b), "PENDING is kept")
			case LockReserved:
				require.ErrorIs(t, err, ErrBusy)
				require.Equal(t, LockShared, levelOf(t, b))
			}
			// a keeps what it had.
			require.Equal(t, held, levelOf(t, a))
		})
	}
}

// testExclusiveWaitsForReaders walks the commit path of lockingv3.html with
// two readers.
func testExclusiveWaitsForReaders(t *testing.T, fs FS, dir string) {
	name := filepath.Join(dir, "db")
	w := mustOpen(t, fs, name, OpenReadWrite|OpenCreate)
	r := mustOpen(t, fs, name, OpenReadWrite)
	late := mustOpen(t, fs, name, OpenReadWrite)

	require.NoError(t, w.Lock(LockShared))
	require.NoError(t, r.Lock(LockShared))
	require.NoError(t, w.Lock(LockReserved))
	// RESERVED lets new readers in.
	require.NoError(t, late.Lock(LockShared))
	require.NoError(t, late.Unlock(LockNone))

	require.ErrorIs(t, w.Lock(LockExclusive), ErrBusy)
	require.Equal(t, LockPending, levelOf(t, w))
	// PENDING keeps new readers out, lets the old one finish.
	require.ErrorIs(t, late.Lock(LockShared), ErrBusy)
	buf := make([]byte, 1)
	_, _ = r.ReadAt(buf, 0)
	require.ErrorIs(t, w.Lock(LockExclusive), ErrBusy, "reader still there")
	require.NoError(t, r.Unlock(LockNone))
	require.NoError(t, w.Lock(LockExclusive))
	require.Equal(t, LockExclusive, levelOf(t, w))
	require.ErrorIs(t, r.Lock(LockShared), ErrBusy)

	// Downgrade to SHARED: readers may come back, writers may not jump in
	// ahead of a RESERVED request.
	require.NoError(t, w.Unlock(LockShared))
	require.NoError(t, r.Lock(LockShared))
	require.NoError(t, late.Lock(LockShared))
	reserved, err := r.CheckReservedLock()
	require.NoError(t, err)
	require.False(t, reserved)
	require.NoError(t, w.Unlock(LockNone))
	require.NoError(t, r.Unlock(LockNone))
	require.NoError(t, late.Lock(LockExclusive))
}

func testOneReserved(t *testing.T, fs FS, dir string) {
	name := filepath.Join(dir, "db")
	a := mustOpen(t, fs, name, OpenReadWrite|OpenCreate)
	b := mustOpen(t, fs, name, OpenReadWrite)
	require.NoError(t, a.Lock(LockShared))
	require.NoError(t, b.Lock(LockShared))
	require.NoError(t, a.Lock(LockReserved))
	require.ErrorIs(t, b.Lock(LockReserved), ErrBusy)
	require.ErrorIs(t, b.Lock(LockExclusive), ErrBusy)
	require.Equal(t, LockShared, levelOf(t, b))
	require.NoError(t, a.Unlock(LockShared))
	reserved, err := b.CheckReservedLock()
	require.NoError(t, err)
	require.False(t, reserved)
	require.NoError(t, b.Lock(LockReserved))
	require.ErrorIs(t, a.Lock(LockReserved), ErrBusy)
}

func testCloseReleasesLocks(t *testing.T, fs FS, dir string) {
	name := filepath.Join(dir, "db")
	a, err := fs.Open(name, OpenReadWrite|OpenCreate)
	require.NoError(t, err)
	b := mustOpen(t, fs, name, OpenReadWrite)
	lockTo(t, a, LockExclusive)
	require.ErrorIs(t, b.Lock(LockShared), ErrBusy)
	require.NoError(t, a.Close())
	require.NoError(t, b.Lock(LockShared))
	require.NoError(t, b.Lock(LockExclusive))
}

// testLocksFollowTheFile: closing a handle that holds nothing must not drop
// the locks of another handle on the same file (on POSIX it would, without
// the deferred close of the descriptor).
func testLocksFollowTheFile(t *testing.T, fs FS, dir string) {
	name := filepath.Join(dir, "db")
	a := mustOpen(t, fs, name, OpenReadWrite|OpenCreate)
	lockTo(t, a, LockReserved)
	for range 3 {
		c, err := fs.Open(name, OpenReadWrite)
		require.NoError(t, err)
		require.NoError(t, c.Lock(LockShared))
		require.NoError(t, c.Close())
	}
	b := mustOpen(t, fs, name, OpenReadWrite)
	require.NoError(t, b.Lock(LockShared))
	require.ErrorIs(t, b.Lock(LockReserved), ErrBusy)
	reserved, err := b.CheckReservedLock()
	require.NoError(t, err)
	require.True(t, reserved)
}

// requireNoLocksLeft checks, once every handle is closed, that no lock
// outlived its handle and that the lock tables are consistent.
func requireNoLocksLeft(t *testing.T, fs FS) {
	t.Helper()
	check := func(name string, s *lockState) {
		require.Zero(t, s.shared, "%s: SHARED holders left", name)
		require.Nil(t, s.writer, "%s: writer left", name)
		require.Equal(t, LockNone, s.writerLevel, "%s", name)
	}
	switch fs := fs.(type) {
	case *MemFS:
		fs.mu.Lock()
		defer fs.mu.Unlock()
		for name, n := range fs.files {
			n.lockMu.Lock()
			check(name, &n.locks)
			n.lockMu.Unlock()
		}
	case *FaultFS:
		fs.mu.Lock()
		defer fs.mu.Unlock()
		for _, m := range []map[string]*faultNode{fs.files, fs.durable} {
			for name, n := range m {
				check(name, &n.locks)
			}
		}
	case *OSFS:
		inodes.mu.Lock()
		defer inodes.mu.Unlock()
		require.Empty(t, inodes.m, "inodes still tracked after every handle closed")
	default:
		t.Fatalf("no lock check for %T", fs)
	}
}
