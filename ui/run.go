package ui

import (
	"context"
	"errors"
	"fmt"

	tea "charm.land/bubbletea/v2"
	"github.com/s3share/s3share/share"
)

// Run shows the UI on the alternate screen until the user quits or ctx ends,
// and returns the links issued meanwhile (for the caller to print where
// they stay in the scrollback). It returns nil on quit and when ctx is
// cancelled.
func Run(ctx context.Context, d Deps) ([]share.Link, error) {
	m := New(d)
	m.c.ctx = ctx
	final, err := tea.NewProgram(m, tea.WithContext(ctx)).Run()
	var issued []share.Link
	if fm, ok := final.(Model); ok {
		issued = fm.issued
	}
	if err == nil || (errors.Is(err, tea.ErrProgramKilled) && ctx.Err() != nil) {
		return issued, nil
	}
	return issued, fmt.Errorf("terminal UI: %w", err)
}
