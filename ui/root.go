package ui

import (
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/s3share/s3share/presigned"
	"github.com/s3share/s3share/termtext"
)

// Minimum terminal size for the layout.
const minWidth, minHeight = 40, 10

// screen is one page of the UI. Screens are pointers updated in place; they
// ask the root to navigate with pushMsg and popMsg.
type screen interface {
	update(msg tea.Msg) tea.Cmd
	view(width, height int) string
	title() string
	help() helpKeys
	capturing() bool // typing into a field: single-letter global keys go to the screen
	busy() bool      // waiting on I/O: show the spinner
	close()          // cancel in-flight work
}

// model is the root model: a router over a stack of screens plus the status
// bar, help and spinner.
type model struct {
	c         *common
	stack     []screen
	help      help.Model
	spin      spinner.Model
	spinning  bool
	status    string
	statusErr bool
	statusID  int
	width     int
	height    int
	sized     bool             // a WindowSizeMsg arrived
	issued    []presigned.Link // every link issued in this run, in order
	lastErr   string           // the last error shown, in full (escaped)
	lastClick clickState       // for telling a double click
}

// newModel returns the root model for d. It does no I/O: credentials and buckets
// load in the Cmds returned by Init.
func newModel(d Deps) model {
	c := newCommon(d)
	h := help.New()
	return model{
		c:        c,
		stack:    []screen{newBucketsScreen(c)},
		help:     h,
		spin:     spinner.New(spinner.WithSpinner(spinner.MiniDot)),
		spinning: true, // the buckets load from the start
	}
}

// Init starts loading credentials and buckets behind the spinner, and the
// folder asked for on the command line.
func (m model) Init() tea.Cmd {
	b := m.stack[0].(*bucketsScreen)
	cmds := []tea.Cmd{loadCredsCmd(m.c), b.load(), m.spin.Tick, m.c.previews().start(m.c.after), tea.RequestBackgroundColor}
	if loc := m.c.deps.Start; loc != nil {
		o := newObjectsScreen(m.c, loc.Bucket, loc.Folder())
		o.byHand = true
		cmds = append(cmds, pushCmd(o, o.load()))
	}
	return tea.Batch(cmds...)
}

// Update routes msg between the preview layer's two steps (preview_root.go):
// before, the terminal's answers to the preview queries; after, the
// pictures on the screen brought in line with the new frame.
func (m model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	msg, first, repaint, done := m.previewsBefore(msg)
	if done {
		return m, repaint
	}
	next, cmd := m.route(msg)
	m = next.(model)
	return m, tea.Batch(first, cmd, m.previewsAfter())
}

// route routes messages: keys to the top screen, results to every screen.
func (m model) route(msg tea.Msg) (tea.Model, tea.Cmd) {
	var cmd tea.Cmd
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.sized = true
		m.resize(msg.Width, msg.Height)
	case tea.KeyPressMsg:
		return m.handleKey(msg)
	case spinner.TickMsg:
		return m.tick(msg)
	case statusMsg:
		cmd = m.setStatus(msg.text, msg.err)
	case clearStatusMsg:
		if msg.id == m.statusID {
			m.status, m.statusErr = "", false
		}
	case pushMsg:
		cmd = m.push(msg.s, msg.init)
	case popMsg:
		m.pop()
	case replaceMsg:
		if msg.s != nil {
			m.pop()
		}
		cmd = m.push(msg.s, msg.init)
	case credsMsg:
		cmd = m.creds(msg)
	case copiedMsg:
		cmd = tea.Batch(m.copied(msg), m.broadcast(msg))
	case issuedMsg:
		late := m.lateIssue(msg)
		cmd = tea.Batch(m.broadcast(msg), late)
	case linkIssuedMsg:
		m.issued = append(m.issued, msg.Links...)
		cmd = tea.Batch(m.broadcast(msg), teamPush(m.c))
	case revokedMsg, deletedMsg, checkedMsg, relabelledMsg:
		cmd = tea.Batch(m.broadcast(msg), teamPush(m.c)) // their events, for the team
	case teamSyncedMsg:
		cmd = tea.Batch(m.teamSynced(msg), m.broadcast(msg))
	case tea.MouseWheelMsg:
		cmd = m.wheel(msg)
	case tea.MouseClickMsg:
		cmd = m.click(msg)
	case tea.BackgroundColorMsg:
		m.c.styles = defaultTheme(msg.IsDark())
	default:
		cmd = m.broadcast(msg)
	}
	m.resize(m.width, m.height)
	return m, tea.Batch(cmd, m.startSpinner())
}

