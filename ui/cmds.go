package ui

import (
	"context"
	"errors"
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/s3share/s3share/history"
	"github.com/s3share/s3share/linkcheck"
	"github.com/s3share/s3share/linkfmt"
	"github.com/s3share/s3share/presigned"
	"github.com/s3share/s3share/s3browse"
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

// loadPageCmd lists one page of bucket/prefix for request seq, its
// objects kept compactly: scanned straight into compact storage by a
// Browser that is a FileLister, else compacted here, off the update loop.
func loadPageCmd(br Browser, ctx context.Context, bucket, prefix, token string, seq int) tea.Cmd {
	return func() tea.Msg {
		msg := pageMsg{bucket: bucket, prefix: prefix, token: token, seq: seq}
		if fl, ok := br.(FileLister); ok {
			fp, err := fl.ListFiles(ctx, bucket, prefix, token)
			msg.page, msg.files, msg.err = s3browse.Page{Folders: fp.Folders, NextToken: fp.NextToken}, keepPage(fp.Files), err
			return msg
		}
		p, err := br.ListPage(ctx, bucket, prefix, token)
		msg.files, msg.err = keepPage(s3browse.CompactObjects(prefix, p.Objects)), err
		p.Objects = nil
		msg.page = p
		return msg
	}
}

// inspectCmd learns the conditions (credentials, server clock) a share
// dialog's links would be issued under, for its warnings.
func inspectCmd(sh Sharer, ctx context.Context, bucket string, seq int) tea.Cmd {
	return func() tea.Msg {
		conds, err := sh.Inspect(ctx, bucket)
		return inspectedMsg{seq: seq, conds: conds, err: err}
	}
}

// shareCmd issues reqs through the pipeline under ctx: once ctx is
// cancelled nothing more is recorded, so a cancelled request never leaves
// a link in the history unannounced.
func shareCmd(c *common, ctx context.Context, reqs []share.Request, gallery bool, seq int) tea.Cmd {
	sh := c.deps.Sharer
	return func() tea.Msg {
		if sh == nil {
			return issuedMsg{seq: seq, err: errNoSharer}
		}
		if gallery {
			page, err := sh.ShareGallery(ctx, reqs, share.GalleryOptions{Title: reqs[0].Label})
			if err != nil {
				return issuedMsg{seq: seq, err: err}
			}
			return issuedMsg{seq: seq, links: []presigned.Link{page}, warnings: page.Warnings, recorded: true}
		}
		res, err := sh.Share(ctx, reqs, nil)
		return issuedMsg{seq: seq, links: res.Links, warnings: res.Warnings, err: err, recorded: len(res.Links) > 0}
	}
}

// renewCmd issues l again, where it was issued, under ctx.
func renewCmd(c *common, ctx context.Context, l presigned.Link, seq int) tea.Cmd {
	sh := c.deps.Sharer
	return func() tea.Msg {
		if sh == nil {
			return issuedMsg{seq: seq, err: errNoSharer}
		}
		res, err := sh.Renew(ctx, l, nil)
		return issuedMsg{seq: seq, links: res.Links, warnings: res.Warnings, err: err, recorded: len(res.Links) > 0}
	}
}

// membersCmd loads the images of the galleries among links (a message
// counts them), then copies the links, or opens the format picker when
// choose is set.
func membersCmd(c *common, links []presigned.Link, choose bool) tea.Cmd {
	hist, ctx := c.deps.History, c.ctx
	return func() tea.Msg {
		if hist != nil {
			all, err := hist.WithMembers(ctx, links)
			if err != nil {
				return copyReadyMsg{err: fmt.Errorf("not copied: cannot read the gallery's images: %w", err)}
			}
			links = all[:len(links)]
		}
		return copyReadyMsg{links: links, choose: choose}
	}
}

// errNothingIssued is the answer to an issue that returned neither links
// nor an error.
var errNothingIssued = errors.New("no link was issued: try again")

// issueFailure is why an issue reply holds no usable links: its error, or
// errNothingIssued when it holds none; nil when it holds links.
func issueFailure(msg issuedMsg) error {
	switch {
	case msg.err != nil:
		return msg.err
	case len(msg.links) == 0:
		return errNothingIssued
	}
	return nil
}

// errNoSharer is the answer when no S3 configuration could be loaded.
var errNoSharer = errors.New("no presigner configured: start s3share with a working S3 configuration")

// revokeCmd deletes l's share copy (a gallery's page and copies) and
// records the revoke.
func revokeCmd(sh Sharer, ctx context.Context, l presigned.Link) tea.Cmd {
	return func() tea.Msg {
		if sh == nil {
			return revokedMsg{id: l.ID, err: errNoSharer}
		}
		rv, err := sh.Revoke(ctx, l)
		return revokedMsg{id: l.ID, live: len(rv.Live), err: err}
	}
}

// checkCmd checks links live and records the verdicts, for request seq.
func checkCmd(c *common, links []presigned.Link, seq int, auto bool) tea.Cmd {
	chk, hist, ctx := c.deps.Checker, c.deps.History, c.ctx
	return func() tea.Msg {
		var rec linkcheck.VerdictRecorder
		if hist != nil {
			rec = hist
		}
		verdicts, err := linkcheck.CheckAndRecord(ctx, chk, rec, links, nil)
		byID := make(map[int64]presigned.Verdict, len(links))
		for i, v := range verdicts {
			if v.Checked() {
				byID[links[i].ID] = v
			}
		}
		return checkedMsg{seq: seq, verdicts: byID, err: err, auto: auto}
	}
}

// rememberCmd notes a bucket opened by name, for the buckets screen; it
// reports nothing (remembering is a convenience).
func rememberCmd(c *common, bucket string) tea.Cmd {
	places, br, ctx := c.deps.Places, c.deps.Browser, c.ctx
	if places == nil || br == nil {
		return nil
	}
	return func() tea.Msg {
		if places.RememberBucket(ctx, br.Endpoint(), bucket) != nil {
			return nil // a convenience: failing costs nothing now
		}
		return rememberedMsg{bucket: bucket}
	}
}

// knownBucketsCmd lists the buckets opened by name before, for request seq.
func knownBucketsCmd(c *common, seq int) tea.Cmd {
	places, br, ctx := c.deps.Places, c.deps.Browser, c.ctx
	return func() tea.Msg {
		if places == nil || br == nil {
			return knownBucketsMsg{seq: seq}
		}
		b, err := places.KnownBuckets(ctx, br.Endpoint())
		return knownBucketsMsg{seq: seq, buckets: b, err: err}
	}
}

// historyCmd runs a history query for request seq, with the galleries'
// images (their rows say how many).
func historyCmd(h History, ctx context.Context, q history.Query, seq int) tea.Cmd {
	return func() tea.Msg {
		if h == nil {
			return historyMsg{seq: seq, err: errors.New("no history: check --history or S3SHARE_HISTORY")}
		}
		links, err := h.List(ctx, q)
		if err == nil {
			var all []presigned.Link
			if all, err = h.WithMembers(ctx, links); err == nil {
				links = all[:len(links)]
			}
		}
		return historyMsg{seq: seq, links: links, err: err, offset: q.Offset, limit: q.Limit}
	}
}

// versionCmd reads the history's data version for the refresh tick seq.
func versionCmd(h History, ctx context.Context, seq int) tea.Cmd {
	if h == nil {
		return nil
	}
	return func() tea.Msg {
		v, err := h.Version(ctx)
		return historyVersionMsg{seq: seq, version: v, err: err}
	}
}

// deleteCmd deletes one history row (a gallery with its images); stays
// says what it leaves in the bucket, for the status line.
func deleteCmd(h History, ctx context.Context, id int64, stays string) tea.Cmd {
	return func() tea.Msg {
		return deletedMsg{id: id, stays: stays, err: h.Delete(ctx, id)}
	}
}

// copyCmd copies the links in the session's format with the native
// clipboard unless over SSH; the root falls back to OSC 52 when that
// fails. expiry is the status line's "24h" in "expire in 24h".
func copyCmd(c *common, links []presigned.Link, expiry string) tea.Cmd {
	return copyAsCmd(c, links, c.format, expiry)
}

// noLinksToCopy is the status when a copy has nothing to copy.
const noLinksToCopy = "No links to copy"

// copyAsCmd is copyCmd in format f.
func copyAsCmd(c *common, links []presigned.Link, f linkfmt.Format, expiry string) tea.Cmd {
	if len(links) == 0 {
		return statusCmd(noLinksToCopy)
	}
	text, err := linkfmt.Printer{Format: f, Now: c.now, Location: c.loc}.Text(links)
	if err != nil {
		return errorCmd(err)
	}
	msg := copiedMsg{text: strings.TrimRight(text, "\n"), first: links[0].URL, count: len(links), expiry: expiry}
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

// issuedFor is how long a fresh batch lives, from its soonest effective end.
func issuedFor(links []presigned.Link) string {
	l := presigned.FirstToEnd(links)
	return presigned.RoughDuration(l.End().Sub(l.IssuedAt))
}
