package shell

import (
	"context"
	"fmt"
)

// ioCounter is what .stats looks for on the driver's connection (reached
// through sql.Conn.Raw): cumulative I/O counters of the database file.
type ioCounter interface {
	IOStats() (pagesRead, pagesWritten, syncs int64)
}

// ioStats are I/O counters: cumulative, or the difference over one
// statement.
type ioStats struct {
	pagesRead, pagesWritten, syncs int64
}

func (a ioStats) sub(b ioStats) ioStats {
	return ioStats{a.pagesRead - b.pagesRead, a.pagesWritten - b.pagesWritten, a.syncs - b.syncs}
}

func (a ioStats) String() string {
	return fmt.Sprintf("stats: pages read %d, pages written %d, fsyncs %d", a.pagesRead, a.pagesWritten, a.syncs)
}

// readStats reads the connection's counters into dst and reports whether
// the driver exposes them.
func (s *Shell) readStats(ctx context.Context, dst *ioStats) bool {
	if s.conn == nil {
		return false
	}
	ok := false
	s.conn.Raw(func(dc any) error {
		if c, is := dc.(ioCounter); is {
			dst.pagesRead, dst.pagesWritten, dst.syncs = c.IOStats()
			ok = true
		}
		return nil
	})
	return ok
}
