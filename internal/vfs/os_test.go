package vfs

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/stretchr/testify/require"
)

// The OS FS is also covered by TestConformance. The tests here need a second
// process: this test binary run as a lock helper, or the sqlite3 CLI.

const helperEnv = "WALRUS_VFS_LOCK_HELPER"

// TestLockHelperProcess is not a test: it is the other process of the
// cross-process tests. It opens the file named by helperEnv through OSFS and
// answers one command per line on stdin: "lock N", "unlock N", "level",
// "check", "probe START LEN" (F_GETLK for a write lock: who holds what).
func TestLockHelperProcess(t *testing.T) {
	name := os.Getenv(helperEnv)
	if name == "" {
		t.Skip("run by the cross-process tests only")
	}
	f, err := NewOSFS().Open(name, OpenReadWrite)
	if err != nil {
		fmt.Println("err", err)
		os.Exit(1)
	}
	fmt.Println("ready")
	in := bufio.NewScanner(os.Stdin)
	for in.Scan() {
		fmt.Println(helperCommand(f, strings.Fields(in.Text())))
	}
	os.Exit(0)
}

func helperCommand(f File, args []string) string {
	num := func(i int) int64 {
		n, _ := strconv.ParseInt(args[i], 10, 64)
		return n
	}
	result := func(err error) string {
		switch {
		case err == nil:
			return "ok"
		case strings.Contains(err.Error(), ErrBusy.Error()):
			return "busy"
		}
		return "err " + err.Error()
	}
	switch args[0] {
	case "lock":
		return result(f.Lock(LockLevel(num(1))))
	case "unlock":
		return result(f.Unlock(LockLevel(num(1))))
	case "level":
		return f.(*osFile).lockLevel().String()
	case "check":
		r, err := f.CheckReservedLock()
		if err != nil {
			return result(err)
		}
		return strconv.FormatBool(r)
	case "probe":
		lk := syscall.Flock_t{Type: syscall.F_WRLCK, Whence: io.SeekStart, Start: num(1), Len: num(2)}
		if err := syscall.FcntlFlock(uintptr(f.(*osFile).fd), syscall.F_GETLK, &lk); err != nil {
			return result(err)
		}
		return map[int16]string{syscall.F_UNLCK: "unlocked", syscall.F_RDLCK: "read", syscall.F_WRLCK: "write"}[lk.Type]
	}
	return "err unknown command " + args[0]
}

// lockHelper drives a helper process.
type lockHelper struct {
	in  io.WriteCloser
	out *bufio.Scanner
}

func startLockHelper(t *testing.T, name string) *lockHelper {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestLockHelperProcess$", "-test.count=1")
	cmd.Env = append(os.Environ(), helperEnv+"="+name)
	cmd.Stderr = os.Stderr
	in, err := cmd.StdinPipe()
	require.NoError(t, err)
	out, err := cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	h := &lockHelper{in: in, out: bufio.NewScanner(out)}
	t.Cleanup(func() {
		_ = in.Close()
		_ = cmd.Wait()
	})
	require.True(t, h.out.Scan(), "helper did not start")
	require.Equal(t, "ready", h.out.Text())
	return h
}

func (h *lockHelper) do(t *testing.T, format string, args ...any) string {
	t.Helper()
	_, err := fmt.Fprintf(h.in, format+"\n", args...)
	require.NoError(t, err)
	require.True(t, h.out.Scan(), "helper died")
	return h.out.Text()
}

// lockActor is one side of a two-party lock test: a handle in this process
// or the helper process.
type lockActor interface {
	lock(t *testing.T, l LockLevel) string // "ok", "busy" or "err ..."
	unlock(t *testing.T, l LockLevel) string
	level(t *testing.T) LockLevel
	checkReserved(t *testing.T) bool
}

type localActor struct{ f File }

func outcome(err error) string {
	switch {
	case err == nil:
		return "ok"
	case strings.Contains(err.Error(), ErrBusy.Error()):
		return "busy"
	}
	return "err " + err.Error()
}

func (a localActor) lock(t *testing.T, l LockLevel) string   { return outcome(a.f.Lock(l)) }
func (a localActor) unlock(t *testing.T, l LockLevel) string { return outcome(a.f.Unlock(l)) }
func (a localActor) level(t *testing.T) LockLevel            { return levelOf(t, a.f) }
func (a localActor) checkReserved(t *testing.T) bool {
	r, err := a.f.CheckReservedLock()
	require.NoError(t, err)
	return r
}

type remoteActor struct{ h *lockHelper }

func (a remoteActor) lock(t *testing.T, l LockLevel) string   { return a.h.do(t, "lock %d", l) }
func (a remoteActor) unlock(t *testing.T, l LockLevel) string { return a.h.do(t, "unlock %d", l) }
func (a remoteActor) level(t *testing.T) LockLevel {
	s := a.h.do(t, "level")
	for _, l := range allLevels {
		if l.String() == s {
			return l
		}
	}
	t.Fatalf("helper level %q", s)
	return 0
}
func (a remoteActor) checkReserved(t *testing.T) bool {
	s := a.h.do(t, "check")
	require.Contains(t, []string{"true", "false"}, s)
	return s == "true"
}

