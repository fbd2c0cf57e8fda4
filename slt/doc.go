// Package slt runs sqllogictest scripts (the SQLite project's SQL logic
// test format) against a database/sql driver, by default "walrus" under the
// engine name "mysql". The format is described in the corpus README
// (../shared/sqllogictest/README.md from the repository root).
//
// Terms: a script is a sequence of records separated by blank lines; a
// record is a statement, a query, a hash-threshold or a halt, optionally
// preceded by skipif/onlyif condition lines. Rendering turns one result
// value into the line the script expects, driven by the query's type
// letter (I, R, T), not by the engine's column type.
//
// Parsing (Parse, ParseFile):
//
//	(S1) A line starting with '#' is dropped wherever it appears; it never
//	     ends a record.
//	(S2) A line of only white space is blank and ends a record; a trailing
//	     "\r" is ignored (CRLF files).
//	(S3) Only the word after skipif/onlyif counts; the rest of the line,
//	     typically "# comment", is ignored.
//	(S4) An unknown record kind or a malformed header is a parse error
//	     naming the file and line; the file is then not run at all.
//
// Running (RunScript, RunFile, RunFiles):
//
//	(R1) A record is skipped if any skipif names the engine or any onlyif
//	     names another engine; skipped statement/query records are counted
//	     as Skipped, never run.
//	(R2) An executed halt ends the script; later records are not counted.
//	(R3) The hash threshold starts at DefaultHashThreshold (8) and changes
//	     at each executed hash-threshold record; 0 means never hash.
//	(R4) A query's result is rendered (Render), sorted by its sort mode on
//	     the rendered strings (rowsort: rows compared value by value in
//	     byte order; valuesort: all values), then written either as one
//	     line per value or, when there are more values than the threshold,
//	     as "N values hashing to MD5" with MD5 over each value followed by
//	     "\n" (Hash). The lines must equal the expected lines exactly, so
//	     the value count is checked too.
//	(R5) The column count must equal the number of type letters.
//	(R6) All executed queries with one label that pass their own check
//	     must produce the same hash as the first of them; a query skipped
//	     by a condition does not take part.
//	(R7) A failing record is counted and reported (file, line, SQL,
//	     expected, got or the error); the script goes on with the next
//	     record, as upstream's runner does.
//	(R8) RunFile opens a fresh database file in a new temporary directory
//	     through database/sql with the driver's default settings and one
//	     pooled connection, and removes the directory afterwards.
//	(R9) With Config.RecordTimeout set, each statement and query runs at
//	     most that long: it then fails with an error wrapping
//	     context.DeadlineExceeded, and the next record runs with a fresh
//	     bound. One timer per script is re-armed per record (watchdog.go);
//	     no context or timer is made per record.
//
//	(R10) Without it, records run under a context that is never cancelled
//	     (context.WithoutCancel), and the caller's context stops the script
//	     between records. database/sql starts a goroutine per result set
//	     whose context can be cancelled; on this corpus that cost about 8%
//	     of the run's CPU, which no user calling Query without a deadline
//	     pays.
//
// Package slt never imports the engine: callers register the driver
// (import _ "github.com/walrusdb/walrus"), as cmd/walrus-slt does. Its own
// tests use a fake driver; corpus_test.go runs the fixed fast subset of the
// corpus against walrus when WALRUS_SLT_SUBSET=1.
package slt
