package ledger_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"

	"github.com/s3share/s3share/internal/testclock"
	"github.com/s3share/s3share/ledger"
	"github.com/s3share/s3share/s3browse"
)

func TestNewID(t *testing.T) {
	a, b := ledger.NewID(), ledger.NewID()
	if len(a) != 32 || strings.Trim(a, "0123456789abcdef") != "" || a == b {
		t.Fatalf("NewID = %q, %q", a, b)
	}
}

func TestValidName(t *testing.T) {
	for name, want := range map[string]bool{
		"ann": true, "Ann-2": true, "a.b_c": true, "0": true, strings.Repeat("x", 64): true,
		"": false, strings.Repeat("x", 65): false, "-ann": false, ".ann": false, "_a": false,
		"ann/bob": false, "ann\x1b[31m": false, "ann bob": false, "änn": false, "ann\n": false,
		"..": false, "a..": true,
	} {
		if got := ledger.ValidName(name); got != want {
			t.Errorf("ValidName(%q) = %v, want %v", name, got, want)
		}
	}
}

// sessionURL presigns a GET with session credentials, as s3share does:
// the URL carries X-Amz-Security-Token as well as X-Amz-Signature.
func sessionURL(t *testing.T, key string) string {
	t.Helper()
	cfg := aws.Config{Region: "us-east-1", Credentials: credentials.NewStaticCredentialsProvider(
		"ASIATESTSESSION", "session-secret", "FwoGZXIvYXdzEJr//////////wEaDSessionToken+/=")}
	b := s3browse.NewFromConfig(cfg, s3browse.Options{})
	b.SetRegion("photos", "us-east-1")
	p, err := b.PresignGet(context.Background(), s3browse.PresignInput{Bucket: "photos", Key: key,
		Expires: time.Hour, SignedAt: testclock.At(fixedAt), ContentDisposition: `attachment; filename="a b.png"`})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(p.URL, "X-Amz-Security-Token=") || !strings.Contains(p.URL, "X-Amz-Signature=") {
		t.Fatalf("no secrets in the URL to strip: %s", p.URL)
	}
	return p.URL
}

func TestStripSecretsFromSessionURL(t *testing.T) {
	raw := sessionURL(t, "a dir/ä+b.png")
	got, err := ledger.StripSecrets(raw)
	if err != nil {
		t.Fatal(err)
	}
	lower := strings.ToLower(got)
	if strings.Contains(lower, "x-amz-signature") || strings.Contains(lower, "x-amz-security-token") {
		t.Fatalf("secrets left: %s", got)
	}
	for _, keep := range []string{"X-Amz-Credential=", "X-Amz-Date=", "X-Amz-Expires=3600", "response-content-disposition="} {
		if !strings.Contains(got, keep) {
			t.Errorf("%s was dropped: %s", keep, got)
		}
	}
	base, _, _ := strings.Cut(raw, "?")
	if !strings.HasPrefix(got, base+"?") {
		t.Errorf("the URL before its query changed: %s", got)
	}
	e := issued("ann", fixedAt, "a.png")
	e.Record.URL = got
	if err := e.Validate(); err != nil {
		t.Errorf("a stripped URL is refused: %v", err)
	}
	e.Record.URL = raw
	if err := e.Validate(); err == nil || !strings.Contains(err.Error(), "signature or session token") {
		t.Errorf("an unstripped URL is accepted: %v", err)
	}
}

func TestStripSecretsCases(t *testing.T) {
	for in, want := range map[string]string{
		"https://h/k":                                     "https://h/k",
		"https://h/k?X-Amz-Signature=abc":                 "https://h/k",
		"https://h/k?a=1&x-amz-signature=abc&b=2":         "https://h/k?a=1&b=2",
		"https://h/k?X%2DAmz%2DSignature=abc&b=2":         "https://h/k?b=2",
		"https://h/k?X-Amz-Security-Token=t&c=3#frag":     "https://h/k?c=3#frag",
		"https://h/k?a=X-Amz-Signature":                   "https://h/k?a=X-Amz-Signature",
		"https://h/k?X-AMZ-SECURITY-TOKEN&X-Amz-Date=1":   "https://h/k?X-Amz-Date=1",
		"https://h/k?x-amz-signature=1&x-amz-signature=2": "https://h/k",
	} {
		got, err := ledger.StripSecrets(in)
		if err != nil || got != want {
			t.Errorf("StripSecrets(%q) = %q, %v, want %q", in, got, err, want)
		}
	}
	for _, bad := range []string{"https://user:pw@h/k", "http://[::1", "%zz"} {
		if _, err := ledger.StripSecrets(bad); err == nil {
			t.Errorf("StripSecrets(%q) accepted", bad)
		}
	}
	// A value that hides the name encoded twice is still refused by Validate.
	e := issued("ann", fixedAt, "a.png")
	e.Record.URL = "https://h/k?note=X-Amz-Signature%253Dabc"
	if err := e.Validate(); err == nil {
		t.Error("a URL naming X-Amz-Signature in a value was accepted")
	}
}

