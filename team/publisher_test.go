package team_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/s3share/s3share/history"
	"github.com/s3share/s3share/ledger"
	"github.com/s3share/s3share/presigned"
	"github.com/s3share/s3share/team"
)

// TestPublisherEvents: an issued link gets a team id and an event that
// carries no secret; a renewal names what it renews; a check of one's own
// link is published when its verdict changed or an hour passed, a check
// of a teammate's link never; times are the server's. A relabel carries
// the new label and comes after every relabel held of its link; one the
// ledger would refuse is refused here.
func TestPublisherEvents(t *testing.T) {
	local := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
	p := team.NewPublisher("s3://team/", "ann", team.Clock{Local: func() time.Time { return local }, Skew: 10 * time.Minute})
	l := shared("a.jpg", true)
	out, err := p.Issue(&l, "")
	if err != nil {
		t.Fatal(err)
	}
	var e ledger.Event
	if err := json.Unmarshal(out.Body, &e); err != nil {
		t.Fatal(err)
	}
	if l.TeamID == "" || l.Issuer != "ann" || e.Link != l.TeamID || e.Kind != ledger.KindIssued || !e.At.Equal(local.Add(10*time.Minute)) {
		t.Errorf("issued: link %+v, event %+v", l, e)
	}
	if strings.Contains(string(out.Body), "Signature") || strings.Contains(string(out.Body), "SESSIONTOKEN") {
		t.Errorf("the event holds a secret: %s", out.Body)
	}
	renewal := shared("a.jpg", false)
	renewal.RenewedFrom = l.TeamID
	out, err = p.Issue(&renewal, "")
	if err != nil || !strings.Contains(string(out.Body), `"kind":"renewed"`) || !strings.Contains(string(out.Body), l.TeamID) {
		t.Errorf("renewal: %s, %v", out.Body, err)
	}

	was := presigned.Verdict{Kind: presigned.VerdictWorks, At: local}
	for _, tt := range []struct {
		name  string
		check presigned.Verdict
		from  bool
		want  bool
	}{
		{"the same soon after", presigned.Verdict{Kind: presigned.VerdictWorks, At: local.Add(time.Minute)}, false, false},
		{"another verdict", presigned.Verdict{Kind: presigned.VerdictObjectGone, At: local.Add(time.Minute)}, false, true},
		{"the same an hour on", presigned.Verdict{Kind: presigned.VerdictWorks, At: local.Add(time.Hour)}, false, true},
		{"a teammate's link", presigned.Verdict{Kind: presigned.VerdictObjectGone, At: local.Add(time.Minute)}, true, false},
	} {
		c := l
		c.Check, c.FromTeam = tt.check, tt.from
		_, ok, err := p.Change(history.ChangeChecked, c, history.Prior{Verdict: was})
		if err != nil || ok != tt.want {
			t.Errorf("%s: published %v, %v; want %v", tt.name, ok, err, tt.want)
		}
	}
	if _, ok, _ := p.Change(history.ChangeRevoked, l, history.Prior{}); ok {
		t.Error("a revoke without a revoke time was published")
	}
	relabelled := l
	relabelled.Label, relabelled.FromTeam = "second round", true // any member relabels any link
	seen := local.Add(time.Hour)                                 // a teammate's relabel, dated ahead of this member's measure of the server's clock
	held := [][]byte{[]byte(`{"kind":"relabelled","at":"` + seen.Format(time.RFC3339Nano) + `"}`), []byte(`{"kind":"checked","at":"2099-01-01T00:00:00Z"}`)}
	for _, tt := range []struct {
		held [][]byte
		at   time.Time
	}{{nil, local.Add(10 * time.Minute)}, {held, seen.Add(time.Nanosecond)}} {
		out, ok, err := p.Change(history.ChangeRelabelled, relabelled, history.Prior{Held: tt.held})
		e = ledger.Event{}
		if err != nil || !ok || json.Unmarshal(out.Body, &e) != nil || e.Kind != ledger.KindRelabelled || e.Label != "second round" ||
			e.Link != l.TeamID || e.Writer != "ann" || !e.At.Equal(tt.at) {
			t.Errorf("relabelled after %d held events: %s, %v, %v; want at %s", len(tt.held), out.Body, ok, err, tt.at)
		}
	}
	relabelled.Label = strings.Repeat("x", 1025)
	if _, _, err := p.Change(history.ChangeRelabelled, relabelled, history.Prior{}); !errors.Is(err, history.ErrNotShareable) {
		t.Errorf("a label over the ledger's limit: %v", err)
	}
}
