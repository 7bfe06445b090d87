package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/alecthomas/kong"

	"github.com/s3share/s3share/s3browse"
	"github.com/s3share/s3share/share"
)

// cli is the whole command line: global flags and the subcommands.
type cli struct {
	globals

	UI      uiCmd      `cmd:"" default:"1" hidden:"" help:"Open the terminal UI (the default)."`
	Demo    demoCmd    `cmd:"" help:"Open the terminal UI against an embedded S3 server with sample images (no AWS account needed)."`
	Buckets bucketsCmd `cmd:"" help:"List buckets with their regions."`
	Ls      lsCmd      `cmd:"" help:"List the folders and images under an s3:// location."`
	Find    findCmd    `cmd:"" help:"Find images (or every object) under an s3:// location at any depth, many folders at once."`
	Presign presignCmd `cmd:"" help:"Presign GET links for objects, print them and record them in the history."`
	History historyCmd `cmd:"" help:"Show, delete or prune the links issued so far."`
}

// globals are the flags every command takes.
type globals struct {
	Profile     string `help:"AWS profile from the shared config (default: AWS_PROFILE, else default)." placeholder:"NAME"`
	Region      string `help:"AWS region for calls not tied to a bucket (buckets use their own region)." placeholder:"REGION"`
	EndpointURL string `name:"endpoint-url" help:"S3-compatible endpoint, e.g. http://127.0.0.1:9000 (MinIO, R2, Ceph...)." placeholder:"URL"`
	PathStyle   bool   `name:"path-style" help:"Address buckets as ENDPOINT/BUCKET instead of BUCKET.ENDPOINT."`
	HistoryPath string `name:"history" help:"History database (default: $S3SHARE_HISTORY, else $XDG_STATE_HOME/s3share/history.db)." placeholder:"PATH"`

	stdout io.Writer
	stderr io.Writer
	now    func() time.Time
}

// options turns the global flags into s3browse options.
func (g *globals) options() s3browse.Options {
	return s3browse.Options{Profile: g.Profile, Region: g.Region, EndpointURL: g.EndpointURL, PathStyle: g.PathStyle}
}

// browser builds the S3 client side from the AWS configuration chain.
func (g *globals) browser(ctx context.Context) (*s3browse.Browser, error) {
	return s3browse.New(ctx, g.options())
}

// openHistory opens the history at --history, else S3SHARE_HISTORY, else the
// XDG default (share.DefaultHistoryPath reads the variable).
func (g *globals) openHistory() (*share.History, error) {
	path := g.HistoryPath
	if path == "" {
		p, err := share.DefaultHistoryPath()
		if err != nil {
			return nil, err
		}
		path = p
	}
	return share.OpenHistory(path, g.now)
}

// run parses args, runs the chosen command and returns the exit code.
// --help prints and exits 0 from inside kong.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	c := cli{globals: globals{stdout: stdout, stderr: stderr, now: time.Now}}
	parser, err := kong.New(&c,
		kong.Name("s3share"),
		kong.Description("Share private images from S3 through presigned links, and keep track of every link issued."),
		kong.ConfigureHelp(kong.HelpOptions{Compact: true}),
		kong.Writers(stdout, stderr),
		kong.BindTo(ctx, (*context.Context)(nil)),
	)
	if err != nil {
		return report(stderr, err)
	}
	kctx, err := parser.Parse(args)
	if err != nil {
		fmt.Fprintf(stderr, "s3share: %v (see s3share --help)\n", err)
		return exitUsage
	}
	if err := kctx.Run(&c.globals); err != nil {
		return report(stderr, err)
	}
	return exitOK
}
