package e2e

import (
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestTinyTerminalThenResize starts the real binary's demo in a 20x5 pane:
// it shows the short too-small message, not a broken layout; resized to
// 80x24 it shows the app.
func TestTinyTerminalThenResize(t *testing.T) {
	history := filepath.Join(t.TempDir(), "history.db")
	cmdline := strings.Join([]string{Binary(t), "demo", "--history", history}, " ")
	term := StartTerm(t, cmdline, TermOptions{Width: 20, Height: 5})

	// The whole message, wrapped to the pane, names the size it needs.
	screen := term.WaitUntil(func(s string) bool {
		return strings.Contains(s, "Terminal too small:") && strings.Contains(s, "40x10")
	}, "the whole too-small message", 15*time.Second)
	if strings.Contains(screen, "demo-photos") {
		t.Fatalf("the layout shows at 20x5:\n%s", screen)
	}
	term.Resize(80, 24)
	screen = term.WaitFor("demo-photos", 15*time.Second)
	if strings.Contains(screen, "Terminal too small") {
		t.Fatalf("the message stays at 80x24:\n%s", screen)
	}
	term.SendKeys("q")
}
