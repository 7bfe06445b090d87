package ui

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"sync/atomic"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/term"

	"github.com/s3share/s3share/presigned"
)

// ErrNoTerminal is returned by OpenTerminal when there is no terminal to
// draw the UI on.
var ErrNoTerminal = errors.New("the terminal UI needs a terminal")

// ErrInterrupted is returned by Run when the UI ended by ctrl+c or because
// its context was cancelled (SIGINT, SIGTERM). It matches context.Canceled,
// so callers treat it as any interrupted command.
var ErrInterrupted error = interrupted{}

type interrupted struct{}

func (interrupted) Error() string        { return "interrupted" }
func (interrupted) Is(target error) bool { return target == context.Canceled }

// Terminal is where the UI reads keys and draws.
type Terminal struct {
	In  io.Reader
	Out io.Writer

	tty *os.File // /dev/tty when it was opened; closed by Close
}

// OpenTerminal picks the terminal for the UI: stdout when it is one (keys
// from stdin when that is a terminal too, else from the controlling
// terminal), else the controlling terminal (/dev/tty) for both, so that
// `s3share > out.txt` and `s3share | less` still show the UI. Without any
// terminal it returns an error wrapping ErrNoTerminal that says what to do.
func OpenTerminal(stdin io.Reader, stdout io.Writer) (*Terminal, error) {
	if isTerminal(stdout) {
		if isTerminal(stdin) {
			return &Terminal{In: stdin, Out: stdout}, nil
		}
		tty, err := os.OpenFile("/dev/tty", os.O_RDWR, 0)
		if err != nil {
			return nil, noTerminal("stdin is not a terminal and " + err.Error())
		}
		return &Terminal{In: tty, Out: stdout, tty: tty}, nil
	}
	tty, err := os.OpenFile("/dev/tty", os.O_RDWR, 0)
	if err != nil {
		return nil, noTerminal("stdout is not a terminal and " + err.Error())
	}
	return &Terminal{In: tty, Out: tty, tty: tty}, nil
}

// noTerminal builds the one-line refusal.
func noTerminal(why string) error {
	return fmt.Errorf("%w (%s): run s3share in a terminal, or use a command such as s3share ls or s3share presign (see s3share --help)",
		ErrNoTerminal, why)
}

// isTerminal reports whether v is a file open on a terminal.
func isTerminal(v any) bool {
	f, ok := v.(term.File)
	return ok && term.IsTerminal(f.Fd())
}

// Close releases the controlling terminal when OpenTerminal opened it.
func (t *Terminal) Close() error {
	if t.tty == nil {
		return nil
	}
	return t.tty.Close()
}

// Run shows the UI on the alternate screen of t until the user quits or
// ctx ends, and returns the links issued meanwhile (for the caller to print
// where they stay in the scrollback). Its error is nil on quit, and
// ErrInterrupted on ctrl+c or when ctx is cancelled. Signals are left to
// ctx (the caller's signal.NotifyContext): Bubble Tea's own handler would
// turn SIGTERM into a plain quit.
func Run(ctx context.Context, d Deps, t *Terminal) ([]presigned.Link, error) {
	m := newModel(d)
	m.c.ctx = ctx
	var forced atomic.Bool
	final, err := tea.NewProgram(m, tea.WithContext(ctx), tea.WithInput(t.In), tea.WithOutput(t.Out),
		tea.WithoutSignalHandler(), tea.WithFilter(quitByForce(m.c.keys.ForceQuit, &forced))).Run()
	var issued []presigned.Link
	if fm, ok := final.(model); ok {
		issued = fm.issued
	}
	return issued, endError(ctx, err, forced.Load())
}

// endError is how a run ended: nil on quit, ErrInterrupted on ctrl+c
// (forced) or a cancelled ctx, else the program's error.
func endError(ctx context.Context, err error, forced bool) error {
	switch {
	case ctx.Err() != nil && (err == nil || errors.Is(err, tea.ErrProgramKilled)):
		return ErrInterrupted
	case err == nil && forced:
		return ErrInterrupted
	case err == nil:
		return nil
	case errors.Is(err, tea.ErrInterrupted):
		return ErrInterrupted
	}
	return fmt.Errorf("terminal UI: %w", err)
}

// quitByForce is a message filter that sets forced when the program quits
// right after the force-quit key (ctrl+c), so Run can tell it from q.
func quitByForce(force key.Binding, forced *atomic.Bool) func(tea.Model, tea.Msg) tea.Msg {
	var last bool // the last key was force; only the event loop touches it
	return func(_ tea.Model, msg tea.Msg) tea.Msg {
		switch msg := msg.(type) {
		case tea.KeyPressMsg:
			last = key.Matches(msg, force)
		case tea.QuitMsg:
			forced.Store(last)
		}
		return msg
	}
}
