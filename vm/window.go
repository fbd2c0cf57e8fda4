package vm

import (
	"fmt"
	"sort"
	"strings"
)

// Window functions (MySQL 8's ROW_NUMBER ... NTH_VALUE and aggregates used
// with OVER). A window buffer is a cursor: OpOpenWindow opens it, each
// input row goes in with IdxInsert (the values the select list needs, the
// window functions' arguments, partition and order keys), OpWindow sorts
// the rows once per distinct (PARTITION BY, ORDER BY) and writes every
// function's result into its column of each row; Rewind/Next/Column then
// read the rows in the order of the last sort. The buffer lives in memory,
// as the group table does.
//
//	(W1) Rows sort by partition keys, then order keys (NULL first
//	     ascending, Desc reversing), ties in input order.
//	(W2) Peers are rows of one partition whose order keys all compare
//	     equal (every row of a partition when there is no ORDER BY).
//	(W3) Ranking functions and LAG/LEAD ignore the frame; FIRST_VALUE,
//	     LAST_VALUE, NTH_VALUE and aggregates see only the frame's rows.
//	(W4) A RANGE offset bound is the sort key plus or minus the offset:
//	     the frame starts at the first row that does not sort before it and
//	     ends after the last row that does not sort after it, so NULL keys
//	     sit where the sort puts them; a NULL current key has its peers as
//	     the bound.

// Window function names understood besides NewAggregate's aggregates.
const (
	WinRowNumber   = "row_number"
	WinRank        = "rank"
	WinDenseRank   = "dense_rank"
	WinPercentRank = "percent_rank"
	WinCumeDist    = "cume_dist"
	WinNtile       = "ntile"
	WinLag         = "lag"
	WinLead        = "lead"
	WinFirstValue  = "first_value"
	WinLastValue   = "last_value"
	WinNthValue    = "nth_value"
)

// WindowSpec describes a window buffer (P4 of OpOpenWindow): input rows
// have Width columns; function results are written after them.
type WindowSpec struct {
	Width int
	Sorts []WindowSort
}

// WindowSort is one ordering of the rows and the functions computed in it.
type WindowSort struct {
	Part  []int  // input columns of the PARTITION BY keys
	Order []int  // input columns of the ORDER BY keys
	Desc  []bool // per order key
	Funcs []WindowFunc
}

// WindowFunc is one window function call.
type WindowFunc struct {
	Name  string // a Win* name, or an aggregate name for NewAggregate
	Args  []int  // input columns of the arguments
	Frame WindowFrame
	Out   int // the column its result goes to (>= Width)
}

// BoundKind is the kind of one end of a window frame.
type BoundKind uint8

// Frame bound kinds.
const (
	UnboundedPreceding BoundKind = iota
	Preceding
	CurrentRow
	Following
	UnboundedFollowing
)

// FrameBound is one end of a frame; Offset is set for Preceding and
// Following (a non-negative integer for ROWS, a number for RANGE, or with
// Unit the count of an INTERVAL added to a temporal RANGE key).
type FrameBound struct {
	Kind   BoundKind
	Offset Value
	Unit   string // INTERVAL unit (DAY, MONTH, ...), "" for a plain number
}

// WindowFrame is a frame clause. The zero value is MySQL's default frame:
// RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW.
type WindowFrame struct {
	Rows       bool // ROWS rather than RANGE
	Start, End FrameBound
}

// DefaultFrame is RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW.
var DefaultFrame = WindowFrame{Start: FrameBound{Kind: UnboundedPreceding}, End: FrameBound{Kind: CurrentRow}}

func (s *WindowSpec) String() string {
	var parts []string
	for _, st := range s.Sorts {
		names := make([]string, len(st.Funcs))
		for i, f := range st.Funcs {
			names[i] = f.Name
		}
		parts = append(parts, fmt.Sprintf("part%v order%v: %s", st.Part, st.Order, strings.Join(names, ",")))
	}
	return strings.Join(parts, "; ")
}

// windowBuf is the cursor behind OpOpenWindow.
type windowBuf struct {
	spec     *WindowSpec
	rows     [][]Value
	order    []int // the rows in output order, set by compute
	pos      int
	computed bool
}

func newWindowBuf(spec *WindowSpec) *windowBuf { return &windowBuf{spec: spec, pos: -1} }

func (w *windowBuf) InsertKey(key []Value) error {
	if w.computed {
		return execErrorf(ErrMisuse, "insert into a computed window buffer")
	}
	row := make([]Value, w.spec.Width, w.spec.Width+w.nfuncs())
	copy(row, key)
	w.rows = append(w.rows, row)
	return nil
}

