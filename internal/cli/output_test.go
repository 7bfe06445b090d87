package cli

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/s3share/s3share/internal/testsrv"
)

// TestOneOutputLayer: every command prints through the same records:
// --output json and its alias --json give the same objects, anywhere on
// the line, and text is the default.
func TestOneOutputLayer(t *testing.T) {
	srv := testsrv.Versity(t)
	srv.CreateBucket(t, "photos")
	srv.Put(t, "photos", "a.png", []byte("png"))
	history := filepath.Join(t.TempDir(), "history.db")
	if r := runCLI(t, srv, history, "presign", "s3://photos/a.png"); r.code != 0 {
		t.Fatal(r.stderr)
	}
	for _, args := range [][]string{{"buckets"}, {"ls", "s3://photos/"}, {"find", "s3://photos"}, {"history"}, {"check"}, {"config"}} {
		text := runCLI(t, srv, history, args...)
		alias := runCLI(t, srv, history, append(args, "--json")...)
		output := runCLI(t, srv, history, append([]string{"--output", "json"}, args...)...)
		if alias.code != 0 || output.code != 0 || text.code != 0 {
			t.Fatalf("%v: exits %d %d %d: %s %s", args, text.code, alias.code, output.code, alias.stderr, output.stderr)
		}
		if strings.HasPrefix(strings.TrimSpace(text.stdout), "{") {
			t.Errorf("%v: text output is JSON: %q", args, text.stdout)
		}
		rows := jsonLines(t, alias.stdout)
		if len(rows) == 0 || stripTimes(alias.stdout) != stripTimes(output.stdout) {
			t.Errorf("%v: --json and --output json differ:\n%s\n%s", args, alias.stdout, output.stdout)
		}
	}
}

// stripTimes drops what changes between two runs (check times).
func stripTimes(s string) string {
	var out []string
	for _, line := range strings.Split(s, "\n") {
		if i := strings.Index(line, `"checked_at"`); i >= 0 {
			line = line[:i]
		}
		out = append(out, line)
	}
	return strings.Join(out, "\n")
}
