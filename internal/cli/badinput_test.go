package cli

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/s3share/s3share/internal/testsrv"
)

// badInput is one row of TestBadInput.
type badInput struct {
	name string
	args []string
	code int
	says string // stderr must contain this (case-insensitive)
	// setup, when set, prepares the case: it may return a history path to
	// use instead of the shared one, and env for a run without the
	// server's environment (the endpoint is passed as a flag).
	setup func(t *testing.T) (history string, env []string)
	warns bool   // exit 0 with warnings on stderr
	body  []byte // a working key: fetch the URL and compare
}

func TestBadInput(t *testing.T) {
	srv := testsrv.Versity(t)
	srv.CreateBucket(t, "photos")
	srv.Put(t, "photos", "a.jpg", []byte("a"))
	history := filepath.Join(t.TempDir(), "history.db")
	if r := runCLI(t, srv, history, "presign", "s3://photos/a.jpg"); r.code != 0 {
		t.Fatalf("seed presign: %s", r.stderr)
	}
	cases := append(append(append(locationCases(), expiryCases()...), keyCases(t, srv)...),
		append(append(failureCases(srv), historyCases(t, srv)...), usageCases()...)...)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			before := historyList(t, history)
			h, r := runBad(t, srv, history, tc)
			checkRun(t, tc, r)
			if h == history {
				checkRecorded(t, history, before, r)
			}
		})
	}
}

// runBad runs one case, with its own history and environment when it has
// a setup.
func runBad(t *testing.T, srv *testsrv.Server, history string, tc badInput) (string, result) {
	t.Helper()
	if tc.setup == nil {
		return history, runCLI(t, srv, history, tc.args...)
	}
	h, env := tc.setup(t)
	if h == "" {
		h = history
	}
	if env == nil {
		return h, runCLI(t, srv, h, tc.args...)
	}
	for _, kv := range env {
		k, v, _ := strings.Cut(kv, "=")
		t.Setenv(k, v)
	}
	args := append([]string{"--endpoint-url", srv.Endpoint, "--path-style"}, tc.args...)
	return h, runCLI(t, nil, h, args...)
}

// checkRun checks the exit code and that stderr is one clean line (or only
// warnings) that leaks nothing.
func checkRun(t *testing.T, tc badInput, r result) {
	t.Helper()
	t.Logf("exit %d, stderr: %s", r.code, strings.TrimSpace(r.stderr))
	if r.code != tc.code {
		t.Fatalf("exit %d, want %d; stderr %q", r.code, tc.code, r.stderr)
	}
	checkSecrets(t, r, tc.code == 0)
	msg := strings.TrimSpace(withoutWaiting(r.stderr))
	if !strings.Contains(strings.ToLower(msg), strings.ToLower(tc.says)) {
		t.Errorf("stderr %q does not say %q", msg, tc.says)
	}
	switch {
	case tc.code != 0:
		if r.stdout != "" || msg == "" || strings.Contains(msg, "\n") {
			t.Errorf("want one line on stderr and nothing on stdout, got %q / %q", r.stderr, r.stdout)
		}
	case tc.warns:
		for _, line := range strings.Split(msg, "\n") {
			if !strings.HasPrefix(line, "s3share: warning: ") {
				t.Errorf("not a warning line: %q", line)
			}
		}
	case msg != "":
		t.Errorf("unexpected stderr: %q", msg)
	}
	if tc.body != nil {
		if code, got := fetch(t, strings.TrimSpace(r.stdout)); code != 200 || !bytes.Equal(got, tc.body) {
			t.Errorf("fetch: status %d body %q", code, got)
		}
	}
}

// withoutWaiting drops the "s3share: waiting for …" lines a slow answer
// earns, and the "Opened: logs …" line after a history listing: they say
// what a command waits for, or how far the access logs go, not how it
// ended.
func withoutWaiting(stderr string) string {
	var keep []string
	for _, line := range strings.SplitAfter(stderr, "\n") {
		if !strings.HasPrefix(line, "s3share: waiting for ") && !strings.HasPrefix(line, "Opened: logs ") {
			keep = append(keep, line)
		}
	}
	return strings.Join(keep, "")
}

// checkSecrets fails when any output carries the secret key or, outside a
// successful command's stdout, a signature.
func checkSecrets(t *testing.T, r result, urlsAllowed bool) {
	t.Helper()
	for _, bad := range []string{testsrv.SecretKey, "wrong-secret-for-test", "goroutine ", "panic:"} {
		if strings.Contains(r.stdout+r.stderr, bad) {
			t.Errorf("output contains %q", bad)
		}
	}
	if strings.Contains(r.stderr, "X-Amz-Signature") || !urlsAllowed && strings.Contains(r.stdout, "X-Amz-Signature") {
		t.Errorf("a signature outside a successful command's stdout: %q / %q", r.stdout, r.stderr)
	}
}

