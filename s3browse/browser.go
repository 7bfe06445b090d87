package s3browse

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/smithy-go/logging"

	"github.com/s3share/s3share/internal/interrupt"
)

// DefaultRegion is used when neither the options nor the configuration
// chain name a region.
const DefaultRegion = "us-east-1"

const (
	maxAttempts   = 3                // SDK attempts per call, first try included
	dialTimeout   = 5 * time.Second  // TCP connect bound per attempt
	headerTimeout = 20 * time.Second // bound on waiting for a response's headers, per attempt
)

// Browser lists buckets and folders and presigns GETs through per-region S3
// clients built from one AWS configuration. It is safe for concurrent use.
type Browser struct {
	cfg  aws.Config
	opts Options

	mu         sync.Mutex
	listed     bool // ListBuckets has filled regions once
	regions    map[string]string
	clients    map[string]*s3.Client
	presigners map[string]*s3.PresignClient
	v4         *v4.Signer          // signs presigned URLs at the caller's time
	siblings   map[string]*Browser // other endpoints, see At
}

// New loads the standard AWS configuration chain with the overrides in opts.
// It makes no network call: credentials are resolved on first use. An
// endpoint that is not a usable URL, from the options or the configuration
// chain, gives an error wrapping ErrBadEndpoint. When ctx ends while the
// configuration files are still being read, New returns ctx's error.
func New(ctx context.Context, opts Options) (*Browser, error) {
	endpoint, err := CheckEndpoint(opts.EndpointURL)
	if err != nil {
		return nil, err
	}
	opts.EndpointURL = endpoint
	var fns []func(*config.LoadOptions) error
	if opts.Profile != "" {
		fns = append(fns, config.WithSharedConfigProfile(opts.Profile))
	}
	if opts.Region != "" {
		fns = append(fns, config.WithRegion(opts.Region))
	}
	fns = append(fns,
		config.WithHTTPClient(httpClient()),
		config.WithRetryer(boundedRetryer),
		config.WithLogger(logging.Nop{}), // the SDK's warnings would break one-line errors
	)
	// The SDK reads the shared config and credentials files (AWS_CONFIG_FILE
	// may name a FIFO) without watching ctx: ctrl+c must still end the wait.
	cfg, err := interrupt.Wait(ctx, func() (aws.Config, error) { return config.LoadDefaultConfig(ctx, fns...) })
	if ctx.Err() != nil && errors.Is(err, ctx.Err()) {
		return nil, err
	}
	if err != nil {
		return nil, &Error{Op: "LoadConfig", Kind: ErrNoCredentials, Err: err,
			detail: "cannot load AWS configuration: " + oneLine(err) + ": check the profile and ~/.aws/config"}
	}
	if opts.EndpointURL == "" {
		// From AWS_ENDPOINT_URL_S3, AWS_ENDPOINT_URL or the profile: it is
		// checked like the flag and recorded with every link.
		if opts.EndpointURL, err = CheckEndpoint(effectiveEndpoint(cfg, "")); err != nil {
			return nil, fmt.Errorf("%w (from AWS_ENDPOINT_URL_S3, AWS_ENDPOINT_URL or endpoint_url in the profile)", err)
		}
	}
	return NewFromConfig(cfg, opts), nil
}

// NewFromConfig builds a Browser from an existing configuration. opts.Region
// overrides cfg.Region; an empty region becomes DefaultRegion. A missing HTTP
// client or retryer gets the bounded defaults New uses.
func NewFromConfig(cfg aws.Config, opts Options) *Browser {
	if opts.Region != "" {
		cfg.Region = opts.Region
	}
	if cfg.Region == "" {
		cfg.Region = DefaultRegion
	}
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = httpClient()
	}
	if cfg.Retryer == nil {
		cfg.Retryer = boundedRetryer
	}
	opts.EndpointURL = strings.TrimRight(effectiveEndpoint(cfg, opts.EndpointURL), "/")
	return newBrowser(cfg, opts)
}

// newBrowser builds a Browser for a final configuration and options.
func newBrowser(cfg aws.Config, opts Options) *Browser {
	opts.PathStyle = opts.PathStyle || needsPathStyle(opts.EndpointURL)
	return &Browser{
		cfg:        cfg,
		opts:       opts,
		regions:    map[string]string{},
		clients:    map[string]*s3.Client{},
		presigners: map[string]*s3.PresignClient{},
		v4:         newS3Signer(),
		siblings:   map[string]*Browser{},
	}
}

