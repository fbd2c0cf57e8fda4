package slt

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
)

// Kind says what a record does.
type Kind uint8

const (
	// KindStatement runs SQL that must succeed or must fail.
	KindStatement Kind = iota + 1
	// KindQuery runs SQL and compares its rendered result.
	KindQuery
	// KindHashThreshold changes the hash threshold for the records after it.
	KindHashThreshold
	// KindHalt stops the script.
	KindHalt
)

func (k Kind) String() string {
	switch k {
	case KindStatement:
		return "statement"
	case KindQuery:
		return "query"
	case KindHashThreshold:
		return "hash-threshold"
	case KindHalt:
		return "halt"
	}
	return "kind?"
}

// SortMode is how a query's rendered values are ordered before comparing.
type SortMode uint8

const (
	// NoSort compares values in the order the engine returned them.
	NoSort SortMode = iota
	// RowSort sorts rows, comparing them value by value as byte strings.
	RowSort
	// ValueSort sorts all values one by one, ignoring rows.
	ValueSort
)

func (m SortMode) String() string {
	switch m {
	case NoSort:
		return "nosort"
	case RowSort:
		return "rowsort"
	case ValueSort:
		return "valuesort"
	}
	return "sort?"
}

// Condition is one skipif/onlyif line of a record.
type Condition struct {
	OnlyIf bool   // onlyif (true) or skipif (false)
	Engine string // the word after skipif/onlyif
}

// Record is one record of a script.
type Record struct {
	Line       int // line of the record's command (statement/query/...), 1-based
	Kind       Kind
	Conditions []Condition

	SQL string // statement and query: the SQL lines joined by "\n"

	ExpectError bool // statement error

	Types    string   // query: one letter per column (I, R, T)
	Sort     SortMode // query
	Label    string   // query: optional label
	Expected []string // query: the lines after "----"

	Threshold int // hash-threshold
}

// Skipped reports whether the record's conditions skip it for engine: any
// skipif naming engine, or any onlyif naming another engine, skips it.
func (r *Record) Skipped(engine string) bool {
	for _, c := range r.Conditions {
		if c.OnlyIf != (c.Engine == engine) {
			return true
		}
	}
	return false
}

// Script is a parsed sqllogictest file.
type Script struct {
	Name    string
	Records []Record
}

// ParseFile reads and parses the script at path.
func ParseFile(path string) (*Script, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("slt: %w", err)
	}
	defer f.Close()
	return Parse(path, f)
}

// line is one non-comment line of a script.
type line struct {
	n    int
	text string
}

// Parse parses a script. name is used in error messages only.
// Lines starting with '#' are dropped wherever they appear (S1); lines of
// only white space are blank and end a record (S2); a trailing "\r" is
// dropped (the corpus has CRLF files).
func Parse(name string, r io.Reader) (*Script, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 64*1024*1024)
	s := &Script{Name: name}
	var block []line
	n := 0
	flush := func() error {
		if len(block) == 0 {
			return nil
		}
		rec, err := parseRecord(block)
		block = block[:0]
		if err != nil {
			return fmt.Errorf("slt: %s:%w", name, err)
		}
		s.Records = append(s.Records, rec)
		return nil
	}
	for sc.Scan() {
		n++
		text := strings.TrimSuffix(sc.Text(), "\r")
		if strings.HasPrefix(text, "#") {
			continue
		}
		if strings.TrimSpace(text) == "" {
			if err := flush(); err != nil {
				return nil, err
			}
			continue
		}
		block = append(block, line{n, text})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("slt: %s: %w", name, err)
	}
	if err := flush(); err != nil {
		return nil, err
	}
	return s, nil
}

// parseRecord parses the non-blank, non-comment lines of one record.
func parseRecord(lines []line) (Record, error) {
	var rec Record
	i := 0
	for ; i < len(lines); i++ {
		f := strings.Fields(lines[i].text)
		if f[0] != "skipif" && f[0] != "onlyif" {
			break
		}
		if len(f) < 2 {
			return rec, fmt.Errorf("%d: %s without an engine name", lines[i].n, f[0])
		}
		engine, _, _ := strings.Cut(f[1], "#")
		rec.Conditions = append(rec.Conditions, Condition{OnlyIf: f[0] == "onlyif", Engine: engine})
	}
	if i == len(lines) {
		return rec, fmt.Errorf("%d: condition without a record", lines[len(lines)-1].n)
	}
	head := lines[i]
	rec.Line = head.n
	body := lines[i+1:]
	f := strings.Fields(head.text)
	switch f[0] {
	case "statement":
		rec.Kind = KindStatement
		if len(f) < 2 || (f[1] != "ok" && f[1] != "error") {
			return rec, fmt.Errorf("%d: want \"statement ok\" or \"statement error\", got %q", head.n, head.text)
		}
		rec.ExpectError = f[1] == "error"
		if len(body) == 0 {
			return rec, fmt.Errorf("%d: statement without SQL", head.n)
		}
		rec.SQL = joinLines(body)
	case "query":
		rec.Kind = KindQuery
		if err := parseQueryHead(&rec, f, head.n); err != nil {
			return rec, err
		}
		sep := len(body)
		for j, l := range body {
			if l.text == "----" {
				sep = j
				break
			}
		}
		if sep == 0 {
			return rec, fmt.Errorf("%d: query without SQL", head.n)
		}
		rec.SQL = joinLines(body[:sep])
		if sep < len(body) {
			for _, l := range body[sep+1:] {
				rec.Expected = append(rec.Expected, l.text)
			}
		}
	case "hash-threshold":
		rec.Kind = KindHashThreshold
		if len(f) < 2 {
			return rec, fmt.Errorf("%d: hash-threshold without a number", head.n)
		}
		v, err := strconv.Atoi(f[1])
		if err != nil || v < 0 {
			return rec, fmt.Errorf("%d: bad hash-threshold %q", head.n, f[1])
		}
		rec.Threshold = v
	case "halt":
		rec.Kind = KindHalt
	default:
		return rec, fmt.Errorf("%d: unknown record %q", head.n, f[0])
	}
	if (rec.Kind == KindHashThreshold || rec.Kind == KindHalt) && len(body) > 0 {
		return rec, fmt.Errorf("%d: unexpected line after %s: %q", body[0].n, rec.Kind, body[0].text)
	}
	return rec, nil
}

func parseQueryHead(rec *Record, f []string, n int) error {
	if len(f) < 2 {
		return fmt.Errorf("%d: query without column types", n)
	}
	for _, c := range f[1] {
		if c != 'I' && c != 'R' && c != 'T' {
			return fmt.Errorf("%d: bad column type %q in %q", n, c, f[1])
		}
	}
	rec.Types = f[1]
	rest := f[2:]
	if len(rest) > 0 {
		switch rest[0] {
		case "nosort":
			rec.Sort = NoSort
			rest = rest[1:]
		case "rowsort":
			rec.Sort = RowSort
			rest = rest[1:]
		case "valuesort":
			rec.Sort = ValueSort
			rest = rest[1:]
		}
	}
	if len(rest) > 0 {
		rec.Label = rest[0]
		rest = rest[1:]
	}
	if len(rest) > 0 {
		return fmt.Errorf("%d: unexpected %q after the query label", n, strings.Join(rest, " "))
	}
	return nil
}

func joinLines(ls []line) string {
	var b strings.Builder
	for i, l := range ls {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(l.text)
	}
	return b.String()
}
