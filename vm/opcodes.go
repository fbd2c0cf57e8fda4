package vm

// Opcode is one VM instruction kind. Each opcode is defined here, once,
// with an "Opcode: Name P1 P2 P3 P4 P5" doc comment giving its operands
// (STYLE lesson 13); exec.go implements it in one case of the interpreter
// switch. opcodes_test.go checks that every opcode has a name and a case.
//
// Registers are numbered from 1 (0 means "none"); cursors from 0; jump
// targets are instruction addresses.
type Opcode uint8

const (
	// Opcode: Init _ P2 _ _ _
	// Jump to P2 (the program's start). Always the first instruction.
	OpInit Opcode = iota
	// Opcode: Goto _ P2 _ _ _
	// Jump to P2.
	OpGoto
	// Opcode: Halt P1 _ _ P4 _
	// Stop. P1 != 0 is an error whose message is P4 (a string); P2 is
	// the error class (0 generic, 1 constraint). A P4 that is an error is
	// returned as it is (errors the compiler made, such as a trigger's).
	OpHalt
	// Opcode: Integer P1 P2 _ _ _
	// r[P2] = integer P1.
	OpInteger
	// Opcode: Value _ P2 _ P4 _
	// r[P2] = the constant Value P4 (an Int64, Real, Decimal, String or Blob).
	OpValue
	// Opcode: Null _ P2 P3 _ _
	// r[P2..P3] = NULL (just r[P2] when P3 < P2).
	OpNull
	// Opcode: Variable P1 P2 _ _ _
	// r[P2] = bound parameter number P1 (1-based).
	OpVariable
	// Opcode: Copy P1 P2 P3 _ _
	// r[P2..P2+P3] = r[P1..P1+P3] (one register when P3 = 0).
	OpCopy
	// Opcode: Column P1 P2 P3 _ _
	// r[P3] = column P2 of cursor P1 (NULL on a null row).
	OpColumn
	// Opcode: Rowid P1 P2 _ _ _
	// r[P2] = the rowid of cursor P1 (NULL on a null row).
	OpRowid
	// Opcode: ResultRow P1 P2 _ _ _
	// Yield r[P1..P1+P2-1] as a result row.
	OpResultRow
	// Opcode: OpenRead P1 _ _ P4 _
	// Open cursor P1 on the tree described by P4 (*TreeSpec) for reading.
	OpOpenRead
	// Opcode: OpenWrite P1 _ _ P4 _
	// Open cursor P1 on the tree described by P4 (*TreeSpec) for writing.
	OpOpenWrite
	// Opcode: OpenEphemeral P1 P2 _ P4 _
	// Open cursor P1 on a new, empty temporary index whose first P2 columns
	// are the key (0: all columns); P4 is *TreeSpec (directions in Desc).
	// Reopening an open ephemeral cursor empties it.
	OpOpenEphemeral
	// Opcode: Close P1 _ _ _ _
	// Close cursor P1.
	OpClose
	// Opcode: NullRow P1 _ _ _ _
	// Put cursor P1 on a row of NULLs (for outer joins); Next then ends.
	OpNullRow
	// Opcode: Rewind P1 P2 _ _ _
	// Move cursor P1 to its first entry; jump to P2 when it is empty.
	OpRewind
	// Opcode: Last P1 P2 _ _ _
	// Move cursor P1 to its last entry; jump to P2 when it is empty.
	OpLast
	// Opcode: Next P1 P2 _ _ _
	// Advance cursor P1; jump to P2 when there is a next entry.
	OpNext
	// Opcode: Prev P1 P2 _ _ _
	// Move cursor P1 back; jump to P2 when there is a previous entry.
	OpPrev
	// Opcode: SeekRowid P1 P2 P3 _ _
	// Move cursor P1 to the row whose rowid is r[P3]; jump to P2 when there
	// is none (or r[P3] is not an integer).
	OpSeekRowid
	// Opcode: NotExists P1 P2 P3 _ _
	// Like SeekRowid with an integer r[P3]: jump to P2 when no row has it.
	OpNotExists
	// Opcode: SeekGE P1 P2 P3 P4 _
	// Move index cursor P1 to the first entry >= key r[P3..P3+P4-1]
	// (P4 an int); jump to P2 when there is none.
	OpSeekGE
	// Opcode: SeekGT P1 P2 P3 P4 _
	// As SeekGE, first entry > key.
	OpSeekGT
	// Opcode: SeekLE P1 P2 P3 P4 _
	// Move to the last entry <= key; jump to P2 when there is none.
	OpSeekLE
	// Opcode: SeekLT P1 P2 P3 P4 _
	// Move to the last entry < key; jump to P2 when there is none.
	OpSeekLT
	// Opcode: IdxGE P1 P2 P3 P4 _
	// Jump to P2 when the key prefix of cursor P1 >= r[P3..P3+P4-1].
	OpIdxGE
	// Opcode: IdxGT P1 P2 P3 P4 _
	// Jump to P2 when the key prefix of cursor P1 > r[P3..].
	OpIdxGT
	// Opcode: IdxLE P1 P2 P3 P4 _
	// Jump to P2 when the key prefix of cursor P1 <= r[P3..].
	OpIdxLE
	// Opcode: IdxLT P1 P2 P3 P4 _
	// Jump to P2 when the key prefix of cursor P1 < r[P3..].
	OpIdxLT
	// Opcode: IdxRowid P1 P2 _ _ _
	// r[P2] = the rowid stored as the last column of index cursor P1.
	OpIdxRowid
	// Opcode: Found P1 P2 P3 P4 _
	// Jump to P2 when index cursor P1 holds an entry whose prefix equals
	// r[P3..P3+P4-1] (NULLs equal NULLs here); the cursor is left on it.
	OpFound
	// Opcode: NotFound P1 P2 P3 P4 _
	// Jump to P2 when index cursor P1 holds no entry with that prefix.
	OpNotFound
	// Opcode: NewRowid P1 P2 _ _ _
	// r[P2] = a rowid not used in table cursor P1 (largest + 1).
	OpNewRowid
	// Opcode: Insert P1 P2 P3 P4 _
	// Write the row r[P2..P2+P4-1] with rowid r[P3] into table cursor P1
	// (replacing a row with that rowid). P5&1: count the change; P5&2: a
	// new row, whose rowid is the statement's LastInsertID if it is the first;
	// P5&4: an updated row (upsert), the LastInsertID while no row is new.
	OpInsert
	// Opcode: IdxInsert P1 P2 P3 _ _
	// Insert the key r[P2..P2+P3-1] into index cursor P1.
	OpIdxInsert
	// Opcode: Delete P1 _ _ _ P5
	// Delete the entry cursor P1 is on. P5&1: count the change.
	OpDelete
	// Opcode: IdxDelete P1 _ P3 P4 _
	// Delete the entry equal to key r[P3..P3+P4-1] from index cursor P1,
	// if there is one.
	OpIdxDelete
	// Opcode: Eq P1 P2 P3 _ _
	// r[P3] = r[P1] = r[P2] (1, 0 or NULL, MySQL comparison).
	OpEq
	// Opcode: Ne P1 P2 P3 _ _
	// r[P3] = r[P1] <> r[P2].
	OpNe
	// Opcode: Lt P1 P2 P3 _ _
	// r[P3] = r[P1] < r[P2].
	OpLt
	// Opcode: Le P1 P2 P3 _ _
	// r[P3] = r[P1] <= r[P2].
	OpLe
	// Opcode: Gt P1 P2 P3 _ _
	// r[P3] = r[P1] > r[P2].
	OpGt
	// Opcode: Ge P1 P2 P3 _ _
	// r[P3] = r[P1] >= r[P2].
	OpGe
	// Opcode: NullEq P1 P2 P3 _ _
	// r[P3] = r[P1] <=> r[P2] (never NULL).
	OpNullEq
	// Opcode: And P1 P2 P3 _ _
	// r[P3] = r[P1] AND r[P2], three-valued.
	OpAnd
	// Opcode: Or P1 P2 P3 _ _
	// r[P3] = r[P1] OR r[P2], three-valued.
	OpOr
	// Opcode: Xor P1 P2 P3 _ _
	// r[P3] = r[P1] XOR r[P2], three-valued.
	OpXor
	// Opcode: Not P1 P2 _ _ _
	// r[P2] = NOT r[P1] (NULL stays NULL).
	OpNot
	// Opcode: IsTrue P1 P2 P3 _ _
	// r[P2] = (r[P1] IS TRUE), or IS FALSE when P3 = 1 (never NULL).
	OpIsTrue
	// Opcode: If P1 P2 P3 _ _
	// Jump to P2 when r[P1] is true, or NULL and P3 != 0.
	OpIf
	// Opcode: IfNot P1 P2 P3 _ _
	// Jump to P2 when r[P1] is false, or NULL and P3 != 0.
	OpIfNot
	// Opcode: IsNull P1 P2 _ _ _
	// Jump to P2 when r[P1] is NULL.
	OpIsNull
	// Opcode: NotNull P1 P2 _ _ _
	// Jump to P2 when r[P1] is not NULL.
	OpNotNull
	// Opcode: IfPos P1 P2 P3 _ _
	// When the integer r[P1] > 0: r[P1] -= P3 and jump to P2.
	OpIfPos
	// Opcode: DecrJumpZero P1 P2 _ _ _
	// r[P1]--, then jump to P2 when it is 0.
	OpDecrJumpZero
	// Opcode: AddImm P1 P2 _ _ _
	// r[P1] += P2 (as an integer).
	OpAddImm
	// Opcode: MustBeInt P1 P2 _ _ _
	// Make r[P1] an integer (LIMIT/OFFSET); a negative or non-numeric value
	// is an error unless P2 != 0, which clamps it to 0.
	OpMustBeInt
	// Opcode: Add P1 P2 P3 _ _
	// r[P3] = r[P1] + r[P2] (MySQL rules, overflow is an error).
	OpAdd
	// Opcode: Subtract P1 P2 P3 _ _
	// r[P3] = r[P1] - r[P2].
	OpSubtract
	// Opcode: Multiply P1 P2 P3 _ _
	// r[P3] = r[P1] * r[P2].
	OpMultiply
	// Opcode: Divide P1 P2 P3 _ _
	// r[P3] = r[P1] / r[P2] (NULL when r[P2] is 0).
	OpDivide
	// Opcode: IntDiv P1 P2 P3 _ _
	// r[P3] = r[P1] DIV r[P2].
	OpIntDiv
	// Opcode: Remainder P1 P2 P3 _ _
	// r[P3] = r[P1] MOD r[P2].
	OpRemainder
	// Opcode: Negative P1 P2 _ _ _
	// r[P2] = -r[P1].
	OpNegative
	// Opcode: Cast P1 P2 _ P4 _
	// r[P2] = CAST(r[P1] AS P4) (P4 a ColType).
	OpCast
	// Opcode: Function P1 P2 P3 P4 _
	// r[P3] = P4(r[P1..P1+P2-1]) (P4 a *FuncDef).
	OpFunction
	// Opcode: AggReset P1 _ _ P4 _
	// Start aggregation P1: drop its groups. P4 is *AggSpec.
	OpAggReset
	// Opcode: AggGroup P1 P2 P3 _ _
	// Make the group whose key is r[P2..P2+P3-1] the current group of
	// aggregation P1, creating it when new.
	OpAggGroup
	// Opcode: AggStep P1 P2 P3 P4 _
	// Feed r[P2..P2+P4-1] (P4 an int count) to aggregate function P3 of the
	// current group of aggregation P1.
	OpAggStep
	// Opcode: AggSort P1 P2 _ _ _
	// Finish the input of aggregation P1 and sort its groups by key.
	// P2 != 0: with no input there is still one (empty) group, as for an
	// aggregate query without GROUP BY.
	OpAggSort
	// Opcode: AggNext P1 P2 _ _ _
	// Move aggregation P1 to its next group (the first after AggSort);
	// jump to P2 when there are no more.
	OpAggNext
	// Opcode: AggFinal P1 P2 P3 _ _
	// r[P3] = the result of aggregate function P2 for the current group of
	// aggregation P1.
	OpAggFinal
	// Opcode: Gosub P1 P2 _ _ _
	// r[P1] = the address of the next instruction; jump to P2.
	OpGosub
	// Opcode: Return P1 _ _ _ _
	// Jump to the address in r[P1].
	OpReturn
	// Opcode: Once _ P2 _ _ _
	// Fall through the first time it runs in this execution; jump to P2 after.
	OpOnce
	// Opcode: Noop _ _ _ _ _
	// Do nothing (a patched-out instruction).
	OpNoop
	// Opcode: Like P1 P2 P3 P4 _
	// r[P3] = r[P1] LIKE r[P2]; P4 is the escape character (a string, "" for
	// the default backslash).
	OpLike
	// Opcode: Concat P1 P2 P3 _ _
	// r[P3] = r[P1] || r[P2] as string concatenation (NULL if either is).
	OpConcat
	// Opcode: BitAnd P1 P2 P3 _ _
	// r[P3] = r[P1] & r[P2] (unsigned 64-bit, as MySQL).
	OpBitAnd
	// Opcode: BitOr P1 P2 P3 _ _
	// r[P3] = r[P1] | r[P2].
	OpBitOr
	// Opcode: BitXor P1 P2 P3 _ _
	// r[P3] = r[P1] ^ r[P2].
	OpBitXor
	// Opcode: ShiftLeft P1 P2 P3 _ _
	// r[P3] = r[P1] << r[P2].
	OpShiftLeft
	// Opcode: ShiftRight P1 P2 P3 _ _
	// r[P3] = r[P1] >> r[P2].
	OpShiftRight
	// Opcode: BitNot P1 P2 _ _ _
	// r[P2] = ~r[P1].
	OpBitNot
	// Opcode: Affinity P1 P2 _ P4 _
	// Convert r[P1..P1+P2-1] in place to the column types P4 ([]ColType), as
	// MySQL converts values assigned to columns.
	OpAffinity
	// Opcode: HaltIfNull P1 P2 _ P4 _
	// Stop with a constraint error (message P4) when r[P2] is NULL.
	OpHaltIfNull
	// Opcode: Count P1 P2 _ _ _
	// r[P2] = number of entries in cursor P1.
	OpCount
	// Opcode: Sequence P1 P2 _ _ _
	// r[P2] = the next value of cursor P1's sequence counter (0, 1, ...).
	OpSequence
	// Opcode: OpenWindow P1 _ _ P4 _
	// Open cursor P1 on a new, empty window buffer (vm/window.go); P4 is
	// *WindowSpec. Rows go in with IdxInsert.
	OpOpenWindow
	// Opcode: Window P1 _ _ _ _
	// Compute the window functions of window buffer P1; Rewind then reads
	// its rows with the results in the columns after the input.
	OpWindow
	// Opcode: Program P1 _ P3 P4 _
	// Run the sub-program P4 (*Program) to its end in this execution's
	// storage, its registers 1..P3 set from r[P1..P1+P3-1] (the arguments)
	// and its result rows discarded (vm/subprogram.go). An error of the
	// sub-program is this program's error; its changes and insert ids are
	// not this program's (triggers: MySQL counts only the outer
	// statement's rows).
	OpProgram
	// Opcode: Call P1 P2 P3 P4 _
	// Call the Go function P4 (*Native) with r[P1..P1+P2-1] and this
	// execution's storage (vm/native.go); r[P3] = its result when P3 != 0.
	// An error it returns is this program's error.
	OpCall
	// Opcode: EqJump P1 P2 P3 _ P5
	// Jump to P2 when r[P1] = r[P3] (the comparison of Eq); when either is
	// NULL, jump only if P5 != 0. The compiler's conditions (sql C14) use
	// these instead of Eq + If, one instruction per term.
	OpEqJump
	// Opcode: NeJump P1 P2 P3 _ P5
	// Jump to P2 when r[P1] <> r[P3] (NULL: as EqJump).
	OpNeJump
	// Opcode: LtJump P1 P2 P3 _ P5
	// Jump to P2 when r[P1] < r[P3] (NULL: as EqJump).
	OpLtJump
	// Opcode: LeJump P1 P2 P3 _ P5
	// Jump to P2 when r[P1] <= r[P3] (NULL: as EqJump).
	OpLeJump
	// Opcode: GtJump P1 P2 P3 _ P5
	// Jump to P2 when r[P1] > r[P3] (NULL: as EqJump).
	OpGtJump
	// Opcode: GeJump P1 P2 P3 _ P5
	// Jump to P2 when r[P1] >= r[P3] (NULL: as EqJump).
	OpGeJump

	numOpcodes
)

