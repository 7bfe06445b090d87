package ui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/s3share/s3share/linkfmt"
	"github.com/s3share/s3share/presigned"
)

// formatPicker asks which format to copy links in, then copies them.
type formatPicker struct {
	c     *common
	links []presigned.Link
	list  vlist
}

// newFormatPicker returns the picker for links, on the session's format.
func newFormatPicker(c *common, links []presigned.Link) *formatPicker {
	p := &formatPicker{c: c, links: links}
	p.list.setLen(len(linkfmt.Formats()))
	p.list.jump(int(c.format))
	return p
}

func (p *formatPicker) title() string   { return "copy as…" }
func (p *formatPicker) capturing() bool { return false }
func (p *formatPicker) busy() bool      { return false }
func (p *formatPicker) close()          {}

func (p *formatPicker) help() helpKeys {
	k := p.c.keys
	return helpKeys{short: []key.Binding{k.Up, k.Down, k.Confirm, k.Back}, full: [][]key.Binding{{k.Up, k.Down, k.Confirm, k.Back}}}
}

func (p *formatPicker) update(msg tea.Msg) tea.Cmd {
	m, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return nil
	}
	k := p.c.keys
	switch {
	case p.list.handleKey(k, m, len(linkfmt.Formats())):
	case key.Matches(m, k.Back):
		return msgCmd(popMsg{})
	case key.Matches(m, k.Confirm):
		f := linkfmt.Formats()[p.list.cursor]
		return tea.Batch(msgCmd(popMsg{}), copyAsCmd(p.c, p.links, f, issuedFor(p.links)))
	}
	return nil
}

func (p *formatPicker) view(w, h int) string {
	lines := []string{fmt.Sprintf("Copy %s as:", presigned.Plural(len(p.links), "link")), ""}
	for i, f := range linkfmt.Formats() {
		line := "  " + f.String()
		if i == p.list.cursor {
			line = p.c.styles.Cursor.Render("> " + f.String())
		}
		lines = append(lines, line)
	}
	return strings.Join(lines, "\n")
}
