package history

import (
	"context"
	"time"

	"github.com/s3share/s3share/presigned"
)

// HistoryOpening is a history being opened on a goroutine of its own, so
// that a one-shot command's checks of S3 run while SQLite opens the file
// (about a millisecond, a tenth of such a run). It is a Recorder: each
// method waits for the open and fails with the open's error.
type HistoryOpening struct {
	done chan struct{}
	h    *History
	err  error
}

// OpenHistoryInBackground starts OpenHistory(path, now) and returns at once.
func OpenHistoryInBackground(path string, now func() time.Time) *HistoryOpening {
	o := &HistoryOpening{done: make(chan struct{})}
	go func() {
		defer close(o.done)
		o.h, o.err = OpenHistory(path, now)
	}()
	return o
}

// Opened waits for the open and returns the history, or why it could not be
// opened.
func (o *HistoryOpening) Opened() (*History, error) {
	<-o.done
	return o.h, o.err
}

// wait is Opened, given up when ctx ends.
func (o *HistoryOpening) wait(ctx context.Context) (*History, error) {
	select {
	case <-o.done:
		return o.h, o.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// Close waits for the open and closes the history, if it opened.
func (o *HistoryOpening) Close() error {
	if h, err := o.Opened(); err == nil {
		return h.Close()
	}
	return nil
}

// Verify is History.Verify once the history is open.
func (o *HistoryOpening) Verify(ctx context.Context) error {
	h, err := o.wait(ctx)
	if err != nil {
		return err
	}
	return h.Verify(ctx)
}

// Add is History.Add once the history is open.
func (o *HistoryOpening) Add(ctx context.Context, links []presigned.Link) ([]presigned.Link, error) {
	h, err := o.wait(ctx)
	if err != nil {
		return nil, err
	}
	return h.Add(ctx, links)
}

// AddGallery is History.AddGallery once the history is open.
func (o *HistoryOpening) AddGallery(ctx context.Context, page presigned.Link) (presigned.Link, error) {
	h, err := o.wait(ctx)
	if err != nil {
		return presigned.Link{}, err
	}
	return h.AddGallery(ctx, page)
}

// MarkRevoked is History.MarkRevoked once the history is open.
func (o *HistoryOpening) MarkRevoked(ctx context.Context, id int64, at time.Time) error {
	h, err := o.wait(ctx)
	if err != nil {
		return err
	}
	return h.MarkRevoked(ctx, id, at)
}

// CachedRegion is History.CachedRegion once the history is open.
func (o *HistoryOpening) CachedRegion(ctx context.Context, endpoint, bucket string) (string, error) {
	h, err := o.wait(ctx)
	if err != nil {
		return "", err
	}
	return h.CachedRegion(ctx, endpoint, bucket)
}

// RememberRegion is History.RememberRegion once the history is open.
func (o *HistoryOpening) RememberRegion(ctx context.Context, endpoint, bucket, region string) error {
	h, err := o.wait(ctx)
	if err != nil {
		return err
	}
	return h.RememberRegion(ctx, endpoint, bucket, region)
}

// WithMembers is History.WithMembers once the history is open.
func (o *HistoryOpening) WithMembers(ctx context.Context, links []presigned.Link) ([]presigned.Link, error) {
	h, err := o.wait(ctx)
	if err != nil {
		return nil, err
	}
	return h.WithMembers(ctx, links)
}
