// Package config reads s3share's settings: built-in defaults, then the
// config file ($XDG_CONFIG_HOME/s3share/config.toml), then the environment,
// each overriding the one before. Command-line flags override all three;
// the CLI applies them and notes them here (Settings.NoteFlag). Every effective value keeps
// the place it came from, so `s3share config` can show it.
//
// The package does no I/O beyond reading the one file (and writing one
// setting into it, WriteSetting), and never imports a UI package.
package config

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/s3share/s3share/internal/userfile"
	"github.com/s3share/s3share/linkfmt"
)

// ErrBadConfig is wrapped by every error about a setting's value, in the
// file or in the environment: the CLI exits 2 (a usage error) on it.
var ErrBadConfig = errors.New("bad setting")

// badConfig is a one-line message about a setting that unwraps to
// ErrBadConfig.
type badConfig struct{ msg string }

func (e *badConfig) Error() string { return e.msg }
func (e *badConfig) Unwrap() error { return ErrBadConfig }

// badf builds a badConfig error.
func badf(format string, args ...any) error {
	return &badConfig{msg: fmt.Sprintf(format, args...)}
}

// Source is where an effective setting came from, weakest first.
type Source int

// The sources, in the order they override each other.
const (
	SourceDefault Source = iota // built into s3share
	SourceFile                  // the config file
	SourceEnv                   // an environment variable
	SourceFlag                  // a command-line flag
)

var sourceNames = [...]string{"default", "file", "env", "flag"}

// String is the source's short name: default, file, env or flag.
func (s Source) String() string {
	if s < 0 || int(s) >= len(sourceNames) {
		return fmt.Sprintf("Source(%d)", int(s))
	}
	return sourceNames[s]
}

// Origin says where one setting's value came from.
type Origin struct {
	Source Source
	// Where names the place: the file and line ("/home/a/.config/s3share/
	// config.toml:3"), the variable ("AWS_PROFILE") or the flag
	// ("--profile"); "" for a default.
	Where string
}

// String is the origin as `s3share config` shows it, e.g. "env AWS_PROFILE".
func (o Origin) String() string {
	if o.Where == "" {
		return o.Source.String()
	}
	return o.Source.String() + " " + o.Where
}

// PreviewMode is how the UI draws pictures.
type PreviewMode string

// The preview modes: auto picks the best the terminal supports.
const (
	PreviewAuto   PreviewMode = "auto"
	PreviewKitty  PreviewMode = "kitty"
	PreviewSixel  PreviewMode = "sixel"
	PreviewITerm  PreviewMode = "iterm"
	PreviewBlocks PreviewMode = "blocks"
	PreviewOff    PreviewMode = "off"
)

// PreviewModes lists every preview mode, auto first.
func PreviewModes() []PreviewMode {
	return []PreviewMode{PreviewAuto, PreviewKitty, PreviewSixel, PreviewITerm, PreviewBlocks, PreviewOff}
}

// Settings are the effective settings. The zero value is not useful: use
// Defaults or Load.
type Settings struct {
	Expiry      time.Duration  // how long new links last unless asked otherwise (1s to 7d)
	Profile     string         // AWS profile; "" lets the AWS configuration chain choose
	Region      string         // AWS region for calls not tied to a bucket; "" lets the chain choose
	EndpointURL string         // S3-compatible endpoint; "" is AWS itself (or the chain's)
	PathStyle   bool           // address buckets as ENDPOINT/BUCKET
	Format      linkfmt.Format // the format links are written or copied in
	Preview     PreviewMode    // how the UI draws pictures
	SharePrefix string         // where revocable copies go in a bucket, ending in "/"
	AutoCheck   bool           // the UI checks live links when the history opens
	Mouse       bool           // the UI takes mouse events (wheel, clicks)
	AccessLogs  string         // where server access logs are, s3://LOG-BUCKET/PREFIX; "" asks each bucket
	Team        string         // the team ledger, s3://BUCKET/PREFIX/; "" for none

	// File is the config file that was read, or would have been.
	File string
	// FileFound reports whether File exists.
	FileFound bool

	text    map[string]string // normalized value of each key, as shown
	origins map[string]Origin
}

// Defaults returns the built-in settings.
func Defaults() *Settings {
	s := &Settings{text: map[string]string{}, origins: map[string]Origin{}}
	for _, sp := range specs {
		s.origins[sp.key] = Origin{Source: SourceDefault}
		if sp.def == "" {
			continue // unset: the AWS configuration chain decides
		}
		if err := s.set(sp, sp.def, Origin{Source: SourceDefault}); err != nil {
			panic("config: bad built-in default for " + sp.key + ": " + err.Error())
		}
	}
	return s
}

// Path is where the config file is: $S3SHARE_CONFIG when set, else
// $XDG_CONFIG_HOME/s3share/config.toml, else ~/.config/s3share/config.toml.
// getenv is os.Getenv in production.
func Path(getenv func(string) string) (string, error) {
	if p := getenv("S3SHARE_CONFIG"); p != "" {
		return p, nil
	}
	if dir := getenv("XDG_CONFIG_HOME"); dir != "" && filepath.IsAbs(dir) {
		return filepath.Join(dir, "s3share", "config.toml"), nil
	}
	home := getenv("HOME")
	if home == "" {
		return "", errors.New("no HOME to find the config file in: set HOME, XDG_CONFIG_HOME or S3SHARE_CONFIG")
	}
	return filepath.Join(home, ".config", "s3share", "config.toml"), nil
}

