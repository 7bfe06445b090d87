package preview

import (
	"bytes"
	"slices"
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// KittyQueryID is the image id of the kitty graphics support query.
const KittyQueryID = 31

// kittyQuery asks a kitty-graphics terminal to check (not show) a 1x1 RGB
// image; one that supports the protocol answers "_Gi=31;OK".
const kittyQuery = "\x1b_Gi=31,s=1,v=1,a=q,t=d,f=24;AAAA\x1b\\"

// Queries is the one batch of terminal queries detection sends: the kitty
// graphics query, the cell size in pixels (CSI 16 t), then DA1 last: every
// terminal answers DA1, and as terminals answer in order its reply marks
// the end. Inside tmux the kitty query is passed through to the outer
// terminal (it needs allow-passthrough on); tmux answers DA1 itself.
func Queries(tmux bool) string {
	k := kittyQuery
	if tmux {
		k = ansi.TmuxPassthrough(k)
	}
	return k + ansi.WindowOp(16) + ansi.RequestPrimaryDeviceAttributes
}

// CellSize is the size of one terminal cell in pixels.
type CellSize struct{ W, H int }

// DefaultCell is assumed when the terminal does not report its cell size
// (kitty and iTerm2 scale the picture into the cells they are given, so
// only the sharpness depends on it).
var DefaultCell = CellSize{W: 10, H: 20}

// SixelCell is assumed for sixel when the terminal does not report its
// cell size, as xterm does not by default: sixel pixels are screen pixels,
// so the guess must not be larger than the real cell or the picture would
// spill out of its box. 6x13 is xterm's default font, the smallest common.
var SixelCell = CellSize{W: 6, H: 13}

// Known reports whether c is a plausible reported cell size.
func (c CellSize) Known() bool { return c.W >= 2 && c.H >= 2 && c.W <= 200 && c.H <= 400 }

// OrDefault returns c, or DefaultCell when c is not a plausible size.
func (c CellSize) OrDefault() CellSize {
	if !c.Known() {
		return DefaultCell
	}
	return c
}

// Caps is what the terminal said about itself.
type Caps struct {
	Kitty    bool     // answered the kitty graphics query with OK
	Sixel    bool     // DA1 lists sixel (4)
	Cell     CellSize // pixels per cell; zero when not reported
	Answered bool     // DA1 arrived: no more replies will come
}

// Best is the mode Caps support: kitty, then sixel, else blocks.
func (c Caps) Best() Mode {
	switch {
	case c.Kitty:
		return Kitty
	case c.Sixel:
		return Sixel
	}
	return Blocks
}

// DA1Sixel reports whether the parameters of a DA1 reply (CSI ? Ps ; ... c)
// list sixel graphics. The first parameter is the terminal's class; only
// VT220-class terminals and later (62+) list features after it, and the
// feature is the number 4 itself: xterm's default reply "64;1;2;6;9;15;..."
// contains the digit 4 but not the feature.
func DA1Sixel(params []int) bool {
	return len(params) > 1 && params[0] >= 62 && slices.Contains(params[1:], 4)
}

// KittyOK reports whether a kitty graphics reply's payload accepts the
// query with id KittyQueryID.
func KittyOK(id int, payload []byte) bool {
	return id == KittyQueryID && string(payload) == "OK"
}

// Complete reports whether replies holds a whole DA1 reply
// (ESC [ ? digits and separators c), the end of a batch.
func Complete(replies []byte) bool {
	for {
		i := bytes.Index(replies, []byte("\x1b[?"))
		if i < 0 {
			return false
		}
		replies = replies[i+3:]
		j := 0
		for j < len(replies) && (replies[j] >= '0' && replies[j] <= '9' || replies[j] == ';' || replies[j] == ':') {
			j++
		}
		if j < len(replies) && replies[j] == 'c' {
			return true
		}
	}
}

// ParseReplies reads the terminal's replies to Queries (and anything else
// that arrived with them) into Caps.
func ParseReplies(replies []byte) Caps {
	var caps Caps
	p := ansi.NewParser()
	p.SetParamsSize(32)
	p.SetDataSize(4096)
	var state byte
	for len(replies) > 0 {
		seq, _, n, next := ansi.DecodeSequence(replies, state, p)
		state, replies = next, replies[n:]
		switch {
		case ansi.HasCsiPrefix(seq):
			readCSI(&caps, ansi.Cmd(p.Command()), p.Params())
		case ansi.HasApcPrefix(seq):
			readAPC(&caps, seq)
		}
	}
	return caps
}

// readCSI takes DA1 and cell-size replies.
func readCSI(caps *Caps, cmd ansi.Cmd, params ansi.Params) {
	ints := make([]int, len(params))
	for i, p := range params {
		ints[i] = p.Param(0)
	}
	switch {
	case cmd.Prefix() == '?' && cmd.Final() == 'c':
		caps.Answered = true
		caps.Sixel = DA1Sixel(ints)
	case cmd.Prefix() == 0 && cmd.Final() == 't' && len(ints) == 3 && ints[0] == 6:
		caps.Cell = CellSize{W: ints[2], H: ints[1]}
	}
}

// readAPC takes a kitty graphics reply: ESC _ G i=31;OK ESC \.
func readAPC(caps *Caps, seq []byte) {
	body, ok := bytes.CutPrefix(seq, []byte("\x1b_G"))
	if !ok {
		return
	}
	body = bytes.TrimSuffix(bytes.TrimSuffix(body, []byte("\x1b\\")), []byte("\x07"))
	keys, payload, _ := bytes.Cut(body, []byte(";"))
	for _, kv := range strings.Split(string(keys), ",") {
		if kv == "i=31" && string(payload) == "OK" {
			caps.Kitty = true
		}
	}
}

// FromEnv picks a mode from environment hints alone, as yazi does: kitty
// and Ghostty speak kitty graphics; WezTerm, iTerm2 and VS Code show
// iTerm2 images; foot and Windows Terminal show sixel. ok is false when
// the environment names none of them (then ask the terminal). Inside tmux
// the variables describe the outer terminal, so they are not trusted.
func FromEnv(getenv func(string) string) (m Mode, ok bool) {
	if InTmux(getenv) {
		return "", false
	}
	term, prog := getenv("TERM"), getenv("TERM_PROGRAM")
	switch {
	case term == "xterm-kitty", getenv("KITTY_WINDOW_ID") != "",
		prog == "ghostty", term == "xterm-ghostty", getenv("GHOSTTY_RESOURCES_DIR") != "":
		return Kitty, true
	case prog == "WezTerm", getenv("WEZTERM_EXECUTABLE") != "", prog == "iTerm.app",
		getenv("ITERM_SESSION_ID") != "", prog == "vscode":
		return ITerm, true
	case term == "foot", strings.HasPrefix(term, "foot-"), getenv("WT_SESSION") != "":
		return Sixel, true
	}
	return "", false
}

// InTmux reports whether the program runs inside tmux.
func InTmux(getenv func(string) string) bool {
	return getenv("TMUX") != "" || strings.HasPrefix(getenv("TERM"), "tmux")
}
