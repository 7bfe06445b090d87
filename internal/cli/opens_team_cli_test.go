package cli

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/s3share/s3share/internal/accesslogproxy"
	"github.com/s3share/s3share/internal/testsrv"
)

// opensByKey runs opens --json and returns its lines by key, and the run.
func (m teammate) opensByKey(t *testing.T, args ...string) (map[string]map[string]any, result) {
	t.Helper()
	r := m.run(t, append([]string{"opens", "--json"}, args...)...)
	out := map[string]map[string]any{}
	for _, row := range jsonLines(t, r.stdout) {
		out[row["key"].(string)] = row
	}
	return out, r
}

// TestTeamOpensFromTheCLI: ann's links are opened; ann's opens reads the
// logs and pushes what it found; bob, who may not read the log bucket,
// sees after team sync the same counts in history and opens (which says
// it could not read the logs itself and exits 1), the hostile user agent
// escaped, and how far ann's logs went. No object of the ledger holds a
// signature.
func TestTeamOpensFromTheCLI(t *testing.T) {
	annSrv, bobSrv, _ := teamServer(t) // bob may use team and photos, not logs
	annSrv.CreateBucket(t, "logs")
	proxy := accesslogproxy.Start(t, annSrv.Endpoint, annSrv.Region)
	proxy.EnableLogging("photos", accesslogproxy.Target{Bucket: "logs", Prefix: "access/"})
	logs := []string{"S3SHARE_ACCESS_LOGS=s3://logs/access/"}
	ann := teammate{srv: annSrv, history: filepath.Join(t.TempDir(), "ann.db"), endpoint: proxy.URL, env: logs}
	bob := teammate{srv: bobSrv, history: filepath.Join(t.TempDir(), "bob.db"), endpoint: proxy.URL, env: logs}
	ann.must(t, "team", "init", teamLoc, "--name", "ann")
	bob.must(t, "team", "join", teamLoc, "--name", "bob")
	for _, k := range []string{"a.png", "b.png", "never.png"} {
		annSrv.Put(t, "photos", k, []byte("png "+k))
	}
	var urls []string
	for _, row := range jsonLines(t, ann.must(t, "presign", "--json", "s3://photos/a.png", "s3://photos/b.png", "s3://photos/never.png").stdout) {
		urls = append(urls, row["url"].(string))
	}
	if testsrv.OpenFrom(t, "127.0.0.1", urls[0], "first agent") != 200 || testsrv.OpenFrom(t, "127.0.0.2", urls[0], hostile) != 200 ||
		testsrv.OpenFrom(t, "127.0.0.1", urls[1], "b agent") != 200 {
		t.Fatal("the links do not open")
	}
	batch := proxy.Take("photos")
	proxy.Deliver(t, annSrv, batch, time.Now())
	proxy.Deliver(t, annSrv, batch, time.Now())

	annRows, r := ann.opensByKey(t)
	if r.code != 0 || strings.Contains(r.stderr, "warning") {
		t.Fatalf("ann's opens: exit %d: %s", r.code, r.stderr)
	}
	want := map[string]map[string]int{"a.png": {"opens": 2, "ips": 2}, "b.png": {"opens": 1, "ips": 1}, "never.png": {}}
	for key, w := range want {
		wantCounts(t, annRows, key, "ann's "+key, w)
	}

	sync := bob.must(t, "team", "sync")
	if !strings.Contains(sync.stdout, "2 opened") {
		t.Errorf("bob's sync says %q", sync.stdout)
	}
	h := bob.must(t, "history")
	for key, column := range map[string]string{"a.png": "2×, last just now", "b.png": "1×, last just now", "never.png": "not yet"} {
		if line := lineWith(h.stdout, key); !strings.Contains(line, column) {
			t.Errorf("bob's history row of %s does not say %q: %q", key, column, line)
		}
	}
	bobRows, r := bob.opensByKey(t)
	if r.code != 1 || !strings.Contains(r.stderr, "shown is what the team found; logs up to ") ||
		!strings.Contains(r.stderr, "s3:ListBucket") {
		t.Errorf("bob's opens without access to the logs: exit %d: %s", r.code, r.stderr)
	}
	for key, w := range want {
		wantCounts(t, bobRows, key, "bob's "+key, w)
	}
	annUpTo := annRows["a.png"]["opens"].(map[string]any)["logs_up_to"]
	if got := bobRows["a.png"]["opens"].(map[string]any)["logs_up_to"]; got == nil || got != annUpTo {
		t.Errorf("bob's logs up to %v, ann's %v", got, annUpTo)
	}
	one := bob.run(t, "opens", jsonID(bobRows["a.png"]))
	if !strings.Contains(one.stdout, `Mozilla/5.0 "quoted" \u202egnp.exe`) || strings.ContainsAny(one.stdout, "\u202e\x1b") ||
		strings.Count(one.stdout, "  open  ") != 2 || !strings.Contains(one.stdout, "127.0.0.2") {
		t.Errorf("bob's opens of a.png:\n%s", one.stdout)
	}
	scanForSecrets(t, annSrv)
}

// lineWith is the first line of text that mentions s.
func lineWith(text, s string) string {
	for _, line := range strings.Split(text, "\n") {
		if strings.Contains(line, s) {
			return line
		}
	}
	return ""
}
