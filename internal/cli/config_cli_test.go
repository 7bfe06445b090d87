package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/s3share/s3share/internal/testsrv"
)

// configFile writes text as a config file and returns S3SHARE_CONFIG=path.
func configFile(t *testing.T, text string) (env, path string) {
	t.Helper()
	path = filepath.Join(t.TempDir(), "config.toml")
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return "S3SHARE_CONFIG=" + path, path
}

// settingsShown runs s3share config --json and returns value and origin by key.
func settingsShown(t *testing.T, env []string, args ...string) map[string][2]string {
	t.Helper()
	r := runCLIEnv(t, nil, "", env, append(args, "config", "--json")...)
	if r.code != 0 {
		t.Fatalf("config: exit %d: %s", r.code, r.stderr)
	}
	out := map[string][2]string{}
	for _, row := range jsonLines(t, r.stdout) {
		where := row["source"].(string)
		if w := row["where"].(string); w != "" {
			where += " " + w
		}
		out[row["key"].(string)] = [2]string{row["value"].(string), where}
	}
	return out
}

// TestConfigPrecedence is the table through the binary: a flag
// beats the environment, the environment beats the file, the file beats
// the defaults, setting by setting.
func TestConfigPrecedence(t *testing.T) {
	cfg, path := configFile(t, `expiry = "2h"
profile = "file-profile"
region = "eu-west-1"
share_prefix = "file-prefix/"
mouse = false
format = "markdown"
`)
	env := []string{cfg, "AWS_PROFILE=env-profile", "AWS_REGION=", "AWS_DEFAULT_REGION=",
		"S3SHARE_SHARE_PREFIX=env-prefix/", "S3SHARE_FORMAT=csv"}
	got := settingsShown(t, env, "--share-prefix", "flag-prefix/", "--path-style")
	want := map[string][2]string{
		"expiry":       {"2h", "file " + path + ":1"},
		"profile":      {"env-profile", "env AWS_PROFILE"},
		"region":       {"eu-west-1", "file " + path + ":3"},
		"endpoint_url": {"", "default"},
		"path_style":   {"true", "flag --path-style"},
		"format":       {"csv", "env S3SHARE_FORMAT"},
		"preview":      {"auto", "default"},
		"share_prefix": {"flag-prefix/", "flag --share-prefix"},
		"auto_check":   {"true", "default"},
		"mouse":        {"false", "file " + path + ":5"},
		"access_logs":  {"", "default"},
		"team":         {"", "default"},
	}
	for key, w := range want {
		if got[key] != w {
			t.Errorf("%s = %q from %q, want %q from %q", key, got[key][0], got[key][1], w[0], w[1])
		}
	}
	if len(got) != len(want) {
		t.Errorf("config lists %d settings, want %d: %v", len(got), len(want), got)
	}
}

// expiresParam runs presign and returns the X-Amz-Expires of its link.
func expiresParam(t *testing.T, srv *testsrv.Server, env []string, args ...string) string {
	t.Helper()
	r := runCLIEnv(t, srv, filepath.Join(t.TempDir(), "h.db"), env, append([]string{"presign"}, args...)...)
	if r.code != 0 {
		t.Fatalf("presign %v: exit %d: %s", args, r.code, r.stderr)
	}
	_, query, _ := strings.Cut(strings.TrimSpace(r.stdout), "?")
	for _, kv := range strings.Split(query, "&") {
		if v, ok := strings.CutPrefix(kv, "X-Amz-Expires="); ok {
			return v
		}
	}
	t.Fatalf("no X-Amz-Expires in the link")
	return ""
}

// TestConfigExpiryReachesPresign: the links themselves follow the
// precedence: --expires, then S3SHARE_EXPIRY, then the file, then 24h.
func TestConfigExpiryReachesPresign(t *testing.T) {
	srv := testsrv.Fake(t)
	srv.CreateBucket(t, "photos")
	srv.Put(t, "photos", "a.png", []byte("png"))
	cfg, _ := configFile(t, "expiry = \"2h\"\n")
	cases := []struct {
		name string
		env  []string
		args []string
		want string
	}{
		{"default", nil, nil, "86400"},
		{"file", []string{cfg}, nil, "7200"},
		{"env over file", []string{cfg, "S3SHARE_EXPIRY=15m"}, nil, "900"},
		{"flag over env", []string{cfg, "S3SHARE_EXPIRY=15m"}, []string{"--expires", "1h"}, "3600"},
	}
	for _, c := range cases {
		got := expiresParam(t, srv, c.env, append(c.args, "s3://photos/a.png")...)
		if got != c.want {
			t.Errorf("%s: X-Amz-Expires=%s, want %s", c.name, got, c.want)
		}
	}
}

