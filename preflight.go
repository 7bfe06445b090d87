package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/s3share/s3share/s3browse"
	"github.com/s3share/s3share/share"
)

const (
	// maxSkew is how far the local clock may drift from the server's
	// before presign warns.
	maxSkew = 2 * time.Minute
	// checkTimeout bounds the check; an endpoint silent that long fails it.
	checkTimeout = 10 * time.Second
)

// preflight is the check made while the links are signed: one signed
// HeadBucket per bucket. It fails when a bucket is missing or the endpoint
// or credentials are unusable, and warns when the server's clock differs
// from ours by more than maxSkew.
type preflight struct {
	done    chan struct{}
	warning string
	err     error
}

// startPreflight checks the buckets of reqs in the background. A fatal
// finding calls abort, so signing that waits on the same endpoint stops too.
func startPreflight(ctx context.Context, b *s3browse.Browser, reqs []share.Request, abort func()) *preflight {
	p := &preflight{done: make(chan struct{})}
	go func() {
		defer close(p.done)
		ctx, cancel := context.WithTimeout(ctx, checkTimeout)
		defer cancel()
		if p.warning, p.err = checkBuckets(ctx, b, reqs); p.err != nil {
			abort()
		}
	}()
	return p
}

// wait returns the clock warning ("" for none) and a fatal error.
func (p *preflight) wait() (string, error) {
	<-p.done
	return p.warning, p.err
}

// checkBuckets checks each distinct bucket once.
func checkBuckets(ctx context.Context, b *s3browse.Browser, reqs []share.Request) (string, error) {
	warning, seen := "", map[string]bool{}
	for _, r := range reqs {
		if seen[r.Bucket] {
			continue
		}
		seen[r.Bucket] = true
		skew, err := b.CheckBucket(ctx, r.Bucket)
		if fatal(err) {
			return "", err
		}
		if warning == "" {
			warning = skewWarning(skew)
		}
	}
	return warning, nil
}

// fatal reports errors that make every link useless, an endpoint that does
// not answer within checkTimeout among them. Access denied is not: a policy
// may allow s3:GetObject without s3:ListBucket.
func fatal(err error) bool {
	return errors.Is(err, s3browse.ErrNoSuchBucket) ||
		errors.Is(err, s3browse.ErrNoCredentials) ||
		errors.Is(err, s3browse.ErrCredentialsExpired) ||
		errors.Is(err, s3browse.ErrEndpointUnreachable)
}

// skewWarning says what a clock skew (server minus local) does to links,
// or "" within maxSkew.
func skewWarning(skew time.Duration) string {
	skew = skew.Round(time.Minute)
	switch {
	case skew > maxSkew:
		return fmt.Sprintf("this computer's clock is %s behind the server's: links will stop working %s early; fix the clock (enable NTP)",
			skew, skew)
	case skew < -maxSkew:
		return fmt.Sprintf("this computer's clock is %s ahead of the server's: links may be refused for the first %s; fix the clock (enable NTP)",
			-skew, -skew)
	}
	return ""
}
