package demo

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/rclone/gofakes3"
	"github.com/rclone/gofakes3/s3mem"
	"github.com/s3share/s3share/s3browse"
)

// Fixed demo credentials. They are not secret: the server listens on
// loopback only and holds nothing but generated pictures.
const (
	AccessKey = "S3SHARE-DEMO-KEY"
	SecretKey = "s3share-demo-secret-loopback-only"
	Region    = "us-east-1"
)

// StartOptions tune Start.
type StartOptions struct {
	// Addr is the loopback address to listen on, e.g. "127.0.0.1:9000".
	// Empty picks a free port on 127.0.0.1.
	Addr string
}

// Server is a running demo S3 server.
type Server struct {
	Endpoint  string // e.g. http://127.0.0.1:41234
	AccessKey string
	SecretKey string
	Region    string

	http *http.Server
	ln   net.Listener
	once sync.Once
	bg   sync.WaitGroup // the large picture being put after start
	err  error
}

// Start seeds an in-memory S3 server and serves it on a free port of
// 127.0.0.1. It stops when ctx is done or Close is called.
func Start(ctx context.Context) (*Server, error) {
	return StartWith(ctx, StartOptions{})
}

// StartWith is Start with options.
func StartWith(ctx context.Context, opts StartOptions) (*Server, error) {
	addr, err := loopbackAddr(opts.Addr)
	if err != nil {
		return nil, err
	}
	clock := &seedClock{}
	backend := s3mem.New(s3mem.WithTimeSource(clock))
	if err := seed(ctx, backend, clock); err != nil {
		return nil, err
	}
	ln, err := (&net.ListenConfig{}).Listen(ctx, "tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("demo server cannot listen on %s: %w (pick another port)", addr, err)
	}
	fake := gofakes3.New(backend, gofakes3.WithV4Auth(map[string]string{AccessKey: SecretKey}))
	s := &Server{
		Endpoint: "http://" + ln.Addr().String(), AccessKey: AccessKey, SecretKey: SecretKey, Region: Region,
		ln: ln,
		http: &http.Server{
			Handler:           withRegion(fake.Server()),
			ReadHeaderTimeout: 10 * time.Second,
			ErrorLog:          log.New(io.Discard, "", 0), // keep the terminal UI clean
		},
	}
	go s.http.Serve(ln) //nolint:errcheck // returns ErrServerClosed on Close
	// The 18 MB poster costs 50 ms to store (MD5 and a copy): it arrives in
	// designs/ just after start instead of delaying the first frame.
	s.bg.Go(func() { seedLarge(ctx, backend) })
	context.AfterFunc(ctx, func() { s.Close() })
	return s, nil
}

// withRegion adds the X-Amz-Bucket-Region header that AWS sends, so
// manager.GetBucketRegion (an unsigned HeadBucket) resolves demo buckets.
// gofakes3 itself sends no region.
func withRegion(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Amz-Bucket-Region", Region)
		h.ServeHTTP(w, r)
	})
}

// loopbackAddr checks that addr is on a loopback interface ("" picks a free port).
func loopbackAddr(addr string) (string, error) {
	if addr == "" {
		return "127.0.0.1:0", nil
	}
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return "", fmt.Errorf("demo address %q: want HOST:PORT such as 127.0.0.1:9000", addr)
	}
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return "", fmt.Errorf("demo address %q: the demo listens on loopback only; use 127.0.0.1:PORT", addr)
	}
	return addr, nil
}

// Close stops the server and frees its port. It is safe to call twice.
func (s *Server) Close() error {
	s.once.Do(func() {
		s.bg.Wait()
		if err := s.http.Close(); err != nil && !errors.Is(err, http.ErrServerClosed) {
			s.err = fmt.Errorf("stop demo server: %w", err)
		}
		// Serve may not have taken the listener yet: free the port now.
		_ = s.ln.Close() // already closed by s.http.Close when Serve had it
	})
	return s.err
}

// Options are the s3browse options that reach this server.
func (s *Server) Options() s3browse.Options {
	return s3browse.Options{EndpointURL: s.Endpoint, Region: s.Region, PathStyle: true}
}

// Credentials returns a static provider of the demo credentials.
func (s *Server) Credentials() aws.CredentialsProvider {
	return credentials.NewStaticCredentialsProvider(s.AccessKey, s.SecretKey, "")
}

// Config is an aws.Config with the demo region and credentials, built
// without reading the user's AWS configuration. Pair it with Options.
func (s *Server) Config() aws.Config {
	return aws.Config{Region: s.Region, Credentials: s.Credentials()}
}

// seedData generates the demo objects once per process; the backend
// copies each body, so the servers never share them.
var seedData = sync.OnceValues(SeedObjects)

// seed creates the demo buckets and puts every SeedObject through the backend.
func seed(ctx context.Context, b *s3mem.Backend, clock *seedClock) error {
	objs, err := seedData()
	if err != nil {
		return err
	}
	for _, name := range []string{PhotosBucket, ScreensBucket} {
		if err := b.CreateBucket(ctx, name); err != nil {
			return fmt.Errorf("seed demo bucket %s: %w", name, err)
		}
	}
	start := time.Now()
	defer clock.set(time.Time{})
	for _, o := range objs {
		if o.Key == LargeKey {
			continue // seedLarge puts it once the server runs
		}
		at := start.Add(-o.Age)
		clock.set(at)
		meta := map[string]string{"Content-Type": o.ContentType, "Last-Modified": at.UTC().Format(http.TimeFormat)}
		if _, err := b.PutObject(ctx, o.Bucket, o.Key, meta, bytes.NewReader(o.Body), int64(len(o.Body))); err != nil {
			return fmt.Errorf("seed demo object %s/%s: %w", o.Bucket, o.Key, err)
		}
	}
	return ctx.Err()
}

// seedLarge puts the large picture, dated now.
func seedLarge(ctx context.Context, b *s3mem.Backend) {
	objs, err := seedData()
	if err != nil {
		return // seed reported it already
	}
	for _, o := range objs {
		if o.Key == LargeKey {
			meta := map[string]string{"Content-Type": o.ContentType}
			_, _ = b.PutObject(ctx, o.Bucket, o.Key, meta, bytes.NewReader(o.Body), int64(len(o.Body))) // the demo works without it
		}
	}
}

// seedClock dates seeded objects in the past, then follows the real clock.
type seedClock struct {
	mu sync.Mutex
	at time.Time // zero: real time
}

func (c *seedClock) set(t time.Time) { c.mu.Lock(); c.at = t; c.mu.Unlock() }

// Now implements gofakes3.TimeSource.
func (c *seedClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.at.IsZero() {
		return time.Now().UTC()
	}
	return c.at
}

// Since implements gofakes3.TimeSource.
func (c *seedClock) Since(t time.Time) time.Duration { return c.Now().Sub(t) }
