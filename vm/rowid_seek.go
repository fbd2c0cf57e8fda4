package vm

import "math"

// rowidBound turns a range seek on a table (rowid) cursor into the rowid
// to land on: op over v becomes SeekRowidGE (ge) or SeekRowidLE (!ge) of
// the returned rowid. ok is false when no rowid can satisfy the bound
// (x > 2^63-1, x < NULL ...). A non-integral bound is widened to the
// neighbouring integer, so the seek never skips a matching row.
func rowidBound(op SeekOp, v Value) (rowid int64, ge, ok bool) {
	ge = op == SeekGE || op == SeekGT
	switch v.Kind() {
	case KindNull:
		return 0, ge, false
	case KindInt:
		i := v.AsInt()
		switch op {
		case SeekGT:
			if i == math.MaxInt64 {
				return 0, ge, false
			}
			i++
		case SeekLT:
			if i == math.MinInt64 {
				return 0, ge, false
			}
			i--
		}
		return i, ge, true
	case KindUint:
		if u := v.AsUint(); u > math.MaxInt64 {
			return math.MaxInt64, ge, !ge
		}
		return rowidBound(op, Int(int64(v.AsUint())))
	}
	f := v.AsFloat()
	if math.IsNaN(f) {
		return 0, ge, false
	}
	if ge {
		f = math.Floor(f)
	} else {
		f = math.Ceil(f)
	}
	switch {
	case f >= math.MaxInt64: // 2^63 as a float
		return math.MaxInt64, ge, !ge
	case f < math.MinInt64:
		return math.MinInt64, ge, ge
	}
	return int64(f), ge, true
}

// seekTable is Seek on a table cursor: key[0] is a rowid bound.
func seekTable(c interface {
	SeekRowidGE(int64) (bool, error)
	SeekRowidLE(int64) (bool, error)
}, op SeekOp, key []Value) (bool, error) {
	if len(key) != 1 {
		return false, execErrorf(ErrMisuse, "table seek with %d key values", len(key))
	}
	rowid, ge, ok := rowidBound(op, key[0])
	if !ok {
		return false, nil
	}
	if ge {
		return c.SeekRowidGE(rowid)
	}
	return c.SeekRowidLE(rowid)
}
