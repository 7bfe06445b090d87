package ledger

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Opened is what a member found in a bucket's server access logs about one
// link: requests through it, and how far the logs it had read went. A
// request keeps what the log says of the requester (time, address, user
// agent, the answer), never its Request-URI or referrer: those carry
// presigned query strings, signatures included.
type Opened struct {
	// LogsUpTo is the time of the newest log record the member had read:
	// requests after it were not known to it yet.
	LogsUpTo time.Time `json:"logs_up_to"`
	Hits     []Hit     `json:"hits"` // 1 to MaxOpenedHits requests
}

// Hit is one request through a link as a server access log recorded it.
// Two members who read the same log publish the same request id: the
// state keeps each request once.
type Hit struct {
	RequestID string    `json:"request_id"` // S3's request id (printable ASCII, no spaces)
	At        time.Time `json:"at"`         // when S3 received it
	Kind      string    `json:"kind"`       // what it amounted to: open, after_end, tampered... (lowercase, _)
	Status    int       `json:"status"`     // the HTTP status, 0 when unknown
	ErrorCode string    `json:"error_code,omitempty"`
	Operation string    `json:"operation,omitempty"`  // REST.GET.OBJECT, REST.HEAD.OBJECT
	RemoteIP  string    `json:"remote_ip,omitempty"`  // an IP address, or "" when the log's did not parse
	UserAgent string    `json:"user_agent,omitempty"` // raw as logged (front ends escape it), clipped
	BytesSent int64     `json:"bytes_sent,omitempty"`
}

// Limits of an opened event: a read that finds more requests publishes
// several events.
const (
	MaxOpenedHits     = 100 // requests in one opened event
	MaxUserAgentBytes = 512 // a user agent, clipped to it by the publisher
	MaxRequestIDBytes = 128 // S3's are 16 characters
	maxHitKindBytes   = 32
)

// validateOpened checks the requests of an opened event.
func (e Event) validateOpened() error {
	o := e.Opened
	switch {
	case o == nil || len(o.Hits) == 0:
		return fmt.Errorf("event %s: an opened event needs its requests", e.ID)
	case len(o.Hits) > MaxOpenedHits:
		return fmt.Errorf("event %s: %d requests, more than the %d an opened event may carry", e.ID, len(o.Hits), MaxOpenedHits)
	case o.LogsUpTo.IsZero():
		return fmt.Errorf("event %s: an opened event needs the time its logs go up to", e.ID)
	}
	for i, h := range o.Hits {
		if err := h.validate(); err != nil {
			return fmt.Errorf("event %s: request %d: %w", e.ID, i+1, err)
		}
	}
	return nil
}

// validate checks one request: ids and kinds of a known shape, texts of a
// bounded size that survive JSON unchanged (valid UTF-8), and no text
// that names a signature.
func (h Hit) validate() error {
	switch {
	case !ValidRequestID(h.RequestID):
		return fmt.Errorf("request id %.40q is not 1 to %d printable ASCII characters", h.RequestID, MaxRequestIDBytes)
	case h.At.IsZero():
		return fmt.Errorf("no time")
	case !validHitKind(h.Kind):
		return fmt.Errorf("kind %.40q is not 1 to %d lowercase letters and _", h.Kind, maxHitKindBytes)
	case h.Status < 0 || h.Status > 999:
		return fmt.Errorf("status %d is not an HTTP status", h.Status)
	case h.BytesSent < 0:
		return fmt.Errorf("bytes sent %d", h.BytesSent)
	case h.RemoteIP != "" && !validIP(h.RemoteIP):
		return fmt.Errorf("remote address %.60q is not an IP address", h.RemoteIP)
	case mentionsSecret(h.UserAgent):
		return fmt.Errorf("the user agent names a signature or session token")
	}
	for _, f := range []struct {
		name, value string
		max         int
	}{
		{"error code", h.ErrorCode, maxShortBytes}, {"operation", h.Operation, maxShortBytes},
		{"user agent", h.UserAgent, MaxUserAgentBytes},
	} {
		if err := checkText(f.name, f.value, f.max); err != nil {
			return err
		}
		if !utf8.ValidString(f.value) {
			return fmt.Errorf("the %s is not valid UTF-8", f.name)
		}
	}
	return nil
}

// ValidRequestID reports whether s can be published as a request id: 1 to
// MaxRequestIDBytes printable ASCII characters, no spaces.
func ValidRequestID(s string) bool {
	if s == "" || len(s) > MaxRequestIDBytes {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] <= ' ' || s[i] > '~' {
			return false
		}
	}
	return true
}

// validHitKind reports whether s is 1 to maxHitKindBytes lowercase letters
// and underscores: the kinds of this version and of later ones.
func validHitKind(s string) bool {
	if s == "" || len(s) > maxHitKindBytes {
		return false
	}
	return strings.Trim(s, "abcdefghijklmnopqrstuvwxyz_") == ""
}

// validIP reports whether s is an IPv4 or IPv6 address.
func validIP(s string) bool {
	_, err := netip.ParseAddr(s)
	return err == nil
}

// CleanIP is s when it is an IP address, else "" (what a log's remote
// address becomes in an opened event).
func CleanIP(s string) string {
	if validIP(s) {
		return s
	}
	return ""
}

// CleanText makes s publishable as a hit's text of at most max bytes:
// invalid UTF-8 replaced, then cut at a character boundary; "" when it
// names a signature or session token.
func CleanText(s string, max int) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	if len(s) > max {
		cut := max
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut]
	}
	if mentionsSecret(s) {
		return ""
	}
	return s
}

// openedHits merges the requests of opened events: each request id once,
// as the first event (by time, then id) has it, in time order; and the
// newest time their logs went up to.
func openedHits(events map[string]*Event) ([]Hit, time.Time) {
	sorted := make([]Event, 0, len(events))
	for _, e := range events {
		sorted = append(sorted, *e)
	}
	slices.SortFunc(sorted, compareEvents(eventTime))
	var hits []Hit
	var upTo time.Time
	seen := map[string]bool{}
	for _, e := range sorted {
		if e.Opened.LogsUpTo.After(upTo) {
			upTo = e.Opened.LogsUpTo
		}
		for _, h := range e.Opened.Hits {
			if !seen[h.RequestID] {
				seen[h.RequestID] = true
				hits = append(hits, h)
			}
		}
	}
	// Logs have whole seconds: within one, the order of the events and in
	// each the log's order, the order the member who read them saw.
	slices.SortStableFunc(hits, func(a, b Hit) int { return a.At.Compare(b.At) })
	return hits, upTo
}
