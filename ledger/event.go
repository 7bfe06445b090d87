package ledger

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"slices"
	"time"
)

// Kind is what an event records.
type Kind string

// The kinds of events.
const (
	KindIssued     Kind = "issued"     // a link was issued (Record set)
	KindRenewed    Kind = "renewed"    // a new link replaces RenewedFrom (Record set)
	KindRevoked    Kind = "revoked"    // the link's copy was deleted
	KindRelabelled Kind = "relabelled" // the link's label became Label
	KindRemoved    Kind = "removed"    // the link was removed from the history
	KindChecked    Kind = "checked"    // a live check gave Verdict
	KindOpened     Kind = "opened"     // requests through the link found in access logs (Opened)
)

// Kinds lists the kinds this version understands, in the order people
// are told of them.
func Kinds() []Kind {
	return []Kind{KindIssued, KindRenewed, KindRevoked, KindRelabelled, KindRemoved, KindChecked, KindOpened}
}

// known reports whether k is a kind this version understands.
func (k Kind) known() bool {
	return slices.Contains(Kinds(), k)
}

// Event is one change to the team's links. Applying an event twice
// changes nothing, and the order events are applied in does not matter
// (see State).
type Event struct {
	ID     string    `json:"id"`     // random, 32 lowercase hex digits (NewID)
	Kind   Kind      `json:"kind"`   // what happened
	Writer string    `json:"writer"` // the member who wrote it (a valid member name)
	At     time.Time `json:"at"`     // when, by the server's clock
	Link   string    `json:"link"`   // the team-wide id of the link (NewID, given by its issuer)

	Record      *LinkRecord `json:"record,omitempty"`       // issued and renewed: the link
	RenewedFrom string      `json:"renewed_from,omitempty"` // renewed: the link it replaces
	Label       string      `json:"label,omitempty"`        // relabelled: the new label ("" clears it)
	Verdict     *Verdict    `json:"verdict,omitempty"`      // checked: what the check found
	Opened      *Opened     `json:"opened,omitempty"`       // opened: the requests found in access logs
}

// LinkRecord is a shared link as teammates see it: everything needed to
// show, check, renew or revoke it, but never a usable URL (StripSecrets).
type LinkRecord struct {
	Bucket             string    `json:"bucket"`
	Key                string    `json:"key"` // the object shared (the original, for a revocable link)
	Region             string    `json:"region"`
	Endpoint           string    `json:"endpoint,omitempty"` // the effective endpoint, "" for AWS
	PathStyle          bool      `json:"path_style,omitempty"`
	URL                string    `json:"url"`        // without X-Amz-Signature and X-Amz-Security-Token
	IssuedAt           time.Time `json:"issued_at"`  // the link's X-Amz-Date
	ExpiresAt          time.Time `json:"expires_at"` // the end that was asked for
	EffectiveExpiresAt time.Time `json:"effective_expires_at"`
	CredentialKind     string    `json:"credential_kind,omitempty"` // static, temporary or session
	Download           bool      `json:"download,omitempty"`
	Filename           string    `json:"filename,omitempty"`
	Disposition        string    `json:"disposition,omitempty"`
	ShareKey           string    `json:"share_key,omitempty"` // the revocable copy, "" for the original
	Size               int64     `json:"size"`                // bytes when issued, -1 when unknown
	Gallery            bool      `json:"gallery,omitempty"`
	Parent             string    `json:"parent,omitempty"` // the gallery's link id, for its members
	BatchID            string    `json:"batch,omitempty"`
	Label              string    `json:"label,omitempty"`
}

// Verdict is what a live check of a link found.
type Verdict struct {
	Kind   string    `json:"kind"`             // e.g. "works", "object gone"
	Detail string    `json:"detail,omitempty"` // the answer in one line
	At     time.Time `json:"at"`               // when the check was made
}

// Field limits, generous for what s3share writes, tight enough that a
// hostile object cannot make one value huge.
const (
	maxKeyBytes   = 1024 // S3's own limit on keys
	maxURLBytes   = 8192
	maxTextBytes  = 1024 // labels, file names, dispositions, details
	maxShortBytes = 256  // regions, endpoints, kinds
)

// NewID returns a random 128-bit id as 32 lowercase hex digits, for
// events and links.
func NewID() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails (it crashes the program instead)
	return hex.EncodeToString(b[:])
}

