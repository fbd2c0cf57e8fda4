package walrus_test

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/walrusdb/walrus"
)

func openDB(t *testing.T, dsn string) *sql.DB {
	t.Helper()
	db, err := sql.Open("walrus", dsn)
	require.NoError(t, err)
	t.Cleanup(func() { assert.NoError(t, db.Close()) })
	return db
}

func tempPath(t *testing.T) string {
	return filepath.Join(t.TempDir(), "test.db")
}

func requireCode(t *testing.T, err error, code walrus.ErrorCode) *walrus.Error {
	t.Helper()
	require.Error(t, err)
	var we *walrus.Error
	require.True(t, errors.As(err, &we), "want a *walrus.Error, got %T: %v", err, err)
	assert.Equal(t, code, we.Code, "error: %v", err)
	assert.True(t, errors.Is(err, code))
	return we
}

func TestCreateInsertQuery(t *testing.T) {
	db := openDB(t, tempPath(t))
	_, err := db.Exec("CREATE TABLE t(id BIGINT PRIMARY KEY, name VARCHAR(20), score DOUBLE, d DECIMAL(10,4), b BLOB)")
	require.NoError(t, err)
	res, err := db.Exec("INSERT INTO t VALUES(?, ?, ?, ?, ?)", 1, "ann", 2.5, "3.5", []byte{0, 1, 2})
	require.NoError(t, err)
	n, err := res.RowsAffected()
	require.NoError(t, err)
	assert.EqualValues(t, 1, n)
	_, err = db.Exec("INSERT INTO t(id) VALUES(2)")
	require.NoError(t, err)

	rows, err := db.Query("SELECT id, name, score, d, b FROM t ORDER BY id")
	require.NoError(t, err)
	defer rows.Close()
	var got [][]any
	for rows.Next() {
		vals := make([]any, 5)
		ptrs := make([]any, 5)
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		require.NoError(t, rows.Scan(ptrs...))
		got = append(got, vals)
	}
	require.NoError(t, rows.Err())
	assert.Equal(t, [][]any{
		{int64(1), "ann", 2.5, "3.5000", []byte{0, 1, 2}},
		{int64(2), nil, nil, nil, nil},
	}, got)
}

func TestLastInsertID(t *testing.T) {
	db := openDB(t, ":memory:")
	_, err := db.Exec("CREATE TABLE t(id INTEGER PRIMARY KEY AUTO_INCREMENT, v INT)")
	require.NoError(t, err)
	for want := int64(1); want <= 3; want++ {
		res, err := db.Exec("INSERT INTO t(v) VALUES(?)", want*10)
		require.NoError(t, err)
		id, err := res.LastInsertId()
		require.NoError(t, err)
		assert.Equal(t, want, id)
	}
	res, err := db.Exec("UPDATE t SET v = v + 1 WHERE id >= 2")
	require.NoError(t, err)
	n, err := res.RowsAffected()
	require.NoError(t, err)
	assert.EqualValues(t, 2, n)
}

func TestMemoryShared(t *testing.T) {
	db := openDB(t, ":memory:")
	db.SetMaxOpenConns(2)
	ctx := context.Background()
	c1, err := db.Conn(ctx)
	require.NoError(t, err)
	defer c1.Close()
	c2, err := db.Conn(ctx)
	require.NoError(t, err)
	defer c2.Close()
	_, err = c1.ExecContext(ctx, "CREATE TABLE t(a INT); INSERT INTO t VALUES(7)")
	require.NoError(t, err)
	var a int
	require.NoError(t, c2.QueryRowContext(ctx, "SELECT a FROM t").Scan(&a), "a second connection of the same *sql.DB sees the table")
	assert.Equal(t, 7, a)

	other := openDB(t, ":memory:")
	_, err = other.Exec("SELECT a FROM t")
	requireCode(t, err, walrus.CodeNoSuchTable)

	named := openDB(t, "file:x?mode=memory")
	_, err = named.Exec("SELECT a FROM t")
	requireCode(t, err, walrus.CodeNoSuchTable)
}

