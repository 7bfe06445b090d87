package s3browse

import (
	"context"
	"errors"
	"io"
	"net/http"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// RaceCreate sends n create-only PUTs of in (CreateObject) at the same
// moment and returns how many the server accepted: 1 where creates are
// atomic. The losers must answer ErrExists or ErrConflict; any other
// answer is returned as the error.
//
// The race is made deterministic rather than left to the luck of timing:
// every request announces its body (Expect: 100-continue) and holds it
// back until each of the n has either been asked for its body or been
// answered. A server that checks If-None-Match when the headers arrive
// and writes once the body has (not atomically) lets them all win.
func (b *Browser) RaceCreate(ctx context.Context, in PutInput, n int) (int, error) {
	if n < 2 {
		return 0, &Error{Op: "PutObject", Bucket: in.Bucket, Key: in.Key, detail: "a race needs at least two writers"}
	}
	region, err := b.BucketRegion(ctx, in.Bucket)
	if err != nil {
		return 0, err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	gate := newBarrier(n)
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Go(func() {
			racer := &gatedClient{gate: gate}
			_, errs[i] = b.client(region).PutObject(ctx, createInput(in), func(o *s3.Options) {
				racer.base = o.HTTPClient
				o.HTTPClient = racer
				o.ContinueHeaderThresholdBytes = 1
			})
			racer.arrive() // answered without being asked for the body
		})
	}
	wg.Wait()
	return raceOutcome(b, in, errs)
}

// raceOutcome counts the winners; an answer other than a lost race is
// the error.
func raceOutcome(b *Browser, in PutInput, errs []error) (int, error) {
	wins := 0
	for _, err := range errs {
		if err == nil {
			wins++
			continue
		}
		err = conditionalError(in.Bucket, in.Key, err, ErrExists)
		if !errors.Is(err, ErrExists) && !errors.Is(err, ErrConflict) {
			return wins, b.regionAware("PutObject", in.Bucket, in.Key, err)
		}
	}
	return wins, nil
}

// createInput is the PutObject of a create-only write of in.
func createInput(in PutInput) *s3.PutObjectInput {
	put := putObjectInput(in)
	put.IfNoneMatch = aws.String("*")
	return put
}

// barrier releases everyone once n have arrived.
type barrier struct {
	mu      sync.Mutex
	waiting int
	open    chan struct{}
}

func newBarrier(n int) *barrier { return &barrier{waiting: n, open: make(chan struct{})} }

// arrive counts one arrival and opens the barrier with the last.
func (b *barrier) arrive() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.waiting--
	if b.waiting == 0 {
		close(b.open)
	}
}

// gatedClient sends one racer's requests, holding each body back until
// the barrier opens. A racer arrives once, however many attempts it makes.
type gatedClient struct {
	base s3.HTTPClient
	gate *barrier
	once sync.Once
}

// arrive counts the racer at the barrier (once).
func (g *gatedClient) arrive() { g.once.Do(g.gate.arrive) }

// Do sends r with its body gated.
func (g *gatedClient) Do(r *http.Request) (*http.Response, error) {
	// The transport waits for "100 Continue" only from requests that say
	// they are HTTP/1.1; the SDK's requests leave the version unset.
	r.ProtoMajor, r.ProtoMinor = 1, 1
	if r.Body != nil && r.Body != http.NoBody {
		r.Body = &gatedBody{ReadCloser: r.Body, racer: g, done: r.Context().Done()}
	}
	return g.base.Do(r)
}

// gatedBody waits at the barrier before its first read.
type gatedBody struct {
	io.ReadCloser
	racer  *gatedClient
	done   <-chan struct{}
	passed bool
}

// Read arrives at the barrier, waits for it to open, then reads.
func (g *gatedBody) Read(p []byte) (int, error) {
	if !g.passed {
		g.racer.arrive()
		select {
		case <-g.racer.gate.open:
		case <-g.done:
			return 0, context.Canceled
		}
		g.passed = true
	}
	return g.ReadCloser.Read(p)
}