var opcodeNames = [numOpcodes]string{
	OpInit: "Init", OpGoto: "Goto", OpHalt: "Halt", OpInteger: "Integer", OpValue: "Value", OpNull: "Null", OpVariable: "Variable",
	OpCopy: "Copy", OpColumn: "Column", OpRowid: "Rowid", OpResultRow: "ResultRow",
	OpOpenRead: "OpenRead", OpOpenWrite: "OpenWrite", OpOpenEphemeral: "OpenEphemeral",
	OpClose: "Close", OpNullRow: "NullRow", OpRewind: "Rewind", OpLast: "Last",
	OpNext: "Next", OpPrev: "Prev", OpSeekRowid: "SeekRowid", OpNotExists: "NotExists",
	OpSeekGE: "SeekGE", OpSeekGT: "SeekGT", OpSeekLE: "SeekLE", OpSeekLT: "SeekLT",
	OpIdxGE: "IdxGE", OpIdxGT: "IdxGT", OpIdxLE: "IdxLE", OpIdxLT: "IdxLT",
	OpIdxRowid: "IdxRowid", OpFound: "Found", OpNotFound: "NotFound",
	OpNewRowid: "NewRowid", OpInsert: "Insert", OpIdxInsert: "IdxInsert",
	OpDelete: "Delete", OpIdxDelete: "IdxDelete",
	OpEq: "Eq", OpNe: "Ne", OpLt: "Lt", OpLe: "Le", OpGt: "Gt", OpGe: "Ge", OpNullEq: "NullEq",
	OpAnd: "And", OpOr: "Or", OpXor: "Xor", OpNot: "Not", OpIsTrue: "IsTrue",
	OpIf: "If", OpIfNot: "IfNot", OpIsNull: "IsNull", OpNotNull: "NotNull",
	OpIfPos: "IfPos", OpDecrJumpZero: "DecrJumpZero", OpAddImm: "AddImm", OpMustBeInt: "MustBeInt",
	OpAdd: "Add", OpSubtract: "Subtract", OpMultiply: "Multiply", OpDivide: "Divide",
	OpIntDiv: "IntDiv", OpRemainder: "Remainder", OpNegative: "Negative", OpCast: "Cast",
	OpFunction: "Function", OpAggReset: "AggReset", OpAggGroup: "AggGroup", OpAggStep: "AggStep",
	OpAggSort: "AggSort", OpAggNext: "AggNext", OpAggFinal: "AggFinal",
	OpGosub: "Gosub", OpReturn: "Return", OpOnce: "Once", OpNoop: "Noop",
	OpLike: "Like", OpConcat: "Concat", OpBitAnd: "BitAnd", OpBitOr: "BitOr", OpBitXor: "BitXor",
	OpShiftLeft: "ShiftLeft", OpShiftRight: "ShiftRight", OpBitNot: "BitNot",
	OpAffinity: "Affinity", OpHaltIfNull: "HaltIfNull", OpCount: "Count",
	OpSequence: "Sequence", OpOpenWindow: "OpenWindow", OpWindow: "Window",
	OpProgram: "Program", OpCall: "Call",
	OpEqJump: "EqJump", OpNeJump: "NeJump", OpLtJump: "LtJump", OpLeJump: "LeJump",
	OpGtJump: "GtJump", OpGeJump: "GeJump",
}

func (o Opcode) String() string {
	if o < numOpcodes && opcodeNames[o] != "" {
		return opcodeNames[o]
	}
	return "Opcode?"
}
