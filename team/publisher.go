package team

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/s3share/s3share/accesslog"
	"github.com/s3share/s3share/history"
	"github.com/s3share/s3share/ledger"
	"github.com/s3share/s3share/presigned"
)

// Publisher turns what the history records into this member's events (a
// history.Publisher): a link issued or renewed, revoked, removed, and the
// verdicts of checks of the member's own links (a teammate cannot check
// the exact URL, which never leaves its issuer's machine). No event
// carries a usable URL.
type Publisher struct {
	location string
	member   string
	clock    Clock
}

// NewPublisher publishes as member to the ledger at location, its events
// dated by clock.
func NewPublisher(location, member string, clock Clock) *Publisher {
	return &Publisher{location: location, member: member, clock: clock}
}

// Ledger names the ledger the events are for.
func (p *Publisher) Ledger() string { return p.location }

// Issue gives l a new team id and this member as its issuer and returns
// its issued (or, with l.RenewedFrom, renewed) event.
func (p *Publisher) Issue(l *presigned.Link, parent string) (history.Outgoing, error) {
	rec, err := recordOf(*l, parent)
	if err != nil {
		return history.Outgoing{}, err
	}
	e := p.event(ledger.KindIssued, ledger.NewID())
	e.Record = rec
	if l.RenewedFrom != "" && l.RenewedFrom != e.Link {
		e.Kind, e.RenewedFrom = ledger.KindRenewed, l.RenewedFrom
	}
	out, err := encode(e)
	if err != nil {
		return history.Outgoing{}, err
	}
	l.TeamID, l.Issuer = e.Link, p.member
	return out, nil
}

// Change returns the event of a change to a shared link: a revoke, a
// removal, a new label (any member may relabel any link; dated after
// every relabel held of it, see after), or a check of this member's own
// link whose verdict differs from the one before it (prior.Verdict), or
// came over recheckShared after it.
func (p *Publisher) Change(c history.Change, l presigned.Link, prior history.Prior) (history.Outgoing, bool, error) {
	var e ledger.Event
	was := prior.Verdict
	switch {
	case c == history.ChangeRevoked && l.Revoked():
		e = p.event(ledger.KindRevoked, l.TeamID)
	case c == history.ChangeRemoved:
		e = p.event(ledger.KindRemoved, l.TeamID)
	case c == history.ChangeRelabelled:
		e = p.event(ledger.KindRelabelled, l.TeamID)
		e.Label, e.At = l.Label, after(e.At, prior.Held)
	case c == history.ChangeChecked && !l.FromTeam && l.Check.Checked() &&
		(l.Check.Kind != was.Kind || l.Check.At.Sub(was.At) >= recheckShared):
		e = p.event(ledger.KindChecked, l.TeamID)
		e.Verdict = &ledger.Verdict{Kind: string(l.Check.Kind), Detail: clip(l.Check.Detail, maxDetail),
			At: l.Check.At.Add(p.clock.Skew)}
	default:
		return history.Outgoing{}, false, nil
	}
	out, err := encode(e)
	return out, err == nil, err
}

// Opened returns the opened events of requests through a shared link
// (teamID) that a read of access logs found: a request at a time as the
// log has it, less what could carry a signature (the Request-URI is not
// in a history.Hit; the referrer is left out) and s3share's own checks,
// with hostile text made publishable (ledger.CleanText, CleanIP), at most
// ledger.MaxOpenedHits per event. A request whose id the ledger cannot
// carry is left out. logsUpTo is the newest record the read found.
func (p *Publisher) Opened(teamID string, hits []history.Hit, logsUpTo time.Time) ([]history.Outgoing, error) {
	var shared []ledger.Hit
	for _, h := range hits {
		if h.Kind == string(accesslog.KindCheck) || !ledger.ValidRequestID(h.RequestID) || h.At.IsZero() {
			continue
		}
		shared = append(shared, hitOf(h))
	}
	var out []history.Outgoing
	for len(shared) > 0 {
		n := min(len(shared), ledger.MaxOpenedHits)
		e := p.event(ledger.KindOpened, teamID)
		e.Opened = &ledger.Opened{LogsUpTo: logsUpTo, Hits: shared[:n]}
		ev, err := encode(e)
		if err != nil {
			return nil, err
		}
		out, shared = append(out, ev), shared[n:]
	}
	return out, nil
}

