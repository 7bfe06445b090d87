package share

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"golang.org/x/sync/errgroup"

	"github.com/s3share/s3share/s3browse"
)

// headConcurrency bounds the HeadObject checks in flight.
const headConcurrency = 16

// Conditions are what the checks before signing found that shapes every
// link of a batch: the credentials (their end), and the server's clock.
type Conditions struct {
	Creds    aws.Credentials
	Skew     time.Duration // server clock minus local clock
	SignedAt time.Time     // the whole second the batch counts from
}

// Warnings lists what a person should know before links for reqs are
// issued under c at now: credentials that end first, dot-segment keys, a
// server clock off by more than MaxSkew. The pipeline gives each link the
// same wording.
func (c Conditions) Warnings(reqs []Request, now time.Time) []string {
	var links []Link
	for _, r := range reqs {
		end := now.Add(r.Expires)
		w := append(KeyWarnings(r.Key), credentialWarning(c.Creds, now, end)...)
		if s := skewWarning(c.Skew); s != "" {
			w = append(w, s)
		}
		links = append(links, Link{Warnings: w})
	}
	return distinctWarnings(links)
}

// ErrMissingObject is wrapped when an object to share does not exist.
var ErrMissingObject = errors.New("no such object")

// findings are the checks' results for one batch.
type findings struct {
	conds   Conditions
	mu      sync.Mutex
	missing []string // s3:// locations that do not exist
}

// inspect checks every bucket once (it exists, its region, the clock) and
// every object (it exists, its size), concurrently, within checkTimeout,
// and retrieves the credentials. It fills each request's size.
func (p *Pipeline) inspect(ctx context.Context, reqs []Request) (*findings, error) {
	ctx, cancel := context.WithTimeout(ctx, checkTimeout)
	defer cancel()
	f := &findings{}
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() error { return p.credentials(gctx, f) })
	heads := make(chan struct{}, headConcurrency)
	for bucket, idx := range byBucket(reqs) {
		g.Go(func() error { return p.inspectBucket(gctx, bucket, reqs, idx, f, heads) })
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	if len(f.missing) > 0 {
		return nil, missingError(f.missing)
	}
	f.conds.SignedAt = p.now().Truncate(time.Second)
	if err := stillValid(f.conds.Creds, f.conds.SignedAt); err != nil {
		return nil, err
	}
	return f, nil
}

// credentials retrieves the signing credentials once.
func (p *Pipeline) credentials(ctx context.Context, f *findings) error {
	creds, err := p.store.Credentials(ctx)
	if err != nil {
		return err
	}
	f.mu.Lock()
	f.conds.Creds = creds
	f.mu.Unlock()
	return nil
}

// byBucket groups request indexes by bucket.
func byBucket(reqs []Request) map[string][]int {
	out := map[string][]int{}
	for i, r := range reqs {
		out[r.Bucket] = append(out[r.Bucket], i)
	}
	return out
}

// inspectBucket checks bucket and its objects, all at once: one round
// trip. The objects are probed in the region known (from this run or the
// history's cache), else in the configured one; when the bucket check
// learns that the bucket is elsewhere, the probes the region refused go
// again. A HEAD cannot say why it was refused, so the objects are probed
// even when the bucket check fails: their GETs tell rejected credentials
// from a missing bucket.
func (p *Pipeline) inspectBucket(ctx context.Context, bucket string, reqs []Request, idx []int, f *findings, heads chan struct{}) error {
	cached := p.cachedRegion(ctx, bucket)
	var region string
	var bucketErr error
	var g errgroup.Group
	g.Go(func() error {
		chk, err := p.store.CheckBucket(ctx, bucket)
		region = chk.Region
		if fatal(err) {
			bucketErr = err
		}
		f.mu.Lock()
		if chk.Dated && f.conds.Skew == 0 {
			f.conds.Skew = chk.Skew
		}
		f.mu.Unlock()
		return nil
	})
	objectErrs := p.probeAll(ctx, &g, reqs, idx, f, heads)
	_ = g.Wait() // the goroutines report through bucketErr and objectErrs
	if region != "" && region != cached && bucketErr == nil {
		p.probeAgain(ctx, reqs, idx, objectErrs, f, heads)
	}
	if err := firstError(bucketErr, objectErrs); err != nil {
		return err
	}
	if region != "" && region != cached && p.rec != nil {
		_ = p.rec.RememberRegion(ctx, p.store.Endpoint(), bucket, region) // a cache: failing to fill it costs a round trip later
	}
	return nil
}

