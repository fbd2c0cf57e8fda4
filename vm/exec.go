package vm

import (
	"context"
	"fmt"
	"math"
	"strings"
)

// Env is what one execution of a program needs from the layer above.
type Env struct {
	Storage Storage
	// Params are the bound parameters, Params[0] is "?" number 1.
	Params []Value
	// Temp, when set, takes the rows of ephemeral indexes past its
	// budget (M10); nil keeps them in memory.
	Temp TempFiles
}

// Exec is one execution of a Program (M2): registers, cursors and a
// program counter. It is not safe for concurrent use.
type Exec struct {
	prog    *Program
	env     *Env
	ctx     context.Context
	pc      int
	regs    []Value
	curs    []vmCursor // a slot is open when its c is set
	aggs    []*aggregation
	once    []bool // per instruction, made by the first OpOnce
	changes int64
	lastID  int64
	haveID  bool // lastID is set: it keeps the statement's first row
	row     []Value
	done    bool
	err     error
	steps   uint64   // instructions run, for the periodic context check
	depth   int      // OpProgram nesting (subprogram.go)
	mem     *execMem // regs and curs, pooled (exec_mem.go); nil after Close
}

type vmCursor struct {
	c       Cursor
	bt      *btCursor // c, when it is a b-tree cursor: OpColumn, OpRowid and OpNext call it directly
	spec    *TreeSpec
	nullRow bool
	seq     int64
}

// NewExec prepares an execution of p in env. ctx is checked every few
// thousand instructions (M3).
func NewExec(ctx context.Context, p *Program, env *Env) *Exec {
	if env == nil {
		env = &Env{}
	}
	m := getExecMem(p.NumRegs+1, p.NumCursors)
	return &Exec{
		prog: p, env: env, ctx: ctx,
		regs: m.regs,
		curs: m.curs,
		aggs: make([]*aggregation, p.NumAggs),
		mem:  m,
	}
}

// Row is the current result row after Step returned true. It aliases the
// registers: valid until the next Step.
func (e *Exec) Row() []Value { return e.row }

// Changes is the number of rows inserted, updated or deleted so far.
func (e *Exec) Changes() int64 { return e.changes }

// LastInsertID is the rowid of the first new row the statement inserted
// (0 for none): MySQL's LAST_INSERT_ID for a multi-row INSERT.
func (e *Exec) LastInsertID() int64 { return e.lastID }

// Close closes the execution's cursors. It is safe to call twice.
func (e *Exec) Close() error {
	var first error
	for i := range e.curs {
		if c := e.curs[i].c; c != nil {
			e.curs[i] = vmCursor{}
			if err := c.Close(); err != nil && first == nil {
				first = err
			}
		}
	}
	for _, a := range e.aggs {
		if a != nil {
			if err := a.close(); err != nil && first == nil {
				first = err
			}
		}
	}
	e.done = true
	if m := e.mem; m != nil {
		// Drop every reference to the registers before pooling them (M14).
		e.mem, e.regs, e.curs, e.row = nil, nil, nil, nil
		putExecMem(m)
	}
	return first
}

// truth is Truth of register r; integers and NULL (every comparison's
// result) are read in place rather than copied into a call.
func (e *Exec) truth(r int) (bool, bool) {
	v := &e.regs[r]
	switch v.kind {
	case KindNull:
		return false, true
	case KindInt, KindUint:
		return v.d.coef != 0, false
	}
	return Truth(*v)
}

// cursorAt returns open cursor i, nil when it is not open. The hot cursor
// opcodes use it: it inlines, cursor does not.
func (e *Exec) cursorAt(i int) *vmCursor {
	if uint(i) < uint(len(e.curs)) {
		if c := &e.curs[i]; c.c != nil {
			return c
		}
	}
	return nil
}

// cursor returns open cursor i or ErrMisuse.
func (e *Exec) cursor(i int) (*vmCursor, error) {
	if c := e.cursorAt(i); c != nil {
		return c, nil
	}
	return nil, e.noCursor(i)
}

