package ui

import "charm.land/bubbles/v2/key"

// keyMap holds every key binding of the UI.
type keyMap struct {
	Up, Down, PageUp, PageDown, Top, Bottom key.Binding

	// ListUp and ListDown are the arrows alone: while a filter is typed,
	// k and j are letters of it and only the arrows move the list.
	ListUp, ListDown key.Binding

	Filter, History, Goto, Retry, Details, Back, Help, Quit, ForceQuit key.Binding

	Open, UpLevel, Select, Share, All key.Binding

	Preset, PresetUp, PresetDown, Confirm, NextField, PrevField, Toggle, FormatPrev, FormatNext, Reveal key.Binding

	Cycle, Copy, CopyAs, Renew, Delete, Revoke, Check, CheckAll, QR, Yes, Mine key.Binding

	Opens key.Binding // read the access logs: who opened the links (history_opens.go)

	Label    key.Binding // edit the label of the history's link (history_label.go)
	SyncTeam key.Binding // sync with the team ledger now (team.go)

	Preview, LoadLarge key.Binding

	Find key.Binding // search below the folder at any depth (find.go)
}

// defaultKeyMap returns the default bindings (see the key list).
func defaultKeyMap() keyMap {
	b := func(keys []string, k, desc string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(k, desc))
	}
	return keyMap{
		Up:         b([]string{"up", "k"}, "↑/k", "up"),
		Down:       b([]string{"down", "j"}, "↓/j", "down"),
		ListUp:     b([]string{"up"}, "↑", "up"),
		ListDown:   b([]string{"down"}, "↓", "down"),
		PageUp:     b([]string{"pgup", "ctrl+u"}, "pgup", "page up"),
		PageDown:   b([]string{"pgdown", "ctrl+d"}, "pgdn", "page down"),
		Top:        b([]string{"home", "g"}, "g", "top"),
		Bottom:     b([]string{"end", "G"}, "G", "bottom"),
		Filter:     b([]string{"/"}, "/", "filter"),
		History:    b([]string{"H"}, "H", "history"),
		Goto:       b([]string{"o"}, "o", "open s3://…"),
		Retry:      b([]string{"r"}, "r", "retry"),
		Details:    b([]string{"e"}, "e", "last error in full"),
		Back:       b([]string{"esc"}, "esc", "back"),
		Help:       b([]string{"?"}, "?", "help"),
		Quit:       b([]string{"q"}, "q", "quit"),
		ForceQuit:  b([]string{"ctrl+c"}, "ctrl+c", "quit"),
		Open:       b([]string{"enter"}, "enter", "open"),
		UpLevel:    b([]string{"backspace", "left"}, "⌫/←", "up a level"),
		Select:     b([]string{"space"}, "space", "select"),
		Share:      b([]string{"s"}, "s", "share"),
		All:        b([]string{"a"}, "a", "images/all"),
		Preset:     b([]string{"up", "down"}, "↑/↓", "expiry preset"),
		PresetUp:   b([]string{"up"}, "↑", "shorter expiry"),
		PresetDown: b([]string{"down"}, "↓", "longer expiry"),
		Confirm:    b([]string{"enter"}, "enter", "confirm"),
		NextField:  b([]string{"tab"}, "tab", "next field"),
		PrevField:  b([]string{"shift+tab"}, "shift+tab", "previous field"),
		Toggle:     b([]string{"space"}, "space", "toggle"),
		FormatPrev: b([]string{"left"}, "←", "previous format"),
		FormatNext: b([]string{"right"}, "→", "next format"),
		Reveal:     b([]string{"v"}, "v", "reveal URL"),
		Cycle:      b([]string{"tab"}, "tab", "all/active/expired"),
		Copy:       b([]string{"c", "enter"}, "c/enter", "copy again"),
		CopyAs:     b([]string{"C"}, "C", "copy as…"),
		QR:         b([]string{"Q"}, "Q", "QR code"),
		Renew:      b([]string{"r"}, "r", "renew"),
		Delete:     b([]string{"d"}, "d", "delete"),
		Revoke:     b([]string{"R"}, "R", "revoke"),
		Check:      b([]string{"t"}, "t", "test link"),
		CheckAll:   b([]string{"T"}, "T", "test all shown"),
		Yes:        b([]string{"y"}, "y", "confirm"),
		Mine:       b([]string{"m"}, "m", "mine/everyone"),
		Preview:    b([]string{"p"}, "p", "preview"),
		LoadLarge:  b([]string{"L"}, "L", "load large image"),
		Find:       b([]string{"f"}, "f", "find"),
		Opens:      b([]string{"O"}, "O", "read opens"),
		Label:      b([]string{"l"}, "l", "label"),
		SyncTeam:   b([]string{"S"}, "S", "sync team"),
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

// reveal is the Reveal binding, saying "hide URL" once URLs are revealed.
func (k keyMap) reveal(revealed bool) key.Binding {
	b := k.Reveal
	if revealed {
		b.SetHelp(b.Help().Key, "hide URL")
	}
	return b
}

// movement is the list-movement row every screen's full help starts with.
func (k keyMap) movement() []key.Binding {
	return []key.Binding{k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom}
}
