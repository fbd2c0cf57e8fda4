package sql

import (
	"flag"
	"fmt"
	"math/rand"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

var condSeed = flag.Int64("condseed", 1, "seed of TestCondJumpMatchesValue")

// TestCondJumpMatchesValue checks C14: a condition compiled as jumps (WHERE, CASE WHEN, IF)
// (condjump.go) selects the rows whose value, computed by exprTo, is
// TRUE; NOT e the rows where it is FALSE. Random conditions of AND, OR,
// NOT, XOR, BETWEEN, IN and IS NULL over columns with NULLs exercise
// every jumpTrue/nullJumps combination; "(e) IS TRUE" takes the value path.
func TestCondJumpMatchesValue(t *testing.T) {
	c := openMem(t)
	_, err := run(t, c, "CREATE TABLE t(id INTEGER PRIMARY KEY, a INT, b INT, s VARCHAR(5))")
	require.NoError(t, err)
	vals := []string{"NULL", "0", "1", "2", "3"}
	strs := []string{"NULL", "'a'", "'b'", "'1'"}
	id := 0
	for _, a := range vals {
		for _, b := range vals {
			id++
			_, err := run(t, c, fmt.Sprintf("INSERT INTO t VALUES (%d, %s, %s, %s)", id, a, b, strs[id%len(strs)]))
			require.NoError(t, err)
		}
	}
	rng := rand.New(rand.NewSource(*condSeed))
	t.Logf("seed %d (-condseed)", *condSeed)
	for i := 0; i < 300; i++ {
		e := randCond(rng, 3)
		for _, q := range [][2]string{
			{"SELECT id FROM t WHERE " + e, "SELECT id FROM t WHERE (" + e + ") IS TRUE"},
			{"SELECT id FROM t WHERE NOT (" + e + ")", "SELECT id FROM t WHERE (" + e + ") IS FALSE"},
			{"SELECT id FROM t WHERE id > 3 AND (" + e + ") OR id = 1", "SELECT id FROM t WHERE (id > 3 AND (" + e + ") OR id = 1) IS TRUE"},
			{"SELECT id, CASE WHEN " + e + " THEN 1 WHEN NOT (" + e + ") THEN 0 END, IF(" + e + ", 'y', 'n'), CASE a WHEN 1 THEN 'one' WHEN b THEN 'b' END FROM t",
				"SELECT id, CASE WHEN (" + e + ") IS TRUE THEN 1 WHEN (" + e + ") IS FALSE THEN 0 END, IF((" + e + ") IS TRUE, 'y', 'n'), CASE WHEN (a = 1) IS TRUE THEN 'one' WHEN (a = b) IS TRUE THEN 'b' END FROM t"},
		} {
			got, err := run(t, c, q[0])
			require.NoError(t, err, q[0])
			want, err := run(t, c, q[1])
			require.NoError(t, err, q[1])
			require.Equal(t, want, got, q[0])
		}
	}
}

func randCond(rng *rand.Rand, depth int) string {
	operand := func() string {
		return []string{"a", "b", "NULL", "1", "2", "a + 1"}[rng.Intn(6)]
	}
	if depth == 0 || rng.Intn(3) == 0 {
		switch rng.Intn(7) {
		case 0:
			return operand() + []string{" = ", " <> ", " < ", " >= "}[rng.Intn(4)] + operand()
		case 1:
			not := []string{"", " NOT"}[rng.Intn(2)]
			return operand() + not + " BETWEEN " + operand() + " AND " + operand()
		case 2:
			not := []string{"", " NOT"}[rng.Intn(2)]
			items := []string{"1", "3", "2"}
			if rng.Intn(3) == 0 {
				items = append(items, operand()) // not all literals: the value path
			}
			return operand() + not + " IN (" + strings.Join(items[:1+rng.Intn(len(items))], ", ") + ")"
		case 3:
			return operand() + []string{" IS NULL", " IS NOT NULL"}[rng.Intn(2)]
		case 4:
			return "s " + []string{"= 'a'", "LIKE 'b%'", "IN ('a', '1')"}[rng.Intn(3)]
		case 5:
			return []string{"a", "b", "NULL", "1", "0"}[rng.Intn(5)]
		default:
			return operand() + " > " + operand()
		}
	}
	switch rng.Intn(6) {
	case 5:
		return "(" + randCond(rng, depth-1) + " XOR " + randCond(rng, depth-1) + ")"
	case 0, 1:
		return "(" + randCond(rng, depth-1) + " AND " + randCond(rng, depth-1) + ")"
	case 2, 3:
		return "(" + randCond(rng, depth-1) + " OR " + randCond(rng, depth-1) + ")"
	default:
		return []string{"NOT ", "!"}[rng.Intn(2)] + "(" + randCond(rng, depth-1) + ")"
	}
}
