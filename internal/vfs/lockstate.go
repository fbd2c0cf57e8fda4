package vfs

import "fmt"

// lockState is the lock table of one file for the in-memory file systems
// (MemFS, FaultFS): every handle's level folded into a count of SHARED
// holders and the single handle, if any, above SHARED. lockingv3.html allows
// at most one RESERVED, PENDING or EXCLUSIVE holder at a time; the OS FS gets
// the same rules from fcntl byte locks. The caller serialises access.
type lockState struct {
	shared      int // handles at SHARED or higher
	writer      any // the handle at RESERVED, PENDING or EXCLUSIVE, or nil
	writerLevel LockLevel
}

// checkLockRequest validates a Lock transition from cur to want (cur < want).
func checkLockRequest(cur, want LockLevel) error {
	switch {
	case want < LockShared || want > LockExclusive:
		return fmt.Errorf("%w: lock to %v", ErrLockProtocol, want)
	case cur == LockNone && want != LockShared:
		return fmt.Errorf("%w: %v to %v (SHARED first)", ErrLockProtocol, cur, want)
	case want == LockReserved && cur != LockShared:
		return fmt.Errorf("%w: %v to %v", ErrLockProtocol, cur, want)
	}
	return nil
}

// checkUnlockRequest validates an Unlock target level.
func checkUnlockRequest(want LockLevel) error {
	if want != LockNone && want != LockShared {
		return fmt.Errorf("%w: unlock to %v (only SHARED or NONE)", ErrLockProtocol, want)
	}
	return nil
}

// lock raises owner from cur to want and returns the level owner ends at.
// On ErrBusy the level is unchanged except that EXCLUSIVE blocked only by
// readers leaves owner at PENDING (lockingv3.html: the PENDING lock keeps new
// readers out so the writer can get in once the current ones leave).
func (s *lockState) lock(owner any, cur, want LockLevel) (LockLevel, error) {
	if cur >= want {
		return cur, nil
	}
	if err := checkLockRequest(cur, want); err != nil {
		return cur, err
	}
	if want == LockShared {
		if s.writer != nil && s.writerLevel >= LockPending {
			return cur, ErrBusy
		}
		s.shared++
		return LockShared, nil
	}
	if s.writer != nil && s.writer != owner {
		return cur, ErrBusy
	}
	s.writer = owner
	if want != LockExclusive {
		s.writerLevel = want
		return want, nil
	}
	s.writerLevel = LockPending
	if s.shared > 1 {
		return LockPending, ErrBusy
	}
	s.writerLevel = LockExclusive
	return LockExclusive, nil
}

// unlock lowers owner from cur to want (SHARED or NONE).
func (s *lockState) unlock(owner any, cur, want LockLevel) (LockLevel, error) {
	if err := checkUnlockRequest(want); err != nil {
		return cur, err
	}
	if cur <= want {
		return cur, nil
	}
	if cur > LockShared && s.writer == owner {
		s.writer, s.writerLevel = nil, LockNone
	}
	if want == LockNone {
		s.shared--
	}
	return want, nil
}

// reserved reports whether any handle holds RESERVED or higher.
func (s *lockState) reserved() bool {
	return s.writer != nil
}
