// Package team joins a team ledger (package ledger, the shared log in the
// bucket) to the local history (package history): the history is the
// ledger's cache (Cache), and what the history records goes to the
// ledger's outbox in the same transaction (Publisher). A Session is what
// a command or the UI holds while a team is configured.
package team

import (
	"context"
	"errors"
	"strings"
	"sync/atomic"
	"time"

	"github.com/s3share/s3share/history"
	"github.com/s3share/s3share/ledger"
)

// Clock is the ledger server's time as this machine knows it.
type Clock struct {
	Local func() time.Time // the local clock
	Skew  time.Duration    // the server's clock minus the local one
}

// Now is the server's time.
func (c Clock) Now() time.Time { return c.Local().Add(c.Skew) }

// Config is where a team's ledger is and what reaches it.
type Config struct {
	History *history.History
	Objects ledger.Objects   // the S3 side (*s3browse.Browser)
	Bucket  string           // the ledger's bucket
	Prefix  string           // its prefix ("" for the bucket's top)
	Local   func() time.Time // the local clock
	// SnapshotEvery is how often snapshots are written (the ledger's
	// default when 0).
	SnapshotEvery int64
}

// Location is the ledger's s3:// location: s3://BUCKET/PREFIX/, the
// history's key for it.
func (c Config) Location() string {
	prefix := strings.TrimLeft(c.Prefix, "/")
	if prefix != "" && !strings.HasSuffix(prefix, "/") {
		prefix += "/"
	}
	return "s3://" + c.Bucket + "/" + prefix
}

// Session is one member's use of a team ledger through the history.
type Session struct {
	cfg    Config
	member history.TeamMember
	ledger *ledger.Ledger
	cache  *Cache
	// entryWritten: the member entry, pending when the session started,
	// has been written since.
	entryWritten atomic.Bool
	// regionCached: the history's region cache holds the ledger
	// bucket's region (rememberRegion).
	regionCached atomic.Bool
}

// ErrNotJoined is wrapped by Open when the history has not joined the
// ledger (Join).
var ErrNotJoined = history.ErrNotJoined

// Open starts a session on the ledger the history has joined, and from
// then on the history queues an event for each change it records. It
// sends no request.
func Open(ctx context.Context, cfg Config) (*Session, error) {
	m, err := cfg.History.TeamMember(ctx, cfg.Location())
	if err != nil {
		return nil, err
	}
	s, err := newSession(ctx, cfg, m)
	if err != nil {
		return nil, err
	}
	cfg.History.SetPublisher(NewPublisher(m.Ledger, m.Member, s.clock()))
	return s, nil
}

// newSession builds the ledger of m, its bucket's region from the
// history's cache when it has it.
func newSession(ctx context.Context, cfg Config, m history.TeamMember) (*Session, error) {
	s := &Session{cfg: cfg, member: m, cache: NewCache(cfg.History, m.Ledger)}
	s.regionCached.Store(useCachedRegion(ctx, cfg))
	l, err := ledger.New(ledger.Config{Bucket: cfg.Bucket, Prefix: cfg.Prefix, Name: m.Member, Objects: cfg.Objects,
		Cache: s.cache, Now: s.clock().Now, SnapshotEvery: cfg.SnapshotEvery})
	if err != nil {
		return nil, err
	}
	s.ledger = l
	return s, nil
}

// clock is the server's time as the history last measured it.
func (s *Session) clock() Clock { return Clock{Local: s.cfg.Local, Skew: s.member.Skew} }

// JoinOptions are what joining a ledger needs.
type JoinOptions struct {
	Name     string        // the member name (ledger.ValidName)
	Display  string        // the name people see ("" for the name)
	Identity string        // the caller's ARN, else the access key id
	Start    bool          // start a new ledger (Init) instead of joining one
	Probe    string        // what the capability probe found, for status
	Skew     time.Duration // the server's clock minus ours
}