func TestDurableReopen(t *testing.T) {
	path := tempPath(t)
	db, err := sql.Open("walrus", "file:"+path)
	require.NoError(t, err)
	_, err = db.Exec("CREATE TABLE t(a INT); INSERT INTO t VALUES(1), (2)")
	require.NoError(t, err)
	require.NoError(t, db.Close())

	db = openDB(t, path+"?mode=ro")
	var n int
	require.NoError(t, db.QueryRow("SELECT COUNT(*) FROM t").Scan(&n))
	assert.Equal(t, 2, n)
	_, err = db.Exec("INSERT INTO t VALUES(3)")
	requireCode(t, err, walrus.CodeReadOnly)
}

func TestModeRWNeedsFile(t *testing.T) {
	path := tempPath(t)
	db := openDB(t, path+"?mode=rw")
	require.Error(t, db.Ping())
	_, err := os.Stat(path)
	assert.True(t, os.IsNotExist(err), "mode=rw does not create the file")
}

func TestDSNErrors(t *testing.T) {
	_, err := sql.Open("walrus", "x.db?cache=shared")
	we := requireCode(t, err, walrus.CodeMisuse)
	assert.Contains(t, we.Msg, "cache")
	_, err = walrus.NewConnector("x.db?_txlock=maybe")
	requireCode(t, err, walrus.CodeMisuse)
}

func TestPragmasFromDSN(t *testing.T) {
	db := openDB(t, tempPath(t)+"?_pragma=busy_timeout(1234)&_pragma=synchronous(OFF)")
	db.SetMaxOpenConns(1)
	var ms int
	require.NoError(t, db.QueryRow("PRAGMA busy_timeout").Scan(&ms))
	assert.Equal(t, 1234, ms)
	var sync int
	require.NoError(t, db.QueryRow("PRAGMA synchronous").Scan(&sync))
	assert.Equal(t, 0, sync)

	bad := openDB(t, tempPath(t)+"?_pragma=no_such_pragma_xyz(1)")
	assert.Error(t, bad.Ping(), "a PRAGMA the engine rejects fails the connection")
}

func TestDefaults(t *testing.T) {
	db := openDB(t, tempPath(t))
	db.SetMaxOpenConns(1)
	var ms, sync int
	var mode string
	require.NoError(t, db.QueryRow("PRAGMA busy_timeout").Scan(&ms))
	require.NoError(t, db.QueryRow("PRAGMA synchronous").Scan(&sync))
	require.NoError(t, db.QueryRow("PRAGMA journal_mode").Scan(&mode))
	assert.Equal(t, 5000, ms)
	assert.Equal(t, 2, sync, "FULL")
	assert.Equal(t, "delete", strings.ToLower(mode))
}

func TestExecScript(t *testing.T) {
	db := openDB(t, ":memory:")
	db.SetMaxOpenConns(1)
	res, err := db.Exec(`
		CREATE TABLE t(a INT, b VARCHAR(10));
		INSERT INTO t VALUES(?, ?);  -- two arguments
		INSERT INTO t VALUES(?, 'x'), (?, 'y');
		# trailing comment
	`, 1, "one", 2, 3)
	require.NoError(t, err)
	n, err := res.RowsAffected()
	require.NoError(t, err)
	assert.EqualValues(t, 2, n, "the result is the last statement's")
	var sum int
	require.NoError(t, db.QueryRow("SELECT SUM(a) FROM t").Scan(&sum))
	assert.Equal(t, 6, sum)

	_, err = db.Exec("INSERT INTO t VALUES(?, 'z'); INSERT INTO t VALUES(?, 'w')", 9)
	requireCode(t, err, walrus.CodeMismatch)
	_, err = db.Exec("INSERT INTO t VALUES(?, 'z')", 9, 10)
	requireCode(t, err, walrus.CodeMismatch)
	var z int
	require.NoError(t, db.QueryRow("SELECT COUNT(*) FROM t WHERE b = 'z'").Scan(&z))
	assert.Zero(t, z, "a wrong argument count is found before the statement runs")

	_, err = db.Query("SELECT 1; SELECT 2")
	requireCode(t, err, walrus.CodeMisuse)
	_, err = db.Prepare("SELECT 1; SELECT 2")
	requireCode(t, err, walrus.CodeMisuse)
	_, err = db.Exec("")
	assert.NoError(t, err)
}

