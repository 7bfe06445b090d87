package cli

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/s3share/s3share/internal/faultproxy"
	"github.com/s3share/s3share/internal/testsrv"
)

// presignIDs presigns locs with extra flags and returns the new ids and URLs.
func presignIDs(t *testing.T, srv *testsrv.Server, history string, args ...string) ([]string, []string) {
	t.Helper()
	r := runCLI(t, srv, history, append([]string{"presign", "--json"}, args...)...)
	if r.code != 0 {
		t.Fatalf("presign %v: exit %d: %s", args, r.code, r.stderr)
	}
	var ids, urls []string
	for _, row := range jsonLines(t, r.stdout) {
		ids = append(ids, strconv.FormatInt(int64(row["id"].(float64)), 10))
		urls = append(urls, row["url"].(string))
	}
	return ids, urls
}

// TestCheckFindsWhatTheClockMisses: a deleted object makes an "active" link
// useless; check says so, exits 1, and history shows the verdict.
func TestCheckFindsWhatTheClockMisses(t *testing.T) {
	srv := testsrv.Versity(t)
	srv.CreateBucket(t, "photos")
	srv.Put(t, "photos", "keep.png", []byte("keep"))
	srv.Put(t, "photos", "gone.png", []byte("gone"))
	history := filepath.Join(t.TempDir(), "history.db")
	ids, _ := presignIDs(t, srv, history, "s3://photos/keep.png", "s3://photos/gone.png")
	if r := runCLI(t, nil, history, "check"); r.code != 0 || strings.Count(r.stdout, "works") != 2 {
		t.Fatalf("check with every object there: exit %d, %q %q", r.code, r.stdout, r.stderr)
	}
	if _, err := srv.Client().DeleteObject(context.Background(), &s3.DeleteObjectInput{
		Bucket: aws.String("photos"), Key: aws.String("gone.png")}); err != nil {
		t.Fatal(err)
	}
	r := runCLI(t, nil, history, "check")
	if r.code != 1 || !strings.Contains(r.stdout, "FAIL") || !strings.Contains(r.stdout, "object gone") ||
		!strings.Contains(r.stderr, "1 of 2 links checked do not work") {
		t.Fatalf("check after a delete: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
	checkSecrets(t, r, false)
	h := runCLI(t, nil, history, "history")
	if !strings.Contains(h.stdout, "object gone (checked just now)") {
		t.Errorf("history does not show the verdict:\n%s", h.stdout)
	}
	rows := jsonLines(t, runCLI(t, nil, history, "history", "--json").stdout)
	var verdicts []string
	for _, row := range rows {
		if c, ok := row["check"].(map[string]any); ok {
			verdicts = append(verdicts, c["verdict"].(string))
		}
	}
	if len(verdicts) != 2 {
		t.Errorf("history --json check fields: %v", verdicts)
	}
	if r := runCLI(t, nil, history, "check", ids[0]); r.code != 0 {
		t.Errorf("check of the working link alone: exit %d", r.code)
	}
	if r := runCLI(t, nil, history, "check", "999"); r.code != 1 || !strings.Contains(r.stderr, "no link with id 999") {
		t.Errorf("check of an unknown id: exit %d, %q", r.code, r.stderr)
	}
}

// TestRevokeFromTheCLI: a revocable link works, is revoked, answers 404 and
// checks as revoked; a plain link cannot be revoked.
func TestRevokeFromTheCLI(t *testing.T) {
	srv := testsrv.Versity(t)
	srv.CreateBucket(t, "photos")
	srv.Put(t, "photos", "draft.png", []byte("draft"))
	history := filepath.Join(t.TempDir(), "history.db")
	ids, urls := presignIDs(t, srv, history, "--revocable", "s3://photos/draft.png")
	if code, body := fetch(t, urls[0]); code != 200 || string(body) != "draft" || strings.Contains(urls[0], "draft.png?") && !strings.Contains(urls[0], "s3share-shares/") {
		t.Fatalf("revocable link: %d %q", code, body)
	}
	if r := runCLI(t, srv, history, "revoke", ids[0]); r.code != 0 {
		t.Fatalf("revoke: exit %d: %s", r.code, r.stderr)
	}
	if code, _ := fetch(t, urls[0]); code != 404 {
		t.Errorf("after revoke the link answers %d", code)
	}
	r := runCLI(t, nil, history, "check", "--all", "--json")
	if rows := jsonLines(t, r.stdout); r.code != 0 || len(rows) != 1 || rows[0]["verdict"] != "revoked" {
		t.Errorf("check after revoke: exit %d, %s", r.code, r.stdout)
	}
	plain, _ := presignIDs(t, srv, history, "s3://photos/draft.png")
	if r := runCLI(t, srv, history, "revoke", plain[0]); r.code != 1 || !strings.Contains(r.stderr, "not revocable") {
		t.Errorf("revoking a plain link: exit %d, %q", r.code, r.stderr)
	}
}

// TestEndpointFromEnvironmentIsRecorded: a link presigned with only
// AWS_ENDPOINT_URL_S3 records that endpoint; renewing and checking it with
// no endpoint set at all go there.
func TestEndpointFromEnvironmentIsRecorded(t *testing.T) {
	srv := testsrv.Versity(t)
	srv.CreateBucket(t, "photos")
	srv.Put(t, "photos", "a.png", []byte("png"))
	history := filepath.Join(t.TempDir(), "history.db")
	env := append(srv.Env(), "AWS_ENDPOINT_URL_S3="+srv.Endpoint)
	r := runCLIEnv(t, nil, history, env, "presign", "--json", "s3://photos/a.png")
	if r.code != 0 {
		t.Fatalf("presign with AWS_ENDPOINT_URL_S3: exit %d: %s", r.code, r.stderr)
	}
	id := strconv.FormatInt(int64(jsonLines(t, r.stdout)[0]["id"].(float64)), 10)
	creds := srv.Env() // credentials, but no endpoint anywhere
	renew := runCLIEnv(t, nil, history, creds, "renew", "--json", id)
	if renew.code != 0 {
		t.Fatalf("renew with no endpoint set: exit %d: %s", renew.code, renew.stderr)
	}
	newURL := jsonLines(t, renew.stdout)[0]["url"].(string)
	if !strings.HasPrefix(newURL, srv.Endpoint+"/photos/a.png?") {
		t.Errorf("renewed at %q, want the recorded endpoint %s", strings.SplitN(newURL, "?", 2)[0], srv.Endpoint)
	}
	if code, body := fetch(t, newURL); code != 200 || string(body) != "png" {
		t.Errorf("renewed link: %d %q", code, body)
	}
	if c := runCLIEnv(t, nil, history, creds, "check", "--json"); c.code != 0 || strings.Count(c.stdout, `"works"`) != 2 {
		t.Errorf("check with no endpoint set: exit %d, %s %s", c.code, c.stdout, c.stderr)
	}
}

// TestCheckWithTheEndpointDown: a link whose endpoint is gone checks as
// unreachable (exit 1), and the history keeps every link as it was.
func TestCheckWithTheEndpointDown(t *testing.T) {
	srv := testsrv.Versity(t)
	srv.CreateBucket(t, "photos")
	srv.Put(t, "photos", "a.png", []byte("png"))
	px := faultproxy.New(t, srv.Endpoint)
	via := *srv
	via.Endpoint = px.URL
	history := filepath.Join(t.TempDir(), "history.db")
	presignIDs(t, &via, history, "s3://photos/a.png")
	before := runCLI(t, nil, history, "history", "--json").stdout
	px.Always(faultproxy.Reset)
	r := runCLI(t, nil, history, "check", "--json")
	rows := jsonLines(t, r.stdout)
	if r.code != 1 || len(rows) != 1 || rows[0]["verdict"] != "unreachable" {
		t.Fatalf("check with the endpoint down: exit %d, %s %s", r.code, r.stdout, r.stderr)
	}
	after := runCLI(t, nil, history, "history", "--json").stdout
	if withoutCheck(t, before) != withoutCheck(t, after) {
		t.Errorf("the history changed beyond the verdict:\n%s\n%s", before, after)
	}
}

// withoutCheck is history --json output with the check fields dropped.
func withoutCheck(t *testing.T, s string) string {
	t.Helper()
	var out []string
	for _, row := range jsonLines(t, s) {
		delete(row, "check")
		b, _ := json.Marshal(row)
		out = append(out, string(b))
	}
	return strings.Join(out, "\n")
}

// TestPruneDeletesCopies: history prune --delete-copies deletes the copies
// of revocable links that no longer work, then forgets them; a live one
// keeps its copy.
func TestPruneDeletesCopies(t *testing.T) {
	srv := testsrv.Versity(t)
	srv.CreateBucket(t, "photos")
	srv.Put(t, "photos", "a.png", []byte("png"))
	history := filepath.Join(t.TempDir(), "history.db")
	presignIDs(t, srv, history, "--revocable", "--expires", "1s", "s3://photos/a.png")
	_, long := presignIDs(t, srv, history, "--revocable", "--expires", "1h", "s3://photos/a.png")
	time.Sleep(2 * time.Second) // the 1s link ends
	if r := runCLI(t, srv, history, "history", "prune", "--delete-copies"); r.code != 0 || !strings.Contains(r.stderr, "Deleted 1 share copies") {
		t.Fatalf("prune --delete-copies: exit %d, %s", r.code, r.stderr)
	}
	if code, _ := fetch(t, long[0]); code != 200 {
		t.Errorf("the live revocable link answers %d after the prune", code)
	}
	keys := shareCopies(t, srv)
	if len(keys) != 1 {
		t.Errorf("share copies left: %v, want only the live link's", keys)
	}
	if rows := jsonLines(t, runCLI(t, nil, history, "history", "--json").stdout); len(rows) != 1 {
		t.Errorf("%d links left in the history, want 1", len(rows))
	}
}

// shareCopies lists the keys under the default share prefix.
func shareCopies(t *testing.T, srv *testsrv.Server) []string {
	t.Helper()
	out, err := srv.Client().ListObjectsV2(context.Background(), &s3.ListObjectsV2Input{
		Bucket: aws.String("photos"), Prefix: aws.String("s3share-shares/")})
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, o := range out.Contents {
		keys = append(keys, aws.ToString(o.Key))
	}
	return keys
}
