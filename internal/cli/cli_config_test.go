package cli

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// parseWith parses args the way run does, with env as the environment and
// text (when not empty) as the config file.
func parseWith(t *testing.T, env map[string]string, text string, args ...string) *cli {
	t.Helper()
	all := map[string]string{"HOME": t.TempDir(), "S3SHARE_CONFIG": filepath.Join(t.TempDir(), "none.toml")}
	if text != "" {
		path := filepath.Join(t.TempDir(), "config.toml")
		if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
		all["S3SHARE_CONFIG"] = path
	}
	for k, v := range env {
		all[k] = v
	}
	c := cli{globals: globals{stdout: io.Discard, stderr: io.Discard, now: time.Now}}
	loadErr := c.loadSettings(context.Background(), func(k string) string { return all[k] })
	parser, err := c.parser(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	kctx, err := parser.Parse(joinNegativeValues(parser.Model, args))
	if err != nil {
		t.Fatalf("parse %v: %v", args, err)
	}
	if err := c.settingsReady(kctx, loadErr); err != nil {
		t.Fatalf("settings: %v", err)
	}
	return &c
}

// flagsSeen are the values the commands read.
type flagsSeen struct {
	Profile, Region, EndpointURL, SharePrefix, Expires string
	PathStyle                                          bool
	Preview, Format                                    string
}

func seen(c *cli) flagsSeen {
	return flagsSeen{c.Profile, c.Region, c.EndpointURL, c.SharePrefix, c.Presign.Expires.String(), c.PathStyle, string(c.globals.Preview), c.Presign.Format.String()}
}

const fullFile = `profile = "work"
region = "eu-west-1"
endpoint_url = "http://127.0.0.1:9000"
path_style = true
share_prefix = "file/"
expiry = "7d"
preview = "blocks"
format = "markdown"
`

// TestSettingsReachTheFlags: the kong resolver fills the flags from the
// file and S3SHARE_* variables, leaves AWS_* variables to the AWS SDK (an
// empty flag), and never overrides a flag on the command line.
func TestSettingsReachTheFlags(t *testing.T) {
	awsEnv := map[string]string{"AWS_PROFILE": "env", "AWS_REGION": "us-west-2", "AWS_ENDPOINT_URL_S3": "http://127.0.0.1:1",
		"S3SHARE_PATH_STYLE": "false", "S3SHARE_SHARE_PREFIX": "env/", "S3SHARE_EXPIRY": "1h",
		"S3SHARE_PREVIEW": "off", "S3SHARE_FORMAT": "json"}
	cases := []struct {
		name string
		env  map[string]string
		file string
		args []string
		want flagsSeen
	}{
		{"defaults", nil, "", nil, flagsSeen{SharePrefix: "s3share-shares/", Expires: "24h", Preview: "auto", Format: "url"}},
		{"file", nil, fullFile, nil, flagsSeen{"work", "eu-west-1", "http://127.0.0.1:9000", "file/", "7d", true, "blocks", "markdown"}},
		{"environment", awsEnv, fullFile, nil, flagsSeen{"", "", "", "env/", "1h", false, "off", "json"}},
		{"flags", awsEnv, fullFile, []string{"--profile", "flag", "--region", "ap-south-1", "--endpoint-url", "http://localhost:2",
			"--share-prefix", "flag/", "--path-style", "--preview", "kitty"}, flagsSeen{"flag", "ap-south-1", "http://localhost:2", "flag/", "1h", true, "kitty", "json"}},
	}
	for _, c := range cases {
		args := append(append([]string{}, c.args...), "presign", "s3://photos/a.png")
		got := seen(parseWith(t, c.env, c.file, args...))
		if got != c.want {
			t.Errorf("%s: commands see %+v, want %+v", c.name, got, c.want)
		}
	}
	if got := parseWith(t, nil, fullFile, "presign", "--expires", "90s", "s3://photos/a.png").Presign.Expires.String(); got != "90s" {
		t.Errorf("--expires 90s became %q", got)
	}
	// renew --expires means "as each link was asked": the setting stays out.
	if got := parseWith(t, nil, fullFile, "renew", "1").Renew.Expires; got.String() != "" {
		t.Errorf("renew took the expiry setting: %q", got)
	}
}

// TestSettingsNoteFlags: flags on the command line show as the origin.
func TestSettingsNoteFlags(t *testing.T) {
	c := parseWith(t, map[string]string{"AWS_PROFILE": "env"}, fullFile, "--profile", "flag", "--path-style", "config")
	for key, want := range map[string]string{"profile": "flag --profile", "path_style": "flag --path-style",
		"region": "file", "share_prefix": "file"} {
		value, origin, _ := c.settings.Value(key)
		if got := origin.Source.String(); got != want && origin.String() != want {
			t.Errorf("%s = %q from %v, want from %s", key, value, origin, want)
		}
	}
}
