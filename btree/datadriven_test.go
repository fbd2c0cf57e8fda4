package btree

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

var flagRewrite = flag.Bool("rewrite", false, "rewrite the expected output of testdata/*.txt")

// TestDataDriven runs the scripts in testdata/*.txt. Each case is command
// lines, a "----" line, and the expected output up to a blank line:
//
//	new pagesize=N        fresh database in a write transaction
//	table | index         create a tree and make it current
//	insert A B [size=S] [step=K]  rows (table: rowid i, S-byte payload;
//	                      index: key (i, S-byte text)) for i in A..B
//	delete A B [step=K]   delete those rows or keys
//	dump                  the current tree's pages, then page/freelist counts
//	check                 IntegrityCheck of all trees created
func TestDataDriven(t *testing.T) {
	files, err := filepath.Glob("testdata/*.txt")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, path := range files {
		t.Run(filepath.Base(path), func(t *testing.T) { runScript(t, path) })
	}
}

type script struct {
	t     *testing.T
	f     *File
	kind  TreeKind
	root  uint32
	roots []uint32
}

func runScript(t *testing.T, path string) {
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	s := &script{t: t}
	var out strings.Builder
	sc := bufio.NewScanner(strings.NewReader(string(data)))
	var cmds []string
	for sc.Scan() {
		line := sc.Text()
		if line != "----" {
			cmds = append(cmds, line)
			continue
		}
		var got strings.Builder
		for _, c := range cmds {
			if c = strings.TrimSpace(c); c != "" && !strings.HasPrefix(c, "#") {
				got.WriteString(s.run(c))
			}
		}
		var want strings.Builder
		for sc.Scan() && sc.Text() != "" {
			want.WriteString(sc.Text() + "\n")
		}
		for _, c := range cmds {
			out.WriteString(c + "\n")
		}
		out.WriteString("----\n" + got.String() + "\n")
		if !*flagRewrite {
			require.Equal(t, want.String(), got.String(), "after %q", cmds)
		}
		cmds = nil
	}
	if *flagRewrite {
		require.NoError(t, os.WriteFile(path, []byte(out.String()), 0o644))
	}
}

func (s *script) args(fields []string) (a, b int64, opts map[string]int) {
	t := s.t
	opts = map[string]int{"step": 1}
	var nums []int64
	for _, fl := range fields {
		if k, v, ok := strings.Cut(fl, "="); ok {
			n, err := strconv.Atoi(v)
			require.NoError(t, err)
			opts[k] = n
			continue
		}
		n, err := strconv.ParseInt(fl, 10, 64)
		require.NoError(t, err)
		nums = append(nums, n)
	}
	require.Len(t, nums, 2)
	return nums[0], nums[1], opts
}

func (s *script) key(i int64, size int) []byte {
	return AppendRecord(nil, []Value{{Type: Integer, Int: i}, {Type: Text, Bytes: []byte(strings.Repeat("k", size))}})
}

func (s *script) run(cmd string) string {
	t := s.t
	fields := strings.Fields(cmd)
	switch fields[0] {
	case "new":
		_, _, opts := s.args(append(fields[1:], "0", "0"))
		s.f = openMem(t, opts["pagesize"])
		beginWrite(t, s.f)
		s.roots = nil
		return ""
	case "table", "index":
		s.kind = TableTree
		if fields[0] == "index" {
			s.kind = IndexTree
		}
		root, err := s.f.CreateTree(s.kind)
		require.NoError(t, err)
		s.root = root
		s.roots = append(s.roots, root)
		return fmt.Sprintf("root %d\n", root)
	case "insert", "delete":
		a, b, opts := s.args(fields[1:])
		c, err := s.f.OpenCursor(s.root, s.kind, true, nil)
		require.NoError(t, err)
		defer c.Close()
		for i := a; i <= b; i += int64(opts["step"]) {
			switch {
			case fields[0] == "insert" && s.kind == TableTree:
				require.NoError(t, c.Insert(i, make([]byte, opts["size"])))
			case fields[0] == "insert":
				require.NoError(t, c.InsertKey(s.key(i, opts["size"])))
			default:
				var found bool
				if s.kind == TableTree {
					found, err = c.SeekRowid(i)
				} else {
					found, err = c.SeekGE([]Value{{Type: Integer, Int: i}})
				}
				require.NoError(t, err)
				if found || s.kind == IndexTree {
					require.NoError(t, c.Delete())
				}
			}
		}
		return ""
	case "dump":
		d, err := dumpTree(s.f, s.root)
		require.NoError(t, err)
		free, err := s.f.Meta(FreelistCount)
		require.NoError(t, err)
		return fmt.Sprintf("%spages %d, free %d\n", d, s.f.Pager().PageCount(), free)
	case "check":
		probs, err := s.f.IntegrityCheck(s.roots, 10)
		require.NoError(t, err)
		if len(probs) == 0 {
			return "ok\n"
		}
		return strings.Join(probs, "\n") + "\n"
	}
	t.Fatalf("unknown command %q", cmd)
	return ""
}
