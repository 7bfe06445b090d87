package cli

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/s3share/s3share/internal/faultproxy"
	"github.com/s3share/s3share/internal/testsrv"
	"github.com/s3share/s3share/ledger"
)

const teamLoc = "s3://team/s3share/"

// teamServer starts versitygw with IAM, the team and photos buckets, and
// bob, a second user whose rights on both buckets a bucket policy gives
// (policy sets them: "s3:*" to start with).
func teamServer(t *testing.T) (ann, bob *testsrv.Server, policy func(actions ...string)) {
	t.Helper()
	srv := testsrv.Versity(t, testsrv.WithIAM())
	srv.CreateBucket(t, "team")
	srv.CreateBucket(t, "photos")
	const access, secret = "AKBOBCLI", "bob-cli-secret-0123456789"
	srv.CreateUser(t, access, secret, "user")
	policy = func(actions ...string) {
		t.Helper()
		for _, bucket := range []string{"team", "photos"} {
			acts := `"` + strings.Join(actions, `","`) + `"`
			if bucket == "photos" {
				acts = `"s3:*"`
			}
			doc := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":["` + access + `"]},` +
				`"Action":[` + acts + `],"Resource":["arn:aws:s3:::` + bucket + `","arn:aws:s3:::` + bucket + `/*"]}]}`
			_, err := srv.Client().PutBucketPolicy(context.Background(), &s3.PutBucketPolicyInput{Bucket: aws.String(bucket), Policy: aws.String(doc)})
			if err != nil {
				t.Fatalf("bucket policy: %v", err)
			}
		}
	}
	policy("s3:*")
	return srv, srv.WithKeys(access, secret), policy
}

// teammate is one member's side: their server credentials and history;
// endpoint, when set, is where s3share talks to instead of the server (a
// proxy in front of it), and env adds settings.
type teammate struct {
	srv      *testsrv.Server
	history  string
	endpoint string
	env      []string
}

func newTeammate(t *testing.T, srv *testsrv.Server) teammate {
	return teammate{srv: srv, history: filepath.Join(t.TempDir(), "history.db")}
}

// run runs s3share as this member with the team in force.
func (m teammate) run(t *testing.T, args ...string) result {
	t.Helper()
	env := append([]string{"S3SHARE_TEAM=" + teamLoc}, m.env...)
	if m.endpoint == "" {
		return runCLIEnv(t, m.srv, m.history, env, args...)
	}
	return runCLIEnv(t, nil, m.history, append(m.srv.Env(), env...), append([]string{"--endpoint-url", m.endpoint, "--path-style"}, args...)...)
}

// must runs and fails the test on a non-zero exit.
func (m teammate) must(t *testing.T, args ...string) result {
	t.Helper()
	r := m.run(t, args...)
	if r.code != 0 {
		t.Fatalf("s3share %s: exit %d: %s", strings.Join(args, " "), r.code, r.stderr)
	}
	return r
}

// sharedLinks is history --json as "team_id issuer key end status", sorted.
func (m teammate) sharedLinks(t *testing.T) []string {
	t.Helper()
	var out []string
	for _, row := range jsonLines(t, m.must(t, "history", "--json").stdout) {
		out = append(out, fmt.Sprintf("%v %v %v %v %v", row["team_id"], row["issuer"], row["key"], row["end"], row["status"]))
	}
	slices.Sort(out)
	return out
}

// seed writes n small objects into photos, straight into the server's
// directory, and returns their locations.
func seed(t *testing.T, srv *testsrv.Server, prefix string, n int) []string {
	t.Helper()
	dir := filepath.Join(srv.Dir, "photos", prefix)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	var locs []string
	for i := range n {
		name := fmt.Sprintf("%03d.txt", i)
		if err := os.WriteFile(filepath.Join(dir, name), []byte(name), 0o644); err != nil {
			t.Fatal(err)
		}
		locs = append(locs, "s3://photos/"+prefix+"/"+name)
	}
	return locs
}

