package config

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/s3share/s3share/linkfmt"
	"github.com/s3share/s3share/share"
)

// env is a fake environment for getenv.
type env map[string]string

func (e env) get(name string) string { return e[name] }

// writeFile writes a config file in a temp dir and returns its path.
func writeFile(t *testing.T, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "config.toml")
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestDefaultsWhenNoFile(t *testing.T) {
	s, err := Load(context.Background(), filepath.Join(t.TempDir(), "missing.toml"), env{}.get)
	if err != nil {
		t.Fatalf("a missing file must be fine: %v", err)
	}
	if s.FileFound {
		t.Error("FileFound for a missing file")
	}
	want := Settings{Expiry: share.DefaultExpiry, Format: linkfmt.FormatURL, Preview: PreviewAuto,
		SharePrefix: share.DefaultSharePrefix, AutoCheck: true, Mouse: true}
	got := *s
	got.text, got.origins, got.File = nil, nil, ""
	if !reflect.DeepEqual(got, want) {
		t.Errorf("defaults = %+v, want %+v", got, want)
	}
	for _, row := range s.List() {
		if row.Origin.Source != SourceDefault {
			t.Errorf("%s comes from %v, want default", row.Key, row.Origin)
		}
	}
}

func TestEveryKeyFromTheFile(t *testing.T) {
	path := writeFile(t, `# my settings
expiry = "7d"
profile = "work"
region = "eu-west-1"
endpoint_url = "http://127.0.0.1:9000/"
path_style = true
format = "Markdown"
preview = "blocks"
share_prefix = "/links"
auto_check = false
mouse = false
access_logs = "s3://my-logs/access/"
team = "s3://team-bucket/s3share"
`)
	s, err := Load(context.Background(), path, env{}.get)
	if err != nil {
		t.Fatal(err)
	}
	want := Settings{Expiry: 7 * 24 * time.Hour, Profile: "work", Region: "eu-west-1",
		EndpointURL: "http://127.0.0.1:9000", PathStyle: true, Format: linkfmt.FormatMarkdown,
		Preview: PreviewBlocks, SharePrefix: "links/", AutoCheck: false, Mouse: false,
		AccessLogs: "s3://my-logs/access/", Team: "s3://team-bucket/s3share/", File: path, FileFound: true}
	got := *s
	got.text, got.origins = nil, nil
	if !reflect.DeepEqual(got, want) {
		t.Errorf("settings = %+v, want %+v", got, want)
	}
	for i, row := range s.List() {
		wantWhere := path + ":" + string(rune('2'+i))
		if i >= 8 {
			wantWhere = path + ":1" + string(rune('0'+i-8))
		}
		if row.Origin != (Origin{SourceFile, wantWhere}) {
			t.Errorf("%s origin = %v, want file %s", row.Key, row.Origin, wantWhere)
		}
	}
	if v, _, _ := s.Value(KeyFormat); v != "markdown" {
		t.Errorf("format shown as %q, want the canonical markdown", v)
	}
}

