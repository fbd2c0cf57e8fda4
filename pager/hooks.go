package pager

// Failure seams at each durability step of commit and recovery (STYLE
// lesson 8). Tests set them to stop, or fail, exactly there; a non-nil
// error returned by a hook is treated like an I/O error at that step.
// They are nil in production.
var (
	beforeJournalSync     func() error // CommitPhaseOne and spill, before the journal is hardened
	beforeDBWrite         func() error // before database pages are written (commit or spill)
	beforeDBSync          func() error // CommitPhaseOne, before the database file is synced
	beforeJournalFinalize func() error // CommitPhaseTwo, before the commit point
	duringHotRollback     func() error // hot-journal playback, before each page write
)

func runHook(h func() error) error {
	if h == nil {
		return nil
	}
	return h()
}