// probeAgain probes once more, now that the bucket's region is known, the
// objects whose probe the guessed region refused, and puts their new
// errors in errs.
func (p *Pipeline) probeAgain(ctx context.Context, reqs []Request, idx []int, errs []error, f *findings, heads chan struct{}) {
	var at, again []int // positions in idx, and request indexes
	for n, err := range errs {
		if errors.Is(err, s3browse.ErrWrongRegion) {
			at, again = append(at, n), append(again, idx[n])
		}
	}
	var g errgroup.Group
	redone := p.probeAll(ctx, &g, reqs, again, f, heads)
	_ = g.Wait() // the goroutines report through redone
	for j, n := range at {
		errs[n] = redone[j]
	}
}

// probeAll probes the objects of reqs[idx] on g and returns where each
// probe's error will be once g is done.
func (p *Pipeline) probeAll(ctx context.Context, g *errgroup.Group, reqs []Request, idx []int, f *findings, heads chan struct{}) []error {
	errs := make([]error, len(idx))
	for n, i := range idx {
		g.Go(func() error {
			errs[n] = p.inspectObject(ctx, &reqs[i], f, heads)
			return nil
		})
	}
	return errs
}

// firstError picks the error that explains the most: credentials the
// server rejects, then the bucket check's, then an object's.
func firstError(bucketErr error, objectErrs []error) error {
	for _, err := range objectErrs {
		if s3browse.CredentialsRejected(err) {
			return err
		}
	}
	if bucketErr != nil {
		return bucketErr
	}
	for _, err := range objectErrs {
		if err != nil {
			return err
		}
	}
	return nil
}

// cachedRegion makes sure the store knows bucket's region when the history
// does, and returns it ("" when neither knows).
func (p *Pipeline) cachedRegion(ctx context.Context, bucket string) string {
	if r := p.store.KnownRegion(bucket); r != "" {
		return r
	}
	if p.rec == nil {
		return ""
	}
	r, err := p.rec.CachedRegion(ctx, p.store.Endpoint(), bucket)
	if err != nil || r == "" {
		return ""
	}
	p.store.SetRegion(bucket, r)
	return r
}

// inspectObject checks that r's object exists and learns its size and
// headers. Only a missing object, credentials the server rejects, or an
// endpoint that does not answer count: access denied is allowed (a policy
// may grant s3:GetObject on some keys only), and a key the server cannot
// even address (a "../" segment) is warned about, not refused.
func (p *Pipeline) inspectObject(ctx context.Context, r *Request, f *findings, heads chan struct{}) error {
	select {
	case heads <- struct{}{}:
		defer func() { <-heads }()
	case <-ctx.Done():
		return ctx.Err()
	}
	info, err := p.store.ProbeObject(ctx, r.Bucket, r.Key)
	switch {
	case err == nil:
		r.head = &info
	case errors.Is(err, s3browse.ErrNoSuchKey):
		f.mu.Lock()
		f.missing = append(f.missing, s3browse.Location{Bucket: r.Bucket, Key: r.Key}.String())
		f.mu.Unlock()
	case s3browse.CredentialsRejected(err), errors.Is(err, s3browse.ErrEndpointUnreachable),
		errors.Is(err, s3browse.ErrNoSuchBucket), errors.Is(err, s3browse.ErrWrongRegion), ctx.Err() != nil:
		return err
	}
	return nil
}

// fatal reports bucket-check errors that make every link useless: all but
// a plain access denied, since a policy may allow s3:GetObject without
// s3:ListBucket. Credentials the server rejects are fatal.
func fatal(err error) bool {
	if err == nil {
		return false
	}
	return !errors.Is(err, s3browse.ErrAccessDenied) || s3browse.CredentialsRejected(err)
}

// missingError names the objects that do not exist.
func missingError(missing []string) error {
	if len(missing) == 1 {
		return fmt.Errorf("%s: %w: nothing was issued (check the key; s3share ls lists the folder)", missing[0], ErrMissingObject)
	}
	shown := missing
	more := ""
	if len(shown) > 3 {
		shown, more = shown[:3], fmt.Sprintf(" and %d more", len(missing)-3)
	}
	return fmt.Errorf("%d objects do not exist (%s%s): %w: nothing was issued", len(missing), strings.Join(shown, ", "), more, ErrMissingObject)
}

// refuseDeadOnArrival refuses a batch with a link that would already be
// dead when handed out: the server's clock is ahead by more than its life.
func (f *findings) refuseDeadOnArrival(reqs []Request, now time.Time) error {
	c := f.conds
	for _, r := range reqs {
		end := effectiveEnd(c.Creds, r.endFrom(c.SignedAt), c.Skew)
		if end.After(now) {
			continue
		}
		return fmt.Errorf("the server's clock is %s ahead of this computer's: a %s link would be expired on arrival; "+
			"nothing was issued: fix the clock (enable NTP) or ask for more than %s",
			RoughDuration(c.Skew), FormatExpiry(r.Expires), RoughDuration(c.Skew))
	}
	return nil
}