// TestPrecedence is the table of the issue: flags, then the environment,
// then the file, then the defaults. Flags are noted by the CLI.
func TestPrecedence(t *testing.T) {
	file := "profile = \"from-file\"\nexpiry = \"2h\"\n"
	cases := []struct {
		name       string
		file       bool
		env        env
		flag       string
		wantValue  string
		wantOrigin Origin
	}{
		{"default", false, env{}, "", "", Origin{SourceDefault, ""}},
		{"file over default", true, env{}, "", "from-file", Origin{SourceFile, "FILE:1"}},
		{"env over file", true, env{"AWS_PROFILE": "from-env"}, "", "from-env", Origin{SourceEnv, "AWS_PROFILE"}},
		{"second variable", true, env{"AWS_DEFAULT_PROFILE": "old-style"}, "", "old-style", Origin{SourceEnv, "AWS_DEFAULT_PROFILE"}},
		{"first variable wins", true, env{"AWS_PROFILE": "a", "AWS_DEFAULT_PROFILE": "b"}, "", "a", Origin{SourceEnv, "AWS_PROFILE"}},
		{"empty variable is unset", true, env{"AWS_PROFILE": ""}, "", "from-file", Origin{SourceFile, "FILE:1"}},
		{"flag over env", true, env{"AWS_PROFILE": "from-env"}, "from-flag", "from-flag", Origin{SourceFlag, "--profile"}},
		{"flag over default", false, env{}, "from-flag", "from-flag", Origin{SourceFlag, "--profile"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "none.toml")
			if c.file {
				path = writeFile(t, file)
			}
			s, err := Load(context.Background(), path, c.env.get)
			if err != nil {
				t.Fatal(err)
			}
			if c.flag != "" {
				s.NoteFlag(KeyProfile, "--profile", c.flag)
			}
			v, o, _ := s.Value(KeyProfile)
			o.Where = strings.Replace(o.Where, path, "FILE", 1)
			if v != c.wantValue || o != c.wantOrigin {
				t.Errorf("profile = %q from %v, want %q from %v", v, o, c.wantValue, c.wantOrigin)
			}
		})
	}
}

func TestEnvironmentOverridesEachSetting(t *testing.T) {
	path := writeFile(t, "expiry = \"2h\"\nmouse = true\nformat = \"html\"\n")
	e := env{"S3SHARE_EXPIRY": "15m", "S3SHARE_MOUSE": "off", "S3SHARE_FORMAT": "csv",
		"AWS_ENDPOINT_URL_S3": "http://localhost:9000", "AWS_ENDPOINT_URL": "http://other:1",
		"S3SHARE_PREVIEW": "sixel", "S3SHARE_SHARE_PREFIX": "x", "S3SHARE_AUTO_CHECK": "0",
		"S3SHARE_PATH_STYLE": "yes", "AWS_REGION": "ap-south-1"}
	s, err := Load(context.Background(), path, e.get)
	if err != nil {
		t.Fatal(err)
	}
	if s.Expiry != 15*time.Minute || s.Mouse || s.Format != linkfmt.FormatCSV || s.EndpointURL != "http://localhost:9000" ||
		s.Preview != PreviewSixel || s.SharePrefix != "x/" || s.AutoCheck || !s.PathStyle || s.Region != "ap-south-1" {
		t.Errorf("environment not applied: %+v", s)
	}
	if _, o, _ := s.Value(KeyEndpointURL); o.Where != "AWS_ENDPOINT_URL_S3" {
		t.Errorf("endpoint from %v, want AWS_ENDPOINT_URL_S3 (the S3-specific one wins)", o)
	}
	e["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"] = "true"
	if s, err = Load(context.Background(), path, e.get); err != nil || s.EndpointURL != "" {
		t.Errorf("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true must hide the variables: %q, %v", s.EndpointURL, err)
	}
}

