//go:build unix

package cli

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestUIRefusesWithoutTerminal runs the UI with no terminal at all (a new
// session, so no /dev/tty, and pipes for stdin, stdout and stderr): one line
// that says what to do, exit 2, nothing on stdout, and no demo server.
func TestUIRefusesWithoutTerminal(t *testing.T) {
	for _, args := range [][]string{{"demo"}, {"--endpoint-url", downEndpoint()}} {
		t.Run(args[0], func(t *testing.T) {
			cmd := exec.Command(binary, append([]string{"--history", filepath.Join(t.TempDir(), "history.db")}, args...)...)
			cmd.Env = append(os.Environ(), "HOME="+t.TempDir(), "S3SHARE_HISTORY=")
			cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
			var stdout, stderr bytes.Buffer
			cmd.Stdin, cmd.Stdout, cmd.Stderr = strings.NewReader("q"), &stdout, &stderr
			err := cmd.Run()
			code := 0
			if exit, ok := err.(*exec.ExitError); ok {
				code = exit.ExitCode()
			} else if err != nil {
				t.Fatal(err)
			}
			msg := strings.TrimSpace(stderr.String())
			t.Logf("exit %d: %s", code, msg)
			if code != 2 || stdout.Len() != 0 || strings.Contains(msg, "\n") {
				t.Fatalf("exit %d, stdout %q, stderr %q; want exit 2 and one line", code, stdout.String(), msg)
			}
			for _, want := range []string{"needs a terminal", "run s3share in a terminal", "s3share ls"} {
				if !strings.Contains(msg, want) {
					t.Errorf("stderr does not say %q: %q", want, msg)
				}
			}
		})
	}
}
