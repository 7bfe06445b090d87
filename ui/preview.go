package ui

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/dustin/go-humanize"

	"github.com/s3share/s3share/preview"
	"github.com/s3share/s3share/s3browse"
	"github.com/s3share/s3share/termtext"
)

// paneState is where a pane is with its object.
type paneState int

const (
	paneEmpty   paneState = iota // nothing under the cursor
	paneFolder                   // a folder
	paneWaiting                  // the cursor has not rested yet
	paneLoading                  // reading and decoding
	paneReady                    // pic is ready
	paneNone                     // no preview: line says why
	paneLarge                    // over the read cap: LoadLarge loads it
)

// factsRows are the lines under the picture: a gap, then three of facts.
const factsRows = 4

// pane previews the object under a list's cursor: it waits for the cursor
// to rest, fetches in a Cmd, drops late replies, and draws the picture
// with its facts, or one calm line.
type pane struct {
	c       *common
	bucket  string
	e       entry
	want    string // identity of what is shown: bucket, key, version, target, cap
	target  preview.Target
	seq     int
	cancel  context.CancelFunc
	state   paneState
	line    string
	pic     *preview.Picture
	info    s3browse.ObjectInfo
	large   map[string]bool // keys the user asked to load past the cap
	sepRows []string        // the separator column, one per row (graphics modes)
}

// newPane returns an empty pane for bucket.
func newPane(c *common, bucket string) *pane {
	return &pane{c: c, bucket: bucket, large: map[string]bool{}}
}

// show points the pane at e (nil: nothing) in a box of cols x rows cells.
// Unless that is what it shows already, it cancels the current fetch and
// either takes the picture from the cache or waits for the cursor to rest.
func (p *pane) show(e *entry, folder bool, cols, rows int) tea.Cmd {
	pv := p.c.previews()
	t := pv.target(cols, rows)
	id := p.identity(e, folder, t)
	if id == p.want {
		return nil
	}
	p.stop()
	p.want, p.target, p.pic, p.line, p.info = id, t, nil, "", s3browse.ObjectInfo{}
	switch {
	case e == nil:
		p.e, p.state = entry{}, paneEmpty
		return nil
	case folder:
		p.e, p.state = *e, paneFolder
		return nil
	}
	p.e = *e
	if !e.image {
		p.state, p.line = paneNone, "no preview: not a picture by its name"
		return nil
	}
	if pic, ok := pv.cache.Get(p.cacheKey()); ok && sameTarget(pic.Target, t) {
		p.state, p.pic = paneReady, pic
		return nil
	}
	p.state, p.seq = paneWaiting, p.c.nextSeq()
	return p.c.after(previewRest, previewRestMsg{bucket: p.bucket, key: e.key, seq: p.seq})
}

// identity names what the pane shows: object version, box and cap.
func (p *pane) identity(e *entry, folder bool, t preview.Target) string {
	if e == nil {
		return "-"
	}
	// Built by hand: this runs on every keypress, and Sprintf of a struct is slow.
	n := func(i int) string { return strconv.Itoa(i) }
	return strings.Join([]string{strconv.FormatBool(folder), e.key, version(e.obj), string(t.Mode),
		n(t.Cols), n(t.Rows), n(t.Cell.W), n(t.Cell.H), strconv.FormatBool(p.large[e.key])}, "\x00")
}

// clear empties the pane (it is hidden).
func (p *pane) clear() tea.Cmd { return p.show(nil, false, 0, 0) }

// stop cancels a fetch in flight; its reply will be dropped.
func (p *pane) stop() {
	if p.cancel != nil {
		p.cancel()
		p.cancel = nil
	}
	p.seq = -1
}

// cacheKey names the shown object's version.
func (p *pane) cacheKey() preview.Key {
	return preview.Key{Bucket: p.bucket, Object: p.e.key, Version: version(p.e.obj)}
}

// version tells one version of an object from another by what the UI
// keeps of a listing: its size and time of last change (not its ETag,
// which keepPage drops). An object rewritten with the same size in the
// same second keeps its cached picture until the UI restarts.
func version(o s3browse.Object) string {
	t := o.LastModified
	return strconv.FormatInt(o.Size, 10) + " " + strconv.FormatInt(t.Unix(), 10) + "." + strconv.Itoa(t.Nanosecond())
}

