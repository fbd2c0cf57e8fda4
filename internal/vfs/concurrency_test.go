package vfs

import (
	"encoding/binary"
	"errors"
	"io"
	"path/filepath"
	"runtime"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestLocksExcludeConcurrently has goroutines, each with its own handle,
// increment a counter kept in the file under EXCLUSIVE while others read it
// twice under SHARED. If the locks ever let a writer in beside a reader or
// another writer, a reader sees the counter move or an increment is lost.
func TestLocksExcludeConcurrently(t *testing.T) {
	for _, target := range conformanceTargets() {
		t.Run(target.name, func(t *testing.T) {
			fs, dir := target.new(t)
			name := filepath.Join(dir, "counter")
			const workers, rounds = 4, 50
			var (
				wg     sync.WaitGroup
				mu     sync.Mutex
				errs   []error
				writes int
			)
			fail := func(err error) {
				mu.Lock()
				errs = append(errs, err)
				mu.Unlock()
			}
			for w := range workers {
				wg.Add(1)
				go func() {
					defer wg.Done()
					f, err := fs.Open(name, OpenReadWrite|OpenCreate)
					if err != nil {
						fail(err)
						return
					}
					defer f.Close()
					reads, wrote := 0, 0
					for i := 0; reads+wrote < 2*rounds; i++ {
						write := wrote < rounds && (reads == rounds || (w+i)%2 == 0)
						ok, err := lockedRound(f, write)
						if err != nil {
							fail(err)
							return
						}
						switch {
						case !ok:
							runtime.Gosched()
						case write:
							wrote++
						default:
							reads++
						}
					}
					mu.Lock()
					writes += wrote
					mu.Unlock()
				}()
			}
			wg.Wait()
			require.Empty(t, errs)
			require.Equal(t, workers*rounds, writes)
			f := mustOpen(t, fs, name, OpenReadOnly)
			require.EqualValues(t, writes, readCounter(t, f))
		})
	}
}

// lockedRound does one read or write section; ok=false means busy.
func lockedRound(f File, write bool) (ok bool, err error) {
	if err := f.Lock(LockShared); err != nil {
		return false, busyIsNotAnError(err)
	}
	defer func() {
		if uerr := f.Unlock(LockNone); uerr != nil && err == nil {
			err = uerr
		}
	}()
	before, err := counterAt(f)
	if err != nil {
		return false, err
	}
	if !write {
		runtime.Gosched()
		after, err := counterAt(f)
		if err != nil {
			return false, err
		}
		if after != before {
			return false, errors.New("counter changed under a SHARED lock")
		}
		return true, nil
	}
	if err := f.Lock(LockReserved); err != nil {
		return false, busyIsNotAnError(err)
	}
	if err := f.Lock(LockExclusive); err != nil {
		return false, busyIsNotAnError(err)
	}
	now, err := counterAt(f)
	if err != nil {
		return false, err
	}
	runtime.Gosched()
	var buf [8]byte
	binary.LittleEndian.PutUint64(buf[:], now+1)
	_, err = f.WriteAt(buf[:], 0)
	return err == nil, err
}

func busyIsNotAnError(err error) error {
	if errors.Is(err, ErrBusy) {
		return nil
	}
	return err
}

func counterAt(f File) (uint64, error) {
	var buf [8]byte
	if _, err := f.ReadAt(buf[:], 0); err != nil && !errors.Is(err, io.EOF) {
		return 0, err
	}
	return binary.LittleEndian.Uint64(buf[:]), nil
}

func readCounter(t *testing.T, f File) uint64 {
	t.Helper()
	n, err := counterAt(f)
	require.NoError(t, err)
	return n
}
