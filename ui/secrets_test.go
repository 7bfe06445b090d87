package ui

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"

	"github.com/s3share/s3share/history"
	"github.com/s3share/s3share/internal/testsrv"
	"github.com/s3share/s3share/s3browse"
	"github.com/s3share/s3share/share"
)

// sessionToken is the session token of the secrets test's credentials.
const sessionToken = "IQoJb3JpZ2luX2VjSESSIONTOKENs3share"

// secretsFrames records every frame of a flow and whether v revealed URLs in it.
type secretsFrames struct {
	h        *harness
	frames   []string
	revealed []bool
}

// snap records the current frame.
func (f *secretsFrames) snap(revealed bool) {
	f.frames = append(f.frames, f.h.view())
	f.revealed = append(f.revealed, revealed)
}

// TestNoSecretOnAnyScreen shares, reveals, renews and deletes through the
// real pipeline and History with session credentials, recording every frame
// at a width that truncates nothing: no frame holds the secret key, and
// none but those after v holds a signature, credential or session token;
// after v the full URL shows.
func TestNoSecretOnAnyScreen(t *testing.T) {
	srv := testsrv.Fake(t)
	srv.CreateBucket(t, "photos")
	srv.Put(t, "photos", "cover.png", []byte("png"))
	cfg := aws.Config{Region: srv.Region, Credentials: credentials.NewStaticCredentialsProvider(srv.AccessKey, srv.SecretKey, sessionToken)}
	br := s3browse.NewFromConfig(cfg, srv.Options())
	hist := openHistory(t)
	var copied []string
	d := Deps{
		Browser: br, Sharer: share.NewPipeline(br, hist, time.Now), History: hist, Now: time.Now,
		CopyNative: func(s string) error { copied = append(copied, s); return nil },
	}
	f := &secretsFrames{h: newHarness(t, d, 400, 40)}
	steps := []struct {
		keys   []string
		reveal bool
	}{
		{nil, false}, {[]string{"enter"}, false}, {[]string{"s"}, false}, {[]string{"up"}, false},
		{[]string{"enter"}, false}, {[]string{"v"}, true}, {[]string{"v"}, false},
		{[]string{"esc"}, false}, {[]string{"H"}, false}, {[]string{"v"}, true}, {[]string{"v"}, false},
		{[]string{"r"}, false}, {[]string{"c"}, false}, {[]string{"d"}, false}, {[]string{"y"}, false},
		{[]string{"?"}, false}, {[]string{"esc"}, false},
	}
	for _, s := range steps {
		f.h.keys(s.keys...)
		f.snap(s.reveal)
	}
	links, err := hist.List(t.Context(), history.Query{})
	if err != nil || len(links) != 1 || len(copied) != 3 {
		t.Fatalf("flow went wrong: %d history rows (%v), %d clipboard writes; want 1 and 3", len(links), err, len(copied))
	}
	checkFrames(t, f, copied)
}

// checkFrames applies the secrets rules to every recorded frame.
func checkFrames(t *testing.T, f *secretsFrames, urls []string) {
	t.Helper()
	for i, frame := range f.frames {
		joined := strings.Join(strings.Fields(frame), "") // a URL wrapped across lines
		if strings.Contains(joined, testsrv.SecretKey) {
			t.Fatalf("frame %d shows the secret key:\n%s", i, frame)
		}
		for _, u := range urls {
			for _, v := range secretValues(t, u) {
				if !f.revealed[i] && strings.Contains(joined, v) {
					t.Fatalf("frame %d shows %q before v:\n%s", i, v, frame)
				}
			}
		}
		if f.revealed[i] && !containsAny(joined, urls) {
			t.Fatalf("frame %d, after v, shows no full URL:\n%s", i, frame)
		}
	}
}

// secretValues are the signature, credential and session token of a
// presigned URL, as they appear in it and decoded.
func secretValues(t *testing.T, raw string) []string {
	t.Helper()
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, p := range strings.Split(u.RawQuery, "&") {
		name, value, _ := strings.Cut(p, "=")
		switch name {
		case "X-Amz-Signature", "X-Amz-Credential", "X-Amz-Security-Token":
			dec, _ := url.QueryUnescape(value)
			out = append(out, value, dec)
		}
	}
	if len(out) != 6 {
		t.Fatalf("a URL lacks the signature, credential or token: %d values", len(out)/2)
	}
	return out
}

// containsAny reports whether s holds one of subs.
func containsAny(s string, subs []string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}