// TestBadFile: each problem is one line that names the file and line and
// says what is allowed.
func TestBadFile(t *testing.T) {
	cases := []struct {
		text, wantLine, want string
	}{
		{"\nexpiry = \"9d\"\n", ":2:", `expiry = "9d" is not allowed: use a duration from 1s to 7d`},
		{"expiry = \"0s\"\n", ":1:", "from 1s to 7d"},
		{"expiry = \"2026-12-01 17:00\"\n", ":1:", "use a duration"},
		{"expiry = 24\n", ":1:", "expiry = 24 is not allowed: use a duration from 1s to 7d (S3's limit), like 90s, 15m, 24h or 7d, in quotes"},
		{"mouse = \"yes\"\n", ":1:", `mouse = "yes" is not allowed: use true or false (without quotes)`},
		{"\n\nauto_check = 1\n", ":3:", "auto_check = 1 is not allowed: use true or false"},
		{"format = \"yaml\"\n", ":1:", "use one of url, markdown, html, message, csv, json"},
		{"preview = \"ascii\"\n", ":1:", "use one of auto, kitty, sixel, iterm, blocks, off"},
		{"endpoint_url = \"s3.example.com\"\n", ":1:", "use an http:// or https:// URL"},
		{"region = \"EU West\"\n", ":1:", "use a region name"},
		{"profile = \"\"\n", ":1:", "use an AWS profile name"},
		{"share_prefix = \"/\"\n", ":1:", "use a folder of the bucket"},
		{"share_prefix = \"a/../b\"\n", ":1:", "use a folder of the bucket"},
		{"access_logs = \"logs/access/\"\n", ":1:", "like s3://my-logs/access/"},
		{"access_logs = \"s3://\"\n", ":1:", "like s3://my-logs/access/"},
		{"mouse = true\ncolour = \"dark\"\n", ":2:", `unknown setting "colour": the settings are expiry, profile, region, endpoint_url, path_style, format, preview, share_prefix, auto_check, mouse, access_logs, team`},
		{"mouse = true\n[ui]\nmouse = false\n", ":2:", `unknown setting "ui"`},
		{"expiry = [\"1h\"]\n", ":1:", "expiry = an array is not allowed"},
		{"\nexpiry = \"2h\n", ":2:", "not valid TOML"},
		{"expiry = \"1h\"\nexpiry = \"2h\"\n", ":2:", "not valid TOML"},
		{"mouse = true\nexpiry 24h\n", ":2:", "not valid TOML"},
		{"profile = \"a\\u001b[31mred\"\n", ":1:", `profile = "a\x1b[31mred" is not allowed`},
	}
	for _, c := range cases {
		path := writeFile(t, c.text)
		_, err := Load(context.Background(), path, env{}.get)
		if err == nil {
			t.Errorf("%q: no error", c.text)
			continue
		}
		msg := err.Error()
		if !errors.Is(err, ErrBadConfig) || strings.Contains(msg, "\n") || !strings.Contains(msg, path+c.wantLine) || !strings.Contains(msg, c.want) {
			t.Errorf("%q:\n got %s\nwant one line with %s%s and %s", c.text, msg, path, c.wantLine, c.want)
		}
	}
}

func TestBadEnvironment(t *testing.T) {
	for name, value := range map[string]string{"S3SHARE_EXPIRY": "9d", "S3SHARE_MOUSE": "maybe", "AWS_ENDPOINT_URL": "ftp://x", "S3SHARE_FORMAT": "yaml"} {
		_, err := Load(context.Background(), filepath.Join(t.TempDir(), "none"), env{name: value}.get)
		if err == nil || !errors.Is(err, ErrBadConfig) || !strings.Contains(err.Error(), name+"=") || !strings.Contains(err.Error(), "use ") {
			t.Errorf("%s=%s: error %v, want one naming the variable and what to use", name, value, err)
		}
	}
}

func TestUnreadableFile(t *testing.T) {
	dir := t.TempDir() // a directory cannot be read as a file
	_, err := Load(context.Background(), dir, env{}.get)
	if err == nil || !errors.Is(err, ErrBadConfig) || !strings.Contains(err.Error(), dir) {
		t.Errorf("reading a directory: %v", err)
	}
}

func TestPath(t *testing.T) {
	cases := []struct {
		env  env
		want string
	}{
		{env{"S3SHARE_CONFIG": "/etc/s3.toml", "XDG_CONFIG_HOME": "/x"}, "/etc/s3.toml"},
		{env{"XDG_CONFIG_HOME": "/x", "HOME": "/home/a"}, "/x/s3share/config.toml"},
		{env{"XDG_CONFIG_HOME": "relative", "HOME": "/home/a"}, "/home/a/.config/s3share/config.toml"},
		{env{"HOME": "/home/a"}, "/home/a/.config/s3share/config.toml"},
	}
	for _, c := range cases {
		if got, err := Path(c.env.get); err != nil || got != c.want {
			t.Errorf("Path(%v) = %q, %v; want %q", c.env, got, err, c.want)
		}
	}
}

