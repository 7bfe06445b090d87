package ui

import (
	"context"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/s3share/s3share/presigned"
	"github.com/s3share/s3share/termtext"
)

// labelEdit is the history's label editor (l): the link being relabelled
// and the text typed for it.
type labelEdit struct {
	id    int64  // the link being relabelled, 0 when none
	name  string // what the prompt calls it, escaped
	was   string // its label as it was
	shown string // that label as the input was prefilled: escaped
	input textinput.Model
}

// editing reports whether a label is being edited.
func (e *labelEdit) editing() bool { return e.id != 0 }

// startLabel opens the editor on the link under the cursor, prefilled
// with its label. A label from outside (a teammate's) may hold control
// characters: the input shows it escaped, and saves it as it was unless
// the text is changed.
func (s *historyScreen) startLabel() tea.Cmd {
	l, ok := s.current()
	if !ok || s.c.deps.History == nil {
		return nil
	}
	shown := termtext.Escape(l.Label)
	in := newInput("label: ", "none")
	in.SetWidth(max(s.c.width-len(in.Prompt)-2, 10))
	in.SetValue(shown)
	in.CursorEnd()
	s.label = labelEdit{id: l.ID, name: termtext.Escape(linkName(l)), was: l.Label, shown: shown, input: in}
	return s.label.input.Focus()
}

// linkName names a link in a prompt: a gallery by its title, else its key.
func linkName(l presigned.Link) string {
	if l.Gallery {
		return "gallery " + l.Title()
	}
	return l.Key
}

// editLabel handles a key while the label is edited: enter saves it in
// the background, esc leaves it as it was, anything else edits the text.
func (s *historyScreen) editLabel(msg tea.KeyPressMsg) tea.Cmd {
	k := s.c.keys
	switch {
	case key.Matches(msg, k.Back):
		s.label = labelEdit{}
		return statusCmd("Label unchanged")
	case key.Matches(msg, k.Confirm):
		e := s.label
		s.label = labelEdit{}
		text := e.input.Value()
		if text == e.shown {
			return statusCmd("Label unchanged")
		}
		return relabelCmd(s.c.deps.History, s.c.ctx, e.id, strings.TrimSpace(text))
	}
	var cmd tea.Cmd
	s.label.input, cmd = s.label.input.Update(msg)
	return cmd
}

// relabelCmd records link id's new label.
func relabelCmd(h History, ctx context.Context, id int64, label string) tea.Cmd {
	return func() tea.Msg {
		return relabelledMsg{id: id, label: label, err: h.Relabel(ctx, id, label)}
	}
}

// relabelled reloads the list once a label is recorded, and says so.
func (s *historyScreen) relabelled(msg relabelledMsg) tea.Cmd {
	switch {
	case msg.id == 0:
		return nil // no link has id 0: not an answer to a relabel
	case msg.err != nil:
		return errorCmd(msg.err)
	case msg.label == "":
		return tea.Batch(s.load(), statusCmd(fmt.Sprintf("Cleared the label of link #%d", msg.id)))
	}
	return tea.Batch(s.load(), statusCmd(fmt.Sprintf("Labelled link #%d: %s", msg.id, msg.label)))
}

// labelView is the editor under the list: what is relabelled, the input.
func (s *historyScreen) labelView(w int) string {
	prompt := fmt.Sprintf("Label of link #%d (%s): enter saves, empty clears it, esc cancels", s.label.id, s.label.name)
	return s.c.styles.Warning.Render(fit(prompt, w)) + "\n" + s.label.input.View()
}
