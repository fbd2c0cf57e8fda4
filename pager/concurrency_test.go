package pager

import (
	"encoding/binary"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/walrusdb/walrus/internal/vfs"
)

// TestConcurrentWritersAndReaders runs writers that increment a counter
// kept in two pages (2 and 3, always written together) and readers that
// check the two pages agree, each on its own Pager over one file. Locks
// must serialise the writers (no lost update) and isolate the readers
// (never half a transaction).
func TestConcurrentWritersAndReaders(t *testing.T) {
	fs := vfs.NewMemFS()
	setup := mustOpen(t, fs, "cc.db", Options{})
	writeTxn(t, setup, 2, 1)
	require.NoError(t, increment(setup)) // both counters start equal
	start, _, err := readCounters(setup)
	require.NoError(t, err)
	require.NoError(t, setup.Close())

	const writers, readers, perWriter = 3, 2, 30
	var wg sync.WaitGroup
	errs := make(chan error, writers+readers)
	stop := make(chan struct{})
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p, err := Open(fs, "cc.db", Options{BusyTimeout: 5 * time.Second, CacheSize: 10 + w})
			if err != nil {
				errs <- err
				return
			}
			defer p.Close()
			for done := 0; done < perWriter; {
				err := increment(p)
				if errors.Is(err, ErrBusy) {
					continue
				}
				if err != nil {
					errs <- err
					return
				}
				done++
			}
		}()
	}
	var rwg sync.WaitGroup
	for range readers {
		rwg.Add(1)
		go func() {
			defer rwg.Done()
			p, err := Open(fs, "cc.db", Options{BusyTimeout: 5 * time.Second})
			if err != nil {
				errs <- err
				return
			}
			defer p.Close()
			for {
				select {
				case <-stop:
					return
				default:
				}
				a, b, err := readCounters(p)
				if err != nil {
					errs <- err
					return
				}
				if a != b {
					errs <- errors.New("reader saw half a transaction")
					return
				}
			}
		}()
	}
	wg.Wait()
	close(stop)
	rwg.Wait()
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}
	p := mustOpen(t, fs, "cc.db", Options{})
	a, b, err := readCounters(p)
	require.NoError(t, err)
	require.Equal(t, a, b)
	require.Equal(t, start+writers*perWriter, a, "no lost update")
}

func increment(p *Pager) (err error) {
	if err := p.BeginRead(bg); err != nil {
		return err
	}
	defer func() {
		if err != nil {
			_ = p.Rollback()
		}
		_ = p.EndRead()
	}()
	if err := p.BeginWrite(bg, false); err != nil {
		return err
	}
	var n uint32
	for _, pgno := range []uint32{2, 3} {
		pg, err := p.Get(pgno)
		if err != nil {
			return err
		}
		if err := p.Write(pg); err != nil {
			pg.Release()
			return err
		}
		if pgno == 2 {
			n = binary.BigEndian.Uint32(pg.Data()) + 1
		}
		binary.BigEndian.PutUint32(pg.Data(), n)
		pg.Release()
	}
	if err := p.CommitPhaseOne(); err != nil {
		return err
	}
	return p.CommitPhaseTwo()
}

func readCounters(p *Pager) (a, b uint32, err error) {
	if err := p.BeginRead(bg); err != nil {
		return 0, 0, err
	}
	defer p.EndRead()
	for i, pgno := range []uint32{2, 3} {
		pg, err := p.Get(pgno)
		if err != nil {
			return 0, 0, err
		}
		v := binary.BigEndian.Uint32(pg.Data())
		pg.Release()
		if i == 0 {
			a = v
		} else {
			b = v
		}
	}
	return a, b, nil
}
