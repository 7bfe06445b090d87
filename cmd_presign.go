package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/alecthomas/kong"

	"github.com/s3share/s3share/s3browse"
	"github.com/s3share/s3share/share"
	"github.com/s3share/s3share/termtext"
)

// presignCmd issues presigned GET links.
type presignCmd struct {
	Locations []string     `arg:"" name:"s3://BUCKET/KEY" help:"Objects to share."`
	Expires   string       `default:"24h" help:"How long links work: 90s, 15m, 1h, 24h, 7d, 1d12h, or a time (2026-12-01 17:00, RFC 3339). 1s to 7d; default ${default}." placeholder:"DURATION"`
	Download  downloadFlag `help:"Make browsers download instead of display; --download=NAME sets the file name." placeholder:"NAME"`
	Copy      bool         `help:"Copy the links to the clipboard (one per line)."`
	Label     string       `help:"A note stored with the links in the history, e.g. the client's name."`
	Revocable bool         `help:"Share a server-side copy under the share prefix (--share-prefix), so 's3share revoke' can stop the link (needs write access)."`
	NoHistory bool         `name:"no-history" help:"Do not record the links in the history."`
	JSON      bool         `name:"json" help:"One JSON object per line: id, bucket, key, url, issued_at, expires_at, effective_expires_at, revocable, warnings."`
}

// Run validates everything, then shares through the pipeline: each bucket
// and object is checked, links are signed, recorded and printed in chunks,
// a link printed only once it is in the history.
func (c *presignCmd) Run(ctx context.Context, g *globals) error {
	reqs, err := c.requests(g.now())
	if err != nil {
		return err
	}
	var hist *share.History
	if !c.NoHistory {
		if hist, err = g.openHistory(); err != nil {
			return err
		}
		defer hist.Close()
	}
	b, err := g.browser(ctx)
	if err != nil {
		return err
	}
	p := share.NewPipeline(b, hist, g.now).WithSharePrefix(g.SharePrefix)
	warned := map[string]bool{}
	res, err := p.Share(ctx, reqs, func(links []share.Link) error {
		warnOnce(g.stderr, links, warned)
		return c.print(g.stdout, links)
	})
	if err != nil {
		return err
	}
	if c.Copy {
		return copyLinks(res.Links)
	}
	return nil
}

// requests parses the locations and the expiry before any network call.
func (c *presignCmd) requests(now time.Time) ([]share.Request, error) {
	expires, err := share.ParseExpiry(c.Expires, now)
	if err != nil {
		return nil, err
	}
	reqs := make([]share.Request, 0, len(c.Locations))
	for _, arg := range c.Locations {
		loc, err := s3browse.ParseLocation(arg)
		if err != nil {
			return nil, err
		}
		if loc.IsPrefix() {
			return nil, usagef("%s is a bucket or folder: presign takes objects, like s3://%s/photo.jpg", arg, loc.Bucket)
		}
		reqs = append(reqs, share.Request{
			Bucket: loc.Bucket, Key: loc.Key, Expires: expires, Revocable: c.Revocable,
			Download: c.Download.Set, Filename: c.Download.Name, Label: c.Label,
		})
	}
	return reqs, nil
}

// print writes one chunk of recorded links: URLs, or JSON lines.
func (c *presignCmd) print(w io.Writer, links []share.Link) error {
	enc := json.NewEncoder(w)
	for _, l := range links {
		var err error
		if c.JSON {
			err = enc.Encode(presignedJSON(l, c.NoHistory))
		} else {
			_, err = fmt.Fprintln(w, l.URL)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

type linkJSON struct {
	ID                 *int64    `json:"id"`
	Bucket             string    `json:"bucket"`
	Key                string    `json:"key"`
	URL                string    `json:"url"`
	IssuedAt           time.Time `json:"issued_at"`
	ExpiresAt          time.Time `json:"expires_at"`
	EffectiveExpiresAt time.Time `json:"effective_expires_at"`
	Label              string    `json:"label,omitempty"`
	Revocable          bool      `json:"revocable"`
}

// presignJSON is one line of presign --json.
type presignJSON struct {
	linkJSON
	Warnings []string `json:"warnings"`
}

func linkToJSON(l share.Link) linkJSON {
	id := l.ID
	return linkJSON{
		ID: &id, Bucket: l.Bucket, Key: l.Key, URL: l.URL,
		IssuedAt: l.IssuedAt.UTC(), ExpiresAt: l.ExpiresAt.UTC(), EffectiveExpiresAt: l.EffectiveExpiresAt.UTC(),
		Label: l.Label, Revocable: l.Revocable(),
	}
}

func presignedJSON(l share.Link, noHistory bool) presignJSON {
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
func warnOnce(w io.Writer, links []share.Link, seen map[string]bool) {
	for _, l := range links {
		for _, warning := range l.Warnings {
			if !seen[warning] {
				seen[warning] = true
				fmt.Fprintf(w, "s3share: warning: %s\n", termtext.Escape(warning))
			}
		}
	}
}

// copyLinks puts the URLs on the native clipboard, one per line.
func copyLinks(links []share.Link) error {
	urls := make([]string, len(links))
	for i, l := range links {
		urls[i] = l.URL
	}
	if err := share.CopyNative(strings.Join(urls, "\n")); err != nil {
		return fmt.Errorf("links issued and printed, but not copied: %w", err)
	}
	return nil
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
