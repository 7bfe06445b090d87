package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/s3share/s3share/share"
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
	JSON    bool   `name:"json" help:"One JSON object per line: id, bucket, key, url, issued_at, expires_at, effective_expires_at, status."`
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
	now := g.now()
	enc := json.NewEncoder(g.stdout)
	for _, l := range links {
		if c.JSON {
			err = enc.Encode(historyJSON{linkToJSON(l), l.StatusAt(now).String()})
		} else {
			_, err = fmt.Fprintln(g.stdout, historyLine(l, now))
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// historyJSON is one line of history --json.
type historyJSON struct {
	linkJSON
	Status string `json:"status"`
}

// historyLine is one human-readable history row.
func historyLine(l share.Link, now time.Time) string {
	st := l.StatusAt(now)
	line := fmt.Sprintf("%6d  %-13s  %-22s  s3://%s/%s", l.ID, st, l.TimeLeft(now), l.Bucket, l.Key)
	if l.Label != "" {
		line += "  (" + l.Label + ")"
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
type historyPruneCmd struct{}

// Run prunes expired links.
func (c *historyPruneCmd) Run(ctx context.Context, g *globals) error {
	h, err := g.openHistory()
	if err != nil {
		return err
	}
	defer h.Close()
	n, err := h.PruneExpired(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(g.stderr, "Pruned %d expired link(s).\n", n)
	return nil
}
