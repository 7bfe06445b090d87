package linkcheck

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
	"strings"
	"sync"
	"time"

	"github.com/s3share/s3share/internal/userfile"
	"github.com/s3share/s3share/presigned"
)

// Defaults and limits of a Checker.
const (
	DefaultCheckConcurrency = 8
	// MaxCheckConcurrency caps the probes in flight: each holds a
	// connection, its buffers and a goroutine, and past a few dozen at once
	// one endpoint gets no faster (S3 answers with 503 SlowDown), while a
	// million asked for took gigabytes.
	MaxCheckConcurrency = 64
	DefaultProbeTimeout = 10 * time.Second
	maxErrorBody        = 4 << 10 // where an S3 error document's Code and Message are, with room to spare
	maxWorkingBody      = 16      // a working link's body is read (to reuse the connection) when this short: 1 byte for Range 0-0
)

// UserAgentPrefix starts the User-Agent every probe sends (UserAgent), so
// that the bucket's access logs tell s3share's own checks from the
// recipients' opens.
const UserAgentPrefix = "s3share-check/"

// UserAgent is the User-Agent of a probe.
const UserAgent = UserAgentPrefix + "1"

// Checker tells whether links still work: offline from the clock when it
// can, else with one ranged GET of the exact stored URL. Each probe is a
// request the bucket owner pays for and that shows in access logs.
type Checker struct {
	client      *http.Client
	transport   *http.Transport
	concurrency int
	timeout     time.Duration
	now         func() time.Time
	head        ObjectHead // checks teammates' links; nil: they are not checked
}

