package config

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/s3share/s3share/internal/hint"
)

// terminalVariables are the variables terminal detection reads (preview's
// protocols, tmux passthrough, colours).
var terminalVariables = []string{
	"TERM", "TERM_PROGRAM", "COLORTERM", "TMUX", "KITTY_WINDOW_ID", "WEZTERM_EXECUTABLE",
	"GHOSTTY_RESOURCES_DIR", "ITERM_SESSION_ID", "WT_SESSION", "NO_COLOR", "CLICOLOR", "CLICOLOR_FORCE",
}

// Environment is what s3share reads from its environment besides its
// settings (and the AWS SDK's own chain): where the history is, the CA
// bundle the SDK trusts, the AWS profile, the displays a clipboard needs,
// whether it runs over SSH, and the terminal's variables.
type Environment struct {
	HistoryPath string // S3SHARE_HISTORY, else under XDG_STATE_HOME, else ~/.local/state
	HistoryErr  error  // why there is no default history path ("" HistoryPath)
	CABundle    string // AWS_CA_BUNDLE
	Profile     string // AWS_PROFILE
	X11         bool   // DISPLAY is set
	Wayland     bool   // WAYLAND_DISPLAY is set
	OverSSH     bool   // SSH_TTY or SSH_CONNECTION is set
	User        string // USER, else LOGNAME, else USERNAME: a default team member name
	terminal    map[string]string
}

// ReadEnvironment reads the environment through getenv (os.Getenv in the
// program, a map in tests).
func ReadEnvironment(getenv func(string) string) Environment {
	e := Environment{
		CABundle: getenv("AWS_CA_BUNDLE"),
		Profile:  getenv("AWS_PROFILE"),
		X11:      getenv("DISPLAY") != "",
		Wayland:  getenv("WAYLAND_DISPLAY") != "",
		OverSSH:  getenv("SSH_TTY") != "" || getenv("SSH_CONNECTION") != "",
		User:     firstSet(getenv, "USER", "LOGNAME", "USERNAME"),
		terminal: map[string]string{},
	}
	e.HistoryPath, e.HistoryErr = defaultHistoryPath(getenv)
	for _, name := range terminalVariables {
		if v := getenv(name); v != "" {
			e.terminal[name] = v
		}
	}
	return e
}

// firstSet is the first of the variables names that is set, or "".
func firstSet(getenv func(string) string, names ...string) string {
	for _, n := range names {
		if v := getenv(n); v != "" {
			return v
		}
	}
	return ""
}

// Terminal looks up one of the terminal's variables, as os.Getenv would;
// any other name reads "".
func (e Environment) Terminal(name string) string { return e.terminal[name] }

// TerminalEnviron is the terminal's variables as "NAME=value" pairs, as
// os.Environ gives them.
func (e Environment) TerminalEnviron() []string {
	var out []string
	for _, name := range terminalVariables {
		if v, ok := e.terminal[name]; ok {
			out = append(out, name+"="+v)
		}
	}
	return out
}

// defaultHistoryPath is S3SHARE_HISTORY, else
// $XDG_STATE_HOME/s3share/history.db, else ~/.local/state/s3share/history.db.
func defaultHistoryPath(getenv func(string) string) (string, error) {
	if p := getenv("S3SHARE_HISTORY"); p != "" {
		return p, nil
	}
	if d := getenv("XDG_STATE_HOME"); filepath.IsAbs(d) {
		return filepath.Join(d, "s3share", "history.db"), nil
	}
	home := getenv("HOME")
	if home == "" {
		return "", hint.With(errors.New("cannot find the history: no home directory; set S3SHARE_HISTORY or choose a history file"), hint.History)
	}
	if _, err := os.Stat(home); err != nil {
		return "", hint.With(fmt.Errorf("HOME is %s, which does not exist: set HOME to your home directory, or XDG_STATE_HOME, S3SHARE_HISTORY or a history file", home), hint.History)
	}
	return filepath.Join(home, ".local", "state", "s3share", "history.db"), nil
}