func (e *Exec) noCursor(i int) error {
	return execErrorf(ErrMisuse, "cursor %d is not open (pc %d)", i, e.pc)
}

// closeCursor closes cursor slot i if it is open.
func (e *Exec) closeCursor(i int) error {
	c := e.curs[i].c
	if c == nil {
		return nil
	}
	e.curs[i] = vmCursor{}
	return c.Close()
}

// setCursor opens slot i on c.
func (e *Exec) setCursor(i int, c Cursor, spec *TreeSpec) {
	bt, _ := c.(*btCursor)
	e.curs[i] = vmCursor{c: c, bt: bt, spec: spec}
}

// Step runs until the next result row (true) or the end (false).
func (e *Exec) Step() (bool, error) {
	if e.err != nil {
		return false, e.err
	}
	if e.done {
		return false, nil
	}
	ok, err := e.runGuarded()
	if err != nil {
		e.err = err
		e.Close()
		return false, err
	}
	if !ok {
		e.done = true
		if err := e.Close(); err != nil {
			e.err = err
			return false, err
		}
	}
	return ok, nil
}

// runGuarded turns a panic of the interpreter (a malformed program, a
// compiler bug) into ErrMisuse (M8): a bad program never takes the
// process down.
func (e *Exec) runGuarded() (ok bool, err error) {
	defer func() {
		if r := recover(); r != nil {
			ok, err = false, execErrorf(ErrMisuse, "internal error at pc %d: %v", e.pc-1, r)
		}
	}()
	return e.run()
}

func boolVal(b bool) Value {
	if b {
		return Int(1)
	}
	return Int(0)
}

