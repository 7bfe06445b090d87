package cli

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/s3share/s3share/config"
	"github.com/s3share/s3share/history"
	"github.com/s3share/s3share/ledger"
	"github.com/s3share/s3share/s3browse"
	"github.com/s3share/s3share/team"
	"github.com/s3share/s3share/termtext"
)

// teamCmd groups the team ledger's commands.
type teamCmd struct {
	Init   teamInitCmd   `cmd:"" help:"Start a team ledger at s3://BUCKET/PREFIX/ (once the server's conditional writes pass a probe), join it and make it the team setting."`
	Join   teamJoinCmd   `cmd:"" help:"Join the team ledger at s3://BUCKET/PREFIX/, make it the team setting and bring in the team's links."`
	Status teamStatusCmd `cmd:"" help:"Show the team ledger: where it is, its members, how far this history has read it, what waits to be pushed."`
	Sync   teamSyncCmd   `cmd:"" help:"Push this history's changes to the team ledger, then bring in the team's; print what changed."`
}

// teamJoinCmd joins an existing ledger; init is the same, starting one.
type teamJoinCmd struct {
	Location string `arg:"" name:"s3://BUCKET/PREFIX/" help:"Where the team's ledger is."`
	Name     string `help:"Your member name: letters, digits, dots, hyphens and underscores (default: your user name)." placeholder:"NAME"`
	Display  string `help:"The name teammates see (default: NAME)." placeholder:"TEXT"`
}

// teamInitCmd starts a ledger.
type teamInitCmd struct{ teamJoinCmd }

// Run probes the server, starts the ledger, joins it and writes the
// setting.
func (c *teamInitCmd) Run(ctx context.Context, g *globals) error { return c.run(ctx, g, true) }

// Run joins the ledger, writes the setting and brings in the team's links.
func (c *teamJoinCmd) Run(ctx context.Context, g *globals) error { return c.run(ctx, g, false) }

// run is init (start) or join.
func (c *teamJoinCmd) run(ctx context.Context, g *globals, start bool) error {
	loc, err := config.CheckTeam(c.Location)
	if err != nil {
		return usagef("%s: %v", c.Location, err)
	}
	name, err := c.memberName(g)
	if err != nil {
		return err
	}
	h, err := g.openHistory(ctx)
	if err != nil {
		return err
	}
	defer h.Close()
	b, err := g.browser(ctx)
	if err != nil {
		return err
	}
	cfg, err := g.teamConfig(loc, h, b)
	if err != nil {
		return err
	}
	opt, err := g.prepareJoin(ctx, cfg, b, start)
	if err != nil {
		return err
	}
	opt.Name, opt.Display = name, c.Display
	_, s, err := team.Join(ctx, cfg, opt)
	if err != nil {
		return joinFailed(err, loc)
	}
	verb := "Joined"
	if start {
		verb = "Started"
	}
	fmt.Fprintf(g.stderr, "%s the team ledger %s as %s (%s).\n", verb, termtext.Escape(loc), name, opt.Probe)
	if s.EntryPending() {
		fmt.Fprintf(g.stderr, "s3share: warning: these credentials may not write to %s: you see the team's links, "+
			"but teammates see neither you nor yours until a push can write them (every push tries again; they wait in the outbox)\n",
			termtext.Escape(loc))
	}
	g.saveTeam(ctx, loc)
	if !start {
		return g.syncAndTell(ctx, s)
	}
	return nil
}

// memberName is --name, else the user's name made into a member name.
func (c *teamJoinCmd) memberName(g *globals) (string, error) {
	if c.Name != "" {
		if !ledger.ValidName(c.Name) {
			return "", usagef("--name %q: use 1 to 64 letters, digits, dots, hyphens and underscores, starting with a letter or digit", c.Name)
		}
		return c.Name, nil
	}
	name := strings.Map(func(r rune) rune {
		if r < 0x80 && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("._-", r)) {
			return r
		}
		return -1
	}, g.env.User)
	name = strings.TrimLeft(name, "._-")
	if len(name) > 64 {
		name = name[:64]
	}
	if !ledger.ValidName(name) {
		return "", usagef("give your member name with --name NAME (letters, digits, dots, hyphens and underscores)")
	}
	return name, nil
}

// prepareJoin measures the server's clock, runs the capability probe and
// learns who the credentials are (the caller's ARN where the server
// answers STS, else the access key id): what joining records.
func (g *globals) prepareJoin(ctx context.Context, cfg team.Config, b *s3browse.Browser, start bool) (team.JoinOptions, error) {
	var opt team.JoinOptions
	chk, err := b.CheckBucket(ctx, cfg.Bucket)
	if err != nil {
		return opt, err
	}
	if chk.Dated {
		opt.Skew = chk.Skew
	}
	res, err := ledger.Probe(ctx, b, cfg.Bucket, cfg.Prefix)
	switch {
	case errors.Is(err, ledger.ErrNotConditional):
		return opt, fmt.Errorf("%w; a team ledger needs them, so nothing was written", err)
	case err != nil && (start || !errors.Is(err, s3browse.ErrAccessDenied)):
		return opt, fmt.Errorf("the capability probe failed: %w", err)
	case err != nil:
		opt.Probe = "probe not run: these credentials may not write there"
	default:
		opt.Probe = "the server's conditional writes hold"
	}
	if res.Leftover != nil {
		fmt.Fprintf(g.stderr, "s3share: warning: the probe's objects were left under %sprobe/: %s\n", termtext.Escape(cfg.Location()), words(res.Leftover))
	}
	if opt.Identity, err = b.CallerIdentity(ctx); err != nil {
		return opt, err
	}
	opt.Start = start
	return opt, nil
}

