package clipboard

import (
	"errors"
	"os/exec"
	"strings"
	"testing"

	"github.com/s3share/s3share/internal/testdisplay"
)

func TestCopyNativeNoDisplay(t *testing.T) {
	if !needsDisplay() {
		t.Skip("this system's clipboard needs no display")
	}
	err := CopyNative("https://example.test/secret?X-Amz-Signature=abc", Display{})
	if !errors.Is(err, ErrNoClipboard) {
		t.Fatalf("CopyNative without a display = %v, want ErrNoClipboard", err)
	}
	if strings.Contains(err.Error(), "Signature") || strings.Contains(err.Error(), "\n") {
		t.Errorf("error %q: want one line without the text", err)
	}
	// The front ends say what to do instead (the CLI printed the links,
	// the UI masks them until v): the library cannot know which.
	if strings.Contains(err.Error(), "printed") {
		t.Errorf("error %q: tells the person to use a printed URL the front end may not show", err)
	}
}

// TestCopyNativeBadDisplay: with xclip installed and DISPLAY naming no X
// server, the error says what failed, not to install xclip.
func TestCopyNativeBadDisplay(t *testing.T) {
	testdisplay.Need(t, "xclip")
	t.Setenv("DISPLAY", ":987") // no X server there
	t.Setenv("WAYLAND_DISPLAY", "")
	err := CopyNative("x", Display{X11: true})
	if !errors.Is(err, ErrNoClipboard) || strings.Contains(err.Error(), "\n") {
		t.Fatalf("CopyNative with a dead display = %v, want one-line ErrNoClipboard", err)
	}
	msg := err.Error()
	t.Log(msg)
	if strings.Contains(msg, "install") || !strings.Contains(msg, "xclip") || !strings.Contains(msg, "open display") ||
		!strings.Contains(msg, ":987") {
		t.Errorf("error %q: want what failed (xclip cannot open display :987), not an install hint", msg)
	}
}

func TestCopyNativeXvfb(t *testing.T) {
	testdisplay.Need(t, "Xvfb", "xclip")
	display := testdisplay.X11(t)
	t.Setenv("DISPLAY", display)
	t.Setenv("WAYLAND_DISPLAY", "")
	want := "https://example.test/a b.png?X-Amz-Expires=60\nsecond line"
	if err := CopyNative(want, Display{X11: true}); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("xclip", "-o", "-selection", "clipboard").Output()
	if err != nil {
		t.Fatal(err)
	}
	if string(out) != want {
		t.Errorf("clipboard holds %q, want %q", out, want)
	}
}

// TestCopyNativeWayland: under a Wayland compositor (and no X server)
// the text goes through wl-copy, and wl-paste reads it back exact.
func TestCopyNativeWayland(t *testing.T) {
	testdisplay.Need(t, "wl-copy", "wl-paste")
	setEnv(t, testdisplay.Wayland(t))
	want := "https://example.test/a b.png?X-Amz-Expires=60\nsecond line"
	if err := CopyNative(want, Display{Wayland: true}); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("wl-paste", "--no-newline").Output()
	if err != nil {
		t.Fatal(err)
	}
	if string(out) != want {
		t.Errorf("clipboard holds %q, want %q", out, want)
	}
}

// setEnv sets each NAME=VALUE of env for the test.
func setEnv(t *testing.T, env []string) {
	t.Helper()
	for _, kv := range env {
		name, value, _ := strings.Cut(kv, "=")
		t.Setenv(name, value)
	}
}
