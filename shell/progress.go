package shell

import (
	"fmt"
	"io"
	"strings"
)

// progressMinBytes is the work (bytes of input) below which no progress bar
// is shown: small imports finish before a bar would help.
const progressMinBytes = 1 << 20

// progressWidth is the number of cells of the bar itself.
const progressWidth = 30

// progress is a one-line progress bar on the terminal, redrawn in place
// with '\r' whenever the whole percentage changes. A disabled one (not a
// terminal, or too little work) prints nothing.
type progress struct {
	w       io.Writer // nil when disabled
	label   string
	total   int64
	percent int // last drawn; -1 before the first draw
}

// newProgress returns the bar for total bytes of work, enabled when the
// shell shows progress (stderr is a terminal) and the work is large.
func (s *Shell) newProgress(label string, total int64) *progress {
	p := &progress{label: label, total: total, percent: -1}
	if s.cfg.Progress && total >= s.progressMin {
		p.w = s.stderr
	}
	return p
}

// set records that done bytes of the work are finished.
func (p *progress) set(done int64) {
	if p.w == nil || p.total <= 0 {
		return
	}
	pct := int(min(100, done*100/p.total))
	if pct == p.percent {
		return
	}
	p.percent = pct
	filled := pct * progressWidth / 100
	fmt.Fprintf(p.w, "\r%s [%s%s] %3d%%", p.label, strings.Repeat("#", filled), strings.Repeat(".", progressWidth-filled), pct)
}

// finish draws the bar full when the work succeeded and ends its line, so
// the next message starts on a line of its own.
func (p *progress) finish(ok bool) {
	if p.w == nil || p.percent < 0 {
		return
	}
	if ok {
		p.set(p.total)
	}
	fmt.Fprintln(p.w)
}