// httpClient is the SDK's client with a short dial timeout, so an
// unreachable endpoint fails in seconds rather than half a minute, and a
// bound on waiting for headers, so a server that accepts and never answers
// does not hang a command without a deadline.
func httpClient() *awshttp.BuildableClient {
	return awshttp.NewBuildableClient().WithDialerOptions(func(d *net.Dialer) {
		d.Timeout = dialTimeout
	}).WithTransportOptions(func(tr *http.Transport) {
		tr.ResponseHeaderTimeout = headerTimeout
	})
}

// boundedRetryer is the SDK's standard retryer limited to maxAttempts. It
// also retries answers cut short (unexpected EOF while decoding): every call
// s3share makes is a read, so repeating one is safe. TLS failures are not
// retried: a certificate does not change between attempts.
func boundedRetryer() aws.Retryer {
	std := retry.NewStandard(func(o *retry.StandardOptions) {
		o.Retryables = append([]retry.IsErrorRetryable{retry.IsErrorRetryableFunc(noTLSRetry)},
			append(o.Retryables, retry.IsErrorRetryableFunc(cutShort))...)
	})
	return retry.AddWithMaxAttempts(std, maxAttempts)
}

// cutShort marks a response body that ended early as retryable.
func cutShort(err error) aws.Ternary {
	if errors.Is(err, io.ErrUnexpectedEOF) {
		return aws.TrueTernary
	}
	return aws.UnknownTernary
}

// Region returns the default region used for calls that are not tied to a bucket.
func (b *Browser) Region() string { return b.cfg.Region }

// Describe names where the Browser points, for status bars:
// "profile work · eu-west-1" or "endpoint http://127.0.0.1:9000".
func (b *Browser) Describe() string {
	if b.opts.EndpointURL != "" {
		return "endpoint " + b.opts.EndpointURL
	}
	return "profile " + b.profile() + " · " + b.cfg.Region
}

// profile is the profile in use: the option, else AWS_PROFILE, else "default".
func (b *Browser) profile() string {
	if b.opts.Profile != "" {
		return b.opts.Profile
	}
	if b.opts.DefaultProfile != "" {
		return b.opts.DefaultProfile
	}
	return "default"
}

// Credentials retrieves the current credentials (this may take a few seconds
// when nothing is configured and the SDK probes instance metadata).
func (b *Browser) Credentials(ctx context.Context) (aws.Credentials, error) {
	if b.cfg.Credentials == nil {
		return aws.Credentials{}, &Error{Op: "Credentials", Kind: ErrNoCredentials, detail: noCreds}
	}
	creds, err := b.cfg.Credentials.Retrieve(ctx)
	if err != nil {
		kind, detail := credentialKind(err)
		if ctx.Err() != nil {
			kind, detail = nil, "canceled"
		}
		return aws.Credentials{}, &Error{Op: "Credentials", Kind: kind, Err: err, detail: detail}
	}
	return creds, nil
}

// client returns the cached S3 client for region.
func (b *Browser) client(region string) *s3.Client {
	b.mu.Lock()
	defer b.mu.Unlock()
	if c, ok := b.clients[region]; ok {
		return c
	}
	c := s3.NewFromConfig(b.cfg, func(o *s3.Options) {
		o.Region = region
		if b.opts.EndpointURL != "" {
			o.BaseEndpoint = aws.String(b.opts.EndpointURL)
		}
		o.UsePathStyle = o.UsePathStyle || b.opts.PathStyle
		o.APIOptions = append(o.APIOptions, boundListing)
		// Otherwise presigned GETs carry x-amz-checksum-mode=ENABLED: a longer
		// link for no gain to the person who opens it.
		o.ResponseChecksumValidation = aws.ResponseChecksumValidationWhenRequired
	})
	b.clients[region] = c
	return c
}

// now reads the clock of the options.
func (b *Browser) now() time.Time {
	if b.opts.Now == nil {
		return time.Now()
	}
	return b.opts.Now()
}

// presigner returns the cached presign client for region.
func (b *Browser) presigner(region string) *s3.PresignClient {
	c := b.client(region)
	b.mu.Lock()
	defer b.mu.Unlock()
	if p, ok := b.presigners[region]; ok {
		return p
	}
	p := s3.NewPresignClient(c)
	b.presigners[region] = p
	return p
}
