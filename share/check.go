package share

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/s3share/s3share/internal/userfile"
)

// Defaults of a Checker.
const (
	DefaultCheckConcurrency = 8
	DefaultProbeTimeout     = 10 * time.Second
	maxErrorBody            = 16 << 10 // an S3 error document is well under this
)

// Checker tells whether links still work: offline from the clock when it
// can, else with one ranged GET of the exact stored URL. Each probe is a
// request the bucket owner pays for and that shows in access logs.
type Checker struct {
	client      *http.Client
	concurrency int
	timeout     time.Duration
	now         func() time.Time
}

// NewChecker returns a Checker probing concurrency links at a time (0:
// DefaultCheckConcurrency), each within timeout (0: DefaultProbeTimeout);
// now is the clock (time.Now when nil).
func NewChecker(concurrency int, timeout time.Duration, now func() time.Time) *Checker {
	if concurrency <= 0 {
		concurrency = DefaultCheckConcurrency
	}
	if timeout <= 0 {
		timeout = DefaultProbeTimeout
	}
	if now == nil {
		now = time.Now
	}
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConnsPerHost = concurrency
	tr.DisableCompression = true
	if roots := caBundle(); roots != nil {
		tr.TLSClientConfig = &tls.Config{RootCAs: roots}
	}
	client := &http.Client{
		Transport: tr,
		// A redirect is an answer (301 PermanentRedirect: wrong region), not a
		// place to follow the signed URL to.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	return &Checker{client: client, concurrency: concurrency, timeout: timeout, now: now}
}

// maxCABundle is the largest CA bundle caBundle reads: the system's whole
// bundle of roots takes about 200 KiB.
const maxCABundle = 16 << 20

// caBundle is the CA bundle AWS_CA_BUNDLE names, which the SDK trusted
// when the links were signed, or nil for the system's roots (also when the
// file cannot be read, is not a regular file or is over maxCABundle: the
// probes then say what TLS made of it).
func caBundle() *x509.CertPool {
	path := os.Getenv("AWS_CA_BUNDLE")
	if path == "" {
		return nil
	}
	pem, err := userfile.ReadAll(context.Background(), path, maxCABundle)
	if err != nil {
		return nil
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pem) {
		return nil
	}
	return pool
}

// Offline returns the verdict the clock alone gives at now: revoked, or
// expired once the link's end (its signed expiry, or the credentials' end)
// has passed. ok is false when only a request can tell.
func Offline(l Link, now time.Time) (v Verdict, ok bool) {
	switch {
	case l.Revoked():
		return Verdict{Kind: VerdictRevoked, Detail: "its copy was deleted " + ago(now, l.RevokedAt), At: now}, true
	case !now.Before(l.End()):
		what := "its signed expiry passed "
		if l.End().Before(l.ExpiresAt) {
			what = "its credentials ended "
		}
		return Verdict{Kind: VerdictExpired, Detail: "offline: " + what + ago(now, l.End()), At: now}, true
	}
	return Verdict{}, false
}

// ago says "3h ago".
func ago(now, t time.Time) string { return RoughDuration(now.Sub(t)) + " ago" }

// Check gives a verdict for every link, calling each (from the calling
// goroutine, in the order verdicts arrive) with the link's index. Links the
// clock settles get no request. A cancelled ctx stops the probes: links
// not probed by then get no verdict.
func (c *Checker) Check(ctx context.Context, links []Link, each func(i int, v Verdict)) {
	type result struct {
		i int
		v Verdict
	}
	todo := make(chan int)
	results := make(chan result)
	var wg sync.WaitGroup
	for range c.concurrency {
		wg.Go(func() {
			for i := range todo {
				results <- result{i, c.Probe(ctx, links[i])}
			}
		})
	}
	go func() {
		defer close(todo)
		for i, l := range links {
			if v, ok := Offline(l, c.now()); ok {
				results <- result{i, v}
				continue
			}
			select {
			case todo <- i:
			case <-ctx.Done():
				return
			}
		}
	}()
	go func() { wg.Wait(); close(results) }()
	for r := range results {
		each(r.i, r.v)
	}
}

// Probe sends one GET with Range: bytes=0-0 to the link's exact URL and
// classifies the answer. It reads a few bytes of a working link and at most
// maxErrorBody of an error. The URL never appears in the verdict.
func (c *Checker) Probe(ctx context.Context, l Link) Verdict {
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, l.URL, nil)
	if err != nil {
		return Verdict{Kind: VerdictUnreachable, Detail: "the stored URL does not parse", At: c.now()}
	}
	req.Header.Set("Range", "bytes=0-0")
	resp, err := c.client.Do(req)
	if err != nil {
		return Verdict{Kind: VerdictUnreachable, Detail: networkDetail(err, c.timeout), At: c.now()}
	}
	defer resp.Body.Close()
	var code, message string
	if resp.StatusCode >= 300 && resp.StatusCode != http.StatusRequestedRangeNotSatisfiable {
		code, message = errorDocument(io.LimitReader(resp.Body, maxErrorBody))
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64)) // let the connection be reused
	kind := classify(resp.StatusCode, code, message)
	return Verdict{Kind: kind, Detail: answerDetail(resp.StatusCode, code, message), At: c.now()}
}

// errorDocument reads the Code and Message of an S3 error body.
func errorDocument(r io.Reader) (code, message string) {
	var doc struct {
		Code    string `xml:"Code"`
		Message string `xml:"Message"`
	}
	if err := xml.NewDecoder(r).Decode(&doc); err != nil {
		return "", ""
	}
	return strings.TrimSpace(doc.Code), strings.TrimSpace(doc.Message)
}

// networkDetail describes a failed request without its URL.
func networkDetail(err error, timeout time.Duration) string {
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	var ne net.Error
	switch {
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &ne) && ne.Timeout():
		return fmt.Sprintf("no answer within %s", timeout)
	case errors.Is(err, context.Canceled):
		return "cancelled"
	}
	return firstLineOf(err.Error(), 160)
}

// VerdictRecorder stores verdicts; *History satisfies it.
type VerdictRecorder interface {
	RecordChecks(ctx context.Context, verdicts map[int64]Verdict) error
}

// CheckAndRecord checks links with c, calls each as verdicts arrive, and
// records every verdict of a link with an id in rec (when not nil). It
// returns the verdicts by link index.
func CheckAndRecord(ctx context.Context, c *Checker, rec VerdictRecorder, links []Link, each func(i int, v Verdict)) ([]Verdict, error) {
	out := make([]Verdict, len(links))
	byID := map[int64]Verdict{}
	c.Check(ctx, links, func(i int, v Verdict) {
		out[i] = v
		if links[i].ID != 0 {
			byID[links[i].ID] = v
		}
		if each != nil {
			each(i, v)
		}
	})
	if rec == nil {
		return out, ctx.Err()
	}
	if err := rec.RecordChecks(context.WithoutCancel(ctx), byID); err != nil {
		return out, err
	}
	return out, ctx.Err()
}
