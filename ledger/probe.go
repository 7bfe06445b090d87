package ledger

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/s3share/s3share/s3browse"
)

const (
	probeRounds  = 3 // races of creates of one key
	probeRacers  = 8 // writers in each race
	probeCleanup = 10 * time.Second
)

// ProbeResult is what a capability probe left behind.
type ProbeResult struct {
	// Leftover is why the probe's objects under probe/ could not be
	// deleted (no s3:DeleteObject, say), nil when they were.
	Leftover error
}

// Probe checks, under prefix in bucket, that the server's conditional
// writes hold before a ledger trusts them: a second create-only write of
// a key must answer 412, a write on condition of a wrong ETag must fail,
// and of several create-only writes of one key at the same moment exactly
// one may win (each race holds the bodies back until every writer is in,
// so a server that checks before it writes is caught every time). A
// server that fails gives an error wrapping ErrNotConditional with the
// reason in one line; one that cannot be asked (access denied,
// unreachable) gives that error. The probe's objects are deleted
// afterwards.
func Probe(ctx context.Context, objects Objects, bucket, prefix string) (ProbeResult, error) {
	lay := layout{bucket: bucket, prefix: normalPrefix(prefix)}
	base := lay.prefix + probeDir + NewID() + "/"
	keys := []string{base + "once"}
	for i := range probeRounds {
		keys = append(keys, fmt.Sprintf("%srace-%d", base, i))
	}
	wrote, err := probe(ctx, objects, lay, keys)
	var res ProbeResult
	if !wrote {
		return res, err
	}
	cleanCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), probeCleanup)
	defer cancel()
	res.Leftover = objects.DeleteObjects(cleanCtx, bucket, keys)
	return res, err
}

// probe runs the checks on keys: the first for the single writes, the
// others for the races. It reports whether it may have written
// anything: not when its first write was denied (credentials that may
// not write), so there is nothing to clean up.
func probe(ctx context.Context, objects Objects, lay layout, keys []string) (bool, error) {
	if _, err := objects.CreateObject(ctx, s3browse.PutInput{Bucket: lay.bucket, Key: keys[0], Body: []byte("1"),
		ContentType: "text/plain"}); err != nil {
		return !errors.Is(err, s3browse.ErrAccessDenied), err
	}
	return true, checkConditional(ctx, objects, lay, keys)
}

// checkConditional runs the checks once keys[0] is written.
func checkConditional(ctx context.Context, objects Objects, lay layout, keys []string) error {
	put := func(key, body string) s3browse.PutInput {
		return s3browse.PutInput{Bucket: lay.bucket, Key: key, Body: []byte(body), ContentType: "text/plain"}
	}
	refuse := func(reason string) error {
		return &ObjectError{Location: lay.location(lay.prefix), Err: fmt.Errorf("%w: %s", ErrNotConditional, reason)}
	}
	_, err := objects.CreateObject(ctx, put(keys[0], "2"))
	switch {
	case err == nil:
		return refuse("a second create-only write (If-None-Match: *) of one key replaced it instead of answering 412")
	case !errors.Is(err, s3browse.ErrExists):
		return err
	}
	_, err = objects.ReplaceObject(ctx, put(keys[0], "3"), `"00000000000000000000000000000000"`)
	switch {
	case err == nil:
		return refuse("a write on condition of a wrong ETag (If-Match) replaced the object")
	case errors.Is(err, s3browse.ErrAccessDenied), errors.Is(err, s3browse.ErrEndpointUnreachable), ctx.Err() != nil:
		return err
	}
	for _, key := range keys[1:] {
		wins, err := objects.RaceCreate(ctx, put(key, "race"), probeRacers)
		if err != nil {
			return err
		}
		if wins != 1 {
			return refuse(fmt.Sprintf("%d of %d create-only writes of one key at the same moment succeeded: creates are not atomic",
				wins, probeRacers))
		}
	}
	return nil
}
