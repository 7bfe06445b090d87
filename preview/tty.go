package preview

import (
	"errors"
	"os"
	"time"

	"github.com/charmbracelet/x/term"
)

// DetectTimeout bounds the wait for the terminal's replies: a terminal
// that answers at all answers DA1 within a few milliseconds.
const DetectTimeout = 300 * time.Millisecond

// Detect chooses the mode for a terminal: forced modes are kept as they
// are; Auto takes environment hints, else asks tty (normally /dev/tty)
// with one batch of queries, else falls back to blocks. It also returns
// the cell size when the terminal reported it. tty may be nil (no
// terminal to ask: blocks).
func Detect(mode Mode, getenv func(string) string, tty *os.File) (Mode, CellSize) {
	if mode != Auto {
		caps, _ := ask(tty, false, getenv)
		return mode, caps.Cell
	}
	if m, ok := FromEnv(getenv); ok {
		caps, _ := ask(tty, false, getenv)
		return m, caps.Cell
	}
	caps, err := ask(tty, true, getenv)
	if err != nil {
		return Blocks, CellSize{}
	}
	return caps.Best(), caps.Cell
}

// ask sends the query batch (or only the cell-size and DA1 queries when
// full is false) and reads the replies until DA1 or DetectTimeout.
func ask(tty *os.File, full bool, getenv func(string) string) (Caps, error) {
	if tty == nil || !term.IsTerminal(tty.Fd()) {
		return Caps{}, errors.New("no terminal to ask")
	}
	state, err := term.MakeRaw(tty.Fd())
	if err != nil {
		return Caps{}, err
	}
	defer term.Restore(tty.Fd(), state) //nolint:errcheck // best effort: nothing else to do
	q := "\x1b[16t\x1b[c"
	if full {
		q = Queries(InTmux(getenv))
	}
	if _, err := tty.WriteString(q); err != nil {
		return Caps{}, err
	}
	replies, err := readReplies(tty, time.Now().Add(DetectTimeout))
	caps := ParseReplies(replies)
	if !caps.Answered {
		return caps, errors.New("the terminal did not answer")
	}
	return caps, err
}

// readReplies reads from tty until a DA1 reply arrives or the deadline.
func readReplies(tty *os.File, deadline time.Time) ([]byte, error) {
	if err := tty.SetReadDeadline(deadline); err != nil {
		return nil, err // not pollable: never block on a read without a deadline
	}
	defer tty.SetReadDeadline(time.Time{}) //nolint:errcheck
	var got []byte
	buf := make([]byte, 1024)
	for !Complete(got) && len(got) < 64<<10 {
		n, err := tty.Read(buf)
		got = append(got, buf[:n]...)
		if err != nil {
			return got, err
		}
	}
	return got, nil
}
