package cli

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/s3share/s3share/internal/testsrv"
	"github.com/s3share/s3share/termtext"
)

// hostileKeys are object keys that would move the cursor, clear the screen
// or forge a line if printed raw, or show a name in another order.
// versitygw lists what XML can carry: newline, carriage return, DEL, C1
// controls such as U+009B (CSI) and bidi controls. A slash would make a
// folder of the first one.
var hostileKeys = []string{
	"a\nFAKE 99 active in 7d evil.png",
	"b\u009b2J.png",
	"d\x7f.png",
	"e\rforged.png",
	"f rtl\u200fgnp.png",
}

// hostileLabels are labels anyone with a script can set.
var hostileLabels = []string{
	"\x1b[2J\x1b[31mRED",
	"client\nFAKE 99 active in 7d s3://evil/x.png",
}

// checkTerminalSafe fails when text meant for a terminal carries a control
// character other than the line ends, and when it has other than lines lines.
func checkTerminalSafe(t *testing.T, what, text string, lines int) {
	t.Helper()
	got := strings.Split(strings.TrimSuffix(text, "\n"), "\n")
	if text == "" {
		got = nil
	}
	for _, line := range got {
		if termtext.Escape(line) != line {
			t.Errorf("%s prints a control character raw: %q", what, line)
		}
	}
	if len(got) != lines {
		t.Errorf("%s printed %d lines, want %d: %q", what, len(got), lines, text)
	}
}

func TestListingEscapesHostileKeys(t *testing.T) {
	srv := testsrv.Versity(t)
	srv.CreateBucket(t, "photos")
	for _, k := range hostileKeys {
		srv.Put(t, "photos", k, []byte("x"))
	}
	srv.Put(t, "photos", "dir\x7f/inside.png", []byte("x"))
	history := filepath.Join(t.TempDir(), "history.db")

	r := runCLI(t, srv, history, "ls", "s3://photos")
	if r.code != 0 {
		t.Fatalf("ls: exit %d: %s", r.code, r.stderr)
	}
	checkTerminalSafe(t, "ls", r.stdout, len(hostileKeys)+1)
	for _, want := range []string{`a\nFAKE 99`, `b\u009b2J.png`, `d\x7f.png`, `e\rforged.png`, `f rtl\u200fgnp.png`, `dir\x7f/`} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("ls does not show %s: %q", want, r.stdout)
		}
	}

	j := runCLI(t, srv, history, "ls", "--json", "s3://photos")
	got := map[string]bool{}
	for _, row := range jsonLines(t, j.stdout) {
		got[row["key"].(string)] = true
	}
	for _, k := range append(hostileKeys, "dir\x7f/") {
		if !got[k] {
			t.Errorf("ls --json lost the exact key %q: %v", k, got)
		}
	}
}

func TestHistoryAndErrorsEscapeLabelsAndKeys(t *testing.T) {
	srv := testsrv.Versity(t)
	srv.CreateBucket(t, "photos")
	srv.Put(t, "photos", hostileKeys[0], []byte("x"))
	history := filepath.Join(t.TempDir(), "history.db")
	for _, label := range hostileLabels {
		if r := runCLI(t, srv, history, "presign", "--label", label, "s3://photos/"+hostileKeys[0]); r.code != 0 {
			t.Fatalf("presign: exit %d: %s", r.code, r.stderr)
		}
	}

	h := runCLI(t, nil, history, "history")
	checkTerminalSafe(t, "history", h.stdout, 2)
	if !strings.Contains(h.stdout, `(\x1b[2J\x1b[31mRED)`) || !strings.Contains(h.stdout, `(client\nFAKE 99`) {
		t.Errorf("history does not show the labels escaped: %q", h.stdout)
	}
	rows := jsonLines(t, runCLI(t, nil, history, "history", "--json").stdout)
	if len(rows) != 2 || rows[0]["label"] != hostileLabels[1] || rows[0]["key"] != hostileKeys[0] {
		t.Errorf("history --json is not exact: %v", rows)
	}

	missing := runCLI(t, srv, history, "presign", "s3://photos/gone\x1b[2J\u009b31m.png")
	if missing.code != 1 || !strings.Contains(missing.stderr, `gone\x1b[2J\u009b31m.png`) {
		t.Errorf("missing object: exit %d, stderr %q", missing.code, missing.stderr)
	}
	checkTerminalSafe(t, "presign's error", missing.stderr, 1)

	usage := runCLI(t, nil, history, "history", "rm", "\x1b[2J")
	if usage.code != 2 {
		t.Errorf("history rm ESC: exit %d", usage.code)
	}
	checkTerminalSafe(t, "a usage error", usage.stderr, 1)
}

// TestBucketsEscapesNames lists buckets from a stub server whose names no
// real S3 allows: the names are shown escaped, and exact in JSON.
func TestBucketsEscapesNames(t *testing.T) {
	names := []string{"plain", "evil\nfake-bucket us-east-1", "csi\u009b2J"}
	stub := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/xml")
		fmt.Fprint(w, `<?xml version="1.0" encoding="UTF-8"?><ListAllMyBucketsResult><Buckets>`)
		for _, n := range names {
			fmt.Fprintf(w, "<Bucket><Name>%s</Name><BucketRegion>us-east-1</BucketRegion><CreationDate>2026-01-02T03:04:05Z</CreationDate></Bucket>",
				strings.ReplaceAll(n, "\n", "&#xA;"))
		}
		fmt.Fprint(w, `</Buckets><Owner><ID>x</ID></Owner></ListAllMyBucketsResult>`)
	}))
	t.Cleanup(stub.Close)
	srv := &testsrv.Server{Endpoint: stub.URL, AccessKey: testsrv.AccessKey, SecretKey: testsrv.SecretKey, Region: "us-east-1"}
	history := filepath.Join(t.TempDir(), "history.db")

	r := runCLI(t, srv, history, "buckets")
	if r.code != 0 {
		t.Fatalf("buckets: exit %d: %s", r.code, r.stderr)
	}
	checkTerminalSafe(t, "buckets", r.stdout, len(names))
	if !strings.Contains(r.stdout, `evil\nfake-bucket`) || !strings.Contains(r.stdout, `csi\u009b2J`) {
		t.Errorf("buckets does not show the names escaped: %q", r.stdout)
	}
	rows := jsonLines(t, runCLI(t, srv, history, "buckets", "--json").stdout)
	for i, row := range rows {
		if row["name"] != names[i] {
			t.Errorf("buckets --json name %q, want %q", row["name"], names[i])
		}
	}
}
