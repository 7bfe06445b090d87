package ui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// errorScreen shows the last error in full: the status line only has room
// for its start.
type errorScreen struct {
	c      *common
	text   string // already escaped
	scroll scroller
}

func (s *errorScreen) title() string   { return "last error" }
func (s *errorScreen) capturing() bool { return false }
func (s *errorScreen) busy() bool      { return false }
func (s *errorScreen) close()          {}

func (s *errorScreen) help() helpKeys {
	k := s.c.keys
	return helpKeys{short: []key.Binding{k.Back}, full: [][]key.Binding{{k.Up, k.Down, k.Back}}}
}

func (s *errorScreen) update(msg tea.Msg) tea.Cmd {
	m, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return nil
	}
	k := s.c.keys
	switch {
	case key.Matches(m, k.Back), key.Matches(m, k.Confirm):
		return msgCmd(popMsg{})
	case key.Matches(m, k.Up):
		s.scroll.offset--
	case key.Matches(m, k.Down):
		s.scroll.offset++
	}
	return nil
}

func (s *errorScreen) view(w, h int) string {
	lines := append([]string{s.c.styles.Error.Render("✗ The last error, in full:"), ""}, splitLines(wrap(s.text, w))...)
	return joinLines(s.scroll.window(lines, h))
}
