// Package clipboard copies text to the system clipboard: the native tools
// (pbcopy, xclip, xsel, wl-copy) when a display allows, and the OSC 52
// escape a terminal forwards (over SSH too) as the fallback.
package clipboard

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"time"

	"github.com/atotto/clipboard"
)

// ErrNoClipboard is wrapped when no native clipboard can take the text.
var ErrNoClipboard = errors.New("no clipboard")

// clipboardHelp says what to install when there is no native clipboard.
// Errors say nothing of where else the links are: the CLI has printed
// them, the UI masks them until asked; each front end says so itself.
const clipboardHelp = "install xclip or xsel (X11) or wl-clipboard (Wayland)"

// toolTimeout bounds one run of a clipboard tool.
const toolTimeout = 5 * time.Second

// Display says which displays the environment names: the clipboard tools
// of X11 and Wayland need one.
type Display struct {
	X11     bool // DISPLAY is set
	Wayland bool // WAYLAND_DISPLAY is set
}

// CopyNative puts text on the system clipboard. Without one (no display,
// no xclip/xsel/wl-copy, or the tool failed) it returns an error wrapping
// ErrNoClipboard that says what failed and what to do. The text is never
// included in errors.
func CopyNative(text string, d Display) error {
	if !needsDisplay() {
		if clipboard.Unsupported {
			return fmt.Errorf("%w: %s", ErrNoClipboard, clipboardHelp)
		}
		if err := clipboard.WriteAll(text); err != nil {
			return fmt.Errorf("%w (%s)", ErrNoClipboard, oneLine(err.Error()))
		}
		return nil
	}
	if !d.X11 && !d.Wayland {
		return fmt.Errorf("%w: no DISPLAY or WAYLAND_DISPLAY (over SSH?)", ErrNoClipboard)
	}
	tool := displayTool(d)
	if tool == nil {
		return fmt.Errorf("%w: %s", ErrNoClipboard, clipboardHelp)
	}
	return runTool(tool, text)
}

// needsDisplay reports whether the clipboard tools on this system need an
// X11 or Wayland display.
func needsDisplay() bool {
	switch runtime.GOOS {
	case "linux", "freebsd", "openbsd", "netbsd", "dragonfly", "solaris":
		return true
	}
	return false
}

// displayTool is the command that copies its input to the clipboard under
// X11 or Wayland, chosen as atotto/clipboard chooses: wl-copy under
// Wayland, else xclip, else xsel; nil when none is installed.
func displayTool(d Display) []string {
	if d.Wayland {
		if _, err := exec.LookPath("wl-copy"); err == nil {
			return []string{"wl-copy"}
		}
	}
	for _, args := range [][]string{{"xclip", "-in", "-selection", "clipboard"}, {"xsel", "--input", "--clipboard"}} {
		if _, err := exec.LookPath(args[0]); err == nil {
			return args
		}
	}
	return nil
}

// runTool runs a clipboard tool with text on its input and, when it fails,
// says why in the tool's own words ("Error: Can't open display: :1").
// Its stderr goes to a file, not a pipe: xclip and xsel leave a child
// behind to serve the selection, and that child would hold a pipe open.
func runTool(args []string, text string) error {
	errFile, err := os.CreateTemp("", "s3share-clipboard-")
	if err != nil {
		return fmt.Errorf("%w: %s", ErrNoClipboard, oneLine(err.Error()))
	}
	defer os.Remove(errFile.Name())
	defer errFile.Close()
	ctx, cancel := context.WithTimeout(context.Background(), toolTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, args[0], args[1:]...)
	cmd.Stdin = strings.NewReader(text)
	cmd.Stderr = errFile
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("%w: %s could not copy (%s): check DISPLAY/WAYLAND_DISPLAY",
			ErrNoClipboard, args[0], toolReason(errFile, err, ctx.Err() != nil))
	}
	return nil
}

// toolReason is the first line the tool wrote on stderr, else what
// happened to it.
func toolReason(errFile *os.File, err error, timedOut bool) string {
	var buf [512]byte
	n, _ := errFile.ReadAt(buf[:], 0)
	if msg := strings.TrimSpace(oneLine(strings.TrimSpace(string(buf[:n])))); msg != "" {
		return msg
	}
	if timedOut {
		return "no answer in " + toolTimeout.String()
	}
	return oneLine(err.Error())
}

// oneLine keeps the first line of s, at most 80 bytes.
func oneLine(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] == '\n' || s[i] == '\r' {
			s = s[:i]
			break
		}
	}
	if len(s) > 80 {
		s = s[:80]
	}
	return s
}
