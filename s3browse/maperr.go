package s3browse

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"regexp"
	"strings"

	"github.com/aws/aws-sdk-go-v2/credentials/ssocreds"
	"github.com/aws/aws-sdk-go-v2/feature/s3/manager"
	"github.com/aws/smithy-go"
)

// mapError wraps an SDK error into an *Error with a kind and a one-line,
// actionable message. nil stays nil; an *Error is returned as is.
func mapError(op, bucket, key string, err error) error {
	if err == nil {
		return nil
	}
	var already *Error
	if errors.As(err, &already) {
		return err
	}
	e := &Error{Op: op, Bucket: bucket, Key: key, Err: err}
	e.Kind, e.detail = classify(op, bucket, key, err)
	return e
}

// classify picks the kind and the message for err, most specific first.
//
//lint:ignore ST1008 the first result is the error's kind (ErrNoSuchBucket...), not a failure
func classify(op, bucket, key string, err error) (error, string) {
	switch {
	case errors.Is(err, context.Canceled):
		return nil, "canceled"
	case errors.Is(err, context.DeadlineExceeded):
		return nil, "timed out: try again or raise the timeout"
	case isCredentialError(err):
		return credentialKind(err)
	}
	if kind, detail := classifyAPI(op, bucket, key, err); kind != nil || detail != "" {
		return kind, detail
	}
	if kind, detail, ok := tlsProblem(err); ok {
		return kind, detail
	}
	if endpoint, ok := unreachable(err); ok {
		return ErrEndpointUnreachable, fmt.Sprintf(
			"cannot reach %s: check the endpoint URL and the network", endpoint)
	}
	var nf manager.BucketNotFound
	if errors.As(err, &nf) {
		return ErrNoSuchBucket, noSuchBucket
	}
	return nil, ""
}

const (
	noSuchBucket = "no such bucket: check the name, the profile and the endpoint"
	noSuchKey    = "no such object: check the key (it may have been deleted)"
	noCreds      = "no credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, choose a profile (AWS_PROFILE) " +
		"or run aws configure (aws sso login for SSO); an S3-compatible server needs its own access keys, set the same way"
	expiredCreds = "credentials expired: refresh them (aws sso login, or assume the role again)"
)

// classifyAPI maps S3 error codes (and bodiless HEAD statuses).
//
//lint:ignore ST1008 the first result is the error's kind (ErrNoSuchBucket...), not a failure
func classifyAPI(op, bucket, key string, err error) (error, string) {
	var api smithy.APIError
	if !errors.As(err, &api) {
		return nil, ""
	}
	code, msg := api.ErrorCode(), api.ErrorMessage()
	switch code {
	case "NoSuchBucket":
		return ErrNoSuchBucket, noSuchBucket
	case "NoSuchKey":
		return ErrNoSuchKey, noSuchKey
	case "NotFound":
		if key != "" && op != "HeadBucket" {
			return ErrNoSuchKey, noSuchKey
		}
		return ErrNoSuchBucket, noSuchBucket
	case "AccessDenied", "Forbidden", "AllAccessDisabled":
		return ErrAccessDenied, "access denied: check the IAM policy for " + action(op)
	case "InvalidAccessKeyId", "XAdminUserNotFound":
		return ErrAccessDenied, "access key not recognised (InvalidAccessKeyId): check AWS_ACCESS_KEY_ID or the profile's credentials"
	case "SignatureDoesNotMatch":
		return ErrAccessDenied, "signature rejected (SignatureDoesNotMatch): check the secret access key"
	case "ExpiredToken", "TokenRefreshRequired", "InvalidToken":
		return ErrCredentialsExpired, expiredCreds
	case "AuthorizationHeaderMalformed", "PermanentRedirect", "IncorrectEndpoint", "MovedPermanently", "Moved Permanently", "301":
		return ErrWrongRegion, wrongRegion(msg)
	}
	if strings.Contains(msg, "region") && strings.Contains(msg, "is wrong") {
		return ErrWrongRegion, wrongRegion(msg)
	}
	return nil, code + ": " + stripQueries(firstLine(msg))
}

var expecting = regexp.MustCompile(`expecting ['"]([a-z0-9-]+)['"]`)

// wrongRegion builds the wrong-region message, naming the right region
// when the server said which.
func wrongRegion(msg string) string {
	if m := expecting.FindStringSubmatch(msg); m != nil {
		return "wrong region: the bucket is in " + m[1] + "; try again (the region is re-resolved) or name the region " + m[1]
	}
	return "wrong region: the bucket is in another region; try again (the region is re-resolved) or name the bucket's region"
}

// action names the IAM action an operation needs.
func action(op string) string {
	switch op {
	case "ListBuckets":
		return "s3:ListAllMyBuckets"
	case "GetObject", "HeadObject", "PresignGet":
		return "s3:GetObject"
	case "PutObject":
		return "s3:PutObject"
	case "DeleteObject", "DeleteObjects":
		return "s3:DeleteObject"
	case "GetBucketLogging":
		return "s3:GetBucketLogging"
	}
	return "s3:ListBucket"
}

// isCredentialError reports whether err happened while resolving credentials.
func isCredentialError(err error) bool {
	s := err.Error()
	return strings.Contains(s, "get identity:") ||
		strings.Contains(s, "failed to refresh cached credentials") ||
		strings.Contains(s, "static credentials are empty") ||
		strings.Contains(s, "no EC2 IMDS role found")
}

// credentialKind separates expired credentials from missing ones.
//
//lint:ignore ST1008 the first result is the error's kind (ErrNoSuchBucket...), not a failure
func credentialKind(err error) (error, string) {
	var sso *ssocreds.InvalidTokenError
	if errors.As(err, &sso) {
		return ErrCredentialsExpired, expiredCreds
	}
	var api smithy.APIError
	if errors.As(err, &api) && api.ErrorCode() == "ExpiredToken" {
		return ErrCredentialsExpired, expiredCreds
	}
	if s := err.Error(); strings.Contains(s, "expired") && strings.Contains(s, "token") {
		return ErrCredentialsExpired, expiredCreds
	}
	return ErrNoCredentials, noCreds
}

// unreachable reports a dial, DNS or connection failure and the endpoint
// (scheme and host, never the path or query) that could not be reached.
func unreachable(err error) (string, bool) {
	var dns *net.DNSError
	var op *net.OpError
	isNet := errors.As(err, &dns) || errors.As(err, &op)
	if !isNet {
		s := err.Error()
		isNet = strings.Contains(s, "connection refused") || strings.Contains(s, "no such host") ||
			strings.Contains(s, "connection reset")
	}
	if !isNet {
		return "", false
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		if u, perr := url.Parse(ue.URL); perr == nil && u.Host != "" {
			return u.Scheme + "://" + u.Host, true
		}
	}
	if dns != nil && dns.Name != "" {
		return dns.Name, true
	}
	return "the endpoint", true
}

// firstLine returns s up to its first line break.
func firstLine(s string) string {
	if i := strings.IndexAny(s, "\r\n"); i >= 0 {
		return s[:i]
	}
	return s
}
