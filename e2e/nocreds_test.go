package e2e

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/s3share/s3share/internal/testsrv"
)

// TestNoCredentialsHint opens the UI with no credentials anywhere against a
// reachable endpoint: the hint says how to give credentials, once, and does
// not offer --endpoint-url (which gives none) as a way out.
func TestNoCredentialsHint(t *testing.T) {
	srv := testsrv.Fake(t)
	env := append(srv.Env(), "AWS_ACCESS_KEY_ID=", "AWS_SECRET_ACCESS_KEY=")
	history := filepath.Join(t.TempDir(), "history.db")
	cmdline := strings.Join([]string{Binary(t), "--endpoint-url", srv.Endpoint, "--history", history}, " ")
	term := StartTerm(t, cmdline, TermOptions{Width: 100, Height: 30, Env: env})

	term.WaitFor("No AWS credentials found", 15*time.Second)
	time.Sleep(500 * time.Millisecond) // the status line and the buckets screen both had their answer
	screen := term.Screen()
	flat := strings.Join(strings.Fields(screen), " ")
	if n := strings.Count(flat, "No AWS credentials found"); n != 1 {
		t.Errorf("the hint shows %d times:\n%s", n, screen)
	}
	for _, want := range []string{"AWS_ACCESS_KEY_ID", "AWS_PROFILE", "aws configure"} {
		if !strings.Contains(flat, want) {
			t.Errorf("the hint does not mention %s:\n%s", want, screen)
		}
	}
	if strings.Contains(flat, "--endpoint-url") {
		t.Errorf("the hint offers --endpoint-url, which gives no credentials:\n%s", screen)
	}
	term.SendKeys("q")
}
