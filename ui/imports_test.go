package ui

import (
	"os/exec"
	"strings"
	"testing"
)

// TestCoreFreeOfCharm keeps s3browse and share free of Charm packages.
func TestCoreFreeOfCharm(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "../s3browse", "../share").CombinedOutput()
	if err != nil {
		t.Fatalf("go list -deps: %v\n%s", err, out)
	}
	for _, p := range strings.Fields(string(out)) {
		if strings.HasPrefix(p, "charm.land/") || strings.Contains(p, "charmbracelet") {
			t.Errorf("s3browse or share depends on %s", p)
		}
	}
}
