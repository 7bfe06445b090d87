package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/alecthomas/kong"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/term"

	"github.com/s3share/s3share/history"
	"github.com/s3share/s3share/internal/clipboard"
	"github.com/s3share/s3share/linkfmt"
	"github.com/s3share/s3share/presigned"
	"github.com/s3share/s3share/s3browse"
	"github.com/s3share/s3share/share"
	"github.com/s3share/s3share/termtext"
)

// presignCmd issues presigned GET links.
type presignCmd struct {
	Locations  []string `arg:"" name:"s3://BUCKET/KEY" help:"Objects to share."`
	shareFlags `embed:""`
}

// shareFlags are the flags of the commands that issue links (presign,
// put): how long they work, how they are printed, copied and recorded.
type shareFlags struct {
	Expires     expiryFlag     `default:"24h" help:"How long links work: 90s, 15m, 1h, 24h, 7d, 1d12h, or a time (2026-12-01 17:00, RFC 3339). 1s to 7d; default ${expiry_in_force}." placeholder:"DURATION"`
	Download    downloadFlag   `help:"Make browsers download instead of display; --download=NAME sets the file name." placeholder:"NAME"`
	Copy        bool           `help:"Copy the links to the clipboard, in the --format."`
	Label       string         `help:"A note stored with the links in the history, e.g. the client's name (a gallery's heading)."`
	Revocable   bool           `help:"Share a server-side copy under the share prefix (--share-prefix), so 's3share revoke' can stop the link (needs write access)."`
	Gallery     bool           `help:"One link for all the images: a page under the share prefix that shows them, ending with them (needs write access)."`
	GalleryFile string         `name:"gallery-file" help:"Write the gallery page to this file instead of the bucket (to attach to a mail)." placeholder:"PAGE.html"`
	Format      linkfmt.Format `default:"url" enum:"url,markdown,html,message,csv,json" help:"How links are printed (and copied): url, markdown, html, message, csv or json; default ${format_in_force}." placeholder:"FORMAT"`
	NoHistory   bool           `name:"no-history" help:"Do not record the links in the history."`
}

// Run validates everything, then shares through the pipeline: each bucket
// and object is checked, links are signed, recorded and printed in chunks,
// a link printed only once it is in the history.
func (c *presignCmd) Run(ctx context.Context, g *globals) error {
	reqs, err := c.requests(g.now())
	if err != nil {
		return err
	}
	hist, err := c.openHistory(ctx, g)
	if err != nil {
		return err
	}
	if hist != nil {
		defer hist.Close()
	}
	b, err := g.browser(ctx)
	if err != nil {
		return err
	}
	ts, err := g.teamSession(ctx, hist, b)
	if err != nil {
		return err
	}
	defer g.pushTeam(ctx, ts) // after the links are printed: the team sees them after the push
	_, err = c.issue(ctx, g, g.pipeline(b, hist), b.EndpointName(), reqs)
	return err
}

// issue shares reqs through p and prints and copies the links, or the
// gallery page; issued says whether any link was recorded (or, without
// a history, handed out).
func (c *shareFlags) issue(ctx context.Context, g *globals, p *share.Pipeline, endpoint string, reqs []share.Request) (issued bool, err error) {
	if c.Gallery || c.GalleryFile != "" {
		issued, err = c.shareGallery(ctx, g, p, reqs)
		return issued, shareFailed(err)
	}
	warned := map[string]bool{}
	stop := waiting(g.stderr, endpoint, "check "+checking(reqs))
	defer stop()
	res, err := p.Share(ctx, reqs, func(links []presigned.Link) error {
		stop()
		warnOnce(g.stderr, links, warned)
		return c.print(g, links)
	})
	if err != nil {
		return len(res.Links) > 0, shareFailed(err)
	}
	return true, c.copy(g, res.Links)
}