func (w *windowBuf) nfuncs() int {
	n := 0
	for _, s := range w.spec.Sorts {
		n += len(s.Funcs)
	}
	return n
}

// compute sorts the rows for each WindowSort and fills in the results.
func (w *windowBuf) compute() error {
	if w.computed {
		return nil
	}
	width := w.spec.Width + w.nfuncs()
	for i := range w.rows {
		w.rows[i] = w.rows[i][:width]
	}
	w.order = make([]int, len(w.rows))
	for i := range w.order {
		w.order[i] = i
	}
	for si := range w.spec.Sorts {
		s := &w.spec.Sorts[si]
		perm := make([]int, len(w.rows))
		for i := range perm {
			perm[i] = i
		}
		sort.SliceStable(perm, func(i, j int) bool {
			return w.sortCmp(s, w.rows[perm[i]], w.rows[perm[j]]) < 0
		})
		for start := 0; start < len(perm); {
			end := start + 1
			for end < len(perm) && w.samePartition(s, w.rows[perm[start]], w.rows[perm[end]]) {
				end++
			}
			if err := w.partition(s, perm[start:end]); err != nil {
				return err
			}
			start = end
		}
		w.order = perm
	}
	w.computed = true
	return nil
}

func (w *windowBuf) sortCmp(s *WindowSort, a, b []Value) int {
	for _, c := range s.Part {
		if r := compareValuesOrder(a[c], b[c]); r != 0 {
			return r
		}
	}
	return orderCmp(s, a, b)
}

// orderCmp compares two rows by the order keys, Desc reversing.
func orderCmp(s *WindowSort, a, b []Value) int {
	for i, c := range s.Order {
		if r := compareValuesOrder(EnumOrdinal(a[c]), EnumOrdinal(b[c])); r != 0 { // ENUM: by index
			if s.Desc[i] {
				return -r
			}
			return r
		}
	}
	return 0
}

func (w *windowBuf) samePartition(s *WindowSort, a, b []Value) bool {
	for _, c := range s.Part {
		if compareValuesOrder(a[c], b[c]) != 0 {
			return false
		}
	}
	return true
}

// winPart is one partition being computed: its rows in order and the peer
// group bounds of each position.
type winPart struct {
	s        *WindowSort
	rows     [][]Value
	peerFrom []int // first position of the position's peer group
	peerTo   []int // one past its last
}

func (w *windowBuf) partition(s *WindowSort, idx []int) error {
	p := &winPart{s: s, rows: make([][]Value, len(idx))}
	for i, r := range idx {
		p.rows[i] = w.rows[r]
	}
	n := len(idx)
	p.peerFrom, p.peerTo = make([]int, n), make([]int, n)
	for start := 0; start < n; {
		end := start + 1
		for end < n && orderCmp(s, p.rows[start], p.rows[end]) == 0 {
			end++
		}
		for k := start; k < end; k++ {
			p.peerFrom[k], p.peerTo[k] = start, end
		}
		start = end
	}
	for i := range s.Funcs {
		if err := p.eval(&s.Funcs[i]); err != nil {
			return err
		}
	}
	return nil
}

func (p *winPart) eval(f *WindowFunc) error {
	n := len(p.rows)
	switch f.Name {
	case WinRowNumber:
		for k, r := range p.rows {
			r[f.Out] = Int(int64(k + 1))
		}
	case WinRank:
		for k, r := range p.rows {
			r[f.Out] = Int(int64(p.peerFrom[k] + 1))
		}
	case WinDenseRank:
		rank := int64(0)
		for k, r := range p.rows {
			if p.peerFrom[k] == k {
				rank++
			}
			r[f.Out] = Int(rank)
		}
	case WinPercentRank:
		for k, r := range p.rows {
			v := 0.0
			if n > 1 {
				v = float64(p.peerFrom[k]) / float64(n-1)
			}
			r[f.Out] = Float(v)
		}
	case WinCumeDist:
		for k, r := range p.rows {
			r[f.Out] = Float(float64(p.peerTo[k]) / float64(n))
		}
	case WinNtile:
		for k, r := range p.rows {
			buckets, err := winIntArg(r, f, 0, 1)
			if err != nil {
				return err
			}
			r[f.Out] = Int(ntile(k, n, buckets))
		}
	case WinLag, WinLead:
		for k, r := range p.rows {
			off, err := winIntArg(r, f, 1, 0)
			if err != nil {
				return err
			}
			t := int64(k) - off
			if f.Name == WinLead {
				t = int64(k) + off
			}
			switch {
			case t >= 0 && t < int64(n):
				r[f.Out] = p.rows[t][f.Args[0]]
			case len(f.Args) > 2:
				r[f.Out] = r[f.Args[2]]
			default:
				r[f.Out] = Null()
			}
		}
	case WinFirstValue, WinLastValue, WinNthValue:
		for k, r := range p.rows {
			from, to, err := p.frame(f.Frame, k)
			if err != nil {
				return err
			}
			at := from
			switch f.Name {
			case WinLastValue:
				at = to - 1
			case WinNthValue:
				nth, err := winIntArg(r, f, 1, 1)
				if err != nil {
					return err
				}
				if nth > int64(to-from) {
					at = to
				} else {
					at = from + int(nth) - 1
				}
			}
			if from < to && at >= from && at < to {
				r[f.Out] = p.rows[at][f.Args[0]]
			} else {
				r[f.Out] = Null()
			}
		}
	default:
		return p.aggregate(f)
	}
	return nil
}