// TestTeamPresignsAtOnce: two members, each with their own credentials
// and history, issue 100 links each at the same moment (ten presign
// processes each, two at a time per member); after both sync, both
// histories list the same 200 links, and the log holds every event once,
// without a gap. No object under the ledger's prefix holds a signature
// or a session token.
func TestTeamPresignsAtOnce(t *testing.T) {
	annSrv, bobSrv, _ := teamServer(t)
	ann, bob := newTeammate(t, annSrv), newTeammate(t, bobSrv)
	ann.must(t, "team", "init", teamLoc, "--name", "ann")
	bob.must(t, "team", "join", teamLoc, "--name", "bob")
	locs := map[string][]string{"ann": seed(t, annSrv, "ann", 100), "bob": seed(t, annSrv, "bob", 100)}

	var wg sync.WaitGroup
	failures := make(chan string, 40)
	for name, m := range map[string]teammate{"ann": ann, "bob": bob} {
		for worker := range 2 {
			wg.Go(func() {
				for batch := worker; batch < 10; batch += 2 {
					args := append([]string{"presign", "--revocable"}, locs[name][batch*10:batch*10+10]...)
					cmd := cliCommand(t, m.srv, m.history, []string{"S3SHARE_TEAM=" + teamLoc}, args...)
					var stderr bytes.Buffer
					cmd.Stderr = &stderr
					if err := cmd.Run(); err != nil || strings.Contains(stderr.String(), "warning") {
						failures <- fmt.Sprintf("%s presign: %v: %s", name, err, stderr.String())
					}
				}
			})
		}
	}
	wg.Wait()
	close(failures)
	for f := range failures {
		t.Error(f)
	}
	ann.must(t, "team", "sync")
	bob.must(t, "team", "sync")
	annLinks, bobLinks := ann.sharedLinks(t), bob.sharedLinks(t)
	if len(annLinks) != 200 || !slices.Equal(annLinks, bobLinks) {
		t.Fatalf("ann lists %d links, bob %d; the same: %v", len(annLinks), len(bobLinks), slices.Equal(annLinks, bobLinks))
	}
	issuers := map[string]int{}
	for _, l := range annLinks {
		issuers[strings.Fields(l)[1]]++
	}
	if issuers["ann"] != 100 || issuers["bob"] != 100 {
		t.Errorf("issuers: %v", issuers)
	}
	events := map[string]int{}
	batches := logBatches(t, annSrv)
	t.Logf("%d log objects", len(batches))
	for _, batch := range batches {
		for _, e := range batch.Events {
			events[e.ID]++
		}
	}
	if len(events) != 200 {
		t.Errorf("the log holds %d distinct events, want 200", len(events))
	}
	for id, n := range events {
		if n > 1 {
			t.Errorf("event %s is in the log %d times", id, n)
		}
	}
	scanForSecrets(t, annSrv)
}

// logBatches reads the ledger's log objects, failing on a gap.
func logBatches(t *testing.T, srv *testsrv.Server) []ledger.Batch {
	t.Helper()
	b := srv.Browser(t)
	ctx := context.Background()
	var out []ledger.Batch
	page, err := b.ListAfter(ctx, "team", "s3share/log/", "", "")
	if err != nil {
		t.Fatal(err)
	}
	for i, o := range page.Objects {
		if want := fmt.Sprintf("s3share/log/%020d.json", i+1); o.Key != want {
			t.Fatalf("log object %d is %s, want %s: a gap", i+1, o.Key, want)
		}
		data, _, err := b.ReadObject(ctx, "team", o.Key, ledger.MaxLogBytes)
		if err != nil {
			t.Fatal(err)
		}
		batch, err := ledger.DecodeBatch(data)
		if err != nil {
			t.Fatalf("%s: %v", o.Key, err)
		}
		out = append(out, batch)
	}
	if !page.Last() {
		t.Fatal("more than one page of log objects")
	}
	return out
}

// scanForSecrets reads every object under the ledger's prefix
// (snapshots unpacked) and fails on a signature or a session token.
func scanForSecrets(t *testing.T, srv *testsrv.Server) {
	t.Helper()
	objects := srv.ObjectsUnder(t, "team", "s3share/")
	if len(objects) == 0 {
		t.Fatal("nothing under the ledger's prefix to scan")
	}
	testsrv.NoSecrets(t, objects)
}

