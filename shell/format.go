package shell

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// Mode is an output format for query results.
type Mode string

// The output modes of .mode and the command-line flags.
const (
	ModeBox      Mode = "box"
	ModeTable    Mode = "table"
	ModeList     Mode = "list"
	ModeCSV      Mode = "csv"
	ModeTabs     Mode = "tabs"
	ModeJSON     Mode = "json"
	ModeLine     Mode = "line"
	ModeMarkdown Mode = "markdown"
	ModeInsert   Mode = "insert"
)

var allModes = []Mode{ModeBox, ModeTable, ModeList, ModeCSV, ModeTabs, ModeJSON, ModeLine, ModeMarkdown, ModeInsert}

// batchRows is how many rows the aligned formats read before fixing their
// column widths; later rows print at once, so a huge result streams. A later
// value wider than its column widens that row only.
const batchRows = 100

// formatOptions are the settings a formatter reads.
type formatOptions struct {
	headers   bool   // list, csv, tabs: print a header line; insert: name the columns
	nullValue string // how NULL prints in the human-readable formats
	table     string // insert: the target table
}

// formatter writes one result set. Begin is called once, then Row per row,
// then End, even for zero rows.
type formatter interface {
	Begin(cols []column) error
	Row(cells []cell) error
	End() error
}

// newFormatter returns the formatter for mode writing to w.
func newFormatter(mode Mode, w io.Writer, opt formatOptions) formatter {
	bw := bufio.NewWriter(w)
	switch mode {
	case ModeBox:
		return &alignedFormatter{w: bw, opt: opt, style: boxStyle}
	case ModeTable:
		return &alignedFormatter{w: bw, opt: opt, style: tableStyle}
	case ModeMarkdown:
		return &alignedFormatter{w: bw, opt: opt, style: markdownStyle}
	case ModeCSV:
		return &csvFormatter{w: bw, cw: csv.NewWriter(bw), opt: opt}
	case ModeTabs:
		return &separatedFormatter{w: bw, opt: opt, sep: "\t"}
	case ModeJSON:
		return &jsonFormatter{w: bw, opt: opt}
	case ModeLine:
		return &lineFormatter{w: bw, opt: opt}
	case ModeInsert:
		return &insertFormatter{w: bw, opt: opt}
	}
	return &separatedFormatter{w: bw, opt: opt, sep: "|"}
}

// escapeControls makes a value one line for the aligned formats.
func escapeControls(s string) string {
	if !strings.ContainsAny(s, "\n\r\t") {
		return s
	}
	return strings.NewReplacer("\n", `\n`, "\r", `\r`, "\t", `\t`).Replace(s)
}

// alignStyle is the drawing of one aligned format.
type alignStyle struct {
	top, mid, bottom [4]string // left, fill, junction, right; empty left means no line
	sep              [3]string // left, between, right of a row
	markdown         bool      // the header rule shows alignment (---:)
}

var (
	boxStyle = alignStyle{
		top:    [4]string{"┌", "─", "┬", "┐"},
		mid:    [4]string{"├", "─", "┼", "┤"},
		bottom: [4]string{"└", "─", "┴", "┘"},
		sep:    [3]string{"│ ", " │ ", " │"},
	}
	tableStyle = alignStyle{
		top:    [4]string{"+", "-", "+", "+"},
		mid:    [4]string{"+", "-", "+", "+"},
		bottom: [4]string{"+", "-", "+", "+"},
		sep:    [3]string{"| ", " | ", " |"},
	}
	markdownStyle = alignStyle{
		mid:      [4]string{"|", "-", "|", "|"},
		sep:      [3]string{"| ", " | ", " |"},
		markdown: true,
	}
)

// alignedFormatter draws box, table and markdown output. It buffers the
// first batchRows rows to size the columns, then streams.
type alignedFormatter struct {
	w       *bufio.Writer
	opt     formatOptions
	style   alignStyle
	cols    []column
	pending [][]string // rows read before the widths were fixed
	numeric []bool     // right-align: every non-NULL value in the batch was a number
	seen    []bool     // the batch had a non-NULL value in this column
	widths  []int
	started bool // widths fixed, header written
}

func (f *alignedFormatter) Begin(cols []column) error {
	f.cols = cols
	f.numeric = make([]bool, len(cols))
	for i := range f.numeric {
		f.numeric[i] = true
	}
	f.seen = make([]bool, len(cols))
	return nil
}

