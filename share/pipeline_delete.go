package share

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/s3share/s3share/presigned"
	"github.com/s3share/s3share/s3browse"
)

// ErrNotACopy is wrapped when a link's share key does not name a copy (or
// a gallery page) s3share made for it: nothing is deleted.
var ErrNotACopy = errors.New("not a share copy made by s3share")

// NotACopyError refuses to delete the object a link's share key names: it
// is not under the share prefix, or its metadata does not show it to be
// the link's copy or gallery page (a history edited or damaged).
type NotACopyError struct {
	ID          int64  // the link whose row names the object
	Bucket, Key string // the object refused
	Prefix      string // the share prefix copies must be under
	Outside     bool   // the key is not under Prefix
	Reason      string // why, in a few words
}

// Error returns one line naming the object and why it was refused.
func (e *NotACopyError) Error() string {
	return fmt.Sprintf("link %d: refusing to delete s3://%s/%s: %s; nothing was deleted", e.ID, e.Bucket, e.Key, e.Reason)
}

// Unwrap returns ErrNotACopy.
func (e *NotACopyError) Unwrap() error { return ErrNotACopy }

// deleteCopies is the one way s3share deletes share copies and gallery
// pages: for revoke, prune and history rm, and to clean up after a failed
// share. Every copy must be under p's share prefix; with verify, a HEAD
// must also show the metadata s3share wrote on it (a copy's source, a
// page's gallery marker), and a copy already gone counts as deleted. Every
// copy is checked before the first is deleted: one refused (a
// *NotACopyError) or not checkable stops them all. A failed delete does not
// stop the others; the errors are joined.
func (p *Pipeline) deleteCopies(ctx context.Context, copies []presigned.Link, verify bool) error {
	var todo []presigned.Link
	for _, l := range copies {
		present, err := p.checkCopy(ctx, l, verify)
		if err != nil {
			return err
		}
		if present {
			todo = append(todo, l)
		}
	}
	var errs []error
	for _, l := range todo {
		errs = append(errs, p.store.DeleteObject(ctx, l.Bucket, l.ShareKey))
	}
	return errors.Join(errs...)
}

// checkCopy checks that l's share key names its copy (see deleteCopies) and
// reports whether it is still there (without verify: assumed so).
func (p *Pipeline) checkCopy(ctx context.Context, l presigned.Link, verify bool) (bool, error) {
	refuse := func(outside bool, reason string) error {
		return &NotACopyError{ID: l.ID, Bucket: l.Bucket, Key: l.ShareKey, Prefix: p.sharePrefix, Outside: outside, Reason: reason}
	}
	if !strings.HasPrefix(l.ShareKey, p.sharePrefix) || len(l.ShareKey) == len(p.sharePrefix) {
		return false, refuse(true, "it is not under the share prefix "+p.sharePrefix)
	}
	if p.store.KnownRegion(l.Bucket) == "" && l.Region != "" {
		p.store.SetRegion(l.Bucket, l.Region)
	}
	if !verify {
		return true, nil
	}
	head, err := p.store.HeadObject(ctx, l.Bucket, l.ShareKey)
	if errors.Is(err, s3browse.ErrNoSuchKey) {
		return false, nil // deleted already (a revoke before, a lifecycle rule)
	}
	if err != nil {
		return false, fmt.Errorf("link %d: cannot check its copy before deleting it, nothing was deleted: %w", l.ID, err)
	}
	if reason := notItsCopy(l, head.Metadata); reason != "" {
		return false, refuse(false, reason)
	}
	return true, nil
}

// notItsCopy says why metadata does not show the object to be l's copy (or
// l's gallery page), or "" when it does.
func notItsCopy(l presigned.Link, metadata map[string]string) string {
	source, marker := metadata[metaSource], metadata[metaGallery]
	if l.Gallery {
		switch {
		case marker != "" && marker == l.BatchID:
			return ""
		case marker == "" && source == "" && metadata[metaLinkEnd] != "" && strings.HasSuffix(l.ShareKey, "/index.html"):
			return "" // a page put before pages were marked: it carries only its end
		case marker != "":
			return "it is the page of another gallery"
		}
		return "it has no " + metaGallery + " metadata, so it is not a gallery page s3share put"
	}
	want := url.PathEscape("s3://" + l.Bucket + "/" + l.Key)
	switch {
	case source == want:
		return ""
	case source == "":
		return "it has no " + metaSource + " metadata, so it is not a copy s3share made"
	}
	if s, err := url.PathUnescape(source); err == nil {
		source = s
	}
	return fmt.Sprintf("its %s metadata says it is a copy of %s, not of s3://%s/%s", metaSource, source, l.Bucket, l.Key)
}

// cleanUp deletes copies this pipeline has just made for a share that
// failed, on a fresh context (the failure may be a cancel) bounded in
// time. It needs no HEAD: they are the copies just made. Errors are
// dropped: the copies are under the share prefix, where a lifecycle rule
// cleans up.
func (p *Pipeline) cleanUp(copies []presigned.Link) {
	if len(copies) == 0 {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), checkTimeout)
	defer cancel()
	_ = p.deleteCopies(ctx, copies, false) // best effort, see above
}

// copiesIn returns the share copies of l and of its Members (loaded), the
// page of a gallery first: those a revoke or rm deletes.
func copiesIn(l presigned.Link) []presigned.Link {
	return copiesOf(append([]presigned.Link{l}, l.Members...))
}