// TestTeamRevokeByTeammate: bob revokes ann's revocable link with his own
// credentials: its copy is gone (404 at ann's URL) and, after a sync,
// both histories say revoked. Bob's history never held a usable URL.
func TestTeamRevokeByTeammate(t *testing.T) {
	annSrv, bobSrv, _ := teamServer(t)
	ann, bob := newTeammate(t, annSrv), newTeammate(t, bobSrv)
	ann.must(t, "team", "init", teamLoc, "--name", "ann")
	bob.must(t, "team", "join", teamLoc, "--name", "bob", "--display", "Bob \x1b[31mB")
	annSrv.Put(t, "photos", "cat.png", []byte("cat"))
	url := strings.TrimSpace(ann.must(t, "presign", "--revocable", "s3://photos/cat.png").stdout)
	if code, _ := fetch(t, url); code != 200 {
		t.Fatalf("ann's link answers %d", code)
	}
	bob.must(t, "team", "sync")
	rows := jsonLines(t, bob.must(t, "history", "--json").stdout)
	if len(rows) != 1 || rows[0]["issuer"] != "ann" || strings.Contains(rows[0]["url"].(string), "Signature") {
		t.Fatalf("bob's history: %v", rows)
	}
	text := bob.must(t, "history").stdout
	if !strings.Contains(text, " ann ") {
		t.Errorf("bob's history has no issuer column: %q", text)
	}
	if out := bob.must(t, "history", "--mine").stdout; out != "" {
		t.Errorf("bob's --mine lists ann's link: %q", out)
	}
	id := fmt.Sprint(rows[0]["id"])
	if r := bob.must(t, "check", id); !strings.Contains(r.stdout, "works") {
		t.Errorf("bob's check of ann's link: %q", r.stdout)
	}
	renewed := bob.must(t, "renew", "--json", id)
	newURL := jsonLines(t, renewed.stdout)[0]["url"].(string)
	if code, _ := fetch(t, newURL); code != 200 || !strings.Contains(newURL, "AKBOBCLI") {
		t.Errorf("bob's renewal of ann's link: %d, signed by %s", code, newURL)
	}
	bob.must(t, "revoke", id)
	if code, _ := fetch(t, url); code != 404 {
		t.Errorf("ann's link answers %d after bob's revoke, want 404", code)
	}
	if r := ann.must(t, "team", "sync"); !strings.Contains(r.stdout, "1 renewed, 1 revoked") {
		t.Errorf("ann's sync: %q", r.stdout)
	}
	for name, m := range map[string]teammate{"ann": ann, "bob": bob} {
		rows := jsonLines(t, m.must(t, "history", "--json").stdout)
		if len(rows) != 2 || rows[0]["issuer"] != "bob" || rows[1]["status"] != "revoked" {
			t.Errorf("%s's history after the renew and the revoke: %v", name, rows)
		}
	}
	if r := ann.must(t, "team", "status"); !strings.Contains(r.stdout, `Bob \x1b[31mB`) || strings.Contains(r.stdout, "\x1b") {
		t.Errorf("team status shows the display name unescaped or not at all: %q", r.stdout)
	}
}

// TestTeamPushFailsThenCatchesUp: a member who may read the ledger but
// not write it still records and prints links, gets a one-line reason,
// and keeps the events; once allowed, the next command pushes them all.
func TestTeamPushFailsThenCatchesUp(t *testing.T) {
	annSrv, bobSrv, policy := teamServer(t)
	ann, bob := newTeammate(t, annSrv), newTeammate(t, bobSrv)
	ann.must(t, "team", "init", teamLoc, "--name", "ann")
	bob.must(t, "team", "join", teamLoc, "--name", "bob")
	locs := seed(t, annSrv, "p", 2)
	policy("s3:GetObject", "s3:ListBucket")
	r := bob.must(t, "presign", locs[0])
	if !strings.HasPrefix(r.stdout, "http") || strings.Count(r.stderr, "\n") != 1 || !strings.Contains(r.stderr, "not shared with the team yet") {
		t.Errorf("presign without write access: stdout %q, stderr %q", r.stdout, r.stderr)
	}
	if r := bob.run(t, "team", "sync"); r.code != 1 || !strings.Contains(r.stderr, "kept in the outbox") {
		t.Errorf("sync without write access: exit %d, %q", r.code, r.stderr)
	}
	if st := jsonLines(t, bob.must(t, "team", "status", "--json").stdout); st[0]["outbox"] != 1.0 {
		t.Errorf("status: %v", st)
	}
	policy("s3:*")
	bob.must(t, "presign", locs[1])
	ann.must(t, "team", "sync")
	if got := ann.sharedLinks(t); len(got) != 2 {
		t.Errorf("ann sees %d of bob's links, want 2", len(got))
	}
}