// TestConfigConnectionSettings: the file's endpoint, profile and share
// prefix are the ones used; AWS_ENDPOINT_URL_S3 beats the file's endpoint.
func TestConfigConnectionSettings(t *testing.T) {
	srv := testsrv.Fake(t)
	srv.CreateBucket(t, "photos")
	srv.Put(t, "photos", "a.png", []byte("png"))
	dir := t.TempDir()
	creds := filepath.Join(dir, "credentials")
	os.WriteFile(creds, []byte("[work]\naws_access_key_id = "+srv.AccessKey+"\naws_secret_access_key = "+srv.SecretKey+"\n"), 0o600)
	// Only the profile "work" has the keys: without it nothing signs right.
	base := append(srv.Env(), "AWS_ACCESS_KEY_ID=", "AWS_SECRET_ACCESS_KEY=", "AWS_SHARED_CREDENTIALS_FILE="+creds)

	cfg, _ := configFile(t, "endpoint_url = \""+srv.Endpoint+"\"\nprofile = \"work\"\nshare_prefix = \"from-config\"\n")
	r := runCLIEnv(t, nil, filepath.Join(dir, "h.db"), append(base, cfg), "presign", "--revocable", "s3://photos/a.png")
	if r.code != 0 || !strings.Contains(r.stdout, srv.Endpoint+"/photos/from-config/") {
		t.Fatalf("presign with the file's endpoint, profile and prefix: exit %d, %s%s", r.code, r.stdout, r.stderr)
	}
	if code, body := fetch(t, strings.TrimSpace(r.stdout)); code != 200 || string(body) != "png" {
		t.Errorf("the link answers %d %q", code, body)
	}

	dead, _ := configFile(t, "endpoint_url = \"http://127.0.0.1:1\"\nprofile = \"work\"\n")
	r = runCLIEnv(t, nil, "", append(base, dead, "AWS_ENDPOINT_URL_S3="+srv.Endpoint), "buckets")
	if r.code != 0 || !strings.Contains(r.stdout, "photos") {
		t.Errorf("AWS_ENDPOINT_URL_S3 must beat the file's endpoint: exit %d, %s%s", r.code, r.stdout, r.stderr)
	}
}

// TestBadConfigIsOneLine: a bad file or variable stops every command with
// one line naming the file and line (or the variable) and what is allowed,
// exit 2; a missing file is fine.
func TestBadConfigIsOneLine(t *testing.T) {
	cases := []struct {
		text, want string
	}{
		{"\nexpiry = \"9d\"\n", `:2: expiry = "9d" is not allowed: use a duration from 1s to 7d`},
		{"mouse = \"sometimes\"\n", `:1: mouse = "sometimes" is not allowed: use true or false`},
		{"colour = \"dark\"\n", `:1: unknown setting "colour": the settings are expiry, profile,`},
		{"expiry = \"24h\n", `:1: not valid TOML`},
	}
	for _, c := range cases {
		cfg, path := configFile(t, c.text)
		for _, args := range [][]string{{"config"}, {"presign", "s3://photos/a.png"}, {"history"}} {
			r := runCLIEnv(t, nil, "", []string{cfg}, args...)
			line := strings.TrimSuffix(r.stderr, "\n")
			if r.code != exitUsage || strings.Contains(line, "\n") || !strings.Contains(line, path+c.want) {
				t.Errorf("%v with %q: exit %d, stderr %q; want exit 2 and one line with %s%s", args, c.text, r.code, r.stderr, path, c.want)
			}
		}
	}
	r := runCLIEnv(t, nil, "", []string{"S3SHARE_PREVIEW=ascii"}, "config")
	if r.code != exitUsage || !strings.Contains(r.stderr, `S3SHARE_PREVIEW="ascii" is not allowed: use one of auto, kitty, sixel, iterm, blocks, off`) {
		t.Errorf("bad variable: exit %d, %q", r.code, r.stderr)
	}
	missing := "S3SHARE_CONFIG=" + filepath.Join(t.TempDir(), "none.toml")
	if r := runCLIEnv(t, nil, "", []string{missing}, "config"); r.code != 0 || !strings.Contains(r.stdout, "not found") {
		t.Errorf("missing file: exit %d, %s%s", r.code, r.stdout, r.stderr)
	}
	// The completion script still prints: a broken file must not break the shell.
	cfg, _ := configFile(t, "expiry = \"9d\"\n")
	if r := runCLIEnv(t, nil, "", []string{cfg}, "completion", "bash"); r.code != 0 || !strings.Contains(r.stdout, "complete -F") {
		t.Errorf("completion with a bad file: exit %d, %s", r.code, r.stderr)
	}
}

