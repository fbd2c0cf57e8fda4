// Package vm is walrus's bytecode engine: programs of SQLite-style
// instructions, an interpreter that runs them against cursors, and (in the
// value files, see value.go) MySQL's values and type rules.
//
// Terms. A Program is the compiled form of one statement: a list of Instr
// (opcode, operands P1..P5, comment), the number of registers, cursors and
// aggregations it uses. An Exec is one execution of a Program: a register
// file of Values, open cursors, a program counter. A Cursor is a position
// in a tree of rows: a table (rowid -> row), an index (key columns, rowid
// last), or an ephemeral in-memory index (sorting, DISTINCT, IN sets,
// materialised subqueries). Storage opens cursors; BtreeStorage is the
// one over a btree.File.
//
// Opcodes are defined once, in opcodes.go, each with an "Opcode: Name P1 P2
// P3 P4 P5" comment; exec.go implements each in one case of the
// interpreter's switch: the per-row opcodes in run's loop, the rest in
// runCold, which run calls for them. Hot opcodes write registers in place
// (exec_regs.go) rather than assigning a constructed Value. Registers are
// numbered from 1, cursors from 0; jump targets are instruction addresses
// in P2.
//
// Invariants:
//
//	(M1) A Program is immutable after compilation; many Execs may run one
//	     Program at once (OpOnce state lives in the Exec).
//	(M2) An Exec is used by one goroutine. Step returns true with a row in
//	     Row (valid until the next Step), or false at the end; after an error
//	     every Step returns that error. Step closes the cursors when it
//	     finishes or fails; Close may be called at any time and twice.
//	(M3) The interpreter checks the Exec's context every 4096 instructions;
//	     a cancelled context ends the execution with ErrInterrupted.
//	(M4) Storage is reached only through Cursor and Storage; vm imports
//	     btree's API and never the pager. Table rows and index keys are
//	     encoded with ToStorage + btree.AppendRecord using the cursor's
//	     TreeSpec.Types and decoded with btree.HeaderReader/Field.Decode +
//	     FromStorage, one column at a time as the program reads them (the
//	     header only as far as the highest column read).
//	     Seek keys are NOT assignment-converted (a 1.5 probe of an INT index
//	     stays 1.5), so b-tree order decides where a probe lands.
//	(M5) Values read from a b-tree cursor do not alias pages: the current
//	     entry is decoded from a private copy of its payload, so registers,
//	     sorters and group tables may keep them after the cursor moves.
//	     Numbers are copied out; Text/Blob values alias the copy made for
//	     that entry, which is then never reused for another entry (the
//	     buffer is reused only while no value aliases it). Columns whose
//	     stored class is the one their type declares (INT, DOUBLE, VARCHAR,
//	     BLOB) are decoded directly; others go through FromStorage.
//	(M6) Comparisons, arithmetic, casts and functions follow MySQL (the
//	     value files); the opcodes add only three-valued logic (And, Or, Xor,
//	     Not: NULL as "unknown") and jumps. Comparison opcodes (Eq..Ge) store
//	     1, 0 or NULL in P3 rather than jumping; their jump forms
//	     (EqJump..GeJump, cmpjump.go) make the same comparison and jump,
//	     on NULL only when P5 says so. Temporal values are text,
//	     so a function's result precision comes from its argument's text
//	     (TIME('10:20:30.5') keeps one fraction digit, as MySQL does for a
//	     constant) and a date in numeric context is its leading number
//	     (NOW() + 0 is the year, unlike MySQL's YYYYMMDDhhmmss). The issue-8
//	     function list is checked against MariaDB with MySQL 8's sql_mode
//	     (sql/funcoracle_test.go), where MySQL and MariaDB differ MySQL wins.
//	(M7) Ephemeral indexes order rows by their first KeyCols columns with
//	     NULL first and MySQL comparison after, Desc reversing a column; ties
//	     keep insertion order (ORDER BY is stable). They live in memory
//	     (memtree.go: appended then sorted once, O(n log n); sorted rows in
//	     chunks of 512, so out-of-order inserts cost O(chunk)) until M10.
//	     An inserted row is copied into the tree's slabs of Values (M15);
//	     deleted rows' Values are reclaimed (compaction) once they
//	     outnumber the live ones.
//	(M8) A malformed program (unopened cursor, a jump out of range) is
//	     ErrMisuse, never a panic; constraint violations are ErrConstraint;
//	     a scalar subquery with two rows is ErrSubqueryRows.
//	(M9) Aggregation (AggReset..AggFinal) keeps one set of accumulators per
//	     group key in memory; AggSort orders groups by key. Group keys that
//	     MySQL compares equal (1, 1.0, 1.00) share a group.
//	(M10) Spilling (spill.go, group_spill.go): with Env.Temp set, an
//	     ephemeral index whose rows pass Temp.SpillBudget bytes moves them
//	     into a scratch b-tree file that Temp opens (through the vfs, no
//	     journal, deleted on Close), keyed by an order-preserving byte
//	     encoding of its key columns plus an insertion number; every Cursor
//	     operation keeps working. Later inserts are buffered and written
//	     in key order, a budget's worth at a time or before any read. A group table past the budget holds no
//	     new groups: rows of new groups go to a spilling ephemeral index
//	     and are aggregated group by group at AggSort, merged in key order
//	     with the held groups. Spills() counts spills. Limits: a spilled
//	     column mixing numbers and strings orders numbers first (in memory
//	     it follows MySQL's mixed comparison); window buffers do not spill.
//	(M11) A window buffer (OpenWindow, window.go) is a cursor: rows go in
//	     with IdxInsert, OpWindow computes the window functions (W1-W4)
//	     into the columns after the input, Rewind/Next/Column read the rows
//	     in the last window's order. It lives in memory.
//	(M10) OpCall runs Go code (a *Native) that the compiler attached, with
//	     the execution's Storage: it may read and write trees through
//	     cursors of its own (sql's foreign key actions). Its writes are not
//	     counted in the statement's changes; its error is the program's.
//	(M12) OpProgram runs a sub-program (sql's trigger bodies) to its end in
//	     a new Exec on the same Storage, its registers 1..P3 copied from the
//	     caller's; its rows are dropped, its changes and insert id are its
//	     own, its error is the caller's. Nesting stops at 64 (ErrRange).
//	(M13) A b-tree cursor's decoding memory (payload copy, parsed header,
//	     key and record buffers) is pooled: Close drops the cursor's
//	     reference and then pools it, so a call on a closed cursor is
//	     ErrMisuse (or no entry) and never reaches a newer cursor's memory.
//	(M14) An Exec's registers and cursor slots are pooled: Close drops
//	     every reference to them (Row is nil afterwards) and then pools them
//	     zeroed, so the next Exec starts with NULL registers.
//	(M15) An ephemeral index's row slabs (slab.go) and full chunk arrays
//	     (memtree.go) are pooled: Close, a spill and compaction drop the
//	     tree's rows, then zero the slabs and arrays and pool them for
//	     other trees. Nothing outside the tree holds a slice of its rows
//	     or chunks (Column returns copies, CompareKey compares in place),
//	     and no two chunks share an array, so a Value read from a tree
//	     stays valid after it closes.
//
// Records. The rowid column of a table (a single-column integer PRIMARY
// KEY) is stored as NULL in the record, as SQLite does for INTEGER PRIMARY
// KEY; the compiler reads it with OpRowid. Index records are the key
// columns followed by the rowid.
//
// Not yet: the statement journal for nested savepoints beyond depth 1 is
// the sql layer's business.
package vm