func (e *Exec) run() (bool, error) {
	ins := e.prog.Instrs
	regs := e.regs
	// pc lives in a register; e.pc follows it, one past the running
	// instruction, for error messages, OpOnce and the panic guard.
	pc := e.pc
	for {
		e.steps++
		if e.steps&4095 == 0 {
			if err := e.ctx.Err(); err != nil {
				return false, execErrorf(ErrInterrupted, "%v", err)
			}
		}
		if uint(pc) >= uint(len(ins)) {
			return false, execErrorf(ErrMisuse, "pc %d out of range", pc)
		}
		in := &ins[pc]
		pc++
		e.pc = pc
		switch in.Op {
		case OpInit, OpGoto:
			pc = in.P2
		case OpInteger:
			regs[in.P2].setInt(int64(in.P1))
		case OpValue:
			regs[in.P2] = in.P4.(Value)
		case OpNull:
			regs[in.P2].setNull()
			for r := in.P2 + 1; r <= in.P3; r++ {
				regs[r].setNull()
			}
		case OpCopy:
			if in.P3 == 0 { // one register: an assignment, not a call
				regs[in.P2] = regs[in.P1]
				break
			}
			copy(regs[in.P2:in.P2+in.P3+1], regs[in.P1:in.P1+in.P3+1])
		case OpColumn:
			c := e.cursorAt(in.P1)
			if c == nil {
				return false, e.noCursor(in.P1)
			}
			if c.nullRow {
				regs[in.P3] = Value{}
				break
			}
			if c.bt != nil {
				if err := c.bt.columnInto(in.P2, &regs[in.P3]); err != nil {
					return false, err
				}
				break
			}
			v, err := c.c.Column(in.P2)
			if err != nil {
				return false, err
			}
			regs[in.P3] = v
		case OpRowid, OpIdxRowid:
			c := e.cursorAt(in.P1)
			if c == nil {
				return false, e.noCursor(in.P1)
			}
			if c.nullRow {
				regs[in.P2] = Value{}
				break
			}
			var r int64
			var err error
			if c.bt != nil {
				r, err = c.bt.Rowid()
			} else {
				r, err = c.c.Rowid()
			}
			if err != nil {
				return false, err
			}
			regs[in.P2].setInt(r)
		case OpResultRow:
			e.row = regs[in.P1 : in.P1+in.P2]
			return true, nil
		case OpNext, OpPrev:
			c := e.cursorAt(in.P1)
			if c == nil {
				return false, e.noCursor(in.P1)
			}
			if c.nullRow {
				break
			}
			var ok bool
			var err error
			switch {
			case in.Op == OpNext && c.bt != nil:
				ok, err = c.bt.Next()
			case in.Op == OpNext:
				ok, err = c.c.Next()
			default:
				ok, err = c.c.Prev()
			}
			if err != nil {
				return false, err
			}
			if ok {
				pc = in.P2
			}
		case OpSeekRowid, OpNotExists:
			c := e.cursorAt(in.P1)
			if c == nil {
				return false, e.noCursor(in.P1)
			}
			c.nullRow = false
			rowid, isInt := seekableRowid(regs[in.P3])
			if !isInt {
				pc = in.P2
				break
			}
			ok, err := c.c.SeekRowid(rowid)
			if err != nil {
				return false, err
			}
			if !ok {
				pc = in.P2
			}
		case OpIdxGE, OpIdxGT, OpIdxLE, OpIdxLT:
			c := e.cursorAt(in.P1)
			if c == nil {
				return false, e.noCursor(in.P1)
			}
			cmp, err := c.c.CompareKey(regs[in.P3 : in.P3+in.P4.(int)])
			if err != nil {
				return false, err
			}
			var jump bool
			switch in.Op {
			case OpIdxGE:
				jump = cmp >= 0
			case OpIdxGT:
				jump = cmp > 0
			case OpIdxLE:
				jump = cmp <= 0
			case OpIdxLT:
				jump = cmp < 0
			}
			if jump {
				pc = in.P2
			}
		case OpEq, OpNe, OpLt, OpLe, OpGt, OpGe:
			// Two integers, a NULL and two strings are compared in place,
			// without copying both values into Compare.
			var cmp int
			x, y := &regs[in.P1], &regs[in.P2]
			switch {
			case x.kind == KindInt && y.kind == KindInt:
				cmp = cmpInt64(x.d.coef, y.d.coef)
			case x.kind == KindNull || y.kind == KindNull:
				regs[in.P3].setNull()
				continue
			case x.IsString() && y.IsString():
				cmp = strings.Compare(x.s, y.s)
			default:
				cmp = compareNonNull(*x, *y)
			}
			regs[in.P3].setBool(cmpHolds[in.Op-OpEq][cmp+1])
		case OpAnd, OpOr, OpXor:
			a, an, ok := intTruth(&regs[in.P1])
			if !ok {
				a, an = e.truth(in.P1)
			}
			b, bn, ok := intTruth(&regs[in.P2])
			if !ok {
				b, bn = e.truth(in.P2)
			}
			if t, isNull := logic3(in.Op, a, an, b, bn); isNull {
				regs[in.P3].setNull()
			} else {
				regs[in.P3].setBool(t)
			}
		case OpNot:
			t, isNull := e.truth(in.P1)
			if isNull {
				regs[in.P2] = Value{}
			} else {
				regs[in.P2] = boolVal(!t)
			}
		case OpIsTrue:
			t, isNull := e.truth(in.P1)
			if in.P3 == 1 {
				regs[in.P2] = boolVal(!isNull && !t)
			} else {
				regs[in.P2] = boolVal(!isNull && t)
			}
		case OpEqJump, OpNeJump, OpLtJump, OpLeJump, OpGtJump, OpGeJump: // cmpjump.go
			// Two integers are compared here; cmpJumps does the rest.
			x, y := &regs[in.P1], &regs[in.P3]
			var jump bool
			if x.kind == KindInt && y.kind == KindInt {
				jump = cmpHolds[in.Op-OpEqJump][cmpInt64(x.d.coef, y.d.coef)+1]
			} else {
				jump = cmpJumps(in, x, y)
			}
			if jump {
				pc = in.P2
			}
		case OpIf, OpIfNot:
			t, isNull, ok := intTruth(&regs[in.P1])
			if !ok {
				t, isNull = e.truth(in.P1)
			}
			var jump bool
			if isNull {
				jump = in.P3 != 0
			} else {
				jump = t == (in.Op == OpIf)
			}
			if jump {
				pc = in.P2
			}
		case OpIsNull:
			if regs[in.P1].IsNull() {
				pc = in.P2
			}
		case OpNotNull:
			if !regs[in.P1].IsNull() {
				pc = in.P2
			}
		case OpIfPos:
			if v := regs[in.P1].AsInt(); v > 0 {
				regs[in.P1] = Int(v - int64(in.P3))
				pc = in.P2
			}
		case OpDecrJumpZero:
			v := regs[in.P1].AsInt() - 1
			regs[in.P1] = Int(v)
			if v == 0 {
				pc = in.P2
			}
		case OpAddImm:
			regs[in.P1].setInt(regs[in.P1].AsInt() + int64(in.P2))
		case OpAdd, OpSubtract, OpMultiply, OpDivide, OpIntDiv, OpRemainder:
			v, _, err := Arith(in.Op, regs[in.P1], regs[in.P2])
			if err != nil {
				return false, err
			}
			regs[in.P3] = v
		case OpGosub:
			regs[in.P1].setInt(int64(pc))
			pc = in.P2
		case OpReturn:
			pc = int(regs[in.P1].AsInt())
		default:
			// The rarer opcodes run out of line, so the loop over the hot
			// ones stays small; they jump through e.pc.
			if halt, err := e.runCold(in); halt {
				return false, err
			}
			pc = e.pc
		}
	}
}

