package s3browse

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
)

// tlsProblem translates a failed TLS connection into words: an https://
// endpoint that speaks plain HTTP (ErrBadEndpoint: use http://), and each
// kind of certificate the client cannot trust (ErrEndpointUnreachable). ok
// is false when err is not about TLS.
//
//lint:ignore ST1008 the first result is the error's kind (ErrBadEndpoint...), not a failure
func tlsProblem(err error) (kind error, detail string, ok bool) {
	endpoint := failedURL(err)
	if plain, yes := plainHTTP(err, endpoint); yes {
		return ErrBadEndpoint, plain, true
	}
	cert := "the TLS certificate of " + endpoint
	var unknown x509.UnknownAuthorityError
	var host x509.HostnameError
	var invalid x509.CertificateInvalidError
	switch {
	case errors.As(err, &unknown):
		return ErrEndpointUnreachable, cert + " is not signed by an authority this computer trusts (self-signed?): " +
			"add its CA to the system's trust store, or point AWS_CA_BUNDLE at a PEM file of it", true
	case errors.As(err, &host):
		return ErrEndpointUnreachable, cert + " is for " + certNames(host.Certificate) + ", not " + host.Host +
			": use a host name the certificate names in the endpoint URL", true
	case errors.As(err, &invalid):
		return ErrEndpointUnreachable, cert + " " + invalidReason(invalid), true
	}
	var verify *tls.CertificateVerificationError
	var alert tls.AlertError
	if errors.As(err, &verify) || errors.As(err, &alert) || strings.Contains(err.Error(), "tls: ") {
		return ErrEndpointUnreachable, "the TLS handshake with " + endpoint + " failed (" + tlsReason(err) +
			"): check the endpoint URL, or use http:// if the server has no TLS", true
	}
	return nil, "", false
}

// plainHTTP recognises an https:// request answered in plain HTTP.
func plainHTTP(err error, endpoint string) (string, bool) {
	var header tls.RecordHeaderError
	if !errors.Is(err, http.ErrSchemeMismatch) && !(errors.As(err, &header) && string(header.RecordHeader[:]) == "HTTP/") {
		return "", false
	}
	fix := "an http:// endpoint URL"
	if u, perr := url.Parse(endpoint); perr == nil && u.Scheme == "https" {
		fix = "http://" + u.Host
	}
	return endpoint + " answered in plain HTTP, not HTTPS: use " + fix + " as the endpoint URL", true
}

// invalidReason says why a certificate is not valid, with its dates.
func invalidReason(e x509.CertificateInvalidError) string {
	c := e.Cert
	if e.Reason == x509.Expired && c != nil {
		// The TLS verifier judged the certificate by the wall clock
		// (tls.Config.Time is not set): its verdict is explained by it too.
		if time.Now().Before(c.NotBefore) {
			return "is not valid until " + utcMinute(c.NotBefore) + ": check this computer's clock (enable NTP)"
		}
		return "expired at " + utcMinute(c.NotAfter) + ": the server must renew it (or check this computer's clock)"
	}
	return "cannot be used (" + strings.TrimPrefix(e.Error(), "x509: ") + "): check the server's certificate"
}

// certNames lists the names a certificate is for, at most three.
func certNames(c *x509.Certificate) string {
	if c == nil {
		return "other names"
	}
	names := append([]string(nil), c.DNSNames...)
	for _, ip := range c.IPAddresses {
		names = append(names, ip.String())
	}
	if len(names) == 0 && c.Subject.CommonName != "" {
		names = append(names, c.Subject.CommonName)
	}
	switch {
	case len(names) == 0:
		return "no host name"
	case len(names) > 3:
		return strings.Join(names[:3], ", ") + fmt.Sprintf(" and %d more", len(names)-3)
	}
	return strings.Join(names, ", ")
}

// tlsReason is the TLS error's own words without Go's prefixes.
func tlsReason(err error) string {
	s := oneLine(err)
	if i := strings.LastIndex(s, "tls: "); i >= 0 {
		s = s[i+len("tls: "):]
	}
	return strings.TrimPrefix(s, "x509: ")
}

// failedURL is the scheme and host of the request that failed, from the
// *url.Error the HTTP client returns, or "the endpoint".
func failedURL(err error) string {
	var ue *url.Error
	if errors.As(err, &ue) {
		if u, perr := url.Parse(ue.URL); perr == nil && u.Host != "" {
			return u.Scheme + "://" + u.Host
		}
	}
	return "the endpoint"
}

// utcMinute formats t for messages: "2026-01-02 15:04 UTC".
func utcMinute(t time.Time) string { return t.UTC().Format("2006-01-02 15:04 UTC") }

// noTLSRetry tells the retryer not to repeat a request that failed on TLS:
// a certificate or a scheme does not change between attempts.
func noTLSRetry(err error) aws.Ternary {
	if _, _, ok := tlsProblem(err); ok {
		return aws.FalseTernary
	}
	return aws.UnknownTernary
}
