package cli

import (
	"net/http"
	"net/url"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/s3share/s3share/internal/accesslogproxy"
	"github.com/s3share/s3share/internal/testsrv"
)

// logged is versitygw behind the logging proxy, its bucket "photos" logged
// into s3://logs/access/; the binary talks to the proxy.
type logged struct {
	srv     *testsrv.Server
	proxy   *accesslogproxy.Proxy
	history string
}

// newLogged starts the servers and makes the buckets.
func newLogged(t *testing.T, opts ...testsrv.Option) *logged {
	t.Helper()
	srv := testsrv.Versity(t, opts...)
	proxy := accesslogproxy.Start(t, srv.Endpoint, srv.Region)
	srv.CreateBucket(t, "photos")
	srv.CreateBucket(t, "logs")
	proxy.EnableLogging("photos", accesslogproxy.Target{Bucket: "logs", Prefix: "access/"})
	return &logged{srv: srv, proxy: proxy, history: filepath.Join(t.TempDir(), "history.db")}
}

// run runs the binary against the proxy with the server's credentials.
func (w *logged) run(t *testing.T, args ...string) result {
	t.Helper()
	return runCLIEnv(t, nil, w.history, w.srv.Env(), append([]string{"--endpoint-url", w.proxy.URL, "--path-style"}, args...)...)
}

// presign issues links with presign --json and returns ids and URLs.
func (w *logged) presign(t *testing.T, args ...string) ([]string, []string) {
	t.Helper()
	r := w.run(t, append([]string{"presign", "--json"}, args...)...)
	if r.code != 0 {
		t.Fatalf("presign %v: exit %d: %s", args, r.code, r.stderr)
	}
	var ids, urls []string
	for _, row := range jsonLines(t, r.stdout) {
		ids, urls = append(ids, jsonID(row)), append(urls, row["url"].(string))
		images, _ := row["images"].([]any)
		for _, img := range images {
			m := img.(map[string]any)
			ids, urls = append(ids, jsonID(m)), append(urls, m["url"].(string))
		}
	}
	return ids, urls
}

// deliver delivers the records of photos logged since the last delivery,
// times times; it returns nothing.
func (w *logged) deliver(t *testing.T, times int) {
	t.Helper()
	batch := w.proxy.Take("photos")
	for i := 0; i < times; i++ {
		w.proxy.Deliver(t, w.srv, batch, time.Now())
	}
}

// waitEnded asks versitygw itself (not through the proxy, so nothing is
// logged) for rawURL until it refuses it: the link has ended by the
// server's clock. It gives up after ten seconds.
func (w *logged) waitEnded(t *testing.T, rawURL string) {
	t.Helper()
	u, err := url.Parse(rawURL)
	if err != nil {
		t.Fatal(err)
	}
	direct := strings.Replace(rawURL, u.Host, strings.TrimPrefix(w.srv.Endpoint, "http://"), 1)
	for deadline := time.Now().Add(10 * time.Second); ; {
		req, _ := http.NewRequest(http.MethodGet, direct, nil)
		req.Host = u.Host // the signature covers the proxy's host
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode == http.StatusForbidden {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the 1s link still answers %d after 10s", resp.StatusCode)
		}
		time.Sleep(100 * time.Millisecond) // polling the server's clock, not synchronising
	}
}

// curlOpen fetches rawURL with curl; false when curl is not installed.
func curlOpen(t *testing.T, rawURL string) bool {
	t.Helper()
	bin, err := exec.LookPath("curl")
	if err != nil {
		t.Log("curl not installed: the curl open is skipped")
		return false
	}
	out, err := exec.Command(bin, "-sS", "-o", "/dev/null", "-w", "%{http_code}", rawURL).CombinedOutput()
	if err != nil || strings.TrimSpace(string(out)) != "200" {
		t.Fatalf("curl: %v: %s", err, out)
	}
	return true
}

// opensByID runs opens --json and returns its lines by id.
func (w *logged) opensByID(t *testing.T, args ...string) (map[string]map[string]any, result) {
	t.Helper()
	r := w.run(t, append([]string{"opens", "--json"}, args...)...)
	if r.code != 0 {
		t.Fatalf("opens %v: exit %d: %s", args, r.code, r.stderr)
	}
	out := map[string]map[string]any{}
	for _, row := range jsonLines(t, r.stdout) {
		out[jsonID(row)] = row
	}
	return out, r
}