func TestPreparedStatement(t *testing.T) {
	db := openDB(t, ":memory:")
	_, err := db.Exec("CREATE TABLE t(a INT)")
	require.NoError(t, err)
	ins, err := db.Prepare("INSERT INTO t VALUES(?)")
	require.NoError(t, err)
	defer ins.Close()
	for i := 1; i <= 4; i++ {
		_, err := ins.Exec(i)
		require.NoError(t, err)
	}
	_, err = ins.Exec()
	require.Error(t, err)
	sel, err := db.Prepare("SELECT a FROM t WHERE a > ? ORDER BY a")
	require.NoError(t, err)
	defer sel.Close()
	rows, err := sel.Query(2)
	require.NoError(t, err)
	var got []int
	for rows.Next() {
		var a int
		require.NoError(t, rows.Scan(&a))
		got = append(got, a)
	}
	require.NoError(t, rows.Err())
	require.NoError(t, rows.Close())
	assert.Equal(t, []int{3, 4}, got)
}

func TestTransactions(t *testing.T) {
	db := openDB(t, tempPath(t))
	_, err := db.Exec("CREATE TABLE t(a INT)")
	require.NoError(t, err)
	count := func() int {
		var n int
		require.NoError(t, db.QueryRow("SELECT COUNT(*) FROM t").Scan(&n))
		return n
	}

	tx, err := db.Begin()
	require.NoError(t, err)
	_, err = tx.Exec("INSERT INTO t VALUES(1)")
	require.NoError(t, err)
	require.NoError(t, tx.Rollback())
	assert.Equal(t, 0, count())

	tx, err = db.Begin()
	require.NoError(t, err)
	_, err = tx.Exec("INSERT INTO t VALUES(1)")
	require.NoError(t, err)
	require.NoError(t, tx.Commit())
	assert.Equal(t, 1, count())

	ro, err := db.BeginTx(context.Background(), &sql.TxOptions{ReadOnly: true})
	require.NoError(t, err)
	var n int
	require.NoError(t, ro.QueryRow("SELECT COUNT(*) FROM t").Scan(&n))
	assert.Equal(t, 1, n)
	_, err = ro.Exec("INSERT INTO t VALUES(2)")
	requireCode(t, err, walrus.CodeReadOnly)
	require.NoError(t, ro.Rollback())
	assert.Equal(t, 1, count())

	for _, level := range []sql.IsolationLevel{sql.LevelDefault, sql.LevelReadCommitted, sql.LevelRepeatableRead, sql.LevelSerializable} {
		tx, err := db.BeginTx(context.Background(), &sql.TxOptions{Isolation: level})
		require.NoError(t, err, level.String())
		require.NoError(t, tx.Rollback())
	}
	for _, level := range []sql.IsolationLevel{sql.LevelReadUncommitted, sql.LevelLinearizable} {
		_, err := db.BeginTx(context.Background(), &sql.TxOptions{Isolation: level})
		requireCode(t, err, walrus.CodeMisuse)
	}
}

func TestTxLockImmediate(t *testing.T) {
	path := tempPath(t)
	db := openDB(t, path+"?_txlock=immediate&_pragma=busy_timeout(0)")
	_, err := db.Exec("CREATE TABLE t(a INT)")
	require.NoError(t, err)
	tx1, err := db.Begin()
	require.NoError(t, err)
	defer tx1.Rollback()
	_, err = db.Begin()
	requireCode(t, err, walrus.CodeBusy)
}

func TestContextCancel(t *testing.T) {
	db := openDB(t, ":memory:")
	_, err := db.Exec("CREATE TABLE t(a INT)")
	require.NoError(t, err)
	_, err = db.Exec("INSERT INTO t VALUES(0),(1),(2),(3),(4),(5),(6),(7),(8),(9)")
	require.NoError(t, err)

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = db.ExecContext(ctx, "INSERT INTO t VALUES(10)")
	assert.ErrorIs(t, err, context.Canceled)

	// 10^7 rows: long enough that the deadline stops it first.
	ctx, cancel = context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	var n int
	err = db.QueryRowContext(ctx, "SELECT COUNT(*) FROM t a, t b, t c, t d, t e, t f, t g").Scan(&n)
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	var total int
	require.NoError(t, db.QueryRow("SELECT COUNT(*) FROM t").Scan(&total), "the connection is usable afterwards")
	assert.Equal(t, 10, total)
}

