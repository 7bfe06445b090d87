package share

import "time"

// CredentialKind says what kind of credentials signed a link, which decides
// whether the link can end before its requested expiry.
type CredentialKind string

// Credential kinds stored with each link.
const (
	CredStatic    CredentialKind = "static"    // long-lived keys: the link lives its full expiry
	CredTemporary CredentialKind = "temporary" // credentials with a known expiry
	CredSession   CredentialKind = "session"   // session token of unknown lifetime
)

// Link is one issued presigned link, as stored in the history.
type Link struct {
	ID                 int64
	Bucket             string
	Key                string
	Region             string
	Endpoint           string
	URL                string
	IssuedAt           time.Time
	ExpiresAt          time.Time // what was requested: IssuedAt + expiry
	EffectiveExpiresAt time.Time // min(ExpiresAt, credentials' expiry)
	CredentialKind     CredentialKind
	Disposition        string // "" (inline, the default) or the attachment header value
	BatchID            string // links issued together share it
	Label              string
	Warnings           []string // not stored; set when the link is issued
}

// Status is where a link stands at a given moment.
type Status int

// Link statuses, computed from the injected clock.
const (
	StatusActive       Status = iota // works, more than an hour left
	StatusExpiringSoon               // works, under an hour left and past half its life
	StatusExpired                    // reached its requested expiry
	StatusEndedEarly                 // credentials ended it before the requested expiry
)

// ExpiringSoonWindow is how close to its end an active link counts as expiring soon.
const ExpiringSoonWindow = time.Hour

// String returns the status as shown to people and in JSON.
func (s Status) String() string {
	switch s {
	case StatusActive:
		return "active"
	case StatusExpiringSoon:
		return "expiring soon"
	case StatusExpired:
		return "expired"
	case StatusEndedEarly:
		return "ended early"
	}
	return "unknown"
}

// Live reports whether a link with this status still works.
func (s Status) Live() bool { return s == StatusActive || s == StatusExpiringSoon }

// StatusAt computes the status of l at now.
func (l Link) StatusAt(now time.Time) Status {
	end := l.End()
	switch {
	case now.Before(end) && l.endingSoon(end, now):
		return StatusExpiringSoon
	case now.Before(end):
		return StatusActive
	case end.Before(l.ExpiresAt):
		return StatusEndedEarly
	default:
		return StatusExpired
	}
}

// endingSoon reports whether a live link ending at end has under
// ExpiringSoonWindow left and is past the middle of its life: a 15-minute or
// 1-hour link just issued reads active, not expiring soon.
func (l Link) endingSoon(end, now time.Time) bool {
	left := end.Sub(now)
	return left < ExpiringSoonWindow && left <= now.Sub(l.IssuedAt)
}

// Filter selects links by status in history queries.
type Filter int

// History filters.
const (
	FilterAll     Filter = iota
	FilterActive         // still working (active or expiring soon)
	FilterExpired        // no longer working (expired or ended early)
)

// Query selects history entries, newest first.
type Query struct {
	Filter Filter
	Search string // substring of bucket, key or label, case-insensitive
	Limit  int    // 0 means no limit
}
