package ui

import (
	"context"
	"errors"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/s3share/s3share/share"
)

// Every function here builds a Cmd from copied values; the Cmd does the I/O
// off the update loop and returns one message.

// loadCredsCmd retrieves credentials once at start.
func loadCredsCmd(c *common) tea.Cmd {
	br, ctx := c.deps.Browser, c.ctx
	return func() tea.Msg {
		creds, err := br.Credentials(ctx)
		return credsMsg{creds: creds, err: err}
	}
}

// loadBucketsCmd lists buckets for request seq.
func loadBucketsCmd(br Browser, ctx context.Context, seq int) tea.Cmd {
	return func() tea.Msg {
		b, err := br.ListBuckets(ctx)
		return bucketsMsg{seq: seq, buckets: b, err: err}
	}
}

// loadPageCmd lists one page of bucket/prefix for request seq.
func loadPageCmd(br Browser, ctx context.Context, bucket, prefix, token string, seq int) tea.Cmd {
	return func() tea.Msg {
		p, err := br.ListPage(ctx, bucket, prefix, token)
		return pageMsg{bucket: bucket, prefix: prefix, seq: seq, page: p, err: err}
	}
}

// skewCmd measures the clock skew against bucket's server.
func skewCmd(br Browser, ctx context.Context, bucket string, seq int) tea.Cmd {
	return func() tea.Msg {
		d, err := br.ClockSkew(ctx, bucket)
		return skewMsg{seq: seq, skew: d, err: err}
	}
}

// dialogCredsCmd fetches fresh credentials for the share dialog's warnings.
func dialogCredsCmd(br Browser, ctx context.Context, seq int) tea.Cmd {
	return func() tea.Msg {
		c, err := br.Credentials(ctx)
		return dialogCredsMsg{seq: seq, creds: c, err: err}
	}
}

// issueCmd presigns reqs and records the links in the history, under ctx:
// once ctx is cancelled nothing more is recorded, so a cancelled request
// never leaves a link in the history.
func issueCmd(c *common, ctx context.Context, reqs []share.Request, seq int) tea.Cmd {
	iss, hist := c.deps.Issuer, c.deps.History
	return func() tea.Msg {
		msg := issuedMsg{seq: seq}
		if iss == nil {
			msg.err = errors.New("no presigner configured: start s3share with a working S3 configuration")
			return msg
		}
		msg.links, msg.err = iss.Issue(ctx, reqs)
		if msg.err == nil && ctx.Err() != nil {
			msg.links, msg.err = nil, ctx.Err() // signed too late: not issued
		}
		if msg.err != nil || hist == nil {
			return msg
		}
		saved, err := hist.Add(ctx, msg.links)
		if err != nil {
			msg.saveErr = err
			return msg
		}
		msg.links, msg.recorded = saved, true
		return msg
	}
}

// historyCmd runs a history query for request seq.
func historyCmd(h History, ctx context.Context, q share.Query, seq int) tea.Cmd {
	return func() tea.Msg {
		if h == nil {
			return historyMsg{seq: seq, err: errors.New("no history: check --history or S3SHARE_HISTORY")}
		}
		links, err := h.List(ctx, q)
		return historyMsg{seq: seq, links: links, err: err}
	}
}

// deleteCmd deletes one history row.
func deleteCmd(h History, ctx context.Context, id int64) tea.Cmd {
	return func() tea.Msg {
		return deletedMsg{id: id, err: h.Delete(ctx, id)}
	}
}

// copyCmd copies the links' URLs (one per line) with the native clipboard
// unless over SSH; the root falls back to OSC 52 when that fails. expiry is
// the status line's "24h" in "expire in 24h"; saveErr, when set, says the
// links were not recorded.
func copyCmd(c *common, links []share.Link, expiry string, saveErr error) tea.Cmd {
	msg := copiedMsg{text: joinURLs(links), count: len(links), expiry: expiry, saveErr: saveErr}
	native := c.deps.CopyNative
	if c.deps.OverSSH || native == nil {
		msg.osc52 = true
		return msgCmd(msg)
	}
	return func() tea.Msg {
		msg.nativeErr = native(msg.text)
		msg.osc52 = msg.nativeErr != nil
		return msg
	}
}

// joinURLs is the clipboard text for links: one URL per line.
func joinURLs(links []share.Link) string {
	urls := make([]string, len(links))
	for i, l := range links {
		urls[i] = l.URL
	}
	return strings.Join(urls, "\n")
}

// soonestEnd is the earliest moment one of links stops working, and the link.
func soonestEnd(links []share.Link) share.Link {
	var first share.Link
	for i, l := range links {
		if i == 0 || l.End().Before(first.End()) {
			first = l
		}
	}
	return first
}

// issuedFor is how long a fresh batch lives, from its soonest effective end.
func issuedFor(links []share.Link) string {
	l := soonestEnd(links)
	return share.RoughDuration(l.End().Sub(l.IssuedAt))
}