// checkRecorded checks that the links issued before are still in the
// history and that exactly the printed links were added.
func checkRecorded(t *testing.T, history string, before []string, r result) {
	t.Helper()
	after := historyList(t, history)
	has := map[string]bool{}
	for _, u := range after {
		has[u] = true
	}
	for _, u := range before {
		if !has[u] {
			t.Fatalf("a link issued before was lost from the history")
		}
	}
	printed := strings.Fields(r.stdout)
	for _, line := range printed {
		if !has[line] {
			t.Errorf("a printed link is not in the history")
		}
	}
	if len(after) != len(before)+len(printed) {
		t.Errorf("history went from %d to %d links with %d printed (only printed links are recorded)",
			len(before), len(after), len(printed))
	}
}

// historyList returns the URLs of a history's rows, newest first.
func historyList(t *testing.T, history string) []string {
	t.Helper()
	r := runCLI(t, nil, history, "history", "--json")
	if r.code != 0 {
		t.Fatalf("history: exit %d: %s", r.code, r.stderr)
	}
	var out []string
	for _, row := range jsonLines(t, r.stdout) {
		out = append(out, row["url"].(string))
	}
	return out
}

// historyURLs returns the set of URLs in a history.
func historyURLs(t *testing.T, history string) map[string]bool {
	t.Helper()
	out := map[string]bool{}
	for _, u := range historyList(t, history) {
		out[u] = true
	}
	return out
}

// presignArgs presigns one location.
func presignArgs(loc string, flags ...string) []string {
	return append(append([]string{"presign"}, flags...), loc)
}

// locationCases are malformed s3:// locations (usage errors).
func locationCases() []badInput {
	const rule = "bucket names are 3-63 characters"
	return []badInput{
		{name: "s3:/x", args: presignArgs("s3:/x"), code: 2, says: "expected s3://BUCKET"},
		{name: "s3://", args: presignArgs("s3://"), code: 2, says: "missing bucket name"},
		{name: "http://x", args: presignArgs("http://x"), code: 2, says: "expected s3://BUCKET"},
		{name: "bucket too short", args: presignArgs("s3://ab/a.jpg"), code: 2, says: rule},
		{name: "bucket too long", args: presignArgs("s3://" + strings.Repeat("b", 64) + "/a.jpg"), code: 2, says: rule},
		{name: "bucket with capitals", args: presignArgs("s3://Photos/a.jpg"), code: 2, says: rule},
		{name: "bucket with underscore", args: presignArgs("s3://my_photos/a.jpg"), code: 2, says: rule},
		{name: "key over 1024 bytes", args: presignArgs("s3://photos/" + strings.Repeat("k", 1025)), code: 2, says: "at most 1024 bytes"},
		{name: "ls bucket with capitals", args: []string{"ls", "s3://Photos"}, code: 2, says: rule},
	}
}

// expiryCases are expiries outside 1s..7d or not expiries at all.
func expiryCases() []badInput {
	out := []badInput{{name: "expiry -1h as a separate word", args: presignArgs("s3://photos/a.jpg", "--expires", "-1h"),
		code: 2, says: `expiry "-1h" is negative: links can last 1s to 7d`}}
	for _, e := range []string{"0", "-1h", "8d", "500ms", "abc", "1e9h", "", "2001-02-03 04:05"} {
		out = append(out, badInput{name: "expiry " + e, args: presignArgs("s3://photos/a.jpg", "--expires="+e),
			code: 2, says: "links can last 1s to 7d"})
	}
	return out
}

// keyCases are keys that work (fetched back) and keys that only warn.
func keyCases(t *testing.T, srv *testsrv.Server) []badInput {
	var out []badInput
	for _, k := range []string{"a b.jpg", "a+b.jpg", "100%.jpg", "a&b.jpg", "a=b.jpg", "café.jpg", "📷.jpg", "a//b.jpg"} {
		body := []byte("body of " + k)
		srv.Put(t, "photos", k, body)
		out = append(out, badInput{name: "key " + k, args: presignArgs("s3://photos/" + k), body: body})
	}
	for _, k := range []string{"a/./b.jpg", "../b.jpg"} {
		out = append(out, badInput{name: "key " + k, args: presignArgs("s3://photos/" + k), warns: true, says: "warning"})
	}
	return out
}

// withEnv returns the server's environment with changes.
func withEnv(srv *testsrv.Server, changes ...string) []string {
	return append(srv.Env(), changes...)
}

