package ui

import (
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
)

// previewsBefore is the preview layer's step before a message is routed:
// it takes the terminal's answers to the preview queries (the message
// becomes previewModeMsg, so screens re-check their panes) and keeps
// kitty's colours. A paint message is the layer's own: done is true and
// repaint is all there is to do.
func (m model) previewsBefore(msg tea.Msg) (next tea.Msg, first, repaint tea.Cmd, done bool) {
	pv := m.c.previews()
	if cmd, used := pv.handle(msg); used {
		first, msg = cmd, previewModeMsg{}
	}
	if p, ok := msg.(paintMsg); ok {
		return msg, nil, pv.repaint(p), true
	}
	if cp, ok := msg.(tea.ColorProfileMsg); ok && cp.Profile != colorprofile.TrueColor {
		first = pv.kittyColours() // Bubble Tea's own detection must not take kitty's colours away
	}
	return msg, first, nil, false
}

// previewsAfter is the preview layer's step after a message was routed:
// panes refit their pictures when the body changed size (a resize, the
// help), and the sixel or iTerm2 picture on the screen follows the frame.
func (m model) previewsAfter() tea.Cmd {
	pv := m.c.previews()
	var refit tea.Cmd
	if size := [2]int{m.c.width, m.c.height}; size != pv.size {
		pv.size = size
		refit = m.broadcast(previewModeMsg{})
	}
	return tea.Batch(refit, m.syncGraphics())
}

// previewModeMsg tells screens the preview mode or cell size changed.
type previewModeMsg struct{}
