package shell

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
)

// cmdDurability prints the journal mode and synchronous setting of the
// open database and what a crash can lose with that combination.
func cmdDurability(s *Shell, ctx context.Context, _ []string) error {
	if s.conn == nil {
		return fmt.Errorf("no database is open")
	}
	journal, err := s.pragmaText(ctx, "journal_mode")
	if err != nil {
		return err
	}
	syncText, err := s.pragmaText(ctx, "synchronous")
	if err != nil {
		return err
	}
	sync := synchronousName(syncText)
	fmt.Fprintf(s.out, "journal_mode = %s\nsynchronous  = %s\n", strings.ToLower(journal), sync)
	if strings.EqualFold(journal, "wal") && s.path != "" {
		fmt.Fprintf(s.out, "wal_size     = %s\n", s.walSize(ctx))
	}
	fmt.Fprintln(s.out, durabilityExplanation(s.path == "", strings.ToLower(journal), sync))
	return nil
}

// walSize describes the size of the open database's WAL file: bytes and,
// with the page size, frames (a 32-byte header, then frames of a 24-byte
// header and one page).
func (s *Shell) walSize(ctx context.Context) string {
	st, err := os.Stat(s.path + "-wal")
	if err != nil {
		return "0 bytes (no WAL file)"
	}
	text := fmt.Sprintf("%d bytes", st.Size())
	ps, err := s.pragmaText(ctx, "page_size")
	pageSize, _ := strconv.ParseInt(ps, 10, 64)
	if err == nil && pageSize > 0 && st.Size() >= 32 {
		text += fmt.Sprintf(" (%d frames of %d-byte pages)", (st.Size()-32)/(pageSize+24), pageSize)
	}
	return text
}

// pragmaText runs "PRAGMA name" and returns the first column of its row.
func (s *Shell) pragmaText(ctx context.Context, name string) (string, error) {
	var v any
	if err := s.conn.QueryRowContext(ctx, "PRAGMA "+name).Scan(&v); err != nil {
		return "", fmt.Errorf("PRAGMA %s: %w", name, err)
	}
	return makeCell(v, column{}).text, nil
}

// synchronousName maps PRAGMA synchronous's number to its name.
func synchronousName(v string) string {
	switch strings.ToLower(v) {
	case "0", "off":
		return "off"
	case "1", "normal":
		return "normal"
	case "2", "full":
		return "full"
	case "3", "extra":
		return "extra"
	}
	return strings.ToLower(v)
}

// durabilityExplanation says in plain words what a crash can lose. An
// application crash leaves written data in the OS, so it only matters when
// the journal is off or in memory; a power loss or OS crash also drops what
// was not fsynced.
func durabilityExplanation(inMemory bool, journal, sync string) string {
	if inMemory {
		return "This is an in-memory database: everything is lost when the shell exits or crashes."
	}
	var lines []string
	switch journal {
	case "off":
		lines = append(lines, "No rollback journal: a crash or a failed statement in the middle of a write",
			"transaction can leave the database file corrupt; ROLLBACK cannot undo writes.")
	case "memory":
		lines = append(lines, "The rollback journal is kept in memory: an application crash, power loss or",
			"OS crash in the middle of a write transaction can leave the database file corrupt.")
	}
	wal := journal == "wal"
	switch sync {
	case "off":
		lines = append(lines, "synchronous=off: walrus never calls fsync. An application crash loses nothing",
			"committed, but a power loss or OS crash can lose recent commits")
		if wal {
			lines = append(lines, "and, during a checkpoint, corrupt the database file.")
		} else {
			lines = append(lines, "and can corrupt the database file.")
		}
	case "normal":
		if wal {
			lines = append(lines, "WAL with synchronous=normal: the database always stays consistent, but a power",
				"loss or OS crash can roll back the most recent commits (the WAL is synced only",
				"at checkpoints). An application crash loses nothing committed.")
		} else {
			lines = append(lines, "Rollback journal with synchronous=normal: committed transactions survive an",
				"application crash; a power loss at the wrong moment has a very small chance of",
				"losing the last commit or corrupting the file on filesystems that reorder writes.")
		}
	case "full", "extra":
		switch {
		case journal == "off" || journal == "memory":
			lines = append(lines, "Commits that finished are durable (fsynced), but see above for crashes mid-commit.")
		case wal:
			lines = append(lines, "WAL with synchronous="+sync+": every acknowledged commit survives a crash or",
				"power loss; nothing acknowledged is lost.")
		case journal == "delete" && sync == "full":
			lines = append(lines, "Rollback journal with synchronous=full: the database always stays consistent and",
				"an interrupted transaction is rolled back on the next open. A power loss right",
				"after COMMIT can still roll back that last commit: deleting the journal is not",
				"synced to the directory (synchronous=extra does that).")
		default:
			lines = append(lines, "Rollback journal with synchronous="+sync+": every acknowledged commit survives a",
				"crash or power loss, and an interrupted transaction is rolled back on the next open.")
		}
	default:
		lines = append(lines, "Unknown synchronous setting "+sync+".")
	}
	return strings.Join(lines, "\n")
}
