package sql

// planSeek returns an index or rowid access for levels[k], or nil for a
// full scan.
func (c *compiler) planSeek(sc *scope, levels []*level, k int, done int) (*access, error) {
	return nil, nil
}
