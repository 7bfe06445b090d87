package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/alecthomas/kong"

	"github.com/s3share/s3share/config"
	"github.com/s3share/s3share/history"
	"github.com/s3share/s3share/internal/clipboard"
	"github.com/s3share/s3share/preview"
	"github.com/s3share/s3share/s3browse"
	"github.com/s3share/s3share/share"
	"github.com/s3share/s3share/termtext"
)

// cli is the whole command line: global flags and the subcommands.
type cli struct {
	globals

	UI      uiCmd      `cmd:"" default:"withargs" hidden:"" help:"Open the terminal UI (the default), at s3://BUCKET[/PREFIX/] when given."`
	Demo    demoCmd    `cmd:"" help:"Open the terminal UI against an embedded S3 server with sample images (no AWS account needed)."`
	Buckets bucketsCmd `cmd:"" help:"List buckets with their regions."`
	Ls      lsCmd      `cmd:"" help:"List the folders and images under an s3:// location."`
	Find    findCmd    `cmd:"" help:"Find images (or every object) under an s3:// location at any depth, many folders at once."`
	Presign presignCmd `cmd:"" help:"Presign GET links for objects, print them and record them in the history."`
	Put     putCmd     `cmd:"" help:"Upload files (or the clipboard's image) without their GPS position, then share them as presign does."`
	History historyCmd `cmd:"" help:"Show, delete or prune the links issued so far."`
	Check   checkCmd   `cmd:"" help:"Check live whether links work (one ranged GET each, billed to the bucket owner); exit 1 when one that should does not."`
	Revoke  revokeCmd  `cmd:"" help:"Revoke revocable links: delete their copies, so they answer 404."`
	Renew   renewCmd   `cmd:"" help:"Issue links again with the same settings, where they were issued."`
	Opens   opensCmd   `cmd:"" help:"Read the buckets' server access logs: who opened each link, when and how often, and who tried after it ended."`
	Preview previewCmd `cmd:"" help:"Draw one image from S3 in the terminal (kitty, sixel, iTerm2 or Unicode blocks)."`
	Team    teamCmd    `cmd:"" help:"Share the history with a team through a ledger in a bucket: init, join, status, sync."`

	Config     configCmd     `cmd:"" help:"Show every setting, its value and where it comes from (flag, env, file, default)."`
	Completion completionCmd `cmd:"" help:"Print a shell completion script (bash, zsh, fish); see the README to install it."`
	Complete   completeCmd   `cmd:"" name:"__complete" hidden:"" help:"Complete a command line (called by the completion scripts)."`
}

// globals are the flags every command takes.
type globals struct {
	Profile     string       `help:"AWS profile from the shared config (default: AWS_PROFILE, else default)." placeholder:"NAME"`
	Region      string       `help:"AWS region for calls not tied to a bucket (buckets use their own region)." placeholder:"REGION"`
	EndpointURL string       `name:"endpoint-url" help:"S3-compatible endpoint, e.g. http://127.0.0.1:9000 (MinIO, R2, Ceph...)." placeholder:"URL"`
	PathStyle   bool         `name:"path-style" help:"Address buckets as ENDPOINT/BUCKET instead of BUCKET.ENDPOINT."`
	HistoryPath string       `name:"history" help:"History database (default: $S3SHARE_HISTORY, else $XDG_STATE_HOME/s3share/history.db)." placeholder:"PATH"`
	SharePrefix string       `name:"share-prefix" default:"s3share-shares/" help:"Where revocable copies go in a bucket (default ${share_prefix_in_force})." placeholder:"PREFIX"`
	PrintLinks  bool         `name:"print-links" default:"true" negatable:"" help:"When the terminal UI exits, print the links it issued on stdout, one per line (--no-print-links turns it off)."`
	Preview     preview.Mode `name:"preview" default:"auto" enum:"auto,kitty,sixel,iterm,blocks,off" help:"Image previews in the UI: auto (detect), kitty, sixel, iterm, blocks or off."`
	AccessLogs  string       `name:"access-logs" help:"Where the buckets' server access logs are delivered, for opens (default: asked of each bucket with GetBucketLogging)." placeholder:"s3://LOG-BUCKET/PREFIX/"`
	Team        string       `name:"team" help:"The team ledger links are shared in, s3://BUCKET/PREFIX/ (default: the team setting, ${team_in_force})." placeholder:"s3://BUCKET/PREFIX/"`
	NoTeam      bool         `name:"no-team" help:"Leave the team ledger out of this command: links are recorded in this history only."`

	Output string `enum:"text,json" default:"text" help:"How results are printed: text for people (outside text escaped) or json, one object per line (exact)." placeholder:"text|json"`
	JSON   bool   `name:"json" help:"The same as --output json."`

	Version kong.VersionFlag `help:"Print the version and exit."`

	// settings are the config file and environment layers (see
	// cli_config.go); flags wired to a setting already hold its value. Read
	// here what has no flag yet: settings.Mouse, settings.AutoCheck, and for
	// the UI settings.Format and settings.Expiry (its share dialog defaults).
	settings *config.Settings
	env      config.Environment // what run read from the environment

	stdout io.Writer
	stderr io.Writer
	now    func() time.Time
}