// validID reports whether s is 32 lowercase hex digits.
func validID(s string) bool {
	if len(s) != 32 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

// Validate reports the first thing wrong with e, or nil. Text such as
// labels may hold any characters (front ends escape them); names and ids
// may not, and a URL must carry no signature or session token.
func (e Event) Validate() error {
	if err := e.validateCommon(); err != nil {
		return err
	}
	switch e.Kind {
	case KindIssued, KindRenewed:
		return e.validateRecord()
	case KindRelabelled:
		return checkText("label", e.Label, maxTextBytes)
	case KindChecked:
		return e.validateVerdict()
	case KindOpened:
		return e.validateOpened()
	}
	return nil
}

// validateCommon checks the fields every event has.
func (e Event) validateCommon() error {
	switch {
	case !validID(e.ID):
		return fmt.Errorf("event id %.40q is not 32 lowercase hex digits", e.ID)
	case !e.Kind.known():
		return fmt.Errorf("event %s: unknown kind %.40q", e.ID, e.Kind)
	case !ValidName(e.Writer):
		return fmt.Errorf("event %s: writer %.70q is not a valid member name", e.ID, e.Writer)
	case e.At.IsZero():
		return fmt.Errorf("event %s: no time", e.ID)
	case !validID(e.Link):
		return fmt.Errorf("event %s: link id %.40q is not 32 lowercase hex digits", e.ID, e.Link)
	case e.Record != nil && e.Kind != KindIssued && e.Kind != KindRenewed:
		return fmt.Errorf("event %s: a %s event carries no link record", e.ID, e.Kind)
	case e.Verdict != nil && e.Kind != KindChecked:
		return fmt.Errorf("event %s: a %s event carries no verdict", e.ID, e.Kind)
	case e.RenewedFrom != "" && e.Kind != KindRenewed:
		return fmt.Errorf("event %s: a %s event renews nothing", e.ID, e.Kind)
	case e.Label != "" && e.Kind != KindRelabelled:
		return fmt.Errorf("event %s: a %s event carries no label", e.ID, e.Kind)
	case e.Opened != nil && e.Kind != KindOpened:
		return fmt.Errorf("event %s: a %s event carries no requests", e.ID, e.Kind)
	}
	return nil
}

// validateRecord checks the link of an issued or renewed event.
func (e Event) validateRecord() error {
	if e.Record == nil {
		return fmt.Errorf("event %s: a %s event needs its link record", e.ID, e.Kind)
	}
	if e.Kind == KindRenewed && (!validID(e.RenewedFrom) || e.RenewedFrom == e.Link) {
		return fmt.Errorf("event %s: a renewed event needs the id of the link it renews", e.ID)
	}
	if err := e.Record.validate(); err != nil {
		return fmt.Errorf("event %s: %w", e.ID, err)
	}
	return nil
}

// validateVerdict checks the verdict of a checked event.
func (e Event) validateVerdict() error {
	v := e.Verdict
	switch {
	case v == nil || v.Kind == "":
		return fmt.Errorf("event %s: a checked event needs its verdict", e.ID)
	case v.At.IsZero():
		return fmt.Errorf("event %s: the verdict has no time", e.ID)
	}
	if err := checkText("verdict", v.Kind, maxShortBytes); err != nil {
		return fmt.Errorf("event %s: %w", e.ID, err)
	}
	if err := checkText("verdict detail", v.Detail, maxTextBytes); err != nil {
		return fmt.Errorf("event %s: %w", e.ID, err)
	}
	return nil
}

// validate checks a link record.
func (r *LinkRecord) validate() error {
	switch {
	case r.Bucket == "" || r.Key == "":
		return fmt.Errorf("the link record names no bucket or key")
	case r.IssuedAt.IsZero() || r.ExpiresAt.IsZero():
		return fmt.Errorf("the link record has no issue or expiry time")
	case r.Parent != "" && !validID(r.Parent):
		return fmt.Errorf("the link record's gallery id %.40q is not 32 lowercase hex digits", r.Parent)
	}
	if err := checkSecrets(r.URL); err != nil {
		return err
	}
	for _, f := range []struct {
		name, value string
		max         int
	}{
		{"bucket", r.Bucket, maxShortBytes}, {"key", r.Key, maxKeyBytes}, {"share key", r.ShareKey, maxKeyBytes},
		{"region", r.Region, maxShortBytes}, {"endpoint", r.Endpoint, maxTextBytes}, {"url", r.URL, maxURLBytes},
		{"credential kind", r.CredentialKind, maxShortBytes}, {"file name", r.Filename, maxTextBytes},
		{"disposition", r.Disposition, maxTextBytes}, {"batch id", r.BatchID, maxShortBytes},
		{"label", r.Label, maxTextBytes},
	} {
		if err := checkText(f.name, f.value, f.max); err != nil {
			return err
		}
	}
	return nil
}

// checkText refuses a value longer than max bytes.
func checkText(name, value string, max int) error {
	if len(value) > max {
		return fmt.Errorf("the %s is %d bytes, more than the %d allowed", name, len(value), max)
	}
	return nil
}
