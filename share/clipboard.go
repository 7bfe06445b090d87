package share

import (
	"errors"
	"fmt"
	"os"
	"runtime"

	"github.com/atotto/clipboard"
)

// ErrNoClipboard is wrapped when no native clipboard can take the text.
var ErrNoClipboard = errors.New("no clipboard")

// clipboardHelp says what to do when there is no native clipboard.
const clipboardHelp = "install xclip or xsel (X11) or wl-clipboard (Wayland), or use the printed URL"

// CopyNative puts text on the system clipboard. Without one (no display,
// no xclip/xsel/wl-copy, or the tool failed) it returns an error wrapping
// ErrNoClipboard that says what to do. The text is never included in errors.
func CopyNative(text string) error {
	if clipboard.Unsupported {
		return fmt.Errorf("%w: %s", ErrNoClipboard, clipboardHelp)
	}
	if needsDisplay() && os.Getenv("DISPLAY") == "" && os.Getenv("WAYLAND_DISPLAY") == "" {
		return fmt.Errorf("%w: no DISPLAY or WAYLAND_DISPLAY (over SSH?): use the printed URL", ErrNoClipboard)
	}
	if err := clipboard.WriteAll(text); err != nil {
		return fmt.Errorf("%w (%s): %s", ErrNoClipboard, oneLine(err.Error()), clipboardHelp)
	}
	return nil
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
