package ui

import (
	tea "charm.land/bubbletea/v2"
	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/s3share/s3share/linkfmt"
	compact "github.com/s3share/s3share/listing"
	"github.com/s3share/s3share/opens"
	"github.com/s3share/s3share/presigned"
	"github.com/s3share/s3share/s3browse"
	"github.com/s3share/s3share/share"
)

// credsMsg reports the result of retrieving credentials.
type credsMsg struct {
	creds aws.Credentials
	err   error
}

// bucketsMsg carries the bucket list.
type bucketsMsg struct {
	seq     int
	buckets []s3browse.Bucket
	err     error
}

// rememberedMsg says a bucket opened by name was remembered.
type rememberedMsg struct{ bucket string }

// knownBucketsMsg carries the buckets opened by name before.
type knownBucketsMsg struct {
	seq     int
	buckets []s3browse.Bucket
	err     error
}

// pageMsg carries one page of a folder listing, with its request identity.
type pageMsg struct {
	bucket, prefix string
	token          string // the page asked for ("" for the first)
	seq            int
	page           s3browse.Page // its objects are in files when that is set
	files          *compact.Page // the page's objects, kept compactly
	err            error
}

// inspectedMsg carries the conditions a share dialog's links would be
// issued under (credentials, server clock), for its warnings.
type inspectedMsg struct {
	seq   int
	conds share.Conditions
	err   error
}

// issuedMsg reports links issued and recorded for the request seq.
type issuedMsg struct {
	seq      int
	links    []presigned.Link
	warnings []string
	err      error // nothing more was issued
	// recorded says the history holds links: even a cancelled request
	// can be recorded, when its write committed before the cancel.
	recorded bool
}

// copyReadyMsg carries links ready to copy (galleries with their images).
type copyReadyMsg struct {
	links  []presigned.Link
	choose bool  // ask for the format first
	err    error // the galleries' images could not be read: nothing is copied
}

// qrMsg carries an encoded QR code for request seq.
type qrMsg struct {
	seq int
	qr  *linkfmt.QR
	err error
}

// revokedMsg reports a revoke.
type revokedMsg struct {
	id   int64
	live int // a gallery's images shared as the original, which keep working
	err  error
}

// relabelledMsg reports a label change of link id ("" cleared it).
type relabelledMsg struct {
	id    int64
	label string
	err   error
}

// checkedMsg carries the verdicts of a live check, by link id.
type checkedMsg struct {
	seq      int
	verdicts map[int64]presigned.Verdict
	err      error
	auto     bool // started by opening the history, not by a key
}

// linkIssuedMsg tells every screen that links were issued (and recorded).
type linkIssuedMsg struct {
	Links []presigned.Link
}

// copiedMsg reports how the clipboard copy went.
type copiedMsg struct {
	text      string
	first     string // the first link's URL: which links were copied
	count     int
	expiry    string // "24h", for the status line
	osc52     bool   // the native clipboard failed or was skipped: use OSC 52
	nativeErr error  // why the native clipboard failed, when it was tried
}

// historyMsg carries a history query result.
type historyMsg struct {
	seq           int
	links         []presigned.Link
	err           error
	offset, limit int // the query's window
}

// historyTickMsg is the history screen's refresh tick.
type historyTickMsg struct{ seq int }

// historyVersionMsg carries the history's data version, for the tick seq.
type historyVersionMsg struct {
	seq     int
	version int64
	err     error
}

// deletedMsg reports a history deletion.
type deletedMsg struct {
	id    int64
	stays string // what the deletion left in the bucket ("its share copy stays..."), or ""
	err   error
}

// statusMsg sets the status line; errors show in red.
type statusMsg struct {
	text string
	err  bool
}

// clearStatusMsg clears the status line if it is still the one numbered id.
type clearStatusMsg struct{ id int }

// pushMsg puts a screen on top of the stack, then runs its init Cmd: run
// before the push, the Cmd's replies could arrive while the screen is not
// yet on the stack and be dropped (Batch runs Cmds concurrently).
type pushMsg struct {
	s    screen
	init tea.Cmd
}

// popMsg closes the top screen.
type popMsg struct{}

// replaceMsg closes the top screen and puts s in its place, then runs init.
type replaceMsg pushMsg

// opensMsg carries what the history holds of links' opens, for request seq.
type opensMsg struct {
	seq    int
	stored opens.Stored
	err    error
}

// logsReadMsg carries the result of reading new access logs, for request
// seq.
type logsReadMsg struct {
	seq int
	res opens.Result
	err error
}
