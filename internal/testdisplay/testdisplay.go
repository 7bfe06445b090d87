// Package testdisplay starts the private displays tests need for a real
// clipboard: an X server (Xvfb) and a Wayland compositor (weston, drawn
// into its own Xvfb so that it has a seat for the clipboard). Each ends
// when its test does.
package testdisplay

import (
	"bufio"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"
)

// packages are the Debian packages of the programs the displays use.
var packages = map[string]string{
	"Xvfb": "xvfb", "xclip": "xclip", "weston": "weston", "wl-copy": "wl-clipboard", "wl-paste": "wl-clipboard",
}

// Need skips the test when a program is missing, or fails it under
// CI=true, where a missing tool is a broken setup, not a reason to skip.
func Need(t testing.TB, programs ...string) {
	t.Helper()
	for _, p := range programs {
		if _, err := exec.LookPath(p); err == nil {
			continue
		}
		pkg := packages[p]
		if pkg == "" {
			pkg = p
		}
		if os.Getenv("CI") == "true" {
			t.Fatalf("this test needs %s: apt-get install %s", p, pkg)
		}
		t.Skipf("no %s: apt-get install %s", p, pkg)
	}
}

// X11 starts a private X server on a display it picks itself (it says
// which through -displayfd) and returns its name (":N"). It ends with
// SIGTERM, so that it removes its lock, when the test ends.
func X11(t testing.TB) string {
	t.Helper()
	Need(t, "Xvfb")
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	cmd := exec.Command("Xvfb", "-nolisten", "tcp", "-noreset", "-displayfd", "3") // -noreset: xclip leaving does not reset it
	cmd.ExtraFiles = []*os.File{w}
	err = cmd.Start()
	w.Close()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Signal(syscall.SIGTERM); cmd.Wait() })
	ready := make(chan string, 1)
	go func() {
		line, _ := bufio.NewReader(r).ReadString('\n')
		ready <- strings.TrimSpace(line)
	}()
	select {
	case n := <-ready:
		if n == "" {
			t.Fatal("Xvfb did not start")
		}
		return ":" + n
	case <-time.After(10 * time.Second):
		t.Fatal("Xvfb not ready after 10s")
	}
	return ""
}

// Wayland starts weston with its X11 backend in a private X server (the
// headless backend has no seat, and a clipboard needs one) and returns
// the environment of a Wayland client: WAYLAND_DISPLAY, XDG_RUNTIME_DIR,
// and DISPLAY empty, so that nothing falls back to X11 by mistake.
func Wayland(t testing.TB) []string {
	t.Helper()
	Need(t, "weston")
	x := X11(t)
	runtime, err := os.MkdirTemp("", "wayland")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(runtime) })
	const socket = "wayland-test"
	cmd := exec.Command("weston", "--backend=x11-backend.so", "--use-pixman", "--no-config", "--idle-time=0", "--socket="+socket)
	cmd.Env = append(os.Environ(), "DISPLAY="+x, "XDG_RUNTIME_DIR="+runtime, "WAYLAND_DISPLAY=")
	logs := &strings.Builder{}
	cmd.Stdout, cmd.Stderr = logs, logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan struct{})
	go func() { cmd.Wait(); close(exited) }()
	t.Cleanup(func() { cmd.Process.Signal(syscall.SIGTERM); <-exited })
	if !listening(filepath.Join(runtime, socket), exited) {
		cmd.Process.Kill()
		<-exited
		t.Fatalf("weston did not start:\n%s", logs)
	}
	return []string{"WAYLAND_DISPLAY=" + socket, "XDG_RUNTIME_DIR=" + runtime, "DISPLAY="}
}

// listening polls until the socket accepts connections (up to about
// 10 s), or the server has exited.
func listening(sock string, exited <-chan struct{}) bool {
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); {
		if c, err := net.Dial("unix", sock); err == nil {
			c.Close()
			return true
		}
		select {
		case <-exited:
			return false
		case <-time.After(10 * time.Millisecond):
		}
	}
	return false
}

// Offer puts data in the clipboard of the display env names (DISPLAY,
// or WAYLAND_DISPLAY with XDG_RUNTIME_DIR) as type typ, with xclip or
// wl-copy, and returns once the clipboard offers it: both tools fork a
// child that takes the selection after the parent has returned.
func Offer(t testing.TB, env []string, typ string, data []byte) {
	t.Helper()
	env = append(os.Environ(), env...)
	copyArgs := []string{"xclip", "-selection", "clipboard", "-t", typ, "-i"}
	listArgs := []string{"xclip", "-selection", "clipboard", "-t", "TARGETS", "-o"}
	if wayland(env) {
		copyArgs = []string{"wl-copy", "--type", typ}
		listArgs = []string{"wl-paste", "--list-types"}
	}
	cmd := exec.Command(copyArgs[0], copyArgs[1:]...)
	cmd.Env = env
	cmd.Stdin = strings.NewReader(string(data)) // no output pipes: the child left serving the clipboard would hold them open
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s: %v", copyArgs[0], err)
	}
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		list := exec.Command(listArgs[0], listArgs[1:]...)
		list.Env = env
		if out, err := list.Output(); err == nil && slices.Contains(strings.Fields(string(out)), typ) {
			return
		}
	}
	t.Fatalf("the clipboard does not offer %s 10 s after %s", typ, copyArgs[0])
}

// wayland reports whether env (the last setting of each name wins) names
// a Wayland display and no X one.
func wayland(env []string) bool {
	var display, waylandDisplay string
	for _, kv := range env {
		name, value, _ := strings.Cut(kv, "=")
		switch name {
		case "DISPLAY":
			display = value
		case "WAYLAND_DISPLAY":
			waylandDisplay = value
		}
	}
	return waylandDisplay != "" && display == ""
}
