package team

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/s3share/s3share/history"
	"github.com/s3share/s3share/ledger"
	"github.com/s3share/s3share/presigned"
)

// Cache is the history as the cache of one ledger (a ledger.Cache): its
// position, the events applied from it, its outbox, and the links the
// events make.
type Cache struct {
	h        *history.History
	location string // the ledger's s3:// location, the history's key for it
}

// NewCache returns h as the cache of the ledger at location (as
// ledger.Ledger.Location gives it). h must have joined it (JoinTeam).
func NewCache(h *history.History, location string) *Cache {
	return &Cache{h: h, location: location}
}

// Position returns how far the history has read the log.
func (c *Cache) Position(ctx context.Context) (ledger.Position, error) {
	p, err := c.h.TeamPosition(ctx, c.location)
	return ledger.Position{Applied: p.Applied, Synced: p.Synced}, err
}

// Apply keeps events, takes them out of the outbox, moves the position
// forward and brings the links they touch to where the team's events put
// them: a teammate's new link is added (its URL without signature), a
// removed one deleted, a revoke, a label or a newer check applied. All
// of it in one transaction.
func (c *Cache) Apply(ctx context.Context, pos ledger.Position, events []ledger.Event) error {
	held := make([]history.TeamEvent, len(events))
	decoded := make(map[string]ledger.Event, len(events))
	for i, e := range events {
		body, err := json.Marshal(e)
		if err != nil {
			return err
		}
		held[i] = history.TeamEvent{ID: e.ID, Link: e.Link, Body: body}
		decoded[e.ID] = e
	}
	return c.h.ApplyTeam(ctx, c.location, history.TeamPosition{Applied: pos.Applied, Synced: pos.Synced}, held,
		func(byLink map[string][]history.TeamEvent) ([]history.TeamLink, error) { return fold(byLink, decoded) })
}

// Outbox returns the events waiting to be pushed, oldest first.
func (c *Cache) Outbox(ctx context.Context) ([]ledger.Event, error) {
	out, err := c.h.TeamOutbox(ctx, c.location)
	if err != nil {
		return nil, err
	}
	events := make([]ledger.Event, len(out))
	for i, o := range out {
		if events[i], err = decode(o.Body); err != nil {
			return nil, fmt.Errorf("the history's outbox holds a damaged event %.40q: %w", o.ID, err)
		}
	}
	return events, nil
}

// Events returns every event applied from the ledger.
func (c *Cache) Events(ctx context.Context) ([]ledger.Event, error) {
	bodies, err := c.h.TeamEvents(ctx, c.location)
	if err != nil {
		return nil, err
	}
	events := make([]ledger.Event, len(bodies))
	for i, b := range bodies {
		if events[i], err = decode(b); err != nil {
			return nil, fmt.Errorf("the history holds a damaged team event: %w", err)
		}
	}
	return events, nil
}

// decode reads one event as the cache keeps it.
func decode(body []byte) (ledger.Event, error) {
	var e ledger.Event
	err := json.Unmarshal(body, &e)
	return e, err
}

// fold decides where each link stands from every event held of it, by
// ledger.State's rules (the reference every cache follows). known holds
// the events just applied, decoded already.
func fold(byLink map[string][]history.TeamEvent, known map[string]ledger.Event) ([]history.TeamLink, error) {
	out := make([]history.TeamLink, 0, len(byLink))
	for id, held := range byLink {
		events := make([]ledger.Event, len(held))
		removed, fresh := false, false
		newHits := map[string]bool{} // request ids of the opened events new here
		for i, te := range held {
			e, ok := known[te.ID]
			if !ok {
				var err error
				if e, err = decode(te.Body); err != nil {
					return nil, fmt.Errorf("the history holds a damaged team event %.40q: %w", te.ID, err)
				}
			}
			events[i] = e
			removed = removed || e.Kind == ledger.KindRemoved
			fresh = fresh || te.New && (e.Kind == ledger.KindIssued || e.Kind == ledger.KindRenewed)
			if te.New && e.Opened != nil {
				for _, h := range e.Opened.Hits {
					newHits[h.RequestID] = true
				}
			}
		}
		if removed {
			out = append(out, history.TeamLink{Link: presigned.Link{TeamID: id}, Gone: true})
			continue
		}
		l, ok := ledger.Fold(events).Link(id)
		if !ok {
			continue // nothing issued yet: its other events wait for it
		}
		out = append(out, history.TeamLink{Link: linkOf(l), Parent: l.Record.Parent, Fresh: fresh,
			Hits: hitsOf(l.Hits, fresh, newHits), LogsUpTo: l.LogsUpTo})
	}
	return out, nil
}

// hitsOf are the requests through a link the history is to store: all
// of them for a link new here, else those of opened events new here (the
// rest it stored before).
func hitsOf(hits []ledger.Hit, all bool, fresh map[string]bool) []history.Hit {
	var out []history.Hit
	for _, h := range hits {
		if all || fresh[h.RequestID] {
			out = append(out, history.Hit{RequestID: h.RequestID, At: h.At, Kind: h.Kind, Status: h.Status,
				ErrorCode: h.ErrorCode, Operation: h.Operation, RemoteIP: h.RemoteIP, UserAgent: h.UserAgent,
				BytesSent: h.BytesSent})
		}
	}
	return out
}

// linkOf is a team link as the history keeps it.
func linkOf(l ledger.Link) presigned.Link {
	r := l.Record
	out := presigned.Link{
		Bucket: r.Bucket, Key: r.Key, Region: r.Region, Endpoint: r.Endpoint, PathStyle: r.PathStyle, URL: r.URL,
		IssuedAt: r.IssuedAt, ExpiresAt: r.ExpiresAt, EffectiveExpiresAt: r.EffectiveExpiresAt,
		CredentialKind: presigned.CredentialKind(r.CredentialKind), Download: r.Download, Filename: r.Filename,
		Disposition: r.Disposition, ShareKey: r.ShareKey, Size: r.Size, Gallery: r.Gallery, BatchID: r.BatchID,
		Label: l.Label, TeamID: l.ID, Issuer: l.Issuer, FromTeam: true, RenewedFrom: l.RenewedFrom,
	}
	if l.Revoked {
		out.RevokedAt = l.RevokedAt
	}
	if l.Verdict.Kind != "" {
		out.Check = presigned.Verdict{Kind: presigned.VerdictKind(l.Verdict.Kind), Detail: l.Verdict.Detail, At: l.Verdict.At}
	}
	return out
}
