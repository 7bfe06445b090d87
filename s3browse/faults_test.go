package s3browse_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/aws/smithy-go"

	"github.com/s3share/s3share/internal/faultproxy"
	"github.com/s3share/s3share/internal/testsrv"
	"github.com/s3share/s3share/s3browse"
)

// generous bounds a call that must return; it is not a timing assertion.
const generous = 2 * time.Minute

// proxied starts gofakes3 with a bucket behind a fault proxy and returns a
// Browser that talks to the proxy.
func proxied(t *testing.T) (*faultproxy.Proxy, *s3browse.Browser, *testsrv.Server) {
	t.Helper()
	srv := testsrv.Fake(t)
	srv.CreateBucket(t, "photos")
	srv.Put(t, "photos", "a.png", []byte("png"))
	p := faultproxy.New(t, srv.Endpoint)
	opts := srv.Options()
	opts.EndpointURL = p.URL
	return p, s3browse.NewFromConfig(srv.Config(), opts), srv
}

// checkClean fails when an error message is not one line or leaks secrets,
// signatures or query strings.
func checkClean(t *testing.T, err error) {
	t.Helper()
	msg := err.Error()
	for _, bad := range []string{"\n", testsrv.SecretKey, "X-Amz-Signature", "?", "goroutine"} {
		if strings.Contains(msg, bad) {
			t.Errorf("error message contains %q: %s", bad, msg)
		}
	}
}

// retryableFaults are the faults the SDK retryer must handle.
var retryableFaults = map[string]faultproxy.Fault{
	"reset": faultproxy.Reset, "500": faultproxy.Status500,
	"503 SlowDown": faultproxy.SlowDown, "truncated": faultproxy.Truncate,
}

// faultyListing lists "photos" through a proxy that injects f once, or on
// every request when always is set, and returns the number of requests
// the listing made and its error.
func faultyListing(t *testing.T, f faultproxy.Fault, always bool) (int, error) {
	p, b, _ := proxied(t)
	ctx, cancel := context.WithTimeout(context.Background(), generous)
	defer cancel()
	if _, err := b.BucketRegion(ctx, "photos"); err != nil {
		t.Fatal(err)
	}
	before := p.Requests()
	if always {
		p.Always(f)
	} else {
		p.Next(f)
	}
	_, err := b.ListPage(ctx, "photos", "", "")
	return p.Requests() - before, err
}

func TestTransientFaultsAreRetried(t *testing.T) {
	for name, f := range retryableFaults {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			n, err := faultyListing(t, f, false)
			if err != nil {
				t.Fatalf("one %s was not retried: %v", name, err)
			}
			if n < 2 {
				t.Errorf("%s: %d request(s), want the fault and a retry", name, n)
			}
		})
	}
}

func TestPersistentFaultsGiveOneLine(t *testing.T) {
	for name, f := range retryableFaults {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			n, err := faultyListing(t, f, true)
			if err == nil {
				t.Fatalf("persistent %s: no error", name)
			}
			checkClean(t, err)
			// 3 SDK attempts; net/http itself may resend once on a reused
			// connection that was reset.
			if n < 2 || n > 4 {
				t.Errorf("persistent %s: %d attempts, want 2..4 (retried, bounded)", name, n)
			}
		})
	}
}

func TestSlowRequestSucceedsAndCancels(t *testing.T) {
	p, b, _ := proxied(t)
	p.Next(faultproxy.Latency) // 2 s
	if _, err := b.ListPage(context.Background(), "photos", "", ""); err != nil {
		t.Fatalf("a 2 s answer failed: %v", err)
	}
	p.SetDelay(time.Hour)
	p.Always(faultproxy.Latency)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	before := p.Requests()
	go func() { _, err := b.ListPage(ctx, "photos", "", ""); done <- err }()
	for p.Requests() == before { // cancel only once the request is held at the proxy
		time.Sleep(5 * time.Millisecond)
	}
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("canceled listing: %v, want context.Canceled", err)
		}
		checkClean(t, err)
	case <-time.After(generous):
		t.Fatal("a canceled listing did not return")
	}
}

func TestUnreachableEndpointsAreNamed(t *testing.T) {
	const down = "http://127.0.0.1:1" // nothing listens on port 1; a freed port could be taken again
	p, _, srv := proxied(t)
	p.SetDelay(time.Hour)
	p.Always(faultproxy.Latency)
	cases := []struct {
		name, endpoint, says string
		timeout              time.Duration
	}{
		{"down", down, down, generous},
		{"dns", "http://nonexistent.invalid:9000", "nonexistent.invalid", generous},
		{"timeout", p.URL, p.URL, time.Second},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			opts := srv.Options()
			opts.EndpointURL = tc.endpoint
			b := s3browse.NewFromConfig(srv.Config(), opts)
			ctx, cancel := context.WithTimeout(context.Background(), tc.timeout)
			defer cancel()
			_, err := b.ListBuckets(ctx)
			if err == nil || !strings.Contains(err.Error(), tc.says) {
				t.Fatalf("error %v does not name %s", err, tc.says)
			}
			if tc.name != "timeout" && !errors.Is(err, s3browse.ErrEndpointUnreachable) {
				t.Errorf("error %v is not ErrEndpointUnreachable", err)
			}
			checkClean(t, err)
			t.Log(err)
		})
	}
}

func TestErrorsHideQueries(t *testing.T) {
	const signed = "http://127.0.0.1:9000/photos/a.png?X-Amz-Credential=AKTEST&X-Amz-Signature=0123abcd"
	errs := []error{
		errors.New(`Get "` + signed + `": something odd`),
		errors.New("weird failure at " + signed + " then more\nsecond line"),
		&smithyError{"Odd", "see " + signed},
	}
	for _, err := range errs {
		got := s3browse.MapError("GetObject", "photos", "a.png", err)
		checkClean(t, got)
		if strings.Contains(got.Error(), "X-Amz") {
			t.Errorf("query string in %q", got)
		}
	}
}

// smithyError is a minimal smithy.APIError.
type smithyError struct{ code, msg string }

func (e *smithyError) Error() string                 { return e.code + ": " + e.msg }
func (e *smithyError) ErrorCode() string             { return e.code }
func (e *smithyError) ErrorMessage() string          { return e.msg }
func (e *smithyError) ErrorFault() smithy.ErrorFault { return smithy.FaultServer }
