package ledger

import (
	"errors"
	"fmt"
)

// Error kinds; test with errors.Is. Errors from S3 keep their s3browse
// kinds (ErrAccessDenied, ErrEndpointUnreachable...) too.
var (
	// ErrDamaged: an object of the ledger is not what this version writes
	// (too large, not JSON, invalid fields): nothing was applied from it.
	ErrDamaged = errors.New("damaged ledger object")
	// ErrNotMember: a batch was written by a name with no members/ object.
	ErrNotMember = errors.New("not a member")
	// ErrForged: an event in a batch names another writer than the batch.
	ErrForged = errors.New("event claims another writer")
	// ErrNewerFormat: an object was written by a newer version of s3share;
	// nothing from it or after it was applied.
	ErrNewerFormat = errors.New("newer ledger format")
	// ErrGap: a log object is missing while a later one exists.
	ErrGap = errors.New("gap in the log")
	// ErrNotLedger: the prefix holds no ledger (no ledger.json).
	ErrNotLedger = errors.New("not a team ledger")
	// ErrAlreadyLedger: Init found a ledger already there.
	ErrAlreadyLedger = errors.New("already a team ledger")
	// ErrNameTaken: the member name belongs to another identity.
	ErrNameTaken = errors.New("member name taken")
	// ErrEntryNotWritten: this member's entry (members/NAME.json) could
	// not be written: the credentials may not write there. Its events
	// cannot be pushed until it is (teammates skip events by a name
	// without one).
	ErrEntryNotWritten = errors.New("member entry not written")
	// ErrBusy: a push lost the race for the next number too many times.
	ErrBusy = errors.New("ledger busy")
	// ErrInvalidEvent: an event in the outbox cannot be written.
	ErrInvalidEvent = errors.New("invalid event")
	// ErrNotConditional: the capability probe found that the server's
	// conditional writes do not hold.
	ErrNotConditional = errors.New("conditional writes do not hold")
)

// ObjectError is a problem with one object of the ledger, named by its
// s3:// location.
type ObjectError struct {
	Location string // s3://bucket/prefix/log/00000000000000000042.json
	Err      error  // wraps one of the kinds above
}

// Error says which object and what is wrong with it, in one line.
func (e *ObjectError) Error() string { return e.Location + ": " + e.Err.Error() }

// Unwrap returns the problem.
func (e *ObjectError) Unwrap() error { return e.Err }

// objectError builds an ObjectError for key whose problem is kind with a
// detail.
func (l layout) objectError(key string, kind error, format string, args ...any) *ObjectError {
	return &ObjectError{Location: l.location(key), Err: fmt.Errorf("%w: "+format, append([]any{kind}, args...)...)}
}
