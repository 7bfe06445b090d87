package ui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
)

// vlist is the cursor and scroll window of a hand-virtualized list: only the
// rows in the window are ever rendered, so its cost does not grow with n.
type vlist struct {
	n      int // number of rows after filtering
	cursor int
	offset int
}

// setLen changes the row count and keeps the cursor in range.
func (l *vlist) setLen(n int) {
	l.n = n
	l.cursor = min(max(l.cursor, 0), max(n-1, 0))
}

// move moves the cursor by d rows.
func (l *vlist) move(d int) { l.jump(l.cursor + d) }

// jump places the cursor at i, clamped.
func (l *vlist) jump(i int) { l.cursor = min(max(i, 0), max(l.n-1, 0)) }

// handleKey moves on navigation keys and reports whether it used the key.
func (l *vlist) handleKey(k keyMap, msg tea.KeyPressMsg, height int) bool {
	switch {
	case key.Matches(msg, k.Up):
		l.move(-1)
	case key.Matches(msg, k.Down):
		l.move(1)
	case key.Matches(msg, k.PageUp):
		l.move(-max(height-1, 1))
	case key.Matches(msg, k.PageDown):
		l.move(max(height-1, 1))
	case key.Matches(msg, k.Top):
		l.jump(0)
	case key.Matches(msg, k.Bottom):
		l.jump(l.n - 1)
	default:
		return false
	}
	return true
}

// window returns the rows [from, to) to draw in height lines, scrolling so
// the cursor is visible.
func (l *vlist) window(height int) (from, to int) {
	if height <= 0 {
		return 0, 0
	}
	if l.cursor < l.offset {
		l.offset = l.cursor
	}
	if l.cursor >= l.offset+height {
		l.offset = l.cursor - height + 1
	}
	l.offset = max(0, min(l.offset, max(l.n-height, 0)))
	return l.offset, min(l.n, l.offset+height)
}

// below appends the rows of the window that fits under lines in h lines,
// drawn by row, and returns them with the line the first row is on.
func (l *vlist) below(lines []string, h int, row func(r int) string) ([]string, int) {
	top := len(lines)
	from, to := l.window(h - top)
	for r := from; r < to; r++ {
		lines = append(lines, row(r))
	}
	return lines, top
}

// filterBox is a "/" filter line: a substring, case-insensitive.
type filterBox struct {
	input  textinput.Model
	typing bool
}

// newFilterBox returns an idle filter.
func newFilterBox() filterBox {
	in := textinput.New()
	in.Prompt = "/"
	st := textinput.DefaultStyles(true)
	st.Cursor.Blink = false
	in.SetStyles(st)
	return filterBox{input: in}
}

// start begins typing a filter.
func (f *filterBox) start() tea.Cmd {
	f.typing = true
	return f.input.Focus()
}

// query is the lower-cased filter text.
func (f filterBox) query() string { return strings.ToLower(f.input.Value()) }

// active reports whether a filter applies.
func (f filterBox) active() bool { return f.typing || f.input.Value() != "" }

// handleKey edits the filter while typing; it reports whether the key was
// used and whether the query changed. Back clears, Confirm keeps the
// filter, and the arrow and page keys still move the list.
func (f *filterBox) handleKey(k keyMap, msg tea.KeyPressMsg) (used, changed bool, cmd tea.Cmd) {
	before := f.input.Value()
	switch {
	case key.Matches(msg, k.Back):
		f.input.SetValue("")
		f.typing = false
		f.input.Blur()
		return true, before != "", nil
	case key.Matches(msg, k.Confirm):
		f.typing = false
		f.input.Blur()
		return true, false, nil
	case key.Matches(msg, k.ListUp, k.ListDown, k.PageUp, k.PageDown):
		return false, false, nil
	}
	f.input, cmd = f.input.Update(msg)
	return true, f.input.Value() != before, cmd
}

// typed hands msg to the filter while typing and reports whether it used
// the key; changed runs when the query changed and its Cmd is returned too.
func (f *filterBox) typed(k keyMap, msg tea.KeyPressMsg, changed func() tea.Cmd) (tea.Cmd, bool) {
	if !f.typing {
		return nil, false
	}
	used, ch, cmd := f.handleKey(k, msg)
	if ch {
		cmd = tea.Batch(cmd, changed())
	}
	return cmd, used
}

// clear drops a kept filter (esc when not typing).
func (f *filterBox) clear() bool {
	had := f.input.Value() != ""
	f.input.SetValue("")
	return had
}

// view renders the filter line, or "" when no filter applies.
func (f filterBox) view(width int, shown, total int) string {
	if !f.active() {
		return ""
	}
	f.input.SetWidth(max(width-20, 5))
	return f.input.View() + fmt.Sprintf("  %d of %d", shown, total)
}
