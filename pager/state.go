package pager

import (
	"fmt"

	"github.com/walrusdb/walrus/internal/vfs"
)

// state is the pager's transaction state; doc.go has the diagram, the
// transition table and what each state guarantees.
type state uint8

const (
	stateOpen           state = iota // no lock, cache may be stale
	stateReader                      // SHARED: cache is valid and clean
	stateWriterLocked                // RESERVED (or more), nothing changed yet
	stateWriterCacheMod              // cache has dirty pages, the db file is untouched
	stateWriterDBMod                 // EXCLUSIVE, the db file has been written
	stateWriterFinished              // phase one done: db written and synced
	stateError                       // an I/O error left disk and cache unknown
)

func (s state) String() string {
	switch s {
	case stateOpen:
		return "OPEN"
	case stateReader:
		return "READER"
	case stateWriterLocked:
		return "WRITER_LOCKED"
	case stateWriterCacheMod:
		return "WRITER_CACHEMOD"
	case stateWriterDBMod:
		return "WRITER_DBMOD"
	case stateWriterFinished:
		return "WRITER_FINISHED"
	case stateError:
		return "ERROR"
	}
	return "STATE?"
}

// isWriter reports whether s is one of the WRITER_* states.
func (s state) isWriter() bool {
	return s >= stateWriterLocked && s <= stateWriterFinished
}

// checkState verifies the per-state guarantees listed in doc.go (P1..P6)
// and returns the first one that does not hold.
func (p *Pager) checkState() error {
	switch p.state {
	case stateOpen:
		if p.lock != vfs.LockNone {
			return fmt.Errorf("P1: %v holds lock %v", p.state, p.lock)
		}
		if p.cache.nDirty != 0 {
			return fmt.Errorf("P1: %v has %d dirty pages", p.state, p.cache.nDirty)
		}
	case stateReader:
		if p.lock != vfs.LockShared {
			return fmt.Errorf("P2: %v holds lock %v", p.state, p.lock)
		}
		if p.cache.nDirty != 0 {
			return fmt.Errorf("P2: %v has %d dirty pages", p.state, p.cache.nDirty)
		}
	case stateWriterLocked:
		if p.lock < vfs.LockReserved {
			return fmt.Errorf("P3: %v holds lock %v", p.state, p.lock)
		}
		if p.cache.nDirty != 0 {
			return fmt.Errorf("P3: %v has %d dirty pages", p.state, p.cache.nDirty)
		}
	case stateWriterCacheMod:
		if p.lock < vfs.LockReserved {
			return fmt.Errorf("P4: %v holds lock %v", p.state, p.lock)
		}
	case stateWriterDBMod:
		if p.lock != vfs.LockExclusive {
			return fmt.Errorf("P5: %v holds lock %v", p.state, p.lock)
		}
	case stateWriterFinished:
		if p.lock < vfs.LockReserved || (p.stamped && p.lock != vfs.LockExclusive) {
			return fmt.Errorf("P5: %v holds lock %v", p.state, p.lock)
		}
		if p.cache.nDirty != 0 {
			return fmt.Errorf("P5: %v has %d dirty pages", p.state, p.cache.nDirty)
		}
	case stateError:
		if p.err == nil {
			return fmt.Errorf("P6: %v without a saved error", p.state)
		}
	}
	if p.errAfterTxn && p.state != stateError {
		return fmt.Errorf("P6: %v marked with an error after the transaction", p.state)
	}
	if p.state.isWriter() && p.dbSize < 1 && p.cache.nDirty > 0 {
		return fmt.Errorf("P4: dirty pages but database size %d", p.dbSize)
	}
	return nil
}

// assertState panics when checkState fails and invariant checking is on
// (tests turn it on; see checkInvariants).
func (p *Pager) assertState() {
	if !checkInvariants {
		return
	}
	if err := p.checkState(); err != nil {
		panic(fmt.Sprintf("pager: state invariant violated: %v", err))
	}
}

// checkInvariants turns on assertState; the package tests set it.
var checkInvariants = false
