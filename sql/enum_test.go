package sql

import (
	"fmt"
	"os/exec"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/walrusdb/walrus/internal/vfs"
	"github.com/walrusdb/walrus/vm"
)

// TestEnumSqlite3 checks the file format of ENUM and SET columns with the
// sqlite3 CLI as the oracle: the file passes integrity_check (the index on
// the ENUM column included), sqlite3 sees the stored index and mask as
// integers under INTEGER-affinity declared types, and walrus reads the
// member list back from its catalog after reopening.
func TestEnumSqlite3(t *testing.T) {
	bin, path, c := openForSqlite3(t, "w.db")
	var err error
	_, err = run(t, c, `CREATE TABLE t(id INT PRIMARY KEY, e ENUM('b','a','int','char') NOT NULL,
			s SET('x','y','z'), KEY ke(e));
		INSERT INTO t VALUES (1, 'a', 'z,x'), (2, 'char', ''), (3, 'b', NULL), (4, 'int', 'y');
		UPDATE t SET e = 'b' WHERE id = 2;
		DELETE FROM t WHERE id = 4`)
	require.NoError(t, err)
	require.NoError(t, c.Close())

	out, err := exec.Command(bin, path, `PRAGMA integrity_check;
		SELECT id, e, typeof(e), s, typeof(s) FROM t ORDER BY id;
		SELECT name, type FROM pragma_table_info('t') ORDER BY cid;`).CombinedOutput()
	require.NoError(t, err, string(out))
	require.Equal(t, strings.Join([]string{"ok",
		"1|2|integer|5|integer", "2|1|integer|0|integer", "3|1|integer||null",
		"id|INTEGER", "e|ENUM_INT", "s|SET_INT"}, "\n"), strings.TrimSpace(string(out)))

	c, err = Open(vfs.NewOSFS(), path, OpenOptions{})
	require.NoError(t, err)
	defer c.Close()
	got, err := run(t, c, "SELECT id, e, e + 0, s FROM t ORDER BY e, id")
	require.NoError(t, err)
	require.Equal(t, []string{"2 b 1 ", "3 b 1 NULL", "1 a 2 x,z"}, got)
	got, err = run(t, c, "SELECT id FROM t WHERE e = 'b' ORDER BY id")
	require.NoError(t, err)
	require.Equal(t, []string{"2", "3"}, got)
}

// TestEnumSpill sorts and groups more ENUM values than a small spill
// budget holds: once the sorter moves to a scratch file the order must
// still be the members' order and the values must keep their indexes.
func TestEnumSpill(t *testing.T) {
	c := openMem(t)
	_, err := run(t, c, "CREATE TABLE t(id INTEGER PRIMARY KEY, e ENUM('z','y','x') NOT NULL, pad VARCHAR(40))")
	require.NoError(t, err)
	var b strings.Builder
	b.WriteString("INSERT INTO t VALUES ")
	const rows = 6000
	for i := 0; i < rows; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, "(%d, %d, '%040d')", i+1, i%3+1, i)
	}
	_, err = run(t, c, b.String())
	require.NoError(t, err)

	c.spillBudget = 16 << 10
	before := vm.Spills()
	out, err := run(t, c, "SELECT e, e + 0, pad FROM t ORDER BY e DESC, id")
	require.NoError(t, err)
	require.Greater(t, vm.Spills(), before, "the sort spilled")
	require.Len(t, out, rows)
	want := []string{"x 3", "y 2", "z 1"}
	for i, row := range out {
		f := strings.Fields(row)
		require.Equal(t, want[i/(rows/3)], f[0]+" "+f[1], "row %d", i)
	}

	// A materialised derived table spills whole rows: e + 0 is computed
	// after they come back from the scratch file.
	before = vm.Spills()
	out, err = run(t, c, "SELECT x.e + 0, COUNT(*) FROM (SELECT DISTINCT e, pad FROM t) x GROUP BY x.e ORDER BY x.e")
	require.NoError(t, err)
	require.Greater(t, vm.Spills(), before, "the DISTINCT spilled")
	require.Equal(t, []string{"1 2000", "2 2000", "3 2000"}, out)
}
