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

	"github.com/s3share/s3share/presigned"
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
	env := signEnv{creds: c.Creds, now: now, skew: c.Skew}
	var links []presigned.Link
	for _, r := range reqs {
		links = append(links, presigned.Link{Warnings: env.warnings(r.Key, now.Add(r.Expires))})
	}
	return distinctWarnings(links)
}

// env is what the batch is signed under.
func (c Conditions) env() signEnv {
	return signEnv{creds: c.Creds, now: c.SignedAt, skew: c.Skew}
}

// ErrMissingObject is wrapped when an object to share does not exist.
var ErrMissingObject = errors.New("no such object")

// findings are the checks' results for one batch.
type findings struct {
	conds   Conditions
	mu      sync.Mutex
	missing []string // s3:// locations that do not exist
}

// inspect refuses a pipeline whose share prefix was refused, then checks
// every bucket once (it exists, its region, the clock) and
// every object (it exists, its size), concurrently, within checkTimeout,
// and retrieves the credentials. It fills each request's size.
func (p *Pipeline) inspect(ctx context.Context, reqs []task) (*findings, error) {
	if p.prefixErr != nil {
		return nil, p.prefixErr
	}
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
func byBucket(reqs []task) map[string][]int {
	out := map[string][]int{}
	for i, r := range reqs {
		out[r.Bucket] = append(out[r.Bucket], i)
	}
	return out
}

// inspectBucket checks bucket and its objects, all at once: one round
// trip. The bucket check and the objects' probes leave together, the probes
// signed for the region this run knows, else for the configured one. When
// this run does not know the region, the history's region cache is read
// meanwhile (so opening the history never delays the checks), and if it
// names another region the probes go again there at once rather than after
// the first ones are refused. When the bucket check learns that the bucket
// is elsewhere still, the probes the region refused go again. A HEAD cannot
// say why it was refused, so the objects are probed even when the bucket
// check fails: their GETs tell rejected credentials from a missing bucket.
func (p *Pipeline) inspectBucket(ctx context.Context, bucket string, reqs []task, idx []int, f *findings, heads chan struct{}) error {
	known := p.store.KnownRegion(bucket)
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
	probes := p.probeAll(ctx, &g, reqs, idx, heads)
	cached := known
	if known == "" && p.rec != nil {
		g.Go(func() error {
			cached = p.cachedRegion(ctx, bucket)
			if cached != "" && cached != p.store.Region() {
				probes = p.probeAll(ctx, &g, reqs, idx, heads) // the guess's answers are dropped
			}
			return nil
		})
	}
	_ = g.Wait() // the goroutines report through region, bucketErr and probes
	if region != "" && bucketErr == nil {
		p.store.SetRegion(bucket, region) // the server's answer wins over the cache's, whichever came last
		p.probeAgain(ctx, reqs, idx, probes, heads)
	}
	objectErrs := settle(reqs, idx, probes, f)
	if err := firstError(bucketErr, objectErrs); err != nil {
		return err
	}
	if region != "" && region != cached && p.rec != nil {
		_ = p.rec.RememberRegion(ctx, p.store.Endpoint(), bucket, region) // a cache: failing to fill it costs a round trip later
	}
	return nil
}

// probe is the answer to one object probe.
type probe struct {
	info  s3browse.ObjectInfo
	err   error
	fatal bool // err stops the batch
}

// probeAgain probes once more, in the region now known, the objects whose
// probe the guessed region refused, and puts the new answers in probes.
func (p *Pipeline) probeAgain(ctx context.Context, reqs []task, idx []int, probes []probe, heads chan struct{}) {
	var at, again []int // positions in idx, and request indexes
	for n, pr := range probes {
		if errors.Is(pr.err, s3browse.ErrWrongRegion) {
			at, again = append(at, n), append(again, idx[n])
		}
	}
	if len(again) == 0 {
		return
	}
	var g errgroup.Group
	redone := p.probeAll(ctx, &g, reqs, again, heads)
	_ = g.Wait() // the goroutines report through redone
	for j, n := range at {
		probes[n] = redone[j]
	}
}

// probeAll probes the objects of reqs[idx] on g and returns where each
// probe's answer will be once g is done.
func (p *Pipeline) probeAll(ctx context.Context, g *errgroup.Group, reqs []task, idx []int, heads chan struct{}) []probe {
	probes := make([]probe, len(idx))
	for n, i := range idx {
		g.Go(func() error {
			probes[n] = p.probeObject(ctx, reqs[i], heads)
			return nil
		})
	}
	return probes
}

// probeObject asks whether r's object exists, and its size and headers,
// with at most cap(heads) probes in flight. Only a missing object and the
// errors that make every link useless count: credentials the server
// rejects, an endpoint that does not answer, a missing bucket, a wrong
// region. Access denied is allowed (a policy may grant s3:GetObject on some
// keys only), and a key the server cannot even address (a "../" segment)
// is warned about, not refused.
func (p *Pipeline) probeObject(ctx context.Context, r task, heads chan struct{}) probe {
	select {
	case heads <- struct{}{}:
		defer func() { <-heads }()
	case <-ctx.Done():
		return probe{err: ctx.Err(), fatal: true}
	}
	info, err := p.store.ProbeObject(ctx, r.Bucket, r.Key)
	fatal := err != nil && (s3browse.CredentialsRejected(err) || errors.Is(err, s3browse.ErrEndpointUnreachable) ||
		errors.Is(err, s3browse.ErrNoSuchBucket) || errors.Is(err, s3browse.ErrWrongRegion) || ctx.Err() != nil)
	return probe{info: info, err: err, fatal: fatal}
}

// settle records the probes' answers: each found object's size and headers
// on its request, each missing one in f. It returns each probe's error
// that stops the batch.
func settle(reqs []task, idx []int, probes []probe, f *findings) []error {
	errs := make([]error, len(idx))
	for n, i := range idx {
		switch pr := probes[n]; {
		case pr.err == nil:
			reqs[i].head = &pr.info
		case errors.Is(pr.err, s3browse.ErrNoSuchKey):
			f.mu.Lock() // buckets settle concurrently
			f.missing = append(f.missing, s3browse.Location{Bucket: reqs[i].Bucket, Key: reqs[i].Key}.String())
			f.mu.Unlock()
		case pr.fatal:
			errs[n] = pr.err
		}
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

// cachedRegion returns bucket's region from the history's cache ("" when
// it does not know), and tells the store.
func (p *Pipeline) cachedRegion(ctx context.Context, bucket string) string {
	r, err := p.rec.CachedRegion(ctx, p.store.Endpoint(), bucket)
	if err != nil || r == "" {
		return ""
	}
	p.store.SetRegion(bucket, r)
	return r
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
func (f *findings) refuseDeadOnArrival(reqs []task, now time.Time) error {
	c := f.conds
	for _, r := range reqs {
		end := effectiveEnd(c.Creds, r.endFrom(c.SignedAt), c.Skew)
		if end.After(now) {
			continue
		}
		return fmt.Errorf("the server's clock is %s ahead of this computer's: a %s link would be expired on arrival; "+
			"nothing was issued: fix the clock (enable NTP) or ask for more than %s",
			presigned.RoughDuration(c.Skew), FormatExpiry(r.Expires), presigned.RoughDuration(c.Skew))
	}
	return nil
}
