package cli

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/s3share/s3share/history"
	"github.com/s3share/s3share/linkcheck"
	"github.com/s3share/s3share/linkfmt"
	"github.com/s3share/s3share/presigned"
	"github.com/s3share/s3share/s3browse"
	"github.com/s3share/s3share/share"
	"github.com/s3share/s3share/termtext"
)

// checkCmd checks links live.
type checkCmd struct {
	IDs         []int64       `arg:"" optional:"" name:"ID" help:"Links to check (default: the links the clock says still work)."`
	All         bool          `help:"Check every link in the history." xor:"which"`
	Active      bool          `help:"Check the links the clock says still work (the default)." xor:"which"`
	Concurrency int           `default:"8" help:"Links checked at once, 1 to 64 (default ${default}): more only draws 503 SlowDown from one endpoint."`
	Timeout     time.Duration `default:"10s" help:"How long one check may wait for an answer (default ${default})."`
}

// Run checks the chosen links, prints a verdict per link and records them.
// It fails (exit 1) when a link the clock says works does not.
func (c *checkCmd) Run(ctx context.Context, g *globals) error {
	if c.Concurrency < 1 || c.Concurrency > linkcheck.MaxCheckConcurrency {
		// Each check holds a connection and its buffers; past a few dozen
		// at once an endpoint answers no faster (503 SlowDown), and a
		// million took gigabytes.
		return usagef("--concurrency must be from 1 to %d: more checks at once only slow the endpoint down", linkcheck.MaxCheckConcurrency)
	}
	if c.Timeout <= 0 {
		return usagef("--timeout must be above 0, like 10s")
	}
	h, err := g.openHistory(ctx)
	if err != nil {
		return err
	}
	defer h.Close()
	q := history.Query{Filter: history.FilterActive, IDs: c.IDs}
	if c.All || len(c.IDs) > 0 {
		q.Filter = history.FilterAll
	}
	links, err := h.List(ctx, q)
	if err != nil {
		return err
	}
	if err := missingIDs(c.IDs, links); err != nil {
		return err
	}
	if links, err = h.WithMembers(ctx, links); err != nil { // a gallery is checked with its images
		return err
	}
	checker := linkcheck.NewChecker(c.Concurrency, c.Timeout, g.now).TrustCABundle(g.env.CABundle)
	now := g.now()
	failing, out := 0, g.out()
	var printErr error
	_, err = linkcheck.CheckAndRecord(ctx, checker, h, links, func(i int, v presigned.Verdict) {
		l := links[i]
		l.Check = v
		if l.Contradicted(now) {
			failing++
		}
		if printErr == nil {
			printErr = out.print(checkRecord{l, now})
		}
	})
	if err != nil {
		return err
	}
	if printErr != nil {
		return printErr
	}
	if failing > 0 {
		return fmt.Errorf("%d of %d links checked do not work though the clock says they should", failing, len(links))
	}
	return nil
}

// checkRecord is one verdict of `check`.
type checkRecord struct {
	l   presigned.Link
	now time.Time
}

func (r checkRecord) text() string {
	mark := "ok  "
	if r.l.Contradicted(r.now) {
		mark = "FAIL"
	}
	return fmt.Sprintf("%s %6d  %-18s  %s  (%s)", mark, r.l.ID, r.l.Check.Kind,
		termtext.Escape("s3://"+r.l.Bucket+"/"+r.l.Key), termtext.Escape(r.l.Check.Detail))
}

func (r checkRecord) object() any {
	return struct {
		ID        int64     `json:"id"`
		Bucket    string    `json:"bucket"`
		Key       string    `json:"key"`
		Status    string    `json:"status"`
		Verdict   string    `json:"verdict"`
		Detail    string    `json:"detail"`
		CheckedAt time.Time `json:"checked_at"`
	}{r.l.ID, r.l.Bucket, r.l.Key, r.l.StatusAt(r.now).String(), string(r.l.Check.Kind), r.l.Check.Detail, r.l.Check.At.UTC()}
}

// missingIDs names the asked-for ids the history does not hold.
func missingIDs(ids []int64, links []presigned.Link) error {
	have := map[int64]bool{}
	for _, l := range links {
		have[l.ID] = true
	}
	for _, id := range ids {
		if !have[id] {
			return fmt.Errorf("no link with id %d in the history (see s3share history)", id)
		}
	}
	return nil
}

