package walrus_test

import (
	"fmt"
	"path/filepath"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestManyReadersOneWriter is the pattern most "database is locked"
// reports against Go SQLite drivers come from: one *sql.DB on a file,
// several goroutines reading while one writes in autocommit, with the
// default settings (rollback journal, busy_timeout 5000 ms). No statement
// may fail, and every reader sees a count that only grows.
func TestManyReadersOneWriter(t *testing.T) {
	db := openDB(t, filepath.Join(t.TempDir(), "rw.db"))
	db.SetMaxOpenConns(6)
	_, err := db.Exec("CREATE TABLE t(id INT PRIMARY KEY AUTO_INCREMENT, v VARCHAR(20))")
	require.NoError(t, err)

	const writes, readers = 200, 4
	var wg sync.WaitGroup
	errs := make(chan error, readers+1)
	done := make(chan struct{})
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer close(done)
		for i := 0; i < writes; i++ {
			if _, err := db.Exec("INSERT INTO t(v) VALUES(?)", fmt.Sprint("row", i)); err != nil {
				errs <- fmt.Errorf("write %d: %w", i, err)
				return
			}
		}
	}()
	for r := 0; r < readers; r++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			last := 0
			for {
				select {
				case <-done:
					return
				default:
				}
				var n int
				if err := db.QueryRow("SELECT COUNT(*) FROM t").Scan(&n); err != nil {
					errs <- fmt.Errorf("read: %w", err)
					return
				}
				if n < last {
					errs <- fmt.Errorf("count went back from %d to %d", last, n)
					return
				}
				last = n
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}
	var n int
	require.NoError(t, db.QueryRow("SELECT COUNT(*) FROM t").Scan(&n))
	require.Equal(t, writes, n)
}
