package cli

import (
	"fmt"
	"strings"
	"time"

	"github.com/s3share/s3share/history"
	"github.com/s3share/s3share/ledger"
	"github.com/s3share/s3share/presigned"
	"github.com/s3share/s3share/termtext"
)

// teamStatus is what team status prints.
type teamStatus struct {
	Member     history.TeamMember
	Applied    int // events applied here
	Waiting    int // events in the outbox
	Members    []ledger.Member
	Damaged    []error // member objects that could not be read
	MembersErr error   // why the members could not be listed
	now        time.Time
}

func (s teamStatus) text() string {
	m := s.Member
	lines := []string{
		"team        " + termtext.Escape(m.Ledger),
		"member      " + m.Member + " (identity " + termtext.Escape(m.Identity) + ")" + entryNote(m),
		"probe       " + m.Probe,
		fmt.Sprintf("applied     %d events, through log object %d", s.Applied, m.Position.Applied),
		fmt.Sprintf("outbox      %d events waiting to be pushed", s.Waiting),
		"last sync   " + lastSync(m.SyncAt, s.now),
	}
	if m.SyncNote != "" {
		lines = append(lines, "last error  "+termtext.Escape(m.SyncNote))
	}
	switch {
	case s.MembersErr != nil:
		lines = append(lines, "members     cannot be read: "+words(s.MembersErr))
	default:
		var names []string
		for _, mb := range s.Members {
			n := mb.Name
			if mb.Display != "" && mb.Display != mb.Name {
				n += " (" + termtext.Escape(mb.Display) + ")"
			}
			names = append(names, n)
		}
		lines = append(lines, "members     "+strings.Join(names, ", "))
	}
	for _, d := range s.Damaged {
		lines = append(lines, "            "+words(d))
	}
	return strings.Join(lines, "\n")
}

// entryNote says when the member's entry is not in the ledger yet.
func entryNote(m history.TeamMember) string {
	if !m.EntryPending() {
		return ""
	}
	return ", not in the ledger yet: its entry is written with the next push"
}

// lastSync says when the ledger was last reached.
func lastSync(at, now time.Time) string {
	if at.IsZero() {
		return "never"
	}
	return at.Local().Format("2006-01-02 15:04:05") + " (" + presigned.CheckedAgo(now, at) + ")"
}

// teamStatusJSON is team status --json.
type teamStatusJSON struct {
	Ledger     string           `json:"ledger"`
	Member     string           `json:"member"`
	Identity   string           `json:"identity"`
	Pending    bool             `json:"entry_pending"` // the member entry is not written yet
	Probe      string           `json:"probe"`
	Applied    int64            `json:"applied_log_object"`
	Events     int              `json:"events_applied"`
	Outbox     int              `json:"outbox"`
	LastSync   *time.Time       `json:"last_sync"`
	LastError  string           `json:"last_error,omitempty"`
	Members    []teamMemberJSON `json:"members"`
	MembersErr string           `json:"members_error,omitempty"`
}

// teamMemberJSON is one member in team status --json.
type teamMemberJSON struct {
	Name     string    `json:"name"`
	Display  string    `json:"display_name,omitempty"`
	Identity string    `json:"identity"`
	Joined   time.Time `json:"joined"`
}

func (s teamStatus) object() any {
	m := s.Member
	j := teamStatusJSON{Ledger: m.Ledger, Member: m.Member, Identity: m.Identity, Pending: m.EntryPending(), Probe: m.Probe,
		Applied: m.Position.Applied, Events: s.Applied, Outbox: s.Waiting, LastError: m.SyncNote, Members: []teamMemberJSON{}}
	if !m.SyncAt.IsZero() {
		at := m.SyncAt.UTC()
		j.LastSync = &at
	}
	for _, mb := range s.Members {
		j.Members = append(j.Members, teamMemberJSON{mb.Name, mb.Display, mb.Identity, mb.Joined.UTC()})
	}
	if s.MembersErr != nil {
		j.MembersErr = s.MembersErr.Error()
	}
	return j
}

// syncRecord is what team sync prints.
type syncRecord struct {
	res ledger.SyncResult
	me  string
}

// syncCounts counts what a sync brought in from teammates, by kind.
type syncCounts struct {
	PushedEvents  int            `json:"pushed_events"`
	PushedObjects int            `json:"pushed_log_objects"`
	PulledEvents  int            `json:"pulled_events"`
	PulledObjects int            `json:"pulled_log_objects"`
	Snapshot      int64          `json:"snapshot,omitempty"`
	Kinds         map[string]int `json:"teammates_events"`
	Rejected      []string       `json:"rejected"`
	PushError     string         `json:"push_error,omitempty"`
}

// counts tallies the result.
func (r syncRecord) counts() syncCounts {
	c := syncCounts{PushedEvents: r.res.Push.Events, PushedObjects: len(r.res.Push.Written), Kinds: map[string]int{},
		Rejected: []string{}}
	for _, p := range []ledger.PullResult{r.res.Push.Pulled, r.res.Pull} {
		c.PulledEvents += len(p.Events)
		c.PulledObjects += p.Objects
		c.Snapshot = max(c.Snapshot, p.Snapshot)
		for _, e := range p.Events {
			if e.Writer != r.me {
				c.Kinds[string(e.Kind)]++
			}
		}
		for _, rej := range p.Rejected {
			c.Rejected = append(c.Rejected, rej.Error())
		}
	}
	if r.res.PushErr != nil {
		c.PushError = r.res.PushErr.Error()
	}
	return c
}

func (r syncRecord) object() any { return r.counts() }

func (r syncRecord) text() string {
	c := r.counts()
	var lines []string
	if c.PushedEvents > 0 {
		lines = append(lines, fmt.Sprintf("Pushed %d events in %d log objects.", c.PushedEvents, c.PushedObjects))
	}
	var kinds []string
	for _, k := range ledger.Kinds() {
		if n := c.Kinds[string(k)]; n > 0 {
			kinds = append(kinds, fmt.Sprintf("%d %s", n, k))
		}
	}
	switch {
	case len(kinds) > 0:
		from := ""
		if c.Snapshot > 0 {
			from = fmt.Sprintf(", starting from snapshot %d", c.Snapshot)
		}
		lines = append(lines, fmt.Sprintf("From the team: %s (%d log objects read%s).", strings.Join(kinds, ", "), c.PulledObjects, from))
	case c.PushedEvents == 0:
		lines = append(lines, "Nothing new.")
	}
	return strings.Join(lines, "\n")
}
