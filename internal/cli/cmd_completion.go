package cli

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"time"

	"github.com/alecthomas/kong"

	"github.com/s3share/s3share/history"
	"github.com/s3share/s3share/internal/complete"
	"github.com/s3share/s3share/s3browse"
	"github.com/s3share/s3share/termtext"
)

// completionTimeout bounds one completion, so a slow or unreachable S3
// never holds the shell for more than about a second.
const completionTimeout = time.Second

// completionCmd prints a shell's completion script.
type completionCmd struct {
	Shell string `arg:"" enum:"bash,zsh,fish" help:"bash, zsh or fish."`
}

// Run prints the script.
func (c *completionCmd) Run(g *globals) error {
	script, err := complete.Script(c.Shell)
	if err != nil {
		return usageError{err}
	}
	_, err = fmt.Fprint(g.stdout, script)
	return err
}

// completeCmd is what the scripts call: it prints the completions of a
// command line (see complete.Write). It never fails: no answer is an
// empty list.
type completeCmd struct {
	Shell string   `arg:"" help:"bash, zsh or fish."`
	Line  string   `help:"bash: the line up to the cursor (COMP_LINE)."`
	Cur   string   `help:"bash: the word bash completes (COMP_WORDS[COMP_CWORD])."`
	Words []string `arg:"" optional:"" passthrough:"" help:"zsh, fish: the words after the program name, the last being completed."`
}

// Run completes within completionTimeout; a lookup still running then is
// abandoned (the process exits right after).
func (c *completeCmd) Run(ctx context.Context, kctx *kong.Context, g *globals) error {
	words, raw := c.Words, ""
	if c.Shell == "bash" {
		words, raw = complete.SplitLine(c.Line)
	}
	if len(words) > 0 && words[0] == "--" {
		words = words[1:]
	}
	ctx, cancel := context.WithTimeout(ctx, completionTimeout)
	defer cancel()
	done := make(chan complete.Result, 1)
	go func() {
		newSource := g.sharedCompletionSource()
		res := complete.Complete(ctx, kctx.Model, words, newSource)
		if c.Shell == "bash" {
			res = complete.KeepQuoteOpen(ctx, kctx.Model, words, raw, newSource, res)
		}
		done <- res
	}()
	var res complete.Result
	select {
	case res = <-done:
	case <-ctx.Done():
	}
	return complete.Write(g.stdout, c.Shell, res, raw, c.Cur)
}

// sharedCompletionSource returns a completionSource maker that builds the
// source once, so a second lookup (complete.KeepQuoteOpen) reuses its S3
// client.
func (g *globals) sharedCompletionSource() func(flags map[string]string) complete.Source {
	var src complete.Source
	return func(flags map[string]string) complete.Source {
		if src == nil {
			src = g.completionSource(flags)
		}
		return src
	}
}

// completionSource looks things up with the flags given on the line
// (--endpoint-url, --profile, --history...) over the settings.
func (g *globals) completionSource(flags map[string]string) complete.Source {
	h := *g
	for name, value := range flags {
		switch name {
		case "profile":
			h.Profile = value
		case "region":
			h.Region = value
		case "endpoint-url":
			h.EndpointURL = value
		case "path-style":
			h.PathStyle = value == "true"
		case "history":
			h.HistoryPath = value
		}
	}
	return &completionSource{g: &h}
}

// completionSource is complete.Source over S3 and the history.
type completionSource struct {
	g *globals
	b *s3browse.Browser
}

// browser builds the S3 side once.
func (s *completionSource) browser(ctx context.Context) (*s3browse.Browser, error) {
	if s.b == nil {
		b, err := s.g.browser(ctx)
		if err != nil {
			return nil, err
		}
		s.b = b
	}
	return s.b, nil
}

// Buckets lists the bucket names.
func (s *completionSource) Buckets(ctx context.Context) ([]string, error) {
	b, err := s.browser(ctx)
	if err != nil {
		return nil, err
	}
	buckets, err := b.ListBuckets(ctx)
	if err != nil {
		return nil, err
	}
	names := make([]string, len(buckets))
	for i, bk := range buckets {
		names[i] = bk.Name
	}
	return names, nil
}

// List lists the first page of folders and objects under prefix.
func (s *completionSource) List(ctx context.Context, bucket, prefix string) ([]string, error) {
	b, err := s.browser(ctx)
	if err != nil {
		return nil, err
	}
	page, err := b.ListPage(ctx, bucket, prefix, "")
	if err != nil {
		return nil, err
	}
	out := append([]string(nil), page.Folders...)
	for _, o := range page.Objects {
		out = append(out, o.Key)
	}
	return out, nil
}

// IDs lists the history's ids, newest first; revoke offers only the links
// it can still revoke. A history that does not exist yet is not created.
func (s *completionSource) IDs(ctx context.Context, command string) ([]complete.Candidate, error) {
	path, err := s.g.historyPath()
	if err != nil {
		return nil, err
	}
	if _, err := os.Stat(path); err != nil {
		return nil, err
	}
	s.g.HistoryPath = path
	h, err := s.g.openHistory(ctx)
	if err != nil {
		return nil, err
	}
	defer h.Close()
	links, err := h.List(ctx, history.Query{Filter: history.FilterAll, Limit: 500})
	if err != nil {
		return nil, err
	}
	now := s.g.now()
	var out []complete.Candidate
	for _, l := range links {
		if command == "revoke" && (!l.Revocable() || l.Revoked()) {
			continue
		}
		help := fmt.Sprintf("%s, %s", termtext.Escape("s3://"+l.Bucket+"/"+l.Key), l.StatusAt(now))
		if l.Label != "" {
			help += " (" + termtext.Escape(l.Label) + ")"
		}
		out = append(out, complete.Candidate{Value: strconv.FormatInt(l.ID, 10), Help: help})
	}
	return out, nil
}
