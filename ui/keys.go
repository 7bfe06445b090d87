package ui

import "charm.land/bubbles/v2/key"

// KeyMap holds every key binding of the UI.
type KeyMap struct {
	Up, Down, PageUp, PageDown, Top, Bottom key.Binding

	Filter, History, Back, Help, Quit, ForceQuit key.Binding

	Open, UpLevel, Select, Share, All key.Binding

	Preset, Confirm, NextField, Reveal key.Binding

	Cycle, Copy, Renew, Delete, Yes key.Binding

	Find key.Binding // search below the folder at any depth (find.go)
}

// DefaultKeyMap returns the default bindings (see the key list).
func DefaultKeyMap() KeyMap {
	b := func(keys []string, k, desc string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(k, desc))
	}
	return KeyMap{
		Up:        b([]string{"up", "k"}, "↑/k", "up"),
		Down:      b([]string{"down", "j"}, "↓/j", "down"),
		PageUp:    b([]string{"pgup", "ctrl+u"}, "pgup", "page up"),
		PageDown:  b([]string{"pgdown", "ctrl+d"}, "pgdn", "page down"),
		Top:       b([]string{"home", "g"}, "g", "top"),
		Bottom:    b([]string{"end", "G"}, "G", "bottom"),
		Filter:    b([]string{"/"}, "/", "filter"),
		History:   b([]string{"H"}, "H", "history"),
		Back:      b([]string{"esc"}, "esc", "back"),
		Help:      b([]string{"?"}, "?", "help"),
		Quit:      b([]string{"q"}, "q", "quit"),
		ForceQuit: b([]string{"ctrl+c"}, "ctrl+c", "quit"),
		Open:      b([]string{"enter"}, "enter", "open"),
		UpLevel:   b([]string{"backspace", "left"}, "⌫/←", "up a level"),
		Select:    b([]string{"space"}, "space", "select"),
		Share:     b([]string{"s"}, "s", "share"),
		All:       b([]string{"a"}, "a", "images/all"),
		Preset:    b([]string{"up", "down"}, "↑/↓", "expiry preset"),
		Confirm:   b([]string{"enter"}, "enter", "confirm"),
		NextField: b([]string{"tab"}, "tab", "next field"),
		Reveal:    b([]string{"v"}, "v", "reveal URL"),
		Cycle:     b([]string{"tab"}, "tab", "all/active/expired"),
		Copy:      b([]string{"c", "enter"}, "c/enter", "copy again"),
		Renew:     b([]string{"r"}, "r", "renew"),
		Delete:    b([]string{"d"}, "d", "delete"),
		Yes:       b([]string{"y"}, "y", "confirm"),
		Find:      b([]string{"f"}, "f", "find"),
	}
}

// helpKeys adapts a screen's bindings to help.KeyMap.
type helpKeys struct {
	short []key.Binding
	full  [][]key.Binding
}

// ShortHelp implements help.KeyMap.
func (h helpKeys) ShortHelp() []key.Binding { return h.short }

// FullHelp implements help.KeyMap.
func (h helpKeys) FullHelp() [][]key.Binding { return h.full }

// movement is the list-movement row every screen's full help starts with.
func (k KeyMap) movement() []key.Binding {
	return []key.Binding{k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom}
}