// TestTeamInitRefusedWithoutAtomicWrites: gofakes3 accepts the
// conditional headers but its creates race; team init says so in one
// line, exits 1 and writes neither a ledger nor the setting.
func TestTeamInitRefusedWithoutAtomicWrites(t *testing.T) {
	srv := testsrv.Fake(t)
	srv.CreateBucket(t, "team")
	config := filepath.Join(t.TempDir(), "config.toml")
	r := runCLIEnv(t, srv, filepath.Join(t.TempDir(), "h.db"), []string{"S3SHARE_CONFIG=" + config},
		"team", "init", teamLoc, "--name", "ann")
	if r.code != 1 || strings.Count(r.stderr, "\n") != 1 || !strings.Contains(r.stderr, "conditional writes do not hold") {
		t.Fatalf("team init on gofakes3: exit %d, %q", r.code, r.stderr)
	}
	if _, err := os.Stat(config); !os.IsNotExist(err) {
		t.Errorf("the setting was written: %v", err)
	}
	out, err := srv.Client().ListObjectsV2(context.Background(), &s3.ListObjectsV2Input{Bucket: aws.String("team")})
	if err != nil || len(out.Contents) != 0 {
		t.Errorf("objects left in the bucket: %v, %v", out, err)
	}
}

// TestTeamBadInput: a prefix that is not a ledger, a log object of a
// newer format, and hostile objects each give a clear line; nothing is
// applied from them, and nothing panics.
func TestTeamBadInput(t *testing.T) {
	srv := testsrv.Versity(t)
	srv.CreateBucket(t, "team")
	ann := newTeammate(t, srv)
	if r := ann.run(t, "team", "join", "s3://team/elsewhere/", "--name", "ann"); r.code != 1 ||
		strings.Count(r.stderr, "\n") != 1 || !strings.Contains(r.stderr, "not a team ledger") {
		t.Errorf("joining a prefix that is not a ledger: exit %d, %q", r.code, r.stderr)
	}
	ann.must(t, "team", "init", teamLoc, "--name", "ann")
	at := "2026-11-27T10:00:00Z"
	event := func(writer, link, label string) string {
		return `{"id":"` + strings.Repeat("e", 31) + link[:1] + `","kind":"issued","writer":"` + writer + `","at":"` + at + `","link":"` + link +
			`","record":{"bucket":"photos","key":"x.png","region":"us-east-1","url":"","issued_at":"` + at + `","expires_at":"` + at +
			`","effective_expires_at":"` + at + `","size":1,"label":"` + label + `"}}`
	}
	link := strings.Repeat("a", 32)
	put := func(n int, body string) {
		srv.Put(t, "team", fmt.Sprintf("s3share/log/%020d.json", n), []byte(body))
	}
	put(1, "{not json")
	put(2, `{"format":1,"writer":"mallory","events":[`+event("mallory", link, "x")+`]}`)
	put(3, `{"format":1,"writer":"ann","events":[`+event("bob", strings.Repeat("b", 32), "x")+`]}`)
	put(4, `{"format":1,"writer":"ann\u001b[2J","events":[`+event("ann\u001b[2J", strings.Repeat("c", 32), "x")+`]}`)
	put(5, strings.Repeat(" ", ledger.MaxLogBytes+1))
	r := ann.must(t, "team", "sync")
	t.Logf("sync of hostile objects:\n%s%s", r.stderr, r.stdout)
	if n := strings.Count(r.stderr, "\n"); n != 5 || strings.Contains(r.stderr, "\x1b") {
		t.Errorf("hostile objects: want 5 escaped lines, got %d: %q", n, r.stderr)
	}
	if out := ann.must(t, "history", "--json").stdout; out != "" {
		t.Errorf("something was applied from hostile objects: %s", out)
	}
	put(6, `{"format":99,"writer":"ann","events":[]}`)
	put(7, `{"format":1,"writer":"ann","events":[`+event("ann", strings.Repeat("d", 32), "x")+`]}`)
	r = ann.run(t, "team", "sync")
	t.Logf("sync of a newer object: %s", r.stderr)
	if r.code != 1 || strings.Count(r.stderr, "\n") != 1 || !strings.Contains(r.stderr, "newer") {
		t.Errorf("a newer format: exit %d, %q", r.code, r.stderr)
	}
	if out := ann.must(t, "history", "--json").stdout; out != "" {
		t.Errorf("something after the newer object was applied: %s", out)
	}
	if st := jsonLines(t, ann.must(t, "team", "status", "--json").stdout); st[0]["applied_log_object"] != 5.0 {
		t.Errorf("status after the newer object: %v", st)
	}
}