func TestEventValidate(t *testing.T) {
	at := testclock.At(fixedAt)
	ok := issued("ann", at, "a.png")
	renewed := issued("ann", at, "a.png")
	renewed.Kind, renewed.RenewedFrom = ledger.KindRenewed, ok.Link
	checked := ledger.Event{ID: ledger.NewID(), Kind: ledger.KindChecked, Writer: "bob", At: at, Link: ok.Link,
		Verdict: &ledger.Verdict{Kind: "works", Detail: "200", At: at}}
	relabel := ledger.Event{ID: ledger.NewID(), Kind: ledger.KindRelabelled, Writer: "bob", At: at, Link: ok.Link,
		Label: "new \x1b[31mlabel\x07"}
	for _, e := range []ledger.Event{ok, renewed, checked, relabel,
		{ID: ledger.NewID(), Kind: ledger.KindRevoked, Writer: "bob", At: at, Link: ok.Link},
		{ID: ledger.NewID(), Kind: ledger.KindRemoved, Writer: "bob", At: at, Link: ok.Link},
	} {
		if err := e.Validate(); err != nil {
			t.Errorf("%s: %v", e.Kind, err)
		}
	}
	bad := map[string]func(e *ledger.Event){
		"short id":         func(e *ledger.Event) { e.ID = "abc" },
		"upper id":         func(e *ledger.Event) { e.ID = strings.ToUpper(ledger.NewID()) },
		"unknown kind":     func(e *ledger.Event) { e.Kind = "exploded" },
		"writer escape":    func(e *ledger.Event) { e.Writer = "ann\x1b]0;owned\x07" },
		"no time":          func(e *ledger.Event) { e.At = time.Time{} },
		"bad link":         func(e *ledger.Event) { e.Link = "../../etc" },
		"no record":        func(e *ledger.Event) { e.Record = nil },
		"no bucket":        func(e *ledger.Event) { e.Record.Bucket = "" },
		"no expiry":        func(e *ledger.Event) { e.Record.ExpiresAt = time.Time{} },
		"bad parent":       func(e *ledger.Event) { e.Record.Parent = "x" },
		"huge label":       func(e *ledger.Event) { e.Record.Label = strings.Repeat("x", 2000) },
		"huge key":         func(e *ledger.Event) { e.Record.Key = strings.Repeat("k", 1025) },
		"renews nothing":   func(e *ledger.Event) { e.RenewedFrom = e.Link },
		"label on issue":   func(e *ledger.Event) { e.Label = "x" },
		"verdict on issue": func(e *ledger.Event) { e.Verdict = &ledger.Verdict{Kind: "works", At: at} },
		"signature":        func(e *ledger.Event) { e.Record.URL += "&X-Amz-Signature=abc" },
	}
	for name, spoil := range bad {
		e := issued("ann", at, "a.png")
		spoil(&e)
		if err := e.Validate(); err == nil {
			t.Errorf("%s: accepted", name)
		} else if strings.ContainsAny(err.Error(), "\n\x1b\x07") {
			t.Errorf("%s: error holds control characters: %q", name, err)
		}
	}
	for name, e := range map[string]ledger.Event{
		"renewed without from": {ID: ledger.NewID(), Kind: ledger.KindRenewed, Writer: "a", At: at, Link: ok.Link, Record: ok.Record},
		"checked no verdict":   {ID: ledger.NewID(), Kind: ledger.KindChecked, Writer: "a", At: at, Link: ok.Link},
		"verdict no time":      {ID: ledger.NewID(), Kind: ledger.KindChecked, Writer: "a", At: at, Link: ok.Link, Verdict: &ledger.Verdict{Kind: "works"}},
		"revoke with record":   {ID: ledger.NewID(), Kind: ledger.KindRevoked, Writer: "a", At: at, Link: ok.Link, Record: ok.Record},
		"huge verdict detail": {ID: ledger.NewID(), Kind: ledger.KindChecked, Writer: "a", At: at, Link: ok.Link,
			Verdict: &ledger.Verdict{Kind: "works", Detail: strings.Repeat("d", 2000), At: at}},
		"huge new label": {ID: ledger.NewID(), Kind: ledger.KindRelabelled, Writer: "a", At: at, Link: ok.Link, Label: strings.Repeat("l", 2000)},
	} {
		if err := e.Validate(); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}
