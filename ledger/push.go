package ledger

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/s3share/s3share/s3browse"
)

const (
	// maxLostRaces bounds how often one push may find its number taken
	// (each time another writer wrote one object) before it gives up.
	maxLostRaces = 64
	// maxConflicts bounds the tries of one number answered 409.
	maxConflicts = 6
	conflictWait = 20 * time.Millisecond // the first wait after a 409, doubled each time
	maxWait      = time.Second
)

// PushResult is what a push did.
type PushResult struct {
	Written  []int64    // the log objects this push created
	Events   int        // the events they hold
	Pulled   PullResult // what was pulled on the way (lost races, a stale cache)
	Snapshot int64      // the snapshot written after them, 0 for none
	Cleaned  int        // old objects deleted after the snapshot
	// Problems are failures after the push succeeded (writing the
	// snapshot, cleaning up): the next push tries again.
	Problems []error
}

// Push writes the outbox to the log, one batch per object, each at the
// next number, created only if absent. When the number is taken (412) it
// pulls what is new and tries the next; a conflicting write (409) tries
// the same number again after a short wait, a few times. Events leave the
// outbox when the cache applies them, so a push cut short (the PUT sent,
// its answer lost) loses nothing and doubles nothing: the next push finds
// the number taken, pulls it and sees its own events there.
//
// A cache not known to be up to date for half the cleanup margin pulls
// first. Any other failure (offline, access denied) leaves the outbox as
// it is.
func (l *Ledger) Push(ctx context.Context) (PushResult, error) {
	l.run.Lock()
	defer l.run.Unlock()
	var res PushResult
	err := l.push(ctx, &res)
	return res, err
}

// push is Push without the lock.
func (l *Ledger) push(ctx context.Context, res *PushResult) error {
	if err := l.pullIfStale(ctx, res); err != nil {
		return err
	}
	written := map[string]bool{}
	lost, conflicts := 0, 0
	for {
		// The position first, then the outbox: another process sharing the
		// cache that applies a push of its own in between has then either
		// taken those events out of the outbox already, or will take the
		// number this one tries (412). Read the other way round, the same
		// events could be written twice under two numbers.
		pos, err := l.cache.Position(ctx)
		if err != nil {
			return err
		}
		outbox, err := l.cache.Outbox(ctx)
		if err != nil || len(outbox) == 0 {
			return err
		}
		if written[outbox[0].ID] {
			return fmt.Errorf("the local history kept event %s in its outbox after it was pushed", outbox[0].ID)
		}
		body, err := l.nextBatch(outbox)
		if err != nil {
			return err
		}
		n := pos.Applied + 1
		_, err = l.objects.CreateObject(ctx, s3browse.PutInput{Bucket: l.bucket, Key: l.logKey(n), Body: body,
			ContentType: "application/json"})
		switch {
		case err == nil:
			conflicts = 0
			if err := l.written(ctx, res, n, body, written); err != nil {
				return err
			}
		case errors.Is(err, s3browse.ErrExists):
			if lost++; lost > maxLostRaces {
				return &ObjectError{Location: l.location(l.logKey(n)),
					Err: fmt.Errorf("%w: another writer took the next number %d times in a row: try again", ErrBusy, maxLostRaces)}
			}
			conflicts = 0
			if err := l.pull(ctx, &res.Pulled); err != nil {
				return err
			}
		case errors.Is(err, s3browse.ErrConflict):
			if conflicts++; conflicts > maxConflicts {
				return err
			}
			if err := l.sleep(ctx, backoff(conflicts)); err != nil {
				return err
			}
		default:
			return err
		}
	}
}

// pullIfStale pulls when the cache was not seen up to date within half
// the cleanup margin: the numbers after it may have been cleaned up.
func (l *Ledger) pullIfStale(ctx context.Context, res *PushResult) error {
	pos, err := l.cache.Position(ctx)
	if err != nil {
		return err
	}
	if !pos.Synced.IsZero() && l.now().Sub(pos.Synced) < l.margin/2 {
		return nil
	}
	return l.pull(ctx, &res.Pulled)
}

// written applies log object n, just created with body, and writes the
// snapshot when n calls for one.
func (l *Ledger) written(ctx context.Context, res *PushResult, n int64, body []byte, ids map[string]bool) error {
	b, err := DecodeBatch(body) // what every reader will apply, times as they were encoded
	if err != nil {
		return err
	}
	if err := l.cache.Apply(ctx, Position{Applied: n, Synced: l.now()}, b.Events); err != nil {
		return err
	}
	for _, e := range b.Events {
		ids[e.ID] = true
	}
	res.Written = append(res.Written, n)
	res.Events += len(b.Events)
	if n%l.every == 0 {
		l.snapshotAndClean(ctx, res, n)
	}
	return nil
}

// nextBatch encodes the first events of the outbox as one batch, as many
// as fit in a log object.
func (l *Ledger) nextBatch(outbox []Event) ([]byte, error) {
	for _, e := range outbox {
		if e.Writer != l.name {
			return nil, fmt.Errorf("%w: event %s in the outbox is by %.70q, not by this member (%s)", ErrInvalidEvent, e.ID, e.Writer, l.name)
		}
		if err := e.Validate(); err != nil {
			return nil, fmt.Errorf("%w: %v", ErrInvalidEvent, err)
		}
	}
	count := min(len(outbox), maxBatchEvents)
	for {
		body, err := EncodeBatch(l.name, outbox[:count])
		if err != nil {
			return nil, fmt.Errorf("%w: %v", ErrInvalidEvent, err)
		}
		if len(body) <= MaxLogBytes || count == 1 {
			return body, nil
		}
		count /= 2
	}
}

// backoff is the wait before try number attempt after a conflict:
// doubling from conflictWait up to maxWait, and up to half as much again
// at random so that racing writers part.
func backoff(attempt int) time.Duration {
	d := conflictWait << (attempt - 1)
	if d > maxWait || d <= 0 {
		d = maxWait
	}
	return d + rand.N(d/2+1)
}

// snapshotAndClean writes snapshot n and cleans up what it covers; a
// failure is a problem of the result, not of the push.
func (l *Ledger) snapshotAndClean(ctx context.Context, res *PushResult, n int64) {
	written, err := l.writeSnapshot(ctx, n)
	if err != nil {
		res.Problems = append(res.Problems, err)
		return
	}
	if !written {
		return
	}
	res.Snapshot = n
	cleaned, err := l.cleanup(ctx)
	res.Cleaned = cleaned
	if err != nil {
		res.Problems = append(res.Problems, err)
	}
}

// writeSnapshot folds the cache's events into snapshot n, created only if
// absent (an equal one may be there already). It writes nothing when the
// cache has moved past n (another process sharing it pulled more).
func (l *Ledger) writeSnapshot(ctx context.Context, n int64) (bool, error) {
	pos, err := l.cache.Position(ctx)
	if err != nil || pos.Applied != n {
		return false, err
	}
	events, err := l.cache.Events(ctx)
	if err != nil {
		return false, err
	}
	body, err := encodeSnapshot(n, Fold(events))
	if err != nil {
		return false, err
	}
	_, err = l.objects.CreateObject(ctx, s3browse.PutInput{Bucket: l.bucket, Key: l.snapKey(n), Body: body,
		ContentType: "application/gzip"})
	if errors.Is(err, s3browse.ErrExists) {
		return true, nil
	}
	return err == nil, err
}