// winIntArg reads argument i of f on row r as an integer >= min (1 for NTILE's
// buckets and NTH_VALUE's N, 0 for LAG/LEAD's offset); an absent argument
// is 1. MySQL refuses NULL, negative and fractional values.
func winIntArg(r []Value, f *WindowFunc, i int, min int64) (int64, error) {
	if i >= len(f.Args) {
		return 1, nil
	}
	v := r[f.Args[i]]
	bad := v.IsNull()
	var n int64
	if !bad {
		switch v.Kind() {
		case KindInt:
			n = v.AsInt()
		case KindUint:
			n, bad = int64(v.AsUint()), v.AsUint() > 1<<62
		default:
			d := v.AsDecimal()
			i, ok := d.Int64()
			n, bad = i, !ok || !d.IsInteger()
		}
	}
	if bad || n < min {
		return 0, errorf(ErrArgs, "vm: incorrect arguments to %s", f.Name)
	}
	return n, nil
}

// ntile is the bucket (1-based) of position k of n rows in b buckets: the
// first n%b buckets hold one row more.
func ntile(k, n int, b int64) int64 {
	if int64(n) <= b {
		return int64(k + 1)
	}
	size := int64(n) / b
	extra := int64(n) % b
	big := extra * (size + 1)
	if int64(k) < big {
		return int64(k)/(size+1) + 1
	}
	return (int64(k)-big)/size + extra + 1
}

// frame returns the frame of position k as positions [from, to).
func (p *winPart) frame(fr WindowFrame, k int) (from, to int, err error) {
	n := len(p.rows)
	if from, err = p.bound(fr, fr.Start, k, true); err != nil {
		return 0, 0, err
	}
	if to, err = p.bound(fr, fr.End, k, false); err != nil {
		return 0, 0, err
	}
	from = max(0, min(from, n))
	to = max(0, min(to, n))
	if to < from {
		to = from
	}
	return from, to, nil
}

// bound returns a frame start (the first position in the frame) or end
// (one past the last).
func (p *winPart) bound(fr WindowFrame, b FrameBound, k int, start bool) (int, error) {
	n := len(p.rows)
	switch b.Kind {
	case UnboundedPreceding:
		return 0, nil
	case UnboundedFollowing:
		return n, nil
	case CurrentRow:
		if fr.Rows {
			if start {
				return k, nil
			}
			return k + 1, nil
		}
		if start {
			return p.peerFrom[k], nil
		}
		return p.peerTo[k], nil
	}
	if fr.Rows {
		off := min(b.Offset.AsInt(), int64(n)+1) // no overflow below
		if b.Offset.Kind() == KindUint {
			off = int64(n) + 1
		}
		if b.Kind == Preceding {
			off = -off
		}
		pos := int64(k) + off
		if !start {
			pos++
		}
		return int(max(-1, min(pos, int64(n)+1))), nil
	}
	return p.rangeBound(b, k, start)
}

