package ui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// The objects screen with its preview pane: at paneMinWidth columns or more
// the list sits left and the pane right (k.Preview hides or shows it);
// narrower, k.Preview opens the full-screen preview.

// update hands the pane its messages and keys, routes everything else to
// the list (listUpdate, in objects.go), then points the pane at the
// object under the cursor.
func (s *objectsScreen) update(msg tea.Msg) tea.Cmd {
	if cmd, used := s.previewPane().update(msg); used {
		return cmd
	}
	if k, ok := msg.(tea.KeyPressMsg); ok && !s.filter.typing {
		if cmd, used := s.previewKey(k); used {
			return tea.Batch(cmd, s.follow())
		}
	}
	cmd := s.listUpdate(msg)
	return tea.Batch(cmd, s.follow())
}

// previewPane returns the screen's pane, made on first use.
func (s *objectsScreen) previewPane() *pane {
	if s.pane == nil {
		s.pane = newPane(s.c, s.bucket)
	}
	return s.pane
}

// previewKey handles the preview keys.
func (s *objectsScreen) previewKey(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	k, pv := s.c.keys, s.c.previews()
	switch {
	case !pv.on():
		return nil, false
	case key.Matches(msg, k.Preview) && s.c.width >= paneMinWidth:
		pv.hidden = !pv.hidden
		return nil, true
	case key.Matches(msg, k.Preview):
		e, folder := s.at(s.list.cursor)
		if e == nil || folder {
			return statusCmd("Move to an image to preview it"), true
		}
		full := newPreviewScreen(s.c, s.bucket, *e)
		return pushCmd(full, full.follow()), true
	case key.Matches(msg, k.LoadLarge):
		return s.previewPane().loadLarge(), true
	}
	return nil, false
}

// paneWidth is the pane's width beside a list in w columns, 0 when hidden.
func (s *objectsScreen) paneWidth(w int) int {
	pv := s.c.previews()
	if !pv.on() || pv.hidden || w < paneMinWidth {
		return 0
	}
	return min(w*2/5, 100)
}

// follow points the pane at the entry under the cursor.
func (s *objectsScreen) follow() tea.Cmd {
	p := s.previewPane()
	pw := s.paneWidth(s.c.width)
	if pw == 0 {
		return p.clear()
	}
	e, folder := s.at(s.list.cursor)
	cols, rows := paneBox(pw, s.c.height, true)
	return p.show(e, folder, cols, rows)
}

// view draws the list, with the pane on the right when it shows.
func (s *objectsScreen) view(w, h int) string {
	pw := s.paneWidth(w)
	if pw == 0 {
		return s.listView(w, h)
	}
	return joinColumns(s.listView(w-pw, h), w-pw, s.previewPane().view(pw, h, true), h)
}

// placement implements graphicsOwner.
func (s *objectsScreen) placement(w, h int) placement {
	pw := s.paneWidth(w)
	if pw == 0 {
		return placement{}
	}
	cols, _ := paneBox(pw, h, true)
	return s.previewPane().placement(w-pw+2, 0, cols)
}

// previewScreen is the full-screen preview of one object, for terminals
// too narrow for the pane.
type previewScreen struct {
	c      *common
	bucket string
	e      entry
	pane   *pane
}

// newPreviewScreen returns the full-screen preview of e; follow starts it.
func newPreviewScreen(c *common, bucket string, e entry) *previewScreen {
	return &previewScreen{c: c, bucket: bucket, e: e, pane: newPane(c, bucket)}
}

// follow (re)points the pane at the object for the current size.
func (s *previewScreen) follow() tea.Cmd {
	cols, rows := paneBox(s.c.width, s.c.height, false)
	return s.pane.show(&s.e, false, cols, rows)
}

func (s *previewScreen) title() string   { return s.bucket + "/" + s.e.key }
func (s *previewScreen) capturing() bool { return false }
func (s *previewScreen) busy() bool      { return s.pane.busy() }
func (s *previewScreen) close()          { s.pane.stop() }

func (s *previewScreen) help() helpKeys {
	k := s.c.keys
	return helpKeys{short: []key.Binding{k.Back, k.LoadLarge}, full: [][]key.Binding{{k.Back, k.LoadLarge}}}
}

func (s *previewScreen) update(msg tea.Msg) tea.Cmd {
	if cmd, used := s.pane.update(msg); used {
		return cmd
	}
	if msg, ok := msg.(tea.KeyPressMsg); ok {
		k := s.c.keys
		switch {
		case key.Matches(msg, k.Back), key.Matches(msg, k.UpLevel), key.Matches(msg, k.Preview):
			return msgCmd(popMsg{})
		case key.Matches(msg, k.LoadLarge):
			return s.pane.loadLarge()
		}
	}
	return s.follow()
}

func (s *previewScreen) view(w, h int) string {
	return joinColumns("", 0, s.pane.view(w, h, false), h)
}

// placement implements graphicsOwner.
func (s *previewScreen) placement(w, h int) placement {
	cols, _ := paneBox(w, h, false)
	return s.pane.placement(0, 0, cols)
}

// previewHelp is the preview key (and more) for the help, when previews are on.
func (s *objectsScreen) previewHelp(more ...key.Binding) []key.Binding {
	if !s.c.previews().on() {
		return nil
	}
	return append([]key.Binding{s.c.keys.Preview}, more...)
}
