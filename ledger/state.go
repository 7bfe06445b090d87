package ledger

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"time"
)

// State is the fold of a set of events: where every link stands. It
// depends only on which events were applied, not on their order or on
// how often each was: per link and per aspect one event decides, chosen
// by time (the server's), then id.
//
//   - the record (issued, renewed): the earliest event;
//   - revoked, removed: the earliest event;
//   - the label: the latest relabelled event (else the record's label);
//   - the verdict: the latest check (by the verdict's time);
//   - the requests found in access logs: every opened event is kept, and
//     each request id counts once, as the earliest event that has it says
//     (two members who read the same logs publish the same requests).
//
// A removed link keeps only its removed event. A cache of the ledger (the
// local history) must apply events with the same rules; State is the
// reference, and what snapshots are made of.
type State struct {
	links map[string]*linkState
}

// linkState holds the deciding event of each aspect of one link.
type linkState struct {
	record, revoked, label, verdict, removed *Event
	opened                                   map[string]*Event // by event id
}

// Link is one link as the team sees it.
type Link struct {
	ID          string // the team-wide link id
	Issuer      string // the member who issued (or renewed) it
	Record      LinkRecord
	RenewedFrom string // the link this one renewed, "" for none
	Label       string // the current label
	Revoked     bool
	RevokedAt   time.Time
	RevokedBy   string
	Verdict     Verdict // the latest check; zero when never checked
	CheckedBy   string
	// Hits are the requests through the link that members found in the
	// bucket's access logs, each request id once, in time order.
	Hits []Hit
	// LogsUpTo is the newest log record time the opened events report;
	// zero when there are none.
	LogsUpTo time.Time
}

// NewState returns an empty state.
func NewState() *State { return &State{links: map[string]*linkState{}} }

// Fold returns the state of events.
func Fold(events []Event) *State {
	s := NewState()
	s.Apply(events...)
	return s
}

// Apply folds events into the state.
func (s *State) Apply(events ...Event) {
	for i := range events {
		e := events[i]
		ls := s.links[e.Link]
		if ls == nil {
			ls = &linkState{}
			s.links[e.Link] = ls
		}
		switch e.Kind {
		case KindIssued, KindRenewed:
			keepEarliest(&ls.record, e)
		case KindRevoked:
			keepEarliest(&ls.revoked, e)
		case KindRemoved:
			keepEarliest(&ls.removed, e)
		case KindRelabelled:
			keepLatest(&ls.label, e, eventTime)
		case KindChecked:
			keepLatest(&ls.verdict, e, verdictTime)
		case KindOpened:
			ls.keepOpened(e)
		}
	}
}

// Len returns how many links the state knows, removed ones included.
func (s *State) Len() int { return len(s.links) }

// Events returns the events that decide the state, in a canonical order
// (time, then id): folding them gives the same state, and two states of
// the same events give the same list.
func (s *State) Events() []Event {
	var out []Event
	for _, ls := range s.links {
		if ls.removed != nil {
			out = append(out, *ls.removed)
			continue
		}
		for _, e := range []*Event{ls.record, ls.revoked, ls.label, ls.verdict} {
			if e != nil {
				out = append(out, *e)
			}
		}
		for _, e := range ls.opened {
			out = append(out, *e)
		}
	}
	slices.SortFunc(out, compareEvents(eventTime))
	return out
}

// Links returns every link with a record that was not removed, oldest
// first.
func (s *State) Links() []Link {
	var out []Link
	for id := range s.links {
		if l, ok := s.Link(id); ok {
			out = append(out, l)
		}
	}
	slices.SortFunc(out, func(a, b Link) int {
		if c := a.Record.IssuedAt.Compare(b.Record.IssuedAt); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	return out
}

// Link returns one link; false when it is unknown, has no record yet or
// was removed.
func (s *State) Link(id string) (Link, bool) {
	ls := s.links[id]
	if ls == nil || ls.record == nil || ls.removed != nil {
		return Link{}, false
	}
	l := Link{ID: id, Issuer: ls.record.Writer, Record: *ls.record.Record, RenewedFrom: ls.record.RenewedFrom,
		Label: ls.record.Record.Label}
	if ls.label != nil {
		l.Label = ls.label.Label
	}
	if ls.revoked != nil {
		l.Revoked, l.RevokedAt, l.RevokedBy = true, ls.revoked.At, ls.revoked.Writer
	}
	if ls.verdict != nil {
		l.Verdict, l.CheckedBy = *ls.verdict.Verdict, ls.verdict.Writer
	}
	if len(ls.opened) > 0 {
		l.Hits, l.LogsUpTo = openedHits(ls.opened)
	}
	return l, true
}

// keepOpened keeps an opened event (of two sharing an id, the first by
// compareEvents).
func (ls *linkState) keepOpened(e Event) {
	if ls.opened == nil {
		ls.opened = map[string]*Event{}
	}
	slot := ls.opened[e.ID]
	keepEarliest(&slot, e)
	ls.opened[e.ID] = slot
}

// keepEarliest keeps e in *slot when it comes before the event there.
func keepEarliest(slot **Event, e Event) {
	if *slot == nil || compareEvents(eventTime)(e, **slot) < 0 {
		*slot = &e
	}
}

// keepLatest keeps e in *slot when it comes after the event there.
func keepLatest(slot **Event, e Event, at func(Event) time.Time) {
	if *slot == nil || compareEvents(at)(e, **slot) > 0 {
		*slot = &e
	}
}

// eventTime is when an event was written.
func eventTime(e Event) time.Time { return e.At }

// verdictTime is when a check was made (the event's time without one).
func verdictTime(e Event) time.Time {
	if e.Verdict != nil && !e.Verdict.At.IsZero() {
		return e.Verdict.At
	}
	return e.At
}

// compareEvents orders events by at, then id, then their encoding: a
// total order, so that two events sharing an id (a damaged or hostile
// log) still fold the same everywhere.
func compareEvents(at func(Event) time.Time) func(a, b Event) int {
	return func(a, b Event) int {
		if c := at(a).Compare(at(b)); c != 0 {
			return c
		}
		if c := strings.Compare(a.ID, b.ID); c != 0 {
			return c
		}
		ja, _ := json.Marshal(a) // an Event always encodes
		jb, _ := json.Marshal(b)
		return bytes.Compare(ja, jb)
	}
}
