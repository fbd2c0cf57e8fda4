package shell

import (
	"bufio"
	"context"
	"database/sql"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// importType is the column type .import infers for a new table.
type importType uint8

const (
	importInt importType = iota
	importFloat
	importText
)

func (t importType) sqlType() string {
	switch t {
	case importInt:
		return "BIGINT"
	case importFloat:
		return "DOUBLE"
	}
	return "TEXT"
}

// newCSVReader returns an RFC 4180 reader over r (quoted fields may hold
// commas, quotes and newlines; records may have different lengths) that
// skips a leading UTF-8 byte order mark.
func newCSVReader(r io.Reader) *csv.Reader {
	br := bufio.NewReaderSize(r, 1<<16)
	if bom, err := br.Peek(3); err == nil && string(bom) == "\xef\xbb\xbf" {
		br.Discard(3)
	}
	cr := csv.NewReader(br)
	cr.FieldsPerRecord = -1
	return cr
}

// csvFile is a CSV file read record by record, any number of times.
type csvFile struct {
	f    *os.File
	r    *csv.Reader
	size int64
}

func openCSV(path string) (*csvFile, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	return &csvFile{f: f, r: newCSVReader(f), size: st.Size()}, nil
}

// rewind starts reading at the first record again.
func (c *csvFile) rewind() error {
	if _, err := c.f.Seek(0, io.SeekStart); err != nil {
		return err
	}
	c.r = newCSVReader(c.f)
	return nil
}

// next returns the next record; io.EOF at the end.
func (c *csvFile) next() ([]string, error) {
	rec, err := c.r.Read()
	if err != nil && err != io.EOF {
		return nil, fmt.Errorf("csv: %w", err)
	}
	return rec, err
}

// offset is how many bytes of the file the records so far took.
func (c *csvFile) offset() int64 { return c.r.InputOffset() }

func (c *csvFile) Close() error { return c.f.Close() }

// headerSampleRows is how many records header detection looks at.
const headerSampleRows = 1000

// sample reads up to n records from the start of the file and rewinds.
func (c *csvFile) sample(n int) ([][]string, error) {
	var recs [][]string
	for len(recs) < n {
		rec, err := c.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		recs = append(recs, rec)
	}
	return recs, c.rewind()
}

// looksLikeHeader decides whether the first CSV record names the columns.
// With the table's existing column names it checks for a match. Otherwise
// every field must be non-empty, non-numeric and distinct, and it is a
// header unless the data below looks just like it (text of the same
// shape in every column, as in a file of names).
func looksLikeHeader(records [][]string, existing []string) bool {
	if len(records) == 0 {
		return false
	}
	first := records[0]
	if len(existing) > 0 {
		matched := 0
		for i, f := range first {
			if i < len(existing) && strings.EqualFold(strings.TrimSpace(f), existing[i]) {
				matched++
			}
		}
		return matched == len(first)
	}
	seen := map[string]bool{}
	for _, f := range first {
		f = strings.ToLower(strings.TrimSpace(f))
		if f == "" || isNumber(f) || seen[f] {
			return false
		}
		seen[f] = true
	}
	if len(records) == 1 {
		return true
	}
	// Vote per column, like Python's csv.Sniffer: a numeric column under a
	// text name, or a name whose length differs from a fixed data length,
	// says header; a column whose data repeats the name says data.
	votes := 0
	for i, name := range first {
		allNumeric, sameLen, length, repeats := true, true, -1, false
		for _, r := range records[1:] {
			if i >= len(r) || r[i] == "" {
				continue
			}
			v := r[i]
			allNumeric = allNumeric && isNumber(v)
			if length < 0 {
				length = len(v)
			}
			sameLen = sameLen && len(v) == length
			repeats = repeats || v == name
		}
		switch {
		case repeats:
			votes--
		case allNumeric && length >= 0:
			votes++
		case sameLen && length >= 0 && length != len(name):
			votes++
		}
	}
	return votes >= 0
}

// widenTypes widens the column types (BIGINT, then DOUBLE, then TEXT) so
// that they hold record r, adding columns when r is longer; empty fields
// (imported as NULL) do not count.
func widenTypes(types []importType, r []string) []importType {
	for len(types) < len(r) {
		types = append(types, importInt)
	}
	for i, v := range r {
		switch {
		case v == "" || types[i] == importText:
		case isInteger(v):
		case isNumber(v):
			types[i] = max(types[i], importFloat)
		default:
			types[i] = importText
		}
	}
	return types
}

// columnNames makes distinct column names from a header (or c1, c2, ...).
func columnNames(header []string, ncols int) []string {
	names := make([]string, ncols)
	seen := map[string]bool{}
	for i := range names {
		n := ""
		if i < len(header) {
			n = strings.TrimSpace(header[i])
		}
		if n == "" {
			n = "c" + strconv.Itoa(i+1)
		}
		base := n
		for k := 2; seen[strings.ToLower(n)]; k++ {
			n = base + "_" + strconv.Itoa(k)
		}
		seen[strings.ToLower(n)] = true
		names[i] = n
	}
	return names
}

// importCSV loads a CSV file into table, creating it when missing (column
// names from the header, types inferred from all the data, which takes a
// first pass over the file) and returns the number of rows inserted. The
// file is streamed, never held in memory. All rows go in one transaction
// when none is open. Short rows are padded with NULL; empty fields of
// numeric columns are NULL. Large files show a progress bar (on a terminal).
func (s *Shell) importCSV(ctx context.Context, path, table string) (n int, err error) {
	if s.conn == nil {
		return 0, fmt.Errorf("no database is open")
	}
	src, err := openCSV(expandHome(path))
	if err != nil {
		return 0, err
	}
	defer src.Close()
	fail := func(err error) (int, error) { return 0, fmt.Errorf("import %s: %w", path, err) }
	sample, err := src.sample(headerSampleRows)
	if err != nil {
		return fail(err)
	}
	if len(sample) == 0 {
		return 0, nil
	}
	existing, err := s.tableColumns(ctx, table)
	if err != nil {
		return 0, err
	}
	var names []string
	var numeric []bool
	var hasHeader bool
	passes := int64(1)
	if len(existing) == 0 {
		passes = 2 // one to infer the types, one to insert
	}
	bar := s.newProgress("importing "+filepath.Base(path), passes*src.size)
	defer func() { bar.finish(err == nil) }()
	if len(existing) > 0 {
		for _, c := range existing {
			names = append(names, c.name)
			numeric = append(numeric, newColumn(c.name, c.typ).numeric)
		}
		hasHeader = looksLikeHeader(sample, names)
	} else {
		var header []string
		if hasHeader = looksLikeHeader(sample, nil); hasHeader {
			header = sample[0]
		}
		types := make([]importType, len(header))
		if err := eachRecord(src, hasHeader, func(r []string) error {
			types = widenTypes(types, r)
			bar.set(src.offset())
			return nil
		}); err != nil {
			return fail(err)
		}
		if err := src.rewind(); err != nil {
			return fail(err)
		}
		names = columnNames(header, len(types))
		defs := make([]string, len(types))
		for i := range defs {
			defs[i] = quoteIdent(names[i]) + " " + types[i].sqlType()
			numeric = append(numeric, types[i] != importText)
		}
		create := fmt.Sprintf("CREATE TABLE %s (%s)", quoteIdent(table), strings.Join(defs, ", "))
		if _, err := s.conn.ExecContext(ctx, create); err != nil {
			return 0, fmt.Errorf("import: %s: %w", create, err)
		}
	}
	done := (passes - 1) * src.size
	return s.insertRecords(ctx, table, names, numeric, func(each func([]string) error) error {
		return eachRecord(src, hasHeader, func(r []string) error {
			bar.set(done + src.offset())
			return each(r)
		})
	})
}

// eachRecord calls fn for every record of src, skipping the header.
func eachRecord(src *csvFile, skipHeader bool, fn func([]string) error) error {
	for first := true; ; first = false {
		rec, err := src.next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if first && skipHeader {
			continue
		}
		if err := fn(rec); err != nil {
			return err
		}
	}
}

// execer is what both *sql.Conn and *sql.Tx offer.
type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// importBatchRows is how many records one INSERT statement carries.
const importBatchRows = 100

// insertRecords inserts the records that records passes to its callback as
// multi-row INSERTs of literals, in one transaction unless one is already
// open (then the rows join it), and returns how many it inserted.
func (s *Shell) insertRecords(ctx context.Context, table string, names []string, numeric []bool, records func(each func([]string) error) error) (int, error) {
	quoted := make([]string, len(names))
	for i, n := range names {
		quoted[i] = quoteIdent(n)
	}
	prefix := fmt.Sprintf("INSERT INTO %s (%s) VALUES ", quoteIdent(table), strings.Join(quoted, ", "))
	var target execer = s.conn
	tx, txErr := s.conn.BeginTx(ctx, nil)
	if txErr == nil {
		target = tx
	}
	var b strings.Builder
	n, inBatch := 0, 0
	flush := func() error {
		if inBatch == 0 {
			return nil
		}
		if _, err := target.ExecContext(ctx, b.String()); err != nil {
			return fmt.Errorf("import: records %d-%d: %w", n-inBatch+1, n, err)
		}
		b.Reset()
		inBatch = 0
		return nil
	}
	err := records(func(r []string) error {
		if len(r) > len(names) {
			return fmt.Errorf("import: record %d has %d fields, table %s has %d columns", n+1, len(r), table, len(names))
		}
		if inBatch == 0 {
			b.WriteString(prefix)
		} else {
			b.WriteString(", ")
		}
		b.WriteByte('(')
		for i := range names {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(importLiteral(r, i, numeric[i]))
		}
		b.WriteByte(')')
		n++
		inBatch++
		if inBatch == importBatchRows {
			return flush()
		}
		return nil
	})
	if err == nil {
		err = flush()
	}
	if err != nil {
		if tx != nil {
			tx.Rollback()
		}
		return 0, err
	}
	if tx != nil {
		if err := tx.Commit(); err != nil {
			return 0, fmt.Errorf("import: commit: %w", err)
		}
	}
	return n, nil
}

// importLiteral is field i of a record as a SQL literal: missing fields and
// empty fields of numeric columns are NULL, numbers in numeric columns are
// unquoted, everything else is a string.
func importLiteral(r []string, i int, numeric bool) string {
	switch {
	case i >= len(r), numeric && r[i] == "":
		return "NULL"
	case numeric && isNumber(r[i]):
		return r[i]
	}
	return quoteString(r[i])
}
