package ui

import (
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
)

// cellWidth is ansi.StringWidth with a fast path for the lines the UI
// draws most: ASCII, SGR colour codes, and one-cell symbols such as half
// blocks, box lines and the ellipsis. A preview line holds hundreds of
// colour codes; walking them grapheme by grapheme on every frame made a
// keypress a third slower. Anything else goes to ansi.StringWidth.
func cellWidth(s string) int {
	n := 0
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == 0x1b && i+1 < len(s) && s[i+1] == '[':
			j := i + 2
			for j < len(s) && (s[j] < 0x40 || s[j] > 0x7e) {
				j++
			}
			if j == len(s) {
				return ansi.StringWidth(s)
			}
			i = j + 1
		case c >= 0x20 && c < 0x7f:
			n++
			i++
		case c < utf8.RuneSelf:
			return ansi.StringWidth(s) // other controls and escapes
		default:
			r, size := utf8.DecodeRuneInString(s[i:])
			if !oneCell(r) {
				return ansi.StringWidth(s)
			}
			n++
			i += size
		}
	}
	return n
}

// oneCell reports runes known to take one cell and never to combine.
func oneCell(r rune) bool {
	switch {
	case r >= 0x2500 && r <= 0x259f: // box drawing, block elements
		return true
	case r == '…', r == '·', r == '×', r == '●', r == '↑', r == '↓', r == '←', r == '→', r == '⌫', r == '✗', r == '✓':
		return true
	}
	return false
}
