package sql

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// TestBadInput feeds statements built to break a recursive parser or
// compiler: each must give a result or a typed error, quickly, never a
// crash (a Go stack overflow is fatal) or an internal error.
func TestBadInput(t *testing.T) {
	c := openMem(t)
	_, err := run(t, c, "CREATE TABLE t (a INT, s LONGTEXT)")
	require.NoError(t, err)
	nest := func(open, mid, close string, n int) string {
		return strings.Repeat(open, n) + mid + strings.Repeat(close, n)
	}
	list := strings.TrimSuffix(strings.Repeat("7,", 100_000), ",")
	tooDeep := "not supported: expression nested deeper than 10000"
	cases := []struct {
		name string
		sql  string
		want string // the single result row, or "error: " + message
	}{
		{"10k parentheses", "SELECT " + nest("(", "1", ")", 10_000), "error: " + tooDeep},
		{"9k parentheses", "SELECT " + nest("(", "1", ")", 9_000), "1"},
		{"1M parentheses", "SELECT " + nest("(", "1", ")", 1_000_000), "error: " + tooDeep},
		{"10k subqueries", nest("SELECT (", "SELECT 1", ")", 10_000), "error: " + tooDeep},
		{"500 subqueries", nest("SELECT (", "SELECT 1", ")", 500), "1"},
		{"10k functions", "SELECT " + nest("ABS(", "-1", ")", 10_000), "error: " + tooDeep},
		{"1M NOT", "SELECT " + strings.Repeat("NOT ", 1_000_000) + "1", "error: " + tooDeep},
		{"1M minus", "SELECT " + strings.Repeat("- ", 1_000_000) + "1", "error: " + tooDeep},
		{"100k additions", "SELECT 1" + strings.Repeat("+1", 100_000), "error: " + tooDeep},
		{"10k CASE", "SELECT " + nest("CASE WHEN 1 THEN ", "1", " END", 10_000), "error: " + tooDeep},
		{"unbalanced", "SELECT " + strings.Repeat("(", 20_000), "error: " + tooDeep},
		{"parentheses in a string", "SELECT LENGTH('" + strings.Repeat("(", 20_000) + "')", "20000"},
		{"IN list of 100k", "SELECT 7 IN (" + list + ")", "1"},
		{"NOT IN list of 100k", "SELECT 8 NOT IN (" + list + ")", "1"},
		{"1 MB string", "SELECT LENGTH('" + strings.Repeat("x", 1<<20) + "')", "1048576"},
		{"10 MB insert", "INSERT INTO t VALUES (1, '" + strings.Repeat("y", 10<<20) + "')", ""},
		{"10 MB read back", "SELECT LENGTH(s) FROM t", "10485760"},
		{"10 MB of blanks", "SELECT 2" + strings.Repeat(" ", 10<<20), "2"},
		{"10 MB comment", "SELECT 3 /*" + strings.Repeat("*", 10<<20) + "*/", "3"},
		{"10 MB of parentheses", "SELECT " + nest("(", "1", ")", 5<<20), "error: " + tooDeep},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			start := time.Now()
			rows, err := run(t, c, tc.sql)
			took := time.Since(start)
			got := strings.Join(rows, "\n")
			if err != nil {
				var e *Error
				require.True(t, errors.As(err, &e), "untyped error %v", err)
				require.NotContains(t, e.Msg, "internal error")
				got = "error: " + e.Msg
			}
			require.Equal(t, tc.want, got)
			require.Less(t, took, 30*time.Second)
		})
	}
}
