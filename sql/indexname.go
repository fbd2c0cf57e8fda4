package sql

import (
	"sort"
	"strings"
)

// Index names: MySQL scopes them per table (every table of a WordPress
// dump has a KEY `meta_key`), SQLite's sqlite_schema per database. An
// ordinary index keeps its MySQL name in sqlite_schema unless another
// object already has that name; then it is stored as name@table, and
// walrus shows and finds it by its MySQL name. Automatic indexes
// (sqlite_autoindex_*) are unique by construction.

const indexTableSep = "@"

// mysqlName is the index's name as MySQL shows it.
func (ix *index) mysqlName() string {
	suffix := indexTableSep + ix.Table.Name
	if n := len(ix.Name) - len(suffix); n > 0 && strings.EqualFold(ix.Name[n:], suffix) {
		return ix.Name[:n]
	}
	return ix.Name
}

// placeIndex gives the new ordinary index ix of table t (not yet in the
// schema, and not in t.Indexes unless inTable) a name unique in the
// database, or fails as MySQL does when t already has an index of that
// name.
func (c *Conn) placeIndex(t *table, ix *index) error {
	if ix.Auto {
		if c.objectExists(ix.Name) {
			return errorf(CodeGeneric, "index %s already exists", ix.Name)
		}
		return nil
	}
	for _, other := range t.Indexes {
		if other != ix && !other.Auto && strings.EqualFold(other.mysqlName(), ix.Name) {
			return errorf(CodeGeneric, "Duplicate key name '%s'", ix.Name)
		}
	}
	if !c.objectExists(ix.Name) && !strings.EqualFold(ix.Name, t.Name) {
		return nil
	}
	stored := ix.Name + indexTableSep + t.Name
	if c.objectExists(stored) {
		return errorf(CodeGeneric, "index %s already exists", ix.Name)
	}
	ix.Name = stored
	return nil
}

// findIndex finds the ordinary or automatic index name: on table tbl when
// tbl is given, else the one index whose stored or MySQL name it is (an
// error when tables share that MySQL name).
func (c *Conn) findIndex(name, tbl string) (*index, error) {
	if tbl != "" {
		t := c.sch.table(tbl)
		if t == nil {
			return nil, nil
		}
		for _, ix := range t.Indexes {
			if strings.EqualFold(ix.mysqlName(), name) || strings.EqualFold(ix.Name, name) {
				return ix, nil
			}
		}
		return nil, nil
	}
	var found []*index
	for _, ix := range c.sch.indexes {
		if strings.EqualFold(ix.mysqlName(), name) || strings.EqualFold(ix.Name, name) {
			found = append(found, ix)
		}
	}
	switch len(found) {
	case 0:
		return nil, nil
	case 1:
		return found[0], nil
	}
	var tables []string
	for _, ix := range found {
		tables = append(tables, ix.Table.Name)
	}
	sort.Strings(tables)
	return nil, errorf(CodeGeneric, "index name %s is used by tables %s: say DROP INDEX %s ON <table>",
		name, strings.Join(tables, ", "), name)
}