// options turns the global flags into s3browse options.
func (g *globals) options() s3browse.Options {
	return s3browse.Options{Profile: g.Profile, Region: g.Region, EndpointURL: g.EndpointURL, PathStyle: g.PathStyle, Now: g.now, DefaultProfile: g.env.Profile}
}

// browser builds the S3 client side from the AWS configuration chain.
func (g *globals) browser(ctx context.Context) (*s3browse.Browser, error) {
	return s3browse.New(ctx, g.options())
}

// pipeline is the one pipeline every command issues, renews, revokes and
// prunes through: b's S3, recording into h (nil: nothing recorded), the
// clock and the share prefix in force.
func (g *globals) pipeline(b *s3browse.Browser, h *history.History) *share.Pipeline {
	return share.NewPipeline(b, h, g.now).WithSharePrefix(g.SharePrefix)
}

// openHistory opens the history at --history, else S3SHARE_HISTORY, else the
// XDG default (config.ReadEnvironment read the variables).
func (g *globals) openHistory(ctx context.Context) (*history.History, error) {
	path, err := g.historyPath()
	if err != nil {
		return nil, err
	}
	return history.OpenHistory(ctx, path, g.now)
}

// historyPath is the history file openHistory opens.
func (g *globals) historyPath() (string, error) {
	if g.HistoryPath != "" {
		return g.HistoryPath, nil
	}
	return g.env.HistoryPath, g.env.HistoryErr
}

// display is the displays a native clipboard may use.
func (g *globals) display() clipboard.Display {
	return clipboard.Display{X11: g.env.X11, Wayland: g.env.Wayland}
}

// parser is kong's parser of c's command line, once c.loadSettings has run:
// its flags that map to settings take them when left out.
func (c *cli) parser(ctx context.Context) (*kong.Kong, error) {
	return kong.New(c,
		kong.Name("s3share"),
		kong.Description("Share private images from S3 through presigned links, and keep track of every link issued."),
		kong.ConfigureHelp(kong.HelpOptions{Compact: true}),
		kong.Writers(c.stdout, c.stderr),
		kong.BindTo(ctx, (*context.Context)(nil)),
		kong.Resolvers(c.settingsResolver()),
		versionVars(),
		expiryMapper(c.now),
		c.settingsInForce(),
	)
}

// run parses args, runs the chosen command and returns the exit code.
// --help prints and exits 0 from inside kong.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	c := cli{globals: globals{stdout: stdout, stderr: stderr, now: time.Now, env: config.ReadEnvironment(os.Getenv)}}
	loadErr := c.loadSettings(ctx, os.Getenv)
	if ctx.Err() != nil {
		return report(stderr, ctx.Err()) // ctrl+c while the settings were read
	}
	parser, err := c.parser(ctx)
	if err != nil {
		return report(stderr, err)
	}
	kctx, err := parser.Parse(joinNegativeValues(parser.Model, args))
	if err != nil {
		fmt.Fprintf(stderr, "s3share: %s (see s3share --help)\n", termtext.Escape(err.Error()))
		return exitUsage
	}
	if err := c.settingsReady(kctx, loadErr); err != nil {
		return report(stderr, err)
	}
	if err := kctx.Run(&c.globals); err != nil {
		return report(stderr, err)
	}
	return exitOK
}
