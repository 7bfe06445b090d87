package cli

import (
	"strings"
	"testing"

	"github.com/s3share/s3share/internal/testsrv"
)

// oddListingKeys are keys a listing must return exactly: a control
// character (S3 allows it; XML 1.0 cannot carry it), and the characters a
// URL decoder could mangle.
var oddListingKeys = []string{"odd/a\x01b.png", "odd/100%41 a+b.png", "odd/sub\x02dir/c.png"}

// TestListShowsKeysWithControlCharacters lists keys that XML 1.0 cannot
// carry through the real binary against gofakes3, which encodes listings
// only when asked (encoding-type=url, as S3): --json gives the exact keys,
// and text output shows the control characters escaped, never raw.
func TestListShowsKeysWithControlCharacters(t *testing.T) {
	srv := testsrv.Fake(t)
	srv.CreateBucket(t, "photos")
	for _, k := range oddListingKeys {
		srv.Put(t, "photos", k, []byte("x"))
	}

	r := runCLI(t, srv, "", "ls", "--json", "s3://photos/odd/")
	if r.code != 0 {
		t.Fatalf("ls --json: exit %d: %s", r.code, r.stderr)
	}
	got := map[string]bool{}
	for _, row := range jsonLines(t, r.stdout) {
		got[row["key"].(string)] = true
	}
	for _, want := range []string{"odd/a\x01b.png", "odd/100%41 a+b.png", "odd/sub\x02dir/"} {
		if !got[want] {
			t.Errorf("ls --json lacks the exact key %q; got %v", want, got)
		}
	}

	text := runCLI(t, srv, "", "ls", "s3://photos/odd/")
	if text.code != 0 {
		t.Fatalf("ls: exit %d: %s", text.code, text.stderr)
	}
	if strings.ContainsAny(text.stdout, "\x01\x02") {
		t.Errorf("ls prints a raw control character: %q", text.stdout)
	}
	for _, want := range []string{`odd/a\x01b.png`, `odd/sub\x02dir/`, "odd/100%41 a+b.png"} {
		if !strings.Contains(text.stdout, want) {
			t.Errorf("ls text output lacks %q:\n%s", want, text.stdout)
		}
	}
}