// TestTeamClockOffRecordsServerTime: bob's computer is ten minutes
// behind the server (a proxy moves the server's Date ten minutes ahead of
// the clock bob signs with). His join measures it, and his events carry
// the server's time, not his own; the links of both reach both histories.
func TestTeamClockOffRecordsServerTime(t *testing.T) {
	srv := testsrv.Versity(t)
	srv.CreateBucket(t, "team")
	srv.CreateBucket(t, "photos")
	locs := seed(t, srv, "p", 3)
	px := faultproxy.New(t, srv.Endpoint)
	px.ShiftDate(10 * time.Minute)
	via := *srv
	via.Endpoint = px.URL
	ann, bob := newTeammate(t, srv), newTeammate(t, &via)
	ann.must(t, "team", "init", teamLoc, "--name", "ann")
	bob.must(t, "team", "join", teamLoc, "--name", "bob")
	ann.must(t, "presign", locs[0])
	before := time.Now()
	bob.must(t, "presign", locs[1])
	after := time.Now()
	ann.must(t, "presign", locs[2])
	ann.must(t, "team", "sync")
	bob.must(t, "team", "sync")
	if a, b := ann.sharedLinks(t), bob.sharedLinks(t); len(a) != 3 || !slices.Equal(a, b) {
		t.Errorf("ann's links %v, bob's %v", a, b)
	}
	for _, batch := range logBatches(t, srv) {
		for _, e := range batch.Events {
			if e.Writer != "bob" || e.Kind != ledger.KindIssued {
				continue
			}
			lo, hi := before.Add(10*time.Minute-2*time.Second), after.Add(10*time.Minute+2*time.Second)
			if e.At.Before(lo) || e.At.After(hi) {
				t.Errorf("bob's event is dated %s, want the server's time, 10 minutes ahead of his clock (%s to %s)", e.At, lo, hi)
			}
		}
	}
}

// TestTeamHistoryLabel: bob relabels ann's link with history label; his
// history --json shows the new label at once, ann's after her sync; ann
// clears it with no LABEL, and bob sees it cleared. An unknown id, and a
// label longer than the ledger takes (history label, and presign --label
// as well), fail with exit 1 and one line that does not blame the
// history file; nothing changes. The label is escaped where it is echoed.
func TestTeamHistoryLabel(t *testing.T) {
	annSrv, bobSrv, _ := teamServer(t)
	ann, bob := newTeammate(t, annSrv), newTeammate(t, bobSrv)
	ann.must(t, "team", "init", teamLoc, "--name", "ann")
	bob.must(t, "team", "join", teamLoc, "--name", "bob")
	annSrv.Put(t, "photos", "cat.png", []byte("cat"))
	ann.must(t, "presign", "--label", "for ACME", "s3://photos/cat.png")
	bob.must(t, "team", "sync")
	labelOf := func(m teammate) any {
		t.Helper()
		rows := jsonLines(t, m.must(t, "history", "--json").stdout)
		if len(rows) != 1 {
			t.Fatalf("%d rows in the history, want 1", len(rows))
		}
		return rows[0]["label"]
	}
	bobsID := fmt.Sprint(jsonLines(t, bob.must(t, "history", "--json").stdout)[0]["id"])
	r := bob.must(t, "history", "label", bobsID, "for ACME, \x1b[31msecond round")
	if want := "Labelled link " + bobsID + `: for ACME, \x1b[31msecond round`; strings.TrimSpace(r.stderr) != want {
		t.Errorf("history label says %q, want %q", r.stderr, want)
	}
	if got := labelOf(bob); got != "for ACME, \x1b[31msecond round" {
		t.Errorf("bob's history --json: label %q", got)
	}
	if r := ann.must(t, "team", "sync"); !strings.Contains(r.stdout, "1 relabelled") {
		t.Errorf("ann's sync: %q", r.stdout)
	}
	if got := labelOf(ann); got != "for ACME, \x1b[31msecond round" {
		t.Errorf("ann's history --json after her sync: label %q", got)
	}

	annsID := fmt.Sprint(jsonLines(t, ann.must(t, "history", "--json").stdout)[0]["id"])
	if r := ann.must(t, "history", "label", annsID); !strings.Contains(r.stderr, "Cleared the label of link "+annsID) {
		t.Errorf("clearing: %q", r.stderr)
	}
	bob.must(t, "team", "sync")
	if got := labelOf(bob); got != nil {
		t.Errorf("bob's history --json after ann cleared the label: label %v", got)
	}

	long := strings.Repeat("x", 1025)
	for _, tt := range []struct {
		name string
		args []string
		says string
	}{
		{"unknown id", []string{"history", "label", "9999", "x"}, "no link with id 9999"},
		{"label too long", []string{"history", "label", annsID, long}, "the label is 1025 bytes, more than the 1024 allowed"},
		{"presign label too long", []string{"presign", "--label", long, "s3://photos/cat.png"}, "the label is 1025 bytes, more than the 1024 allowed"},
	} {
		r := ann.run(t, tt.args...)
		if r.code != 1 || strings.Count(strings.TrimSpace(r.stderr), "\n") != 0 || !strings.Contains(r.stderr, tt.says) ||
			strings.Contains(r.stderr, "writable") || strings.Contains(r.stderr, ann.history) {
			t.Errorf("%s: exit %d: %q", tt.name, r.code, r.stderr)
		}
	}
	if got := labelOf(ann); got != nil {
		t.Errorf("a refused label was recorded: %v", got)
	}
}

