package share

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"time"

	"github.com/s3share/s3share/internal/hint"
	"github.com/s3share/s3share/linkfmt"
	"github.com/s3share/s3share/presigned"
	"github.com/s3share/s3share/s3browse"
)

// GalleryOptions shape a gallery share.
type GalleryOptions struct {
	Title string // the page's heading (the label); "" says how many images
	// File, when set, is where the page is written instead of uploaded (to
	// attach to a mail): the images are shared and recorded as usual.
	File string
}

// ShareGallery issues links for reqs and one page that shows them all: an
// HTML page under the share prefix of the first request's bucket, presigned
// to end with its images, recorded as one history entry with the images as
// its members. The returned Link is the page, its Members the images. The
// page is uploaded before anything is recorded: a bucket that may not be
// written is a one-line error and nothing is issued. With opts.File the
// page is written there (a file that exists is refused before anything is
// issued: ErrGalleryFileExists) and the images' links are returned as
// members of an unrecorded page Link with no URL.
func (p *Pipeline) ShareGallery(ctx context.Context, reqs []Request, opts GalleryOptions) (presigned.Link, error) {
	if len(reqs) == 0 {
		return presigned.Link{}, fmt.Errorf("a gallery needs at least one image")
	}
	if err := validateAll(reqs); err != nil {
		return presigned.Link{}, err
	}
	if err := refuseExisting(opts.File); err != nil {
		return presigned.Link{}, err
	}
	j, err := p.prepare(ctx, reqs)
	if err != nil {
		return presigned.Link{}, err
	}
	page, err := p.galleryPage(ctx, j.reqs, j.conds, opts)
	if err != nil {
		p.cleanUp(j.copies)
		return presigned.Link{}, err
	}
	if opts.File != "" {
		res, err := p.record(ctx, page.Members, nil)
		page.Members = res.Links
		return page, err
	}
	return p.recordGallery(ctx, page)
}

// galleryPage signs the images (to view and to download), renders the page
// and puts it in place (uploaded and presigned, or written to opts.File).
func (p *Pipeline) galleryPage(ctx context.Context, reqs []task, conds Conditions, opts GalleryOptions) (presigned.Link, error) {
	views, err := p.sign(ctx, reqs, conds)
	if err != nil {
		return presigned.Link{}, err
	}
	downloads := make([]task, len(reqs))
	for i, r := range reqs {
		downloads[i] = r
		downloads[i].Download = true
	}
	saves, err := p.sign(ctx, downloads, conds) // only their URLs go on the page
	if err != nil {
		return presigned.Link{}, err
	}
	batch := views[0].BatchID
	g := linkfmt.Gallery{Title: opts.Title, End: firstRequestedEnd(views)}
	for i := range views {
		g.Images = append(g.Images, linkfmt.GalleryImage{Name: presigned.DisplayName(views[i].Key), Size: views[i].Size,
			ViewURL: views[i].URL, DownloadURL: saves[i].URL})
	}
	html, err := linkfmt.RenderGallery(g)
	if err != nil {
		return presigned.Link{}, err
	}
	page := presigned.Link{Gallery: true, Label: opts.Title, Members: views, BatchID: batch, Warnings: distinctWarnings(views)}
	if opts.File != "" {
		return page, writeNewFile(opts.File, html)
	}
	return p.publishPage(ctx, page, html, views, conds)
}

// ErrGalleryFileExists is wrapped when the file a gallery page is to be
// written to exists: it is never overwritten, for it may be the only copy
// of another gallery's page, whose links still work and cannot be made
// again (a page rendered anew signs new links).
var ErrGalleryFileExists = errors.New("the file exists already, and a page is never written over one")

// refuseExisting refuses a page file that exists, before anything is
// issued ("" is no file).
func refuseExisting(file string) error {
	if file == "" {
		return nil
	}
	if _, err := os.Lstat(file); err == nil {
		return fmt.Errorf("cannot write the gallery page to %s: %w; nothing was issued", file, ErrGalleryFileExists)
	}
	return nil
}

