package journal

import (
	"fmt"

	"github.com/walrusdb/walrus/internal/vfs"
)

// Finish is how a transaction's journal is ended: the commit point of a
// rollback-journal transaction (pragma.html, journal_mode).
type Finish uint8

const (
	// FinishDelete closes and removes the journal file.
	FinishDelete Finish = iota
	// FinishTruncate truncates the journal to zero bytes.
	FinishTruncate
	// FinishPersist overwrites the header with zeros and keeps the file.
	FinishPersist
)

// Finalize ends the journal at path, open as f, the way how says. With
// sync, the truncation or zeroed header is synced (SQLite does so for
// TRUNCATE under synchronous=FULL and for PERSIST unless synchronous=OFF).
// FinishDelete closes f. Durability of the deletion needs a directory sync,
// which is the caller's (synchronous=EXTRA).
func Finalize(fs vfs.FS, path string, f vfs.File, how Finish, sync bool) error {
	switch how {
	case FinishDelete:
		if err := f.Close(); err != nil {
			return fmt.Errorf("journal: finalize close: %w", err)
		}
		if err := fs.Remove(path); err != nil {
			return fmt.Errorf("journal: finalize delete: %w", err)
		}
		return nil
	case FinishTruncate:
		if err := f.Truncate(0); err != nil {
			return fmt.Errorf("journal: finalize truncate: %w", err)
		}
	case FinishPersist:
		var zero [HeaderSize]byte
		if _, err := f.WriteAt(zero[:], 0); err != nil {
			return fmt.Errorf("journal: finalize zero header: %w", err)
		}
	default:
		return fmt.Errorf("journal: finalize mode %d", how)
	}
	if sync {
		if err := f.Sync(vfs.SyncData); err != nil {
			return fmt.Errorf("journal: finalize sync: %w", err)
		}
	}
	return nil
}