// usageCases are commands called the wrong way.
func usageCases() []badInput {
	return []badInput{
		{name: "unknown flag", args: []string{"ls", "--bogus", "s3://photos"}, code: 2, says: "unknown flag --bogus"},
		{name: "missing argument", args: []string{"presign"}, code: 2, says: "expected"},
		{name: "bucket instead of an object", args: presignArgs("s3://photos"), code: 2, says: "presign takes objects"},
		{name: "folder instead of an object", args: presignArgs("s3://photos/shoots/"), code: 2, says: "presign takes objects"},
		{name: "unknown history id", args: []string{"history", "rm", "9999"}, code: 1, says: "no link with id 9999"},
		{name: "history id not a number", args: []string{"history", "rm", "abc"}, code: 2, says: "abc"},
		{name: "unknown history id to label", args: []string{"history", "label", "9999", "x"}, code: 1, says: "no link with id 9999"},
		{name: "history label without an id", args: []string{"history", "label"}, code: 2, says: "expected"},
		// A negative number after a flag is the flag's value (no short flag
		// is a digit): the command says what it wants, not kong's parser.
		{name: "negative size", args: []string{"find", "--larger", "-1", "s3://photos"}, code: 2, says: `--larger "-1" is not a size: give bytes`},
		{name: "negative concurrency", args: []string{"check", "--concurrency", "-1"}, code: 2, says: "--concurrency must be from 1 to 64"},
		{name: "negative timeout", args: []string{"check", "--timeout", "-1s"}, code: 2, says: "--timeout must be above 0"},
		{name: "negative max-mib", args: []string{"preview", "--max-mib", "-1", "s3://photos/a.jpg"}, code: 2, says: "--max-mib at least 1"},
		{name: "negative width", args: []string{"preview", "--width", "-1", "s3://photos/a.jpg"}, code: 2, says: "--width must be"},
		{name: "negative age", args: []string{"find", "--newer", "-1d", "s3://photos"}, code: 2, says: `--newer "-1d" is neither a duration nor a date`},
	}
}

// failureCases are runs that are well formed but cannot work.
func failureCases(srv *testsrv.Server) []badInput {
	env := func(changes ...string) func(*testing.T) (string, []string) {
		return func(*testing.T) (string, []string) { return "", withEnv(srv, changes...) }
	}
	return []badInput{
		{name: "missing bucket", args: presignArgs("s3://nope-missing/a.jpg"), code: 1, says: "no such bucket"},
		{name: "ls missing bucket", args: []string{"ls", "s3://nope-missing"}, code: 1, says: "no such bucket"},
		{name: "wrong secret", args: presignArgs("s3://photos/a.jpg"), code: 1, says: "secret access key",
			setup: env("AWS_SECRET_ACCESS_KEY=wrong-secret-for-test")},
		{name: "unknown access key", args: presignArgs("s3://photos/a.jpg"), code: 1, says: "AWS_ACCESS_KEY_ID",
			setup: env("AWS_ACCESS_KEY_ID=AKUNKNOWN")},
		{name: "no credentials", args: presignArgs("s3://photos/a.jpg"), code: 1, says: "no credentials",
			setup: env("AWS_ACCESS_KEY_ID=", "AWS_SECRET_ACCESS_KEY=")},
		{name: "no credentials, metadata service not disabled", args: []string{"buckets"}, code: 1, says: "no credentials",
			setup: env("AWS_ACCESS_KEY_ID=", "AWS_SECRET_ACCESS_KEY=", "AWS_EC2_METADATA_DISABLED=")},
		{name: "wrong region, buckets", args: []string{"--region", "eu-west-1", "buckets"}, code: 1, says: "wrong region"},
		{name: "wrong region, presign works", args: []string{"--region", "eu-west-1", "presign", "s3://photos/a.jpg"},
			body: []byte("a")},
		{name: "endpoint down", args: []string{"--endpoint-url", downEndpoint(), "presign", "s3://photos/a.jpg"},
			code: 1, says: "cannot reach http://127.0.0.1"},
		{name: "endpoint dns failure", args: []string{"--endpoint-url", "http://nonexistent.invalid:9000", "ls", "s3://photos"},
			code: 1, says: "nonexistent.invalid"},
	}
}

// shell runs a command for test setup.
func shell(t *testing.T, name string, args ...string) error {
	t.Helper()
	out, err := exec.Command(name, args...).CombinedOutput()
	if err != nil {
		t.Logf("%s %v: %v: %s", name, args, err, out)
	}
	return err
}

// writeFile writes a file or fails the test.
func writeFile(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
}
