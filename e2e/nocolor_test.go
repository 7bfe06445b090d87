package e2e

import (
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// sgr matches a Select Graphic Rendition sequence and its parameters.
var sgr = regexp.MustCompile(`\x1b\[([0-9;:]*)m`)

// setsColour reports whether screen holds an SGR parameter that sets a
// colour (30-38, 40-48, 90-97, 100-107; 39 and 49 only reset to the
// terminal's own).
func setsColour(screen string) bool {
	for _, m := range sgr.FindAllStringSubmatch(screen, -1) {
		for _, p := range strings.FieldsFunc(m[1], func(r rune) bool { return r == ';' || r == ':' }) {
			n, err := strconv.Atoi(p)
			if err == nil && (n >= 30 && n <= 38 || n >= 40 && n <= 48 || n >= 90 && n <= 97 || n >= 100 && n <= 107) {
				return true
			}
		}
	}
	return false
}

// TestNoColorIsRespected: with NO_COLOR set the demo draws no colour at
// all; without it, it does.
func TestNoColorIsRespected(t *testing.T) {
	for _, c := range []struct {
		env     []string
		colours bool
	}{{[]string{"COLORTERM=truecolor"}, true}, {[]string{"COLORTERM=truecolor", "NO_COLOR=1"}, false}} {
		history := filepath.Join(t.TempDir(), "history.db")
		cmdline := strings.Join([]string{Binary(t), "demo", "--history", history, "--preview", "off"}, " ")
		term := StartTerm(t, cmdline, TermOptions{Width: 100, Height: 30, Env: c.env})
		term.WaitFor("demo-photos", 15*time.Second)
		screen := term.tmux("capture-pane", "-p", "-e", "-t", term.session)
		if got := setsColour(screen); got != c.colours {
			t.Errorf("env %v: colours drawn = %v, want %v:\n%q", c.env, got, c.colours, screen)
		}
		term.SendKeys("q")
	}
}
