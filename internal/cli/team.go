package cli

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/s3share/s3share/history"
	"github.com/s3share/s3share/ledger"
	"github.com/s3share/s3share/s3browse"
	"github.com/s3share/s3share/team"
	"github.com/s3share/s3share/termtext"
)

// teamPushWait bounds the push after a command: the command's work is
// done and recorded, and what was not pushed waits in the outbox.
const teamPushWait = 30 * time.Second

// teamLocation is the team ledger in force for this command, "" for
// none (--no-team, or no team set).
func (g *globals) teamLocation() string {
	if g.NoTeam {
		return ""
	}
	return g.Team
}

// teamConfig is how the ledger at loc is reached: through b, with h as
// its cache.
func (g *globals) teamConfig(loc string, h *history.History, b *s3browse.Browser) (team.Config, error) {
	l, err := s3browse.ParseLocation(loc)
	if err != nil {
		return team.Config{}, err
	}
	return team.Config{History: h, Objects: b, Bucket: l.Bucket, Prefix: l.Key, Local: g.now}, nil
}

// teamSession starts the team's session on h when a team is in force, so
// that every change h records queues its event for the team; nil without
// one. A history that has not joined the team says so and records as
// before.
func (g *globals) teamSession(ctx context.Context, h *history.History, b *s3browse.Browser) (*team.Session, error) {
	loc := g.teamLocation()
	if loc == "" || h == nil {
		return nil, nil
	}
	cfg, err := g.teamConfig(loc, h, b)
	if err != nil {
		return nil, err
	}
	s, err := team.Open(ctx, cfg)
	if errors.Is(err, team.ErrNotJoined) {
		fmt.Fprintf(g.stderr, "s3share: warning: this history has not joined the team %s (s3share team join %s, or --no-team): "+
			"links are recorded here only\n", termtext.Escape(loc), termtext.Escape(loc))
		return nil, nil
	}
	return s, err
}

// teamSessionFor is teamSession for a command that has no S3 client of
// its own yet: it makes one only when a team is in force.
func (g *globals) teamSessionFor(ctx context.Context, h *history.History) (*team.Session, error) {
	if g.teamLocation() == "" {
		return nil, nil
	}
	b, err := g.browser(ctx)
	if err != nil {
		return nil, err
	}
	return g.teamSession(ctx, h, b)
}

// withTeamHistory opens the history and, with a team in force, its team
// session, runs fn on it, then pushes what fn queued for the team.
func (g *globals) withTeamHistory(ctx context.Context, fn func(*history.History) error) error {
	h, err := g.openHistory(ctx)
	if err != nil {
		return err
	}
	defer h.Close()
	ts, err := g.teamSessionFor(ctx, h)
	if err != nil {
		return err
	}
	defer g.pushTeam(ctx, ts)
	return fn(h)
}

// pushTeam sends what the command queued for the team. A failure is a
// warning, not the command's: its work is recorded, and the events wait
// in the outbox for the next command (or s3share team sync).
func (g *globals) pushTeam(ctx context.Context, s *team.Session) {
	if s == nil || ctx.Err() != nil {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, teamPushWait)
	defer cancel()
	res, err := s.Push(ctx)
	if err != nil {
		fmt.Fprintf(g.stderr, "s3share: warning: not shared with the team yet, kept for the next command or s3share team sync: %s\n", words(err))
	}
	g.teamProblems(res.Problems, res.Pulled.Rejected)
}

// pullTeam applies what teammates shared since the last sync, for a
// command that shows what they found. A failure is a warning: the command
// goes on with what the history holds.
func (g *globals) pullTeam(ctx context.Context, s *team.Session) {
	if s == nil || ctx.Err() != nil {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, teamPushWait)
	defer cancel()
	res, err := s.Pull(ctx)
	if err != nil {
		fmt.Fprintf(g.stderr, "s3share: warning: cannot read the team ledger, shown is what this history holds: %s\n", words(err))
	}
	g.teamProblems(nil, res.Rejected)
}

// teamProblems prints what a push or pull could not do, a line each.
func (g *globals) teamProblems(problems []error, rejected []*ledger.ObjectError) {
	for _, p := range problems {
		fmt.Fprintf(g.stderr, "s3share: warning: team ledger: %s\n", words(p))
	}
	for _, r := range rejected {
		fmt.Fprintf(g.stderr, "s3share: warning: team ledger: %s\n", words(r))
	}
}
