package ui

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// hangGuard bounds every wait of the live driver. It is a guard against a
// stuck UI, far above any expected wait, not a timed assertion.
const hangGuard = 90 * time.Second

// live drives the root model as tea.Program does: the test goroutine is the
// update loop and every Cmd runs in its own goroutine, its message coming
// back on a channel. A Cmd blocked on the network therefore never holds up
// the keys the test presses meanwhile.
type live struct {
	t    *testing.T
	m    model
	msgs chan tea.Msg
	seen []tea.Msg
}

// newLive starts the model at w x h with a UTC clock and timers that never fire.
func newLive(t *testing.T, d Deps, w, h int) *live {
	t.Helper()
	m := newModel(d)
	m.c.loc = time.UTC
	m.c.after = func(time.Duration, tea.Msg) tea.Cmd { return nil }
	l := &live{t: t, m: m, msgs: make(chan tea.Msg, 1024)}
	l.spawn(m.Init())
	l.update(tea.WindowSizeMsg{Width: w, Height: h})
	return l
}

// update runs Update on the test goroutine and starts the returned Cmd.
// Update must return without waiting on I/O: it is given hangGuard.
func (l *live) update(msg tea.Msg) {
	l.t.Helper()
	type result struct {
		m   tea.Model
		cmd tea.Cmd
	}
	done := make(chan result, 1)
	go func() {
		next, cmd := l.m.Update(msg)
		done <- result{next, cmd}
	}()
	select {
	case r := <-done:
		l.m = r.m.(model)
		l.seen = append(l.seen, msg)
		l.spawn(r.cmd)
	case <-time.After(hangGuard):
		l.t.Fatalf("Update(%T) did not return: it waits on I/O instead of leaving it to a Cmd", msg)
	}
}

// spawn runs cmd in its own goroutine, flattening batches.
func (l *live) spawn(cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	go func() {
		switch msg := cmd().(type) {
		case nil, spinner.TickMsg, tea.QuitMsg:
		case tea.BatchMsg:
			for _, c := range msg {
				l.spawn(c)
			}
		default:
			if fmt.Sprintf("%T", msg) != "tea.setClipboardMsg" {
				l.msgs <- msg
			}
		}
	}()
}

// press presses each named key in turn.
func (l *live) press(names ...string) {
	l.t.Helper()
	for _, n := range names {
		l.update(press(n))
	}
}

// view is the frame without ANSI sequences.
func (l *live) view() string { return ansi.Strip(l.m.View().Content) }

// until delivers messages as their Cmds finish until ok holds, and fails,
// showing the frame, when the UI stays stuck for hangGuard.
func (l *live) until(what string, ok func() bool) {
	l.t.Helper()
	guard := time.After(hangGuard)
	for !ok() {
		select {
		case msg := <-l.msgs:
			l.update(msg)
		case <-guard:
			l.t.Fatalf("stuck: never %s; frame:\n%s", what, l.view())
		}
	}
}

// untilMsg delivers messages until one accepted by ok has been handled, and
// returns it.
func (l *live) untilMsg(what string, ok func(tea.Msg) bool) tea.Msg {
	l.t.Helper()
	var got tea.Msg
	from := len(l.seen)
	l.until(what, func() bool {
		for ; from < len(l.seen); from++ {
			if ok(l.seen[from]) {
				got = l.seen[from]
				return true
			}
		}
		return false
	})
	return got
}

// untilSee delivers messages until the frame contains every want.
func (l *live) untilSee(want ...string) {
	l.t.Helper()
	l.until(fmt.Sprintf("showed %q", want), func() bool {
		v := l.view()
		flat := strings.Join(strings.Fields(v), " ")
		for _, w := range want {
			if !strings.Contains(v, w) && !strings.Contains(flat, w) {
				return false
			}
		}
		return true
	})
}

// mustSee fails unless the frame, as it is now, contains every want.
func (l *live) mustSee(want ...string) {
	l.t.Helper()
	v := l.view()
	flat := strings.Join(strings.Fields(v), " ")
	for _, w := range want {
		if !strings.Contains(v, w) && !strings.Contains(flat, w) {
			l.t.Fatalf("frame lacks %q:\n%s", w, v)
		}
	}
}

// waitRequests polls until the proxy has seen more than n requests: the
// Cmd's request is then on the wire. Polling with a guard, not a sleep.
func waitRequests(t *testing.T, count func() int, n int) {
	t.Helper()
	for end := time.Now().Add(hangGuard); count() <= n; time.Sleep(5 * time.Millisecond) {
		if time.Now().After(end) {
			t.Fatalf("no request reached the proxy (still %d)", count())
		}
	}
}
