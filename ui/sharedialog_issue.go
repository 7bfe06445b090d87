package ui

import (
	"context"
	"fmt"
	"slices"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/s3share/s3share/presigned"
	"github.com/s3share/s3share/share"
)

// Notes the dialog shows after esc stopped an issue: until the cancelled
// request replies nobody knows whether its links were recorded.
const (
	cancellingNote = "Cancelling…"
	cancelledNote  = "Cancelled: no link was issued (enter tries again, esc closes)"
)

// issueReq is the identity of the share dialog's issue request: only the
// reply numbered seq is taken; cancel stops it. pending are this dialog's
// cancelled requests whose reply has not come yet; recorded counts the
// links cancelled requests recorded anyway.
type issueReq struct {
	seq       int
	cancel    context.CancelFunc
	pending   []int
	recorded  int
	cancelled bool // a request of this dialog was cancelled
}

// note says how the dialog's cancelled requests ended, or "".
func (r issueReq) note() string {
	switch {
	case len(r.pending) > 0:
		return cancellingNote
	case r.recorded > 0:
		return fmt.Sprintf("The cancelled share had already been recorded: %s in the history (H), not copied", presigned.Plural(r.recorded, "link"))
	case r.cancelled:
		return cancelledNote
	}
	return ""
}

// confirm issues the links when the expiry is valid, under a context esc
// cancels.
func (d *shareDialog) confirm() tea.Cmd {
	exp, err := d.expiry()
	if err != nil {
		return errorCmd(err)
	}
	ctx, cancel := context.WithCancel(d.c.ctx)
	d.issue.seq, d.issue.cancel = d.c.nextSeq(), cancel
	d.state, d.err = issuing, nil
	return shareCmd(d.c, ctx, d.requests(exp), d.gallery, d.issue.seq)
}

// requests builds one request per key for expiry exp.
func (d *shareDialog) requests(exp share.Expiry) []share.Request {
	name := strings.TrimSpace(d.filename.Value())
	label := strings.TrimSpace(d.label.Value())
	reqs := make([]share.Request, len(d.keys))
	for i, k := range d.keys {
		reqs[i] = share.Request{Bucket: d.bucket, Key: k, Expires: exp.Duration, Until: exp.Until,
			Download: name != "", Label: label, Revocable: d.revocable}
		if len(d.keys) == 1 {
			reqs[i].Filename = name
		}
	}
	return reqs
}

// cancelIssue stops the issue in flight, if any. Its context is cancelled,
// but the history write may already have committed: the request stays
// pending here, and in the root's cancelled set, until its reply says.
func (d *shareDialog) cancelIssue() {
	if d.state != issuing {
		return
	}
	d.issue.cancel()
	d.c.markCancelled(d.issue.seq)
	d.issue.pending = append(d.issue.pending, d.issue.seq)
	d.issue.seq, d.issue.cancelled = 0, true
	d.state = editing
}

// issued shows the result of this dialog's live request and starts the
// clipboard chain; replies to other or cancelled requests go no further.
func (d *shareDialog) issued(msg issuedMsg) tea.Cmd {
	if i := slices.Index(d.issue.pending, msg.seq); i >= 0 {
		d.lateAfterCancel(i, msg)
		return nil
	}
	if msg.seq != d.issue.seq || d.state != issuing {
		return nil
	}
	d.issue.cancel()
	if len(msg.links) == 0 {
		err := issueFailure(msg)
		d.state, d.err = editing, err
		return errorCmd(err)
	}
	d.state, d.links, d.issuedWarnings = done, msg.links, msg.warnings
	if msg.err != nil {
		return tea.Batch(afterIssue(d.c, msg), errorCmd(msg.err))
	}
	return afterIssue(d.c, msg)
}

// lateAfterCancel takes the reply to the cancelled request pending[i]. It
// is not copied; if the history recorded it despite the cancel (the write
// had already committed) the note says so, and the root's status line too.
func (d *shareDialog) lateAfterCancel(i int, msg issuedMsg) {
	d.issue.pending = slices.Delete(d.issue.pending, i, i+1)
	if msg.recorded {
		d.issue.recorded += len(msg.links)
	}
}