// handleKey applies global keys, then hands the key to the top screen.
func (m model) handleKey(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	k, top := m.c.keys, m.top()
	if key.Matches(msg, k.ForceQuit) {
		return m, tea.Quit
	}
	if !top.capturing() {
		switch {
		case key.Matches(msg, k.Quit):
			return m, tea.Quit
		case key.Matches(msg, k.Help):
			m.help.ShowAll = !m.help.ShowAll
			m.resize(m.width, m.height)
			return m, nil
		case key.Matches(msg, k.Details) && m.lastErr != "":
			if _, ok := top.(*errorScreen); !ok {
				return m, pushCmd(&errorScreen{c: m.c, text: m.lastErr}, nil)
			}
			return m, nil
		case key.Matches(msg, k.Goto):
			if _, ok := top.(*gotoScreen); !ok {
				g, cmd := newGotoScreen(m.c)
				return m, pushCmd(g, cmd)
			}
			return m, nil
		case key.Matches(msg, k.History):
			if _, ok := top.(*historyScreen); !ok {
				h := newHistoryScreen(m.c)
				m.stack = append(m.stack, h)
				return m, tea.Batch(h.init(), m.startSpinner())
			}
			return m, nil
		}
	}
	cmd := top.update(msg)
	return m, tea.Batch(cmd, m.startSpinner())
}

// broadcast hands a non-key message to every screen on the stack.
func (m model) broadcast(msg tea.Msg) tea.Cmd {
	cmds := make([]tea.Cmd, 0, len(m.stack))
	for _, s := range m.stack {
		cmds = append(cmds, s.update(msg))
	}
	return tea.Batch(cmds...)
}

// top is the screen receiving keys.
func (m model) top() screen { return m.stack[len(m.stack)-1] }

// push puts s on top and returns its init; a push without a screen is
// dropped (the stack never holds nil).
func (m *model) push(s screen, init tea.Cmd) tea.Cmd {
	if s == nil {
		return nil
	}
	m.stack = append(m.stack, s)
	return init
}

// pop closes the top screen, never the first one.
func (m *model) pop() {
	if len(m.stack) < 2 {
		return
	}
	m.top().close()
	m.stack = m.stack[:len(m.stack)-1]
}

// busy reports whether any screen waits on I/O.
func (m model) busy() bool {
	for _, s := range m.stack {
		if s.busy() {
			return true
		}
	}
	return false
}

// startSpinner starts the spinner when something became busy.
func (m *model) startSpinner() tea.Cmd {
	if m.spinning || !m.busy() {
		return nil
	}
	m.spinning = true
	return m.spin.Tick
}

// tick advances the spinner while something is busy, else lets it stop.
func (m model) tick(msg spinner.TickMsg) (tea.Model, tea.Cmd) {
	if !m.busy() {
		m.spinning = false
		return m, nil
	}
	var cmd tea.Cmd
	m.spin, cmd = m.spin.Update(msg)
	return m, cmd
}

// setStatus shows text in the status line and schedules its clearing.
func (m *model) setStatus(text string, isErr bool) tea.Cmd {
	m.statusID++
	m.status, m.statusErr = termtext.Escape(strings.TrimRight(text, "\n")), isErr
	if isErr {
		m.lastErr = m.status
	}
	return m.c.after(statusTTL, clearStatusMsg{id: m.statusID})
}

// resize records the terminal size and the body height left for screens.
func (m *model) resize(w, h int) {
	m.width, m.height = w, h
	m.c.width = w
	m.help.SetWidth(w)
	m.c.height = max(h-2-lipgloss.Height(m.helpView()), 1)
}

// helpView renders the short or full help of the top screen: the first of
// the short help's candidates that fits the width (helpLists).
func (m model) helpView() string {
	short, full := m.helpLists()
	if m.help.ShowAll {
		return m.help.View(helpKeys{full: full})
	}
	whole := m.help // unbounded, to see what fits without help's own "…"
	whole.SetWidth(0)
	for _, c := range short {
		if v := whole.ShortHelpView(c); lipgloss.Width(v) <= m.width {
			return v
		}
	}
	return ""
}

