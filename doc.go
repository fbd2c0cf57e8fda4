// Package walrus is the database/sql driver of walrus, a pure-Go embedded
// SQL database that stores SQLite 3 database files and speaks the MySQL
// dialect.
//
// # Opening
//
// Import the package for its side effect and open a DSN with the driver
// name "walrus":
//
//	import (
//		"database/sql"
//		_ "github.com/walrusdb/walrus"
//	)
//
//	db, err := sql.Open("walrus", "file:app.db?_pragma=synchronous(EXTRA)")
//
// or, without the registry, sql.OpenDB(walrus.NewConnector(dsn)).
//
// # Data source names
//
// A DSN is a file path or a file: URI (file:app.db, file:///var/db/app.db,
// path percent-decoded), optionally followed by ?options. A plain path is
// cut at its first '?'.
//
//	option                   meaning
//	_pragma=name(value)      run PRAGMA name=value on every new connection, in
//	                         the order given; repeatable
//	mode=rwc                 read-write, create the file if missing (default)
//	mode=rw                  read-write, the file must exist
//	mode=ro                  read-only, the file must exist; writes fail with CodeReadOnly
//	mode=memory              an in-memory database (the path is only its name)
//	_txlock=deferred         BEGIN takes locks when first needed (default)
//	_txlock=immediate        BEGIN takes the write lock (RESERVED) at once
//	_txlock=exclusive        BEGIN takes the EXCLUSIVE lock at once
//
// Any other option is an error naming it. The path ":memory:" (also
// file::memory:) is the same as mode=memory.
//
// In-memory databases: all connections of one connector, that is of one
// *sql.DB, share one in-memory database, which lives as long as the
// *sql.DB. Each sql.Open (or NewConnector) call gives a new, separate
// database; to have two, open the DSN twice.
//
// # Defaults and durability
//
// Every connection starts with busy_timeout 5000 ms (DefaultBusyTimeout),
// journal_mode=DELETE and synchronous=FULL, SQLite's defaults: a committed
// transaction survives an application crash; after a power loss the
// database is intact, but the last commit may be rolled back, because the
// journal's deletion (the commit point) reaches the disk only with a
// directory sync, which synchronous=EXTRA adds. Choose per database with
// PRAGMAs in the DSN, for example:
//
//	_pragma=synchronous(EXTRA)     also sync the directory at commit: nothing acknowledged is lost
//	_pragma=synchronous(NORMAL)    fewer syncs per commit
//	_pragma=synchronous(OFF)       no syncs: safe against an application crash only
//	_pragma=journal_mode(TRUNCATE) truncate the journal at commit instead of deleting it
//	_pragma=journal_mode(MEMORY)   journal in RAM: a crash during commit can corrupt the file
//	_pragma=busy_timeout(0)        fail at once with CodeBusy instead of waiting
//
// Which PRAGMAs exist is the engine's business (package sql); a PRAGMA the
// engine rejects makes opening the connection fail.
//
// # Values
//
// Arguments (D6): nil is NULL; int*, and uint* up to math.MaxInt64, are
// signed integers, larger unsigned values are BIGINT UNSIGNED; float32 and
// float64 are DOUBLE; bool is 1 or 0; string is text; []byte is binary
// (nil []byte is NULL); time.Time is converted to UTC and sent as text in
// TimeFormat ('2006-01-02 15:04:05.999999', microseconds, truncated);
// driver.Valuer and named types go through database/sql's default
// converter. Placeholders are '?'; named arguments are refused.
//
// Results: NULL is nil; signed integers int64; unsigned integers uint64;
// FLOAT/DOUBLE float64; DECIMAL a string with its scale ("3.5000", exact);
// text string; binary []byte; a DATE, DATETIME or TIMESTAMP column a
// time.Time in UTC (its text if it is no valid time, as 0000-00-00). A
// time.Time stored into a DATETIME(6) or TIMESTAMP(6) column reads back
// equal at microsecond precision; a column with fewer fractional digits
// (DATETIME is DATETIME(0)) keeps only those. Rows report ColumnTypeDatabaseTypeName ("BIGINT",
// "INT UNSIGNED", "VARCHAR", "DECIMAL", ...), ScanType (sql.Null* for
// nullable columns), Nullable, Length and PrecisionScale.
//
// # Contract
//
//	(D1) One connector per DSN; its connections all open the same file (or
//	     the same in-memory database).
//	(D2) A new connection gets the defaults above, then the DSN's PRAGMAs in
//	     order, each run as exactly one statement.
//	(D3) Query and Prepare take exactly one statement; more is CodeMisuse.
//	(D4) Exec runs every statement of its text in order, each taking the next
//	     NumInput() arguments; it stops at the first error (earlier statements
//	     stay executed); the result is the last statement's. A wrong
//	     argument count is CodeMismatch, found before any statement runs
//	     (the markers are counted by parsing alone).
//	(D5) BeginTx: LevelDefault, ReadCommitted, RepeatableRead and
//	     Serializable are accepted and all run serializable (one writer at a
//	     time); other levels are CodeMisuse. ReadOnly transactions refuse
//	     writes with CodeReadOnly.
//	(D6) Values convert as described under Values; an argument stored in a
//	     column of the matching type reads back equal.
//	(D7) A cancelled or expired context stops the running statement; the
//	     call returns ctx.Err() itself.
//	(D8) While a Rows of a connection is open, a statement that may write on
//	     that connection fails with CodeMisuse naming the open Rows, instead
//	     of running under a reading cursor. Reads are allowed.
//	(D9) An unclosed Rows holds a read lock (one of a statement that reads
//	     no table, as SELECT 1, holds none). Another connection's commit then
//	     waits busy_timeout and fails with CodeBusy, whose message counts the
//	     open Rows of the pool. With SetMaxOpenConns(1), database/sql itself
//	     waits for the connection the Rows holds, before the driver is
//	     called: the driver cannot see that wait, so give such calls a context
//	     with a deadline, or close Rows (defer rows.Close()).
//	(D10) Every error is a *Error with an ErrorCode (errors.As), except
//	     ctx.Err() (D7) and driver.ErrBadConn for a closed connection;
//	     errors.Is(err, walrus.CodeBusy) and the like match codes; the
//	     engine's error stays reachable through Unwrap.
//	(D11) A value Next returned never changes afterwards, however long it
//	     is kept, though rows are read in place: every value is converted
//	     out of the registers, and []byte values are copies.
//
// User functions: RegisterFunc adds scalar SQL functions for the process.
package walrus
