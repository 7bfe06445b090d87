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

	"github.com/s3share/s3share/presigned"
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
// attachment named after the key's base name. With Until set the link
// ends exactly then (whole seconds), counted from the signing second;
// Expires is then the time left when it was asked for, used by the checks
// before signing.
type Request struct {
	Bucket    string
	Key       string
	Expires   time.Duration
	Until     time.Time
	Download  bool
	Filename  string
	Label     string
	Revocable bool // share a copy under the share prefix that revoke deletes
}

// task is one request inside the pipeline: what was asked, and what the
// pipeline learned and made for it on the way to a link.
type task struct {
	Request
	target string               // the key the URL points at when it is not Key (a revocable copy)
	head   *s3browse.ObjectInfo // what the object check learned; nil when unknown
}

// tasksOf starts a task for each request.
func tasksOf(reqs []Request) []task {
	tasks := make([]task, len(reqs))
	for i, r := range reqs {
		tasks[i] = task{Request: r}
	}
	return tasks
}

// ErrCredentialsExpired is returned when the signing credentials have
// already expired; it also matches s3browse.ErrCredentialsExpired.
var ErrCredentialsExpired = errors.New("credentials expired")

// batchSigner signs batches of checked requests: the one place links are
// signed, with a truthful effective expiry, for single links and
// galleries' images alike.
type batchSigner struct{ signer Signer }

// sign presigns reqs as one batch under env: the links carry both the
// requested and the effective end, one batch id, and warnings for clamped
// expiry, session credentials of unknown lifetime, clock skew and
// dot-segment keys.
func (s batchSigner) sign(ctx context.Context, reqs []task, env signEnv) ([]presigned.Link, error) {
	batch, err := newBatchID()
	if err != nil {
		return nil, err
	}
	links, err := s.issueAll(ctx, reqs, env)
	if err != nil {
		return nil, err
	}
	for j := range links {
		links[j].BatchID = batch
	}
	return links, nil
}

// signEnv is what every link of a batch is signed under: the credentials,
// the whole second the batch counts from, and the server's clock skew.
type signEnv struct {
	creds aws.Credentials
	now   time.Time
	skew  time.Duration // server minus local; corrected for beyond MaxSkew
}

// stillValid refuses credentials that expired by now: nothing they sign
// would work.
func stillValid(c aws.Credentials, now time.Time) error {
	if c.CanExpire && !c.Expires.After(now) {
		return fmt.Errorf("%w at %s: refresh them (e.g. aws sso login) and try again",
			expiredErr{}, c.Expires.Local().Format("Mon 2 Jan 15:04"))
	}
	return nil
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

// issueOne presigns one request under env.
func (s batchSigner) issueOne(ctx context.Context, r task, env signEnv) (presigned.Link, error) {
	disp := ""
	if r.Download {
		name := r.Filename
		if name == "" {
			name = path.Base(r.Key)
		}
		disp = presigned.ContentDisposition(name)
	}
	target := r.target
	if target == "" {
		target = r.Key
	}
	expires, err := r.expiresFrom(env.now)
	if err != nil {
		return presigned.Link{}, err
	}
	p, err := s.signer.PresignGet(ctx, s3browse.PresignInput{
		Bucket: r.Bucket, Key: target, Expires: expires, SignedAt: env.now, ContentDisposition: disp,
	})
	if err != nil {
		return presigned.Link{}, err
	}
	end := env.now.Add(expires)
	l := presigned.Link{
		Bucket: r.Bucket, Key: r.Key, Region: p.Region, Endpoint: p.Endpoint, PathStyle: p.PathStyle, URL: p.URL,
		IssuedAt: env.now, ExpiresAt: end, EffectiveExpiresAt: effectiveEnd(env.creds, end, env.skew),
		CredentialKind: KindOf(env.creds), Download: r.Download, Filename: r.Filename, Disposition: disp,
		ShareKey: r.target, Size: -1, Label: r.Label,
	}
	if r.head != nil {
		l.Size = r.head.Size
	}
	l.Warnings = env.warnings(r.Key, end)
	return l, nil
}

// warnings is what a person should know about a link of key signed under
// env and asked to end at end: dot-segment keys, credentials that end
// first, a server clock off by more than MaxSkew.
func (env signEnv) warnings(key string, end time.Time) []string {
	w := append(KeyWarnings(key), credentialWarning(env.creds, env.now, end)...)
	if s := skewWarning(env.skew); s != "" {
		w = append(w, s)
	}
	return w
}

// endFrom is when a link signed at signedAt is asked to end: Until, or
// Expires after signedAt.
func (r Request) endFrom(signedAt time.Time) time.Time {
	if !r.Until.IsZero() {
		return r.Until.Truncate(time.Second)
	}
	return signedAt.Add(r.Expires)
}

// expiresFrom is how long a link signed at signedAt must last: Expires, or
// what is left until Until.
func (r Request) expiresFrom(signedAt time.Time) (time.Duration, error) {
	if r.Until.IsZero() {
		return r.Expires, nil
	}
	d := r.Until.Truncate(time.Second).Sub(signedAt)
	if d < MinExpiry {
		return 0, &expiryError{msg: fmt.Sprintf("the links were to end at %s, which has passed: %s",
			r.Until.Local().Format("2006-01-02 15:04:05"), allowedRange)}
	}
	return d, CheckExpiryFor(r.Until.Local().Format("2006-01-02 15:04:05"), d)
}

// effectiveEnd is when a link signed with c, requested to end at end, really
// stops working, in local time: when the credentials expire, or when the
// server's clock, skew ahead of ours, reaches end.
func effectiveEnd(c aws.Credentials, end time.Time, skew time.Duration) time.Time {
	if skew > MaxSkew || skew < -MaxSkew {
		end = end.Add(-skew)
	}
	if c.CanExpire && c.Expires.Before(end) {
		return c.Expires
	}
	return end
}

// KindOf classifies credentials for the history.
func KindOf(c aws.Credentials) presigned.CredentialKind {
	switch {
	case c.CanExpire:
		return presigned.CredTemporary
	case c.SessionToken != "":
		return presigned.CredSession
	}
	return presigned.CredStatic
}

// newBatchID returns 16 random hex digits.
func newBatchID() (string, error) {
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("cannot make a batch id: %w", err)
	}
	return hex.EncodeToString(b[:]), nil
}