// TestTeamReadOnlyJoin: bob may read the ledger but not write it. He
// joins all the same (exit 0, one line saying teammates will not see
// him), brings in ann's link, and records his own link here: the presign
// succeeds with one line of warning, team sync pulls and fails (exit 1)
// because his link waits in the outbox, which status shows with his
// entry pending. Ann sees neither him nor his link. Once he may write,
// his next sync writes his entry, then his link.
func TestTeamReadOnlyJoin(t *testing.T) {
	annSrv, bobSrv, policy := teamServer(t)
	ann, bob := newTeammate(t, annSrv), newTeammate(t, bobSrv)
	locs := seed(t, annSrv, "p", 2)
	ann.must(t, "team", "init", teamLoc, "--name", "ann")
	ann.must(t, "presign", locs[0])
	policy("s3:GetObject", "s3:ListBucket")

	r := bob.must(t, "team", "join", teamLoc, "--name", "bob", "--display", "Bob B")
	if !strings.Contains(r.stderr, "s3share: warning: these credentials may not write to "+teamLoc) || strings.Count(r.stderr, "warning") != 1 ||
		!strings.Contains(r.stdout, "From the team: 1 issued") {
		t.Errorf("read-only join: stdout %q, stderr %q", r.stdout, r.stderr)
	}
	if got := bob.sharedLinks(t); len(got) != 1 || strings.Fields(got[0])[1] != "ann" {
		t.Errorf("bob's history after joining: %v", got)
	}
	r = bob.must(t, "presign", locs[1])
	if !strings.HasPrefix(r.stdout, "http") || strings.Count(r.stderr, "\n") != 1 ||
		!strings.Contains(r.stderr, "not shared with the team yet") || !strings.Contains(r.stderr, "member entry not written: "+teamLoc+"members/bob.json: access denied") {
		t.Errorf("read-only presign: stdout %q, stderr %q", r.stdout, r.stderr)
	}
	if code, _ := fetch(t, strings.TrimSpace(r.stdout)); code != 200 {
		t.Errorf("bob's link answers %d", code)
	}
	if r := bob.run(t, "team", "sync"); r.code != 1 || strings.Count(r.stderr, "\n") != 1 || !strings.Contains(r.stderr, "kept in the outbox") ||
		!strings.Contains(r.stderr, "member entry not written") {
		t.Errorf("read-only sync: exit %d, %q", r.code, r.stderr)
	}
	st := jsonLines(t, bob.must(t, "team", "status", "--json").stdout)
	if st[0]["outbox"] != 1.0 || st[0]["entry_pending"] != true || st[0]["identity"] != "AKBOBCLI" {
		t.Errorf("bob's status: %v", st)
	}
	if text := bob.must(t, "team", "status").stdout; !strings.Contains(text, "not in the ledger yet") {
		t.Errorf("bob's status does not say his entry is pending: %q", text)
	}
	ann.must(t, "team", "sync")
	if got := ann.sharedLinks(t); len(got) != 1 {
		t.Errorf("ann sees %d links while bob may not write, want 1", len(got))
	}

	policy("s3:*")
	if r := bob.must(t, "team", "sync"); !strings.Contains(r.stdout, "Pushed 1 events") || r.stderr != "" {
		t.Errorf("bob's sync once he may write: %q, %q", r.stdout, r.stderr)
	}
	if st := jsonLines(t, bob.must(t, "team", "status", "--json").stdout); st[0]["outbox"] != 0.0 || st[0]["entry_pending"] != false {
		t.Errorf("bob's status after: %v", st)
	}
	if r := ann.must(t, "team", "sync"); r.stderr != "" {
		t.Errorf("ann's sync: %q", r.stderr)
	}
	if a, b := ann.sharedLinks(t), bob.sharedLinks(t); len(a) != 2 || !slices.Equal(a, b) {
		t.Errorf("ann's links %v, bob's %v", a, b)
	}
	if text := ann.must(t, "team", "status").stdout; !strings.Contains(text, "bob (Bob B)") {
		t.Errorf("ann's status does not list bob with his display name: %q", text)
	}
}

