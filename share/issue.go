package share

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"path"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/s3share/s3share/s3browse"
)

// Signer presigns GETs and reports the credentials that sign them. It must
// be safe for concurrent use: large batches are signed on every core.
// *s3browse.Browser satisfies it.
type Signer interface {
	PresignGet(ctx context.Context, in s3browse.PresignInput) (s3browse.Presigned, error)
	Credentials(ctx context.Context) (aws.Credentials, error)
}

// Request asks for one link. Download with an empty Filename means an
// attachment named after the key's base name.
type Request struct {
	Bucket   string
	Key      string
	Expires  time.Duration
	Download bool
	Filename string
	Label    string
}

// ErrCredentialsExpired is returned by Issue when the signing credentials
// have already expired; it also matches s3browse.ErrCredentialsExpired.
var ErrCredentialsExpired = errors.New("credentials expired")

// Issuer issues presigned links with a truthful effective expiry.
type Issuer struct {
	signer Signer
	now    func() time.Time
}

// NewIssuer returns an Issuer signing with s; now is the clock (time.Now
// when nil).
func NewIssuer(s Signer, now func() time.Time) *Issuer {
	if now == nil {
		now = time.Now
	}
	return &Issuer{signer: s, now: now}
}

// Issue presigns every request as one batch. Expiries are validated before
// anything is signed; credentials are retrieved once. The links carry both
// the requested and the effective expiry, and warnings for clamped expiry,
// session credentials of unknown lifetime, and dot-segment keys.
func (i *Issuer) Issue(ctx context.Context, reqs []Request) ([]Link, error) {
	for _, r := range reqs {
		if err := validateRequest(r); err != nil {
			return nil, err
		}
	}
	if len(reqs) == 0 {
		return nil, nil
	}
	creds, err := i.signer.Credentials(ctx)
	if err != nil {
		return nil, err
	}
	// SigV4 dates are whole seconds, stamped a moment after now: counting
	// from the second now falls in never promises more life than a link has.
	now := i.now().Truncate(time.Second)
	if creds.CanExpire && !creds.Expires.After(now) {
		return nil, fmt.Errorf("%w at %s: refresh them (e.g. aws sso login) and try again",
			expiredErr{}, creds.Expires.Local().Format("Mon 2 Jan 15:04"))
	}
	batch, err := newBatchID()
	if err != nil {
		return nil, err
	}
	links, err := i.issueAll(ctx, reqs, creds, now)
	if err != nil {
		return nil, err
	}
	for j := range links {
		links[j].BatchID = batch
	}
	return links, nil
}

// expiredErr matches both ErrCredentialsExpired and s3browse's sentinel.
type expiredErr struct{}

func (expiredErr) Error() string { return "credentials expired" }
func (expiredErr) Is(target error) bool {
	return target == ErrCredentialsExpired || target == s3browse.ErrCredentialsExpired
}

// validateRequest checks one request before any signing.
func validateRequest(r Request) error {
	if r.Bucket == "" || r.Key == "" {
		return fmt.Errorf("a link needs a bucket and a key: give s3://BUCKET/KEY")
	}
	return CheckExpiry(r.Expires)
}

// issueOne presigns one request at now with creds.
func (i *Issuer) issueOne(ctx context.Context, r Request, creds aws.Credentials, now time.Time) (Link, error) {
	disp := ""
	if r.Download {
		name := r.Filename
		if name == "" {
			name = path.Base(r.Key)
		}
		disp = ContentDisposition(name)
	}
	p, err := i.signer.PresignGet(ctx, s3browse.PresignInput{
		Bucket: r.Bucket, Key: r.Key, Expires: r.Expires, ContentDisposition: disp,
	})
	if err != nil {
		return Link{}, err
	}
	end := now.Add(r.Expires)
	l := Link{
		Bucket: r.Bucket, Key: r.Key, Region: p.Region, Endpoint: p.Endpoint, URL: p.URL,
		IssuedAt: now, ExpiresAt: end, EffectiveExpiresAt: effectiveEnd(creds, end),
		CredentialKind: KindOf(creds), Disposition: disp, Label: r.Label,
	}
	l.Warnings = append(KeyWarnings(r.Key), credentialWarning(creds, now, end)...)
	return l, nil
}

// effectiveEnd is when a link signed with c and requested to end at end
// really stops working.
func effectiveEnd(c aws.Credentials, end time.Time) time.Time {
	if c.CanExpire && c.Expires.Before(end) {
		return c.Expires
	}
	return end
}

// KindOf classifies credentials for the history.
func KindOf(c aws.Credentials) CredentialKind {
	switch {
	case c.CanExpire:
		return CredTemporary
	case c.SessionToken != "":
		return CredSession
	}
	return CredStatic
}

// newBatchID returns 16 random hex digits.
func newBatchID() (string, error) {
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("cannot make a batch id: %w", err)
	}
	return hex.EncodeToString(b[:]), nil
}
