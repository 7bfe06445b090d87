package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/s3share/s3share/internal/testsrv"
)

// TestGalleryFromTheCLI: presign --gallery prints one link, in the message
// format a person pastes; --json nests the images; the history holds one
// entry; check covers the page and its images; revoke deletes the page.
func TestGalleryFromTheCLI(t *testing.T) {
	srv := testsrv.Versity(t)
	srv.CreateBucket(t, "photos")
	for _, k := range []string{"a.png", "b.png"} {
		srv.Put(t, "photos", k, []byte("png "+k))
	}
	history := filepath.Join(t.TempDir(), "history.db")
	r := runCLI(t, srv, history, "presign", "--gallery", "--format", "message", "--label", "Proofs for Bo", "s3://photos/a.png", "s3://photos/b.png")
	if r.code != 0 {
		t.Fatalf("presign --gallery: exit %d: %s", r.code, r.stderr)
	}
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[0], "2 images, open until ") || !strings.HasPrefix(lines[1], "- Proofs for Bo: http") {
		t.Fatalf("the message:\n%s", r.stdout)
	}
	pageURL := strings.TrimPrefix(lines[1], "- Proofs for Bo: ")
	if code, body := fetch(t, pageURL); code != 200 || !strings.Contains(string(body), "a.png") {
		t.Fatalf("the gallery link answers %d", code)
	}
	if text := runCLI(t, nil, history, "history").stdout; !strings.Contains(text, "gallery · 2 images · Proofs for Bo") {
		t.Errorf("history names the gallery otherwise than the UI (gallery · 2 images · Proofs for Bo):\n%s", text)
	}
	rows := jsonLines(t, runCLI(t, nil, history, "history", "--json").stdout)
	if len(rows) != 1 || rows[0]["gallery"] != true || len(rows[0]["images"].([]any)) != 2 {
		t.Fatalf("history --json: %v", rows)
	}
	if c := runCLI(t, nil, history, "check", "--json"); c.code != 0 || strings.Count(c.stdout, `"works"`) != 3 {
		t.Errorf("check of the gallery: exit %d, %s", c.code, c.stdout)
	}
	id := jsonID(rows[0])
	if rv := runCLI(t, srv, history, "revoke", id); rv.code != 0 {
		t.Fatalf("revoke the gallery: %s", rv.stderr)
	}
	if code, _ := fetch(t, pageURL); code != 404 {
		t.Errorf("the revoked gallery answers %d", code)
	}
	md := runCLI(t, nil, history, "history", "--format", "markdown")
	if md.code != 0 || !strings.Contains(md.stdout, "- [Proofs for Bo](http") {
		t.Errorf("history --format markdown: %s %s", md.stdout, md.stderr)
	}

	j := runCLI(t, srv, history, "presign", "--gallery", "--json", "s3://photos/a.png", "s3://photos/b.png")
	var page map[string]any
	if err := json.Unmarshal([]byte(j.stdout), &page); err != nil || len(page["images"].([]any)) != 2 {
		t.Fatalf("presign --gallery --json: %v: %s", err, j.stdout)
	}

	file := filepath.Join(t.TempDir(), "page.html")
	f := runCLI(t, srv, history, "presign", "--gallery-file", file, "s3://photos/a.png", "s3://photos/b.png")
	html, err := os.ReadFile(file)
	if f.code != 0 || err != nil || strings.Count(f.stdout, "http") != 2 || !strings.Contains(string(html), "b.png") {
		t.Fatalf("--gallery-file: exit %d, %v, stdout %q, stderr %q", f.code, err, f.stdout, f.stderr)
	}
}

// jsonID is a row's id as a command-line argument.
func jsonID(row map[string]any) string {
	b, _ := json.Marshal(row["id"])
	return string(b)
}