func TestWriteWithOpenRows(t *testing.T) {
	db := openDB(t, ":memory:")
	_, err := db.Exec("CREATE TABLE t(a INT); INSERT INTO t VALUES(1),(2)")
	require.NoError(t, err)
	tx, err := db.Begin()
	require.NoError(t, err)
	defer tx.Rollback()
	rows, err := tx.Query("SELECT a FROM t")
	require.NoError(t, err)
	require.True(t, rows.Next())
	_, err = tx.Exec("INSERT INTO t VALUES(3)")
	we := requireCode(t, err, walrus.CodeMisuse)
	assert.Contains(t, we.Msg, "Rows still open")
	var n int
	require.NoError(t, tx.QueryRow("SELECT COUNT(*) FROM t").Scan(&n), "reads are allowed")
	assert.Equal(t, 2, n)
	require.NoError(t, rows.Close())
	_, err = tx.Exec("INSERT INTO t VALUES(3)")
	assert.NoError(t, err, "after Close the write goes through")
}

func TestBusyNamesOpenRows(t *testing.T) {
	db := openDB(t, tempPath(t)+"?_pragma=busy_timeout(0)")
	_, err := db.Exec("CREATE TABLE t(a INT); INSERT INTO t VALUES(1),(2)")
	require.NoError(t, err)
	rows, err := db.Query("SELECT a FROM t")
	require.NoError(t, err)
	require.True(t, rows.Next())
	_, err = db.Exec("INSERT INTO t VALUES(3)")
	we := requireCode(t, err, walrus.CodeBusy)
	assert.Contains(t, we.Msg, "1 Rows of other connections")
	require.NoError(t, rows.Close())
	_, err = db.Exec("INSERT INTO t VALUES(3)")
	assert.NoError(t, err)
}

type celsius float64

type point struct{ x, y int }

func (p point) Value() (driver.Value, error) {
	return "POINT(" + strconv.Itoa(p.x) + " " + strconv.Itoa(p.y) + ")", nil
}

func TestArgumentTypes(t *testing.T) {
	db := openDB(t, ":memory:")
	db.SetMaxOpenConns(1)
	when := time.Date(2024, 2, 29, 13, 14, 15, 123456789, time.FixedZone("X", 3600))
	cases := []struct {
		arg  any
		want any
	}{
		{nil, nil},
		{int8(-8), int64(-8)},
		{int16(-16), int64(-16)},
		{int32(-32), int64(-32)},
		{int(-1), int64(-1)},
		{int64(math.MinInt64), int64(math.MinInt64)},
		{uint8(8), int64(8)},
		{uint(7), int64(7)},
		{uint64(math.MaxUint64), uint64(math.MaxUint64)},
		{float32(0.1), 0.1},
		{2.5, 2.5},
		{true, int64(1)},
		{false, int64(0)},
		{"héllo", "héllo"},
		{[]byte("\x00\xff"), []byte("\x00\xff")},
		{[]byte(nil), nil},
		{celsius(21.5), 21.5},
		{point{1, 2}, "POINT(1 2)"},
		{when, "2024-02-29 12:14:15.123456"},
	}
	for _, c := range cases {
		var got any
		require.NoError(t, db.QueryRow("SELECT ?", c.arg).Scan(&got), "%T %v", c.arg, c.arg)
		if b, ok := got.([]byte); ok && c.want != nil {
			if _, wantBytes := c.want.([]byte); !wantBytes {
				got = string(b)
			}
		}
		assert.Equal(t, c.want, got, "%T %v", c.arg, c.arg)
	}

	_, err := db.Exec("SELECT ?", sql.Named("x", 1))
	requireCode(t, err, walrus.CodeMisuse)
	_, err = db.Exec("SELECT ?", struct{}{})
	assert.Error(t, err)
}

