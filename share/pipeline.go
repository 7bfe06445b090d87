package share

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/s3share/s3share/history"
	"github.com/s3share/s3share/internal/hint"
	"github.com/s3share/s3share/presigned"
	"github.com/s3share/s3share/s3browse"
)

// DefaultSharePrefix is where revocable copies (and gallery pages) go.
const DefaultSharePrefix = "s3share-shares/"

// recordChunk is how many links are recorded (and handed out) at a time: a
// crash can lose only links that were never handed out.
const recordChunk = 50

// checkTimeout bounds the checks before signing: an endpoint silent that
// long fails them, and so the share.
const checkTimeout = 10 * time.Second

// Store is the S3 side of the pipeline; *s3browse.Browser satisfies it.
type Store interface {
	Signer
	CheckBucket(ctx context.Context, bucket string) (s3browse.BucketCheck, error)
	ProbeObject(ctx context.Context, bucket, key string) (s3browse.ObjectInfo, error)
	HeadObject(ctx context.Context, bucket, key string) (s3browse.ObjectInfo, error)
	CopyObject(ctx context.Context, in s3browse.CopyInput) error
	DeleteObject(ctx context.Context, bucket, key string) error
	PutObject(ctx context.Context, in s3browse.PutInput) error
	Endpoint() string
	Region() string // the configured region, the guess for a bucket not known yet
	KnownRegion(bucket string) string
	SetRegion(bucket, region string)
}

// Recorder keeps issued links; *History satisfies it.
type Recorder interface {
	Verify(ctx context.Context) error // nil when links may be recorded
	Add(ctx context.Context, links []presigned.Link) ([]presigned.Link, error)
	AddGallery(ctx context.Context, page presigned.Link) (presigned.Link, error)
	MarkRevoked(ctx context.Context, id int64, at time.Time) error
	// WithMembers returns links with each gallery's images loaded into its
	// Members (and appended after them).
	WithMembers(ctx context.Context, links []presigned.Link) ([]presigned.Link, error)
	CachedRegion(ctx context.Context, endpoint, bucket string) (string, error)
	RememberRegion(ctx context.Context, endpoint, bucket, region string) error
}

// Pipeline is the one way links are issued, renewed and revoked, for the
// CLI and the UI alike: it checks each bucket and object, signs, warns,
// makes revocable copies and records the links in chunks.
type Pipeline struct {
	store       Store
	at          func(endpoint string, pathStyle bool) Store
	rec         Recorder // nil: links are not recorded
	now         func() time.Time
	sharePrefix string
	prefixErr   error  // the share prefix given was refused: nothing is shared
	renews      string // a renew's: the team id of the link renewed, for the new link's RenewedFrom
}

// NewPipeline issues through b and records into rec: a *history.History,
// or nil (a nil pointer too) for links not recorded. now is the clock
// (time.Now when nil).
func NewPipeline(b *s3browse.Browser, rec Recorder, now func() time.Time) *Pipeline {
	if h, ok := rec.(*history.History); ok && h == nil {
		rec = nil
	}
	return NewPipelineWith(b, rec, now, func(endpoint string, pathStyle bool) Store { return b.At(endpoint, pathStyle) })
}

// NewPipelineWith builds a Pipeline from its parts; at returns the store for
// another endpoint (nil: always store).
func NewPipelineWith(store Store, rec Recorder, now func() time.Time, at func(string, bool) Store) *Pipeline {
	if now == nil {
		now = time.Now
	}
	if at == nil {
		at = func(string, bool) Store { return store }
	}
	return &Pipeline{store: store, at: at, rec: rec, now: now, sharePrefix: DefaultSharePrefix}
}

// WithSharePrefix returns a copy of p that puts revocable copies and
// gallery pages under prefix, as CheckSharePrefix makes it. A prefix that
// check refuses makes every share of the copy fail with its
// *SharePrefixError, before any request.
func (p *Pipeline) WithSharePrefix(prefix string) *Pipeline {
	c := *p
	c.sharePrefix, c.prefixErr = CheckSharePrefix(prefix)
	return &c
}

