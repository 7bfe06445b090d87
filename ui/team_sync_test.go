package ui

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/s3share/s3share/history"
	"github.com/s3share/s3share/internal/testsrv"
	"github.com/s3share/s3share/presigned"
	"github.com/s3share/s3share/team"
)

// teamMember is one member of a real team ledger: a history file of
// their own and a session on the ledger.
type teamMember struct {
	h *history.History
	*team.Session
}

// realTeam starts versitygw with IAM and a team bucket that bob, a
// second user, may use as ann does, and joins both to a new ledger.
// Its clock is the wall clock: the server verifies signatures with it.
func realTeam(t *testing.T) (ann, bob teamMember) {
	t.Helper()
	srv := testsrv.Versity(t, testsrv.WithIAM())
	srv.CreateBucket(t, "team")
	const access, secret = "AKBOBUI", "bob-ui-secret-0123456789"
	srv.CreateUser(t, access, secret, "user")
	policy := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":["` + access + `"]},` +
		`"Action":["s3:*"],"Resource":["arn:aws:s3:::team","arn:aws:s3:::team/*"]}]}`
	if _, err := srv.Client().PutBucketPolicy(context.Background(), &s3.PutBucketPolicyInput{Bucket: aws.String("team"), Policy: aws.String(policy)}); err != nil {
		t.Fatalf("bucket policy: %v", err)
	}
	join := func(s *testsrv.Server, name string, start bool) teamMember {
		ctx := context.Background()
		h, err := history.OpenHistory(ctx, filepath.Join(t.TempDir(), "history.db"), time.Now)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { h.Close() })
		cfg := team.Config{History: h, Objects: s.Browser(t), Bucket: "team", Prefix: "s3share/", Local: time.Now}
		_, sess, err := team.Join(ctx, cfg, team.JoinOptions{Name: name, Identity: s.AccessKey, Start: start})
		if err != nil {
			t.Fatalf("%s joins: %v", name, err)
		}
		return teamMember{h: h, Session: sess}
	}
	return join(srv, "ann", true), join(srv.WithKeys(access, secret), "bob", false)
}

// signedLink is a link as the pipeline records it, with a signature.
func signedLink(key string) presigned.Link {
	now := time.Now().Truncate(time.Second)
	return presigned.Link{Bucket: "photos", Key: key, Region: "us-east-1", Endpoint: "http://127.0.0.1:1", PathStyle: true,
		URL: "http://127.0.0.1:1/photos/" + key + "?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AK%2F20261127" +
			"&X-Amz-Date=20261127T100000Z&X-Amz-Expires=3600&X-Amz-SignedHeaders=host&X-Amz-Signature=0123abcd",
		IssuedAt: now, ExpiresAt: now.Add(time.Hour), EffectiveExpiresAt: now.Add(time.Hour), Size: 3, Label: "for ACME"}
}

// TestHistorySyncsTeamOnS: against a real ledger, two members with their
// own credentials and histories. Ann's history syncs as it opens; bob
// issues a link; S syncs at once (the tick is 30 s away), saying so, and
// bob's link appears; S with nothing new says that. Ann relabels bob's
// link with l: the change is pushed in the background, and bob's row
// carries the new label once he syncs. S is in the help only with a team.
func TestHistorySyncsTeamOnS(t *testing.T) {
	ann, bob := realTeam(t)
	ctx := context.Background()
	d, _, _, _ := fakeDeps()
	d.History, d.Team, d.Now, d.NoAutoCheck, d.Opens = ann.h, ann.Session, time.Now, true, nil
	h := newHarness(t, d, 120, 35)
	h.keys("H")
	h.mustSee("No links here yet")

	links, err := bob.h.Add(ctx, []presigned.Link{signedLink("bobs.png")})
	if err != nil {
		t.Fatal(err)
	}
	if res, err := bob.Push(ctx); err != nil || res.Events != 1 {
		t.Fatalf("bob's push: %+v, %v", res, err)
	}
	h.keys("S")
	h.mustSee("bob · photos/bobs.png", "From the team: 1 issued")
	h.keys("S")
	h.mustSee("Team: up to date, nothing new from teammates")
	h.keys("?")
	h.mustSee("S sync team")
	h.keys("?")

	h.keys("l")
	for range len("for ACME") {
		h.keys("backspace")
	}
	h.typeText("for ACME, round 2")
	h.keys("enter")
	h.mustSee("Labelled link #", "for ACME, round 2")
	if waiting, err := ann.Waiting(ctx); err != nil || waiting != 0 {
		t.Fatalf("%d events wait in ann's outbox after the relabel (%v): not pushed", waiting, err)
	}
	if _, err := bob.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	if got, err := bob.h.Get(ctx, links[0].ID); err != nil || got.Label != "for ACME, round 2" {
		t.Errorf("bob's link at bob's after ann's relabel: label %q, %v", got.Label, err)
	}

	d, _, _, _ = fakeDeps()
	alone := newHarness(t, d, 120, 35)
	alone.keys("H", "S", "?")
	if v := alone.view(); strings.Contains(v, "sync team") || strings.Contains(v, "Syncing") {
		t.Errorf("S without a team:\n%s", v)
	}
}
