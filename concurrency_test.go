package walrus_test

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

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

// TestCancelWhileWaitingForLock: a statement waiting for another
// connection's write lock stops when its context ends, long before
// busy_timeout (5 s by default) would, and returns the context's error.
func TestCancelWhileWaitingForLock(t *testing.T) {
	db := openDB(t, filepath.Join(t.TempDir(), "lock.db"))
	_, err := db.Exec("CREATE TABLE t(a INT)")
	require.NoError(t, err)
	tx, err := db.Begin()
	require.NoError(t, err)
	_, err = tx.Exec("INSERT INTO t VALUES(1)") // holds the write lock
	require.NoError(t, err)

	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err = db.ExecContext(ctx, "INSERT INTO t VALUES(2)")
	require.ErrorIs(t, err, context.DeadlineExceeded)
	require.Less(t, time.Since(start), 4*time.Second, "the wait ended with the context, not with busy_timeout")

	require.NoError(t, tx.Commit())
	_, err = db.Exec("INSERT INTO t VALUES(3)")
	require.NoError(t, err, "the pool is usable afterwards")
}

// TestMultiRowLastInsertID: MySQL's LastInsertId of a multi-row INSERT is
// the first row's id, and the ids of one statement are consecutive (ORMs
// fill in a batch's ids from it).
func TestMultiRowLastInsertID(t *testing.T) {
	db := openDB(t, ":memory:")
	_, err := db.Exec("CREATE TABLE t(id BIGINT UNSIGNED PRIMARY KEY AUTO_INCREMENT, v INT)")
	require.NoError(t, err)
	_, err = db.Exec("INSERT INTO t(v) VALUES(1),(2)")
	require.NoError(t, err)
	res, err := db.Exec("INSERT INTO t(v) VALUES(3),(4),(5)")
	require.NoError(t, err)
	id, err := res.LastInsertId()
	require.NoError(t, err)
	require.EqualValues(t, 3, id)
	rows, err := db.Query("SELECT id FROM t WHERE v >= 3 ORDER BY v")
	require.NoError(t, err)
	defer rows.Close()
	want := id
	for rows.Next() {
		var got int64
		require.NoError(t, rows.Scan(&got))
		require.Equal(t, want, got)
		want++
	}
	require.NoError(t, rows.Err())
	require.EqualValues(t, 6, want)
}