func newDBFile(t *testing.T) string {
	t.Helper()
	name := filepath.Join(t.TempDir(), "db")
	f, err := NewOSFS().Open(name, OpenReadWrite|OpenCreate)
	require.NoError(t, err)
	require.NoError(t, f.Close())
	return name
}

// lockBytes is what another process sees on SQLite's lock bytes.
type lockBytes struct{ pending, reserved, shared string }

// probeLockBytes asks the helper about each lock byte, with SQLite's offsets
// spelled out (src/os.h) rather than taken from os.go. The shared range
// must be locked as a whole, and nothing around the lock bytes.
func probeLockBytes(t *testing.T, h *lockHelper) lockBytes {
	t.Helper()
	const pending, reserved, first, last = 0x40000000, 0x40000001, 0x40000002, 0x40000002 + 509
	got := lockBytes{
		pending:  h.do(t, "probe %d 1", pending),
		reserved: h.do(t, "probe %d 1", reserved),
		shared:   h.do(t, "probe %d 1", first),
	}
	require.Equal(t, got.shared, h.do(t, "probe %d 1", last), "last byte of the shared range")
	require.Equal(t, got.shared, h.do(t, "probe %d 510", first), "the shared range")
	require.Equal(t, "unlocked", h.do(t, "probe 0 %d", pending), "below the lock bytes")
	require.Equal(t, "unlocked", h.do(t, "probe %d 0", last+1), "above the lock bytes")
	return got
}

// TestOSLockBytes checks which of SQLite's lock bytes each level holds, as
// another process sees them through F_GETLK (V10).
func TestOSLockBytes(t *testing.T) {
	name := newDBFile(t)
	h := startLockHelper(t, name)
	f := mustOpen(t, NewOSFS(), name, OpenReadWrite)
	cases := []struct {
		path []LockLevel
		want lockBytes
	}{
		{nil, lockBytes{"unlocked", "unlocked", "unlocked"}},
		{[]LockLevel{LockShared}, lockBytes{"unlocked", "unlocked", "read"}},
		{[]LockLevel{LockShared, LockReserved}, lockBytes{"unlocked", "write", "read"}},
		{[]LockLevel{LockShared, LockPending}, lockBytes{"write", "unlocked", "read"}},
		{[]LockLevel{LockShared, LockReserved, LockPending}, lockBytes{"write", "write", "read"}},
		{[]LockLevel{LockShared, LockExclusive}, lockBytes{"write", "unlocked", "write"}},
		{[]LockLevel{LockShared, LockReserved, LockExclusive}, lockBytes{"write", "write", "write"}},
	}
	for _, tc := range cases {
		t.Run(fmt.Sprint(tc.path), func(t *testing.T) {
			for _, l := range tc.path {
				require.NoError(t, f.Lock(l))
			}
			require.Equal(t, tc.want, probeLockBytes(t, h))
			if len(tc.path) > 1 {
				require.NoError(t, f.Unlock(LockShared))
				require.Equal(t, lockBytes{"unlocked", "unlocked", "read"}, probeLockBytes(t, h), "after Unlock(SHARED)")
			}
			require.NoError(t, f.Unlock(LockNone))
			require.Equal(t, "unlocked", h.do(t, "probe 0 0"), "after Unlock(NONE)")
		})
	}
}

// TestOSCrossProcessConflicts runs the conflict matrix between this process
// and the helper, in both directions. The expectations differ from the
// in-process ones (testLockConflicts) only where SQLite's unix VFS does:
// PENDING is a byte of its own, so it can be taken beside another process's
// RESERVED, and CheckReservedLock sees only the RESERVED byte.
func TestOSCrossProcessConflicts(t *testing.T) {
	type expect struct {
		reserved  bool   // other's CheckReservedLock
		shared    string // other's Lock(SHARED)
		res, pend string // other's Lock(RESERVED), Lock(PENDING), each undone after
		excl      string // other's Lock(EXCLUSIVE)
		exclLevel LockLevel
	}
	cases := []struct {
		path []LockLevel
		want expect
	}{
		{nil, expect{false, "ok", "ok", "ok", "ok", LockExclusive}},
		{[]LockLevel{LockShared}, expect{false, "ok", "ok", "ok", "busy", LockPending}},
		{[]LockLevel{LockShared, LockReserved}, expect{true, "ok", "busy", "ok", "busy", LockPending}},
		{[]LockLevel{LockShared, LockPending}, expect{false, "busy", "", "", "", LockNone}},
		{[]LockLevel{LockShared, LockReserved, LockExclusive}, expect{true, "busy", "", "", "", LockNone}},
		{[]LockLevel{LockShared, LockExclusive}, expect{false, "busy", "", "", "", LockNone}},
	}
	name := newDBFile(t)
	local := localActor{mustOpen(t, NewOSFS(), name, OpenReadWrite)}
	remote := remoteActor{startLockHelper(t, name)}
	for _, dir := range []struct {
		name        string
		holder, req lockActor
	}{{"local_holds", local, remote}, {"remote_holds", remote, local}} {
		for _, tc := range cases {
			t.Run(fmt.Sprintf("%s_%v", dir.name, tc.path), func(t *testing.T) {
				a, b := dir.holder, dir.req
				for _, l := range tc.path {
					require.Equal(t, "ok", a.lock(t, l))
				}
				var got expect
				got.reserved = b.checkReserved(t)
				got.shared = b.lock(t, LockShared)
				if got.shared == "ok" {
					got.res = b.lock(t, LockReserved)
					require.Equal(t, "ok", b.unlock(t, LockShared))
					got.pend = b.lock(t, LockPending)
					require.Equal(t, "ok", b.unlock(t, LockShared))
					got.excl = b.lock(t, LockExclusive)
				}
				got.exclLevel = b.level(t)
				require.Equal(t, tc.want, got)
				wantHeld := LockNone
				if len(tc.path) > 0 {
					wantHeld = tc.path[len(tc.path)-1]
				}
				require.Equal(t, wantHeld, a.level(t), "the holder keeps its lock")
				require.Equal(t, "ok", b.unlock(t, LockNone))
				require.Equal(t, "ok", a.unlock(t, LockNone))
			})
		}
	}
}

