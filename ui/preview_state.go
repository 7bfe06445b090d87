package ui

import (
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	uv "github.com/charmbracelet/ultraviolet"

	"github.com/s3share/s3share/imagemeta"
	"github.com/s3share/s3share/preview"
)

// Preview tuning.
const (
	previewRest     = 100 * time.Millisecond // the cursor rests this long before a fetch
	previewMaxBytes = 16 << 20               // ranged read cap; larger images load on LoadLarge
	previewHardMax  = 64 << 20               // never read more, even on LoadLarge
	paneMinWidth    = 100                    // narrower terminals get the full-screen preview instead
	repaintDelay    = 60 * time.Millisecond  // after a full redraw, before a sixel/iTerm2 picture goes back
)

// previews is the state every preview pane shares: the chosen mode, the
// cache, and what sixel or iTerm2 picture is on the screen. It lives in
// common and is only touched inside Update.
type previews struct {
	mode      preview.Mode // Auto while the terminal has not answered
	detecting bool         // the queries are out and DA1 has not answered
	late      bool         // the timeout settled blocks; a DA1 that still comes settles again
	kittyOK   bool
	tmux      bool
	cell      preview.CellSize
	cache     *preview.Cache
	nextID    int    // kitty image ids
	deletes   []int  // kitty images evicted from the cache, to delete from the terminal
	hidden    bool   // the pane is toggled off
	size      [2]int // the body size panes last fitted to
	painted   placement
	pending   int // generation of a scheduled repaint
	busy      chan struct{}
	// located holds the GPS data previews found, by object, for the share
	// dialog's warning.
	located map[objectRef]imagemeta.Finding
}

// objectRef names an object.
type objectRef struct{ bucket, key string }

// noteLocation keeps what a preview of bucket/key found: GPS data, or
// none (which forgets an earlier finding of another version).
func (pv *previews) noteLocation(bucket, key string, f imagemeta.Finding) {
	ref := objectRef{bucket, key}
	if !f.GPS {
		delete(pv.located, ref)
		return
	}
	if pv.located == nil {
		pv.located = map[objectRef]imagemeta.Finding{}
	}
	pv.located[ref] = f
}

// gpsIn returns the findings of the objects among keys whose preview
// found GPS data, in the order of keys.
func (pv *previews) gpsIn(bucket string, keys []string) []imagemeta.Finding {
	var out []imagemeta.Finding
	for _, k := range keys {
		if f, ok := pv.located[objectRef{bucket, k}]; ok {
			out = append(out, f)
		}
	}
	return out
}

// previews returns the shared preview state, making it on first use.
func (c *common) previews() *previews {
	if c.pv != nil {
		return c.pv
	}
	getenv := c.deps.Getenv
	if getenv == nil {
		getenv = func(string) string { return "" }
	}
	pv := &previews{mode: c.deps.Preview, tmux: preview.InTmux(getenv), busy: make(chan struct{}, 1)}
	if pv.mode == "" {
		pv.mode = preview.Auto
	}
	if c.deps.Reader == nil {
		pv.mode = preview.Off
	}
	if pv.mode == preview.Auto {
		if m, ok := preview.FromEnv(getenv); ok {
			pv.mode = m
		}
	}
	pv.cache = preview.NewCache(preview.DefaultCacheBytes, func(p *preview.Picture) {
		if p.Target.Mode == preview.Kitty {
			pv.deletes = append(pv.deletes, p.Target.KittyID)
		}
	})
	c.pv = pv
	return pv
}

// on reports whether previews are shown at all.
func (pv *previews) on() bool { return pv.mode != preview.Off }

// renderMode is the mode pictures are made for now: blocks until the
// terminal has answered.
func (pv *previews) renderMode() preview.Mode {
	if pv.mode == preview.Auto {
		return preview.Blocks
	}
	return pv.mode
}

// start sends the detection queries (Auto) or asks only the cell size
// (graphics forced or hinted). Nothing waits on the answers: the first
// frame is drawn at once and pictures start as blocks if need be.
func (pv *previews) start(after func(time.Duration, tea.Msg) tea.Cmd) tea.Cmd {
	switch {
	case pv.mode == preview.Auto:
		pv.detecting = true
		return tea.Batch(tea.Raw(preview.Queries(pv.tmux)), after(preview.DetectTimeout, detectTimeoutMsg{}))
	case pv.mode.Graphics() && !pv.tmux:
		return tea.Batch(tea.Raw("\x1b[16t"), pv.kittyColours())
	}
	return pv.kittyColours()
}

// kittyColours keeps the frame in 24-bit colour in kitty mode: the
// placeholders' colour is the image id, which any downsampling would
// turn into another image. Terminals that speak kitty graphics all
// have 24-bit colour.
func (pv *previews) kittyColours() tea.Cmd {
	if pv.mode != preview.Kitty {
		return nil
	}
	return func() tea.Msg { return tea.ColorProfileMsg{Profile: colorprofile.TrueColor} }
}

// detectTimeoutMsg ends the wait for a terminal that has not answered
// DA1: pictures are blocks until an answer still comes (a loaded machine,
// a slow ssh link), then what the terminal answered.
type detectTimeoutMsg struct{}

// handle takes the terminal's answers; it reports whether msg was one.
// A Cmd follows when the answer settles kitty mode.
func (pv *previews) handle(msg tea.Msg) (tea.Cmd, bool) {
	switch msg := msg.(type) {
	case uv.KittyGraphicsEvent:
		if preview.KittyOK(msg.Options.ID, msg.Payload) {
			pv.kittyOK = true
		}
	case uv.CellSizeEvent:
		pv.cell = preview.CellSize{W: msg.Width, H: msg.Height}
	case uv.PrimaryDeviceAttributesEvent:
		if pv.detecting || pv.late {
			pv.settle(preview.Caps{Kitty: pv.kittyOK, Sixel: preview.DA1Sixel(msg), Answered: true}.Best())
			return pv.kittyColours(), true
		}
	case detectTimeoutMsg:
		if pv.detecting {
			pv.settle(preview.Blocks)
			pv.late = true
		}
	default:
		return nil, false
	}
	return nil, true
}

// settle fixes the detected mode.
func (pv *previews) settle(m preview.Mode) {
	pv.detecting, pv.late = false, false
	pv.mode = m
}

// target is the Target for a box of cols x rows cells in the current mode.
func (pv *previews) target(cols, rows int) preview.Target {
	return preview.Target{Mode: pv.renderMode(), Cols: cols, Rows: rows, Cell: pv.cell}
}

// sameTarget reports whether a picture made for a was made for b too
// (the kitty id aside).
func sameTarget(a, b preview.Target) bool {
	a.KittyID, b.KittyID = 0, 0
	return a == b
}

// kittyID hands out the next kitty image id (1..2^24-1, the colour range).
func (pv *previews) kittyID() int {
	pv.nextID = pv.nextID%(1<<24-2) + 1
	return pv.nextID
}

// drainDeletes returns the raw escapes deleting evicted kitty images.
func (pv *previews) drainDeletes() tea.Cmd {
	if len(pv.deletes) == 0 {
		return nil
	}
	s := ""
	for _, id := range pv.deletes {
		s += preview.Passthrough(preview.KittyDelete(id), pv.tmux)
	}
	pv.deletes = pv.deletes[:0]
	return tea.Raw(s)
}
