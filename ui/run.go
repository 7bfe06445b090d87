package ui

import (
	"context"
	"errors"
	"fmt"

	tea "charm.land/bubbletea/v2"
)

// Run shows the UI on the alternate screen until the user quits or ctx ends.
// It returns nil on quit and when ctx is cancelled.
func Run(ctx context.Context, d Deps) error {
	m := New(d)
	m.c.ctx = ctx
	_, err := tea.NewProgram(m, tea.WithContext(ctx)).Run()
	if err == nil || (errors.Is(err, tea.ErrProgramKilled) && ctx.Err() != nil) {
		return nil
	}
	return fmt.Errorf("terminal UI: %w", err)
}
