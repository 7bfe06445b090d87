package s3browse

import (
	"fmt"
	"net"
	"net/url"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// CheckEndpoint validates an endpoint URL as a person types it and returns
// it without a trailing slash. A missing scheme, a path, query or user info,
// or no host gives an error wrapping ErrBadEndpoint that says what to write.
func CheckEndpoint(raw string) (string, error) {
	s := strings.TrimSpace(raw)
	if s == "" {
		return "", nil
	}
	if !strings.Contains(s, "://") {
		return "", badEndpoint(raw, fmt.Sprintf("it has no scheme: use http://%s (or https:// for TLS)", strings.TrimRight(s, "/")))
	}
	u, err := url.Parse(s)
	switch {
	case err != nil:
		return "", badEndpoint(raw, "it is not a URL: use http://HOST:PORT or https://HOST")
	case u.Scheme != "http" && u.Scheme != "https":
		return "", badEndpoint(raw, "the scheme must be http:// or https://")
	case u.Host == "" || u.Hostname() == "":
		return "", badEndpoint(raw, "it has no host: use http://HOST:PORT or https://HOST")
	case u.User != nil || u.RawQuery != "" || u.Fragment != "":
		return "", badEndpoint(raw, "give only the scheme, host and port, like https://s3.example.com")
	}
	if p := u.Port(); p != "" && !validPort(p) {
		return "", badEndpoint(raw, "the port must be a number from 1 to 65535")
	}
	return strings.TrimRight(s, "/"), nil
}

// badEndpoint builds the ErrBadEndpoint error for raw.
func badEndpoint(raw, reason string) error {
	return fmt.Errorf("%w %q: %s", ErrBadEndpoint, raw, reason)
}

// validPort reports whether p is a TCP port number.
func validPort(p string) bool {
	n := 0
	for _, c := range p {
		if c < '0' || c > '9' {
			return false
		}
		n = n*10 + int(c-'0')
		if n > 65535 {
			return false
		}
	}
	return n > 0
}

// needsPathStyle reports whether buckets at endpoint must be addressed as
// ENDPOINT/BUCKET: an IP address or a localhost name has no
// BUCKET.HOST form that resolves.
func needsPathStyle(endpoint string) bool {
	u, err := url.Parse(endpoint)
	if err != nil || u.Hostname() == "" {
		return false
	}
	host := strings.ToLower(u.Hostname())
	return net.ParseIP(host) != nil || host == "localhost" || strings.HasSuffix(host, ".localhost")
}

// effectiveEndpoint is the endpoint the SDK uses for S3 under cfg: the
// option when set, else what the configuration chain names
// (AWS_ENDPOINT_URL_S3, AWS_ENDPOINT_URL, endpoint_url in the profile),
// else "" for AWS itself. The SDK resolves the service-specific sources
// when it builds a client, so one is built (no network) to read the answer.
func effectiveEndpoint(cfg aws.Config, option string) string {
	if option != "" {
		return option
	}
	if cfg.BaseEndpoint != nil && len(cfg.ConfigSources) == 0 {
		return aws.ToString(cfg.BaseEndpoint)
	}
	return aws.ToString(s3.NewFromConfig(cfg).Options().BaseEndpoint)
}

// Endpoint returns the effective endpoint URL ("" for AWS itself): the one
// every request and presigned link of this Browser goes to.
func (b *Browser) Endpoint() string { return b.opts.EndpointURL }

// PathStyle reports whether buckets are addressed as ENDPOINT/BUCKET.
func (b *Browser) PathStyle() bool { return b.opts.PathStyle }

// At returns a Browser for another endpoint and addressing style that shares
// this one's configuration and credentials: a link is renewed or revoked
// where it was issued, whatever the current flags say. It returns b itself
// when nothing differs.
func (b *Browser) At(endpoint string, pathStyle bool) *Browser {
	pathStyle = pathStyle || needsPathStyle(endpoint)
	if endpoint == b.opts.EndpointURL && pathStyle == b.opts.PathStyle {
		return b
	}
	key := fmt.Sprintf("%t %s", pathStyle, endpoint)
	b.mu.Lock()
	defer b.mu.Unlock()
	if sib, ok := b.siblings[key]; ok {
		return sib
	}
	opts := b.opts
	opts.EndpointURL, opts.PathStyle = endpoint, pathStyle
	sib := newBrowser(b.cfg, opts)
	b.siblings[key] = sib
	return sib
}
