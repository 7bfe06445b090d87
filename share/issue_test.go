package share

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/s3share/s3share/internal/testsrv"
	"github.com/s3share/s3share/presigned"
	"github.com/s3share/s3share/s3browse"
)

// countingSigner delegates to a real Signer and reports fixed credentials,
// counting every call.
type countingSigner struct {
	real     Signer
	creds    aws.Credentials
	credErr  error
	credsN   int
	presignN int
}

func (s *countingSigner) PresignGet(ctx context.Context, in s3browse.PresignInput) (s3browse.Presigned, error) {
	s.presignN++
	if s.real == nil {
		return s3browse.Presigned{URL: "https://example.test/" + in.Key + "?X-Amz-Signature=x", Region: "us-east-1"}, nil
	}
	return s.real.PresignGet(ctx, in)
}

func (s *countingSigner) Credentials(ctx context.Context) (aws.Credentials, error) {
	s.credsN++
	return s.creds, s.credErr
}

// expiringBrowser is a real Browser on srv whose credentials provider
// reports that they expire at expires.
func expiringBrowser(srv *testsrv.Server, expires time.Time) *s3browse.Browser {
	provider := aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) {
		return aws.Credentials{AccessKeyID: srv.AccessKey, SecretAccessKey: srv.SecretKey,
			Source: "test", CanExpire: true, Expires: expires}, nil
	})
	cfg := aws.Config{Region: srv.Region, Credentials: provider}
	return s3browse.NewFromConfig(cfg, srv.Options())
}

// fetch GETs url and returns the status, body and Content-Disposition.
func fetch(t *testing.T, url string) (int, []byte, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, body, resp.Header.Get("Content-Disposition")
}

func TestIssueFetchesFromServer(t *testing.T) {
	srv := testsrv.Fake(t)
	srv.CreateBucket(t, "photos")
	body := []byte("\x89PNG fake image bytes")
	srv.Put(t, "photos", "trips/a b+c.png", body)
	now := time.Now().Truncate(time.Second) // links count from whole seconds, as SigV4 does
	iss := issuer{srv.Browser(t), func() time.Time { return now }}
	links, err := iss.issue(context.Background(), []Request{
		{Bucket: "photos", Key: "trips/a b+c.png", Expires: 15 * time.Minute, Label: "for Bo"},
	})
	if err != nil {
		t.Fatal(err)
	}
	l := links[0]
	if l.Bucket != "photos" || l.Key != "trips/a b+c.png" || l.Region != "us-east-1" || l.Endpoint != srv.Endpoint ||
		!l.IssuedAt.Equal(now) || !l.ExpiresAt.Equal(now.Add(15*time.Minute)) || !l.EffectiveExpiresAt.Equal(l.ExpiresAt) ||
		l.CredentialKind != presigned.CredStatic || l.Label != "for Bo" || len(l.BatchID) != 16 || l.Disposition != "" || len(l.Warnings) != 0 {
		t.Errorf("link = %+v", l)
	}
	code, got, _ := fetch(t, l.URL)
	if code != http.StatusOK || !bytes.Equal(got, body) {
		t.Fatalf("GET presigned URL: %d, %q", code, got)
	}
}

func TestIssueClampedByExpiringCredentials(t *testing.T) {
	srv := testsrv.Fake(t)
	srv.CreateBucket(t, "photos")
	srv.Put(t, "photos", "cat.jpg", []byte("meow"))
	now := time.Now().Truncate(time.Second)
	credsEnd := now.Add(time.Hour)
	iss := issuer{expiringBrowser(srv, credsEnd), func() time.Time { return now }}
	links, err := iss.issue(context.Background(), []Request{{Bucket: "photos", Key: "cat.jpg", Expires: 24 * time.Hour}})
	if err != nil {
		t.Fatal(err)
	}
	l := links[0]
	if !l.ExpiresAt.Equal(now.Add(24*time.Hour)) || !l.EffectiveExpiresAt.Equal(credsEnd) || l.CredentialKind != presigned.CredTemporary {
		t.Errorf("expires %v, effective %v, kind %s; want effective = credentials' expiry", l.ExpiresAt, l.EffectiveExpiresAt, l.CredentialKind)
	}
	want := "credentials expire at " + credsEnd.Local().Format("15:04") + " (in 1h): links end then, not in 24h"
	if len(l.Warnings) != 1 || !strings.HasPrefix(l.Warnings[0], "credentials expire at ") ||
		!strings.HasSuffix(l.Warnings[0], "(in 1h): links end then, not in 24h") {
		t.Errorf("warnings = %q, want like %q", l.Warnings, want)
	}
	if code, got, _ := fetch(t, l.URL); code != http.StatusOK || string(got) != "meow" {
		t.Fatalf("GET presigned URL: %d, %q", code, got)
	}
}

func TestIssueNotClampedWhenCredentialsOutlive(t *testing.T) {
	now := testNow
	s := &countingSigner{creds: aws.Credentials{AccessKeyID: "a", CanExpire: true, Expires: now.Add(48 * time.Hour)}}
	links, err := issue(context.Background(), s, func() time.Time { return now },
		[]Request{{Bucket: "b", Key: "k", Expires: 24 * time.Hour}})
	if err != nil {
		t.Fatal(err)
	}
	if !links[0].EffectiveExpiresAt.Equal(now.Add(24*time.Hour)) || len(links[0].Warnings) != 0 || links[0].CredentialKind != presigned.CredTemporary {
		t.Errorf("link = %+v", links[0])
	}
}

