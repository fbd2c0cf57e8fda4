package sql

import "github.com/walrusdb/walrus/pager"

// IOStats returns the cumulative I/O counters of the connection's pager.
// Requested by the shell (its .stats command reads them through the
// driver); owner: keep, move or rename as you see fit.
func (c *Conn) IOStats() pager.Stats {
	if c.p == nil {
		return pager.Stats{}
	}
	return c.p.Stats()
}