// shareFailed words the pipeline's errors for the command line: a refused
// revocable copy says what a copy needs and to share without --revocable.
func shareFailed(err error) error {
	var denied *share.CopyDeniedError
	if errors.As(err, &denied) {
		return fmt.Errorf("%s; nothing was issued: share without --revocable, or ask for those permissions", denied.Needs())
	}
	return err
}

// openHistory opens the history, unless --no-history (nil then).
func (c *shareFlags) openHistory(ctx context.Context, g *globals) (*history.History, error) {
	if c.NoHistory {
		return nil, nil
	}
	return g.openHistory(ctx)
}

// shareGallery issues the links as one gallery page and prints that one
// link (or, with --gallery-file, writes the page and prints its images).
// issued says whether the page was made.
func (c *shareFlags) shareGallery(ctx context.Context, g *globals, p *share.Pipeline, reqs []share.Request) (issued bool, err error) {
	page, err := p.ShareGallery(ctx, reqs, share.GalleryOptions{Title: c.Label, File: c.GalleryFile})
	if errors.Is(err, share.ErrGalleryFileExists) {
		return false, fmt.Errorf("%w: choose another --gallery-file, or move that file away", err)
	}
	if err != nil {
		return false, err
	}
	warnOnce(g.stderr, page.Members, map[string]bool{})
	out := []presigned.Link{page}
	if c.GalleryFile != "" {
		fmt.Fprintf(g.stderr, "s3share: wrote the gallery page to %s (%d images): its links work until %s\n",
			termtext.Escape(c.GalleryFile), len(page.Members), linkfmt.FormatEnd(presigned.FirstToEnd(page.Members).End(), time.Local))
		out = page.Members
	}
	if g.jsonOutput() {
		return true, g.out().print(galleryRecord{page, c.NoHistory})
	}
	if err := c.print(g, out); err != nil {
		return true, err
	}
	return true, c.copy(g, out)
}

// printer prints in the chosen format.
func (c *shareFlags) printer(g *globals) linkfmt.Printer {
	return linkfmt.Printer{Format: c.Format, Now: g.now}
}

// copy puts links on the clipboard in the chosen format, with --copy: the
// system clipboard, else the terminal's (OSC 52, as the UI does) when
// stderr or stdout is a terminal. With neither it says on stderr that
// nothing was copied and still succeeds: the links were issued, recorded
// and printed, and a script that asked for a copy it cannot have must not
// take them for failed.
func (c *shareFlags) copy(g *globals, links []presigned.Link) error {
	if !c.Copy {
		return nil
	}
	text, err := c.printer(g).Text(links)
	if err != nil {
		return err
	}
	text = strings.TrimRight(text, "\n")
	nativeErr := clipboard.CopyNative(text, g.display())
	if nativeErr == nil {
		return nil
	}
	if tty := g.osc52Terminal(); tty != nil {
		if _, err := io.WriteString(tty, ansi.SetSystemClipboard(text)); err == nil {
			fmt.Fprintln(g.stderr, "s3share: no system clipboard here: copied through the terminal (OSC 52), if it allows")
			return nil
		}
	}
	fmt.Fprintf(g.stderr, "s3share: warning: nothing was copied (%s); the links were issued and printed\n", termtext.Escape(nativeErr.Error()))
	return nil
}

// osc52Terminal is stderr, else stdout, when it is a terminal; nil when neither
// is (a pipe, a file).
func (g *globals) osc52Terminal() io.Writer {
	for _, w := range []io.Writer{g.stderr, g.stdout} {
		if f, ok := w.(*os.File); ok && term.IsTerminal(f.Fd()) {
			return f
		}
	}
	return nil
}

// requests parses the locations and the expiry before any network call.
func (c *presignCmd) requests(now time.Time) ([]share.Request, error) {
	reqs := make([]share.Request, 0, len(c.Locations))
	for _, arg := range c.Locations {
		loc, err := s3browse.ParseLocation(arg)
		if err != nil {
			return nil, err
		}
		if loc.IsPrefix() {
			return nil, usagef("%s is a bucket or folder: presign takes objects, like s3://%s/photo.jpg", arg, loc.Bucket)
		}
		reqs = append(reqs, c.request(loc))
	}
	return reqs, nil
}

