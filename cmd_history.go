package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/s3share/s3share/share"
	"github.com/s3share/s3share/termtext"
)

// historyCmd groups the history subcommands; listing is the default.
type historyCmd struct {
	List  historyListCmd  `cmd:"" default:"withargs" help:"List issued links, newest first (the default)."`
	Rm    historyRmCmd    `cmd:"" help:"Delete one link from the history (the link itself keeps working until it expires)."`
	Prune historyPruneCmd `cmd:"" help:"Delete every link that no longer works."`
}

// historyListCmd lists issued links.
type historyListCmd struct {
	Active  bool   `help:"Only links that still work." xor:"status"`
	Expired bool   `help:"Only links that no longer work." xor:"status"`
	Search  string `help:"Only links whose bucket, key or label contains TEXT." placeholder:"TEXT"`
	Format  string `enum:",url,markdown,html,message,csv,json" default:"" help:"Hand the listed links out again in a format (url, markdown, html, message, csv, json) instead of the table." placeholder:"FORMAT"`
}

// Run prints the history.
func (c *historyListCmd) Run(ctx context.Context, g *globals) error {
	h, err := g.openHistory()
	if err != nil {
		return err
	}
	defer h.Close()
	q := share.Query{Filter: share.FilterAll, Search: c.Search}
	switch {
	case c.Active:
		q.Filter = share.FilterActive
	case c.Expired:
		q.Filter = share.FilterExpired
	}
	links, err := h.List(ctx, q)
	if err != nil {
		return err
	}
	if links, err = withMembers(ctx, h, links); err != nil { // a gallery's row counts its images
		return err
	}
	now, out := g.now(), g.out()
	record := func(l share.Link) record { return historyRecord{l, now} }
	if c.Format != "" {
		f, _ := share.ParseFormat(c.Format) // kong's enum checked it
		return out.links(links, f, g.now, record)
	}
	for _, l := range links {
		if err := out.print(record(l)); err != nil {
			return err
		}
	}
	return nil
}

// historyRecord is one link of `history`: its row, or its JSON object.
type historyRecord struct {
	l   share.Link
	now time.Time
}

func (r historyRecord) text() string { return historyLine(r.l, r.now) }
func (r historyRecord) object() any  { return toHistoryJSON(r.l, r.now) }

// withMembers loads the images of the galleries among links into them.
func withMembers(ctx context.Context, h *share.History, links []share.Link) ([]share.Link, error) {
	all, err := h.WithMembers(ctx, links)
	if err != nil {
		return nil, err
	}
	return all[:len(links)], nil
}

// historyJSON is one line of history --json.
type historyJSON struct {
	linkJSON
	Status  string        `json:"status"`
	Check   *checkedAt    `json:"check,omitempty"`
	Gallery bool          `json:"gallery,omitempty"`
	Images  []historyJSON `json:"images,omitempty"`
}

// checkedAt is the last live check of a link.
type checkedAt struct {
	Verdict string    `json:"verdict"`
	Detail  string    `json:"detail"`
	At      time.Time `json:"at"`
}

// toHistoryJSON builds one line of history --json.
func toHistoryJSON(l share.Link, now time.Time) historyJSON {
	j := historyJSON{linkJSON: linkToJSON(l), Status: l.StatusAt(now).String()}
	if l.Check.Checked() {
		j.Check = &checkedAt{string(l.Check.Kind), l.Check.Detail, l.Check.At.UTC()}
	}
	j.Gallery = l.Gallery
	for _, m := range l.Members {
		j.Images = append(j.Images, toHistoryJSON(m, now))
	}
	return j
}

// historyLine is one human-readable history row; the last check shows when
// it contradicts the clock. A gallery is named as the UI names it
// (share.Link.Title), its page's object after it. Keys and labels come
// from outside: escaped.
func historyLine(l share.Link, now time.Time) string {
	object := "s3://" + l.Bucket + "/" + l.Key
	switch {
	case l.Gallery:
		object = l.Title() + "  (page " + object + ")"
	case l.Label != "":
		object += "  (" + l.Label + ")"
	}
	line := fmt.Sprintf("%6d  %-13s  %-22s  %s", l.ID, l.StatusAt(now), l.TimeLeft(now), termtext.Escape(object))
	if l.Contradicted(now) {
		line += fmt.Sprintf("  · %s (checked %s)", l.Check.Kind, share.CheckedAgo(now, l.Check.At))
	}
	return line
}

// historyRmCmd deletes one history row.
type historyRmCmd struct {
	ID int64 `arg:"" help:"The link's id, as listed by s3share history."`
}

// Run deletes the row.
func (c *historyRmCmd) Run(ctx context.Context, g *globals) error {
	h, err := g.openHistory()
	if err != nil {
		return err
	}
	defer h.Close()
	if err := h.Delete(ctx, c.ID); err != nil {
		if errors.Is(err, share.ErrNotFound) {
			return fmt.Errorf("no link with id %d in the history (see s3share history)", c.ID)
		}
		return err
	}
	fmt.Fprintf(g.stderr, "Deleted link %d from the history. The link works until it expires.\n", c.ID)
	return nil
}

// historyPruneCmd deletes links that no longer work.
type historyPruneCmd struct {
	DeleteCopies bool `name:"delete-copies" help:"Also delete the share copies of revocable links that no longer work."`
}

// Run prunes expired links, first deleting their copies when asked.
func (c *historyPruneCmd) Run(ctx context.Context, g *globals) error {
	h, err := g.openHistory()
	if err != nil {
		return err
	}
	defer h.Close()
	if c.DeleteCopies {
		if err := c.deleteCopies(ctx, g, h); err != nil {
			return err
		}
	}
	n, err := h.PruneExpired(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(g.stderr, "Pruned %d expired link(s).\n", n)
	return nil
}

// deleteCopies deletes the share copies of links that no longer work,
// where each was issued. A copy that cannot be deleted stops the prune, so
// its link stays in the history to try again.
func (c *historyPruneCmd) deleteCopies(ctx context.Context, g *globals, h *share.History) error {
	dead, err := h.List(ctx, share.Query{Filter: share.FilterExpired})
	if err != nil {
		return err
	}
	var copies []share.Link
	for _, l := range dead {
		if l.Revocable() && !l.Revoked() {
			copies = append(copies, l)
		}
	}
	if len(copies) == 0 {
		return nil
	}
	b, err := g.browser(ctx)
	if err != nil {
		return err
	}
	done, err := share.NewPipeline(b, h, g.now).DeleteCopies(ctx, copies)
	fmt.Fprintf(g.stderr, "Deleted %d share copies.\n", len(done))
	if err != nil {
		return fmt.Errorf("pruning stopped, the rest is kept: %w", err)
	}
	return nil
}
