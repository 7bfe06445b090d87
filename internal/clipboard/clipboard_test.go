package clipboard

import (
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"
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
	requireTools(t, "xclip")
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
	requireTools(t, "Xvfb", "xclip")
	display := startXvfb(t)
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

// requireTools skips (fails under CI=true) when a tool is missing.
func requireTools(t *testing.T, tools ...string) {
	t.Helper()
	for _, tool := range tools {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("CI") == "true" {
				t.Fatalf("%s is not installed (apt-get install xvfb xclip)", tool)
			}
			t.Skipf("%s is not installed (apt-get install xvfb xclip)", tool)
		}
	}
}

// startXvfb starts a virtual X server on a free display and returns it.
func startXvfb(t *testing.T) string {
	t.Helper()
	for n := 140; n < 200; n++ {
		if _, err := os.Stat(fmt.Sprintf("/tmp/.X11-unix/X%d", n)); err == nil {
			continue
		}
		display := fmt.Sprintf(":%d", n)
		cmd := exec.Command("Xvfb", display, "-nolisten", "tcp", "-noreset") // no reset when xclip, the last client, leaves

		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { cmd.Process.Signal(syscall.SIGTERM); cmd.Wait() }) // SIGTERM: it removes its lock and socket
		if waitX(n) {
			return display
		}
		cmd.Process.Kill()
		cmd.Wait()
	}
	t.Fatal("could not start Xvfb")
	return ""
}

// waitX polls until display n accepts connections (up to about 10 s).
func waitX(n int) bool {
	sock := fmt.Sprintf("/tmp/.X11-unix/X%d", n)
	for range 1000 {
		if c, err := net.Dial("unix", sock); err == nil {
			c.Close()
			return true
		}
		time.Sleep(10 * time.Millisecond)
	}
	return false
}
