package ledger

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/s3share/s3share/s3browse"
)

// Objects is what the ledger needs from S3; *s3browse.Browser has it.
// Errors carry s3browse's kinds (ErrExists, ErrConflict, ErrNoSuchKey...).
type Objects interface {
	CreateObject(ctx context.Context, in s3browse.PutInput) (string, error)
	ReplaceObject(ctx context.Context, in s3browse.PutInput, etag string) (string, error)
	RaceCreate(ctx context.Context, in s3browse.PutInput, n int) (int, error)
	ListAfter(ctx context.Context, bucket, prefix, startAfter, token string) (s3browse.Page, error)
	ReadObject(ctx context.Context, bucket, key string, maxBytes int64) ([]byte, s3browse.ObjectInfo, error)
	DeleteObjects(ctx context.Context, bucket string, keys []string) error
}

// Cache is the local copy of the ledger (the history), with the outbox of
// events waiting to be pushed. One Ledger calls it one call at a time;
// other processes may share it.
type Cache interface {
	// Position returns how far the cache has read the log; the zero
	// Position when it has read nothing.
	Position(ctx context.Context) (Position, error)
	// Apply folds events in, as State does (order and repeats do not
	// matter), removes events with these ids from the outbox, and moves
	// the position forward to pos (each field only forward, a zero field
	// not at all): all at once or not at all.
	Apply(ctx context.Context, pos Position, events []Event) error
	// Outbox returns the events waiting to be pushed, oldest first.
	Outbox(ctx context.Context) ([]Event, error)
	// Events returns the applied events that decide the state (every
	// applied event will do): the ledger folds them into snapshots.
	Events(ctx context.Context) ([]Event, error)
}

// Position is how far a cache has read the log.
type Position struct {
	// Applied is the number of the last log object applied (or of the
	// snapshot started from); 0 when none.
	Applied int64
	// Synced is the server's time when the log was last seen to end at
	// Applied (a pull that reached its end, or a push). A push after more
	// than half the cleanup margin pulls first: by then log objects after
	// Applied may have been cleaned up, and their numbers must not be
	// written again.
	Synced time.Time
}

// Config is what a Ledger needs.
type Config struct {
	Bucket string
	Prefix string // "s3share/" or "" for the bucket's top
	// Name is this member's name: the writer of every event it pushes.
	Name    string
	Objects Objects
	Cache   Cache
	// Now is the server's time: the local clock corrected by the skew
	// measured against the server (required).
	Now func() time.Time
	// Sleep waits d or until ctx ends, between tries after a conflict;
	// nil waits on a timer.
	Sleep func(ctx context.Context, d time.Duration) error
	// SnapshotEvery is how often snapshots are written
	// (DefaultSnapshotEvery when 0).
	SnapshotEvery int64
	// CleanupAfter is how old a log object a snapshot covers must be
	// before it is deleted (DefaultCleanupAfter when 0).
	CleanupAfter time.Duration
}

// DefaultCleanupAfter is the safety margin before covered log objects and
// older snapshots are deleted: a reader that listed them a moment ago
// still finds them, and one that is behind finds the snapshot.
const DefaultCleanupAfter = 24 * time.Hour

// Ledger is one member's view of a team ledger in a bucket. Push, Pull
// and Sync run one at a time.
type Ledger struct {
	layout
	name    string
	objects Objects
	cache   Cache
	now     func() time.Time
	sleep   func(context.Context, time.Duration) error
	every   int64
	margin  time.Duration

	run sync.Mutex // one Push, Pull, Sync or Cleanup at a time

	mu      sync.Mutex
	members map[string]Member // members read so far, by name
}

// New returns the ledger at cfg.Bucket/cfg.Prefix for member cfg.Name. It
// sends no request.
func New(cfg Config) (*Ledger, error) {
	switch {
	case cfg.Bucket == "":
		return nil, errors.New("no bucket for the team ledger")
	case !ValidName(cfg.Name):
		return nil, fmt.Errorf("member name %.70q: use 1 to 64 letters, digits, dots, hyphens and underscores, "+
			"starting with a letter or digit", cfg.Name)
	case cfg.Objects == nil || cfg.Cache == nil || cfg.Now == nil:
		return nil, errors.New("the team ledger needs its objects, its cache and the server's clock")
	}
	l := &Ledger{
		layout: layout{bucket: cfg.Bucket, prefix: normalPrefix(cfg.Prefix)},
		name:   cfg.Name, objects: cfg.Objects, cache: cfg.Cache, now: cfg.Now, sleep: cfg.Sleep,
		every: cfg.SnapshotEvery, margin: cfg.CleanupAfter, members: map[string]Member{},
	}
	if l.sleep == nil {
		l.sleep = sleepTimer
	}
	if l.every <= 0 {
		l.every = DefaultSnapshotEvery
	}
	if l.margin <= 0 {
		l.margin = DefaultCleanupAfter
	}
	return l, nil
}

// Location is where the ledger lives: s3://bucket/prefix.
func (l *Ledger) Location() string { return l.location(l.prefix) }

// Name is this member's name.
func (l *Ledger) Name() string { return l.name }

// NewEvent returns an event of kind about link by this member, now by
// the server's clock, with a new id. The caller fills in what the kind
// needs (Record, RenewedFrom, Label, Verdict) and puts it in the outbox.
func (l *Ledger) NewEvent(kind Kind, link string) Event {
	return Event{ID: NewID(), Kind: kind, Writer: l.name, At: l.now(), Link: link}
}

// sleepTimer waits d or until ctx ends.
func sleepTimer(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
