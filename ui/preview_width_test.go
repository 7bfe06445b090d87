package ui

import (
	"testing"

	"github.com/charmbracelet/x/ansi"
)

func TestCellWidthMatchesAnsi(t *testing.T) {
	for _, s := range []string{
		"", "plain", "\x1b[38;2;1;2;3m▀▀\x1b[0m x", "a…b · c × d", "│ ● ⌫/← ↑/k",
		"wide 日本", "emoji 🎨 moodboard.png", "e\u0301 combining", "\x1b]8;;http://x\x07link\x1b]8;;\x07",
		"\x1b[1", "tab\there", "\U0010EEEE\u0305\u0305 placeholder",
	} {
		if got, want := cellWidth(s), ansi.StringWidth(s); got != want {
			t.Errorf("cellWidth(%q) = %d, ansi.StringWidth = %d", s, got, want)
		}
	}
}
