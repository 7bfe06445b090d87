package ledger_test

import (
	"encoding/json"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/s3share/s3share/ledger"
)

// opened is an opened event by ann about a new link with hits.
func opened(hits ...ledger.Hit) ledger.Event {
	return ledger.Event{ID: ledger.NewID(), Kind: ledger.KindOpened, Writer: "ann", At: fixedAt, Link: ledger.NewID(),
		Opened: &ledger.Opened{LogsUpTo: fixedAt, Hits: hits}}
}

// TestOpenedValidate: an opened event carries 1 to 100 requests of a known
// shape; hostile text is bounded, valid UTF-8 and names no signature;
// terminal escapes are the front ends' to escape.
func TestOpenedValidate(t *testing.T) {
	good := hit("3E57427F33A59F07", fixedAt, 0)
	if err := opened(good).Validate(); err != nil {
		t.Fatalf("a plain open: %v", err)
	}
	escapes := good
	escapes.UserAgent, escapes.ErrorCode = "Mozilla \x1b[2J\x1b]52;c;aGk=\x07 \u202egnp.exe", "Access\x1b[31mDenied"
	if err := opened(escapes).Validate(); err != nil {
		t.Errorf("escape sequences are text like any label: %v", err)
	}
	ipv6 := good
	ipv6.RemoteIP, ipv6.Kind = "2001:db8::1", "some_later_kind"
	if err := opened(ipv6).Validate(); err != nil {
		t.Errorf("IPv6 and a kind of a later version: %v", err)
	}
	many := make([]ledger.Hit, ledger.MaxOpenedHits+1)
	for i := range many {
		many[i] = good
	}
	for name, tc := range map[string]struct {
		e    ledger.Event
		says string
	}{
		"no hits":        {opened(), "needs its requests"},
		"too many":       {opened(many...), "more than the 100"},
		"no logs time":   {func() ledger.Event { e := opened(good); e.Opened.LogsUpTo = time.Time{}; return e }(), "logs go up to"},
		"on a check":     {func() ledger.Event { e := opened(good); e.Kind = ledger.KindRevoked; return e }(), "carries no requests"},
		"id with space":  {opened(with(good, func(h *ledger.Hit) { h.RequestID = "a b" })), "request id"},
		"id escape":      {opened(with(good, func(h *ledger.Hit) { h.RequestID = "a\x1b[2J" })), "request id"},
		"long id":        {opened(with(good, func(h *ledger.Hit) { h.RequestID = strings.Repeat("A", 129) })), "request id"},
		"no time":        {opened(with(good, func(h *ledger.Hit) { h.At = time.Time{} })), "no time"},
		"kind":           {opened(with(good, func(h *ledger.Hit) { h.Kind = "Open!" })), "kind"},
		"status":         {opened(with(good, func(h *ledger.Hit) { h.Status = 1000 })), "status"},
		"bytes":          {opened(with(good, func(h *ledger.Hit) { h.BytesSent = -1 })), "bytes sent"},
		"ip":             {opened(with(good, func(h *ledger.Hit) { h.RemoteIP = "127.0.0.1\x1b[2J" })), "not an IP address"},
		"long agent":     {opened(with(good, func(h *ledger.Hit) { h.UserAgent = strings.Repeat("x", 513) })), "user agent is 513 bytes"},
		"invalid utf-8":  {opened(with(good, func(h *ledger.Hit) { h.UserAgent = "a\xffb" })), "not valid UTF-8"},
		"signature":      {opened(with(good, func(h *ledger.Hit) { h.UserAgent = "curl X-Amz-Signature=abc" })), "signature"},
		"encoded token":  {opened(with(good, func(h *ledger.Hit) { h.UserAgent = "x%2558-Amz-Security-Token" })), "signature"},
		"long operation": {opened(with(good, func(h *ledger.Hit) { h.Operation = strings.Repeat("o", 257) })), "operation"},
	} {
		err := tc.e.Validate()
		if err == nil || !strings.Contains(err.Error(), tc.says) {
			t.Errorf("%s: %v, want an error saying %q", name, err, tc.says)
		}
	}
}

// with is h changed by f.
func with(h ledger.Hit, f func(*ledger.Hit)) ledger.Hit {
	f(&h)
	return h
}

// TestCleanTextAlwaysValidates: whatever a stranger sends, CleanText and
// CleanIP make a request an opened event can carry, unchanged by JSON.
func TestCleanTextAlwaysValidates(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	pieces := []string{"a", "é", "😀", "\xff", "\xe2\x82", "\x1b[2J", "\u202e", "X-Amz-Signature", "%58", " ", "\x00", "\"", "\\"}
	for range 2000 {
		var b strings.Builder
		for range rng.IntN(300) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		raw := b.String()
		h := hit("R1", fixedAt, 0)
		h.UserAgent = ledger.CleanText(raw, ledger.MaxUserAgentBytes)
		h.ErrorCode = ledger.CleanText(raw, 256)
		h.Operation = ledger.CleanText(raw, 10)
		h.RemoteIP = ledger.CleanIP(raw)
		e := opened(h)
		if err := e.Validate(); err != nil {
			t.Fatalf("cleaned %q: %v", raw, err)
		}
		data, err := json.Marshal(e)
		if err != nil {
			t.Fatal(err)
		}
		var back ledger.Event
		if err := json.Unmarshal(data, &back); err != nil || back.Opened.Hits[0] != e.Opened.Hits[0] {
			t.Fatalf("JSON changed a cleaned request: %+v, %v", back.Opened, err)
		}
	}
	if got := ledger.CleanText("ab😀", 4); got != "ab" || !utf8.ValidString(got) {
		t.Errorf("CleanText cut inside a character: %q", got)
	}
}

// TestOpenedBatchesAreFormat2: a batch or snapshot is written in format 1
// unless it holds opened events, so an older s3share stops at the first
// object with opens and asks to be updated instead of losing the links
// in it as damaged.
func TestOpenedBatchesAreFormat2(t *testing.T) {
	a := issued("ann", fixedAt, "a.png")
	o := opened(hit("R1", fixedAt, 0))
	o.Link = a.Link
	for _, tc := range []struct {
		events []ledger.Event
		format int
	}{{[]ledger.Event{a}, 1}, {[]ledger.Event{a, o}, 2}} {
		body, err := ledger.EncodeBatch("ann", tc.events)
		if err != nil {
			t.Fatal(err)
		}
		b, err := ledger.DecodeBatch(body)
		if err != nil || b.Format != tc.format || len(b.Events) != len(tc.events) {
			t.Errorf("%d events: format %d, %v; want %d", len(tc.events), b.Format, err, tc.format)
		}
	}
}
