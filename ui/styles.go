package ui

import (
	"charm.land/lipgloss/v2"

	"github.com/s3share/s3share/presigned"
)

// theme holds the lipgloss styles of the UI.
type theme struct {
	Title, Crumb, Header, Cursor, Selected, Folder, Dim lipgloss.Style
	StatusBar, StatusText, Error, Warning, OK           lipgloss.Style
	Dialog, Active, Expiring, Expired, EndedEarly       lipgloss.Style
}

// defaultTheme returns the styles for a dark or light background.
func defaultTheme(isDark bool) theme {
	ld := lipgloss.LightDark(isDark)
	fg := func(light, dark string) lipgloss.Style {
		return lipgloss.NewStyle().Foreground(ld(lipgloss.Color(light), lipgloss.Color(dark)))
	}
	return theme{
		Title:      fg("#5A3FC0", "#B4A5FF").Bold(true),
		Crumb:      fg("#1F6FB2", "#7FC8FF"),
		Header:     fg("#666666", "#8A8A8A"),
		Cursor:     lipgloss.NewStyle().Reverse(true),
		Selected:   fg("#B8860B", "#FFD75F"),
		Folder:     fg("#1F6FB2", "#7FC8FF").Bold(true),
		Dim:        fg("#888888", "#777777"),
		StatusBar:  fg("#444444", "#BBBBBB"),
		StatusText: fg("#1B7F3B", "#87D787"),
		Error:      fg("#C0392B", "#FF6B6B").Bold(true),
		Warning:    fg("#B35900", "#FFAF5F"),
		OK:         fg("#1B7F3B", "#87D787"),
		Dialog:     lipgloss.NewStyle().Border(lipgloss.RoundedBorder()).Padding(0, 1),
		Active:     fg("#1B7F3B", "#87D787"),
		Expiring:   fg("#B35900", "#FFAF5F"),
		Expired:    fg("#888888", "#777777"),
		EndedEarly: fg("#C0392B", "#FF6B6B"),
	}
}

// status returns the style for a link status.
func (s theme) status(st presigned.Status) lipgloss.Style {
	switch st {
	case presigned.StatusActive:
		return s.Active
	case presigned.StatusExpiringSoon:
		return s.Expiring
	case presigned.StatusEndedEarly:
		return s.EndedEarly
	}
	return s.Expired
}
