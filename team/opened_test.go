package team_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/s3share/s3share/history"
	"github.com/s3share/s3share/ledger"
	"github.com/s3share/s3share/team"
)

// TestOpenedEvents: the requests a read found become opened events the
// ledger takes, whatever a stranger put in the log: at most 100 a piece,
// s3share's own checks and requests without a usable id left out, the
// referrer never published, a long or broken user agent clipped to valid
// UTF-8, an address that is no IP dropped, text that names a signature
// withheld.
func TestOpenedEvents(t *testing.T) {
	local := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
	p := team.NewPublisher("s3://team/", "ann", team.Clock{Local: func() time.Time { return local }})
	signed := "https://photos.example/a.jpg?X-Amz-Date=20261127T100000Z&X-Amz-Signature=0123abcd"
	var hits []history.Hit
	for i := range 250 {
		hits = append(hits, history.Hit{LinkID: 7, RequestID: fmt.Sprintf("REQ%03d", i), At: local.Add(time.Duration(i) * time.Second),
			Kind: "open", Status: 200, Operation: "REST.GET.OBJECT", RemoteIP: "192.0.2.1", UserAgent: "Mozilla/5.0",
			Referrer: signed, BytesSent: 99})
	}
	hits[1].UserAgent = strings.Repeat("\x1b[2J\xff", 400)
	hits[2].RemoteIP = "192.0.2.1\x1b]52;c;aGk=\x07"
	hits[3].UserAgent = "curl " + signed
	hits[4].Kind, hits[4].UserAgent = "check", "s3share-check/1"
	hits[5].RequestID = "id with spaces"
	hits[6].Kind, hits[6].Status = "made_up\x1b", 4000
	out, err := p.Opened("0123456789abcdef0123456789abcdef", hits, local.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if len(out) != 3 {
		t.Fatalf("%d events for 248 requests, want 3", len(out))
	}
	var got []ledger.Hit
	for _, o := range out {
		if strings.Contains(strings.ToLower(string(o.Body)), "signature") || strings.Contains(string(o.Body), "0123abcd") {
			t.Errorf("an event holds a signature: %.300s", o.Body)
		}
		body, err := ledger.EncodeBatch("ann", []ledger.Event{decodeEvent(t, o.Body)})
		if err != nil {
			t.Fatalf("the ledger refuses the event: %v", err)
		}
		b, err := ledger.DecodeBatch(body)
		if err != nil {
			t.Fatal(err)
		}
		e := b.Events[0]
		if e.Kind != ledger.KindOpened || e.Link != "0123456789abcdef0123456789abcdef" || !e.Opened.LogsUpTo.Equal(local.Add(time.Hour)) {
			t.Errorf("event %+v", e)
		}
		got = append(got, e.Opened.Hits...)
	}
	if len(got) != 248 || got[0].RequestID != "REQ000" || got[4].RequestID != "REQ006" {
		t.Fatalf("%d requests published, want 248 without the check and the bad id", len(got))
	}
	if ua := got[1].UserAgent; len(ua) > ledger.MaxUserAgentBytes || strings.Contains(ua, "\xff") || !strings.HasPrefix(ua, "\x1b[2J\uFFFD") {
		t.Errorf("the broken user agent became %q", ua)
	}
	if got[2].RemoteIP != "" || got[3].UserAgent != "" || got[0].UserAgent != "Mozilla/5.0" || got[0].BytesSent != 99 {
		t.Errorf("published %+v, %+v, %+v", got[0], got[2], got[3])
	}
	if got[4].Kind != "other" || got[4].Status != 0 {
		t.Errorf("an unknown kind and status became %q %d", got[4].Kind, got[4].Status)
	}
	if out, err := p.Opened("0123456789abcdef0123456789abcdef", hits[4:5], local); err != nil || len(out) != 0 {
		t.Errorf("a check alone: %d events, %v; want none", len(out), err)
	}
}

// decodeEvent decodes an outbox body.
func decodeEvent(t *testing.T, body []byte) ledger.Event {
	t.Helper()
	var e ledger.Event
	if err := json.Unmarshal(body, &e); err != nil {
		t.Fatal(err)
	}
	return e
}
