package ui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/s3share/s3share/s3browse"
	"github.com/s3share/s3share/termtext"
)

// gotoScreen opens a location typed by hand: the way in when the
// credentials may read a bucket but not list them all.
type gotoScreen struct {
	c     *common
	input filterBox
	err   error
}

// newGotoScreen returns the screen with its field focused.
func newGotoScreen(c *common) (*gotoScreen, tea.Cmd) {
	s := &gotoScreen{c: c, input: newFilterBox()}
	s.input.input.Prompt = "open: s3://"
	s.input.input.Placeholder = "bucket/folder/ (s3:// is optional)"
	return s, s.input.start()
}

func (s *gotoScreen) title() string   { return "open a location" }
func (s *gotoScreen) capturing() bool { return true }
func (s *gotoScreen) busy() bool      { return false }
func (s *gotoScreen) close()          {}

func (s *gotoScreen) help() helpKeys {
	k := s.c.keys
	return helpKeys{short: []key.Binding{k.Confirm, k.Back}, full: [][]key.Binding{{k.Confirm, k.Back}}}
}

func (s *gotoScreen) update(msg tea.Msg) tea.Cmd {
	m, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return nil
	}
	k := s.c.keys
	switch {
	case key.Matches(m, k.Back):
		return msgCmd(popMsg{})
	case key.Matches(m, k.Confirm):
		return s.open()
	}
	var cmd tea.Cmd
	s.input.input, cmd = s.input.input.Update(m)
	s.err = nil
	return cmd
}

// open parses the typed location and replaces this screen with its folder.
func (s *gotoScreen) open() tea.Cmd {
	bucket, prefix, err := parseTyped(s.input.input.Value())
	if err != nil {
		s.err = err
		return nil
	}
	o := newObjectsScreen(s.c, bucket, prefix)
	o.byHand = true
	return msgCmd(replaceMsg{s: o, init: o.load()})
}

// parseTyped reads "bucket", "bucket/folder", "s3://bucket/folder/" or the
// key of an image as the folder to open (s3browse.Location.Folder).
func parseTyped(text string) (bucket, prefix string, err error) {
	text = strings.TrimSpace(text)
	if !strings.HasPrefix(text, "s3://") {
		text = "s3://" + text
	}
	loc, err := s3browse.ParseLocation(text)
	if err != nil {
		return "", "", err
	}
	return loc.Bucket, loc.Folder(), nil
}

func (s *gotoScreen) view(w, h int) string {
	st := s.c.styles
	s.input.input.SetWidth(max(w-16, 10))
	lines := []string{"Open a bucket or folder by name:", "", s.input.input.View(), ""}
	if s.err != nil {
		lines = append(lines, st.Error.Render(wrap(termtext.Escape(s.err.Error()), w)))
	} else {
		lines = append(lines, st.Dim.Render(wrap("For credentials that may read a bucket but not list every bucket. Buckets opened here are remembered on the buckets screen.", w)))
	}
	return strings.Join(lines, "\n")
}
