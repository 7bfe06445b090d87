package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/s3share/s3share/internal/hint"
)

func mapEnv(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestDefaultHistoryPath(t *testing.T) {
	home := t.TempDir()
	cases := []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{"S3SHARE_HISTORY": "/x/h.db", "XDG_STATE_HOME": "/state", "HOME": home}, "/x/h.db"},
		{map[string]string{"XDG_STATE_HOME": "/state", "HOME": home}, "/state/s3share/history.db"},
		{map[string]string{"XDG_STATE_HOME": "relative", "HOME": home}, filepath.Join(home, ".local/state/s3share/history.db")},
		{map[string]string{"HOME": home}, filepath.Join(home, ".local/state/s3share/history.db")},
	}
	for _, c := range cases {
		if e := ReadEnvironment(mapEnv(c.env)); e.HistoryPath != c.want || e.HistoryErr != nil {
			t.Errorf("%v: %q, %v; want %q", c.env, e.HistoryPath, e.HistoryErr, c.want)
		}
	}
	e := ReadEnvironment(mapEnv(map[string]string{"HOME": "/home/nobody-here"}))
	if e.HistoryErr == nil || !strings.Contains(e.HistoryErr.Error(), "HOME is /home/nobody-here, which does not exist") {
		t.Errorf("a HOME that does not exist: %v", e.HistoryErr)
	}
	if s, ok := hint.Of(e.HistoryErr); !ok || s != hint.History {
		t.Errorf("the error does not point at the history setting: %q", s)
	}
	if _, err := os.Stat("/home/nobody-here"); err == nil {
		t.Error("the missing HOME was created")
	}
	if e := ReadEnvironment(mapEnv(nil)); e.HistoryErr == nil || strings.Contains(e.HistoryErr.Error(), "--") {
		t.Errorf("no HOME: %v, want a refusal without flag names", e.HistoryErr)
	}
}

func TestEnvironmentReadsOnlyWhatItNames(t *testing.T) {
	e := ReadEnvironment(mapEnv(map[string]string{"TERM": "xterm-kitty", "KITTY_WINDOW_ID": "1", "AWS_SECRET_ACCESS_KEY": "s",
		"SSH_TTY": "/dev/pts/1", "DISPLAY": ":0", "AWS_CA_BUNDLE": "/ca.pem", "AWS_PROFILE": "work", "HOME": t.TempDir()}))
	if e.Terminal("TERM") != "xterm-kitty" || e.Terminal("KITTY_WINDOW_ID") != "1" || e.Terminal("AWS_SECRET_ACCESS_KEY") != "" {
		t.Errorf("terminal variables: TERM %q, KITTY_WINDOW_ID %q, a secret %q", e.Terminal("TERM"), e.Terminal("KITTY_WINDOW_ID"), e.Terminal("AWS_SECRET_ACCESS_KEY"))
	}
	if got := strings.Join(e.TerminalEnviron(), " "); got != "TERM=xterm-kitty KITTY_WINDOW_ID=1" {
		t.Errorf("TerminalEnviron = %q", got)
	}
	if !e.OverSSH || !e.X11 || e.Wayland || e.CABundle != "/ca.pem" || e.Profile != "work" {
		t.Errorf("environment: %+v", e)
	}
}