// update handles the pane's own messages and reports whether msg was one.
func (p *pane) update(msg tea.Msg) (tea.Cmd, bool) {
	switch msg := msg.(type) {
	case previewRestMsg:
		if msg.seq != p.seq || msg.bucket != p.bucket || msg.key != p.e.key {
			return nil, true
		}
		return p.fetch(), true
	case previewMsg:
		if msg.seq != p.seq || msg.bucket != p.bucket || msg.key != p.e.key {
			return nil, true // late: the cursor moved on
		}
		return p.result(msg), true
	}
	return nil, false
}

// fetch starts reading and decoding the shown object.
func (p *pane) fetch() tea.Cmd {
	pv := p.c.previews()
	ctx, cancel := context.WithCancel(p.c.ctx)
	p.cancel, p.state = cancel, paneLoading
	t := p.target
	if t.Mode == preview.Kitty {
		t.KittyID = pv.kittyID()
	}
	return previewCmd(ctx, p.c.deps.Reader, pv.busy, p.bucket, p.e.key, p.limit(), t, p.seq)
}

// limit is the read cap for the shown object.
func (p *pane) limit() int64 {
	if p.large[p.e.key] {
		return previewHardMax
	}
	return previewMaxBytes
}

// result takes the reply for the shown object.
func (p *pane) result(msg previewMsg) tea.Cmd {
	p.cancel = nil
	p.info = msg.info
	if msg.err == nil {
		p.c.previews().noteLocation(msg.bucket, msg.key, msg.location)
	}
	switch {
	case msg.err != nil && cancelled(msg.err):
		p.state = paneWaiting
		return nil
	case msg.err != nil:
		p.state, p.line = paneNone, noPreviewLine(msg.err)
	case msg.tooLarge:
		p.state, p.line = paneLarge, p.largeLine(msg.info.Size)
	case msg.pic == nil:
		p.state, p.line = paneNone, "no preview: the picture came back empty"
	default:
		p.state, p.pic = paneReady, msg.pic
		pv := p.c.previews()
		pv.cache.Put(p.cacheKey(), msg.pic)
		if msg.pic.Target.Mode == preview.Kitty {
			return tea.Raw(preview.Passthrough(msg.pic.Seq, pv.tmux))
		}
	}
	return nil
}

// largeLine says an object is over the cap, and what to do.
func (p *pane) largeLine(size int64) string {
	if p.limit() >= previewHardMax {
		return "no preview: " + preview.TooLargeToFetch(size, previewHardMax, "")
	}
	return preview.TooLargeToFetch(size, previewMaxBytes, "press "+p.c.keys.LoadLarge.Help().Key+" to load it")
}

// loadLarge lifts the cap for the shown object and fetches it at once.
func (p *pane) loadLarge() tea.Cmd {
	if p.state != paneLarge {
		return nil
	}
	p.large[p.e.key] = true
	p.want = p.identity(&p.e, false, p.target) // the cap is part of the identity
	p.seq = p.c.nextSeq()
	return p.fetch()
}

// noPreviewLine turns a fetch or decode error into one calm line.
func noPreviewLine(err error) string {
	var np *preview.NoPreview
	switch {
	case errors.As(err, &np):
		return np.Text
	case errors.Is(err, s3browse.ErrNoSuchKey):
		return "no preview: the object is gone (deleted since the listing?)"
	case errors.Is(err, s3browse.ErrAccessDenied):
		return "no preview: reading the object is denied (s3:GetObject)"
	}
	return "no preview: " + termtext.Escape(firstLine(err.Error()))
}

// busy reports whether the pane waits on I/O.
func (p *pane) busy() bool { return p.state == paneLoading }

// box is the picture's box for a pane of w x h cells (separator included
// when sep).
func paneBox(w, h int, sep bool) (int, int) {
	if sep {
		w -= 2
	}
	return max(w, 1), max(h-factsRows, 1)
}