// rangeBound is a RANGE n PRECEDING/FOLLOWING bound (W4).
func (p *winPart) rangeBound(b FrameBound, k int, start bool) (int, error) {
	if len(p.s.Order) != 1 {
		return 0, execErrorf(ErrMisuse, "RANGE offset with %d order keys", len(p.s.Order))
	}
	col, desc := p.s.Order[0], p.s.Desc[0]
	cur := p.rows[k][col]
	if cur.IsNull() {
		if start {
			return p.peerFrom[k], nil
		}
		return p.peerTo[k], nil
	}
	// Preceding moves toward the start of the sort: down when ascending.
	var target Value
	var err error
	down := (b.Kind == Preceding) != desc
	switch {
	case b.Unit != "":
		sign := int64(1)
		if down {
			sign = -1
		}
		target, err = dateAdd([]Value{cur, b.Offset, Text(b.Unit)}, sign)
	case down:
		target, err = Sub(cur, b.Offset)
	default:
		target, err = Add(cur, b.Offset)
	}
	if err != nil {
		return 0, err
	}
	cmp := func(v Value) int {
		r := compareValuesOrder(v, target)
		if desc {
			return -r
		}
		return r
	}
	n := len(p.rows)
	return sort.Search(n, func(i int) bool {
		c := cmp(p.rows[i][col])
		if start {
			return c >= 0
		}
		return c > 0
	}), nil
}

// aggregate computes an aggregate over each position's frame. Frames that
// only grow (from the partition start, or to its end) feed one
// accumulator; moving frames slide for COUNT/SUM/AVG of exact values and
// MIN/MAX; others are recomputed when the frame changes.
func (p *winPart) aggregate(f *WindowFunc) error {
	n := len(p.rows)
	args := make([]Value, len(f.Args))
	step := func(acc Aggregate, i int) error {
		for j, c := range f.Args {
			args[j] = p.rows[i][c]
		}
		return acc.Step(args)
	}
	fresh := func() (Aggregate, error) { return NewAggregate(f.Name, false) }
	fr := f.Frame
	switch {
	case fr.Start.Kind == UnboundedPreceding:
		acc, err := fresh()
		if err != nil {
			return err
		}
		fed := 0
		for k := 0; k < n; k++ {
			_, to, err := p.frame(fr, k)
			if err != nil {
				return err
			}
			for ; fed < to; fed++ {
				if err := step(acc, fed); err != nil {
					return err
				}
			}
			if p.rows[k][f.Out], err = acc.Final(); err != nil {
				return err
			}
		}
	case fr.End.Kind == UnboundedFollowing:
		acc, err := fresh()
		if err != nil {
			return err
		}
		fed := n
		for k := n - 1; k >= 0; k-- {
			from, _, err := p.frame(fr, k)
			if err != nil {
				return err
			}
			for ; fed > from; fed-- {
				if err := step(acc, fed-1); err != nil {
					return err
				}
			}
			if p.rows[k][f.Out], err = acc.Final(); err != nil {
				return err
			}
		}
	default:
		if ok, err := p.slidingExact(f); ok || err != nil {
			return err
		}
		if f.Name == AggMin || f.Name == AggMax {
			return p.slidingMinMax(f)
		}
		lastFrom, lastTo := -1, -1
		var last Value
		for k := 0; k < n; k++ {
			from, to, err := p.frame(fr, k)
			if err != nil {
				return err
			}
			if from != lastFrom || to != lastTo {
				acc, err := fresh()
				if err != nil {
					return err
				}
				for i := from; i < to; i++ {
					if err := step(acc, i); err != nil {
						return err
					}
				}
				if last, err = acc.Final(); err != nil {
					return err
				}
				lastFrom, lastTo = from, to
			}
			p.rows[k][f.Out] = last
		}
	}
	return nil
}

// slidingExact computes COUNT, SUM and AVG over a moving frame by adding
// the rows that enter it and subtracting those that leave, when every
// value is exact (integers, decimals): DOUBLE sums are recomputed per
// frame instead, as MySQL does by default, so rounding does not drift.
// It reports false when it did not apply.
func (p *winPart) slidingExact(f *WindowFunc) (bool, error) {
	sum := f.Name == AggSum || f.Name == AggAvg
	if !sum && f.Name != AggCount && f.Name != AggCountStar {
		return false, nil
	}
	var n int64
	var total Decimal
	// value reads row i: counted says whether it counts.
	value := func(i int) (counted bool, d Decimal, exact bool) {
		r := p.rows[i]
		for _, c := range f.Args {
			if r[c].IsNull() {
				return false, d, true
			}
		}
		if !sum {
			return true, d, true
		}
		v := r[f.Args[0]]
		if !v.IsExact() {
			return true, d, false
		}
		return true, v.AsDecimal(), true
	}
	// The accumulator holds rows [lo, hi); frames only move forward.
	lo, hi := 0, 0
	for k := range p.rows {
		fFrom, fTo, err := p.frame(f.Frame, k)
		if err != nil {
			return false, err
		}
		if fTo < hi {
			return false, nil
		}
		if fFrom >= hi {
			n, total, lo, hi = 0, Decimal{}, fFrom, fFrom
		}
		for ; lo < fFrom; lo++ {
			if counted, d, _ := value(lo); counted {
				n--
				total = total.Sub(d)
			}
		}
		for ; hi < fTo; hi++ {
			counted, d, exact := value(hi)
			if !exact {
				return false, nil
			}
			if counted {
				n++
				total = total.Add(d)
				if total.IntDigits() > MaxDecimalPrecision {
					return false, errorf(ErrRange, "vm: DECIMAL value is out of range in SUM")
				}
			}
		}
		var v Value
		switch {
		case !sum:
			v = Int(n)
		case n == 0:
			v = Null()
		case f.Name == AggAvg:
			v = Dec(total.Div(DecimalFromInt(n), DivPrecisionIncr))
		default:
			v = Dec(total)
		}
		p.rows[k][f.Out] = v
	}
	return true, nil
}