// counts are the numbers of a link's opens object.
func counts(row map[string]any) map[string]int {
	o := row["opens"].(map[string]any)
	out := map[string]int{}
	for _, k := range []string{"opens", "ips", "after_end", "tampered", "gone", "denied", "checks", "other"} {
		out[k] = int(o[k].(float64))
	}
	return out
}

// wantCounts fails unless the link's counts are want (others zero).
func wantCounts(t *testing.T, rows map[string]map[string]any, id, name string, want map[string]int) {
	t.Helper()
	row, ok := rows[id]
	if !ok {
		t.Fatalf("%s (%s) is not listed", name, id)
	}
	for k, n := range counts(row) {
		if n != want[k] {
			t.Errorf("%s: %s = %d, want %d (%v)", name, k, n, want[k], row["opens"])
		}
	}
}

// hostile is a user agent with quotes and a bidi override (HTTP refuses
// control characters in headers).
const hostile = "Mozilla/5.0 \"quoted\" \u202egnp.exe"

// TestOpensEndToEnd: links issued by s3share presign are opened through
// the logging proxy (net/http from two addresses, curl, s3share's own
// check, a gallery and its images, one link after it ended); the logs are
// delivered in two batches, the first twice. opens --json gives the exact
// counts; a second run reads no log object again; opens ID lists every
// request, escaped; history shows the opened column and --json an opens
// object.
func TestOpensEndToEnd(t *testing.T) {
	w := newLogged(t)
	for _, k := range []string{"a.png", "b.png", "never.png", "short.png", "g1.png", "g2.png"} {
		w.srv.Put(t, "photos", k, []byte("png "+k))
	}
	ids, urls := w.presign(t, "s3://photos/a.png", "s3://photos/b.png", "s3://photos/never.png")
	a, b, never := ids[0], ids[1], ids[2]
	gids, gurls := w.presign(t, "--gallery", "s3://photos/g1.png", "s3://photos/g2.png")
	sids, surls := w.presign(t, "--expires", "1s", "s3://photos/short.png")

	// Batch 1: a opened from two addresses and by curl, checked by s3share; b once.
	if testsrv.OpenFrom(t, "127.0.0.1", urls[0], "first agent") != 200 || testsrv.OpenFrom(t, "127.0.0.2", urls[0], hostile) != 200 ||
		testsrv.OpenFrom(t, "127.0.0.1", urls[1], "b agent") != 200 {
		t.Fatal("the links do not open")
	}
	curled := curlOpen(t, urls[0])
	if r := w.run(t, "check", a); r.code != 0 {
		t.Fatalf("check: exit %d: %s", r.code, r.stderr)
	}
	w.deliver(t, 2) // S3 delivers some records twice

	// Batch 2: the short link after its end; the gallery page and its images.
	w.waitEnded(t, surls[0])
	if testsrv.OpenFrom(t, "127.0.0.3", surls[0], "late agent") != 403 {
		t.Fatal("the ended link still opens")
	}
	for _, u := range gurls {
		if testsrv.OpenFrom(t, "127.0.0.4", u, "browser") != 200 {
			t.Fatal("the gallery does not open")
		}
	}
	w.deliver(t, 1)

	rows, r := w.opensByID(t)
	aOpens := 2
	if curled {
		aOpens = 3
	}
	wantCounts(t, rows, a, "a.png", map[string]int{"opens": aOpens, "ips": 2, "checks": 1})
	wantCounts(t, rows, b, "b.png", map[string]int{"opens": 1, "ips": 1})
	wantCounts(t, rows, never, "never.png", map[string]int{})
	wantCounts(t, rows, sids[0], "short.png", map[string]int{"after_end": 1})
	for i, id := range gids {
		wantCounts(t, rows, id, "gallery link "+strconv.Itoa(i), map[string]int{"opens": 1, "ips": 1})
	}
	if len(rows) != 3+3+1 {
		t.Errorf("opens lists %d links, want 7", len(rows))
	}
	o := rows[b]["opens"].(map[string]any)
	if o["last_user_agent"] != "b agent" || o["first_open"] == nil || o["logs_up_to"] == nil {
		t.Errorf("b.png's opens: %v", o)
	}
	if _, ok := rows[never]["opens"].(map[string]any)["first_open"]; ok {
		t.Errorf("never.png has a first open: %v", rows[never])
	}
	if !strings.Contains(r.stderr, "Read 3 new log objects: ") || !strings.Contains(r.stderr, "logs up to ") {
		t.Errorf("opens says on stderr: %q", r.stderr)
	}

	// Again: one listing, no log object fetched again, the same counts.
	gets := w.proxy.Count("logs", "REST.GET.OBJECT")
	again, r2 := w.opensByID(t)
	if n := w.proxy.Count("logs", "REST.GET.OBJECT"); n != gets || gets != 3 {
		t.Errorf("log objects fetched: %d, then %d after a second run; want 3 and no more", gets, n)
	}
	if !strings.Contains(r2.stderr, "No new log objects; logs up to ") || strings.Contains(r2.stderr, "never") {
		t.Errorf("the second run says: %q", r2.stderr)
	}
	wantCounts(t, again, a, "a.png again", counts(rows[a]))

	checkOneLink(t, w, a, aOpens)
	checkHistoryColumn(t, w, a, never, sids[0], gids[0])
}

