package shell

import (
	"context"
	"database/sql/driver"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDurabilityExplanation(t *testing.T) {
	tests := []struct {
		journal, sync string
		memory        bool
		contains      []string
	}{
		{"delete", "full", false, []string{"always stays consistent", "synchronous=extra"}},
		{"wal", "full", false, []string{"nothing acknowledged is lost"}},
		{"wal", "normal", false, []string{"can roll back the most recent commits"}},
		{"delete", "off", false, []string{"never calls fsync", "corrupt the database file"}},
		{"off", "full", false, []string{"No rollback journal", "corrupt"}},
		{"memory", "normal", false, []string{"kept in memory"}},
		{"delete", "full", true, []string{"in-memory database"}},
	}
	for _, tt := range tests {
		got := durabilityExplanation(tt.memory, tt.journal, tt.sync)
		for _, c := range tt.contains {
			assert.Contains(t, got, c, "%s/%s", tt.journal, tt.sync)
		}
	}
}

func TestDurabilityCommand(t *testing.T) {
	s, db, out, _ := newFakeShell(t, Config{})
	s.path = filepath.Join(t.TempDir(), "x.db") // the fake is a file database
	db.answer("PRAGMA journal_mode", fakeResult{cols: []string{"journal_mode"}, rows: [][]driver.Value{{"wal"}}})
	db.answer("PRAGMA synchronous", fakeResult{cols: []string{"synchronous"}, rows: [][]driver.Value{{int64(1)}}})
	db.answer("PRAGMA page_size", fakeResult{cols: []string{"page_size"}, rows: [][]driver.Value{{int64(4096)}}})
	require.NoError(t, s.RunReader(context.Background(), strings.NewReader(".durability\n")))
	assert.True(t, strings.HasPrefix(out.String(), "journal_mode = wal\nsynchronous  = normal\nwal_size     = 0 bytes (no WAL file)\nWAL with synchronous=normal"), out.String())

	// Three frames: the WAL header and three (24-byte header + page) frames.
	require.NoError(t, os.WriteFile(s.path+"-wal", make([]byte, 32+3*(24+4096)), 0o644))
	out.Reset()
	require.NoError(t, s.RunReader(context.Background(), strings.NewReader(".durability\n")))
	assert.Contains(t, out.String(), "\nwal_size     = 12392 bytes (3 frames of 4096-byte pages)\n")
}
