package sql

import (
	"github.com/walrusdb/walrus/vm"
)

// access is how one loop level walks its source: start positions the
// cursor (jumping to done when there is nothing), check runs at the top of
// every iteration (jumping to done past the range), advance moves to the
// next candidate and jumps back to top.
type access struct {
	start   func() error
	check   func() error
	advance func(top int)
}

// planAccess chooses the access path of levels[k] (C5): a full scan, or
// an index or rowid seek for the terms that constrain it. Terms stay in
// the level's WHERE list, so a seek only has to produce a superset of the
// matching rows.
func (c *compiler) planAccess(sc *scope, levels []*level, k int, next, done int) (*access, error) {
	src := levels[k].src
	cur := src.cursor
	if a, err := c.planSeek(sc, levels, k, next, done); a != nil || err != nil {
		return a, err
	}
	return &access{
		start: func() error {
			c.emit(vm.OpRewind, cur, done, 0, nil, src.name)
			return nil
		},
		check:   func() error { return nil },
		advance: func(top int) { c.emit(vm.OpNext, cur, top, 0, nil, "") },
	}, nil
}