// helpLists are the bindings the help of the top screen can show: the
// short help's candidates, widest first, and the full help's rows. The
// short help always ends with "? help" (ctrl+c while typing), so the rest
// can be found however narrow the terminal: screen keys are dropped from
// the end first, then "H history" and "q quit".
func (m model) helpLists() (short [][]key.Binding, full [][]key.Binding) {
	k, hk := m.c.keys, m.top().help()
	tail, extra := []key.Binding{k.ForceQuit}, []key.Binding(nil)
	if !m.top().capturing() {
		tail, extra = []key.Binding{k.Help}, []key.Binding{k.Goto, k.History, k.Quit}
	}
	full = onceEach(append(hk.full, concat(extra, tail, []key.Binding{k.Back, k.ForceQuit})))
	short = [][]key.Binding{concat(hk.short, extra, tail)}
	for n := len(hk.short); n >= 0; n-- {
		short = append(short, concat(hk.short[:n], tail))
	}
	return short, full
}

// concat joins binding lists into a new slice, each key once (onceEach).
func concat(lists ...[]key.Binding) []key.Binding {
	return slices.Concat(onceEach(lists)...)
}

// onceEach drops from lists every binding whose key an earlier binding
// already listed, and the lists left empty: the first one stays, so a
// screen's own binding wins over the same global one ("o open s3://…",
// "esc back" are both).
func onceEach(lists [][]key.Binding) [][]key.Binding {
	seen := map[string]bool{}
	var out [][]key.Binding
	for _, l := range lists {
		var kept []key.Binding
		for _, b := range l {
			if k := b.Help().Key; !seen[k] {
				seen[k] = true
				kept = append(kept, b)
			}
		}
		if len(kept) > 0 {
			out = append(out, kept)
		}
	}
	return out
}

// View draws the title, the top screen, the status line and help.
func (m model) View() tea.View {
	v := tea.NewView(m.render())
	v.AltScreen = true
	v.WindowTitle = "s3share"
	if !m.c.deps.NoMouse {
		v.MouseMode = tea.MouseModeCellMotion
	}
	return v
}

// render builds the frame as a string (the golden tests read it).
func (m model) render() string {
	if !m.sized {
		return "s3share: starting…"
	}
	if m.width < minWidth || m.height < minHeight {
		return tooSmall(m.width, m.height)
	}
	st, top := m.c.styles, m.top()
	title := fit(st.Title.Render("s3share")+"  "+st.Crumb.Render(termtext.Escape(top.title())), m.width)
	body := block(top.view(m.width, m.c.height), m.width, m.c.height)
	return strings.Join([]string{title, body, m.statusLine(), m.helpView()}, "\n")
}

// tooSmall is the frame for a terminal under minWidth x minHeight: a short
// message cut to fit, instead of a layout that cannot.
func tooSmall(w, h int) string {
	if w <= 0 || h <= 0 {
		return ""
	}
	msg := fmt.Sprintf("Terminal too small: %dx%d, s3share needs %dx%d", w, h, minWidth, minHeight)
	return block(ansi.Wrap(msg, w, " "), w, h)
}

// statusLine shows the status or error on the left and where we are on the right.
func (m model) statusLine() string {
	st := m.c.styles
	right := m.where()
	left := st.StatusText.Render(m.status)
	switch {
	case m.statusErr:
		left = st.Error.Render("✗ " + m.status)
	case m.status == "" && m.busy():
		left = m.spin.View() + " loading…"
	}
	room := m.width - lipgloss.Width(right) - 1
	if m.statusErr && lipgloss.Width(left) > m.width {
		const more = " (e: in full)"
		return fit(left, max(m.width-len(more), 1)) + st.Dim.Render(more)
	}
	if room < 10 || lipgloss.Width(left) > room {
		return fit(left, m.width)
	}
	return fit(left, room) + " " + st.StatusBar.Render(right)
}

// where describes the S3 side, led by the profile unless it already names it.
func (m model) where() string {
	d := m.c.deps
	w := ""
	if d.Browser != nil {
		w = d.Browser.Describe()
	}
	if d.Profile == "" || strings.Contains(w, d.Profile) {
		return w
	}
	if w == "" {
		return d.Profile
	}
	return d.Profile + " · " + w
}

// block pads or cuts s to exactly h lines of width w.
func block(s string, w, h int) string {
	lines := strings.Split(s, "\n")
	if len(lines) > h {
		lines = lines[:h]
	}
	for i, l := range lines {
		if cellWidth(l) > w { // lipgloss.Width, faster (preview_width.go)
			lines[i] = fit(l, w)
		}
	}
	for len(lines) < h {
		lines = append(lines, "")
	}
	return strings.Join(lines, "\n")
}

// firstLine keeps the status line to one line.
func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}
