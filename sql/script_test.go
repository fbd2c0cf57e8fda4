package sql

import (
	"context"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/walrusdb/walrus/vm"
)

var rewrite = flag.Bool("rewrite", false, "rewrite the expected output of testdata scripts")

// TestScripts runs the data-driven scripts in testdata/*.txt. Each block
// is a command line (exec, query, explain, error), the SQL, "----" and the
// expected output, and ends at a blank line. Every file runs against a
// fresh database on a MemFS. With -rewrite the expected outputs are
// replaced by what the engine produced.
func TestScripts(t *testing.T) { runScripts(t, "testdata/*.txt") }

// runScripts runs every script file that glob matches (see TestScripts).
func runScripts(t *testing.T, glob string) {
	files, err := filepath.Glob(glob)
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			data, err := os.ReadFile(file)
			require.NoError(t, err)
			c := openMem(t)
			var out strings.Builder
			for _, b := range parseBlocks(string(data)) {
				got := runBlock(t, c, b.cmd, b.sql)
				if !*rewrite {
					require.Equal(t, b.want, got, "%s:%d: %s %s", file, b.line, b.cmd, b.sql)
				}
				out.WriteString(b.cmd + "\n" + b.sql + "\n----\n" + got)
				if got != "" {
					out.WriteString("\n")
				}
				out.WriteString("\n")
			}
			if *rewrite {
				require.NoError(t, os.WriteFile(file, []byte(strings.TrimRight(out.String(), "\n")+"\n"), 0o644))
			}
		})
	}
}

type block struct {
	cmd, sql, want string
	line           int
}

func parseBlocks(s string) []block {
	var out []block
	lines := strings.Split(s, "\n")
	for i := 0; i < len(lines); i++ {
		if strings.TrimSpace(lines[i]) == "" || strings.HasPrefix(lines[i], "#") {
			continue
		}
		b := block{cmd: strings.TrimSpace(lines[i]), line: i + 1}
		i++
		var sqlLines, want []string
		for ; i < len(lines) && lines[i] != "----"; i++ {
			sqlLines = append(sqlLines, lines[i])
		}
		for i++; i < len(lines) && strings.TrimSpace(lines[i]) != ""; i++ {
			want = append(want, lines[i])
		}
		b.sql = strings.Join(sqlLines, "\n")
		b.want = strings.Join(want, "\n")
		out = append(out, b)
	}
	return out
}

func runBlock(t *testing.T, c *Conn, cmd, sqlText string) string {
	ctx := context.Background()
	switch cmd {
	case "exec":
		rest := sqlText
		for strings.TrimSpace(rest) != "" {
			st, tail, err := c.Prepare(ctx, rest)
			if err != nil {
				return "error: " + errText(err)
			}
			if _, err := st.Exec(ctx, nil); err != nil {
				return "error: " + errText(err)
			}
			rest = tail
		}
		return "ok"
	case "query", "explain", "error":
		q := sqlText
		if cmd == "explain" {
			q = "EXPLAIN " + q
		}
		rows, err := run(t, c, q)
		if err != nil {
			if cmd == "error" {
				return errText(err)
			}
			return "error: " + errText(err)
		}
		if cmd == "error" {
			return "no error"
		}
		return strings.Join(rows, "\n")
	}
	t.Fatalf("unknown command %q", cmd)
	return ""
}

func errText(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Code.String() + ": " + e.Msg
	}
	return err.Error()
}

// Rows rendering for scripts uses vm.Value.String: NULL prints as NULL.
var _ = vm.Null
