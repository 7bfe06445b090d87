package ui

import (
	"context"
	"fmt"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/s3share/s3share/share"
)

// cancelledNote is what the dialog says after esc stopped an issue.
const cancelledNote = "Cancelled: no link was issued and nothing was recorded (enter tries again, esc closes)"

// issueReq is the identity of the share dialog's issue request: only the
// reply numbered seq is taken; cancel stops it; a reply numbered
// cancelled belongs to a request the user gave up on.
type issueReq struct {
	seq       int
	cancel    context.CancelFunc
	cancelled int
	note      string // says the last request was cancelled
}

// confirm issues the links when the expiry is valid, under a context esc
// cancels.
func (d *shareDialog) confirm() tea.Cmd {
	exp, err := d.expiry()
	if err != nil {
		return errorCmd(err)
	}
	ctx, cancel := context.WithCancel(d.c.ctx)
	d.issue = issueReq{seq: d.c.nextSeq(), cancel: cancel, cancelled: d.issue.cancelled}
	d.state, d.err = issuing, nil
	return issueCmd(d.c, ctx, d.requests(exp), d.issue.seq)
}

// requests builds one request per key for expiry exp.
func (d *shareDialog) requests(exp time.Duration) []share.Request {
	name := strings.TrimSpace(d.filename.Value())
	reqs := make([]share.Request, len(d.keys))
	for i, k := range d.keys {
		reqs[i] = share.Request{Bucket: d.bucket, Key: k, Expires: exp, Download: name != ""}
		if len(d.keys) == 1 {
			reqs[i].Filename = name
		}
	}
	return reqs
}

// cancelIssue stops the issue in flight, if any: its context is cancelled
// (so nothing is recorded) and its reply, should it still come, is dropped.
func (d *shareDialog) cancelIssue() {
	if d.state != issuing {
		return
	}
	d.issue.cancel()
	d.issue.cancelled, d.issue.seq = d.issue.seq, 0
	d.issue.note = cancelledNote
	d.state = editing
}

// issued shows the result of this dialog's live request and starts the
// clipboard chain; replies to other or cancelled requests go no further.
func (d *shareDialog) issued(msg issuedMsg) tea.Cmd {
	switch {
	case msg.seq == d.issue.cancelled && msg.seq != 0:
		return d.lateAfterCancel(msg)
	case msg.seq != d.issue.seq || d.state != issuing:
		return nil
	}
	d.issue.cancel()
	if msg.err != nil {
		d.state, d.err = editing, msg.err
		return errorCmd(msg.err)
	}
	d.state, d.links, d.saveErr = done, msg.links, msg.saveErr
	return afterIssue(d.c, msg)
}

// lateAfterCancel handles a cancelled request that finished anyway. It is
// not copied; only if the history recorded it despite the cancel (the
// write had already committed) does the dialog say so, to stay truthful.
func (d *shareDialog) lateAfterCancel(msg issuedMsg) tea.Cmd {
	if msg.err != nil || msg.saveErr != nil || len(msg.links) == 0 {
		return nil
	}
	d.issue.note = fmt.Sprintf("The cancelled share had already been recorded: %s in the history (H), not copied", plural(len(msg.links), "link"))
	return statusCmd(d.issue.note)
}
