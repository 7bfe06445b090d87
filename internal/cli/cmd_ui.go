package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"

	"github.com/s3share/s3share/demo"
	"github.com/s3share/s3share/history"
	"github.com/s3share/s3share/internal/clipboard"
	"github.com/s3share/s3share/linkcheck"
	"github.com/s3share/s3share/opens"
	"github.com/s3share/s3share/s3browse"
	"github.com/s3share/s3share/ui"
)

// uiCmd opens the terminal UI against the configured account.
type uiCmd struct {
	Location string `arg:"" optional:"" name:"s3://BUCKET[/PREFIX/]" help:"Open the UI in this folder: the way in when the credentials may not list every bucket."`
}

// Run opens the UI. Nothing here touches the network: the UI loads
// credentials and buckets in the background.
func (c *uiCmd) Run(ctx context.Context, g *globals) error {
	start, err := startLocation(c.Location)
	if err != nil {
		return err
	}
	term, err := g.terminal()
	if err != nil {
		return err
	}
	defer term.Close()
	b, err := g.browser(ctx)
	if err != nil {
		return err
	}
	h, err := g.openHistory(ctx)
	if err != nil {
		return err
	}
	defer h.Close()
	ts, err := g.teamSession(ctx, h, b)
	if err != nil {
		return err
	}
	deps := g.uiDeps(b, h)
	deps.Start = start
	if ts != nil {
		deps.Team = ts
		defer g.pushTeam(ctx, ts) // what the last moments recorded, if the background push had no time
	}
	return g.runUI(ctx, deps, term)
}

// terminal is where the UI draws: stdout when it is a terminal, else the
// controlling terminal. No terminal at all is a usage error (exit 2).
func (g *globals) terminal() (*ui.Terminal, error) {
	term, err := ui.OpenTerminal(os.Stdin, g.stdout)
	if err != nil {
		return nil, usageError{err}
	}
	return term, nil
}

// runUI runs the terminal UI on term, then prints the links it issued on
// stdout, one per line, so they stay in the scrollback after the alternate
// screen is gone (unless --no-print-links); also when it was interrupted.
func (g *globals) runUI(ctx context.Context, deps ui.Deps, term *ui.Terminal) error {
	restore := func() {}
	deps.ManyObjects = func() { restore = collectSooner() }
	issued, err := ui.Run(ctx, deps, term)
	restore() // the UI has stopped: nothing calls ManyObjects now
	if g.PrintLinks {
		for _, l := range issued {
			fmt.Fprintln(g.stdout, l.URL)
		}
	}
	return err
}

// uiGCPercent is the garbage collector's target once the UI lists a big
// folder (ui.Deps.ManyObjects): a collection when the heap has grown by a
// tenth of what is live, not doubled (Go's 100). Nearly all such a heap
// holds is the listing, in pointer-free arrays (package listing) that a
// collection does not scan, so collecting sooner costs little, and the
// process stays near its live size: measured (scripts/bench), a folder of
// 100,000 objects peaks 1 MB lower than with a quarter from 50,000 objects
// on, and one of a million 5 MB lower, at about 93 MB, in no more time.
// Before that the usual target stands, so starting up collects no more
// often than it did.
const uiGCPercent = 10

// collectSooner sets uiGCPercent unless GOGC asked for another target,
// and returns what puts the old one back.
func collectSooner() (undo func()) {
	old := debug.SetGCPercent(uiGCPercent)
	if old != 100 { // GOGC was set: it wins
		debug.SetGCPercent(old)
	}
	return func() { debug.SetGCPercent(old) }
}

// startLocation parses the UI's optional s3:// argument.
func startLocation(arg string) (*s3browse.Location, error) {
	if arg == "" {
		return nil, nil
	}
	loc, err := s3browse.ParseLocation(arg)
	if err != nil {
		return nil, err
	}
	return &loc, nil
}

// uiDeps wires the UI to the real S3 side, history and clipboard.
func (g *globals) uiDeps(b *s3browse.Browser, h *history.History) ui.Deps {
	return ui.Deps{
		Browser:    b,
		Sharer:     g.pipeline(b, h),
		History:    h,
		Places:     h,
		Checker:    linkcheck.NewChecker(0, 0, g.now).TrustCABundle(g.env.CABundle),
		Opens:      opens.NewReader(b, h, opens.Options{Location: g.AccessLogs, Now: g.now}),
		CopyNative: func(text string) error { return clipboard.CopyNative(text, g.display()) },
		Now:        g.now,
		OverSSH:    g.env.OverSSH,
		Getenv:     g.env.Terminal,
		Profile:    g.Profile,
		Reader:     b,
		Uploader:   b,
		Preview:    g.Preview,
		// What has no flag comes from the settings (file, environment).
		NoMouse:       !g.settings.Mouse,
		NoAutoCheck:   !g.settings.AutoCheck,
		DefaultExpiry: g.settings.Expiry,
		Format:        g.settings.Format,
	}
}

// demoCmd opens the UI against an embedded S3-compatible server.
type demoCmd struct{}

// Run starts the embedded server, opens the UI, and stops the server after.
func (c *demoCmd) Run(ctx context.Context, g *globals) error {
	term, err := g.terminal()
	if err != nil {
		return err
	}
	defer term.Close()
	srv, err := demo.Start(ctx)
	if err != nil {
		return fmt.Errorf("starting the demo server: %w", err)
	}
	defer srv.Close()
	// Only --history, not S3SHARE_HISTORY: demo links die with the demo.
	if g.HistoryPath == "" {
		dir, err := os.MkdirTemp("", "s3share-demo-")
		if err != nil {
			return fmt.Errorf("creating the demo history: %w", err)
		}
		defer os.RemoveAll(dir)
		g.HistoryPath = filepath.Join(dir, "history.db")
	}
	h, err := g.openHistory(ctx)
	if err != nil {
		return err
	}
	defer h.Close()
	opts := srv.Options()
	opts.Now = g.now
	b := s3browse.NewFromConfig(srv.Config(), opts)
	deps := g.uiDeps(b, h)
	deps.Profile = "demo"
	err = g.runUI(ctx, deps, term)
	if err == nil || errors.Is(err, ui.ErrInterrupted) {
		fmt.Fprintln(g.stderr, "Demo server stopped: links from the demo no longer open.")
	}
	return err
}