// runCold runs one of the rarer instructions for run; e.pc is one past
// it and a jump sets e.pc. halt reports the end of the execution, with
// its error (nil for OpHalt).
func (e *Exec) runCold(in *Instr) (halt bool, err error) {
	ins, regs := e.prog.Instrs, e.regs
	switch in.Op {
	case OpHalt:
		if in.P1 != 0 {
			if err, ok := in.P4.(error); ok {
				return true, err
			}
			msg, _ := in.P4.(string)
			if in.P2 == 1 {
				return true, execErrorf(ErrConstraint, "%s", msg)
			}
			if in.P2 == 2 {
				return true, ErrSubqueryRows
			}
			return true, fmt.Errorf("vm: %s", msg)
		}
		return true, nil
	case OpVariable:
		if in.P1 < 1 || in.P1 > len(e.env.Params) {
			return true, execErrorf(ErrRange, "parameter %d not bound (%d given)", in.P1, len(e.env.Params))
		}
		regs[in.P2] = e.env.Params[in.P1-1]
	case OpOpenRead, OpOpenWrite:
		spec := in.P4.(*TreeSpec)
		if e.env.Storage == nil {
			return true, execErrorf(ErrMisuse, "no storage to open %s", spec.Name)
		}
		e.closeCursor(in.P1)
		c, err := e.env.Storage.OpenCursor(spec, in.Op == OpOpenWrite)
		if err != nil {
			return true, err
		}
		e.setCursor(in.P1, c, spec)
	case OpOpenEphemeral:
		spec, _ := in.P4.(*TreeSpec)
		var desc []bool
		if spec != nil {
			desc = spec.Desc
		}
		e.closeCursor(in.P1)
		m := newMemTree(in.P2, desc)
		if e.env.Temp != nil {
			m.temp, m.budget = e.env.Temp, e.env.Temp.SpillBudget()
		}
		e.setCursor(in.P1, m, spec)
	case OpClose:
		if err := e.closeCursor(in.P1); err != nil {
			return true, err
		}
	case OpNullRow:
		c, err := e.cursor(in.P1)
		if err != nil {
			return true, err
		}
		c.nullRow = true
	case OpRewind, OpLast:
		c := e.cursorAt(in.P1)
		if c == nil {
			return true, e.noCursor(in.P1)
		}
		c.nullRow = false
		var ok bool
		var err error
		if in.Op == OpRewind {
			ok, err = c.c.First()
		} else {
			ok, err = c.c.Last()
		}
		if err != nil {
			return true, err
		}
		if !ok {
			e.pc = in.P2
		}
	case OpSeekGE, OpSeekGT, OpSeekLE, OpSeekLT:
		c := e.cursorAt(in.P1)
		if c == nil {
			return true, e.noCursor(in.P1)
		}
		c.nullRow = false
		op := SeekOp(in.Op - OpSeekGE)
		ok, err := c.c.Seek(op, regs[in.P3:in.P3+in.P4.(int)])
		if err != nil {
			return true, err
		}
		if !ok {
			e.pc = in.P2
		}
	case OpFound, OpNotFound:
		c, err := e.cursor(in.P1)
		if err != nil {
			return true, err
		}
		key := regs[in.P3 : in.P3+in.P4.(int)]
		ok, err := c.c.Seek(SeekGE, key)
		if err != nil {
			return true, err
		}
		if ok {
			cmp, err := c.c.CompareKey(key)
			if err != nil {
				return true, err
			}
			ok = cmp == 0
		}
		if ok == (in.Op == OpFound) {
			e.pc = in.P2
		}
	case OpNewRowid:
		c, err := e.cursor(in.P1)
		if err != nil {
			return true, err
		}
		last, err := c.c.LastRowid()
		if err != nil {
			return true, err
		}
		if last == 1<<63-1 {
			return true, execErrorf(ErrRange, "table %s: rowid space exhausted", c.spec.Name)
		}
		regs[in.P2] = Int(last + 1)
	case OpInsert:
		c, err := e.cursor(in.P1)
		if err != nil {
			return true, err
		}
		if v := regs[in.P3]; v.Kind() == KindUint && v.AsUint() > math.MaxInt64 {
			// A BIGINT UNSIGNED rowid column: ids stop at 2^63-1.
			return true, execErrorf(ErrRange, "table %s: id %d is out of the rowid range (at most %d)", c.spec.Name, v.AsUint(), int64(math.MaxInt64))
		}
		rowid := regs[in.P3].AsInt()
		if err := c.c.Insert(rowid, regs[in.P2:in.P2+in.P4.(int)]); err != nil {
			return true, err
		}
		if in.P5&1 != 0 {
			e.changes++
		}
		switch {
		case in.P5&2 != 0 && !e.haveID:
			// A new row: MySQL's LastInsertId of a multi-row INSERT is
			// its first new row's id.
			e.lastID, e.haveID = rowid, true
		case in.P5&4 != 0 && !e.haveID && e.lastID == 0:
			// An upsert's updated row stands in until a row is new.
			e.lastID = rowid
		}
	case OpIdxInsert:
		c, err := e.cursor(in.P1)
		if err != nil {
			return true, err
		}
		if err := c.c.InsertKey(regs[in.P2 : in.P2+in.P3]); err != nil {
			return true, err
		}
	case OpDelete:
		c, err := e.cursor(in.P1)
		if err != nil {
			return true, err
		}
		if err := c.c.Delete(); err != nil {
			return true, err
		}
		if in.P5&1 != 0 {
			e.changes++
		}
	case OpIdxDelete:
		c, err := e.cursor(in.P1)
		if err != nil {
			return true, err
		}
		key := regs[in.P3 : in.P3+in.P4.(int)]
		ok, err := c.c.Seek(SeekGE, key)
		if err != nil {
			return true, err
		}
		if ok {
			cmp, err := c.c.CompareKey(key)
			if err != nil {
				return true, err
			}
			if cmp == 0 {
				if err := c.c.Delete(); err != nil {
					return true, err
				}
			}
		}
	case OpNullEq:
		regs[in.P3] = boolVal(NullSafeEqual(regs[in.P1], regs[in.P2]))
	case OpMustBeInt:
		v := regs[in.P1]
		switch {
		case v.Kind() == KindInt || v.Kind() == KindUint:
			if v.Kind() == KindInt && v.AsInt() < 0 {
				if in.P2 == 0 {
					return true, execErrorf(ErrRange, "negative LIMIT or OFFSET")
				}
				regs[in.P1] = Int(0)
			}
			if v.Kind() == KindUint && v.AsUint() > 1<<63-1 {
				regs[in.P1] = Int(1<<63 - 1)
			}
		case in.P2 != 0:
			regs[in.P1] = Int(0)
		default:
			return true, execErrorf(ErrArgs, "LIMIT and OFFSET need integers, not %s", v.Kind())
		}
	case OpNegative:
		v, err := Neg(regs[in.P1])
		if err != nil {
			return true, err
		}
		regs[in.P2] = v
	case OpCast:
		v, err := Cast(regs[in.P1], in.P4.(ColType))
		if err != nil {
			return true, err
		}
		regs[in.P2] = v
	case OpFunction:
		def := in.P4.(*FuncDef)
		v, err := def.Fn(regs[in.P1 : in.P1+in.P2])
		if err != nil {
			return true, err
		}
		regs[in.P3] = v
	case OpAggReset:
		if old := e.aggs[in.P1]; old != nil {
			if err := old.close(); err != nil {
				return true, err
			}
		}
		a := newAggregation(in.P4.(*AggSpec))
		if e.env.Temp != nil {
			a.temp, a.budget = e.env.Temp, e.env.Temp.SpillBudget()
		}
		e.aggs[in.P1] = a
	case OpAggGroup:
		if err := e.aggs[in.P1].group(regs[in.P2 : in.P2+in.P3]); err != nil {
			return true, err
		}
	case OpAggStep:
		a := e.aggs[in.P1]
		args := regs[in.P2 : in.P2+in.P4.(int)]
		if a.spilling {
			a.stepSpilled(in.P3, args)
			break
		}
		if err := a.cur.accs[in.P3].Step(args); err != nil {
			return true, err
		}
	case OpAggSort:
		if err := e.aggs[in.P1].finish(in.P2 != 0); err != nil {
			return true, err
		}
	case OpAggNext:
		ok, err := e.aggs[in.P1].next()
		if err != nil {
			return true, err
		}
		if !ok {
			e.pc = in.P2
		}
	case OpAggFinal:
		a := e.aggs[in.P1]
		if a.cur == nil {
			return true, execErrorf(ErrMisuse, "AggFinal without a group (pc %d)", e.pc-1)
		}
		v, err := a.cur.accs[in.P2].Final()
		if err != nil {
			return true, err
		}
		regs[in.P3] = v
	case OpOnce:
		if e.once == nil {
			e.once = make([]bool, len(ins))
		}
		if e.once[e.pc-1] {
			e.pc = in.P2
		} else {
			e.once[e.pc-1] = true
		}
	case OpNoop:
	case OpLike:
		esc, _ := in.P4.(string)
		regs[in.P3] = likeValue(regs[in.P1], regs[in.P2], esc)
	case OpConcat:
		a, b := regs[in.P1], regs[in.P2]
		if a.IsNull() || b.IsNull() {
			regs[in.P3] = Value{}
		} else {
			regs[in.P3] = Text(a.AsString() + b.AsString())
		}
	case OpBitAnd, OpBitOr, OpBitXor, OpShiftLeft, OpShiftRight:
		a, b := regs[in.P1], regs[in.P2]
		if a.IsNull() || b.IsNull() {
			regs[in.P3] = Value{}
			break
		}
		x, y := bitOperand(a), bitOperand(b)
		var r uint64
		switch in.Op {
		case OpBitAnd:
			r = x & y
		case OpBitOr:
			r = x | y
		case OpBitXor:
			r = x ^ y
		case OpShiftLeft:
			if y < 64 {
				r = x << y
			}
		case OpShiftRight:
			if y < 64 {
				r = x >> y
			}
		}
		regs[in.P3] = Uint(r)
	case OpBitNot:
		if regs[in.P1].IsNull() {
			regs[in.P2] = Value{}
		} else {
			regs[in.P2] = Uint(^bitOperand(regs[in.P1]))
		}
	case OpAffinity:
		types := in.P4.([]ColType)
		for i := 0; i < in.P2; i++ {
			sv, err := ToStorage(regs[in.P1+i], types[i])
			if err != nil {
				return true, err
			}
			regs[in.P1+i] = FromStorage(sv, types[i])
		}
	case OpHaltIfNull:
		if regs[in.P2].IsNull() {
			msg, _ := in.P4.(string)
			return true, execErrorf(ErrConstraint, "%s", msg)
		}
	case OpCount:
		c, err := e.cursor(in.P1)
		if err != nil {
			return true, err
		}
		n, err := c.c.Count()
		if err != nil {
			return true, err
		}
		regs[in.P2] = Int(n)
	case OpSequence:
		c, err := e.cursor(in.P1)
		if err != nil {
			return true, err
		}
		regs[in.P2] = Int(c.seq)
		c.seq++
	case OpOpenWindow:
		e.closeCursor(in.P1)
		spec, ok := in.P4.(*WindowSpec)
		if !ok {
			return true, execErrorf(ErrMisuse, "OpenWindow without a WindowSpec at pc %d", e.pc-1)
		}
		e.setCursor(in.P1, newWindowBuf(spec), nil)
	case OpWindow:
		c, err := e.cursor(in.P1)
		if err != nil {
			return true, err
		}
		w, ok := c.c.(*windowBuf)
		if !ok {
			return true, execErrorf(ErrMisuse, "cursor %d is not a window buffer (pc %d)", in.P1, e.pc-1)
		}
		if err := w.compute(); err != nil {
			return true, err
		}
	case OpProgram:
		if err := e.callProgram(in); err != nil {
			return true, err
		}
	case OpCall:
		if err := e.callNative(in); err != nil {
			return true, err
		}
	default:
		return true, execErrorf(ErrMisuse, "unknown opcode %d at pc %d", in.Op, e.pc-1)

	}
	return false, nil
}

