package preview

import "testing"

func TestDA1Sixel(t *testing.T) {
	for _, c := range []struct {
		params []int
		want   bool
	}{
		{[]int{64, 1, 2, 6, 9, 15, 16, 17, 18, 21, 22, 28}, false}, // xterm default: "64" is not sixel
		{[]int{63, 1, 2, 4, 6, 9, 15, 16, 22, 28}, true},           // xterm -ti vt340
		{[]int{62, 4, 22}, true},                                   // foot
		{[]int{1, 2}, false},                                       // VT100 with AVO: 2 is not a feature list
		{[]int{4, 6}, false},                                       // VT132: class 4 is not sixel
		{[]int{65, 14, 44}, false},                                 // "14", "44" contain the digit 4
		{nil, false},
	} {
		if got := DA1Sixel(c.params); got != c.want {
			t.Errorf("DA1Sixel(%v) = %v, want %v", c.params, got, c.want)
		}
	}
}

func TestParseReplies(t *testing.T) {
	for _, c := range []struct {
		name, replies string
		want          Caps
	}{
		{"xterm", "\x1b[6;13;6t\x1b[?64;1;2;6;9;15;16;17;18;21;22;28c", Caps{Cell: CellSize{6, 13}, Answered: true}},
		{"xterm vt340", "\x1b[?63;1;2;4;6;9;15;16;22;28c", Caps{Sixel: true, Answered: true}},
		{"kitty", "\x1b_Gi=31;OK\x1b\\\x1b[6;20;10t\x1b[?62;c", Caps{Kitty: true, Cell: CellSize{10, 20}, Answered: true}},
		{"kitty error", "\x1b_Gi=31;ENOTSUPPORTED:no\x1b\\\x1b[?62;c", Caps{Answered: true}},
		{"key press mixed in", "a\x1b[?63;4c", Caps{Sixel: true, Answered: true}},
		{"no answer", "", Caps{}},
	} {
		if got := ParseReplies([]byte(c.replies)); got != c.want {
			t.Errorf("%s: %+v, want %+v", c.name, got, c.want)
		}
		if Complete([]byte(c.replies)) != c.want.Answered {
			t.Errorf("%s: Complete = %v", c.name, !c.want.Answered)
		}
	}
}

func TestFromEnv(t *testing.T) {
	for _, c := range []struct {
		env  map[string]string
		want Mode
		ok   bool
	}{
		{map[string]string{"TERM": "xterm-kitty"}, Kitty, true},
		{map[string]string{"TERM_PROGRAM": "ghostty"}, Kitty, true},
		{map[string]string{"TERM_PROGRAM": "WezTerm"}, ITerm, true},
		{map[string]string{"TERM_PROGRAM": "iTerm.app"}, ITerm, true},
		{map[string]string{"TERM": "foot"}, Sixel, true},
		{map[string]string{"WT_SESSION": "x"}, Sixel, true},
		{map[string]string{"TERM": "xterm-256color"}, "", false},
		{map[string]string{"TERM": "xterm-kitty", "TMUX": "/tmp/tmux,1,0"}, "", false}, // tmux: ask instead
	} {
		got, ok := FromEnv(func(k string) string { return c.env[k] })
		if got != c.want || ok != c.ok {
			t.Errorf("%v: %q %v, want %q %v", c.env, got, ok, c.want, c.ok)
		}
	}
}

func TestQueriesEndWithDA1(t *testing.T) {
	for _, tmux := range []bool{false, true} {
		q := Queries(tmux)
		if q[len(q)-3:] != "\x1b[c" {
			t.Errorf("tmux=%v: the batch must end with DA1: %q", tmux, q)
		}
		wrapped := len(q) > 7 && q[:7] == "\x1bPtmux;"
		if wrapped != tmux {
			t.Errorf("tmux=%v: kitty query wrapped=%v: %q", tmux, wrapped, q)
		}
	}
}

func TestParseMode(t *testing.T) {
	for _, s := range []string{"auto", "KITTY", " sixel", "iterm", "blocks", "off", ""} {
		if _, err := ParseMode(s); err != nil {
			t.Errorf("%q: %v", s, err)
		}
	}
	if _, err := ParseMode("ascii"); err == nil {
		t.Error("ascii should be refused")
	}
}