func TestNoHome(t *testing.T) {
	if _, err := Path(env{}.get); err == nil {
		t.Error("Path without HOME, XDG_CONFIG_HOME or S3SHARE_CONFIG found a file")
	}
	s, err := Load(context.Background(), "", env{"S3SHARE_MOUSE": "off"}.get)
	if err != nil || s.FileFound || s.Mouse {
		t.Errorf("Load without a file: %+v, %v; want the environment applied", s, err)
	}
}

func TestNoteFlagUnknownKey(t *testing.T) {
	if Defaults().NoteFlag("colour", "--colour", "x") {
		t.Error("NoteFlag accepted a key that is not a setting")
	}
	if _, _, ok := Defaults().Value("colour"); ok {
		t.Error("Value knows a key that is not a setting")
	}
}

// TestByteOrderMark: editors on Windows start UTF-8 files with a byte order
// mark; the file is read as if it were not there, lines counted as usual.
func TestByteOrderMark(t *testing.T) {
	path := writeFile(t, "\ufeffexpiry = \"2h\"\nmouse = false\n")
	s, err := Load(context.Background(), path, env{}.get)
	if err != nil {
		t.Fatalf("a file with a byte order mark: %v", err)
	}
	if s.Expiry != 2*time.Hour || s.Mouse {
		t.Errorf("expiry %v, mouse %v; want 2h and false", s.Expiry, s.Mouse)
	}
	if _, o, _ := s.Value(KeyMouse); o.Where != path+":2" {
		t.Errorf("mouse from %q, want %s:2", o.Where, path)
	}
	bad := writeFile(t, "\ufeff\nexpiry = \"9d\"\n")
	if _, err := Load(context.Background(), bad, env{}.get); err == nil || !strings.Contains(err.Error(), bad+":2:") {
		t.Errorf("a bad value after the mark: %v, want it on line 2", err)
	}
}

// TestFileSizeCap: a file of 1 MiB is read; one byte more is refused in one
// line that names the file and says what to do, as a bad file is.
func TestFileSizeCap(t *testing.T) {
	line := "# " + strings.Repeat("-", 61) + "\n" // 64 bytes
	fits := writeFile(t, "mouse = false\n"+strings.Repeat(line, (maxFileSize-14)/64)+strings.Repeat("#", (maxFileSize-14)%64))
	if s, err := Load(context.Background(), fits, env{}.get); err != nil || s.Mouse {
		t.Fatalf("a file of 1 MiB: %v", err)
	}
	over := writeFile(t, strings.Repeat(line, maxFileSize/64)+"\n")
	_, err := Load(context.Background(), over, env{"S3SHARE_CONFIG": over}.get)
	want := "the config file " + over + " is over 1 MiB, more than settings take: set S3SHARE_CONFIG to a TOML file of settings, or unset it"
	if !errors.Is(err, ErrBadConfig) || err.Error() != want {
		t.Errorf("a file over 1 MiB: %v\nwant %s", err, want)
	}
}

// TestFileHint: what to do about a file that is not a regular file depends
// on where its name came from: S3SHARE_CONFIG can name another, the
// default file can be replaced.
func TestFileHint(t *testing.T) {
	dir := t.TempDir()
	for getenv, want := range map[string]string{
		dir: "the config file " + dir + " is a directory, not a regular file: set S3SHARE_CONFIG to a TOML file of settings, or unset it",
		"":  "the config file " + dir + " is a directory, not a regular file: replace it with a TOML file of settings, or set S3SHARE_CONFIG to one",
	} {
		_, err := Load(context.Background(), dir, env{"S3SHARE_CONFIG": getenv}.get)
		if !errors.Is(err, ErrBadConfig) || err.Error() != want {
			t.Errorf("S3SHARE_CONFIG=%q: %v\nwant %s", getenv, err, want)
		}
	}
}

// TestLoadCancelled: a load whose context has ended returns the context's
// error, not a bad setting (the CLI exits 130 on it).
func TestLoadCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := Load(ctx, writeFile(t, "mouse = false\n"), env{}.get)
	if !errors.Is(err, context.Canceled) || errors.Is(err, ErrBadConfig) {
		t.Errorf("Load with a cancelled context: %v", err)
	}
}