// NewChecker returns a Checker probing concurrency links at a time (0:
// DefaultCheckConcurrency; at most MaxCheckConcurrency), each within
// timeout (0: DefaultProbeTimeout); now is the clock (time.Now when nil).
// A check of n links takes at most ceil(n/concurrency) timeouts.
func NewChecker(concurrency int, timeout time.Duration, now func() time.Time) *Checker {
	if concurrency <= 0 {
		concurrency = DefaultCheckConcurrency
	}
	concurrency = min(concurrency, MaxCheckConcurrency)
	if timeout <= 0 {
		timeout = DefaultProbeTimeout
	}
	if now == nil {
		now = time.Now
	}
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConnsPerHost = concurrency
	tr.DisableCompression = true
	client := &http.Client{
		Transport: tr,
		// A redirect is an answer (301 PermanentRedirect: wrong region), not a
		// place to follow the signed URL to.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	return &Checker{client: client, transport: tr, concurrency: concurrency, timeout: timeout, now: now}
}

// TrustCABundle makes c trust the CA bundle at path (AWS_CA_BUNDLE, which
// the SDK trusted when the links were signed) instead of the system's
// roots, and returns c. "" keeps the system's roots; so does a file that
// cannot be read, is not a regular file or is over maxCABundle: the probes
// then say what TLS made of the server.
func (c *Checker) TrustCABundle(path string) *Checker {
	if roots := caBundle(path); roots != nil {
		c.transport.TLSClientConfig = &tls.Config{RootCAs: roots}
	}
	return c
}

// maxCABundle is the largest CA bundle caBundle reads: the system's whole
// bundle of roots takes about 200 KiB.
const maxCABundle = 16 << 20

// caBundle reads the CA bundle at path, or returns nil for the system's
// roots.
func caBundle(path string) *x509.CertPool {
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
func Offline(l presigned.Link, now time.Time) (v presigned.Verdict, ok bool) {
	switch {
	case l.Revoked():
		return presigned.Verdict{Kind: presigned.VerdictRevoked, Detail: "its copy was deleted " + ago(now, l.RevokedAt), At: now}, true
	case !now.Before(l.End()):
		what := "its signed expiry passed "
		if l.End().Before(l.ExpiresAt) {
			what = "its credentials ended "
		}
		return presigned.Verdict{Kind: presigned.VerdictExpired, Detail: "offline: " + what + ago(now, l.End()), At: now}, true
	}
	return presigned.Verdict{}, false
}

// ago says "3h ago".
func ago(now, t time.Time) string { return presigned.RoughDuration(now.Sub(t)) + " ago" }

// Check gives a verdict for every link, calling each (from the calling
// goroutine, in the order verdicts arrive) with the link's index. Links the
// clock settles get no request. A cancelled ctx stops the probes: links
// not probed by then get no verdict.
func (c *Checker) Check(ctx context.Context, links []presigned.Link, each func(i int, v presigned.Verdict)) {
	type result struct {
		i int
		v presigned.Verdict
	}
	todo := make(chan int)
	results := make(chan result)
	var wg sync.WaitGroup
	for range min(c.concurrency, len(links)) {
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
// classifies the answer; a URL that does not go to the link's recorded
// endpoint is not sent (VerdictWrongHost). The timeout covers the whole
// exchange: connecting, the headers and the few bytes read, at most
// maxErrorBody of an error document (up to its Code and Message) and
// maxWorkingBody of a working link; the rest is never waited for, so a
// server that drips its answer cannot hold the probe. The URL never
// appears in the verdict.
func (c *Checker) Probe(ctx context.Context, l presigned.Link) presigned.Verdict {
	if l.FromTeam {
		return c.probeTeammate(ctx, l)
	}
	if err := probeTarget(l); err != nil {
		return presigned.Verdict{Kind: presigned.VerdictWrongHost, Detail: "not checked: " + err.Error(), At: c.now()}
	}
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, l.URL, nil)
	if err != nil {
		return presigned.Verdict{Kind: presigned.VerdictUnreachable, Detail: "the stored URL does not parse", At: c.now()}
	}
	req.Header.Set("Range", "bytes=0-0")
	req.Header.Set("User-Agent", UserAgent)
	resp, err := c.client.Do(req)
	if err != nil {
		return presigned.Verdict{Kind: presigned.VerdictUnreachable, Detail: networkDetail(err, c.timeout), At: c.now()}
	}
	defer resp.Body.Close() // hangs up on whatever was not read
	var code, message string
	if resp.StatusCode >= 300 && resp.StatusCode != http.StatusRequestedRangeNotSatisfiable {
		code, message = errorDocument(io.LimitReader(resp.Body, maxErrorBody))
	}
	kind, detail := classify(resp.StatusCode, code, message), answerDetail(resp.StatusCode, code, message)
	if resp.StatusCode == http.StatusOK || resp.StatusCode == http.StatusPartialContent {
		if media, what := unexpectedContent(l, resp.StatusCode, resp.Header); what != "" {
			kind, detail = presigned.VerdictWrongContent, fmt.Sprintf("%d %s: %s", resp.StatusCode, media, what)
		}
		if resp.ContentLength >= 0 && resp.ContentLength <= maxWorkingBody {
			_, _ = io.Copy(io.Discard, resp.Body) // read to the end, so the connection is reused
		}
	}
	return presigned.Verdict{Kind: kind, Detail: detail, At: c.now()}
}

// errorDocument reads the Code and Message of an S3 error body, and no
// further than it needs: it stops once both have ended (or the document,
// or r). What it read before r failed (a deadline) is kept.
func errorDocument(r io.Reader) (code, message string) {
	d := xml.NewDecoder(r)
	var field *string
	var codeDone, messageDone bool
	depth := 0
	for !codeDone || !messageDone {
		tok, err := d.Token()
		if err != nil {
			break
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			field = nil
			if depth == 2 && t.Name.Local == "Code" {
				field = &code
			} else if depth == 2 && t.Name.Local == "Message" {
				field = &message
			}
		case xml.CharData:
			if field != nil {
				*field += string(t)
			}
		case xml.EndElement:
			codeDone = codeDone || field == &code
			messageDone = messageDone || field == &message
			depth--
			field = nil
			if depth == 0 {
				codeDone, messageDone = true, true
			}
		}
	}
	return strings.TrimSpace(code), strings.TrimSpace(message)
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
	RecordChecks(ctx context.Context, verdicts map[int64]presigned.Verdict) error
}

// CheckAndRecord checks links with c, calls each as verdicts arrive, and
// records every verdict of a link with an id in rec (when not nil). It
// returns the verdicts by link index.
func CheckAndRecord(ctx context.Context, c *Checker, rec VerdictRecorder, links []presigned.Link, each func(i int, v presigned.Verdict)) ([]presigned.Verdict, error) {
	out := make([]presigned.Verdict, len(links))
	byID := map[int64]presigned.Verdict{}
	c.Check(ctx, links, func(i int, v presigned.Verdict) {
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
