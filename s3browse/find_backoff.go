package s3browse

import (
	"context"
	"errors"
	"io"
	"math/rand/v2"
	"net/http"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/ratelimit"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// Retries on top of the SDK's own (maxAttempts per call). A search sends
// hundreds of requests, so one that still fails after the SDK's attempts
// is tried again before the whole search gives up: after a throttle the
// whole find pauses (503 SlowDown means the request rate is too high),
// after another transient failure only that request waits.
const (
	slowDownBase  = 50 * time.Millisecond
	slowDownCap   = 5 * time.Second
	slowDownShift = 7  // slowDownBase << 7 is past slowDownCap
	maxSlowDowns  = 10 // throttled calls of one request before Find gives up
	maxTransient  = 2  // other failed calls (each of maxAttempts) before it gives up
)

// list sends one listing request, waiting out any pause the find is in,
// pausing it when the server answers 503 SlowDown (or another throttle),
// and trying again after answers cut short, resets and 5xx.
func (f *finder) list(ctx context.Context, in *s3.ListObjectsV2Input) (*s3.ListObjectsV2Output, error) {
	for attempt := 0; ; attempt++ {
		if err := f.gate.wait(ctx); err != nil {
			return nil, err
		}
		out, err := listObjectsV2(ctx, f.client, in, fastListing)
		switch {
		case err == nil || ctx.Err() != nil:
			return out, err
		case throttled(err) && attempt < maxSlowDowns:
			f.gate.hold(backoff(attempt))
		case transient(err) && attempt < maxTransient:
			if err := sleep(ctx, backoff(attempt)); err != nil {
				return nil, err
			}
		default:
			return out, err
		}
	}
}

// sleep waits d, or returns ctx's error first.
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// transient reports a failure worth another try: what the SDK's retryer
// retries (resets, 5xx, timeouts) and answers cut short.
func transient(err error) bool {
	if errors.Is(err, io.ErrUnexpectedEOF) {
		return true
	}
	return retry.IsErrorRetryables(retry.DefaultRetryables).IsErrorRetryable(err) == aws.TrueTernary
}

// gate holds every request of a find until a moment after a refusal.
type gate struct {
	mu    sync.Mutex
	until time.Time
}

// wait returns once the gate is open, or ctx's error.
func (g *gate) wait(ctx context.Context) error {
	g.mu.Lock()
	d := time.Until(g.until)
	g.mu.Unlock()
	if d <= 0 {
		return nil
	}
	return sleep(ctx, d)
}

// hold closes the gate for d from now, unless it is closed for longer.
func (g *gate) hold(d time.Duration) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if u := time.Now().Add(d); u.After(g.until) {
		g.until = u
	}
}

// backoff is the pause after the attempt-th refusal in a row: exponential,
// capped, with jitter so the paused requests do not return together.
func backoff(attempt int) time.Duration {
	d := min(slowDownBase<<min(attempt, slowDownShift), slowDownCap)
	return d/2 + rand.N(d/2+1)
}

// throttled reports an answer that asks the client to slow down: a
// throttling code (SlowDown...), a 503 or 429, or the SDK's retry quota
// spent on such answers.
func throttled(err error) bool {
	var quota ratelimit.QuotaExceededError
	if errors.As(err, &quota) {
		return true
	}
	var re *awshttp.ResponseError
	if errors.As(err, &re) {
		if s := re.HTTPStatusCode(); s == http.StatusServiceUnavailable || s == http.StatusTooManyRequests {
			return true
		}
	}
	return retry.IsErrorThrottles(retry.DefaultThrottles).IsErrorThrottle(err) == aws.TrueTernary
}