// writeNewFile creates file, 0600 (it holds bearer links), and writes data
// to it. A file that exists is refused, whatever made it meanwhile; a file
// not written whole is removed again.
func writeNewFile(file string, data []byte) error {
	f, err := os.OpenFile(file, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("cannot write the gallery page to %s: %w; nothing was issued", file, ErrGalleryFileExists)
	}
	if err != nil {
		return fmt.Errorf("cannot write the gallery page: %w", err)
	}
	err = f.Chmod(0o600) // whatever the umask
	if _, werr := f.Write(data); err == nil {
		err = werr
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		_ = os.Remove(file) // ours, and not whole; the write's error is the one to report
		return fmt.Errorf("cannot write the gallery page: %w", err)
	}
	return nil
}

// firstRequestedEnd is the earliest requested end (ExpiresAt) among links:
// the page is signed, as they were, to end then, so it never outlives them.
// (presigned.FirstToEnd is about when links really stop: their effective
// end, which the page, signed with the same credentials, shares.)
func firstRequestedEnd(links []presigned.Link) time.Time {
	var end time.Time
	for i, l := range links {
		if i == 0 || l.ExpiresAt.Before(end) {
			end = l.ExpiresAt
		}
	}
	return end
}

// publishPage uploads the page under the share prefix of the first image's
// bucket and presigns it to end when its first image does.
func (p *Pipeline) publishPage(ctx context.Context, page presigned.Link, html []byte, views []presigned.Link, conds Conditions) (presigned.Link, error) {
	bucket, end := views[0].Bucket, firstRequestedEnd(views)
	key := GalleryKey(p.sharePrefix)
	err := p.store.PutObject(ctx, s3browse.PutInput{Bucket: bucket, Key: key, Body: html,
		ContentType: linkfmt.GalleryContentType, CacheControl: linkfmt.GalleryCacheControl,
		Metadata: map[string]string{metaLinkEnd: end.UTC().Format(time.RFC3339), metaGallery: page.BatchID}})
	if err != nil {
		return presigned.Link{}, hint.With(fmt.Errorf("cannot put the gallery page in s3://%s/%s (it needs s3:PutObject there), nothing was issued; "+
			"a gallery file writes the page locally instead: %w", bucket, p.sharePrefix, err), hint.GalleryFile)
	}
	signed, err := PresignUntil(ctx, p.store, s3browse.PresignInput{Bucket: bucket, Key: key, SignedAt: conds.SignedAt}, end)
	if err != nil {
		p.cleanUp([]presigned.Link{{Bucket: bucket, ShareKey: key}})
		return presigned.Link{}, err
	}
	page.Bucket, page.Key, page.ShareKey, page.Size = bucket, key, key, int64(len(html))
	page.URL, page.Region, page.Endpoint, page.PathStyle = signed.URL, signed.Region, signed.Endpoint, signed.PathStyle
	page.IssuedAt, page.ExpiresAt = signed.SignedAt, end
	page.EffectiveExpiresAt = effectiveEnd(conds.Creds, end, conds.Skew)
	page.CredentialKind = KindOf(conds.Creds)
	return page, nil
}

// recordGallery records the page and its images in one transaction; when
// that fails, the page and the copies go again.
func (p *Pipeline) recordGallery(ctx context.Context, page presigned.Link) (presigned.Link, error) {
	if p.rec == nil {
		return page, nil
	}
	recorded, err := presigned.Link{}, ctx.Err()
	page.RenewedFrom = p.renews
	if err == nil {
		recorded, err = p.rec.AddGallery(ctx, page)
	}
	if err != nil {
		p.cleanUp(copiesIn(page))
		return presigned.Link{}, fmt.Errorf("gallery not issued: %w", err)
	}
	return recorded, nil
}
