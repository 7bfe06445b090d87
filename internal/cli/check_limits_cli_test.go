package cli

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestCheckConcurrencyIsCapped: --concurrency above the cap is a usage
// error in one line (each probe holds a connection and its buffers; a
// million took gigabytes), at the cap it runs.
func TestCheckConcurrencyIsCapped(t *testing.T) {
	history := filepath.Join(t.TempDir(), "history.db")
	for _, n := range []string{"65", "1000000"} {
		r := runCLI(t, nil, history, "check", "--concurrency", n)
		msg := oneLine(t, r)
		if r.code != 2 || !strings.Contains(msg, "--concurrency") || !strings.Contains(msg, "64") {
			t.Errorf("check --concurrency %s: exit %d, %q; want exit 2 saying the cap, 64", n, r.code, msg)
		}
	}
	if r := runCLI(t, nil, history, "check", "--concurrency", "64"); r.code != 0 {
		t.Errorf("check --concurrency 64: exit %d, %s", r.code, r.stderr)
	}
}
