// Package shell is the walrus command-line shell: an interactive SQL
// prompt (readline) and a script runner over one walrus database.
//
// The shell reaches the engine only through database/sql (driver name
// "walrus" in cmd/walrus; tests use a fake driver). Everything it knows
// about a schema comes from SHOW-free queries: sqlite_schema, the walrus
// catalog and PRAGMA table_info. The one engine package it imports is sql,
// for a text function: sql.SplitFirst, the engine's rule for where a
// CREATE TRIGGER body ends.
//
// Terms: a statement is SQL text ending at a ';' outside string literals,
// quoted identifiers and comments; a dot-command is a line starting with
// '.' typed where no statement is pending.
//
// Invariants:
//
//	(S1) One session is one database connection (sql.Conn): BEGIN and
//	     COMMIT typed as statements, temporary state and an in-memory
//	     database all live in it.
//	(S2) The Splitter cuts statements only at a ';' in code: never inside
//	     '...', "..." (both with backslash escapes), `...`, -- (dash dash
//	     space), # or /* */ comments, nor inside a CREATE TRIGGER's
//	     BEGIN ... END body, however the input is cut into pieces.
//	     Statements that hold only comments are not run. As in the mysql
//	     client, a line "DELIMITER x" where no statement is pending makes
//	     x the terminator instead of ';' ("DELIMITER ;" restores it).
//	(S3) Results stream: the aligned formats (box, table, markdown) size
//	     their columns from the first batchRows rows and then print each row
//	     as it arrives; the other formats never buffer a result.
//	(S4) Every failed statement or command prints "Error: <message>" on
//	     stderr (with the offending line and a caret when the error carries
//	     a position) and marks the session failed. A script stops at the
//	     first error only with bail on; the exit status is non-zero when
//	     anything failed.
//	(S5) Ctrl-C while a statement runs cancels that statement's context,
//	     never the shell; Ctrl-C at the prompt discards the pending input;
//	     Ctrl-D (end of input) exits.
//	(S6) .dump writes MySQL-dialect SQL that, run in an empty database,
//	     recreates the dumped tables, rows, indexes, views and triggers
//	     (last, between DELIMITER ;; lines, in firing order, so loading
//	     the rows fires none); dumping that database again gives the same
//	     text.
//	(S7) .import reads RFC 4180 CSV (quoted commas, quotes, newlines,
//	     UTF-8, an optional byte order mark) and inserts every record in one
//	     transaction when none is open, so a failed import inserts no rows.
//	(S8) The demo database is generated from a fixed seed: every
//	     `walrus -demo` creates the same rows.
//	(S9) .dump output also loads into a MySQL-family server (tested
//	     against MariaDB): tables declare utf8mb4_bin, walrus's text order,
//	     and server-only settings hide in /*!NNNNN */ comments, which
//	     walrus skips.
//	(B1) .backup FILE writes every page of the database as of one read
//	     transaction (other connections may write meanwhile) to a
//	     temporary file, syncs it and renames it to FILE: FILE is the old
//	     file or a whole, consistent copy, never a mix. It refuses inside a
//	     write transaction, whose pages are not committed.
//	(B2) .restore FILE replaces the tables, rows, indexes, views, triggers,
//	     user_version and application_id of the open database with FILE's
//	     in one transaction: on any error the open database is unchanged.
//	(P1) A progress bar is drawn only on a terminal (stderr) and only for
//	     large work; it ends its line, so messages never share it.
//
// Files: split.go (S2), format.go (output modes, S3), shell.go (session,
// statement execution), dot.go (dot-commands), errpos.go (error positions
// and carets), import.go (S7), dump.go (S6, S9), backup.go (B1, B2),
// progress.go (P1), complete.go (tab completion), interactive.go (the
// prompt, S5), durability.go, explain.go, stats.go, demo.go (S8), cli.go
// (flags and Main).
package shell