func (f *alignedFormatter) Row(cells []cell) error {
	texts := make([]string, len(cells))
	for i, c := range cells {
		texts[i] = escapeControls(displayText(c, f.opt.nullValue))
		if !f.started && c.kind != kindNull {
			f.seen[i] = true
			if c.kind != kindNumber {
				f.numeric[i] = false
			}
		}
	}
	if f.started {
		f.writeRow(texts)
		return f.flushIfLarge()
	}
	f.pending = append(f.pending, texts)
	if len(f.pending) >= batchRows {
		f.start()
		return f.w.Flush()
	}
	return nil
}

// flushIfLarge keeps memory bounded while letting bufio batch small writes.
func (f *alignedFormatter) flushIfLarge() error {
	if f.w.Buffered() > 32<<10 {
		return f.w.Flush()
	}
	return nil
}

// start fixes the widths from the buffered rows and writes them.
func (f *alignedFormatter) start() {
	f.started = true
	f.widths = make([]int, len(f.cols))
	for i, c := range f.cols {
		f.widths[i] = displayWidth(escapeControls(c.name))
		if !f.seen[i] {
			f.numeric[i] = false
		}
	}
	for _, r := range f.pending {
		for i, t := range r {
			f.widths[i] = max(f.widths[i], displayWidth(t))
		}
	}
	if f.style.markdown {
		for i := range f.widths {
			f.widths[i] = max(f.widths[i], 3)
		}
	}
	f.rule(f.style.top)
	names := make([]string, len(f.cols))
	for i, c := range f.cols {
		names[i] = escapeControls(c.name)
	}
	f.writeCells(names, false)
	f.rule(f.style.mid)
	for _, r := range f.pending {
		f.writeRow(r)
	}
	f.pending = nil
}

func (f *alignedFormatter) rule(parts [4]string) {
	if parts[0] == "" {
		return
	}
	f.w.WriteString(parts[0])
	for i, w := range f.widths {
		if i > 0 {
			f.w.WriteString(parts[2])
		}
		fill := strings.Repeat(parts[1], w+2)
		if f.style.markdown && f.numeric[i] {
			fill = fill[:len(fill)-1] + ":"
		}
		f.w.WriteString(fill)
	}
	f.w.WriteString(parts[3])
	f.w.WriteByte('\n')
}

func (f *alignedFormatter) writeRow(texts []string) {
	f.writeCells(texts, true)
}

func (f *alignedFormatter) writeCells(texts []string, alignNumbers bool) {
	f.w.WriteString(f.style.sep[0])
	for i, t := range texts {
		if i > 0 {
			f.w.WriteString(f.style.sep[1])
		}
		pad := f.widths[i] - displayWidth(t)
		if alignNumbers && f.numeric[i] {
			f.w.WriteString(strings.Repeat(" ", max(pad, 0)))
			f.w.WriteString(t)
		} else {
			f.w.WriteString(t)
			f.w.WriteString(strings.Repeat(" ", max(pad, 0)))
		}
	}
	f.w.WriteString(f.style.sep[2])
	f.w.WriteByte('\n')
}

func (f *alignedFormatter) End() error {
	if len(f.cols) == 0 {
		return nil
	}
	if !f.started {
		f.start()
	}
	f.rule(f.style.bottom)
	return f.w.Flush()
}

// separatedFormatter writes list (|) and tabs output: values as they are,
// no quoting.
type separatedFormatter struct {
	w   *bufio.Writer
	opt formatOptions
	sep string
}

func (f *separatedFormatter) Begin(cols []column) error {
	if !f.opt.headers || len(cols) == 0 {
		return nil
	}
	for i, c := range cols {
		if i > 0 {
			f.w.WriteString(f.sep)
		}
		f.w.WriteString(c.name)
	}
	return f.w.WriteByte('\n')
}

func (f *separatedFormatter) Row(cells []cell) error {
	for i, c := range cells {
		if i > 0 {
			f.w.WriteString(f.sep)
		}
		if c.kind == kindNull && f.sep == "\t" {
			continue // tabs is for other programs: NULL is an empty field
		}
		f.w.WriteString(displayText(c, f.opt.nullValue))
	}
	f.w.WriteByte('\n')
	if f.w.Buffered() > 32<<10 {
		return f.w.Flush()
	}
	return nil
}

func (f *separatedFormatter) End() error { return f.w.Flush() }

// csvFormatter writes RFC 4180 CSV; NULL is an empty field.
type csvFormatter struct {
	w   *bufio.Writer
	cw  *csv.Writer
	opt formatOptions
}