// slidingMinMax computes MIN or MAX over a moving frame with a deque of
// the positions that can still be the answer: their values strictly
// decrease (MAX) from the front, so the front is the frame's extreme and,
// among equal values, the earliest, as a fresh MIN/MAX would keep.
func (p *winPart) slidingMinMax(f *WindowFunc) error {
	sign := 1
	if f.Name == AggMin {
		sign = -1
	}
	if len(f.Args) != 1 {
		return errorf(ErrArgs, "vm: MIN/MAX take one argument, got %d", len(f.Args))
	}
	col := f.Args[0]
	var dq []int
	lo, hi := 0, 0
	for k := range p.rows {
		fFrom, fTo, err := p.frame(f.Frame, k)
		if err != nil {
			return err
		}
		if fFrom >= hi {
			dq, lo, hi = dq[:0], fFrom, fFrom
		}
		lo = max(lo, fFrom)
		for len(dq) > 0 && dq[0] < lo {
			dq = dq[1:]
		}
		for ; hi < fTo; hi++ {
			v := p.rows[hi][col]
			if v.IsNull() {
				continue
			}
			for len(dq) > 0 && compareNonNull(v, p.rows[dq[len(dq)-1]][col])*sign > 0 {
				dq = dq[:len(dq)-1]
			}
			dq = append(dq, hi)
		}
		if len(dq) == 0 {
			p.rows[k][f.Out] = Null()
		} else {
			p.rows[k][f.Out] = p.rows[dq[0]][col]
		}
	}
	return nil
}

// Cursor methods: the buffer is read in output order after compute.

func (w *windowBuf) valid() bool { return w.computed && w.pos >= 0 && w.pos < len(w.order) }

func (w *windowBuf) First() (bool, error) {
	if err := w.compute(); err != nil {
		return false, err
	}
	w.pos = 0
	return w.valid(), nil
}

func (w *windowBuf) Last() (bool, error) {
	if err := w.compute(); err != nil {
		return false, err
	}
	w.pos = len(w.order) - 1
	return w.valid(), nil
}

func (w *windowBuf) Next() (bool, error) {
	if w.pos < len(w.order) {
		w.pos++
	}
	return w.valid(), nil
}

func (w *windowBuf) Prev() (bool, error) {
	if w.pos >= 0 {
		w.pos--
	}
	return w.valid(), nil
}

func (w *windowBuf) Column(i int) (Value, error) {
	if !w.valid() {
		return Value{}, execErrorf(ErrMisuse, "Column on an invalid window cursor")
	}
	r := w.rows[w.order[w.pos]]
	if i < 0 || i >= len(r) {
		return Value{}, nil
	}
	return r[i], nil
}

func (w *windowBuf) SeekRowid(int64) (bool, error) {
	return false, execErrorf(ErrMisuse, "SeekRowid on a window buffer")
}

func (w *windowBuf) Seek(SeekOp, []Value) (bool, error) {
	return false, execErrorf(ErrMisuse, "Seek on a window buffer")
}

func (w *windowBuf) CompareKey([]Value) (int, error) {
	return 0, execErrorf(ErrMisuse, "CompareKey on a window buffer")
}

func (w *windowBuf) Rowid() (int64, error) {
	return 0, execErrorf(ErrMisuse, "Rowid on a window buffer")
}

func (w *windowBuf) Insert(int64, []Value) error {
	return execErrorf(ErrMisuse, "Insert on a window buffer")
}

func (w *windowBuf) Delete() error { return execErrorf(ErrMisuse, "Delete on a window buffer") }

func (w *windowBuf) LastRowid() (int64, error) { return 0, nil }

func (w *windowBuf) Count() (int64, error) { return int64(len(w.rows)), nil }

func (w *windowBuf) Close() error {
	w.rows, w.order = nil, nil
	return nil
}
