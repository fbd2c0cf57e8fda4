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
//	     is compiled again first. So in autocommit mode Prepare compiles a
//	     query or DML statement against the schema already loaded, without
//	     a lock (stmt.go compileCached): the compiler must read only the
//	     schema and the session, never the file.
//	(S4) The schema is reloaded from the file whenever its cookie differs
//	     from the loaded one (checked at every transaction start), and after
//	     every DDL statement, which bumps the cookie. Inside BEGIN, a
//	     compile before the transaction's first read loads the schema in a
//	     read of its own, ended before the statement runs (SQLite's rule),
//	     and BEGIN IMMEDIATE/EXCLUSIVE loads it only once it holds the
//	     write lock: so a transaction's first write, or its BEGIN, waits
//	     busy_timeout for another writer (pager P8) instead of failing at
//	     once.
//	(S5) Errors from below are mapped to Codes by errors.Is on the layers'
//	     sentinels (vm.ErrConstraint -> CodeConstraint, pager.ErrBusy ->
//	     CodeBusy, ...), never by message text.
//	(S6) Parsing order: a statement is split off the query text by our own
//	     lexer (quotes, comments, CREATE TRIGGER bodies; MySQL's executable
//	     /*!...*/ comments are code, and the mysql client's DELIMITER
//	     command is taken as mariadb-dump writes it, delimiter.go); the
//	     front parser
//	     takes PRAGMA, BEGIN [DEFERRED|IMMEDIATE|EXCLUSIVE] [TRANSACTION],
//	     COMMIT/END, ROLLBACK, DROP INDEX name [ON t] and CREATE/DROP
//	     TRIGGER; everything else goes to TiDB. "EXPLAIN stmt" compiles
//	     stmt and returns its program listing (addr, opcode, p1..p5,
//	     comment) as rows.
//	(S7) `||` is MySQL's default logical OR (sql_mode without
//	     PIPES_AS_CONCAT); use CONCAT() for strings.
//	(S8) A schema load reuses the ASTs the connection's previous load
//	     parsed from the same text (schemacache.go): after DDL only new
//	     or changed objects are parsed again; tables, indexes and views
//	     are still built anew from the ASTs and the rows' root pages.
//	     Schema ASTs (views, DEFAULTs, CHECKs) are therefore shared by
//	     consecutive schemas and must never be modified, by the compiler
//	     or anything else.
//	(S9) A program that cannot touch the file (no table or index cursor,
//	     native call or sub-program, no write: SELECT 1, SELECT NOW()) runs
//	     without a read transaction, as SQLite runs a program without
//	     OP_Transaction: no lock, no schema check; its rows hold no lock.
//	     It runs with no vm.Storage, so a misjudged program fails with an
//	     error instead of reading unlocked (nostorage.go).
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
//	     sorter, NULLs first ascending, as MySQL). No sorter when the
//	     outer loop already yields the order (order.go): ORDER BY plain
//	     columns of its table that are, after the columns an equality
//	     pins, a prefix of the access path's key (index columns then the
//	     rowid; the rowid alone for a scan or rowid range), all ASC or
//	     all DESC relative to the key (DESC walks backwards: Last/Prev,
//	     SeekLE/LT). Only column types whose b-tree order is MySQL's
//	     qualify (not DECIMAL, TIME or untyped columns). With a LIMIT and
//	     no usable WHERE seek, an index in ORDER BY order is scanned.
//	     Sorters, DISTINCT sets and group tables past a memory budget
//	     (32 MiB each) spill to scratch files (vm M10, tempfiles.go).
//	(C4) WHERE and inner-join ON terms are tested in the first loop where
//	     every source they use is available; inner joins are reordered
//	     greedily so that loops with equality and IN terms on constants come
//	     first (FROM order otherwise, and always for outer joins). A LEFT
//	     JOIN's ON terms decide matching; its WHERE terms are tested on the
//	     null-extended row too.
//	(C5) Access paths (seek.go, chooseSeek): rowid equality ->
//	     SeekRowid; rowid IN; an index with leading equality columns
//	     (and a range on the next column) -> index seek; a rowid range
//	     (id > 5 AND id <= 100) -> SeekGE/GT on the table and a stop test
//	     on the rowid, non-integral bounds widened to the next integer; a
//	     range on an index's first column; index IN;
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
//	(C11) Window functions (window.go) apply after WHERE, GROUP BY and
//	     HAVING, before DISTINCT, ORDER BY and LIMIT. Each candidate row
//	     (or group) is written to a window buffer (vm OpenWindow): the
//	     parts of the output that hold no window function (columns,
//	     aggregate calls, subqueries), and each call's arguments,
//	     PARTITION BY and ORDER BY keys. OpWindow sorts the buffer once
//	     per distinct (PARTITION BY, ORDER BY) and computes the calls
//	     (vm/window.go, W1-W4); the rows then go through the output plan
//	     in the last window's order. Named windows are merged into each
//	     call (a window that refines another takes its PARTITION BY and
//	     gives or inherits ORDER BY, never both). Frames: ROWS and RANGE
//	     with UNBOUNDED/n PRECEDING/CURRENT ROW/n FOLLOWING, MySQL's
//	     default (RANGE UNBOUNDED PRECEDING to CURRENT ROW, the whole
//	     partition without ORDER BY); RANGE offsets are numbers over one
//	     numeric key, or INTERVAL n unit over a DATE/DATETIME key. Frame
//	     offsets must be literals; ranking functions and LAG/LEAD ignore
//	     frames, as MySQL does. Window functions in WHERE, GROUP BY,
//	     HAVING, ON, inside aggregates or other window calls are errors.
//	(C12) A compiler's instruction and label buffers come from a pool
//	     (compile.go newCompiler): finish gives the program its own copy of
//	     the instructions, and release returns the buffers, after which
//	     the compiler must not be used. Code attached to a program (vm
//	     Native and FuncDef closures) must not keep the compiler.
//	(C13) Constant factoring (constreg.go): an operand that is a literal,
//	     arithmetic on literals that folds without error at compile time,
//	     or a ? parameter is loaded once per execution into a register of
//	     its own (one per distinct value) by a prologue placed after the
//	     program's Halt: Init jumps to it and it jumps back to address 1,
//	     SQLite's layout. Nothing else is factored: functions (RAND, NOW,
//	     user variables, LAST_INSERT_ID) and expressions that fail (an
//	     overflow) run where they stand, once per row reached. A prologue
//	     register is never written after the prologue: finish checks every
//	     instruction's written registers (regsWritten) and refuses the
//	     program otherwise; a parameter is reloaded by every execution.
//	(C14) WHERE, ON and HAVING terms, CASE WHEN and IF() conditions
//	     compile as jumps (condjump.go, SQLite's exprIfFalse): comparisons
//	     are one compare-and-jump (vm EqJump..GeJump), AND/OR stop at the operand that decides them (as
//	     MySQL evaluates them), NOT swaps the sense, BETWEEN and IN lists of
//	     literals compare and jump without building a three-valued value;
//	     other expressions compute their value and If/IfNot tests it.
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
// Index names are per table as in MySQL: one whose name another object
// has is stored as name@table (indexname.go).
// FOREIGN KEY and CHECK constraints live in the MySQL DDL and are
// enforced (see "Constraints"); sqlite_schema's DDL does not carry them
// (sqlite3 leaves foreign keys off anyway). A foreign key whose columns no
// index starts with gets an ordinary index, as MySQL creates one.
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
// scale. ENUM and SET are INTEGER: the 1-based member index and the bit
// mask, so b-tree order is MySQL's ORDER BY order; sqlite_schema declares
// them ENUM_INT/SET_INT (INTEGER affinity; SQLite type names cannot hold
// the member list, which the catalog's MySQL DDL keeps). Read back, a
// value is the member text carrying its number (vm/enum.go): ORDER BY on
// such a column sorts by the number (enum.go), comparisons with strings
// use the text, numeric contexts the number; a UNION result column of
// such a type is VARCHAR (sorts by text); an index on one serves
// equality and IN probes only (seek.go; the probe text must equal the
// stored member's). An AUTO_INCREMENT rowid column is written INTEGER PRIMARY KEY
// AUTOINCREMENT and its counter is SQLite's: sqlite_sequence(name, seq)
// holds the largest id the table ever held (created with the first such
// table; AUTO_INCREMENT=N stores N-1). A new id is max(largest rowid, seq,
// N-1)+1, so ids are never reused and sqlite3 continues the same sequence;
// 0 or NULL ask for a value, as in MySQL. Unlike InnoDB, a statement that
// fails gives its ids back (the sequence row rolls back with it), and an
// UPDATE of the id does not move the counter (SQLite's rule).
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
//	     MySQL): a deliberate divergence. DDL is transactional like any
//	     write, so a migration of many DDL and DML statements inside BEGIN
//	     ... COMMIT is all or nothing: ROLLBACK, or a failing step followed
//	     by ROLLBACK, leaves sqlite_schema, the catalog, the schema cookie
//	     and the data exactly as before (TestMigrationSequence).
//	(X4) sql_mode: modes that describe what walrus does anyway (strict
//	     modes, NO_ENGINE_SUBSTITUTION, ...) are recorded; NO_AUTO_VALUE_ON_
//	     ZERO is implemented (read when an INSERT compiles); modes that
//	     change parsing or semantics walrus lacks (ANSI_QUOTES,
//	     PIPES_AS_CONCAT, NO_BACKSLASH_ESCAPES, ...) are refused by name.
//	     FOREIGN_KEY_CHECKS (= PRAGMA foreign_keys) switches foreign key
//	     checks (fk.go, F4). UNIQUE_CHECKS, SQL_NOTES, TIME_ZONE are
//	     recorded only: unique keys are always checked, and date functions
//	     do not read time_zone. LOCK TABLES (tables must
//	     exist), UNLOCK TABLES and ALTER TABLE ... DISABLE/ENABLE KEYS are
//	     accepted no-ops: file locks already isolate transactions.
//	(X5) information_schema.X is a virtual table: the compiler fills an
//	     ephemeral table with rows made from the schema where the FROM
//	     item is compiled, so every SELECT feature applies. The rows are
//	     those of the schema the statement compiled against; a schema
//	     change recompiles it (cookie check). COLUMN_DEFAULT is SQL NULL
//	     when a column has no default, and a literal default as the column
//	     stores it, as MySQL shows it (DEFAULT 0 of a DECIMAL(10,2) is
//	     0.00, TRUE is 1, BIT defaults b'101'): schema-diffing clients such
//	     as GORM compare that text. TINYINT(1) (BOOLEAN) keeps its width in
//	     COLUMN_TYPE. SHOW statements build the same rows
//	     and filter LIKE/WHERE through the same virtual table mechanism.
//	     Unique keys keep their MySQL names (from the catalog DDL); the
//	     primary key is PRIMARY.
//	(X6) ALTER TABLE edits a model of the table (columns, keys, foreign
//	     keys, CHECK constraints, comments) and renders new MySQL DDL, the text SHOW CREATE
//	     TABLE prints. Table options alone rewrite the catalog row; any
//	     other change rebuilds the table within the statement's write
//	     transaction: new trees, rows copied and converted, indexes
//	     refilled with UNIQUE checked, old trees dropped, sqlite_schema and
//	     catalog rows replaced. An error leaves the table as it was.
//	     DROP CONSTRAINT name (MySQL 8; TiDB parses it as DROP CHECK)
//	     drops the CHECK, foreign key or unique key of that name; an
//	     unknown name is a no-op.
//	(X7) AUTO_INCREMENT=N (CREATE or ALTER) is a floor for new ids:
//	     max(max(rowid)+1, N).
//	(X8) VACUUM copies every tree into a scratch file and copies its pages
//	     back in one journaled write transaction; VACUUM INTO 'file'
//	     writes only the copy, on OpenOptions.VacuumFS when set (the
//	     driver's OS file system, so that an in-memory database is saved
//	     to disk as in SQLite). The rebuilt file's schema cookie is one
//	     more than the old one's (root pages move). The copy takes the
//	     auto_vacuum mode PRAGMA auto_vacuum last set.
//	(X9) PRAGMA auto_vacuum / incremental_vacuum(N) follow SQLite
//	     (autovacuum.go): a mode change needs an empty database, or is
//	     FULL<->INCREMENTAL, or waits for VACUUM. Every drop of a tree goes
//	     through Conn.dropTree: in an auto-vacuum file it may move the
//	     largest root into the dropped one, and sqlite_schema rows and the
//	     cached schema follow; while other statements read, such a drop is
//	     CodeBusy ("database table is locked", SQLite's rule).
//
// # Triggers
//
// CREATE TRIGGER (MySQL's form with FOLLOWS/PRECEDES, and SQLite's with
// UPDATE OF and WHEN; also inside mysqldump's /*!50003 */ comments) is
// parsed by the front parser (header, DECLARE, IF/ELSEIF/ELSE, SIGNAL,
// SELECT's INTO; trigger.go, trigger_body.go), its body statements by
// TiDB; NEW/OLD are checked against the table as MySQL does. Triggers
// live in the catalog (type 'trigger'), in firing order. They fire per
// row, compiled into the statement that changes the table
// (trigger_fire.go, T1-T6): NEW/OLD and DECLAREd variables are registers
// (a variable hides a column of its name, as in MySQL), body DML runs as a
// sub-program (vm.OpProgram), a write to a table the invoking statements
// use is MySQL's error 1442, SIGNAL is CodeSignal (*SignalError has the
// SQLSTATE). A body SELECT without INTO runs and its rows are dropped
// (SQLite's rule; MySQL refuses it). Loops, handlers, cursors, nested
// BEGIN blocks and SQLite's RAISE() are CodeNotSupported. SHOW TRIGGERS,
// SHOW CREATE TRIGGER (front parser) and information_schema.TRIGGERS are
// built from the parsed triggers (showtrigger.go); SplitFirst exports the
// splitting rule for tools.
//
// # Not yet
//
// Also not yet: window frames with parameters as bounds or compound
// INTERVAL units (DAY_HOUR ...); window buffers spilling to disk;
// multi-table UPDATE/DELETE; EXPLAIN QUERY PLAN; ORDER BY through an
// index for an IN list, an expression or an aggregate query (GROUP BY
// sorts its groups); a cost model (an index is scanned for ORDER BY
// only with a LIMIT); range seeks and ORDER BY through an index on an
// ENUM/SET column (equality and IN seek); case-insensitive ENUM/SET
// member matching (members match as binary strings); result-type
// unification for branches whose type is only known at run time, and
// temporal values in numeric contexts other than arithmetic (SUM,
// comparison with a number); display decimals outside a top-level select
// list; a trigger's creation time, definer and sql_mode.
//
// # Bad input
//
// A statement nested deeper than 10,000 (parentheses in its text, or
// levels of its syntax tree: subqueries, operators, function calls) is
// refused with CodeNotSupported "expression nested deeper than 10000"
// (depth.go) before anything recurses over it: the parser, name
// resolution and the compiler are recursive, and a Go stack overflow
// would kill the process. TiDB's parser itself is table driven and
// survives deep input (tested to 1,000,000 levels). Statements that do
// not start with a front keyword are not lexed by the front parser.
//
// # Constraints
//
// FOREIGN KEY and CHECK are enforced as MySQL 8's InnoDB does (fk.go,
// check.go), foreign keys by default (SQLite users: PRAGMA foreign_keys
// is ON and is the same switch as SET FOREIGN_KEY_CHECKS).
//
//	(K1) CHECK constraints compile into INSERT/UPDATE/REPLACE/upsert
//	     programs after the NOT NULL checks: FALSE fails with CodeConstraint
//	     ("Check constraint 'name' is violated."), NULL passes, NOT ENFORCED
//	     ones are kept and skipped. ALTER TABLE validates the rows against
//	     every enforced CHECK after any change.
//	(K2) Foreign keys are checked by Go code attached with vm.OpCall after
//	     a row is written (child side), deleted or updated (parent side),
//	     one call per write point; the code seeks through its own cursors
//	     (the parent's rowid or an index that starts with the referenced
//	     columns, which DDL requires; the child index for parent-side
//	     lookups) and carries out CASCADE / SET NULL recursively in Go, up
//	     to MySQL's depth limit of 15. This was chosen over compiling
//	     cascades into sub-programs (vm.OpProgram): recursion through
//	     self-references needs no program that calls itself, and the checks
//	     read FOREIGN_KEY_CHECKS when they run, so prepared statements need
//	     no recompiling when it changes. Invariants F1-F4 are in fk.go.
//	(K3) Violations are CodeConstraint with MySQL's texts; the statement
//	     savepoint undoes the statement's rows and cascades (S2).
//	(K4) DDL, with checks on: the referenced table must exist (with checks
//	     off it may come later, as mariadb-dump needs), DROP TABLE and
//	     TRUNCATE of a referenced table fail unless the referencing tables
//	     go in the same statement, ALTER TABLE ADD FOREIGN KEY checks the
//	     existing rows. Always: the referenced columns must be indexed,
//	     column types must match (InnoDB's rule), SET NULL needs nullable
//	     columns, SET DEFAULT is refused as InnoDB refuses it, and the last
//	     index that starts with a foreign key's columns cannot be dropped.
//
// INSERT IGNORE skips a row that fails a CHECK or lacks a parent, as
// MySQL does (it warns; walrus keeps no warnings). Differences from
// MySQL: inline column REFERENCES clauses are enforced (MySQL ignores
// them, SQLite enforces them); UPDATE/DELETE IGNORE do not exist. As in
// MySQL, RENAME TABLE rewrites the children's REFERENCES and the table's
// generated constraint names (t_ibfk_N), and cascaded changes fire no
// triggers.
//
// # Upserts and insert ids
//
// INSERT ... ON DUPLICATE KEY UPDATE and INSERT IGNORE work (upsert.go);
// IGNORE skips rows that duplicate a PRIMARY KEY or UNIQUE key, fail a
// CHECK or lack a parent row (K1, K2); other errors (NOT NULL, conversion)
// still fail the statement. MySQL 8.0.19's row alias (VALUES (...)
// AS new [(m, n)] ON DUPLICATE KEY UPDATE a = new.a + n), which TiDB's
// grammar lacks, is cut from the text when TiDB rejects an INSERT and its
// references are rewritten to VALUES(col) (rowalias.go). A statement's
// LastInsertID is its first new row's rowid (MySQL's rule for multi-row
// INSERT), or for an upsert that only updated, the first updated row's.
// An UPDATE's RowsAffected counts the rows whose values changed (NULL-safe
// comparison after conversion to the column types), not the rows matched:
// MySQL's default; unchanged rows are still rewritten, so triggers and
// foreign keys see every matched row (rowchange.go).
//
// # Function calls
//
// A call compiles to OpFunction on the vm registry's FuncDef, except the
// control functions compiled as jumps (IF, IFNULL, COALESCE, NULLIF) and
// specialFunc's (funcargs.go): LAST_INSERT_ID, ROW_COUNT (below) and
// JSON_OBJECT/JSON_ARRAY, which get a first argument marking the
// arguments of JSON type (JSON columns, CAST AS JSON, JSON functions) so
// that those are embedded, not quoted. Keyword arguments of the parser
// (INTERVAL units, TRIM directions) compile to constants (keywordArg).
//
// Result types: CASE, IF, IFNULL, COALESCE, GREATEST and LEAST convert
// their results to MySQL's aggregated type when every result argument's
// class is known statically (unify.go); arithmetic on a statically
// temporal operand first makes it YYYYMMDD[hhmmss] (temporalnum.go); a
// top-level select item, CAST AS CHAR or CONCAT argument that is a DOUBLE
// with fixed display decimals (PI() and arithmetic on it) is rounded to
// them (displaydec.go).
//
// LAST_INSERT_ID() and ROW_COUNT() read the session (lastresult.go):
// ROW_COUNT() is the previous statement's affected rows for INSERT,
// UPDATE and DELETE, -1 after a statement that returns rows, 0 after
// others; LAST_INSERT_ID() is the first AUTO_INCREMENT id generated by the
// last INSERT that generated one (writeRow records it; explicit ids and
// trigger bodies do not), or the n of LAST_INSERT_ID(n), as in MySQL. The
// Result's LastInsertID stays the statement's first new rowid.
package sql
