package crashtest

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	osexec "os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/walrusdb/walrus/internal/vfs"
	"github.com/walrusdb/walrus/pager"
)

// TestSQLite3RecoversWalrusCrashes hands crashed disks, hot journal and
// all, to the sqlite3 CLI (the project's oracle) and to walrus, each on
// its own copy: both must recover to the same content, and sqlite3's
// integrity_check must pass. This proves walrus's journals are SQLite's
// journals under crashes, torn sectors included.
func TestSQLite3RecoversWalrusCrashes(t *testing.T) {
	bin, err := osexec.LookPath("sqlite3")
	if err != nil {
		t.Skip("sqlite3 CLI not installed: the oracle check needs it")
	}
	seed := testSeed(t)
	frac, txns := 0.1, 16
	geoms := []Geometry{{PageSize: 4096, SectorSize: 512}}
	if env := os.Getenv("WALRUS_CRASH_SQLITE3_FRAC"); env != "" {
		v, err := strconv.ParseFloat(env, 64)
		require.NoError(t, err)
		frac = v
	}
	if fullRun() {
		frac, txns = 0.3, 30
		geoms = append(geoms, Geometry{PageSize: 1024, SectorSize: 4096, CacheSize: 10})
	}
	combos := []Combo{{pager.JournalDelete, pager.SyncFull}, {pager.JournalTruncate, pager.SyncFull}, {pager.JournalPersist, pager.SyncFull}}
	for _, tc := range crossGeoms(geoms, combos) {
		g, c := tc.g, tc.c
		t.Run(g.String()+"/"+c.String(), func(t *testing.T) {
			w := NewWorkload(seed, txns)
			inner := vfs.NewFaultFS()
			require.NoError(t, inner.SetSectorSize(g.SectorSize))
			pick := rand.New(rand.NewPCG(seed, 0x5e1))
			point, checked, hot := 0, 0, 0
			fs := &hookFS{inner: inner, before: func(kind vfs.OpKind, path string) {
				if !changesDisk(kind) {
					return
				}
				point++
				if pick.Float64() >= frac {
					return
				}
				crashed := inner.Crash(vfs.TearSectors, rand.New(rand.NewPCG(seed, uint64(point))))
				if hasHotJournal(crashed) {
					hot++
				}
				mine, err := copyFiles(crashed, dbPath, journalPath())
				require.NoError(t, err)
				want, err := recoveredDigest(mine, c, g)
				require.NoError(t, err, "walrus recovery at point %d", point)
				got, err := sqlite3Recover(t, bin, crashed)
				require.NoError(t, err, "sqlite3 recovery at point %d", point)
				require.Equal(t, want, got, "point %d (before %v %s): sqlite3 and walrus recover different content", point, kind, path)
				checked++
			}}
			conn, err := openConn(fs, c, g)
			require.NoError(t, err)
			for _, tx := range w.Txns {
				require.NoError(t, runTxn(context.Background(), conn, tx))
			}
			require.NoError(t, conn.Close())
			t.Logf("%d crashed disks (%d with a hot journal) recovered alike by sqlite3 and walrus", checked, hot)
			require.Positive(t, hot, "no crash point with a hot journal was sampled")
		})
	}
}

type geomCombo struct {
	g Geometry
	c Combo
}

func crossGeoms(geoms []Geometry, combos []Combo) []geomCombo {
	var out []geomCombo
	for _, g := range geoms {
		for _, c := range combos {
			out = append(out, geomCombo{g, c})
		}
	}
	return out
}

func recoveredDigest(fs *vfs.FaultFS, c Combo, g Geometry) (string, error) {
	conn, err := openConn(fs, c, g)
	if err != nil {
		return "", err
	}
	defer conn.Close()
	return contentDigest(context.Background(), conn)
}

// sqlite3Recover writes fs's database and journal to a directory, lets
// sqlite3 open it (rolling back a hot journal), checks its integrity and
// returns the content digest as contentDigest computes it.
func sqlite3Recover(t *testing.T, bin string, fs *vfs.FaultFS) (string, error) {
	dir := t.TempDir()
	db := filepath.Join(dir, filepath.Base(dbPath))
	for _, name := range []string{dbPath, journalPath()} {
		data, err := readAll(fs, name)
		if err != nil {
			continue // not there after the crash
		}
		if err := os.WriteFile(filepath.Join(dir, filepath.Base(name)), data, 0o644); err != nil {
			return "", err
		}
	}
	run := func(q string) ([]string, error) {
		out, err := osexec.Command(bin, "-batch", "-noheader", "-separator", "|", db, q).CombinedOutput()
		if err != nil {
			return nil, fmt.Errorf("sqlite3 %q: %v: %s", q, err, out)
		}
		s := strings.TrimSuffix(string(out), "\n")
		if s == "" {
			return nil, nil
		}
		return strings.Split(s, "\n"), nil
	}
	check, err := run("PRAGMA integrity_check")
	if err != nil {
		return "", err
	}
	if len(check) != 1 || check[0] != "ok" {
		return "", fmt.Errorf("sqlite3 integrity_check: %v", check)
	}
	var h contentHash
	schema, err := run("SELECT type, name, tbl_name FROM sqlite_schema")
	if err != nil {
		return "", err
	}
	has := map[string]bool{}
	for _, line := range schema {
		f := strings.Split(line, "|")
		if strings.HasPrefix(f[1], "walrus_") || strings.HasPrefix(f[1], "sqlite_") {
			continue
		}
		has[f[1]] = true
		h.schema(f[0], f[1], f[2])
	}
	if has["t"] {
		rows, err := run("SELECT id, k, v FROM t")
		if err != nil {
			return "", err
		}
		for _, line := range rows {
			f := strings.Split(line, "|")
			id, _ := strconv.ParseInt(f[0], 10, 64)
			k, _ := strconv.ParseInt(f[1], 10, 64)
			h.tRow(id, k, f[2])
		}
	}
	if has["u"] {
		rows, err := run("SELECT id, note FROM u")
		if err != nil {
			return "", err
		}
		for _, line := range rows {
			id, note, _ := strings.Cut(line, "|")
			n, _ := strconv.ParseInt(id, 10, 64)
			h.uRow(n, note)
		}
	}
	return h.digest(), nil
}