// seekableRowid reports the rowid an integer-valued register names.
func seekableRowid(v Value) (int64, bool) {
	switch v.Kind() {
	case KindInt:
		return v.AsInt(), true
	case KindUint:
		if v.AsUint() <= 1<<63-1 {
			return int64(v.AsUint()), true
		}
		return 0, false
	case KindNull:
		return 0, false
	}
	f := v.AsFloat()
	if v.Kind() == KindFloat || v.Kind() == KindDecimal {
		if f != float64(int64(f)) {
			return 0, false
		}
		return int64(f), true
	}
	// Text: MySQL compares a string with an integer column numerically.
	i := int64(f)
	if float64(i) != f {
		return 0, false
	}
	return i, true
}

// bitOperand converts a bit operation's operand as MySQL does (to BIGINT
// UNSIGNED, negative values wrapping).
func bitOperand(v Value) uint64 {
	switch v.Kind() {
	case KindInt, KindUint:
		return v.AsUint()
	}
	f := v.AsFloat()
	if f < 0 {
		return uint64(int64(f - 0.5))
	}
	return uint64(f + 0.5)
}

// logic3 is AND, OR or XOR of a and b, each NULL when its n flag is set;
// the result is (truth, isNull).
func logic3(op Opcode, a, an, b, bn bool) (bool, bool) {
	switch op {
	case OpAnd:
		if (!an && !a) || (!bn && !b) {
			return false, false
		}
		if an || bn {
			return false, true
		}
		return true, false
	case OpOr:
		if (!an && a) || (!bn && b) {
			return true, false
		}
		if an || bn {
			return false, true
		}
		return false, false
	default:
		if an || bn {
			return false, true
		}
		return a != b, false
	}
}
