package ui

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/s3share/s3share/linkfmt"
	"github.com/s3share/s3share/presigned"
	"github.com/s3share/s3share/share"
	"github.com/s3share/s3share/termtext"
)

// presets are the expiry choices above the custom field.
var presets = []time.Duration{15 * time.Minute, time.Hour, share.DefaultExpiry, 7 * 24 * time.Hour}

// defaultPreset is the index of share.DefaultExpiry in presets.
const defaultPreset = 2

// dialog states.
const (
	editing = iota
	issuing
	done
)

// The dialog's fields, in tab order.
const (
	fieldExpiry = iota
	fieldName
	fieldLabel
	fieldRevocable
	fieldGallery
	fieldFormat
	fieldCount
)

// shareDialog picks an expiry, a download name, a recipient and whether
// the links are revocable, warns, then issues through the pipeline.
type shareDialog struct {
	c              *common
	bucket         string
	keys           []string
	seq            int
	choice         int // index in presets; len(presets) is the custom field
	custom         textinput.Model
	filename       textinput.Model
	label          textinput.Model
	revocable      bool
	gallery        bool // one link for all: a gallery page
	focus          int  // one of the field constants
	conds          share.Conditions
	inspectErr     error // why the conditions could not be learned
	err            error // why the last confirm issued nothing
	state          int
	copied         string // how the clipboard copy went
	links          []presigned.Link
	issuedWarnings []string // the issued links' warnings
	reveal         bool
	scroll         scroller // the issued links' view
	issue          issueReq // the issue request in flight or last cancelled
	uploaded       string   // what was just uploaded for this dialog, or "" (upload.go)
}

// newShareDialog returns the dialog for keys in bucket, 24h selected.
func newShareDialog(c *common, bucket string, keys []string) *shareDialog {
	d := &shareDialog{c: c, bucket: bucket, keys: keys, choice: defaultPreset}
	if c.creds != nil {
		d.conds.Creds = *c.creds
	}
	d.custom = newInput("custom: ", "e.g. 90m, 36h, 2026-12-01 17:00")
	d.filename = newInput("download as: ", "optional file name")
	if len(keys) > 1 {
		d.filename.Placeholder = "optional (each keeps its own name)"
	}
	d.label = newInput("for: ", "optional: recipient, kept as a label")
	d.startAt(c.deps.DefaultExpiry)
	return d
}

// startAt selects expiry e (a preset, or else the custom field holding it);
// 0 keeps share.DefaultExpiry.
func (d *shareDialog) startAt(e time.Duration) {
	if e == 0 {
		return
	}
	if i := slices.Index(presets, e); i >= 0 {
		d.choice = i
		return
	}
	d.choice = len(presets)
	d.custom.SetValue(share.FormatExpiry(e))
}

// newInput returns a non-blinking text field.
func newInput(prompt, placeholder string) textinput.Model {
	in := textinput.New()
	in.Prompt, in.Placeholder = prompt, placeholder
	st := textinput.DefaultStyles(true)
	st.Cursor.Blink = false
	in.SetStyles(st)
	in.SetWidth(40)
	return in
}

// init asks the pipeline for the conditions (credentials, server clock)
// the links would be issued under, for the warnings.
func (d *shareDialog) init() tea.Cmd {
	d.seq = d.c.nextSeq()
	if d.c.deps.Sharer == nil {
		return nil
	}
	return inspectCmd(d.c.deps.Sharer, d.c.ctx, d.bucket, d.seq)
}

func (d *shareDialog) title() string   { return "share · " + d.bucket }
func (d *shareDialog) capturing() bool { return d.state == editing }
func (d *shareDialog) busy() bool      { return d.state == issuing || len(d.issue.pending) > 0 }

// close drops pending replies and cancels an issue in flight.
func (d *shareDialog) close() {
	d.seq = -1
	d.cancelIssue()
}

