package config

import (
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"

	"github.com/s3share/s3share/accesslog"
	"github.com/s3share/s3share/linkfmt"
	"github.com/s3share/s3share/s3browse"
	"github.com/s3share/s3share/share"
)

// The keys of the config file.
const (
	KeyExpiry      = "expiry"
	KeyProfile     = "profile"
	KeyRegion      = "region"
	KeyEndpointURL = "endpoint_url"
	KeyPathStyle   = "path_style"
	KeyFormat      = "format"
	KeyPreview     = "preview"
	KeySharePrefix = "share_prefix"
	KeyAutoCheck   = "auto_check"
	KeyMouse       = "mouse"
	KeyAccessLogs  = "access_logs"
	KeyTeam        = "team"
)

// kind is the TOML type a setting takes.
type kind int

const (
	kindText   kind = iota // a TOML string
	kindSwitch             // a TOML boolean
)

// spec describes one setting.
type spec struct {
	key   string
	kind  kind
	envs  []string // environment variables, strongest first
	def   string   // built-in default, as text
	help  string   // what it does, for `s3share config`
	check func(string) (string, error)
	apply func(*Settings, string) // sets the typed field from a checked value
}

// specs are the settings, in the order `s3share config` lists them.
var specs = []spec{
	{key: KeyExpiry, envs: []string{"S3SHARE_EXPIRY"}, def: "24h",
		help:  "how long new links last (presign --expires, the share dialog)",
		check: checkExpiry,
		apply: func(s *Settings, v string) { s.Expiry, _ = share.ParseExpiry(v, time.Time{}) }},
	{key: KeyProfile, envs: []string{"AWS_PROFILE", "AWS_DEFAULT_PROFILE"},
		help:  "AWS profile (--profile); unset: the AWS default",
		check: checkName("an AWS profile name from ~/.aws/config, like \"work\""),
		apply: func(s *Settings, v string) { s.Profile = v }},
	{key: KeyRegion, envs: []string{"AWS_REGION", "AWS_DEFAULT_REGION"},
		help:  "AWS region (--region); unset: the profile's, else us-east-1",
		check: checkRegion,
		apply: func(s *Settings, v string) { s.Region = v }},
	{key: KeyEndpointURL, envs: []string{"AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL"},
		help:  "S3-compatible endpoint (--endpoint-url); unset: AWS, or the profile's",
		check: checkEndpoint,
		apply: func(s *Settings, v string) { s.EndpointURL = v }},
	{key: KeyPathStyle, kind: kindSwitch, envs: []string{"S3SHARE_PATH_STYLE"}, def: "false",
		help:  "address buckets as ENDPOINT/BUCKET (--path-style)",
		check: checkSwitch,
		apply: func(s *Settings, v string) { s.PathStyle = v == "true" }},
	{key: KeyFormat, envs: []string{"S3SHARE_FORMAT"}, def: "url",
		help:  "the format links are printed and copied in",
		check: checkFormat,
		apply: func(s *Settings, v string) { s.Format, _ = linkfmt.ParseFormat(v) }},
	{key: KeyPreview, envs: []string{"S3SHARE_PREVIEW"}, def: string(PreviewAuto),
		help:  "how the UI draws pictures",
		check: checkPreview,
		apply: func(s *Settings, v string) { s.Preview = PreviewMode(v) }},
	{key: KeySharePrefix, envs: []string{"S3SHARE_SHARE_PREFIX"}, def: share.DefaultSharePrefix,
		help:  "where revocable copies go in a bucket (--share-prefix)",
		check: checkSharePrefix,
		apply: func(s *Settings, v string) { s.SharePrefix = v }},
	{key: KeyAutoCheck, kind: kindSwitch, envs: []string{"S3SHARE_AUTO_CHECK"}, def: "true",
		help:  "check live links when the history opens (a ranged GET each)",
		check: checkSwitch,
		apply: func(s *Settings, v string) { s.AutoCheck = v == "true" }},
	{key: KeyMouse, kind: kindSwitch, envs: []string{"S3SHARE_MOUSE"}, def: "true",
		help:  "the UI takes the mouse: the wheel scrolls, a click moves, a double click opens",
		check: checkSwitch,
		apply: func(s *Settings, v string) { s.Mouse = v == "true" }},
	{key: KeyAccessLogs, envs: []string{"S3SHARE_ACCESS_LOGS"},
		help:  "where the buckets' server access logs are, s3://LOG-BUCKET/PREFIX/ (--access-logs); unset: asked of each bucket",
		check: checkAccessLogs,
		apply: func(s *Settings, v string) { s.AccessLogs = v }},
	{key: KeyTeam, envs: []string{"S3SHARE_TEAM"},
		help:  "the team ledger links are shared in, s3://BUCKET/PREFIX/ (--team; --no-team for one command); unset: no team",
		check: CheckTeam,
		apply: func(s *Settings, v string) { s.Team = v }},
}

// specByKey finds the spec of key.
func specByKey(key string) (spec, bool) {
	for _, sp := range specs {
		if sp.key == key {
			return sp, true
		}
	}
	return spec{}, false
}

