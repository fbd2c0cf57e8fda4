package journal

import "errors"

// Returned when reading a journal.
var (
	// ErrNoHeader is returned by DecodeHeader when the magic is missing:
	// a zeroed (committed, PERSIST mode) or never-synced header. Such a
	// journal has nothing to play back.
	ErrNoHeader = errors.New("journal: no valid header")
	// ErrBadRecord is returned by DecodeRecord for page number 0 or a bad
	// checksum: the record was never completely written, playback stops.
	ErrBadRecord = errors.New("journal: invalid page record")
	// ErrCorrupt is returned for a header whose magic is right but whose
	// fields are impossible (page or sector size out of range).
	ErrCorrupt = errors.New("journal: journal file is malformed")
)
