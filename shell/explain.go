package shell

import (
	"bufio"
	"strconv"
	"strings"
)

// loopOpcodes jump back to the top of a loop body; .explain indents the
// instructions between the jump target and the jump.
var loopOpcodes = map[string]bool{"next": true, "prev": true, "vnext": true}

// explainFormatter renders EXPLAIN bytecode listings (columns addr, opcode,
// p1..p5, comment) as an aligned listing with loop bodies indented. Other
// EXPLAIN output goes to the normal formatter.
type explainFormatter struct {
	w      *bufio.Writer
	next   formatter // used when the columns are not a bytecode listing
	cols   []column
	addr   int // column index of addr, opcode, p2
	opcode int
	p2     int
	rows   [][]string
	plain  bool // not a bytecode listing: pass through
}

func (f *explainFormatter) Begin(cols []column) error {
	f.cols = cols
	f.addr, f.opcode, f.p2 = -1, -1, -1
	for i, c := range cols {
		switch strings.ToLower(c.name) {
		case "addr":
			f.addr = i
		case "opcode":
			f.opcode = i
		case "p2":
			f.p2 = i
		}
	}
	if f.addr < 0 || f.opcode < 0 || f.p2 < 0 {
		f.plain = true
		return f.next.Begin(cols)
	}
	return nil
}

func (f *explainFormatter) Row(cells []cell) error {
	if f.plain {
		return f.next.Row(cells)
	}
	texts := make([]string, len(cells))
	for i, c := range cells {
		if c.kind != kindNull {
			texts[i] = escapeControls(displayText(c, ""))
		}
	}
	f.rows = append(f.rows, texts)
	return nil
}

// End indents and prints the listing; a program is small, so it is
// buffered whole.
func (f *explainFormatter) End() error {
	if f.plain {
		return f.next.End()
	}
	indent := make([]int, len(f.rows))
	index := map[string]int{} // addr text -> row
	for i, r := range f.rows {
		index[r[f.addr]] = i
	}
	for i, r := range f.rows {
		if !loopOpcodes[strings.ToLower(r[f.opcode])] {
			continue
		}
		target, ok := index[r[f.p2]]
		if _, err := strconv.Atoi(r[f.p2]); err != nil || !ok || target > i {
			continue
		}
		for j := target; j < i; j++ {
			indent[j]++
		}
	}
	widths := make([]int, len(f.cols))
	for i, c := range f.cols {
		widths[i] = len(c.name)
	}
	for ri, r := range f.rows {
		for i, t := range r {
			w := len(t)
			if i == f.opcode {
				w += 2 * indent[ri]
			}
			widths[i] = max(widths[i], w)
		}
	}
	names := make([]string, len(f.cols))
	rules := make([]string, len(f.cols))
	for i, c := range f.cols {
		names[i] = c.name
		rules[i] = strings.Repeat("-", widths[i])
	}
	f.line(names, widths)
	f.line(rules, widths)
	for ri, r := range f.rows {
		r[f.opcode] = strings.Repeat("  ", indent[ri]) + r[f.opcode]
		f.line(r, widths)
	}
	return f.w.Flush()
}

func (f *explainFormatter) line(texts []string, widths []int) {
	var b strings.Builder
	for i, t := range texts {
		if i > 0 {
			b.WriteString("  ")
		}
		b.WriteString(t)
		if i < len(texts)-1 {
			b.WriteString(strings.Repeat(" ", widths[i]-len(t)))
		}
	}
	f.w.WriteString(strings.TrimRight(b.String(), " "))
	f.w.WriteByte('\n')
}
