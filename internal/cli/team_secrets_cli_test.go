package cli

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/s3share/s3share/internal/faultproxy"
	"github.com/s3share/s3share/internal/testsrv"
	"github.com/s3share/s3share/ledger"
)

// sessionToken is the session token of TestTeamSessionCredentialsLeaveNoSecret.
const sessionToken = "FwoGZXIvYXdzEXAMPLEsessionTOKENforTHEtest0123456789abcdef"

// TestTeamSessionCredentialsLeaveNoSecret: a member whose credentials
// carry a session token (AWS_SESSION_TOKEN) presigns, uploads a
// revocable link and renews one with a team; their links carry the token
// and verify against the server. Afterwards no object under the ledger's
// prefix, the snapshot that member's push wrote included (unpacked),
// holds X-Amz-Signature, X-Amz-Security-Token or the token itself.
//
// versitygw v1.8.0 refuses any X-Amz-Security-Token with static keys
// (400 InvalidToken, in a header or a presigned URL), so the server is
// gofakes3 with V4 auth, which verifies the signatures, the token
// included, and ignores the token otherwise. Its creates are not atomic,
// so the probe of team join is denied by a proxy (the join goes on, as
// for credentials that may not write the probe) and one writer pushes at
// a time. The ledger is started in-process with 99 log objects, so the
// member's first push writes object 100 and the snapshot after it.
func TestTeamSessionCredentialsLeaveNoSecret(t *testing.T) {
	srv := testsrv.Fake(t)
	srv.CreateBucket(t, "team")
	srv.CreateBucket(t, "photos")
	srv.Put(t, "photos", "cat.png", []byte("cat"))
	srv.Put(t, "photos", "dog.png", []byte("dog"))
	startLedger(t, srv, 99)
	px := faultproxy.New(t, srv.Endpoint)
	px.Only(func(r *http.Request) bool {
		return r.Method == http.MethodPut && strings.Contains(r.URL.Path, "/s3share/probe/")
	})
	px.Always(faultproxy.Denied)
	via := *srv
	via.Endpoint = px.URL
	sam := newTeammate(t, &via)
	run := func(args ...string) result {
		t.Helper()
		r := runCLIEnv(t, sam.srv, sam.history, []string{"S3SHARE_TEAM=" + teamLoc, "AWS_SESSION_TOKEN=" + sessionToken}, args...)
		if r.code != 0 || strings.Contains(r.stderr, "warning: not shared") {
			t.Fatalf("s3share %s: exit %d: %s", strings.Join(args, " "), r.code, r.stderr)
		}
		return r
	}
	run("team", "join", teamLoc, "--name", "sam")
	url := strings.TrimSpace(run("presign", "s3://photos/cat.png").stdout)
	if !strings.Contains(url, "X-Amz-Security-Token=") {
		t.Fatalf("the link carries no session token: %s", url)
	}
	if code, body := fetch(t, url); code != 200 || string(body) != "cat" {
		t.Errorf("the session link answers %d %q", code, body)
	}
	if code, _ := fetch(t, strings.Replace(url, "X-Amz-Security-Token=", "X-Amz-Security-Token=x", 1)); code != 403 {
		t.Errorf("a link with another token answers %d, want 403: the server does not verify the token", code)
	}
	file := filepath.Join(t.TempDir(), "up.png")
	if err := os.WriteFile(file, []byte("upload"), 0o644); err != nil {
		t.Fatal(err)
	}
	run("put", "--all", "--revocable", file, "s3://photos/up/")
	rows := jsonLines(t, run("history", "--json", "--mine").stdout)
	if len(rows) != 2 {
		t.Fatalf("sam's links: %v", rows)
	}
	run("renew", fmt.Sprint(rows[0]["id"]))
	run("team", "sync")

	names := srv.ObjectsUnder(t, "team", "s3share/")
	testsrv.NoSecrets(t, names, sessionToken, signatureOf(url))
	if names[fmt.Sprintf("s3share/snap/%020d.json.gz", 100)] == nil || names[fmt.Sprintf("s3share/log/%020d.json", 102)] == nil {
		t.Errorf("the ledger lacks the snapshot at 100 or log objects up to 102: %v", names)
	}
}

// signatureOf returns the X-Amz-Signature value of a presigned URL.
func signatureOf(url string) string {
	_, sig, _ := strings.Cut(url, "X-Amz-Signature=")
	sig, _, _ = strings.Cut(sig, "&")
	return sig
}

// startLedger starts the ledger at teamLoc in-process as ann, with n log
// objects of one issued event each after it.
func startLedger(t *testing.T, srv *testsrv.Server, n int) {
	t.Helper()
	ctx := context.Background()
	l, err := ledger.New(ledger.Config{Bucket: "team", Prefix: "s3share/", Name: "ann", Objects: srv.Browser(t),
		Cache: noCache{}, Now: time.Now})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := l.Init(ctx, srv.AccessKey, "Ann"); err != nil {
		t.Fatal(err)
	}
	now := time.Now().UTC()
	for i := 1; i <= n; i++ {
		key := fmt.Sprintf("old/%d.png", i)
		e := l.NewEvent(ledger.KindIssued, ledger.NewID())
		e.Record = &ledger.LinkRecord{Bucket: "photos", Key: key, Region: srv.Region, URL: srv.Endpoint + "/photos/" + key,
			IssuedAt: now, ExpiresAt: now.Add(time.Hour), EffectiveExpiresAt: now.Add(time.Hour), Size: 3}
		body, err := ledger.EncodeBatch("ann", []ledger.Event{e})
		if err != nil {
			t.Fatal(err)
		}
		srv.Put(t, "team", fmt.Sprintf("s3share/log/%020d.json", i), body)
	}
}

// noCache is a ledger cache that keeps nothing, for Init.
type noCache struct{}

func (noCache) Position(context.Context) (ledger.Position, error)            { return ledger.Position{}, nil }
func (noCache) Apply(context.Context, ledger.Position, []ledger.Event) error { return nil }
func (noCache) Outbox(context.Context) ([]ledger.Event, error)               { return nil, nil }
func (noCache) Events(context.Context) ([]ledger.Event, error)               { return nil, nil }
