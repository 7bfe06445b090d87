package ui

import (
	"context"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/s3share/s3share/linkfmt"
)

// statusTTL is how long a status or error line stays.
const statusTTL = 6 * time.Second

// common is the plumbing every screen shares: deps, clock, styles, keys and
// size. It is owned by the root and only touched inside Update.
type common struct {
	deps   Deps
	ctx    context.Context
	now    func() time.Time
	loc    *time.Location
	styles theme
	keys   keyMap
	width  int
	height int // height of the screen body
	seq    int
	// cancelled holds the issue requests the user cancelled whose reply
	// has not come: a late reply is announced even if its screen is gone.
	cancelled map[int]bool
	creds     *aws.Credentials
	format    linkfmt.Format // what links are copied as; the share dialog sets it for the session
	// after delivers msg after d; tests replace it so nothing sleeps.
	after func(d time.Duration, msg tea.Msg) tea.Cmd
	pv    *previews // image previews: mode, cache, what is on screen (preview_state.go)
	many  bool      // a folder has listed manyObjects objects: Deps.ManyObjects was called
}

// newCommon fills defaults for d.
func newCommon(d Deps) *common {
	now := d.Now
	if now == nil {
		now = time.Now
	}
	return &common{
		deps:      d,
		format:    d.Format,
		cancelled: map[int]bool{},
		ctx:       context.Background(),
		now:       now,
		loc:       time.Local,
		styles:    defaultTheme(true),
		keys:      defaultKeyMap(),
		after: func(d time.Duration, msg tea.Msg) tea.Cmd {
			return tea.Tick(d, func(time.Time) tea.Msg { return msg })
		},
	}
}

// nextSeq returns a fresh request number.
func (c *common) nextSeq() int {
	c.seq++
	return c.seq
}

// markCancelled notes that the user cancelled issue request seq.
func (c *common) markCancelled(seq int) {
	if seq > 0 {
		c.cancelled[seq] = true
	}
}

// takeCancelled reports whether seq was cancelled, forgetting it: each
// request replies once.
func (c *common) takeCancelled(seq int) bool {
	was := c.cancelled[seq]
	delete(c.cancelled, seq)
	return was
}

// msgCmd wraps a message in a Cmd.
func msgCmd(msg tea.Msg) tea.Cmd {
	return func() tea.Msg { return msg }
}

// pushCmd asks the root to push s and then run init.
func pushCmd(s screen, init tea.Cmd) tea.Cmd { return msgCmd(pushMsg{s: s, init: init}) }

// statusCmd sets the status line.
func statusCmd(text string) tea.Cmd { return msgCmd(statusMsg{text: text}) }

// errorCmd shows err in the status line.
func errorCmd(err error) tea.Cmd { return msgCmd(statusMsg{text: errorText(err), err: true}) }
