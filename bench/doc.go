// Package bench runs the same workloads, with the same SQL and the same
// settings, on walrus and on SQLite, so their speeds can be compared in
// one run. It is its own module so that the SQLite drivers never enter
// walrus's go.mod.
//
// Engines (Engines):
//
//	walrus    this repository, driver "walrus" (pure Go)
//	sqlite    C SQLite through github.com/mattn/go-sqlite3 (cgo): the reference
//	modernc   SQLite translated to Go, modernc.org/sqlite (pure Go)
//
// Contract:
//
//	(B1) Every engine runs byte-identical SQL text for a workload; only the
//	     DSN syntax differs between drivers.
//	(B2) Every database is a new file in a fresh directory, opened with the
//	     same Settings (page size, journal mode, synchronous, cache size,
//	     busy timeout); Open reads the settings back from the engine and
//	     fails if any differs from what was asked.
//	(B3) A workload checks its own results (rows found, counts, sums) and
//	     fails rather than report the speed of a wrong answer.
//	(B4) Only Run is timed; Setup (schema, fixture rows) is not.
//	(B5) Non-concurrent workloads use one pooled connection, so every
//	     statement sees the connection's settings and prepared statements.
//
// The command cmd/compare prints a table of ops/s and ratios; the
// Benchmark functions in bench_test.go run the same workloads under
// go test -bench.
package bench
