// Package e2e drives the real s3share binary in a real terminal (tmux)
// with a real X clipboard (Xvfb and xclip), the way a person uses it.
package e2e

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// tools are the programs the end-to-end tests need, with their Debian packages.
var tools = map[string]string{"tmux": "tmux", "Xvfb": "xvfb", "xclip": "xclip"}

// needTools skips the test when a tool is missing, or fails it under CI=true.
func needTools(t *testing.T) {
	t.Helper()
	var missing, pkgs []string
	for bin, pkg := range tools {
		if _, err := exec.LookPath(bin); err != nil {
			missing, pkgs = append(missing, bin), append(pkgs, pkg)
		}
	}
	if len(missing) == 0 {
		return
	}
	msg := fmt.Sprintf("e2e needs %s: apt-get install %s", strings.Join(missing, ", "), strings.Join(pkgs, " "))
	if os.Getenv("CI") == "true" {
		t.Fatal(msg)
	}
	t.Skip(msg)
}

// buildOnce builds the s3share binary once per test run.
var buildOnce = sync.OnceValues(func() (string, error) {
	bin, err := filepath.Abs(filepath.Join("..", "tmp", "s3share"))
	if err != nil {
		return "", err
	}
	out, err := exec.Command("go", "build", "-o", bin, "..").CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("go build s3share: %v\n%s", err, out)
	}
	return bin, nil
})

// Binary returns the path of the s3share binary, built once into ../tmp.
func Binary(t *testing.T) string {
	t.Helper()
	bin, err := buildOnce()
	if err != nil {
		t.Fatal(err)
	}
	return bin
}

// Display is a private X server (Xvfb) that holds a real clipboard.
type Display struct {
	Name string // e.g. ":93"
}

// StartDisplay starts Xvfb on the first free display from :90 to :99 and
// stops it when the test ends.
func StartDisplay(t *testing.T) *Display {
	t.Helper()
	needTools(t)
	var errs []error
	for n := 90; n <= 99; n++ {
		if _, err := os.Stat(fmt.Sprintf("/tmp/.X%d-lock", n)); err == nil {
			continue
		}
		cmd, err := startXvfb(n)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		t.Cleanup(func() { stopX(cmd) })
		return &Display{Name: fmt.Sprintf(":%d", n)}
	}
	t.Fatalf("no free X display from :90 to :99: %v", errors.Join(errs...))
	return nil
}

// stopX ends an X server with SIGTERM, so that it removes its lock file and
// socket (a killed one leaves them, and its display is taken for good).
func stopX(cmd *exec.Cmd) {
	cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan struct{})
	go func() { cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		cmd.Process.Kill()
		<-done
	}
}

// startXvfb starts Xvfb on display n and waits until it reports ready
// through -displayfd.
func startXvfb(n int) (*exec.Cmd, error) {
	r, w, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	// -noreset: an X server resets when its last client leaves, and a client
	// connecting meanwhile is refused (xdotool leaving as xterm connects).
	cmd := exec.Command("Xvfb", fmt.Sprintf(":%d", n), "-screen", "0", "1280x800x24", "-nolisten", "tcp", "-noreset", "-displayfd", "3")
	cmd.ExtraFiles = []*os.File{w}
	err = cmd.Start()
	w.Close()
	if err != nil {
		return nil, fmt.Errorf("start Xvfb :%d: %w", n, err)
	}
	ready := make(chan error, 1)
	go func() {
		_, err := bufio.NewReader(r).ReadString('\n')
		ready <- err
	}()
	select {
	case err = <-ready:
	case <-time.After(10 * time.Second):
		err = errors.New("not ready after 10s")
	}
	if err != nil {
		cmd.Process.Kill()
		cmd.Wait()
		return nil, fmt.Errorf("Xvfb :%d: %w", n, err)
	}
	return cmd, nil
}

