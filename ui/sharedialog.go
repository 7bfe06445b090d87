package ui

import (
	"fmt"
	"path"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/s3share/s3share/share"
)

// maxSkew is the clock difference that earns a warning.
const maxSkew = 2 * time.Minute

// presets are the expiry choices above the custom field.
var presets = []time.Duration{15 * time.Minute, time.Hour, 24 * time.Hour, 7 * 24 * time.Hour}

// dialog states.
const (
	editing = iota
	issuing
	done
)

// shareDialog picks an expiry and a download name, warns, then issues.
type shareDialog struct {
	c        *common
	bucket   string
	keys     []string
	seq      int
	choice   int // index in presets; len(presets) is the custom field
	custom   textinput.Model
	filename textinput.Model
	onName   bool // the filename field has focus
	creds    *aws.Credentials
	skew     time.Duration
	state    int
	err      error
	saveErr  error  // issued, but not recorded in the history
	copied   string // how the clipboard copy went
	links    []share.Link
	reveal   bool
	issue    issueReq // the issue request in flight or last cancelled
}

// newShareDialog returns the dialog for keys in bucket, 24h selected.
func newShareDialog(c *common, bucket string, keys []string) *shareDialog {
	d := &shareDialog{c: c, bucket: bucket, keys: keys, choice: 2, creds: c.creds}
	d.custom = newInput("custom: ", "e.g. 90m, 36h, 2026-12-01 17:00")
	d.filename = newInput("download as: ", "optional file name")
	if len(keys) > 1 {
		d.filename.Placeholder = "optional (each keeps its own name)"
	}
	return d
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

// init fetches credentials and clock skew for the warnings.
func (d *shareDialog) init() tea.Cmd {
	d.seq = d.c.nextSeq()
	br := d.c.deps.Browser
	if br == nil {
		return nil
	}
	return tea.Batch(dialogCredsCmd(br, d.c.ctx, d.seq), skewCmd(br, d.c.ctx, d.bucket, d.seq))
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
		return helpKeys{short: []key.Binding{k.Reveal, k.Back}, full: [][]key.Binding{{k.Reveal, k.Back}}}
	}
	return helpKeys{
		short: []key.Binding{k.Preset, k.Confirm, k.NextField, k.Back},
		full:  [][]key.Binding{{k.Preset, k.NextField}, {k.Confirm, k.Back}},
	}
}

func (d *shareDialog) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case dialogCredsMsg:
		if msg.seq == d.seq && msg.err == nil {
			d.creds = &msg.creds
		}
	case skewMsg:
		if msg.seq == d.seq && msg.err == nil {
			d.skew = msg.skew
		}
	case issuedMsg:
		return d.issued(msg)
	case copiedMsg:
		if d.state == done && msg.text == joinURLs(d.links) {
			d.copied = copiedText(msg)
		}
	case tea.KeyPressMsg:
		return d.key(msg)
	}
	return nil
}

// expiry is the chosen duration, or why the custom text is refused.
func (d *shareDialog) expiry() (time.Duration, error) {
	if d.choice < len(presets) {
		return presets[d.choice], nil
	}
	return share.ParseExpiry(strings.TrimSpace(d.custom.Value()), d.c.now())
}

