package ui

import (
	"context"
	"errors"

	tea "charm.land/bubbletea/v2"

	"github.com/s3share/s3share/imagemeta"
	"github.com/s3share/s3share/preview"
	"github.com/s3share/s3share/s3browse"
)

// previewRestMsg fires when the cursor has rested on an object.
type previewRestMsg struct {
	bucket, key string
	seq         int
}

// previewMsg carries a prepared picture, or why there is none, with the
// identity of its request: a late reply for an object the cursor left is
// dropped.
type previewMsg struct {
	bucket, key string
	seq         int
	pic         *preview.Picture
	info        s3browse.ObjectInfo
	tooLarge    bool  // the object is over the read cap: nothing was decoded
	err         error // a *preview.NoPreview, an S3 error, or the context's
	// location is the location data found in the bytes read (the whole
	// object, or its first bytes when it is over the cap).
	location imagemeta.Finding
}

// previewCmd reads the start of the object, checks and decodes it, and
// scales and encodes it for t: all of it off the update loop. busy lets
// one decode run at a time, so a quickly moving cursor cannot pile up
// decodes (and their memory); a request cancelled while waiting is dropped.
func previewCmd(ctx context.Context, r ObjectReader, busy chan struct{}, bucket, key string, limit int64, t preview.Target, seq int) tea.Cmd {
	return func() tea.Msg {
		msg := previewMsg{bucket: bucket, key: key, seq: seq}
		data, info, err := r.ReadRange(ctx, bucket, key, limit)
		msg.info = info
		if err == nil {
			msg.location, _ = imagemeta.Location(data) // what it could read; an error hides no GPS found elsewhere
		}
		switch {
		case err != nil:
			msg.err = err
			return msg
		case info.Size > int64(len(data)):
			msg.tooLarge = true
			return msg
		}
		select {
		case busy <- struct{}{}:
			defer func() { <-busy }()
		case <-ctx.Done():
			msg.err = ctx.Err()
			return msg
		}
		if err := ctx.Err(); err != nil {
			msg.err = err
			return msg
		}
		msg.pic, msg.err = preview.Prepare(ctx, data, info.Size, t)
		return msg
	}
}

// cancelled reports whether err only says the request was called off.
func cancelled(err error) bool {
	return errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
}
