package ui

import (
	"os/exec"
	"strings"
	"testing"
)

// TestPreviewFreeOfBubbleTea keeps the preview package off Bubble Tea,
// bubbles, lipgloss and ultraviolet; the charmbracelet/x helpers are fine.
func TestPreviewFreeOfBubbleTea(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "../preview").CombinedOutput()
	if err != nil {
		t.Fatalf("go list -deps: %v\n%s", err, out)
	}
	for _, p := range strings.Fields(string(out)) {
		if strings.HasPrefix(p, "charm.land/") || strings.Contains(p, "charmbracelet/ultraviolet") ||
			strings.Contains(p, "bubbletea") || strings.Contains(p, "lipgloss") || strings.Contains(p, "bubbles") {
			t.Errorf("preview depends on %s", p)
		}
	}
}
