package ui

import (
	"io"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
)

// probe wraps the root model in a real tea.Program: it presses keys as
// replies arrive and reports, once the reply it waits for has been handled,
// whether the screen it was meant for took it.
type probe struct {
	m      model
	steps  func(p *probe, msg tea.Msg) tea.Cmd
	result chan string // "" when the reply landed, else what went wrong
}

func (p *probe) Init() tea.Cmd { return p.m.Init() }

func (p *probe) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	next, cmd := p.m.Update(msg)
	p.m = next.(model)
	return p, tea.Batch(cmd, p.steps(p, msg))
}

func (p *probe) View() tea.View { return p.m.View() }

// report sends the outcome and quits.
func (p *probe) report(problem string) tea.Cmd {
	select {
	case p.result <- problem:
	default: // already reported
	}
	return tea.Quit
}

// runProbe runs p in a real program without a terminal and returns its report.
func runProbe(t *testing.T, p *probe) string {
	t.Helper()
	p.result = make(chan string, 1)
	prog := tea.NewProgram(p, tea.WithInput(nil), tea.WithOutput(io.Discard), tea.WithoutRenderer(), tea.WithoutSignals())
	go func() {
		if _, err := prog.Run(); err != nil {
			p.result <- "program: " + err.Error()
		}
	}()
	select {
	case r := <-p.result:
		prog.Wait()
		return r
	case <-time.After(20 * time.Second): // a hang guard, not a timed assertion
		prog.Kill()
		return "no reply reached a screen: the UI is stuck"
	}
}

// TestRealProgramKeepsFirstPage opens a bucket in a real tea.Program, where
// batched Cmds run concurrently: the first page must land on the new screen.
func TestRealProgramKeepsFirstPage(t *testing.T) {
	for i := range 50 {
		d, _, _, _ := fakeDeps()
		p := &probe{m: newModel(d), steps: func(p *probe, msg tea.Msg) tea.Cmd {
			switch msg.(type) {
			case bucketsMsg:
				return msgCmd(press("enter"))
			case pageMsg:
				o, ok := p.m.top().(*objectsScreen)
				if !ok || len(o.files) == 0 || o.loading {
					return p.report("first page dropped: the folder stays on Loading…")
				}
				return p.report("")
			}
			return nil
		}}
		if problem := runProbe(t, p); problem != "" {
			t.Fatalf("run %d: %s", i, problem)
		}
	}
}

// TestRealProgramKeepsDialogReplies opens the share dialog in a real
// tea.Program: its clock-skew reply must reach it.
func TestRealProgramKeepsDialogReplies(t *testing.T) {
	for i := range 50 {
		d, fb, _, _ := fakeDeps()
		fb.skew = -5 * time.Minute
		p := &probe{m: newModel(d), steps: func(p *probe, msg tea.Msg) tea.Cmd {
			switch msg.(type) {
			case bucketsMsg:
				return msgCmd(press("enter"))
			case pageMsg:
				if o, ok := p.m.top().(*objectsScreen); !ok || len(o.files) == 0 {
					return p.report("first page dropped: the folder stays on Loading…")
				}
				return tea.Sequence(msgCmd(press("end")), msgCmd(press("s")))
			case inspectedMsg:
				if d, ok := p.m.top().(*shareDialog); !ok || d.conds.Skew == 0 {
					return p.report("clock-skew reply dropped: no warning in the dialog")
				}
				return p.report("")
			}
			return nil
		}}
		if problem := runProbe(t, p); problem != "" {
			t.Fatalf("run %d: %s", i, problem)
		}
	}
}
