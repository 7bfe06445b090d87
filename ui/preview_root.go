package ui

import (
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
)

// Update takes the terminal's answers to the preview queries, routes
// every other message (route, in root.go), then brings the sixel or
// iTerm2 picture on the screen in line with the new frame.
func (m model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	pv := m.c.previews()
	var first tea.Cmd
	if cmd, used := pv.handle(msg); used {
		// The mode may have changed: screens re-check their panes.
		first, msg = cmd, previewModeMsg{}
	}
	if p, ok := msg.(paintMsg); ok {
		return m, pv.repaint(p)
	}
	if cp, ok := msg.(tea.ColorProfileMsg); ok && cp.Profile != colorprofile.TrueColor {
		first = pv.kittyColours() // Bubble Tea's own detection must not take kitty's colours away
	}
	next, cmd := m.route(msg)
	m = next.(model)
	if size := [2]int{m.c.width, m.c.height}; size != pv.size {
		// A resize or the help changed the body: panes refit their pictures.
		pv.size = size
		cmd = tea.Batch(cmd, m.broadcast(previewModeMsg{}))
	}
	return m, tea.Batch(first, cmd, m.syncGraphics())
}

// previewModeMsg tells screens the preview mode or cell size changed.
type previewModeMsg struct{}