// Result is what a share handed out.
type Result struct {
	Links    []presigned.Link // recorded (or only signed, without a recorder), in request order
	Warnings []string         // every distinct warning of the links, in order
}

// Share issues a link for each request: it checks the buckets and objects
// (a missing one fails the whole batch, nothing recorded), refuses links the
// server's clock would make dead on arrival, copies revocable objects, signs,
// then records the links chunk by chunk, calling emit (when not nil) with
// each chunk once it is recorded. On an error after some chunks were
// recorded, the Result holds those.
func (p *Pipeline) Share(ctx context.Context, reqs []Request, emit func([]presigned.Link) error) (Result, error) {
	if err := validateAll(reqs); err != nil || len(reqs) == 0 {
		return Result{}, err
	}
	j, err := p.prepare(ctx, reqs)
	if err != nil {
		return Result{}, err
	}
	links, err := p.sign(ctx, j.reqs, j.conds)
	if err != nil {
		p.cleanUp(j.copies)
		return Result{}, err
	}
	return p.record(ctx, links, emit)
}

// job is one share past its setup stage: the requests as checked (with
// what the checks learned and the copies made for them), the conditions
// they are signed under, and the copies to delete again if the share
// fails before it is recorded.
type job struct {
	reqs   []task
	conds  Conditions
	copies []presigned.Link
}

// prepare is the setup stage of every share, single links and galleries
// alike: it checks the buckets and objects while the recorder is verified,
// refuses links the server's clock would make dead on arrival, and makes
// the revocable copies. Nothing is signed yet.
func (p *Pipeline) prepare(ctx context.Context, asked []Request) (*job, error) {
	reqs := tasksOf(asked)
	verified := p.verifyRecorder(ctx)
	found, err := p.inspect(ctx, reqs)
	if verr := <-verified; verr != nil {
		return nil, fmt.Errorf("nothing was issued: %w", verr)
	}
	if err != nil {
		return nil, err
	}
	if err := found.refuseDeadOnArrival(reqs, p.now()); err != nil {
		return nil, err
	}
	copies, err := p.makeCopies(ctx, reqs, found)
	if err != nil {
		return nil, err
	}
	return &job{reqs: reqs, conds: found.conds, copies: copies}, nil
}

// validateAll checks every request before anything else is done.
func validateAll(reqs []Request) error {
	for _, r := range reqs {
		if err := validateRequest(r); err != nil {
			return err
		}
	}
	return nil
}

// verifyRecorder checks, alongside the S3 checks, that the recorder may be
// written (not damaged, not read-only): no link is handed out that cannot
// be recorded.
func (p *Pipeline) verifyRecorder(ctx context.Context) <-chan error {
	out := make(chan error, 1)
	if p.rec == nil {
		out <- nil
		return out
	}
	go func() { out <- p.rec.Verify(ctx) }()
	return out
}

// sign presigns the checked requests as one batch.
func (p *Pipeline) sign(ctx context.Context, reqs []task, conds Conditions) ([]presigned.Link, error) {
	return batchSigner{p.store}.sign(ctx, reqs, conds.env())
}

// record stores links chunk by chunk and hands each chunk to emit. A
// cancelled context stops it between chunks; copies of links not recorded
// are deleted again.
func (p *Pipeline) record(ctx context.Context, links []presigned.Link, emit func([]presigned.Link) error) (Result, error) {
	res := Result{Warnings: distinctWarnings(links)}
	for start := 0; start < len(links); start += recordChunk {
		chunk := links[start:min(start+recordChunk, len(links))]
		for i := range chunk {
			chunk[i].RenewedFrom = p.renews
		}
		err := ctx.Err()
		if err == nil && p.rec != nil {
			chunk, err = p.rec.Add(ctx, chunk)
			if err != nil {
				err = fmt.Errorf("links not issued: %w", err)
			}
		}
		if err != nil {
			p.cleanUp(copiesOf(links[start:]))
			return res, err
		}
		res.Links = append(res.Links, chunk...)
		if emit != nil {
			if err := emit(chunk); err != nil {
				return res, err
			}
		}
	}
	return res, nil
}

