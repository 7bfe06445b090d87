package cli

import (
	"bufio"
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/dustin/go-humanize"

	"github.com/s3share/s3share/s3browse"
)

// findCmd finds objects under a location at any depth.
type findCmd struct {
	Location string `arg:"" name:"location" help:"s3://BUCKET or s3://BUCKET/PREFIX: where to look, at any depth."`
	Name     string `help:"Only objects whose base name matches GLOB, case-insensitive (*, ?, [a-z]); quote it." placeholder:"GLOB"`
	All      bool   `help:"Every object, not only images."`
	Newer    string `help:"Only objects modified within DURATION (90m, 36h, 7d, 2w) or after DATE (2026-11-01, '2026-11-01 17:00', RFC 3339)." placeholder:"DURATION|DATE"`
	Larger   string `help:"Only objects larger than SIZE (500KB, 2MiB, 1GB; plain numbers are bytes)." placeholder:"SIZE"`
}

// Run streams the matches as they are found (in no particular order).
func (c *findCmd) Run(ctx context.Context, g *globals) error {
	loc, err := s3browse.ParseLocation(c.Location)
	if err != nil {
		return err
	}
	opts, err := c.options(g.now())
	if err != nil {
		return err
	}
	prefix := loc.Key
	if prefix != "" && !strings.HasSuffix(prefix, "/") {
		prefix += "/" // s3://bucket/photos means the folder photos/, as in ls
	}
	b, err := g.browser(ctx)
	if err != nil {
		return err
	}
	// One write per batch rather than per line: a search prints many lines.
	buf := bufio.NewWriterSize(g.stdout, 64<<10)
	out := g.outTo(buf)
	return b.Find(ctx, loc.Bucket, prefix, opts, func(objs []s3browse.Object) error {
		if err := printPage(out, s3browse.Page{Objects: objs}, true); err != nil {
			return err
		}
		return buf.Flush()
	})
}

// options turns the flags into find options; a bad value is a usage error.
func (c *findCmd) options(now time.Time) (s3browse.FindOptions, error) {
	opts := s3browse.FindOptions{Name: c.Name, All: c.All}
	if err := opts.Check(); err != nil {
		return opts, usagef("--name: %v", err)
	}
	if c.Newer != "" {
		since, err := parseNewer(c.Newer, now)
		if err != nil {
			return opts, err
		}
		opts.Since = since
	}
	if c.Larger != "" {
		n, err := humanize.ParseBytes(c.Larger)
		if err != nil || n >= 1<<62 {
			return opts, usagef("--larger %q is not a size: give bytes or a size like 500KB, 2MiB, 1GB", c.Larger)
		}
		opts.MinSize = int64(n) + 1 // larger than
	}
	return opts, nil
}

// newerDates are the date layouts --newer takes, in local time.
var newerDates = []string{"2006-01-02", "2006-01-02 15:04", "2006-01-02T15:04", "2006-01-02 15:04:05", "2006-01-02T15:04:05"}

// parseNewer turns --newer into the moment objects must be modified after:
// a duration back from now (Go durations plus d for days and w for weeks),
// or a date.
func parseNewer(s string, now time.Time) (time.Time, error) {
	in := strings.TrimSpace(s)
	if d, ok := parseAge(in); ok {
		return now.Add(-d), nil
	}
	if t, err := time.Parse(time.RFC3339, in); err == nil {
		return t, nil
	}
	for _, layout := range newerDates {
		if t, err := time.ParseInLocation(layout, in, time.Local); err == nil {
			return t, nil
		}
	}
	return time.Time{}, usagef("--newer %q is neither a duration nor a date: give 90m, 36h, 7d or 2w, or a date like 2026-11-01 or '2026-11-01 17:00'", s)
}

// parseAge parses a non-negative age: a Go duration, or whole days ("7d")
// or weeks ("2w").
func parseAge(s string) (time.Duration, bool) {
	if d, err := time.ParseDuration(s); err == nil && d >= 0 {
		return d, true
	}
	unit := map[byte]time.Duration{'d': 24 * time.Hour, 'w': 7 * 24 * time.Hour}
	if len(s) < 2 || unit[s[len(s)-1]] == 0 {
		return 0, false
	}
	n, err := strconv.Atoi(s[:len(s)-1])
	if err != nil || n < 0 || n > 100_000 {
		return 0, false
	}
	return time.Duration(n) * unit[s[len(s)-1]], true
}
