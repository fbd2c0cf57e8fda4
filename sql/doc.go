// Package sql turns SQL text into vm programs and runs them: the front
// parser (PRAGMA, BEGIN, DROP INDEX) and TiDB's MySQL parser, name
// resolution, a small planner, the compiler, the schema and the
// connection's transactions.
//
// # API
//
// Open(fs, path, opts) gives a *Conn (one connection; many may share a
// file). Conn.Prepare(ctx, query) compiles the first statement of query
// and returns the rest as tail. A Stmt runs with Exec (to completion) or
// Query (rows through Rows.Next). Errors are *Error with a Code that
// callers branch on (errors.Is(err, &Error{Code: CodeSyntax}) matches any
// syntax error).
//
// # Invariants
//
//	(S1) A Conn is used by one goroutine at a time. It holds no lock
//	     between statements in autocommit mode.
//	(S2) Autocommit: every statement runs in a read transaction of its own,
//	     or a write transaction when it changes anything, committed when the
//	     statement finishes (for Query: when its rows end or are closed) and
//	     rolled back when it fails. Inside BEGIN ... COMMIT each writing
//	     statement runs under btree savepoint 1: a failing statement undoes
//	     only its own changes (statement atomicity) and the transaction
//	     stays open.
//	(S3) A Stmt records the schema cookie it was compiled against; if the
//	     cookie changed when it runs (DDL by this or another connection), it
//	     is compiled again first.
//	(S4) The schema is reloaded from the file whenever its cookie differs
//	     from the loaded one (checked at every transaction start), and after
//	     every DDL statement, which bumps the cookie.
//	(S5) Errors from below are mapped to Codes by errors.Is on the layers'
//	     sentinels (vm.ErrConstraint -> CodeConstraint, pager.ErrBusy ->
//	     CodeBusy, ...), never by message text.
//	(S6) Parsing order: a statement is split off the query text by our own
//	     lexer (quotes, comments, CREATE TRIGGER bodies); the front parser
//	     takes PRAGMA, BEGIN [DEFERRED|IMMEDIATE|EXCLUSIVE] [TRANSACTION],
//	     COMMIT/END, ROLLBACK, DROP INDEX name [ON t] and CREATE/DROP
//	     TRIGGER; everything else goes to TiDB. "EXPLAIN stmt" compiles
//	     stmt and returns its program listing (addr, opcode, p1..p5,
//	     comment) as rows.
//	(S7) `||` is MySQL's default logical OR (sql_mode without
//	     PIPES_AS_CONCAT); use CONCAT() for strings.
//
// # Compiler
//
//	(C1) Every jump lands on an instruction of the program: jumps are
//	     emitted to labels, resolved once when the program is finished.
//	(C2) Name resolution: a column name is looked up in the innermost
//	     SELECT's FROM sources first, then outward (a correlated reference);
//	     two matches in one scope are "ambiguous column name". ORDER BY and
//	     HAVING names that are no column resolve to select-list aliases;
//	     ORDER BY n names output column n; GROUP BY accepts aliases and
//	     positions too.
//	(C3) Results are computed per row into registers; DISTINCT, ORDER BY,
//	     LIMIT/OFFSET apply in that order (ORDER BY through an ephemeral
//	     sorter, NULLs first ascending, as MySQL).
//	(C4) WHERE and inner-join ON terms are tested in the first loop where
//	     every source they use is available; inner joins are reordered
//	     greedily so that loops with equality and IN terms on constants come
//	     first (FROM order otherwise, and always for outer joins). A LEFT
//	     JOIN's ON terms decide matching; its WHERE terms are tested on the
//	     null-extended row too.
//	(C5) Access paths: rowid equality -> SeekRowid; an index with leading
//	     equality columns and/or a range on the next column -> index seek;
//	     an equality on an inner join loop without an index -> an automatic
//	     ephemeral index built once per execution. A term used for a seek is
//	     still tested, so a seek only needs to return a superset of the
//	     matching rows; seeks are only planned when the probe's class
//	     (number or string) is known to match the column's, so that b-tree
//	     order agrees with MySQL's comparison.
//	(C6) Subqueries are compiled inline. An uncorrelated one runs once per
//	     execution (OpOnce); a correlated one reruns where it is evaluated
//	     and reads the outer cursors directly. IN (SELECT ...) builds an
//	     ephemeral set; scalar subqueries with two rows are an error.
//	(C7) Aggregates: every aggregate call and every bare column of the
//	     select list, HAVING and ORDER BY gets an accumulator slot per group
//	     (a bare column keeps its group's first value, as MySQL does without
//	     ONLY_FULL_GROUP_BY); groups come out in key order.
//	(C8) Compounds are evaluated left to right (SQLite's order, which the
//	     corpus expects): UNION ALL appends, UNION removes duplicates of
//	     everything so far, EXCEPT and INTERSECT make a set first.
//	(C9) UPDATE and DELETE first collect the rowids of matching rows into
//	     an ephemeral table, then change the table: a statement never sees
//	     its own changes while scanning. INSERT ... SELECT materialises the
//	     SELECT first for the same reason. UPDATE assignments are evaluated
//	     left to right, later ones seeing earlier new values (MySQL).
//	(C10) WITH (cte.go): a CTE named in FROM is compiled like a derived
//	     table, materialised where it is referenced (each reference
//	     separately). CTE names shadow tables; a CTE sees the earlier CTEs
//	     of its WITH and those of enclosing queries, a view sees none.
//	     WITH RECURSIVE: the query blocks that do not name the CTE
//	     (anchors) come first and run once; the others run over a work
//	     table holding the previous iteration's new rows until an
//	     iteration adds none. UNION (distinct) keeps a set of rows seen
//	     and drops repeats before they reach the work table, so cycles
//	     end. The recursive reference must appear once, in the FROM of a
//	     recursive block (not in a subquery), which must not aggregate.
//	     Iteration 1001 that would read rows is an error (MySQL's default
//	     cte_max_recursion_depth), never a hang.
//
// # Schema and catalog (file layout)
//
// sqlite_schema (page 1) holds every table and index with SQL that SQLite
// parses, so sqlite3 opens walrus files:
//
//	CREATE TABLE `t`(`id` INTEGER PRIMARY KEY, `a` INT UNSIGNED NOT NULL,
//	    `p` DECIMAL(10,2), UNIQUE(`a`))
//	sqlite_autoindex_t_1 (sql NULL) for UNIQUE(`a`)
//	CREATE INDEX `ti` ON `t`(`p`)
//
// Declared types are the MySQL types (vm.ColType.DeclType), whose SQLite
// affinities match how values are stored (vm/storage.go). A single-column
// signed integer PRIMARY KEY is the rowid and is written INTEGER PRIMARY
// KEY; any other PRIMARY KEY and each UNIQUE constraint become table
// constraints with automatic indexes, numbered in that order as SQLite
// numbers them. KEY/INDEX clauses of CREATE TABLE become ordinary indexes.
// FOREIGN KEY and CHECK are accepted and not enforced.
//
// The catalog table walrus_schema(type, name, tbl_name, sql), itself an
// ordinary table listed in sqlite_schema, holds the original MySQL CREATE
// TABLE text of every table (DEFAULT expressions, AUTO_INCREMENT, exact
// spelling) and the CREATE VIEW text of views, which SQLite cannot parse.
// Loading prefers the catalog's MySQL DDL and falls back to sqlite_schema's
// SQL for tables the catalog lacks (files written by sqlite3). Every DDL
// statement increments the schema cookie (header offset 40).
//
// Storage choices (decided with the value layer, vm/storage.go):
// integers are INTEGER; BIGINT UNSIGNED above 2^63-1 is 20-digit TEXT;
// DECIMAL(p,s) is INTEGER when integral, REAL when it has at most 15
// significant digits, TEXT otherwise, and is read back at the column's
// scale; AUTO_INCREMENT on the rowid column takes max(rowid)+1 (0 or NULL
// ask for a value, as in MySQL); it is not written as AUTOINCREMENT and
// sqlite_sequence is not used, so a deleted largest id can be reused.
//
// # MySQL compatibility surface
//
// What ORMs, migration tools and mysqldump/mariadb-dump send (files
// session.go, show.go, infoschema.go, alter.go, vacuum.go,
// pragma_compat.go; hooks in compileNode, Stmt.Query, exprTo, tableSource,
// writeRow, buildTable, compilePragma, parseFront):
//
//	(X1) Session state lives in Conn.sess: @user variables (any value,
//	     NULL when unset) and session values of a fixed table of system
//	     variables (sysVars). SET evaluates its right side as SELECT would,
//	     left to right; a bare identifier is its own name for system
//	     variables (SET autocommit = OFF). An unknown variable, a read-only
//	     one, SET GLOBAL and a character set other than UTF-8 (or a
//	     subset) are errors; a collation of an accepted character set is
//	     recorded while text still compares in binary order. @x and @@x
//	     compile to a call that reads the session when the statement runs.
//	(X2) VERSION() and @@version are ServerVersion (a MySQL 8.0 version,
//	     never "MariaDB"); DATABASE() is "main", the only database.
//	(X3) SET autocommit=0 makes every statement other than SET and
//	     transaction control open a transaction when none is open (as BEGIN
//	     DEFERRED); COMMIT/ROLLBACK end it; BEGIN inside it and SET
//	     autocommit=1 commit it first, as MySQL's implicit commit does.
//	     DDL runs inside that transaction (no implicit commit, unlike
//	     MySQL).
//	(X4) sql_mode: modes that describe what walrus does anyway (strict
//	     modes, NO_ENGINE_SUBSTITUTION, ...) are recorded; NO_AUTO_VALUE_ON_
//	     ZERO is implemented (read when an INSERT compiles); modes that
//	     change parsing or semantics walrus lacks (ANSI_QUOTES,
//	     PIPES_AS_CONCAT, NO_BACKSLASH_ESCAPES, ...) are refused by name.
//	     FOREIGN_KEY_CHECKS, UNIQUE_CHECKS, SQL_NOTES, TIME_ZONE are recorded
//	     only: foreign keys are never enforced, unique keys always are, and
//	     date functions do not read time_zone. LOCK TABLES (tables must
//	     exist), UNLOCK TABLES and ALTER TABLE ... DISABLE/ENABLE KEYS are
//	     accepted no-ops: file locks already isolate transactions.
//	(X5) information_schema.X is a virtual table: the compiler fills an
//	     ephemeral table with rows made from the schema where the FROM
//	     item is compiled, so every SELECT feature applies. The rows are
//	     those of the schema the statement compiled against; a schema
//	     change recompiles it (cookie check). COLUMN_DEFAULT is SQL NULL
//	     when a column has no default. SHOW statements build the same rows
//	     and filter LIKE/WHERE through the same virtual table mechanism.
//	     Unique keys keep their MySQL names (from the catalog DDL); the
//	     primary key is PRIMARY.
//	(X6) ALTER TABLE edits a model of the table (columns, keys, foreign
//	     keys, comments) and renders new MySQL DDL, the text SHOW CREATE
//	     TABLE prints. Table options alone rewrite the catalog row; any
//	     other change rebuilds the table within the statement's write
//	     transaction: new trees, rows copied and converted, indexes
//	     refilled with UNIQUE checked, old trees dropped, sqlite_schema and
//	     catalog rows replaced. An error leaves the table as it was.
//	(X7) AUTO_INCREMENT=N (CREATE or ALTER) is a floor for new ids:
//	     max(max(rowid)+1, N).
//	(X8) VACUUM copies every tree into a scratch file and copies its pages
//	     back in one journaled write transaction; VACUUM INTO 'file'
//	     writes only the copy. The rebuilt file's schema cookie is one
//	     more than the old one's (root pages move).
//
// # Not yet
//
// Firing triggers: CREATE TRIGGER is parsed (header by the front parser,
// body by TiDB), checked and stored in the catalog (type 'trigger'); DROP
// TRIGGER and DROP TABLE remove it. Since triggers do not fire yet, a
// trigger whose body changes data is refused (CodeNotSupported) rather
// than stored and silently ignored. Also not yet: window functions;
// multi-table UPDATE/DELETE; EXPLAIN QUERY PLAN; rowid range seeks; the
// sorter and group table spilling to disk; enforcing FOREIGN KEYs;
// AUTO_INCREMENT ids that are never reused (today the next id is
// max(rowid)+1, floored by AUTO_INCREMENT=N, so deleting the largest row
// frees its id).
//
// # Upserts and insert ids
//
// INSERT ... ON DUPLICATE KEY UPDATE and INSERT IGNORE work (upsert.go);
// IGNORE skips only rows that duplicate a PRIMARY KEY or UNIQUE key, other
// errors still fail the statement. A statement's LastInsertID is its first
// new row's rowid (MySQL's rule for multi-row INSERT), or for an upsert
// that only updated, the first updated row's.
package sql
