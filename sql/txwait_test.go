package sql

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/walrusdb/walrus/internal/vfs"
	"github.com/walrusdb/walrus/pager"
)

// TestFirstWriteInTransactionWaits: BEGIN IMMEDIATE, and a deferred
// transaction whose first statement writes, wait for another writer's
// RESERVED lock (busy_timeout) instead of failing busy at once, even on a
// connection that must load the schema first: the schema load is no read
// of the transaction (what GORM's pool of connections running
// db.Transaction concurrently needs).
func TestFirstWriteInTransactionWaits(t *testing.T) {
	for _, begin := range []string{"BEGIN; INSERT INTO t(v) VALUES('b')", "BEGIN IMMEDIATE; INSERT INTO t(v) VALUES('b')"} {
		t.Run(begin, func(t *testing.T) { testTransactionWaits(t, begin) })
	}
}

func testTransactionWaits(t *testing.T, begin string) {
	fs := vfs.NewMemFS()
	opts := OpenOptions{Create: true, Pager: pager.Options{BusyTimeout: 5 * time.Second}}
	a, err := Open(fs, "db", opts)
	require.NoError(t, err)
	defer a.Close()
	_, err = run(t, a, "CREATE TABLE t(id INT PRIMARY KEY AUTO_INCREMENT, v VARCHAR(10)); CREATE TABLE u(x INT)")
	require.NoError(t, err)
	b, err := Open(fs, "db", opts) // no schema loaded yet
	require.NoError(t, err)
	defer b.Close()

	_, err = run(t, a, "BEGIN; INSERT INTO t(v) VALUES('a')")
	require.NoError(t, err)
	done := make(chan error, 1)
	go func() {
		_, err := run(t, b, begin+"; COMMIT")
		done <- err
	}()
	select {
	case err := <-done:
		t.Fatalf("b's INSERT did not wait for a's transaction: %v", err)
	case <-time.After(100 * time.Millisecond):
	}
	_, err = run(t, a, "COMMIT")
	require.NoError(t, err)
	require.NoError(t, <-done)
	got, err := run(t, a, "SELECT group_concat(v ORDER BY id) FROM t")
	require.NoError(t, err)
	require.Equal(t, []string{"a,b"}, got)
}
