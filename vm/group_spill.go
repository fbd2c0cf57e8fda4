package vm

// Spilling the group table (M10). Accumulators cannot be written out, so
// past its budget the group table stops growing: rows of groups it holds
// still step their accumulators, and the rows of every new group go to a
// spill tree instead, as (group key, insertion number, then each step's
// slot, argument count and arguments). That tree is an ephemeral index,
// which spills to a scratch file in turn. At the end, the spilled rows,
// sorted by group key, are aggregated one group at a time and merged in
// key order with the groups held in memory. No group is in both: a group
// is held from its first row or never.

// groupBytes estimates the memory of a new group.
func groupBytes(key []Value, naccs int) int64 {
	return rowBytes(key) + int64(96*naccs) + 64
}

// spillRow starts the spilled row of a key that has no group.
func (a *aggregation) spillRow(key []Value) {
	if a.spill == nil {
		a.spill = newMemTree(len(key)+1, nil)
		a.spill.temp, a.spill.budget = a.temp, a.budget
		spills.Add(1)
	}
	a.pending = a.pending[:0]
	for _, v := range key {
		a.pending = append(a.pending, ownValue(v))
	}
	a.pending = append(a.pending, Int(a.seq))
	a.seq++
	a.spilling = true
	a.cur = nil
}

// stepSpilled records a step of the spilled row.
func (a *aggregation) stepSpilled(slot int, args []Value) {
	a.pending = append(a.pending, Int(int64(slot)), Int(int64(len(args))))
	for _, v := range args {
		a.pending = append(a.pending, ownValue(v))
	}
}

// flushSpilled writes the pending spilled row.
func (a *aggregation) flushSpilled() error {
	if !a.spilling {
		return nil
	}
	a.spilling = false
	return a.spill.InsertKey(a.pending)
}

// spillStart positions the spilled rows for nextSpilled.
func (a *aggregation) spillStart() error {
	ok, err := a.spill.First()
	a.spillOK = ok
	return err
}

// spillKeyLen is the number of group key columns of the spilled rows.
func (a *aggregation) spillKeyLen() int { return a.spill.keyCols - 1 }

// headKey reads the group key of the spilled row under the cursor.
func (a *aggregation) headKey() ([]Value, error) {
	nk := a.spillKeyLen()
	key := make([]Value, nk)
	for i := range key {
		v, err := a.spill.Column(i)
		if err != nil {
			return nil, err
		}
		key[i] = v
	}
	return key, nil
}

// nextSpilled aggregates the next run of spilled rows with one group key
// (rows MySQL compares equal; within the run, keys that group apart stay
// apart) into a.ready, in key order.
func (a *aggregation) nextSpilled() error {
	if len(a.ready) > 0 || !a.spillOK {
		return nil
	}
	runKey, err := a.headKey()
	if err != nil {
		return err
	}
	groups := map[string]*aggGroup{}
	var b []byte
	for a.spillOK {
		key, err := a.headKey()
		if err != nil {
			return err
		}
		if compareRows(key, runKey, len(key), nil) != 0 {
			break
		}
		b = b[:0]
		for _, v := range key {
			b = appendGroupKey(b, v)
		}
		g := groups[string(b)]
		if g == nil {
			g = &aggGroup{key: key}
			if err := a.newAccs(g); err != nil {
				return err
			}
			groups[string(b)] = g
			a.ready = append(a.ready, g)
		}
		if err := a.replay(g); err != nil {
			return err
		}
		if a.spillOK, err = a.spill.Next(); err != nil {
			return err
		}
	}
	return nil
}

// replay steps g's accumulators with the steps of the spilled row under
// the cursor.
func (a *aggregation) replay(g *aggGroup) error {
	i := a.spillKeyLen() + 1
	var args []Value
	for {
		slot, err := a.spill.Column(i)
		if err != nil {
			return err
		}
		if slot.IsNull() {
			return nil // past the row's last value
		}
		cnt, err := a.spill.Column(i + 1)
		if err != nil {
			return err
		}
		args = args[:0]
		for k := 0; k < int(cnt.AsInt()); k++ {
			v, err := a.spill.Column(i + 2 + k)
			if err != nil {
				return err
			}
			args = append(args, v)
		}
		s := int(slot.AsInt())
		if s < 0 || s >= len(g.accs) {
			return execErrorf(ErrMisuse, "spilled step of slot %d", s)
		}
		if err := g.accs[s].Step(args); err != nil {
			return err
		}
		i += 2 + int(cnt.AsInt())
	}
}