// ReadClipboard returns the X clipboard's text.
func (d *Display) ReadClipboard() (string, error) {
	cmd := exec.Command("xclip", "-o", "-selection", "clipboard")
	cmd.Env = append(os.Environ(), "DISPLAY="+d.Name)
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("xclip -o on %s: %w", d.Name, err)
	}
	return string(out), nil
}

// WaitClipboard polls the clipboard until it holds text or the timeout
// passes, and returns that text.
func (d *Display) WaitClipboard(t *testing.T, timeout time.Duration) string {
	t.Helper()
	var last error
	for end := time.Now().Add(timeout); time.Now().Before(end); time.Sleep(50 * time.Millisecond) {
		text, err := d.ReadClipboard()
		if err == nil && text != "" {
			return text
		}
		last = err
	}
	t.Fatalf("clipboard on %s still empty after %v (last error: %v)", d.Name, timeout, last)
	return ""
}

// TermOptions set up a Term.
type TermOptions struct {
	Width, Height int      // pane size; 120x35 when zero
	Env           []string // extra KEY=VALUE pairs for the command
	Dir           string   // working directory; the test's temp dir when empty
	Display       *Display // sets DISPLAY when not nil
	// OSC52 lets the command set tmux's paste buffer with OSC 52 (tmux's
	// set-clipboard on), as a terminal that honours it would take it.
	OSC52 bool
}

// Term is a command running in a private tmux server.
type Term struct {
	t       *testing.T
	socket  string
	session string
}

// tmuxConf keeps keys prompt (no escape delay) and keeps the pane after
// the command exits. "status off" is set per session in StartTerm: tmux
// 3.3a crashes when a config file turns the status line off.
const tmuxConf = `set -s escape-time 0
set -g remain-on-exit on
set -g history-limit 5000
`

// StartTerm runs cmdline (a shell command) in a new detached tmux session on
// a private server with a clean environment: PATH, HOME (a temp dir),
// LANG=C.UTF-8, DISPLAY and opts.Env. The server is killed when the test ends.
func StartTerm(t *testing.T, cmdline string, opts TermOptions) *Term {
	t.Helper()
	needTools(t)
	dir := t.TempDir()
	conf := filepath.Join(dir, "tmux.conf")
	if err := os.WriteFile(conf, []byte(tmuxConf), 0o600); err != nil {
		t.Fatal(err)
	}
	term := &Term{t: t, socket: filepath.Join(dir, "tmux.sock"), session: "e2e"}
	w, h := cmp(opts.Width, 120), cmp(opts.Height, 35)
	wd := opts.Dir
	if wd == "" {
		wd = dir
	}
	// A placeholder first, so the status line is off before cmdline starts
	// and cmdline sees the full size from its first frame.
	clipboard := "external" // tmux's default: commands cannot set its buffers
	if opts.OSC52 {
		clipboard = "on"
	}
	cmd := exec.Command("tmux", "-S", term.socket, "-f", conf,
		"new-session", "-d", "-s", term.session, "-x", fmt.Sprint(w), "-y", fmt.Sprint(h), "-c", wd, "sleep 600", ";",
		"set-option", "-t", term.session, "status", "off", ";",
		"set-option", "-s", "set-clipboard", clipboard, ";",
		"respawn-pane", "-k", "-t", term.session, "-c", wd, cmdline)
	cmd.Dir = wd
	cmd.Env = termEnv(dir, opts)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("tmux new-session: %v: %s", err, out)
	}
	t.Cleanup(term.kill)
	return term
}

// kill stops the tmux server and waits until the pane's process has
// gone: a shell writes its history file into HOME (the test's temp dir)
// as it exits on the hangup, and the temp dir's removal must come after.
func (term *Term) kill() {
	out, _ := exec.Command("tmux", "-S", term.socket, "display-message", "-p", "-t", term.session, "#{pane_pid}").Output()
	exec.Command("tmux", "-S", term.socket, "kill-server").Run()
	var pid int
	if _, err := fmt.Sscan(string(out), &pid); err != nil || pid <= 0 {
		return
	}
	for deadline := time.Now().Add(10 * time.Second); alive(pid) && time.Now().Before(deadline); {
		time.Sleep(10 * time.Millisecond)
	}
}