// Join makes the history a member of the ledger (starting it with
// opt.Start): members/NAME.json in the bucket, the membership in the
// history. It returns the member as the ledger has it and a session.
// Joining again (the same name and identity) is harmless.
//
// Credentials that may read an existing ledger but not write there still
// join: the session pulls as any other, and its member entry is pending
// (Session.EntryPending; the member returned has no join time). Each
// push of events writes the entry first, and until it can, the events
// wait in the outbox: teammates skip events by a name without an entry.
func Join(ctx context.Context, cfg Config, opt JoinOptions) (ledger.Member, *Session, error) {
	m := history.TeamMember{Ledger: cfg.Location(), Member: opt.Name, Identity: opt.Identity, Display: opt.Display,
		Probe: opt.Probe, Skew: opt.Skew, SkewAt: cfg.Local()}
	s, err := newSession(ctx, cfg, m)
	if err != nil {
		return ledger.Member{}, nil, err
	}
	join := s.ledger.Join
	if opt.Start {
		join = s.ledger.Init
	}
	member, err := join(ctx, opt.Identity, opt.Display)
	switch {
	case !opt.Start && errors.Is(err, ledger.ErrEntryNotWritten):
		member = ledger.Member{Name: opt.Name, Display: opt.Display, Identity: opt.Identity}
	case err != nil:
		return ledger.Member{}, nil, err
	}
	m.Joined = member.Joined
	if err := cfg.History.JoinTeam(ctx, m); err != nil {
		return ledger.Member{}, nil, err
	}
	s.rememberRegion(ctx)
	s, err = Open(ctx, cfg)
	return member, s, err
}

// Ledger is the session's ledger.
func (s *Session) Ledger() *ledger.Ledger { return s.ledger }

// Name is this member's name in the ledger.
func (s *Session) Name() string { return s.member.Member }

// Member is the history's membership as the session started.
func (s *Session) Member() history.TeamMember { return s.member }

// Waiting returns how many events wait in the outbox.
func (s *Session) Waiting(ctx context.Context) (int, error) {
	_, waiting, err := s.cfg.History.TeamCounts(ctx, s.member.Ledger)
	return waiting, err
}

// Push sends the outbox, when it holds anything (nothing is sent
// otherwise). A failure leaves the events in the outbox for the next push
// and is noted for status.
//
// A member whose entry is pending writes it first; when it cannot, the
// error wraps ledger.ErrEntryNotWritten and nothing else is sent.
func (s *Session) Push(ctx context.Context) (ledger.PushResult, error) {
	waiting, err := s.Waiting(ctx)
	if err != nil || waiting == 0 {
		return ledger.PushResult{}, err
	}
	if err := s.writeEntry(ctx); err != nil {
		return ledger.PushResult{}, s.noteSync(ctx, err, err)
	}
	res, err := s.ledger.Push(ctx)
	return res, s.noteSync(ctx, err, err)
}

// Pull applies what is new in the ledger.
func (s *Session) Pull(ctx context.Context) (ledger.PullResult, error) {
	res, err := s.ledger.Pull(ctx)
	return res, s.noteSync(ctx, err, err)
}

// Sync pushes the outbox, then pulls. The push's failure is in the
// result; the error is the pull's. A member whose entry is pending writes
// it before pushing events, as Push does; with nothing to push, the entry
// waits too, and the sync is only the pull.
func (s *Session) Sync(ctx context.Context) (ledger.SyncResult, error) {
	if err := s.entryBeforePush(ctx); err != nil {
		res := ledger.SyncResult{PushErr: err}
		var perr error
		res.Pull, perr = s.ledger.Pull(ctx)
		return res, s.noteSync(ctx, errors.Join(err, perr), perr)
	}
	res, err := s.ledger.Sync(ctx)
	return res, s.noteSync(ctx, errors.Join(res.PushErr, err), err)
}

// EntryPending reports whether this member's entry (members/NAME.json)
// is not written yet: the credentials it joined with could not.
func (s *Session) EntryPending() bool { return s.member.EntryPending() && !s.entryWritten.Load() }

// entryBeforePush writes a pending entry when events wait to be pushed.
func (s *Session) entryBeforePush(ctx context.Context) error {
	if !s.EntryPending() {
		return nil
	}
	waiting, err := s.Waiting(ctx)
	if err != nil || waiting == 0 {
		return err
	}
	return s.writeEntry(ctx)
}

// writeEntry writes this member's entry when it is pending, and records
// it.
func (s *Session) writeEntry(ctx context.Context) error {
	if !s.EntryPending() {
		return nil
	}
	m, err := s.ledger.AddMember(ctx, s.member.Identity, s.member.Display)
	if err != nil {
		return err
	}
	if err := s.cfg.History.NoteTeamEntry(ctx, s.member.Ledger, m.Joined); err != nil {
		return err
	}
	s.entryWritten.Store(true)
	return nil
}

// noteSync records when the ledger was last reached, or why not (failed),
// and returns err.
func (s *Session) noteSync(ctx context.Context, failed, err error) error {
	s.rememberRegion(context.WithoutCancel(ctx))
	note := ""
	if failed != nil {
		note = failed.Error()
	}
	if nerr := s.cfg.History.NoteTeamSync(context.WithoutCancel(ctx), s.member.Ledger, s.cfg.Local(), note); err == nil {
		err = nerr
	}
	return err
}