func TestIssueRefusesBadExpiryBeforeSigning(t *testing.T) {
	for _, d := range []time.Duration{8 * 24 * time.Hour, MaxExpiry + time.Second, 0, -time.Hour, 500 * time.Millisecond, 1500 * time.Millisecond} {
		s := &countingSigner{}
		_, err := issue(context.Background(), s, func() time.Time { return testNow }, []Request{
			{Bucket: "b", Key: "ok", Expires: time.Hour},
			{Bucket: "b", Key: "bad", Expires: d},
		})
		if !errors.Is(err, ErrBadExpiry) || !strings.Contains(err.Error(), "1s to 7d") {
			t.Errorf("Issue with %v: %v, want ErrBadExpiry with the range", d, err)
		}
		if s.credsN != 0 || s.presignN != 0 {
			t.Errorf("Issue with %v called the signer (%d credentials, %d presign)", d, s.credsN, s.presignN)
		}
	}
}

func TestIssueRefusesExpiredCredentials(t *testing.T) {
	s := &countingSigner{creds: aws.Credentials{AccessKeyID: "a", CanExpire: true, Expires: testNow.Add(-time.Minute)}}
	_, err := issue(context.Background(), s, func() time.Time { return testNow }, []Request{{Bucket: "b", Key: "k", Expires: time.Hour}})
	if !errors.Is(err, ErrCredentialsExpired) || !errors.Is(err, s3browse.ErrCredentialsExpired) || s.presignN != 0 {
		t.Fatalf("Issue with expired credentials: %v (presign calls %d)", err, s.presignN)
	}
}

func TestIssueCredentialError(t *testing.T) {
	s := &countingSigner{credErr: errors.New("no credentials configured")}
	if _, err := issue(context.Background(), s, nil, []Request{{Bucket: "b", Key: "k", Expires: time.Hour}}); err == nil || s.presignN != 0 {
		t.Fatalf("Issue with a credentials error: %v (presign calls %d)", err, s.presignN)
	}
}

func TestIssueBatch(t *testing.T) {
	s := &countingSigner{creds: aws.Credentials{AccessKeyID: "a", SessionToken: "tok"}}
	iss := issuer{s, func() time.Time { return testNow }}
	reqs := []Request{
		{Bucket: "b", Key: "a/./x.png", Expires: time.Hour},
		{Bucket: "b", Key: "dir/Ünïcode 🐱.png", Expires: time.Hour, Download: true},
		{Bucket: "b", Key: "y.png", Expires: time.Hour, Download: true, Filename: "report.png"},
	}
	links, err := iss.issue(context.Background(), reqs)
	if err != nil {
		t.Fatal(err)
	}
	if s.credsN != 1 || s.presignN != 3 || len(links) != 3 {
		t.Fatalf("credentials %d, presign %d, links %d; want 1, 3, 3", s.credsN, s.presignN, len(links))
	}
	for _, l := range links {
		if l.BatchID != links[0].BatchID || l.CredentialKind != presigned.CredSession || !contains(l.Warnings, sessionWarning) {
			t.Errorf("link %s: batch %s kind %s warnings %q", l.Key, l.BatchID, l.CredentialKind, l.Warnings)
		}
	}
	if len(links[0].Warnings) != 2 || !strings.Contains(links[0].Warnings[0], `"./" segment`) {
		t.Errorf("dot-segment key warnings: %q", links[0].Warnings)
	}
	if want := presigned.ContentDisposition("Ünïcode 🐱.png"); links[1].Disposition != want {
		t.Errorf("default download name: %q, want %q", links[1].Disposition, want)
	}
	if links[2].Disposition != `attachment; filename="report.png"` {
		t.Errorf("named download: %q", links[2].Disposition)
	}
	again, err := iss.issue(context.Background(), reqs[:1])
	if err != nil || again[0].BatchID == links[0].BatchID {
		t.Errorf("second batch id %q equals first %q (%v)", again[0].BatchID, links[0].BatchID, err)
	}
	if none, err := iss.issue(context.Background(), nil); err != nil || none != nil {
		t.Errorf("Issue(nil) = %v, %v", none, err)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func TestIssueDownloadOnVersity(t *testing.T) {
	srv := testsrv.Versity(t)
	srv.CreateBucket(t, "docs")
	srv.Put(t, "docs", "reports/Übersicht 2026.png", []byte("png"))
	iss := issuer{srv.Browser(t), nil}
	links, err := iss.issue(context.Background(), []Request{
		{Bucket: "docs", Key: "reports/Übersicht 2026.png", Expires: time.Minute, Download: true},
	})
	if err != nil {
		t.Fatal(err)
	}
	code, body, disp := fetch(t, links[0].URL)
	if code != http.StatusOK || string(body) != "png" {
		t.Fatalf("GET: %d %q", code, body)
	}
	if want := `attachment; filename="_bersicht 2026.png"; filename*=UTF-8''%C3%9Cbersicht%202026.png`; disp != want {
		t.Errorf("Content-Disposition = %q, want %q", disp, want)
	}
	tampered := strings.Replace(links[0].URL, "X-Amz-Signature=", "X-Amz-Signature=0", 1)
	if code, _, _ := fetch(t, tampered); code != http.StatusForbidden {
		t.Errorf("tampered signature: %d, want 403", code)
	}
}