// hitOf is a stored request as the team sees it.
func hitOf(h history.Hit) ledger.Hit {
	status := h.Status
	if status < 0 || status > 999 {
		status = 0
	}
	return ledger.Hit{RequestID: h.RequestID, At: h.At.UTC(), Kind: kindOf(h.Kind), Status: status,
		ErrorCode: ledger.CleanText(h.ErrorCode, maxShortText), Operation: ledger.CleanText(h.Operation, maxShortText),
		RemoteIP: ledger.CleanIP(h.RemoteIP), UserAgent: ledger.CleanText(h.UserAgent, ledger.MaxUserAgentBytes),
		BytesSent: max(h.BytesSent, 0)}
}

// kindOf is what a request amounted to, as the team is told: the kinds
// accesslog gives, anything else "other".
func kindOf(kind string) string {
	switch k := accesslog.Kind(kind); k {
	case accesslog.KindOpen, accesslog.KindAfterEnd, accesslog.KindBeforeStart, accesslog.KindTampered,
		accesslog.KindGone, accesslog.KindDenied:
		return kind
	}
	return string(accesslog.KindOther)
}

// maxShortText is the longest error code or operation published (the
// ledger's limit on short text).
const maxShortText = 256

// after is at, or just after the latest relabel among held (event
// bodies) when that is not before at. The fold keeps the latest label by
// the writers' times, each the local clock corrected by a measure of the
// server's good to a second or so (and less as the clock drifts): a
// member who relabels right after a teammate did, and saw it, must still
// win, for they changed the label they saw.
func after(at time.Time, held [][]byte) time.Time {
	for _, body := range held {
		var e ledger.Event
		if json.Unmarshal(body, &e) == nil && e.Kind == ledger.KindRelabelled && !e.At.Before(at) {
			at = e.At.Add(time.Nanosecond)
		}
	}
	return at
}

// maxDetail is the longest check detail published (the ledger's limit).
const maxDetail = 1024

// recheckShared is how long a check that finds what the last one found
// goes unpublished: the UI checks live links whenever the history opens,
// and the team need not hear "works" each time.
const recheckShared = time.Hour

// event is a new event of kind about link by this member, now.
func (p *Publisher) event(kind ledger.Kind, link string) ledger.Event {
	return ledger.Event{ID: ledger.NewID(), Kind: kind, Writer: p.member, At: p.clock.Now(), Link: link}
}

// encode checks e as the ledger will and encodes it for the outbox: an
// event the ledger would refuse never enters it.
func encode(e ledger.Event) (history.Outgoing, error) {
	if err := e.Validate(); err != nil {
		return history.Outgoing{}, fmt.Errorf("%w: %w", history.ErrNotShareable, err)
	}
	body, err := json.Marshal(e)
	if err != nil {
		return history.Outgoing{}, err
	}
	return history.Outgoing{ID: e.ID, Body: body}, nil
}

// recordOf is l as teammates see it: without its signature or session
// token.
func recordOf(l presigned.Link, parent string) (*ledger.LinkRecord, error) {
	u, err := ledger.StripSecrets(l.URL)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", history.ErrNotShareable, err)
	}
	return &ledger.LinkRecord{
		Bucket: l.Bucket, Key: l.Key, Region: l.Region, Endpoint: l.Endpoint, PathStyle: l.PathStyle, URL: u,
		IssuedAt: l.IssuedAt, ExpiresAt: l.ExpiresAt, EffectiveExpiresAt: l.EffectiveExpiresAt,
		CredentialKind: string(l.CredentialKind), Download: l.Download, Filename: l.Filename,
		Disposition: l.Disposition, ShareKey: l.ShareKey, Size: l.Size, Gallery: l.Gallery, Parent: parent,
		BatchID: l.BatchID, Label: l.Label,
	}, nil
}

// clip cuts s to at most n bytes.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}
