package cli

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/s3share/s3share/internal/testsrv"
)

// binary is the s3share binary built once for these tests.
var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "s3share-bin-")
	if err != nil {
		panic(err)
	}
	binary = filepath.Join(dir, "s3share")
	if out, err := exec.Command("go", "build", "-o", binary, "github.com/s3share/s3share").CombinedOutput(); err != nil {
		panic("building s3share: " + err.Error() + "\n" + string(out))
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// result is one run of the binary.
type result struct {
	stdout, stderr string
	code           int
}

// runCLI runs the binary with the server's credentials and a private history.
func runCLI(t *testing.T, srv *testsrv.Server, history string, args ...string) result {
	t.Helper()
	return runCLIEnv(t, srv, history, nil, args...)
}

// runCLIEnv is runCLI with extra environment variables; history "" passes no --history.
func runCLIEnv(t *testing.T, srv *testsrv.Server, history string, env []string, args ...string) result {
	t.Helper()
	return runCommand(t, cliCommand(t, srv, history, env, args...))
}

// cliCommand is the command runCLIEnv runs.
func cliCommand(t *testing.T, srv *testsrv.Server, history string, env []string, args ...string) *exec.Cmd {
	var full []string
	if history != "" {
		full = append(full, "--history", history)
	}
	if srv != nil {
		full = append(full, "--endpoint-url", srv.Endpoint, "--path-style")
	}
	cmd := exec.Command(binary, append(full, args...)...)
	cmd.Env = append(os.Environ(), "HOME="+t.TempDir(), "XDG_STATE_HOME="+t.TempDir(), "S3SHARE_HISTORY=")
	cmd.Env = append(cmd.Env, "XDG_CONFIG_HOME="+t.TempDir(), "S3SHARE_CONFIG=") // no settings file of the person running the tests
	if srv != nil {
		cmd.Env = append(cmd.Env, srv.Env()...)
	}
	cmd.Env = append(cmd.Env, env...)
	return cmd
}

// runCommand runs cmd and returns what it printed and its exit code.
func runCommand(t *testing.T, cmd *exec.Cmd) result {
	t.Helper()
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := 0
	if exit, ok := err.(*exec.ExitError); ok {
		code = exit.ExitCode()
	} else if err != nil {
		t.Fatalf("running s3share: %v", err)
	}
	return result{stdout.String(), stderr.String(), code}
}

// jsonLines decodes one JSON object per line.
func jsonLines(t *testing.T, s string) []map[string]any {
	t.Helper()
	var rows []map[string]any
	sc := bufio.NewScanner(strings.NewReader(s))
	for sc.Scan() {
		var row map[string]any
		if err := json.Unmarshal(sc.Bytes(), &row); err != nil {
			t.Fatalf("not a JSON line: %q: %v", sc.Text(), err)
		}
		rows = append(rows, row)
	}
	return rows
}

func fetch(t *testing.T, url string) (int, []byte) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatalf("GET presigned URL: %v", err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, body
}

func TestPresignFetchAndHistory(t *testing.T) {
	srv := testsrv.Versity(t)
	srv.CreateBucket(t, "photos")
	body := []byte("\x89PNG fake image bytes for the test")
	srv.Put(t, "photos", "shoots/red shoe+1 café 📷.png", body)
	history := filepath.Join(t.TempDir(), "h", "history.db")

	r := runCLI(t, srv, history, "presign", "--json", "--label", "client A", "s3://photos/shoots/red shoe+1 café 📷.png")
	if r.code != 0 {
		t.Fatalf("presign exit %d: %s", r.code, r.stderr)
	}
	rows := jsonLines(t, r.stdout)
	if len(rows) != 1 {
		t.Fatalf("want 1 JSON line, got %d: %s", len(rows), r.stdout)
	}
	url := rows[0]["url"].(string)
	if strings.Contains(r.stderr, url) || strings.Contains(r.stderr, "X-Amz-Signature") {
		t.Errorf("stderr leaks the presigned URL: %s", r.stderr)
	}
	if code, got := fetch(t, url); code != 200 || !bytes.Equal(got, body) {
		t.Fatalf("fetch: status %d, body %q", code, got)
	}
	for _, field := range []string{"bucket", "key", "url", "issued_at", "expires_at", "effective_expires_at", "warnings", "id"} {
		if _, ok := rows[0][field]; !ok {
			t.Errorf("presign JSON lacks %q", field)
		}
	}

	h := runCLI(t, nil, history, "history", "--json")
	hist := jsonLines(t, h.stdout)
	if h.code != 0 || len(hist) != 1 || hist[0]["status"] != "active" || hist[0]["url"] != url {
		t.Fatalf("history after presign: exit %d, %v, stderr %s", h.code, hist, h.stderr)
	}
	if got := jsonLines(t, runCLI(t, nil, history, "history", "--expired", "--json").stdout); len(got) != 0 {
		t.Errorf("--expired lists an active link: %v", got)
	}
	id := int64(hist[0]["id"].(float64))
	if rm := runCLI(t, nil, history, "history", "rm", strconv.FormatInt(id, 10)); rm.code != 0 {
		t.Fatalf("history rm: exit %d: %s", rm.code, rm.stderr)
	}
	if got := runCLI(t, nil, history, "history", "--json").stdout; got != "" {
		t.Errorf("history after rm: %s", got)
	}
}

func TestPresignPlainOutputAndNoHistory(t *testing.T) {
	srv := testsrv.Versity(t)
	srv.CreateBucket(t, "photos")
	srv.Put(t, "photos", "a.jpg", []byte("a"))
	srv.Put(t, "photos", "b.jpg", []byte("bb"))
	history := filepath.Join(t.TempDir(), "history.db")

	r := runCLI(t, srv, history, "presign", "--no-history", "--expires", "15m", "s3://photos/a.jpg", "s3://photos/b.jpg")
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if r.code != 0 || len(lines) != 2 {
		t.Fatalf("exit %d, stdout %q, stderr %s", r.code, r.stdout, r.stderr)
	}
	for i, want := range []string{"a", "bb"} {
		if code, got := fetch(t, lines[i]); code != 200 || string(got) != want {
			t.Errorf("link %d: status %d body %q", i, code, got)
		}
		if !strings.Contains(lines[i], "X-Amz-Expires=900") {
			t.Errorf("link %d does not last 15m: %s", i, lines[i])
		}
	}
	if got := runCLI(t, nil, history, "history", "--json").stdout; got != "" {
		t.Errorf("--no-history recorded links: %s", got)
	}
}

func TestListsFoldersAndImages(t *testing.T) {
	srv := testsrv.Versity(t)
	srv.CreateBucket(t, "photos")
	for _, k := range []string{"top.PNG", "notes.txt", "shoots/a.jpg", "shoots/b.webp", "designs/x.svg"} {
		srv.Put(t, "photos", k, []byte(k))
	}
	history := filepath.Join(t.TempDir(), "history.db")

	r := runCLI(t, srv, history, "ls", "s3://photos", "--json")
	if r.code != 0 {
		t.Fatalf("ls exit %d: %s", r.code, r.stderr)
	}
	got := map[string]string{}
	for _, row := range jsonLines(t, r.stdout) {
		got[row["key"].(string)] = row["type"].(string)
	}
	want := map[string]string{"designs/": "folder", "shoots/": "folder", "top.PNG": "object"}
	if len(got) != len(want) {
		t.Fatalf("ls images-only = %v, want %v", got, want)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("ls: %q is %q, want %q", k, got[k], v)
		}
	}
	all := runCLI(t, srv, history, "ls", "--all", "s3://photos/shoots/")
	if !strings.Contains(all.stdout, "shoots/a.jpg") || !strings.Contains(all.stdout, "shoots/b.webp") {
		t.Errorf("ls --all of a folder: %q", all.stdout)
	}
	if notes := runCLI(t, srv, history, "ls", "--all", "s3://photos"); !strings.Contains(notes.stdout, "notes.txt") {
		t.Errorf("ls --all hides non-images: %q", notes.stdout)
	}

	b := runCLI(t, srv, history, "buckets", "--json")
	rows := jsonLines(t, b.stdout)
	if b.code != 0 || len(rows) != 1 || rows[0]["name"] != "photos" || rows[0]["region"] != srv.Region {
		t.Errorf("buckets: exit %d rows %v stderr %s", b.code, rows, b.stderr)
	}
}

func TestHistoryPathFromEnvironment(t *testing.T) {
	srv := testsrv.Fake(t)
	srv.CreateBucket(t, "photos")
	srv.Put(t, "photos", "a.jpg", []byte("a"))
	history := filepath.Join(t.TempDir(), "env", "history.db")
	env := []string{"S3SHARE_HISTORY=" + history}

	if r := runCLIEnv(t, srv, "", env, "presign", "s3://photos/a.jpg"); r.code != 0 {
		t.Fatalf("presign: exit %d: %s", r.code, r.stderr)
	}
	rows := jsonLines(t, runCLI(t, nil, history, "history", "--json").stdout)
	if len(rows) != 1 || rows[0]["key"] != "a.jpg" {
		t.Fatalf("S3SHARE_HISTORY was not used: %v", rows)
	}
	info, err := os.Stat(filepath.Dir(history))
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode().Perm() != 0o700 {
		t.Errorf("history directory mode %v, want 0700", info.Mode().Perm())
	}
}