// fromEnv returns the first of sp's variables that is set and not empty.
// AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true hides the endpoint variables,
// as it does from the AWS SDK.
func (sp spec) fromEnv(getenv func(string) string) (name, value string) {
	if sp.key == KeyEndpointURL && strings.EqualFold(getenv("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"), "true") {
		return "", ""
	}
	for _, name := range sp.envs {
		if v := getenv(name); v != "" {
			return name, v
		}
	}
	return "", ""
}

// checkExpiry accepts a duration from 1s to 7d. A fixed time (which
// --expires takes) makes no sense as a default, so it is refused.
func checkExpiry(v string) (string, error) {
	const allowed = "use a duration from 1s to 7d (S3's limit), like 90s, 15m, 24h or 7d"
	in := strings.ToLower(strings.TrimSpace(v))
	if in == "" || strings.IndexFunc(in, func(r rune) bool { return !unicode.IsDigit(r) && !strings.ContainsRune("wdhms", r) }) >= 0 {
		return "", errors.New(allowed)
	}
	if _, err := share.ParseExpiry(in, time.Time{}); err != nil {
		return "", errors.New(allowed)
	}
	return in, nil
}

// checkName returns a check for a plain name: not empty, no spaces or
// control characters.
func checkName(allowed string) func(string) (string, error) {
	return func(v string) (string, error) {
		if v == "" || strings.IndexFunc(v, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) >= 0 {
			return "", errors.New("use " + allowed)
		}
		return v, nil
	}
}

// checkRegion accepts a region name such as eu-west-1: lower-case letters,
// digits and dashes.
func checkRegion(v string) (string, error) {
	ok := v != "" && strings.IndexFunc(v, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-')
	}) < 0
	if !ok {
		return "", errors.New("use a region name, like us-east-1 or eu-west-1")
	}
	return v, nil
}

// checkEndpoint accepts what --endpoint-url accepts.
func checkEndpoint(v string) (string, error) {
	u, err := s3browse.CheckEndpoint(v)
	if err != nil || u == "" {
		return "", errors.New("use an http:// or https:// URL of a host and an optional port, like https://s3.example.com or http://127.0.0.1:9000")
	}
	return u, nil
}

// checkSwitch accepts true or false (and, from the environment, 1, 0, yes,
// no, on, off).
func checkSwitch(v string) (string, error) {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "true", "1", "yes", "on":
		return "true", nil
	case "false", "0", "no", "off":
		return "false", nil
	}
	return "", errors.New("use true or false")
}

// checkFormat accepts a link format name.
func checkFormat(v string) (string, error) {
	f, err := linkfmt.ParseFormat(v)
	if err != nil {
		return "", fmt.Errorf("use one of %s", strings.Join(formatNames(), ", "))
	}
	return f.String(), nil
}

// formatNames lists the link formats.
func formatNames() []string {
	var names []string
	for _, f := range linkfmt.Formats() {
		names = append(names, f.String())
	}
	return names
}

// checkPreview accepts a preview mode.
func checkPreview(v string) (string, error) {
	in := PreviewMode(strings.ToLower(strings.TrimSpace(v)))
	var names []string
	for _, m := range PreviewModes() {
		if in == m {
			return string(m), nil
		}
		names = append(names, string(m))
	}
	return "", fmt.Errorf("use one of %s", strings.Join(names, ", "))
}

// checkAccessLogs accepts a log location, s3://LOG-BUCKET/PREFIX/.
func checkAccessLogs(v string) (string, error) {
	loc, err := accesslog.ParseLocation(strings.TrimSpace(v))
	if err != nil {
		return "", errors.New("use the log bucket and prefix the buckets' server access logs are delivered to, like s3://my-logs/access/")
	}
	return loc.String(), nil
}

// CheckTeam accepts a team ledger's location, s3://BUCKET or
// s3://BUCKET/PREFIX, and returns it as s3://BUCKET/PREFIX/ (the prefix
// ending in "/").
func CheckTeam(v string) (string, error) {
	const allowed = "use the s3:// location of the team's ledger, like s3://team-bucket/s3share/"
	loc, err := s3browse.ParseLocation(strings.TrimSpace(v))
	if err != nil {
		return "", errors.New(allowed)
	}
	if loc.Key != "" && !strings.HasSuffix(loc.Key, "/") {
		loc.Key += "/"
	}
	if strings.HasPrefix(loc.Key, "/") || strings.Contains(loc.Key, "//") {
		return "", errors.New(allowed + " (no empty folder names)")
	}
	return "s3://" + loc.Bucket + "/" + loc.Key, nil
}

// checkSharePrefix accepts what share.CheckSharePrefix accepts, made to
// end in "/", and words its refusal for a setting.
func checkSharePrefix(v string) (string, error) {
	p, err := share.CheckSharePrefix(v)
	var bad *share.SharePrefixError
	if errors.As(err, &bad) {
		return "", errors.New(bad.Reason + ": " + share.SharePrefixHint)
	}
	return p, err
}