// TestOSCloseKeepsOtherHandlesLocks: closing a handle must not drop the
// locks other handles of this process hold, though close(2) would (V9).
func TestOSCloseKeepsOtherHandlesLocks(t *testing.T) {
	fs := NewOSFS()
	name := newDBFile(t)
	h := startLockHelper(t, name)
	fdsBefore := openFDs(t)

	a, err := fs.Open(name, OpenReadWrite)
	require.NoError(t, err)
	require.NoError(t, a.Lock(LockShared))
	for _, lock := range []bool{true, false} {
		b, err := fs.Open(name, OpenReadWrite)
		require.NoError(t, err)
		if lock {
			require.NoError(t, b.Lock(LockShared))
		}
		require.NoError(t, b.Close())
	}
	require.Equal(t, "read", h.do(t, "probe %d %d", sharedFirst, sharedSize))
	require.Equal(t, "ok", h.do(t, "lock %d", LockShared))
	require.Equal(t, "busy", h.do(t, "lock %d", LockExclusive))
	require.Equal(t, "PENDING", h.do(t, "level"))
	require.Equal(t, "ok", h.do(t, "unlock %d", LockNone))

	inodes.mu.Lock()
	in := a.(*osFile).in
	require.Len(t, in.unused, 2, "both descriptors wait for the lock to go")
	require.Equal(t, 1, in.refs)
	inodes.mu.Unlock()

	require.NoError(t, a.Unlock(LockNone))
	inodes.mu.Lock()
	require.Empty(t, in.unused, "closed once no lock is held")
	inodes.mu.Unlock()
	require.Equal(t, "ok", h.do(t, "lock %d", LockShared))
	require.Equal(t, "ok", h.do(t, "lock %d", LockExclusive))
	require.Equal(t, "ok", h.do(t, "unlock %d", LockNone))

	require.NoError(t, a.Close())
	inodes.mu.Lock()
	_, tracked := inodes.m[in.key]
	inodes.mu.Unlock()
	require.False(t, tracked, "the inode leaves the table with its last handle")
	require.Equal(t, fdsBefore, openFDs(t), "no descriptor leaked")
}

func openFDs(t *testing.T) int {
	t.Helper()
	entries, err := os.ReadDir("/proc/self/fd")
	require.NoError(t, err)
	return len(entries)
}

// TestOSInodeTableIsPerProcess: POSIX locks belong to the process and the
// inode, so handles from two OSFS values and through a second path (a
// symlink) to one file must see each other's locks, and closing one must
// not drop the other's.
func TestOSInodeTableIsPerProcess(t *testing.T) {
	name := newDBFile(t)
	link := filepath.Join(t.TempDir(), "link")
	require.NoError(t, os.Symlink(name, link))
	h := startLockHelper(t, name)

	a := mustOpen(t, NewOSFS(), name, OpenReadWrite)
	lockTo(t, a, LockReserved)
	b, err := NewOSFS().Open(link, OpenReadWrite)
	require.NoError(t, err)
	require.NoError(t, b.Lock(LockShared))
	require.ErrorIs(t, b.Lock(LockReserved), ErrBusy)
	reserved, err := b.CheckReservedLock()
	require.NoError(t, err)
	require.True(t, reserved)
	require.NoError(t, b.Close())
	require.Equal(t, lockBytes{"unlocked", "write", "read"}, probeLockBytes(t, h), "a's locks survive b's close")
	require.NoError(t, a.Unlock(LockNone))
	require.Equal(t, lockBytes{"unlocked", "unlocked", "unlocked"}, probeLockBytes(t, h))
}
