package e2e

import (
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestMouseWheelScrolls sends the terminal's own report of a wheel turn
// (SGR mouse, as xterm and tmux send it) to the demo: the cursor moves down
// the listing.
func TestMouseWheelScrolls(t *testing.T) {
	history := filepath.Join(t.TempDir(), "history.db")
	cmdline := strings.Join([]string{Binary(t), "demo", "--history", history, "--preview", "off"}, " ")
	term := StartTerm(t, cmdline, TermOptions{Width: 100, Height: 30})
	term.WaitFor("demo-photos", 15*time.Second)
	term.SendKeys("Enter")
	first := term.WaitUntil(func(s string) bool { return strings.Contains(s, "> ") && strings.Contains(s, "image") }, "the listing", 10*time.Second)
	row := cursorRow(first)
	term.Type("\x1b[<65;10;8M") // wheel down at column 10, row 8
	term.WaitUntil(func(s string) bool { return cursorRow(s) == row+3 }, "the cursor three rows down", 5*time.Second)
	term.Type("\x1b[<64;10;8M") // wheel up
	term.WaitUntil(func(s string) bool { return cursorRow(s) == row }, "the cursor back", 5*time.Second)
	term.SendKeys("q")
}

// cursorRow is the screen row holding the list cursor ("> "), or -1.
func cursorRow(screen string) int {
	for i, line := range strings.Split(screen, "\n") {
		if strings.HasPrefix(line, "> ") {
			return i
		}
	}
	return -1
}
