package cli

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/alecthomas/kong"

	"github.com/s3share/s3share/accesslog"
	"github.com/s3share/s3share/config"
	"github.com/s3share/s3share/share"
)

// How settings reach the commands: run loads the config file and the
// environment (config.Load) before parsing; a kong resolver (settings
// Resolver) then fills each flag that maps to a setting and was not given
// on the command line, with the value from the file or an S3SHARE_*
// variable. AWS_* variables are left to the AWS SDK, which reads them itself
// (same value, its own error messages). Flag defaults stay for settings that
// nobody set. After parsing, the flags that were on the command line are
// noted in the settings so `s3share config` shows them.

// globalFlagSettings maps the global flags to their settings.
var globalFlagSettings = map[string]string{
	"profile":      config.KeyProfile,
	"region":       config.KeyRegion,
	"endpoint-url": config.KeyEndpointURL,
	"path-style":   config.KeyPathStyle,
	"share-prefix": config.KeySharePrefix,
	"preview":      config.KeyPreview,
	"access-logs":  config.KeyAccessLogs,
	"team":         config.KeyTeam,
}

// commandFlagSettings maps the flags of one command ("presign") to their
// settings. A command that gains such a flag (a UI --mouse) gets the
// setting by adding a row here.
var commandFlagSettings = map[string]map[string]string{
	"presign": {"expires": config.KeyExpiry, "format": config.KeyFormat},
	"put":     {"expires": config.KeyExpiry, "format": config.KeyFormat},
}

// loadSettings reads the config file and the environment into g.settings.
// On an error g.settings holds the defaults and the error is returned, to
// be reported after parsing (completion still works with a broken file).
// ctrl+c while the file is read returns the context's error.
func (g *globals) loadSettings(ctx context.Context, getenv func(string) string) error {
	g.settings = config.Defaults()
	path, err := config.Path(getenv)
	if err != nil {
		path = "" // no HOME: no file, as when it is missing
	}
	s, err := config.Load(ctx, path, getenv)
	if err != nil {
		g.settings.File = path
		return err
	}
	g.settings = s
	return nil
}

// settingsInForce gives the help of flags that map to a setting the value
// that applies when the flag is left out: the settings file's or an
// S3SHARE_* variable's, else the built-in default. The help says "default
// 48h" when the file says expiry = "48h".
func (g *globals) settingsInForce() kong.Vars {
	vars := kong.Vars{}
	for name, key := range map[string]string{
		"expiry_in_force": config.KeyExpiry, "format_in_force": config.KeyFormat, "share_prefix_in_force": config.KeySharePrefix,
		"team_in_force": config.KeyTeam,
	} {
		vars[name], _, _ = g.settings.Value(key)
	}
	if vars["team_in_force"] == "" {
		vars["team_in_force"] = "none"
	}
	return vars
}

// settingKey is the setting a flag of the node maps to, or "".
func settingKey(node *kong.Node, flag *kong.Flag) string {
	if node == nil || node.Type == kong.ApplicationNode {
		return globalFlagSettings[flag.Name]
	}
	return commandFlagSettings[node.Path()][flag.Name]
}

// settingsResolver gives kong the file's and S3SHARE_* values of flags that
// are not on the command line.
func (g *globals) settingsResolver() kong.Resolver {
	return kong.ResolverFunc(func(_ *kong.Context, parent *kong.Path, flag *kong.Flag) (any, error) {
		key := settingKey(parent.Node(), flag)
		if key == "" {
			return nil, nil
		}
		value, origin, _ := g.settings.Value(key)
		switch {
		case origin.Source == config.SourceDefault:
			return nil, nil // the flag's own default
		case origin.Source == config.SourceEnv && strings.HasPrefix(origin.Where, "AWS_"):
			return nil, nil // the AWS SDK reads it
		case flag.IsBool():
			return value == "true", nil
		}
		return value, nil
	})
}

// settingsReady runs after parsing: it reports a bad config file or
// variable (exit 2), except to the completion commands, and notes the
// flags given on the command line.
func (g *globals) settingsReady(kctx *kong.Context, loadErr error) error {
	cmd := kctx.Command()
	if loadErr != nil && !strings.HasPrefix(cmd, "completion") && !strings.HasPrefix(cmd, "__complete") {
		return usageError{loadErr}
	}
	if err := g.checkSharePrefix(cmd); err != nil {
		return err
	}
	if err := g.checkAccessLogs(cmd); err != nil {
		return err
	}
	if err := g.checkTeam(cmd); err != nil {
		return err
	}
	owner := map[*kong.Flag]*kong.Node{}
	for _, p := range kctx.Path {
		for _, f := range p.Flags {
			owner[f] = p.Node()
		}
	}
	for _, p := range kctx.Path {
		if p.Flag == nil || p.Resolved {
			continue
		}
		if key := settingKey(owner[p.Flag], p.Flag); key != "" {
			g.settings.NoteFlag(key, "--"+p.Flag.Name, fmt.Sprint(p.Flag.Target.Interface()))
		}
	}
	return nil
}

// checkSharePrefix gives --share-prefix the check the settings file and
// S3SHARE_SHARE_PREFIX get (share.CheckSharePrefix), worded for the flag:
// a usage error. The completion commands take any value.
func (g *globals) checkSharePrefix(cmd string) error {
	if strings.HasPrefix(cmd, "completion") || strings.HasPrefix(cmd, "__complete") {
		return nil
	}
	_, err := share.CheckSharePrefix(g.SharePrefix)
	var bad *share.SharePrefixError
	if errors.As(err, &bad) {
		return usagef("--share-prefix %q: %s: %s", bad.Prefix, bad.Reason, share.SharePrefixHint)
	}
	return err
}

// checkAccessLogs refuses an --access-logs that is not s3://BUCKET/PREFIX
// (the settings file and S3SHARE_ACCESS_LOGS are checked by config): a
// usage error. The completion commands take any value.
func (g *globals) checkAccessLogs(cmd string) error {
	if g.AccessLogs == "" || strings.HasPrefix(cmd, "completion") || strings.HasPrefix(cmd, "__complete") {
		return nil
	}
	if _, err := accesslog.ParseLocation(g.AccessLogs); err != nil {
		return usagef("--access-logs %q: %v: give the log bucket and prefix, like s3://my-logs/access/", g.AccessLogs, err)
	}
	return nil
}

// checkTeam gives --team the check the settings file and S3SHARE_TEAM
// get (config.CheckTeam), worded for the flag: a usage error. The value
// in force is kept normalized (s3://BUCKET/PREFIX/).
func (g *globals) checkTeam(cmd string) error {
	if g.Team == "" || strings.HasPrefix(cmd, "completion") || strings.HasPrefix(cmd, "__complete") {
		return nil
	}
	loc, err := config.CheckTeam(g.Team)
	if err != nil {
		return usagef("--team %q: %v", g.Team, err)
	}
	g.Team = loc
	return nil
}