// view draws the pane at w x h: separator, picture, facts. Text pictures
// (blocks, kitty placeholders) have their facts right under them; in sixel
// and iTerm2 modes the whole box stays blank (pictures are drawn over it)
// and the facts sit at its foot.
func (p *pane) view(w, h int, sep bool) []string {
	cols, rows := paneBox(w, h, sep)
	pic := p.shown()
	var picLines []string
	xoff := 0
	if pic != nil {
		xoff, picLines = (cols-pic.Cols)/2, pic.Lines
	}
	top := len(picLines)
	if overlay(p.target.Mode) {
		top = rows // the box stays blank even with no picture yet: one can be painted over it at any time
	}
	lines := make([]string, 0, h)
	for r := range top {
		l := strings.Repeat(" ", cols)
		if r < len(picLines) {
			l = strings.Repeat(" ", xoff) + picLines[r] + strings.Repeat(" ", max(cols-xoff-pic.Cols, 0))
		}
		lines = append(lines, p.sep(r, sep)+l)
	}
	if top > 0 {
		lines = append(lines, p.sep(len(lines), sep))
	}
	for _, l := range p.facts(cols) {
		lines = append(lines, p.sep(len(lines), sep)+l)
	}
	for len(lines) < h {
		lines = append(lines, p.sep(len(lines), sep))
	}
	return lines[:h]
}

// overlay reports modes whose pictures are drawn over the frame.
func overlay(m preview.Mode) bool { return m == preview.Sixel || m == preview.ITerm }

// shown is the ready picture, if any.
func (p *pane) shown() *preview.Picture {
	if p.state == paneReady {
		return p.pic
	}
	return nil
}

// sep is the separator cell and gap of row r. In sixel and iTerm2 modes
// every row's separator has its own (barely different) colour, so no two
// rows of the frame are equal and the renderer never scrolls lines, which
// would carry the picture along with them.
func (p *pane) sep(r int, sep bool) string {
	if !sep {
		return ""
	}
	if r >= len(p.sepRows) {
		p.sepRows = p.sepRows[:0]
		for i := range max(r+1, 64) {
			p.sepRows = append(p.sepRows, fmt.Sprintf("\x1b[38;2;%d;%d;%dm│\x1b[39m ", 0x58+(i>>4&3), 0x58+(i>>2&3), 0x58+(i&3)))
		}
	}
	return p.sepRows[r]
}

// facts are the lines under the picture: the name, then what is known.
func (p *pane) facts(w int) []string {
	st := p.c.styles
	switch p.state {
	case paneEmpty:
		return nil
	case paneFolder:
		return []string{fit(termtext.Escape(p.e.name), w), st.Dim.Render(fit("folder: enter opens it", w))}
	}
	name := fit(termtext.Escape(p.e.name), w)
	size, mod := p.e.obj.Size, p.e.obj.LastModified
	if p.info.Size > 0 || !p.info.LastModified.IsZero() {
		size, mod = p.info.Size, p.info.LastModified
	}
	bytes := humanize.Bytes(uint64(size))
	modified := fit("modified "+mod.In(p.c.loc).Format("2006-01-02 15:04"), w)
	switch p.state {
	case paneReady:
		f := p.pic.Facts
		return []string{name, fit(fmt.Sprintf("%s %d×%d · %s", f.Format, f.Width, f.Height, bytes), w), modified}
	case paneWaiting, paneLoading:
		return []string{name, fit(bytes+" · "+modified, w), st.Dim.Render(fit("loading preview…", w))}
	}
	out := []string{name, fit(bytes+" · "+modified, w)}
	for _, l := range strings.SplitN(ansi.Wrap(p.line, w, " "), "\n", 3) {
		out = append(out, st.Dim.Render(fit(l, w)))
	}
	return out
}

// placement is the pane's sixel or iTerm2 picture in body coordinates,
// for a pane whose box starts at (col, row).
func (p *pane) placement(col, row, cols int) placement {
	pic := p.shown()
	if pic == nil || !pic.Target.Mode.Graphics() || pic.Target.Mode == preview.Kitty {
		return placement{box: [2]int{col, row}} // the same layout, with nothing painted
	}
	xoff := (cols - pic.Cols) / 2
	return placement{pic: pic, col: col + xoff, row: row, cols: pic.Cols, rows: pic.Rows, box: [2]int{col, row}}
}

// joinColumns puts right (lines) beside left (text of lw cells per line),
// h lines in all.
func joinColumns(left string, lw int, right []string, h int) string {
	ls := strings.SplitN(left, "\n", h+1)
	var sb strings.Builder
	for i := range h {
		l := ""
		if i < len(ls) {
			l = ls[i]
		}
		if n := cellWidth(l); n < lw {
			l += strings.Repeat(" ", lw-n)
		} else if n > lw {
			l = ansi.Truncate(l, lw, "…")
		}
		sb.WriteString(l)
		if i < len(right) {
			sb.WriteString(right[i])
		}
		if i < h-1 {
			sb.WriteByte('\n')
		}
	}
	return sb.String()
}
