package linkcheck

import (
	"context"
	"encoding/pem"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/s3share/s3share/internal/testsrv"
	"github.com/s3share/s3share/presigned"
)

func TestCheckVerdictsOnVersity(t *testing.T) {
	srv := testsrv.Versity(t)
	srv.CreateBucket(t, "photos")
	for _, k := range []string{"keep.png", "gone.png", "empty.png"} {
		body := []byte("png " + k)
		if k == "empty.png" {
			body = nil
		}
		srv.Put(t, "photos", k, body)
	}
	works, gone, empty := issueOne(t, srv, "keep.png", time.Hour), issueOne(t, srv, "gone.png", time.Hour), issueOne(t, srv, "empty.png", time.Hour)
	ctx := context.Background()
	if _, err := srv.Client().DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: aws.String("photos"), Key: aws.String("gone.png")}); err != nil {
		t.Fatal(err)
	}
	tampered := works
	tampered.URL = strings.Replace(works.URL, "X-Amz-Signature=", "X-Amz-Signature=0", 1)
	for name, c := range map[string]struct {
		l    presigned.Link
		want presigned.VerdictKind
	}{
		"works": {works, presigned.VerdictWorks}, "object deleted": {gone, presigned.VerdictObjectGone},
		"empty object": {empty, presigned.VerdictWorks}, "tampered": {tampered, presigned.VerdictSignatureRejected},
	} {
		if v := checkOne(t, c.l); v.Kind != c.want {
			t.Errorf("%s: verdict %q (%s), want %q", name, v.Kind, v.Detail, c.want)
		}
	}
	// The bucket goes: every object first, then the bucket.
	for _, k := range []string{"keep.png", "empty.png"} {
		if _, err := srv.Client().DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: aws.String("photos"), Key: aws.String(k)}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := srv.Client().DeleteBucket(ctx, &s3.DeleteBucketInput{Bucket: aws.String("photos")}); err != nil {
		t.Fatal(err)
	}
	if v := checkOne(t, works); v.Kind != presigned.VerdictBucketGone {
		t.Errorf("bucket deleted: verdict %q (%s), want bucket gone", v.Kind, v.Detail)
	}
}

// TestCheckSignerRevoked: a link signed by a second user whose user is then
// deleted reads "signer revoked".
func TestCheckSignerRevoked(t *testing.T) {
	srv := testsrv.Versity(t, testsrv.WithIAM())
	srv.CreateBucket(t, "photos")
	srv.Put(t, "photos", "a.png", []byte("png"))
	srv.CreateUser(t, "AKSECONDUSER", "second-user-secret-0123456789", "admin")
	second := srv.WithKeys("AKSECONDUSER", "second-user-secret-0123456789")
	l := issueOne(t, second, "a.png", time.Hour)
	if v := checkOne(t, l); v.Kind != presigned.VerdictWorks {
		t.Fatalf("before the delete: %q (%s)", v.Kind, v.Detail)
	}
	srv.DeleteUser(t, "AKSECONDUSER")
	if v := checkOne(t, l); v.Kind != presigned.VerdictSignerRevoked {
		t.Errorf("after the user is deleted: verdict %q (%s), want signer revoked", v.Kind, v.Detail)
	}
}

// TestCheckPastEndSendsNothing: links past their end are expired offline.
func TestCheckPastEndSendsNothing(t *testing.T) {
	var hits atomic.Int32
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { hits.Add(1) }))
	t.Cleanup(ts.Close)
	issued := time.Now().Add(-3 * time.Second)
	links := make([]presigned.Link, 100)
	for i := range links {
		links[i] = presigned.Link{ID: int64(i + 1), URL: ts.URL + "/photos/a.png?X-Amz-Expires=2", IssuedAt: issued,
			ExpiresAt: issued.Add(2 * time.Second), EffectiveExpiresAt: issued.Add(2 * time.Second)}
	}
	n := 0
	NewChecker(0, 0, nil).Check(context.Background(), links, func(_ int, v presigned.Verdict) {
		n++
		if v.Kind != presigned.VerdictExpired || !strings.Contains(v.Detail, "offline") {
			t.Errorf("verdict %+v, want expired offline", v)
		}
	})
	if n != len(links) || hits.Load() != 0 {
		t.Errorf("%d verdicts, %d requests; want %d verdicts and no request", n, hits.Load(), len(links))
	}
}

// TestCheckUnreachable: an endpoint that is down gives "unreachable", and
// the verdict names no URL.
func TestCheckUnreachable(t *testing.T) {
	ts := httptest.NewServer(http.NotFoundHandler())
	l := liveLink(ts.URL, "a.png") // its URL carries X-Amz-Signature=secret
	ts.Close()
	v := checkOne(t, l)
	if v.Kind != presigned.VerdictUnreachable || strings.Contains(v.Detail, "secret") || strings.Contains(v.Detail, "/photos") {
		t.Errorf("verdict %+v, want unreachable without the URL", v)
	}
}

// TestCheckTrustsTheCABundle: a link on an https endpoint whose CA is in
// the CA bundle (AWS_CA_BUNDLE, as the SDK trusted it when signing) is checked through
// that CA; without it the check says why it could not reach the server.
func TestCheckTrustsTheCABundle(t *testing.T) {
	ts := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "image/png")
		w.WriteHeader(http.StatusPartialContent)
		w.Write([]byte("x"))
	}))
	t.Cleanup(ts.Close)
	l := liveLink(ts.URL, "a.png")
	if v := checkOne(t, l); v.Kind != presigned.VerdictUnreachable || !strings.Contains(v.Detail, "certificate") {
		t.Errorf("without the CA: %+v, want unreachable naming the certificate", v)
	}
	bundle := filepath.Join(t.TempDir(), "ca.pem")
	cert := ts.Certificate()
	if err := os.WriteFile(bundle, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: cert.Raw}), 0o600); err != nil {
		t.Fatal(err)
	}
	if v := NewChecker(0, 5*time.Second, nil).TrustCABundle(bundle).Probe(t.Context(), l); v.Kind != presigned.VerdictWorks {
		t.Errorf("with AWS_CA_BUNDLE: %+v, want works", v)
	}
}

// TestProbeNamesItself: a probe sends UserAgent, so the bucket's access
// logs tell s3share's checks from the recipients' opens.
func TestProbeNamesItself(t *testing.T) {
	agents := make(chan string, 1)
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		agents <- r.UserAgent()
		w.WriteHeader(http.StatusPartialContent)
	}))
	t.Cleanup(ts.Close)
	NewChecker(0, 5*time.Second, nil).Probe(context.Background(), liveLink(ts.URL, "a.png"))
	if got := <-agents; got != UserAgent || !strings.HasPrefix(got, UserAgentPrefix) {
		t.Errorf("the probe's User-Agent is %q, want %q", got, UserAgent)
	}
}