// checkOneLink: opens ID lists every request through the link, with the
// hostile user agent escaped, and its JSON keeps it exact.
func checkOneLink(t *testing.T, w *logged, id string, opened int) {
	t.Helper()
	r := w.run(t, "opens", id)
	if r.code != 0 || !strings.Contains(r.stdout, `Mozilla/5.0 "quoted" \u202egnp.exe`) ||
		strings.ContainsAny(r.stdout, "\x1b\u202e") || strings.Count(r.stdout, "  open  ") != opened ||
		strings.Count(r.stdout, "  check  ") != 1 || !strings.Contains(r.stdout, "127.0.0.2") {
		t.Errorf("opens %s: exit %d\n%s%s", id, r.code, r.stdout, r.stderr)
	}
	rows, _ := w.opensByID(t, id)
	reqs, _ := rows[id]["requests"].([]any)
	agents := map[string]bool{}
	for _, q := range reqs {
		m := q.(map[string]any)
		agents[m["user_agent"].(string)] = true
		if m["status"] == nil || m["time"] == nil || m["ip"] == nil {
			t.Errorf("a request lacks its facts: %v", m)
		}
	}
	if len(reqs) != opened+1 || !agents[hostile] || !agents["s3share-check/1"] {
		t.Errorf("opens --json %s: %d requests, agents %v", id, len(reqs), agents)
	}
}

// checkHistoryColumn: history shows what the logs say in its opened
// column, and --json an opens object for every link, images too.
func checkHistoryColumn(t *testing.T, w *logged, opened, never, late, gallery string) {
	t.Helper()
	h := runCLI(t, nil, w.history, "history")
	for id, want := range map[string]string{opened: "×, last just now", never: "not yet", late: "tried 1× after it ended", gallery: "1×, last just now"} {
		if !strings.Contains(lineOf(h.stdout, id), want) {
			t.Errorf("history row %s does not say %q:\n%s", id, want, h.stdout)
		}
	}
	if !strings.Contains(h.stderr, "Opened: logs up to ") || strings.Contains(h.stderr, "never") {
		t.Errorf("history says %q", h.stderr)
	}
	for _, row := range jsonLines(t, runCLI(t, nil, w.history, "history", "--json").stdout) {
		if _, ok := row["opens"].(map[string]any); !ok {
			t.Errorf("history --json line without opens: %v", row)
		}
		for _, img := range asList(row["images"]) {
			if n := counts(img.(map[string]any))["opens"]; n != 1 {
				t.Errorf("a gallery image opened %d times, want 1", n)
			}
		}
	}
}

// lineOf is the history row of id.
func lineOf(text, id string) string {
	for _, line := range strings.Split(text, "\n") {
		if f := strings.Fields(line); len(f) > 0 && f[0] == id {
			return line
		}
	}
	return ""
}

// asList is v as a JSON array, nil when it is none.
func asList(v any) []any {
	l, _ := v.([]any)
	return l
}