// Renew issues l again with the same settings and lifetime, where it was
// issued (its endpoint, addressing and region), whatever p's store points at.
func (p *Pipeline) Renew(ctx context.Context, l presigned.Link, emit func([]presigned.Link) error) (Result, error) {
	return p.RenewFor(ctx, l, Expiry{Duration: l.Lifetime()}, emit)
}

// RenewFor is Renew for another expiry: a duration, or an end (Until). A
// gallery is issued again as a new gallery: a new page showing its images
// signed afresh.
func (p *Pipeline) RenewFor(ctx context.Context, l presigned.Link, e Expiry, emit func([]presigned.Link) error) (Result, error) {
	p = p.forRenew(l)
	if l.Gallery {
		return p.renewGallery(ctx, l, e, emit)
	}
	req := RequestFor(l, e.Duration)
	req.Until = e.Until
	return p.forLink(l).Share(ctx, []Request{req}, emit)
}

// forRenew is p issuing the renewal of l: the new links record that they
// renew it (their RenewedFrom).
func (p *Pipeline) forRenew(l presigned.Link) *Pipeline {
	c := *p
	c.renews = l.TeamID
	return &c
}

// renewGallery issues the gallery page l again, with its images, where it
// was issued, and hands the new page (its images in Members) to emit.
func (p *Pipeline) renewGallery(ctx context.Context, l presigned.Link, e Expiry, emit func([]presigned.Link) error) (Result, error) {
	l, err := p.withMembers(ctx, l)
	if err != nil {
		return Result{}, err
	}
	if len(l.Members) == 0 {
		return Result{}, fmt.Errorf("gallery %d has no images in the history to issue again", l.ID)
	}
	reqs := make([]Request, len(l.Members))
	for i, m := range l.Members {
		reqs[i] = RequestFor(m, e.Duration)
		reqs[i].Until = e.Until
	}
	page, err := p.forLink(l).ShareGallery(ctx, reqs, GalleryOptions{Title: l.Label})
	if err != nil {
		return Result{}, err
	}
	res := Result{Links: []presigned.Link{page}, Warnings: page.Warnings}
	if emit != nil {
		err = emit(res.Links)
	}
	return res, err
}

// withMembers returns l with its images loaded when it is a recorded
// gallery whose images are not.
func (p *Pipeline) withMembers(ctx context.Context, l presigned.Link) (presigned.Link, error) {
	if !l.Gallery || l.Members != nil || l.ID == 0 || p.rec == nil {
		return l, nil
	}
	all, err := p.rec.WithMembers(ctx, []presigned.Link{l})
	if err != nil {
		return presigned.Link{}, err
	}
	return all[0], nil
}

// forLink is p signing where l was issued.
func (p *Pipeline) forLink(l presigned.Link) *Pipeline {
	c := *p
	c.store = p.at(l.Endpoint, l.PathStyle)
	if c.store.KnownRegion(l.Bucket) == "" {
		c.store.SetRegion(l.Bucket, l.Region)
	}
	return &c
}

// ErrNotRevocable is wrapped when revoking a link that points at the
// original object.
var ErrNotRevocable = errors.New("not revocable")

// Revocation is what a revoke did.
type Revocation struct {
	Deleted int              // copies deleted (or found gone): the link's, or a gallery's page and images'
	Live    []presigned.Link // a gallery's images shared as the original that still work: they work until they end
}