// TestConfigFromXDG: the file is found under XDG_CONFIG_HOME, else ~/.config.
func TestConfigFromXDG(t *testing.T) {
	xdg := t.TempDir()
	os.MkdirAll(filepath.Join(xdg, "s3share"), 0o700)
	os.WriteFile(filepath.Join(xdg, "s3share", "config.toml"), []byte("preview = \"sixel\"\n"), 0o600)
	got := settingsShown(t, []string{"S3SHARE_CONFIG=", "XDG_CONFIG_HOME=" + xdg})
	if got["preview"][0] != "sixel" || !strings.HasPrefix(got["preview"][1], "file "+xdg) {
		t.Errorf("preview = %v, want sixel from the file under XDG_CONFIG_HOME", got["preview"])
	}
}

func TestConfigTable(t *testing.T) {
	cfg, path := configFile(t, "expiry = \"7d\"\n")
	r := runCLIEnv(t, nil, "", []string{cfg, "AWS_PROFILE=work"}, "--region", "us-west-2", "config")
	for _, want := range []string{"Config file: " + path + " (found)", "expiry        7d", "file " + path + ":1",
		"env AWS_PROFILE", "flag --region", "S3SHARE_MOUSE"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("config output lacks %q:\n%s", want, r.stdout)
		}
	}
}

// TestHelpShowsTheDefaultInForce: the help of a flag that maps to a
// setting names the value the settings give it, not the built-in one.
func TestHelpShowsTheDefaultInForce(t *testing.T) {
	cfg, _ := configFile(t, "expiry = \"48h\"\nformat = \"markdown\"\nshare_prefix = \"handouts/\"\n")
	out := strings.Join(strings.Fields(runCLIEnv(t, nil, "", []string{cfg}, "presign", "--help").stdout), " ")
	for _, want := range []string{"1s to 7d; default 48h.", "csv or json; default markdown.", "(default handouts/)"} {
		if !strings.Contains(out, want) {
			t.Errorf("presign --help does not say %q:\n%s", want, out)
		}
	}
	plain := strings.Join(strings.Fields(runCLIEnv(t, nil, "", nil, "presign", "--help").stdout), " ")
	if !strings.Contains(plain, "1s to 7d; default 24h.") || !strings.Contains(plain, "(default s3share-shares/)") {
		t.Errorf("without settings, presign --help does not give the built-in defaults:\n%s", plain)
	}
}

// TestAccessLogsSetting: access_logs comes from the file, S3SHARE_ACCESS_LOGS
// or --access-logs, each beating the one before; a value that is not
// s3://BUCKET/PREFIX is a usage error from any of them.
func TestAccessLogsSetting(t *testing.T) {
	cfg, path := configFile(t, "access_logs = \"s3://file-logs/access/\"\n")
	if got := settingsShown(t, []string{cfg})["access_logs"]; got != [2]string{"s3://file-logs/access/", "file " + path + ":1"} {
		t.Errorf("from the file: %v", got)
	}
	env := []string{cfg, "S3SHARE_ACCESS_LOGS=s3://env-logs/"}
	if got := settingsShown(t, env)["access_logs"]; got != [2]string{"s3://env-logs/", "env S3SHARE_ACCESS_LOGS"} {
		t.Errorf("from the environment: %v", got)
	}
	if got := settingsShown(t, env, "--access-logs", "s3://flag-logs/x/")["access_logs"]; got != [2]string{"s3://flag-logs/x/", "flag --access-logs"} {
		t.Errorf("from the flag: %v", got)
	}
	for _, env := range [][]string{{"S3SHARE_ACCESS_LOGS=logs/access/"}, nil} {
		args := []string{"config"}
		if env == nil {
			args = []string{"--access-logs", "logs/access/", "config"}
		}
		r := runCLIEnv(t, nil, "", env, args...)
		if r.code != exitUsage || !strings.Contains(r.stderr, "s3://my-logs/access/") || strings.Count(r.stderr, "\n") != 1 {
			t.Errorf("a bad location (%v %v): exit %d, %q", env, args, r.code, r.stderr)
		}
	}
}