func (d *shareDialog) help() helpKeys {
	k := d.c.keys
	if d.state == done {
		v := k.reveal(d.reveal)
		return helpKeys{short: []key.Binding{v, k.QR, k.Back}, full: [][]key.Binding{{v, k.QR, k.Up, k.Down, k.PageUp, k.PageDown, k.Back}}}
	}
	return helpKeys{
		short: []key.Binding{k.Preset, k.Confirm, k.NextField, k.Toggle, k.Back},
		full:  [][]key.Binding{{k.Preset, k.NextField, k.PrevField, k.Toggle}, {k.Confirm, k.Back}},
	}
}

func (d *shareDialog) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case inspectedMsg:
		if msg.seq == d.seq {
			d.conds, d.inspectErr = msg.conds, msg.err
		}
	case issuedMsg:
		return d.issued(msg)
	case copiedMsg:
		if d.state == done && len(d.links) > 0 && msg.first == d.links[0].URL {
			d.copied = copiedText(msg)
		}
	case tea.KeyPressMsg:
		return d.key(msg)
	}
	return nil
}

// expiry is the chosen duration, or why the custom text is refused.
// A typed time is kept as an end, so the links end exactly then.
func (d *shareDialog) expiry() (share.Expiry, error) {
	if d.choice < len(presets) {
		return share.Expiry{Duration: presets[d.choice]}, nil
	}
	return share.ParseExpiryEnd(strings.TrimSpace(d.custom.Value()), d.c.now())
}

func (d *shareDialog) key(msg tea.KeyPressMsg) tea.Cmd {
	k := d.c.keys
	if d.state == done {
		switch {
		case key.Matches(msg, k.Reveal):
			d.reveal = !d.reveal
		case key.Matches(msg, k.Back), key.Matches(msg, k.Confirm):
			return msgCmd(popMsg{})
		case key.Matches(msg, k.QR) && len(d.links) > 0:
			q, cmd := newQRScreen(d.c, d.links[0])
			return pushCmd(q, cmd)
		default:
			d.scrollKey(msg)
		}
		return nil
	}
	if d.state == issuing {
		if key.Matches(msg, k.Back) {
			d.cancelIssue()
		}
		return nil
	}
	switch {
	case key.Matches(msg, k.Back):
		return msgCmd(popMsg{})
	case key.Matches(msg, k.Confirm):
		return d.confirm()
	case key.Matches(msg, k.NextField):
		return d.moveFocus(1)
	case key.Matches(msg, k.PrevField):
		return d.moveFocus(fieldCount - 1)
	}
	return d.fieldKey(msg)
}

// fieldKey hands a key to the focused field.
func (d *shareDialog) fieldKey(msg tea.KeyPressMsg) tea.Cmd {
	var cmd tea.Cmd
	switch d.focus {
	case fieldName:
		d.filename, cmd = d.filename.Update(msg)
	case fieldLabel:
		d.label, cmd = d.label.Update(msg)
	case fieldRevocable:
		if key.Matches(msg, d.c.keys.Toggle) {
			d.revocable = !d.revocable
		}
	case fieldGallery:
		if key.Matches(msg, d.c.keys.Toggle) {
			d.gallery = !d.gallery
		}
	case fieldFormat:
		d.formatKey(msg)
	default:
		cmd = d.expiryKey(msg)
	}
	return cmd
}

// moveFocus moves focus by step fields, wrapping around.
func (d *shareDialog) moveFocus(step int) tea.Cmd {
	d.focus = (d.focus + step) % fieldCount
	d.custom.Blur()
	d.filename.Blur()
	d.label.Blur()
	switch {
	case d.focus == fieldName:
		return d.filename.Focus()
	case d.focus == fieldLabel:
		return d.label.Focus()
	case d.focus == fieldExpiry && d.choice == len(presets):
		return d.custom.Focus()
	}
	return nil
}