func (f *csvFormatter) Begin(cols []column) error {
	if !f.opt.headers || len(cols) == 0 {
		return nil
	}
	names := make([]string, len(cols))
	for i, c := range cols {
		names[i] = c.name
	}
	return f.cw.Write(names)
}

func (f *csvFormatter) Row(cells []cell) error {
	rec := make([]string, len(cells))
	for i, c := range cells {
		if c.kind != kindNull {
			rec[i] = c.text
		}
	}
	return f.cw.Write(rec)
}

func (f *csvFormatter) End() error {
	f.cw.Flush()
	if err := f.cw.Error(); err != nil {
		return err
	}
	return f.w.Flush()
}

// jsonFormatter writes an array of objects, one per line.
type jsonFormatter struct {
	w     *bufio.Writer
	opt   formatOptions
	names []string // JSON-encoded column names
	rows  int
	cols  int
}

func (f *jsonFormatter) Begin(cols []column) error {
	f.cols = len(cols)
	f.names = make([]string, len(cols))
	for i, c := range cols {
		b, err := json.Marshal(c.name)
		if err != nil {
			return err
		}
		f.names[i] = string(b)
	}
	return nil
}

func (f *jsonFormatter) Row(cells []cell) error {
	if f.rows == 0 {
		f.w.WriteByte('[')
	} else {
		f.w.WriteString(",\n")
	}
	f.rows++
	f.w.WriteByte('{')
	for i, c := range cells {
		if i > 0 {
			f.w.WriteByte(',')
		}
		f.w.WriteString(f.names[i])
		f.w.WriteByte(':')
		switch c.kind {
		case kindNull:
			f.w.WriteString("null")
		case kindNumber:
			f.w.WriteString(c.text)
		case kindBlob:
			f.w.WriteString(`"` + displayText(c, "") + `"`)
		default:
			b, err := json.Marshal(c.text)
			if err != nil {
				return err
			}
			f.w.Write(b)
		}
	}
	f.w.WriteByte('}')
	if f.w.Buffered() > 32<<10 {
		return f.w.Flush()
	}
	return nil
}

func (f *jsonFormatter) End() error {
	switch {
	case f.rows > 0:
		f.w.WriteString("]\n")
	case f.cols > 0:
		f.w.WriteString("[]\n")
	}
	return f.w.Flush()
}

// lineFormatter writes one "name = value" line per column, rows separated
// by a blank line.
type lineFormatter struct {
	w     *bufio.Writer
	opt   formatOptions
	names []string // right-aligned column names
	rows  int
}

func (f *lineFormatter) Begin(cols []column) error {
	width := 0
	for _, c := range cols {
		width = max(width, displayWidth(c.name))
	}
	f.names = make([]string, len(cols))
	for i, c := range cols {
		f.names[i] = strings.Repeat(" ", width-displayWidth(c.name)) + c.name
	}
	return nil
}

func (f *lineFormatter) Row(cells []cell) error {
	if f.rows > 0 {
		f.w.WriteByte('\n')
	}
	f.rows++
	for i, c := range cells {
		fmt.Fprintf(f.w, "%s = %s\n", f.names[i], displayText(c, f.opt.nullValue))
	}
	if f.w.Buffered() > 32<<10 {
		return f.w.Flush()
	}
	return nil
}

func (f *lineFormatter) End() error { return f.w.Flush() }

// insertFormatter writes each row as an INSERT statement.
type insertFormatter struct {
	w      *bufio.Writer
	opt    formatOptions
	prefix string // "INSERT INTO t(a,b) VALUES("
}

func (f *insertFormatter) Begin(cols []column) error {
	table := f.opt.table
	if table == "" {
		table = "tbl"
	}
	var b strings.Builder
	b.WriteString("INSERT INTO ")
	b.WriteString(quoteIdent(table))
	if f.opt.headers {
		b.WriteByte('(')
		for i, c := range cols {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(quoteIdent(c.name))
		}
		b.WriteByte(')')
	}
	b.WriteString(" VALUES(")
	f.prefix = b.String()
	return nil
}

func (f *insertFormatter) Row(cells []cell) error {
	f.w.WriteString(f.prefix)
	for i, c := range cells {
		if i > 0 {
			f.w.WriteByte(',')
		}
		f.w.WriteString(sqlLiteral(c))
	}
	f.w.WriteString(");\n")
	if f.w.Buffered() > 32<<10 {
		return f.w.Flush()
	}
	return nil
}

func (f *insertFormatter) End() error { return f.w.Flush() }
