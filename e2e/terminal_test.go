//go:build unix

package e2e

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// uiRun is the demo UI running in a Term, with files that receive its
// process id and its exit status (tmux 3.3a's #{pane_dead_status} is
// sometimes empty).
type uiRun struct {
	*Term
	pidFile, statusFile string
}

// startDemo runs the demo with a private history in a new Term; redirect is
// appended to its command line (e.g. "> out.txt").
func startDemo(t *testing.T, redirect string) *uiRun {
	dir := t.TempDir()
	r := &uiRun{pidFile: filepath.Join(dir, "pid"), statusFile: filepath.Join(dir, "status")}
	inner := fmt.Sprintf("echo $$ > %s; exec %s demo --history %s %s",
		r.pidFile, Binary(t), filepath.Join(dir, "history.db"), redirect)
	cmdline := fmt.Sprintf("sh -c '%s'; echo $? > %s", inner, r.statusFile)
	r.Term = StartTerm(t, cmdline, TermOptions{Width: 100, Height: 30})
	return r
}

// WaitExit waits until the command has exited and returns its exit status
// (128+n for signal n, as the shell reports it).
func (r *uiRun) WaitExit(timeout time.Duration) int {
	r.t.Helper()
	for end := time.Now().Add(timeout); time.Now().Before(end); time.Sleep(50 * time.Millisecond) {
		data, err := os.ReadFile(r.statusFile)
		if err != nil || !bytes.HasSuffix(data, []byte("\n")) {
			continue
		}
		n, err := strconv.Atoi(strings.TrimSpace(string(data)))
		if err != nil {
			r.t.Fatalf("exit status %q: %v", data, err)
		}
		return n
	}
	r.t.Fatalf("the command still runs after %v; screen:\n%s", timeout, r.Screen())
	return -1
}

// Signal sends sig to the s3share process.
func (r *uiRun) Signal(sig syscall.Signal) {
	r.t.Helper()
	data, err := os.ReadFile(r.pidFile)
	if err != nil {
		r.t.Fatal(err)
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(data)))
	if err != nil {
		r.t.Fatalf("pid %q: %v", data, err)
	}
	if err := syscall.Kill(pid, sig); err != nil {
		r.t.Fatal(err)
	}
}

// TestUIWithOutputRedirected: with stdout going to a file or a pipe, the
// UI is drawn on the controlling terminal and answers keys there; the file
// gets none of it. Keys still come from the terminal when stdin is not one.
func TestUIWithOutputRedirected(t *testing.T) {
	cases := []struct{ name, redirect string }{
		{"stdout to a file", "> OUT"},
		{"stdout through a pipe", "| cat > OUT"},
		{"stdin and stdout redirected", "< /dev/null > OUT"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out.txt")
			term := startDemo(t, strings.ReplaceAll(tc.redirect, "OUT", out))
			term.WaitFor("demo-photos", 15*time.Second)
			term.SendKeys("Enter")
			term.WaitFor(".png", 10*time.Second)
			term.SendKeys("q")
			if code := term.WaitExit(10 * time.Second); code != 0 {
				t.Errorf("exit %d after q, want 0", code)
			}
			data, err := os.ReadFile(out)
			if err != nil {
				t.Fatal(err)
			}
			if bytes.Contains(data, []byte("\x1b")) || bytes.Contains(data, []byte("demo-photos")) {
				t.Errorf("the UI went to the redirected stdout (%d bytes): %q", len(data), data[:min(len(data), 200)])
			}
		})
	}
}

// TestUIInterrupted: ctrl+c and SIGTERM end the UI like any command: exit
// 130, "interrupted" on stderr, and the terminal back to its normal screen.
func TestUIInterrupted(t *testing.T) {
	for _, how := range []string{"ctrl+c", "SIGTERM", "SIGINT"} {
		t.Run(how, func(t *testing.T) {
			errFile := filepath.Join(t.TempDir(), "stderr.txt")
			term := startDemo(t, "2> "+errFile)
			term.WaitFor("demo-photos", 15*time.Second)
			switch how {
			case "ctrl+c":
				term.SendKeys("C-c")
			case "SIGTERM":
				term.Signal(syscall.SIGTERM)
			case "SIGINT":
				term.Signal(syscall.SIGINT)
			}
			if code := term.WaitExit(10 * time.Second); code != 130 {
				t.Errorf("exit %d after %s, want 130", code, how)
			}
			if screen := term.Screen(); strings.Contains(screen, "demo-photos") {
				t.Errorf("the UI's screen stays after %s:\n%s", how, screen)
			}
			stderr, err := os.ReadFile(errFile)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(stderr), "s3share: interrupted") {
				t.Errorf("stderr after %s: %q", how, stderr)
			}
		})
	}
}