// expiryKey moves between presets; typing goes to the custom field.
func (d *shareDialog) expiryKey(msg tea.KeyPressMsg) tea.Cmd {
	custom := d.choice == len(presets)
	k := d.c.keys
	if up, down := key.Matches(msg, k.PresetUp), key.Matches(msg, k.PresetDown); up || down {
		if up {
			d.choice = max(d.choice-1, 0)
		} else {
			d.choice = min(d.choice+1, len(presets))
		}
		if d.choice == len(presets) {
			return d.custom.Focus()
		}
		d.custom.Blur()
		return nil
	}
	if !custom && msg.Text == "" {
		return nil
	}
	cmd := d.custom.Focus()
	d.choice = len(presets)
	var c2 tea.Cmd
	d.custom, c2 = d.custom.Update(msg)
	return tea.Batch(cmd, c2)
}

// warnings lists what the user should know before confirming, worded as
// the pipeline words the issued links' warnings.
func (d *shareDialog) warnings(exp time.Duration) []string {
	return d.conds.Warnings(d.requests(share.Expiry{Duration: exp}), d.c.now())
}

func (d *shareDialog) view(w, h int) string {
	if d.state == done {
		return strings.Join(d.scroll.window(d.doneLines(w), h), "\n")
	}
	st := d.c.styles
	lines := []string{st.Title.Render(fmt.Sprintf("Share %s from %s", presigned.Plural(len(d.keys), "object"), termtext.Escape(d.bucket)))}
	if d.uploaded != "" {
		lines = append(lines, st.OK.Render("✓ "+termtext.Escape(d.uploaded)))
	}
	lines = append(lines, d.keyLines(w)...)
	lines = append(lines, "", "Expiry")
	for i, p := range presets {
		lines = append(lines, radio(i == d.choice)+share.FormatExpiry(p))
	}
	lines = append(lines, radio(d.choice == len(presets))+d.custom.View())
	exp, err := d.expiry()
	if err != nil {
		lines = append(lines, "    "+st.Error.Render(termtext.Escape(err.Error())))
	} else {
		lines = append(lines, "    "+st.OK.Render(expirySentence(d.c.now(), exp.Duration, d.c.loc)))
	}
	lines = append(lines, "", d.filename.View(), d.label.View(),
		d.checkLine(fieldRevocable, d.revocable, "revocable: share a copy that R in the history deletes"),
		d.checkLine(fieldGallery, d.gallery, "gallery: one link to a page that shows them all"),
		d.formatLine())
	if err == nil {
		for _, warn := range d.warnings(exp.Duration) {
			lines = append(lines, st.Warning.Render("⚠ "+termtext.Escape(warn)))
		}
	}
	if gps := d.gpsWarning(); gps != "" {
		lines = append(lines, st.Warning.Render("⚠ "+gps))
	}
	if d.inspectErr != nil {
		lines = append(lines, st.Warning.Render("⚠ cannot check before signing: "+termtext.Escape(d.inspectErr.Error())))
	}
	switch {
	case d.state == issuing:
		lines = append(lines, "", st.Dim.Render("Signing… (esc cancels)"))
	case d.err != nil:
		lines = append(lines, "", st.Error.Render("✗ "+termtext.Escape(errorText(d.err))))
	case d.issue.note() != "":
		lines = append(lines, "", st.Warning.Render(d.issue.note()))
	}
	return wrap(strings.Join(lines, "\n"), w)
}

// gpsWarning says which of the images carry a GPS position, as their
// previews found: "" when none did (or none was previewed).
func (d *shareDialog) gpsWarning() string {
	if d.c.pv == nil {
		return "" // no preview has run
	}
	found := d.c.pv.gpsIn(d.bucket, d.keys)
	if len(found) == 0 {
		return ""
	}
	var in []string
	for _, f := range found {
		for _, where := range f.In {
			if !slices.Contains(in, where) {
				in = append(in, where)
			}
		}
	}
	what := "this image carries"
	switch {
	case len(d.keys) > 1 && len(found) == 1:
		what = "1 of these images carries"
	case len(d.keys) > 1:
		what = fmt.Sprintf("%d of these images carry", len(found))
	}
	return fmt.Sprintf("%s a GPS position (%s): anyone with the link can see where it was taken", what, strings.Join(in, ", "))
}

