package cli

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/s3share/s3share/history"
	"github.com/s3share/s3share/linkcheck"
	"github.com/s3share/s3share/presigned"
	"github.com/s3share/s3share/s3browse"
	"github.com/s3share/s3share/team"
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
	ts, err := g.checkTeammates(ctx, h, checker, links)
	if err != nil {
		return err
	}
	defer g.pushTeam(ctx, ts) // the verdicts of your own links, for the team
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

// checkTeammates readies a check for a team: the session that publishes
// the verdicts of this member's links, and a HEAD with these credentials
// for teammates' links, whose URLs stay with their issuers. Without a
// team, or teammates' links, it makes no S3 client.
func (g *globals) checkTeammates(ctx context.Context, h *history.History, checker *linkcheck.Checker, links []presigned.Link) (*team.Session, error) {
	teammates := slices.ContainsFunc(links, func(l presigned.Link) bool { return l.FromTeam })
	if g.teamLocation() == "" && !teammates {
		return nil, nil
	}
	b, err := g.browser(ctx)
	if err != nil {
		return nil, err
	}
	checker.WithObjectHead(func(ctx context.Context, l presigned.Link, bucket, key string) error {
		at := b.At(l.Endpoint, l.PathStyle)
		if at.KnownRegion(bucket) == "" && l.Region != "" {
			at.SetRegion(bucket, l.Region)
		}
		_, err := at.HeadObject(ctx, bucket, key)
		return err
	})
	return g.teamSession(ctx, h, b)
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
