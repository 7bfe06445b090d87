package preview

import (
	"fmt"
	"strings"
)

// Mode is how pictures are drawn on the terminal.
type Mode string

// The modes. Auto detects the best one the terminal supports; Off shows no
// pictures at all.
const (
	Auto   Mode = "auto"
	Kitty  Mode = "kitty"
	Sixel  Mode = "sixel"
	ITerm  Mode = "iterm"
	Blocks Mode = "blocks"
	Off    Mode = "off"
)

// Modes lists every mode in the order the flags document them.
var Modes = []Mode{Auto, Kitty, Sixel, ITerm, Blocks, Off}

// ParseMode reads a mode name, case-insensitively; "" is Auto.
func ParseMode(s string) (Mode, error) {
	m := Mode(strings.ToLower(strings.TrimSpace(s)))
	if m == "" {
		return Auto, nil
	}
	for _, ok := range Modes {
		if m == ok {
			return m, nil
		}
	}
	return "", fmt.Errorf("unknown preview mode %q: use auto, kitty, sixel, iterm, blocks or off", s)
}

// UnmarshalText sets m from its name, as ParseMode reads it: command-line
// parsers and settings files take a Mode directly.
func (m *Mode) UnmarshalText(text []byte) error {
	parsed, err := ParseMode(string(text))
	if err != nil {
		return err
	}
	*m = parsed
	return nil
}

// Graphics reports whether the mode draws with a terminal graphics
// protocol (kitty, sixel, iTerm2) rather than text.
func (m Mode) Graphics() bool { return m == Kitty || m == Sixel || m == ITerm }