// joinFailed words the ledger's refusals for the command line.
func joinFailed(err error, loc string) error {
	switch {
	case errors.Is(err, ledger.ErrAlreadyLedger):
		return fmt.Errorf("%w (s3share team join %s)", err, loc)
	case errors.Is(err, ledger.ErrNotLedger):
		return fmt.Errorf("%w (s3share team init %s starts one)", err, loc)
	case errors.Is(err, ledger.ErrNameTaken):
		return fmt.Errorf("%w (--name)", err)
	}
	return err
}

// saveTeam writes the team setting into the config file, or says how to.
func (g *globals) saveTeam(ctx context.Context, loc string) {
	path := g.settings.File
	if path == "" {
		fmt.Fprintf(g.stderr, "s3share: no config file here: set S3SHARE_TEAM=%s or pass --team %s\n", loc, loc)
		return
	}
	if err := config.WriteSetting(ctx, path, config.KeyTeam, loc); err != nil {
		fmt.Fprintf(g.stderr, "s3share: warning: %s: add team = %q to %s yourself\n", words(err), loc, termtext.Escape(path))
		return
	}
	fmt.Fprintf(g.stderr, "Wrote team = %q to %s: presign, renew, revoke, check and history rm now share with the team (--no-team for one command).\n",
		loc, termtext.Escape(path))
	if _, origin, _ := g.settings.Value(config.KeyTeam); origin.Source == config.SourceEnv {
		fmt.Fprintf(g.stderr, "s3share: note: %s still chooses the team while it is set\n", origin.Where)
	}
}

// teamStatusCmd shows the team ledger.
type teamStatusCmd struct{}

// Run prints where the ledger is, who is in it, how far this history has
// read it and what waits to be pushed. Members are read from the bucket;
// when it cannot be reached the rest is still shown.
func (c *teamStatusCmd) Run(ctx context.Context, g *globals) error {
	h, s, err := g.openTeam(ctx, false)
	if err != nil {
		return err
	}
	defer h.Close()
	st := teamStatus{Member: s.Member()}
	st.Applied, st.Waiting, err = h.TeamCounts(ctx, st.Member.Ledger)
	if err != nil {
		return err
	}
	mctx, cancel := context.WithTimeout(ctx, checkTimeoutCLI)
	defer cancel()
	st.Members, st.Damaged, st.MembersErr = s.Ledger().Members(mctx)
	st.now = g.now()
	return g.out().print(st)
}

// checkTimeoutCLI bounds the reads a status makes.
const checkTimeoutCLI = 10 * time.Second

// skewAge is how old a measure of the ledger server's clock may be
// before team sync measures it again (one HeadBucket).
const skewAge = 24 * time.Hour

// openTeam opens the history and the session of the team in force: an
// error when there is none or the history has not joined it. With
// measure, a measure of the server's clock older than skewAge is taken
// again first, for the events' times.
func (g *globals) openTeam(ctx context.Context, measure bool) (*history.History, *team.Session, error) {
	loc := g.teamLocation()
	if loc == "" {
		return nil, nil, errors.New("no team ledger: join one with s3share team join s3://BUCKET/PREFIX/ (or give --team)")
	}
	h, err := g.openHistory(ctx)
	if err != nil {
		return nil, nil, err
	}
	b, err := g.browser(ctx)
	if err == nil && measure {
		err = g.measureSkew(ctx, h, b, loc)
	}
	if err == nil {
		var cfg team.Config
		if cfg, err = g.teamConfig(loc, h, b); err == nil {
			var s *team.Session
			if s, err = team.Open(ctx, cfg); err == nil {
				return h, s, nil
			}
		}
	}
	h.Close()
	if errors.Is(err, team.ErrNotJoined) {
		return nil, nil, fmt.Errorf("this history has not joined the team ledger %s: s3share team join %s", loc, loc)
	}
	return nil, nil, err
}

// measureSkew measures the ledger server's clock again when the history's
// measure is older than skewAge; a failure leaves the old one.
func (g *globals) measureSkew(ctx context.Context, h *history.History, b *s3browse.Browser, loc string) error {
	m, err := h.TeamMember(ctx, loc)
	if err != nil || g.now().Sub(m.SkewAt) < skewAge {
		return err
	}
	l, err := s3browse.ParseLocation(loc)
	if err != nil {
		return err
	}
	chk, err := b.CheckBucket(ctx, l.Bucket)
	if err != nil || !chk.Dated {
		return nil // the sync says what is wrong with the bucket
	}
	return h.NoteTeamSkew(ctx, loc, chk.Skew, g.now())
}

// teamSyncCmd pushes, then pulls.
type teamSyncCmd struct{}

// Run pushes the outbox, pulls, and prints what changed (measuring the
// server's clock again first when the last measure is a day old). A push
// that fails keeps the outbox and fails the command once the pull is
// done.
func (c *teamSyncCmd) Run(ctx context.Context, g *globals) error {
	h, s, err := g.openTeam(ctx, true)
	if err != nil {
		return err
	}
	defer h.Close()
	return g.syncAndTell(ctx, s)
}

// syncAndTell syncs s and prints what it did.
func (g *globals) syncAndTell(ctx context.Context, s *team.Session) error {
	res, err := s.Sync(ctx)
	g.teamProblems(res.Push.Problems, append(res.Push.Pulled.Rejected, res.Pull.Rejected...))
	if err != nil {
		return err
	}
	if perr := g.out().print(syncRecord{res, s.Member().Member}); perr != nil {
		return perr
	}
	if res.PushErr != nil {
		return fmt.Errorf("not pushed, kept in the outbox for the next sync: %w", res.PushErr)
	}
	return nil
}