// alive reports whether process pid exists and has not exited (a zombie
// no one reaps has exited).
func alive(pid int) bool {
	stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return false
	}
	fields := strings.Fields(string(stat[strings.LastIndexByte(string(stat), ')')+1:]))
	return len(fields) > 0 && fields[0] != "Z"
}

// cmp returns v, or def when v is zero.
func cmp(v, def int) int {
	if v == 0 {
		return def
	}
	return v
}

// termEnv is the clean environment of a Term's command.
func termEnv(home string, opts TermOptions) []string {
	env := []string{"PATH=" + os.Getenv("PATH"), "HOME=" + home, "LANG=C.UTF-8", "TERM=xterm-256color"}
	if opts.Display != nil {
		env = append(env, "DISPLAY="+opts.Display.Name)
	}
	return append(env, opts.Env...)
}

// tmux runs a tmux command against this Term's server and returns its output.
func (term *Term) tmux(args ...string) string {
	term.t.Helper()
	out, err := exec.Command("tmux", append([]string{"-S", term.socket}, args...)...).CombinedOutput()
	if err != nil {
		term.t.Fatalf("tmux %s: %v: %s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// SendKeys sends tmux key names, e.g. "Down", "Enter", "Escape", "Space", "C-c".
func (term *Term) SendKeys(keys ...string) {
	term.t.Helper()
	term.tmux(append([]string{"send-keys", "-t", term.session}, keys...)...)
}

// Type sends text literally, as typed characters.
func (term *Term) Type(text string) {
	term.t.Helper()
	term.tmux("send-keys", "-t", term.session, "-l", text)
}

// Resize changes the pane size; the command sees a SIGWINCH.
func (term *Term) Resize(w, h int) {
	term.t.Helper()
	term.tmux("resize-window", "-t", term.session, "-x", fmt.Sprint(w), "-y", fmt.Sprint(h))
}

// Screen returns the visible text of the pane.
func (term *Term) Screen() string {
	term.t.Helper()
	return term.tmux("capture-pane", "-p", "-t", term.session)
}

// WaitFor polls the screen until it contains text and returns that screen.
// It fails the test, showing the last screen, when timeout passes first.
func (term *Term) WaitFor(text string, timeout time.Duration) string {
	term.t.Helper()
	return term.WaitUntil(func(s string) bool { return strings.Contains(s, text) }, fmt.Sprintf("%q", text), timeout)
}

// WaitUntil polls the screen until ok accepts it; what names the awaited
// state in the failure message.
func (term *Term) WaitUntil(ok func(screen string) bool, what string, timeout time.Duration) string {
	term.t.Helper()
	var screen string
	for end := time.Now().Add(timeout); time.Now().Before(end); time.Sleep(50 * time.Millisecond) {
		if screen = term.Screen(); ok(screen) {
			return screen
		}
	}
	term.t.Fatalf("screen never showed %s within %v; last screen:\n%s", what, timeout, screen)
	return ""
}

func TestTermSelf(t *testing.T) {
	term := StartTerm(t, `sh -c 'echo hello $GREETING; stty size; sleep 30'`, TermOptions{
		Width: 100, Height: 30, Env: []string{"GREETING=world"},
	})
	term.WaitFor("hello world", 10*time.Second)
	term.WaitFor("30 100", 10*time.Second)
}

func TestClipboardSelf(t *testing.T) {
	d := StartDisplay(t)
	term := StartTerm(t, `sh -c 'echo -n x | xclip -selection clipboard && echo copied; sleep 30'`, TermOptions{Display: d})
	term.WaitFor("copied", 10*time.Second)
	if got := d.WaitClipboard(t, 10*time.Second); got != "x" {
		t.Fatalf("clipboard = %q, want %q", got, "x")
	}
}