// recordedLinks opens the history and the S3 side for a command that acts
// on recorded links, and loads the links with ids (each must exist). The
// caller closes the history.
func (g *globals) recordedLinks(ctx context.Context, ids []int64) (*history.History, []presigned.Link, *s3browse.Browser, error) {
	h, err := g.openHistory(ctx)
	if err != nil {
		return nil, nil, nil, err
	}
	links, err := h.List(ctx, history.Query{IDs: ids})
	if err == nil {
		err = missingIDs(ids, links)
	}
	var b *s3browse.Browser
	if err == nil {
		b, err = g.browser(ctx)
	}
	if err != nil {
		h.Close()
		return nil, nil, nil, err
	}
	return h, links, b, nil
}

// revokeCmd revokes revocable links.
type revokeCmd struct {
	IDs []int64 `arg:"" name:"ID" help:"Links to revoke (made with presign --revocable)."`
}

// Run deletes each link's share copy (a gallery's page and image copies),
// where it was issued, and records it.
func (c *revokeCmd) Run(ctx context.Context, g *globals) error {
	h, links, b, err := g.recordedLinks(ctx, c.IDs)
	if err != nil {
		return err
	}
	defer h.Close()
	p := g.pipeline(b, h)
	var failed error
	for _, l := range links {
		rv, err := p.Revoke(ctx, l)
		if err != nil {
			err = wordCopyError(err)
			fmt.Fprintf(g.stderr, "s3share: %s\n", words(err))
			failed = errors.Join(failed, err)
			continue
		}
		fmt.Fprintln(g.stderr, revokedLine(l, rv))
	}
	if failed != nil {
		return fmt.Errorf("not every link was revoked (see above)")
	}
	return nil
}

// revokedLine says what a revoke of l did, and for a gallery which of its
// images still work.
func revokedLine(l presigned.Link, rv share.Revocation) string {
	where := termtext.Escape("s3://" + l.Bucket + "/" + l.Key)
	if !l.Gallery {
		return fmt.Sprintf("Revoked link %d (%s): it now answers 404.", l.ID, where)
	}
	line := fmt.Sprintf("Revoked gallery %d (%s): its page is deleted and answers 404.", l.ID, where)
	if rv.Deleted > 1 {
		line = fmt.Sprintf("Revoked gallery %d (%s): its page and the copies of %s are deleted and answer 404.", l.ID, where, plural(rv.Deleted-1, "image"))
	}
	if len(rv.Live) > 0 {
		line += fmt.Sprintf(" Its %s point at the originals and keep working until they end (the last %s); "+
			"to stop them sooner, delete the objects or the signing key.", plural(len(rv.Live), "image link"), linkfmt.FormatEnd(latestEnd(rv.Live), time.Local))
	}
	return line
}

// plural says "1 image", "2 images".
func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// latestEnd is when the last of links stops working.
func latestEnd(links []presigned.Link) time.Time {
	var end time.Time
	for _, l := range links {
		if l.End().After(end) {
			end = l.End()
		}
	}
	return end
}

// wordCopyError says, in flags, what to do about a share copy refused for
// being outside the share prefix.
func wordCopyError(err error) error {
	var nc *share.NotACopyError
	if errors.As(err, &nc) && nc.Outside {
		return fmt.Errorf("%w (if it was shared under another --share-prefix, give that one)", err)
	}
	return err
}

// renewCmd issues links again.
type renewCmd struct {
	IDs     []int64    `arg:"" name:"ID" help:"Links to issue again, as new links with the same settings."`
	Expires expiryFlag `help:"How long the new links work (default: as long as each was asked to)." placeholder:"DURATION"`
}

// Run issues each link again where it was issued (its endpoint, addressing
// and region, whatever the flags say) and prints the new URLs.
func (c *renewCmd) Run(ctx context.Context, g *globals) error {
	expires := c.Expires.Expiry // zero when not given: each link's own lifetime
	h, links, b, err := g.recordedLinks(ctx, c.IDs)
	if err != nil {
		return err
	}
	defer h.Close()
	p := g.pipeline(b, h)
	out := shareFlags{Format: linkfmt.FormatURL}
	warned := map[string]bool{}
	for _, l := range links {
		e := expires
		if e.Duration == 0 {
			e = share.Expiry{Duration: l.Lifetime()} // as long as it was asked to work
		}
		_, err := p.RenewFor(ctx, l, e, func(links []presigned.Link) error {
			warnOnce(g.stderr, links, warned)
			return out.print(g, links)
		})
		if err != nil {
			return err
		}
	}
	return nil
}
