package ui

import (
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/s3share/s3share/preview"
)

// Sixel and iTerm2 pictures are not part of the frame: Bubble Tea's cell
// renderer drops them from View. They are written with tea.Raw over cells
// the frame keeps blank, and must be erased when they should go. Raw output
// is flushed before the frame of the same tick, so:
//   - a new picture in place of another in the same layout (the box blank
//     before and after) is erased and painted at once;
//   - the first picture in a layout is painted a little later, once the
//     frame that blanks its box is out;
//   - any other change (another screen on top, a resize, the help growing)
//     erases, forces a full redraw, and paints again a little later, once
//     the redrawn frame is out.

// placement is a sixel or iTerm2 picture at a place on the screen, within
// a layout.
type placement struct {
	pic        *preview.Picture
	col, row   int    // top-left cell of the picture, on the screen
	cols, rows int    // the cells the picture covers
	box        [2]int // top-left cell of the box it is centred in
	layout     layout
}

// layout is what decides where boxes are: a change repaints from scratch.
type layout struct {
	owner         any // the screen drawing the pane
	width, height int
	body          int // body height
	col, row      int
}

// graphicsOwner is a screen that can show a sixel or iTerm2 picture.
type graphicsOwner interface {
	// placement is the picture to show and its box in body coordinates
	// (pic nil when none), for a body of w x h cells.
	placement(w, h int) placement
}

// paintMsg puts back the picture of repaint generation gen.
type paintMsg struct{ gen int }

// syncGraphics compares the picture that should be on the screen with the
// one painted and returns the raw output (and redraws) that fix it.
func (m model) syncGraphics() tea.Cmd {
	pv := m.c.previews()
	deletes := pv.drainDeletes()
	if pv.mode != preview.Sixel && pv.mode != preview.ITerm {
		return deletes
	}
	want := placement{}
	if o, ok := m.top().(graphicsOwner); ok && m.sized && m.width >= minWidth && m.height >= minHeight {
		want = o.placement(m.width, m.c.height)
		want.row++ // the title line
		want.layout = layout{owner: o, width: m.width, height: m.height, body: m.c.height, col: want.box[0], row: want.box[1]}
	}
	return tea.Batch(deletes, pv.sync(want, m.c.after))
}

// sync moves the screen from pv.painted to want.
func (pv *previews) sync(want placement, after func(d time.Duration, msg tea.Msg) tea.Cmd) tea.Cmd {
	was := pv.painted
	if was == want {
		return nil
	}
	pv.painted = want
	if was.layout == want.layout && was.pic != nil {
		raw := erase(was) + paint(want)
		if raw == "" {
			return nil
		}
		pv.pending = 0
		return tea.Raw(raw)
	}
	// A new layout, or the first picture in this one: the box may have
	// held text in the last frame, which the next frame blanks. Paint once
	// that frame is out.
	var cmds []tea.Cmd
	if was.pic != nil && was.layout != want.layout {
		cmds = append(cmds, tea.Sequence(tea.Raw(erase(was)), tea.ClearScreen))
	}
	if want.pic != nil {
		pv.pending++
		cmds = append(cmds, after(repaintDelay, paintMsg{gen: pv.pending}))
	}
	return tea.Batch(cmds...)
}

// repaint answers a paintMsg: the picture goes back if it is still the one.
func (pv *previews) repaint(msg paintMsg) tea.Cmd {
	if msg.gen != pv.pending || pv.painted.pic == nil {
		return nil
	}
	pv.pending = 0
	return tea.Raw(paint(pv.painted))
}

// erase blanks p's box, or "" when nothing was painted.
func erase(p placement) string {
	if p.pic == nil {
		return ""
	}
	return preview.Erase(p.col, p.row, p.cols, p.rows)
}

// paint writes p's picture at its box, or "" when there is none.
func paint(p placement) string {
	if p.pic == nil {
		return ""
	}
	return preview.At(p.col, p.row, p.pic.Seq)
}