// isLogPut accepts the PUT of a log object of the ledger at teamLoc.
func isLogPut(r *http.Request) bool {
	return r.Method == http.MethodPut && strings.HasPrefix(r.URL.Path, "/team/s3share/log/")
}

// TestTeamKilledMidPush: bob's presign process is killed (SIGKILL) while
// its push's log PUT is held by a proxy, either before the PUT reached
// the server or after the server stored it and before its answer came
// back. The link is in bob's history; a team sync afterwards leaves the
// log without a gap or a repeated event, and both histories list every
// link exactly once.
func TestTeamKilledMidPush(t *testing.T) {
	for _, tc := range []struct {
		name   string
		fault  faultproxy.Fault
		stored bool // the held PUT reached the server
	}{
		{"killed before the PUT reached the server", faultproxy.Hold, false},
		{"killed after the server stored it, before the answer", faultproxy.HoldAnswer, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			annSrv, bobSrv, _ := teamServer(t)
			locs := seed(t, annSrv, "p", 2)
			px := faultproxy.New(t, bobSrv.Endpoint)
			via := *bobSrv
			via.Endpoint = px.URL
			ann, bob := newTeammate(t, annSrv), newTeammate(t, &via)
			ann.must(t, "team", "init", teamLoc, "--name", "ann")
			ann.must(t, "presign", locs[0])
			bob.must(t, "team", "join", teamLoc, "--name", "bob") // brings log object 1: his push takes 2

			px.Only(isLogPut)
			px.Next(tc.fault)
			cmd := cliCommand(t, bob.srv, bob.history, []string{"S3SHARE_TEAM=" + teamLoc}, "presign", locs[1])
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			select {
			case held := <-px.Held():
				if !strings.HasSuffix(held, fmt.Sprintf("/log/%020d.json", 2)) {
					t.Errorf("held %s, want the PUT of log object 2", held)
				}
			case <-time.After(30 * time.Second):
				_ = cmd.Process.Kill()
				t.Fatal("the presign's log PUT never reached the proxy")
			}
			if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
				t.Fatal(err)
			}
			_ = cmd.Wait() // killed: the error is expected
			if n := len(logBatches(t, annSrv)); n != 1+btoi(tc.stored) {
				t.Fatalf("after the kill the log holds %d objects, want %d", n, 1+btoi(tc.stored))
			}
			if st := jsonLines(t, bob.must(t, "team", "status", "--json").stdout); st[0]["outbox"] != 1.0 {
				t.Fatalf("bob's outbox after the kill: %v", st[0]["outbox"])
			}

			bob.must(t, "team", "sync")
			ann.must(t, "team", "sync")
			events := map[string]int{}
			for _, batch := range logBatches(t, annSrv) {
				for _, e := range batch.Events {
					events[e.ID]++
				}
			}
			if len(events) != 2 {
				t.Errorf("the log holds %d distinct events, want 2", len(events))
			}
			for id, n := range events {
				if n != 1 {
					t.Errorf("event %s is in the log %d times", id, n)
				}
			}
			annLinks, bobLinks := ann.sharedLinks(t), bob.sharedLinks(t)
			if len(annLinks) != 2 || !slices.Equal(annLinks, bobLinks) {
				t.Errorf("ann's links %v, bob's %v", annLinks, bobLinks)
			}
			if st := jsonLines(t, bob.must(t, "team", "status", "--json").stdout); st[0]["outbox"] != 0.0 {
				t.Errorf("bob's outbox after the sync: %v", st[0]["outbox"])
			}
		})
	}
}

// btoi is 1 for true.
func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}