func (d *shareDialog) key(msg tea.KeyPressMsg) tea.Cmd {
	k := d.c.keys
	if d.state == done {
		switch {
		case key.Matches(msg, k.Reveal):
			d.reveal = !d.reveal
		case key.Matches(msg, k.Back), key.Matches(msg, k.Confirm):
			return msgCmd(popMsg{})
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
	case key.Matches(msg, k.NextField), msg.String() == "shift+tab":
		return d.switchField()
	}
	if d.onName {
		var cmd tea.Cmd
		d.filename, cmd = d.filename.Update(msg)
		return cmd
	}
	return d.expiryKey(msg)
}

// switchField moves focus between the expiry and the filename.
func (d *shareDialog) switchField() tea.Cmd {
	d.onName = !d.onName
	if d.onName {
		d.custom.Blur()
		return d.filename.Focus()
	}
	d.filename.Blur()
	if d.choice == len(presets) {
		return d.custom.Focus()
	}
	return nil
}

// expiryKey moves between presets; typing goes to the custom field.
func (d *shareDialog) expiryKey(msg tea.KeyPressMsg) tea.Cmd {
	custom := d.choice == len(presets)
	switch msg.String() {
	case "up", "down":
		if msg.String() == "up" {
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

// warnings lists what the user should know before confirming.
func (d *shareDialog) warnings(exp time.Duration) []string {
	var w []string
	if d.creds != nil {
		if s := share.CredentialWarning(*d.creds, d.c.now().Add(exp)); s != "" {
			w = append(w, s)
		}
	}
	for _, k := range d.keys {
		for _, kw := range share.KeyWarnings(k) {
			w = append(w, k+": "+kw)
		}
	}
	if d.skew > maxSkew || d.skew < -maxSkew {
		w = append(w, fmt.Sprintf("the server clock differs from this one by %s: links may fail early or start late", share.RoughDuration(d.skew)))
	}
	return w
}

func (d *shareDialog) view(w, h int) string {
	if d.state == done {
		return d.doneView(w)
	}
	st := d.c.styles
	lines := []string{st.Title.Render(fmt.Sprintf("Share %s from %s", plural(len(d.keys), "object"), d.bucket))}
	lines = append(lines, d.keyLines(w)...)
	lines = append(lines, "", "Expiry")
	for i, p := range presets {
		lines = append(lines, radio(i == d.choice)+share.FormatExpiry(p))
	}
	lines = append(lines, radio(d.choice == len(presets))+d.custom.View())
	exp, err := d.expiry()
	if err != nil {
		lines = append(lines, "    "+st.Error.Render(firstLine(err.Error())))
	} else {
		lines = append(lines, "    "+st.OK.Render(expirySentence(d.c.now(), exp, d.c.loc)))
	}
	lines = append(lines, "", d.filename.View())
	if err == nil {
		for _, warn := range d.warnings(exp) {
			lines = append(lines, st.Warning.Render("⚠ "+warn))
		}
	}
	switch {
	case d.state == issuing:
		lines = append(lines, "", st.Dim.Render("Signing… (esc cancels)"))
	case d.issue.note() != "":
		lines = append(lines, "", st.Warning.Render(d.issue.note()))
	}
	return wrap(strings.Join(lines, "\n"), w)
}

// keyLines lists up to three keys, then how many more.
func (d *shareDialog) keyLines(w int) []string {
	var out []string
	for i, k := range d.keys {
		if i == 3 {
			out = append(out, fmt.Sprintf("  … and %d more", len(d.keys)-3))
			break
		}
		out = append(out, "  "+fitLeft(k, w-2))
	}
	return out
}

// radio draws a preset marker.
func radio(on bool) string {
	if on {
		return "  (•) "
	}
	return "  ( ) "
}

// doneView shows the issued links, queries masked unless revealed.
func (d *shareDialog) doneView(w int) string {
	st := d.c.styles
	lines := []string{st.OK.Render(wrap(d.headline(), w))}
	if d.saveErr != nil {
		lines = append(lines, st.Error.Render(wrap("✗ Not saved in the history: "+d.saveErr.Error(), w)))
	}
	if d.copied != "" {
		lines = append(lines, st.StatusText.Render(wrap(d.copied, w)))
	}
	for _, l := range d.links {
		lines = append(lines, "", path.Base(l.Key))
		for _, warn := range l.Warnings {
			lines = append(lines, st.Warning.Render("⚠ "+warn))
		}
		if d.reveal {
			lines = append(lines, wrap(l.URL, w))
		} else {
			lines = append(lines, fit(maskURL(l.URL), w))
		}
	}
	hint := "v reveals the full URLs for manual copy · enter or esc closes"
	if d.reveal {
		hint = "v hides the signed query · enter or esc closes"
	}
	return strings.Join(append(lines, "", st.Dim.Render(hint)), "\n")
}

// headline says how many links were issued and when the first stops
// working, which is earlier than asked when the credentials expire first.
func (d *shareDialog) headline() string {
	l := soonestEnd(d.links)
	h := fmt.Sprintf("Issued %s, %s", plural(len(d.links), "link"), expirySentence(l.IssuedAt, l.End().Sub(l.IssuedAt), d.c.loc))
	if l.End().Before(l.ExpiresAt) {
		h += fmt.Sprintf(" — ends early because the credentials expire then (asked for %s)", share.RoughDuration(l.ExpiresAt.Sub(l.IssuedAt)))
	}
	return h
}