// maxFileSize is the largest config file Load reads: ten settings take
// under a kilobyte, so a file over 1 MiB is not a settings file (a log or
// an image named by mistake), and reading and parsing 1 MiB stays quick.
const maxFileSize = 1 << 20

// Load returns the defaults overridden by the file at path (a missing file,
// or path "", is fine) and then by the environment read through getenv. A
// syntax error, an unknown key or a bad value gives a one-line error that
// names the file and line (or the variable) and what is allowed; it wraps
// ErrBadConfig. So does a path that is not a regular file (a FIFO or a
// device, refused before a byte is read; /dev/null is an empty file) or a
// file over maxFileSize. A read that blocks returns ctx's error when ctx
// ends.
func Load(ctx context.Context, path string, getenv func(string) string) (*Settings, error) {
	s := Defaults()
	s.File = path
	if path != "" {
		if err := s.readFile(ctx, path, getenv); err != nil {
			return nil, err
		}
	}
	if err := s.applyEnv(getenv); err != nil {
		return nil, err
	}
	return s, nil
}

// readFile applies the file at path, when it exists.
func (s *Settings) readFile(ctx context.Context, path string, getenv func(string) string) error {
	data, err := userfile.ReadAll(ctx, path, maxFileSize)
	var notRegular *userfile.NotRegularError
	var tooLarge *userfile.TooLargeError
	switch {
	case errors.Is(err, os.ErrNotExist):
		return nil
	case ctx.Err() != nil && errors.Is(err, ctx.Err()):
		return err
	case errors.As(err, &notRegular):
		return badf("the config file %s %v: %s", path, err, fileHint(path, getenv))
	case errors.As(err, &tooLarge):
		return badf("the config file %s is over 1 MiB, more than settings take: %s", path, fileHint(path, getenv))
	case err != nil:
		return badf("cannot read the config file %s: %v", path, unwrapPath(err))
	}
	s.FileFound = true
	return s.applyFile(path, data)
}

// fileHint says what to do about a config file s3share cannot use: the
// file S3SHARE_CONFIG names can be another, the default one replaced.
func fileHint(path string, getenv func(string) string) string {
	if getenv("S3SHARE_CONFIG") == path {
		return "set S3SHARE_CONFIG to a TOML file of settings, or unset it"
	}
	return "replace it with a TOML file of settings, or set S3SHARE_CONFIG to one"
}

// unwrapPath drops the path an *os.PathError repeats.
func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// applyEnv overrides settings from the environment: the first variable of
// each setting that is set and not empty wins.
func (s *Settings) applyEnv(getenv func(string) string) error {
	for _, sp := range specs {
		name, value := sp.fromEnv(getenv)
		if name == "" {
			continue
		}
		if err := s.set(sp, value, Origin{Source: SourceEnv, Where: name}); err != nil {
			return badf("%s=%q is not allowed: %v", name, value, err)
		}
	}
	return nil
}

// NoteFlag records that the command-line flag named flag ("--profile") gave
// key this value, so Value and List show it with its origin. The typed
// fields keep the file and environment layers: the command that takes the
// flag reads and checks its own value. It reports false for an unknown key.
func (s *Settings) NoteFlag(key, flag, value string) bool {
	if _, ok := specByKey(key); !ok {
		return false
	}
	s.text[key] = value
	s.origins[key] = Origin{Source: SourceFlag, Where: flag}
	return true
}

// set checks and normalizes value, then stores it for sp with its origin.
func (s *Settings) set(sp spec, value string, o Origin) error {
	norm, err := sp.check(value)
	if err != nil {
		return err
	}
	sp.apply(s, norm)
	s.text[sp.key] = norm
	s.origins[sp.key] = o
	return nil
}

// Value returns key's effective value as text ("" when unset) and where it
// came from; ok is false for a key that is not a setting.
func (s *Settings) Value(key string) (value string, origin Origin, ok bool) {
	if _, known := specByKey(key); !known {
		return "", Origin{}, false
	}
	return s.text[key], s.origins[key], true
}

// Setting is one row of `s3share config`.
type Setting struct {
	Key    string   // the key in the config file, e.g. "expiry"
	Value  string   // the effective value as text; "" when unset
	Origin Origin   // where the value came from
	Help   string   // what the setting does
	Envs   []string // the environment variables that set it, strongest first
}

// List returns every setting in a fixed order.
func (s *Settings) List() []Setting {
	out := make([]Setting, 0, len(specs))
	for _, sp := range specs {
		out = append(out, Setting{Key: sp.key, Value: s.text[sp.key], Origin: s.origins[sp.key], Help: sp.help, Envs: sp.envs})
	}
	return out
}

// Keys lists the settings' keys in the order List gives them.
func Keys() []string {
	keys := make([]string, len(specs))
	for i, sp := range specs {
		keys[i] = sp.key
	}
	return keys
}