// Revoke deletes the copy l points at, and for a gallery its page and the
// copies of its revocable images, where it was issued, and records the
// revoke: from then each answers 404. Every copy is checked first (under
// the share prefix, its metadata naming it the link's copy or page): one
// that is not is refused (ErrNotACopy) and nothing is deleted. Revoking
// twice is harmless.
func (p *Pipeline) Revoke(ctx context.Context, l presigned.Link) (Revocation, error) {
	if !l.Revocable() {
		return Revocation{}, hint.With(fmt.Errorf("link %d is %w: it points at the original object (share as revocable to revoke later; "+
			"to stop this one, delete the object or the signing key)", l.ID, ErrNotRevocable), hint.Revocable)
	}
	l, err := p.withMembers(ctx, l)
	if err != nil {
		return Revocation{}, err
	}
	copies := copiesIn(l)
	if err := p.forLink(l).deleteCopies(ctx, copies, true); err != nil {
		return Revocation{}, err
	}
	if err := p.markRevoked(ctx, copies); err != nil {
		return Revocation{}, err
	}
	rv := Revocation{Deleted: len(copies)}
	for _, m := range l.Members {
		if !m.Revocable() && m.StatusAt(p.now()).Live() {
			rv.Live = append(rv.Live, m)
		}
	}
	return rv, nil
}

// markRevoked records that the copies of links are gone (those revoked
// before keep their time).
func (p *Pipeline) markRevoked(ctx context.Context, links []presigned.Link) error {
	if p.rec == nil {
		return nil
	}
	at := p.now()
	for _, l := range links {
		if l.ID == 0 || l.Revoked() {
			continue
		}
		if err := p.rec.MarkRevoked(ctx, l.ID, at); err != nil {
			return err
		}
	}
	return nil
}

// DeleteCopies deletes the share copies of links (those that have one),
// each where it was issued and checked first as Revoke checks, and records
// each one deleted (or found gone) as revoked. A link refused (its error
// wraps ErrNotACopy) is skipped and listed in refused; any other failure
// stops there. It returns how many copies are gone.
func (p *Pipeline) DeleteCopies(ctx context.Context, links []presigned.Link) (deleted int, refused []error, err error) {
	for _, l := range copiesOf(links) {
		err := p.forLink(l).deleteCopies(ctx, []presigned.Link{l}, true)
		if errors.Is(err, ErrNotACopy) {
			refused = append(refused, err)
			continue
		}
		if err == nil {
			err = p.markRevoked(ctx, []presigned.Link{l})
		}
		if err != nil {
			return deleted, refused, err
		}
		deleted++
	}
	return deleted, refused, nil
}

// distinctWarnings lists every warning of links once, in order.
func distinctWarnings(links []presigned.Link) []string {
	seen := map[string]bool{}
	var out []string
	for _, l := range links {
		for _, w := range l.Warnings {
			if !seen[w] {
				seen[w] = true
				out = append(out, w)
			}
		}
	}
	return out
}

// Inspect learns the conditions links for bucket would be issued under (the
// credentials and the server's clock), for a dialog to warn before anyone
// confirms: Conditions.Warnings words them as the issued links will. The
// bucket check's error (a missing bucket, a dead endpoint) is returned with
// what was learned.
func (p *Pipeline) Inspect(ctx context.Context, bucket string) (Conditions, error) {
	ctx, cancel := context.WithTimeout(ctx, checkTimeout)
	defer cancel()
	var c Conditions
	creds, err := p.store.Credentials(ctx)
	if err != nil {
		return c, err
	}
	c.Creds = creds
	p.cachedRegion(ctx, bucket)
	chk, err := p.store.CheckBucket(ctx, bucket)
	if chk.Dated {
		c.Skew = chk.Skew
	}
	if fatal(err) {
		return c, err
	}
	return c, nil
}

// RequestFor returns a request that issues l again with the same settings
// for expires.
func RequestFor(l presigned.Link, expires time.Duration) Request {
	return Request{Bucket: l.Bucket, Key: l.Key, Expires: expires, Download: l.Download,
		Filename: l.Filename, Label: l.Label, Revocable: l.Revocable()}
}