// keyLines lists up to three keys, then how many more.
func (d *shareDialog) keyLines(w int) []string {
	var out []string
	for i, k := range d.keys {
		if i == 3 {
			out = append(out, fmt.Sprintf("  … and %d more", len(d.keys)-3))
			break
		}
		out = append(out, "  "+fitLeft(termtext.Escape(k), w-2))
	}
	return out
}

// checkLine is a checkbox for field, marked when focused.
func (d *shareDialog) checkLine(field int, on bool, text string) string {
	box := "[ ] "
	if on {
		box = "[x] "
	}
	if d.focus == field {
		return d.c.styles.Cursor.Render(box + text)
	}
	return box + text
}

// formatLine shows the format links are copied in, remembered for the
// session; ←/→ change it when focused.
func (d *shareDialog) formatLine() string {
	line := fmt.Sprintf("copy as: ‹ %s ›", d.c.format)
	if d.focus == fieldFormat {
		return d.c.styles.Cursor.Render(line) + d.c.styles.Dim.Render("  ←/→ change")
	}
	return line
}

// formatKey cycles the session's format.
func (d *shareDialog) formatKey(msg tea.KeyPressMsg) {
	all, k := linkfmt.Formats(), d.c.keys
	step := 0
	switch {
	case key.Matches(msg, k.FormatPrev):
		step = len(all) - 1
	case key.Matches(msg, k.FormatNext), key.Matches(msg, k.Toggle):
		step = 1
	}
	for i, f := range all {
		if f == d.c.format {
			d.c.format = all[(i+step)%len(all)]
			return
		}
	}
}

// radio draws a preset marker.
func radio(on bool) string {
	if on {
		return "  (•) "
	}
	return "  ( ) "
}

// scrollKey scrolls the issued links' view.
func (d *shareDialog) scrollKey(msg tea.KeyPressMsg) {
	k, page := d.c.keys, max(d.c.height-1, 1)
	switch {
	case key.Matches(msg, k.Up):
		d.scroll.offset--
	case key.Matches(msg, k.Down):
		d.scroll.offset++
	case key.Matches(msg, k.PageUp):
		d.scroll.offset -= page
	case key.Matches(msg, k.PageDown):
		d.scroll.offset += page
	case key.Matches(msg, k.Top):
		d.scroll.offset = 0
	case key.Matches(msg, k.Bottom):
		d.scroll.offset = 1 << 30 // clamped when drawn
	}
}

// doneLines shows the issued links, queries masked unless revealed; a
// revealed URL is laid out whole for copying (urlLines).
func (d *shareDialog) doneLines(w int) []string {
	st := d.c.styles
	lines := []string{st.OK.Render(wrap(d.headline(), w))}
	for _, warn := range d.issuedWarnings {
		lines = append(lines, st.Warning.Render(wrap("⚠ "+termtext.Escape(warn), w)))
	}
	if d.copied != "" {
		lines = append(lines, st.StatusText.Render(wrap(d.copied, w)))
	}
	for _, l := range d.links {
		lines = append(lines, "", fit(termtext.Escape(l.Title()), w))
		if d.reveal {
			lines = append(lines, urlLines(l.URL, w)...)
		} else {
			lines = append(lines, fit(maskURL(l.URL), w))
		}
	}
	hint := "v reveals the full URLs for manual copy · ↑/↓ scroll · enter or esc closes"
	if d.reveal {
		hint = "v hides the signed query · ↑/↓ scroll · enter or esc closes"
	}
	return strings.Split(strings.Join(append(lines, "", st.Dim.Render(hint)), "\n"), "\n")
}

// headline says how many links were issued and when the first stops
// working, which is earlier than asked when the credentials expire first.
func (d *shareDialog) headline() string {
	l := presigned.FirstToEnd(d.links)
	h := fmt.Sprintf("Issued %s, %s", presigned.Plural(len(d.links), "link"), expirySentence(l.IssuedAt, l.End().Sub(l.IssuedAt), d.c.loc))
	if l.End().Before(l.ExpiresAt) {
		h += fmt.Sprintf(" — ends early because the credentials expire then (asked for %s)", presigned.RoughDuration(l.ExpiresAt.Sub(l.IssuedAt)))
	}
	return h
}