func TestTimeRoundTrip(t *testing.T) {
	db := openDB(t, ":memory:")
	_, err := db.Exec("CREATE TABLE ev(at DATETIME(6), day DATE, ts TIMESTAMP(6))")
	require.NoError(t, err)
	when := time.Date(2024, 2, 29, 13, 14, 15, 123456000, time.FixedZone("X", -7200))
	_, err = db.Exec("INSERT INTO ev VALUES(?, ?, ?)", when, when, when)
	require.NoError(t, err)
	var at, day, ts time.Time
	require.NoError(t, db.QueryRow("SELECT at, day, ts FROM ev").Scan(&at, &day, &ts))
	assert.True(t, when.Equal(at), "%v != %v", when, at)
	assert.Equal(t, time.UTC, at.Location())
	assert.True(t, when.Equal(ts), "%v != %v", when, ts)
	assert.Equal(t, time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC), day)
}

func TestColumnTypes(t *testing.T) {
	db := openDB(t, ":memory:")
	_, err := db.Exec(`CREATE TABLE t(
		i BIGINT NOT NULL, u INT UNSIGNED, v VARCHAR(20), d DECIMAL(10,4), f DOUBLE,
		dt DATETIME, b BLOB, tx TEXT)`)
	require.NoError(t, err)
	rows, err := db.Query("SELECT i, u, v, d, f, dt, b, tx FROM t")
	require.NoError(t, err)
	defer rows.Close()
	cts, err := rows.ColumnTypes()
	require.NoError(t, err)
	require.Len(t, cts, 8)
	names := make([]string, len(cts))
	for i, ct := range cts {
		names[i] = ct.DatabaseTypeName()
	}
	assert.Equal(t, []string{"BIGINT", "INT UNSIGNED", "VARCHAR", "DECIMAL", "DOUBLE", "DATETIME", "BLOB", "TEXT"}, names)

	nullable, ok := cts[0].Nullable()
	assert.True(t, ok)
	assert.False(t, nullable)
	nullable, ok = cts[1].Nullable()
	assert.True(t, ok)
	assert.True(t, nullable)

	assert.Equal(t, reflect.TypeFor[int64](), cts[0].ScanType())
	assert.Equal(t, reflect.TypeFor[sql.Null[uint64]](), cts[1].ScanType())
	assert.Equal(t, reflect.TypeFor[sql.NullString](), cts[2].ScanType())
	assert.Equal(t, reflect.TypeFor[sql.NullString](), cts[3].ScanType())
	assert.Equal(t, reflect.TypeFor[sql.NullFloat64](), cts[4].ScanType())
	assert.Equal(t, reflect.TypeFor[sql.NullTime](), cts[5].ScanType())
	assert.Equal(t, reflect.TypeFor[[]byte](), cts[6].ScanType())

	n, ok := cts[2].Length()
	assert.True(t, ok)
	assert.EqualValues(t, 20, n)
	n, ok = cts[7].Length()
	assert.True(t, ok)
	assert.EqualValues(t, 65535, n)
	_, ok = cts[0].Length()
	assert.False(t, ok)

	p, s, ok := cts[3].DecimalSize()
	assert.True(t, ok)
	assert.EqualValues(t, 10, p)
	assert.EqualValues(t, 4, s)
	_, _, ok = cts[4].DecimalSize()
	assert.False(t, ok)
}

func TestErrorCodes(t *testing.T) {
	db := openDB(t, ":memory:")
	_, err := db.Exec("SELEC 1")
	we := requireCode(t, err, walrus.CodeSyntax)
	assert.Positive(t, we.Line)
	assert.False(t, errors.Is(err, walrus.CodeBusy))

	_, err = db.Exec("CREATE TABLE t(a INT PRIMARY KEY); INSERT INTO t VALUES(1)")
	require.NoError(t, err)
	_, err = db.Exec("INSERT INTO t VALUES(1)")
	requireCode(t, err, walrus.CodeConstraint)

	_, err = db.Exec("SELECT nope FROM t")
	requireCode(t, err, walrus.CodeNoSuchColumn)

	path := tempPath(t)
	require.NoError(t, os.WriteFile(path, []byte(strings.Repeat("this is not a database file ", 200)), 0o644))
	bad := openDB(t, path)
	_, err = bad.Exec("SELECT * FROM t")
	requireCode(t, err, walrus.CodeNotADB)
}

