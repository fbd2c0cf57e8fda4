package sql

import (
	"math/bits"

	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/pingcap/tidb/pkg/parser/opcode"
)

// placeTerms reorders the loops of an inner join and gives every WHERE
// (and inner ON) term to the first loop where all the sources it uses are
// available (C4). Terms that use no source are tested before all loops.
//
// Order: greedily, the next loop is the source with the best-scoring
// terms that become testable with it: an equality with a constant or an
// outer loop's value (a seek, or an automatic index) scores highest, any
// other testable term next. Ties keep the FROM order. Outer joins keep
// the FROM order.
func (c *compiler) placeTerms(sc *scope, levels []*level, terms []ast.ExprNode) []*level {
	type term struct {
		e   ast.ExprNode
		set uint64
		all bool
	}
	ts := make([]term, len(terms))
	for i, e := range terms {
		set, all := c.deps(sc, e)
		ts[i] = term{e, set, all}
	}
	reorder := len(levels) > 1 && len(levels) <= 64
	for _, lv := range levels {
		if lv.left || lv.src == nil {
			reorder = false
		}
	}
	if reorder {
		pos := map[*source]int{}
		for i, s := range sc.sources {
			pos[s] = i
		}
		var chosen uint64
		var order []*level
		remaining := append([]*level(nil), levels...)
		for len(remaining) > 0 {
			best, bestScore := 0, -1
			for i, lv := range remaining {
				bit := uint64(1) << uint(pos[lv.src])
				score := 0
				for _, t := range ts {
					if t.all || t.set&bit == 0 || t.set&^(chosen|bit) != 0 {
						continue
					}
					if isEquality(t.e) {
						score += 4
					} else if isInList(t.e) {
						score += 3
					} else {
						score++
					}
				}
				if score > bestScore {
					best, bestScore = i, score
				}
			}
			lv := remaining[best]
			chosen |= 1 << uint(pos[lv.src])
			order = append(order, lv)
			remaining = append(remaining[:best], remaining[best+1:]...)
		}
		levels = order
		// Keep sc.sources in loop order: dependency sets index it.
		for i, lv := range levels {
			sc.sources[i] = lv.src
		}
		for i := range ts {
			ts[i].set, ts[i].all = c.deps(sc, ts[i].e)
		}
	}
	var consts []ast.ExprNode
	for _, t := range ts {
		switch {
		case t.all:
			if len(levels) == 0 {
				consts = append(consts, t.e)
			} else {
				levels[len(levels)-1].where = append(levels[len(levels)-1].where, t.e)
			}
		case t.set == 0:
			consts = append(consts, t.e)
		default:
			lv := 63 - bits.LeadingZeros64(t.set)
			levels[lv].where = append(levels[lv].where, t.e)
		}
	}
	if len(consts) > 0 {
		levels = append([]*level{{where: consts}}, levels...)
	}
	return levels
}

func isEquality(e ast.ExprNode) bool {
	b, ok := unparen(e).(*ast.BinaryOperationExpr)
	return ok && b.Op == opcode.EQ
}

func isInList(e ast.ExprNode) bool {
	in, ok := unparen(e).(*ast.PatternInExpr)
	return ok && in.Sel == nil && !in.Not
}