// request is the share request of one object under the flags.
func (c *shareFlags) request(loc s3browse.Location) share.Request {
	expires := c.Expires.Expiry
	return share.Request{
		Bucket: loc.Bucket, Key: loc.Key, Expires: expires.Duration, Until: expires.Until, Revocable: c.Revocable,
		Download: c.Download.Set, Filename: c.Download.Name, Label: c.Label,
	}
}

// checking names what the checks before signing look at: the one object,
// or how many.
func checking(reqs []share.Request) string {
	if len(reqs) == 1 {
		return s3browse.Location{Bucket: reqs[0].Bucket, Key: reqs[0].Key}.String()
	}
	return fmt.Sprintf("%d objects", len(reqs))
}

// print writes one chunk of recorded links in the format, or as records.
func (c *shareFlags) print(g *globals, links []presigned.Link) error {
	return g.out().links(links, c.Format, g.now, func(l presigned.Link) record { return linkRecord{l, c.NoHistory} })
}

// linkRecord is one issued link: its URL, or presign's JSON object.
type linkRecord struct {
	l         presigned.Link
	noHistory bool
}

func (r linkRecord) text() string { return r.l.URL }
func (r linkRecord) object() any  { return presignedJSON(r.l, r.noHistory) }

// galleryRecord is a gallery page with its images inside.
type galleryRecord linkRecord

func (r galleryRecord) text() string { return r.l.URL }
func (r galleryRecord) object() any  { return galleryToJSON(r.l, r.noHistory) }

// linkJSON is a link as the CLI's records show it: the json format's
// object, with an id that is null for a link not recorded.
type linkJSON struct {
	linkfmt.LinkJSON
	ID *int64 `json:"id"`
}

// presignJSON is one line of presign --json.
type presignJSON struct {
	linkJSON
	Warnings []string `json:"warnings"`
}

func linkToJSON(l presigned.Link) linkJSON {
	id := l.ID
	return linkJSON{LinkJSON: linkfmt.NewLinkJSON(l), ID: &id}
}

// galleryJSON is presign --gallery --json: the page, its images inside.
type galleryJSON struct {
	presignJSON
	Images []presignJSON `json:"images"`
}

func galleryToJSON(page presigned.Link, noHistory bool) galleryJSON {
	j := galleryJSON{presignJSON: presignedJSON(page, noHistory), Images: []presignJSON{}}
	for _, m := range page.Members {
		j.Images = append(j.Images, presignedJSON(m, noHistory))
	}
	return j
}

func presignedJSON(l presigned.Link, noHistory bool) presignJSON {
	j := presignJSON{linkJSON: linkToJSON(l), Warnings: l.Warnings}
	if j.Warnings == nil {
		j.Warnings = []string{}
	}
	if noHistory {
		j.ID = nil
	}
	return j
}

// warnOnce prints each warning of links on w once (seen remembers them),
// before the links themselves.
func warnOnce(w io.Writer, links []presigned.Link, seen map[string]bool) {
	for _, l := range links {
		for _, warning := range l.Warnings {
			if !seen[warning] {
				seen[warning] = true
				fmt.Fprintf(w, "s3share: warning: %s\n", termtext.Escape(warning))
			}
		}
	}
}

// downloadFlag is --download (attachment, key's name) or --download=NAME.
type downloadFlag struct {
	Set  bool
	Name string
}

// Decode reads an optional =NAME after --download.
func (d *downloadFlag) Decode(ctx *kong.DecodeContext) error {
	d.Set = true
	if ctx.Scan.Peek().Type != kong.FlagValueToken {
		return nil
	}
	tok := ctx.Scan.Pop()
	name, ok := tok.Value.(string)
	if !ok {
		return fmt.Errorf("--download takes a file name, like --download=photo.jpg")
	}
	d.Name = name
	return nil
}

// IsBool lets --download stand alone, without a value.
func (d *downloadFlag) IsBool() bool { return true }