func TestRegisterFunc(t *testing.T) {
	require.NoError(t, walrus.RegisterFunc("walrus_test_twice", 1, true, func(args []any) (any, error) {
		switch x := args[0].(type) {
		case int64:
			return 2 * x, nil
		case nil:
			return nil, nil
		}
		return nil, errors.New("twice: not an integer")
	}))
	require.NoError(t, walrus.RegisterFunc("walrus_test_concat", -1, true, func(args []any) (any, error) {
		var b strings.Builder
		for _, a := range args {
			if s, ok := a.(string); ok {
				b.WriteString(s)
			}
		}
		return b.String(), nil
	}))
	db := openDB(t, ":memory:")
	var n int64
	require.NoError(t, db.QueryRow("SELECT walrus_test_twice(21)").Scan(&n))
	assert.EqualValues(t, 42, n)
	var s string
	require.NoError(t, db.QueryRow("SELECT walrus_test_concat('a', 'b', 'c')").Scan(&s))
	assert.Equal(t, "abc", s)
	_, err := db.Exec("SELECT walrus_test_twice('x')")
	assert.ErrorContains(t, err, "twice: not an integer")
	_, err = db.Exec("SELECT walrus_test_twice(1, 2)")
	assert.Error(t, err)

	err = walrus.RegisterFunc("walrus_test_twice", 1, true, func([]any) (any, error) { return nil, nil })
	requireCode(t, err, walrus.CodeMisuse)
}

func TestPingAndRawConn(t *testing.T) {
	db := openDB(t, ":memory:")
	require.NoError(t, db.Ping())
	c, err := db.Conn(context.Background())
	require.NoError(t, err)
	defer c.Close()
	require.NoError(t, c.PingContext(context.Background()))
	require.NoError(t, c.Raw(func(dc any) error {
		assert.Implements(t, (*driver.Validator)(nil), dc)
		assert.Implements(t, (*driver.SessionResetter)(nil), dc)
		assert.True(t, dc.(driver.Validator).IsValid())
		return dc.(driver.SessionResetter).ResetSession(context.Background())
	}))
}

func TestDriverOpenSeparateMemory(t *testing.T) {
	d := &walrus.Driver{}
	c1, err := d.Open(":memory:")
	require.NoError(t, err)
	defer c1.Close()
	c2, err := d.Open(":memory:")
	require.NoError(t, err)
	defer c2.Close()
	ex1 := c1.(driver.ExecerContext)
	_, err = ex1.ExecContext(context.Background(), "CREATE TABLE only_here(a INT)", nil)
	require.NoError(t, err)
	_, err = c2.(driver.ExecerContext).ExecContext(context.Background(), "SELECT * FROM only_here", nil)
	requireCode(t, err, walrus.CodeNoSuchTable)
}

func TestIOStats(t *testing.T) {
	db := openDB(t, tempPath(t))
	c, err := db.Conn(context.Background())
	require.NoError(t, err)
	defer c.Close()
	type ioStatser interface {
		IOStats() (pagesRead, pagesWritten, syncs int64)
	}
	stats := func() (r, w, s int64) {
		require.NoError(t, c.Raw(func(dc any) error {
			st, ok := dc.(ioStatser)
			require.True(t, ok, "the shell finds IOStats through Conn.Raw")
			r, w, s = st.IOStats()
			return nil
		}))
		return
	}
	_, w0, s0 := stats()
	_, err = c.ExecContext(context.Background(), "CREATE TABLE t(a INT); INSERT INTO t VALUES(1)")
	require.NoError(t, err)
	_, w1, s1 := stats()
	assert.Greater(t, w1, w0, "commits write pages")
	assert.Greater(t, s1, s0, "synchronous=FULL syncs")
}
