package presigned

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

// Link is one issued presigned link, as stored in the history. It holds
// everything needed to check, renew or revoke it again: where it was signed
// (endpoint, addressing, region) and how (download name, label, share copy).
type Link struct {
	ID                 int64
	Bucket             string
	Key                string // the object shared (the original, for a revocable link)
	Region             string
	Endpoint           string // the effective endpoint, "" for AWS
	PathStyle          bool   // the bucket is in the URL's path
	URL                string
	IssuedAt           time.Time
	ExpiresAt          time.Time // what was requested: IssuedAt + expiry
	EffectiveExpiresAt time.Time // when it really stops: credentials' end, server clock
	CredentialKind     CredentialKind
	Download           bool   // browsers save instead of showing
	Filename           string // the download name asked for; "" means the key's base name
	Disposition        string // "" (inline, the default) or the attachment header value
	ShareKey           string // the revocable copy the URL points at; "" for the original
	RevokedAt          time.Time
	Size               int64  // bytes of the object when issued, -1 when unknown
	Gallery            bool   // the link is a gallery page listing other links
	Parent             int64  // the gallery this image link belongs to, 0 for none
	BatchID            string // links issued together share it
	Label              string
	Check              Verdict // the last live check; zero when never checked
	// TeamID is the team-wide id of a link shared with a team ledger
	// (32 hex digits), "" for a link kept only here.
	TeamID string
	// Issuer is the team member who issued a shared link, "" for none.
	Issuer string
	// FromTeam marks a teammate's link, learnt from the team ledger: its
	// URL carries no signature (it cannot be opened from here).
	FromTeam bool
	// RenewedFrom is the team id of the link this one was issued to
	// replace (not stored: set by a renew, for its team event).
	RenewedFrom string
	Warnings    []string // not stored; set when the link is issued
	Members     []Link   // a gallery's images, when loaded (not a column)
}

// Revocable reports whether the link points at a copy s3share can delete.
func (l Link) Revocable() bool { return l.ShareKey != "" }

// HasCopy reports whether the link points at a share copy s3share has not
// deleted: forgetting the link leaves the copy in the bucket.
func (l Link) HasCopy() bool { return l.Revocable() && !l.Revoked() }

// Revoked reports whether s3share deleted the link's copy.
func (l Link) Revoked() bool { return !l.RevokedAt.IsZero() }

// Lifetime is how long the link was asked to work.
func (l Link) Lifetime() time.Duration { return l.ExpiresAt.Sub(l.IssuedAt) }

// Status is where a link stands at a given moment.
type Status int

// Link statuses, computed from the injected clock.
const (
	StatusActive       Status = iota // works, more than an hour left
	StatusExpiringSoon               // works, under an hour left and past half its life
	StatusExpired                    // reached its requested expiry
	StatusEndedEarly                 // credentials ended it before the requested expiry
	StatusRevoked                    // s3share deleted its copy
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
	case StatusRevoked:
		return "revoked"
	}
	return "unknown"
}

// Live reports whether a link with this status still works by the clock.
func (s Status) Live() bool { return s == StatusActive || s == StatusExpiringSoon }

// StatusAt computes the status of l at now from the clock (and a revoke).
func (l Link) StatusAt(now time.Time) Status {
	end := l.End()
	switch {
	case l.Revoked():
		return StatusRevoked
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
