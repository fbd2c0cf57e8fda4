package slt

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// watchdog bounds each record of a script by Config.RecordTimeout with
// one context and one timer for the whole script: a context.WithTimeout
// per record costs a timer, a child registration in the parent context
// and more goroutine wake-ups in database/sql, about 10µs a record
// (BenchmarkRecordContext), which the corpus's 600,000 records would
// pay. The timer is re-armed per record; when it fires, it cancels the
// script's context with a cause wrapping context.DeadlineExceeded, and
// the next record gets a fresh context.
type watchdog struct {
	parent context.Context
	d      time.Duration
	timer  *time.Timer

	mu       sync.Mutex
	ctx      context.Context
	cancel   context.CancelCauseFunc
	deadline time.Time // of the running record; zero between records
}

func newWatchdog(parent context.Context, d time.Duration) *watchdog {
	w := &watchdog{parent: parent, d: d}
	w.ctx, w.cancel = context.WithCancelCause(parent)
	w.timer = time.AfterFunc(time.Hour, w.fire)
	w.timer.Stop()
	return w
}

// start arms the timer for a record and returns the context to run it in.
func (w *watchdog) start() context.Context {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.ctx.Err() != nil && w.parent.Err() == nil {
		// The last record timed out: this one starts afresh.
		w.ctx, w.cancel = context.WithCancelCause(w.parent)
	}
	w.deadline = time.Now().Add(w.d)
	w.timer.Reset(w.d)
	return w.ctx
}

// done disarms the timer after a record.
func (w *watchdog) done() {
	w.timer.Stop()
	w.mu.Lock()
	w.deadline = time.Time{}
	w.mu.Unlock()
}

// fire runs when the timer expires. A firing that comes late, after its
// record ended (Stop cannot recall a function already started), finds no
// deadline or one in the future, and does nothing.
func (w *watchdog) fire() {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.deadline.IsZero() || time.Now().Before(w.deadline) {
		return
	}
	w.cancel(fmt.Errorf("slt: record ran longer than %v: %w", w.d, context.DeadlineExceeded))
}

// close releases the timer and the context.
func (w *watchdog) close() {
	w.timer.Stop()
	w.mu.Lock()
	w.cancel(nil)
	w.mu.Unlock()
}
