package ui

import (
	"time"

	tea "charm.land/bubbletea/v2"
)

// Mouse handling: the wheel scrolls the list under it, a click moves the
// cursor to the row clicked, a double click opens it (as enter does).
const (
	wheelStep   = 3                      // rows per wheel notch
	doubleClick = 400 * time.Millisecond // two clicks on one row within it open the row
)

// listScreen is a screen whose body is a list the mouse can move through.
type listScreen interface {
	screen
	// listArea returns the list and the body row its first shown row is on
	// (as of the last frame).
	listArea() (l *vlist, top int)
}

// clickState remembers the last click, to tell a double click.
type clickState struct {
	row int
	at  time.Time
}

// wheel scrolls the top screen's list.
func (m *model) wheel(msg tea.MouseWheelMsg) tea.Cmd {
	ls, ok := m.top().(listScreen)
	if !ok {
		return nil
	}
	l, _ := ls.listArea()
	switch msg.Button {
	case tea.MouseWheelUp:
		l.move(-wheelStep)
	case tea.MouseWheelDown:
		l.move(wheelStep)
	}
	return nil
}

// click moves the cursor to the row under the pointer; a second click on
// it soon after opens it.
func (m *model) click(msg tea.MouseClickMsg) tea.Cmd {
	ls, ok := m.top().(listScreen)
	if !ok || msg.Button != tea.MouseLeft {
		return nil
	}
	l, top := ls.listArea()
	row := l.offset + msg.Y - 1 - top // the title takes the first line
	if msg.Y-1 < top || row >= l.n || row < 0 {
		return nil
	}
	now := m.c.now()
	double := m.lastClick.row == row && now.Sub(m.lastClick.at) <= doubleClick
	m.lastClick = clickState{row: row, at: now}
	l.jump(row)
	if double {
		m.lastClick = clickState{row: -1}
		return m.top().update(tea.KeyPressMsg{Code: tea.KeyEnter})
	}
	return nil
}
