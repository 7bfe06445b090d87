package cli

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/s3share/s3share/history"
	"github.com/s3share/s3share/linkfmt"
	"github.com/s3share/s3share/opens"
	"github.com/s3share/s3share/presigned"
	"github.com/s3share/s3share/termtext"
)

// historyCmd groups the history subcommands; listing is the default.
type historyCmd struct {
	List  historyListCmd  `cmd:"" default:"withargs" help:"List issued links, newest first (the default)."`
	Rm    historyRmCmd    `cmd:"" help:"Delete one link (or gallery) from the history; --delete-copy deletes its share copies first."`
	Label historyLabelCmd `cmd:"" help:"Change a link's label (a gallery's, on its row); no LABEL clears it. With a team, for everyone."`
	Prune historyPruneCmd `cmd:"" help:"Delete every link that no longer works and has no share copy left."`
}

// historyListCmd lists issued links.
type historyListCmd struct {
	Active  bool           `help:"Only links that still work." xor:"status"`
	Expired bool           `help:"Only links that no longer work." xor:"status"`
	Search  string         `help:"Only links whose bucket, key or label contains TEXT." placeholder:"TEXT"`
	Format  optionalFormat `enum:",url,markdown,html,message,csv,json" default:"" help:"Hand the listed links out again in a format (url, markdown, html, message, csv, json) instead of the table." placeholder:"FORMAT"`
	Mine    bool           `help:"With a team: only the links you issued, not your teammates'."`
}

// Run prints the history.
func (c *historyListCmd) Run(ctx context.Context, g *globals) error {
	h, err := g.openHistory(ctx)
	if err != nil {
		return err
	}
	defer h.Close()
	q := history.Query{Filter: history.FilterAll, Search: c.Search}
	switch {
	case c.Active:
		q.Filter = history.FilterActive
	case c.Expired:
		q.Filter = history.FilterExpired
	}
	team, err := c.teamView(ctx, g, h, &q)
	if err != nil {
		return err
	}
	links, err := h.List(ctx, q)
	if err != nil {
		return err
	}
	if links, err = withMembers(ctx, h, links); err != nil { // a gallery's row counts its images
		return err
	}
	st, err := opens.Summaries(ctx, h, linkIDs(flatten(links)))
	if err != nil {
		return err
	}
	now, out := g.now(), g.out()
	record := func(l presigned.Link) record { return historyRecord{l, now, st, team} }
	if f, ok := c.Format.format(); ok {
		return out.links(g.usableLinks(links), f, g.now, record)
	}
	for _, l := range links {
		if err := out.print(record(l)); err != nil {
			return err
		}
	}
	if len(links) > 0 && !g.jsonOutput() {
		fmt.Fprintf(g.stderr, "Opened: %s (s3share opens reads new ones).\n", opens.UpTo(st.LogsUpTo, now, time.Local))
	}
	return nil
}

// teamView reads, with a team in force, the member this history is in it
// (for --mine) and reports that rows show their issuer. Nothing is asked
// of the network: team sync brings the team's links in.
func (c *historyListCmd) teamView(ctx context.Context, g *globals, h *history.History, q *history.Query) (bool, error) {
	loc := g.teamLocation()
	if loc == "" {
		return false, nil
	}
	m, err := h.TeamMember(ctx, loc)
	if errors.Is(err, history.ErrNotJoined) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	q.Mine, q.Me = c.Mine, m.Member
	return true, nil
}

// usableLinks leaves out teammates' links, whose URLs (without their
// signatures) cannot be handed out, and says how many.
func (g *globals) usableLinks(links []presigned.Link) []presigned.Link {
	var out []presigned.Link
	for _, l := range links {
		if !l.FromTeam {
			out = append(out, l)
		}
	}
	if n := len(links) - len(out); n > 0 {
		fmt.Fprintf(g.stderr, "s3share: %s left out: only their issuers hold their working URLs (--mine lists your own)\n",
			presigned.Plural(n, "teammate's link"))
	}
	return out
}

// historyRecord is one link of `history`: its row, or its JSON object,
// with what the access logs read so far say of it.
type historyRecord struct {
	l    presigned.Link
	now  time.Time
	st   opens.Stored
	team bool // a team is in force: rows show their issuer
}

func (r historyRecord) text() string {
	return historyLine(r.l, r.now, opens.Column(r.st.ByLink[r.l.ID], r.now), r.team)
}
func (r historyRecord) object() any { return toHistoryJSON(r.l, r.now, r.st) }

// withMembers loads the images of the galleries among links into them.
func withMembers(ctx context.Context, h *history.History, links []presigned.Link) ([]presigned.Link, error) {
	all, err := h.WithMembers(ctx, links)
	if err != nil {
		return nil, err
	}
	return all[:len(links)], nil
}

// historyJSON is one line of history --json.
type historyJSON struct {
	linkJSON
	Issuer  string        `json:"issuer,omitempty"`  // the team member who issued it
	TeamID  string        `json:"team_id,omitempty"` // its id in the team ledger, the same in every member's history
	Status  string        `json:"status"`
	Check   *checkedAt    `json:"check,omitempty"`
	Gallery bool          `json:"gallery,omitempty"`
	Images  []historyJSON `json:"images,omitempty"`
	Opens   opensJSON     `json:"opens"`
}

// checkedAt is the last live check of a link.
type checkedAt struct {
	Verdict string    `json:"verdict"`
	Detail  string    `json:"detail"`
	At      time.Time `json:"at"`
}

// toHistoryJSON builds one line of history --json.
func toHistoryJSON(l presigned.Link, now time.Time, st opens.Stored) historyJSON {
	j := historyJSON{linkJSON: linkToJSON(l), Issuer: l.Issuer, TeamID: l.TeamID, Status: l.StatusAt(now).String(),
		Opens: toOpensJSON(st.ByLink[l.ID], st.LogsUpTo)}
	if l.Check.Checked() {
		j.Check = &checkedAt{string(l.Check.Kind), l.Check.Detail, l.Check.At.UTC()}
	}
	j.Gallery = l.Gallery
	for _, m := range l.Members {
		j.Images = append(j.Images, toHistoryJSON(m, now, st))
	}
	return j
}

// historyLine is one human-readable history row, with what the access
// logs say of its opens; the last check shows when it contradicts the
// clock. A gallery is named as the UI names it (share.Link.Title), its
// page's object after it; with a team, the issuer comes before it. Keys and
// labels come from outside: escaped.
func historyLine(l presigned.Link, now time.Time, opened string, team bool) string {
	object := objectName(l)
	if team {
		issuer := l.Issuer
		if issuer == "" {
			issuer = "-" // issued here before the team, or with --no-team
		}
		object = fmt.Sprintf("%-12s  %s", issuer, object)
	}
	line := fmt.Sprintf("%6d  %-13s  %-22s  %-24s  %s", l.ID, l.StatusAt(now), l.TimeLeft(now), opened, termtext.Escape(object))
	if l.Contradicted(now) {
		line += fmt.Sprintf("  · %s (checked %s)", l.Check.Kind, presigned.CheckedAgo(now, l.Check.At))
	}
	return line
}

// historyRmCmd deletes one history entry.
type historyRmCmd struct {
	ID         int64 `arg:"" help:"The link's id, as listed by s3share history."`
	DeleteCopy bool  `name:"delete-copy" help:"First delete the link's share copy (a gallery's page and image copies), as revoke does."`
}

// Run deletes the entry (a gallery with its images), first deleting its
// share copies when asked; otherwise it says what stays in the bucket.
func (c *historyRmCmd) Run(ctx context.Context, g *globals) error {
	return g.withTeamHistory(ctx, func(h *history.History) error { return c.remove(ctx, g, h) })
}

// remove deletes the entry from h.
func (c *historyRmCmd) remove(ctx context.Context, g *globals, h *history.History) error {
	l, err := h.Get(ctx, c.ID)
	if err == nil {
		l, err = withMembersOf(ctx, h, l)
	}
	if err != nil {
		return notInHistory(err, c.ID)
	}
	left := copiesLeft(l)
	if c.DeleteCopy && left > 0 {
		b, err := g.browser(ctx)
		if err != nil {
			return err
		}
		if _, err := g.pipeline(b, h).Revoke(ctx, l); err != nil {
			return fmt.Errorf("%w; the link stays in the history", wordCopyError(err))
		}
	}
	if err := h.Delete(ctx, c.ID); err != nil {
		return notInHistory(err, c.ID)
	}
	fmt.Fprintln(g.stderr, rmLine(l, left, c.DeleteCopy))
	return nil
}

// historyLabelCmd changes the label of one history entry.
type historyLabelCmd struct {
	ID    int64  `arg:"" help:"The link's id, as listed by s3share history."`
	Label string `arg:"" optional:"" help:"The new label; left out (or \"\") clears it."`
}

// Run relabels the entry; with a team, the change is pushed after it (a
// teammate's link too: any member may relabel any link).
func (c *historyLabelCmd) Run(ctx context.Context, g *globals) error {
	return g.withTeamHistory(ctx, func(h *history.History) error {
		if err := h.Relabel(ctx, c.ID, c.Label); err != nil {
			return notInHistory(err, c.ID)
		}
		if c.Label == "" {
			fmt.Fprintf(g.stderr, "Cleared the label of link %d.\n", c.ID)
		} else {
			fmt.Fprintf(g.stderr, "Labelled link %d: %s\n", c.ID, termtext.Escape(c.Label))
		}
		return nil
	})
}

// withMembersOf returns l with a gallery's images loaded.
func withMembersOf(ctx context.Context, h *history.History, l presigned.Link) (presigned.Link, error) {
	all, err := h.WithMembers(ctx, []presigned.Link{l})
	if err != nil {
		return presigned.Link{}, err
	}
	return all[0], nil
}

// notInHistory words a missing id for the command line.
func notInHistory(err error, id int64) error {
	if errors.Is(err, history.ErrNotFound) {
		return fmt.Errorf("no link with id %d in the history (see s3share history)", id)
	}
	return err
}

// copiesLeft counts the share copies of l (and of a gallery's images)
// that s3share has not deleted.
func copiesLeft(l presigned.Link) int {
	n := 0
	for _, c := range append([]presigned.Link{l}, l.Members...) {
		if c.HasCopy() {
			n++
		}
	}
	return n
}

// rmLine says what history rm did, and what it left in the bucket.
func rmLine(l presigned.Link, copies int, deleted bool) string {
	what, verb, it := "its share copy", "stays", "it"
	if copies > 1 {
		what, verb, it = fmt.Sprintf("its %d share copies", copies), "stay", "them"
	}
	switch {
	case copies > 0 && deleted:
		return fmt.Sprintf("Deleted link %d and %s: the link answers 404.", l.ID, what)
	case copies > 0:
		return fmt.Sprintf("Deleted link %d from the history; %s %s in the bucket until a lifecycle rule expires %s "+
			"(see the README). history rm --delete-copy deletes the copies first.", l.ID, what, verb, it)
	case l.Gallery:
		return fmt.Sprintf("Deleted gallery %d from the history. Its images' links work until they expire.", l.ID)
	}
	return fmt.Sprintf("Deleted link %d from the history. The link works until it expires.", l.ID)
}

// historyPruneCmd deletes links that no longer work.
type historyPruneCmd struct {
	DeleteCopies bool `name:"delete-copies" help:"First delete the share copies of revocable links that no longer work, so that they can be forgotten too."`
}

// Run forgets the links that no longer work, first deleting their share
// copies when asked. A link whose copy is still there is kept: the history
// is what finds that copy again.
func (c *historyPruneCmd) Run(ctx context.Context, g *globals) error {
	h, err := g.openHistory(ctx)
	if err != nil {
		return err
	}
	defer h.Close()
	var failed error
	if c.DeleteCopies {
		failed = c.deleteCopies(ctx, g, h)
	}
	res, err := h.PruneExpired(ctx)
	if err != nil {
		return errors.Join(failed, err)
	}
	fmt.Fprintf(g.stderr, "Pruned %d expired link(s).\n", res.Forgotten)
	switch {
	case res.Kept > 0 && c.DeleteCopies:
		fmt.Fprintf(g.stderr, "Kept %d expired link(s) whose share copies were not deleted.\n", res.Kept)
	case res.Kept > 0:
		fmt.Fprintf(g.stderr, "Kept %d expired link(s) whose share copies are still in the bucket: "+
			"history prune --delete-copies deletes the copies, then forgets the links.\n", res.Kept)
	}
	return failed
}

// deleteCopies deletes the share copies of links that no longer work,
// where each was issued. A copy refused (not one s3share made for its link)
// is reported and its link kept; a failure stops the deletions, and the
// links whose copies are left are kept to try again.
func (c *historyPruneCmd) deleteCopies(ctx context.Context, g *globals, h *history.History) error {
	expired, err := h.ExpiredCopies(ctx)
	if err != nil || len(expired) == 0 {
		return err
	}
	b, err := g.browser(ctx)
	if err != nil {
		return err
	}
	done, refused, err := g.pipeline(b, h).DeleteCopies(ctx, expired)
	for _, r := range refused {
		fmt.Fprintf(g.stderr, "s3share: %s\n", termtext.Escape(wordCopyError(r).Error()))
	}
	fmt.Fprintf(g.stderr, "Deleted %d share copies.\n", done)
	if err != nil {
		return fmt.Errorf("deleting share copies stopped, their links are kept: %w", err)
	}
	if len(refused) > 0 {
		return fmt.Errorf("%d share copies were refused (see above): their links are kept", len(refused))
	}
	return nil
}

// optionalFormat is a format flag that may be left out ("" is the table):
// 0 when unset, else the format plus one.
type optionalFormat int

// UnmarshalText reads a format's name; "" leaves it unset.
func (o *optionalFormat) UnmarshalText(text []byte) error {
	if len(text) == 0 {
		*o = 0
		return nil
	}
	var f linkfmt.Format
	if err := f.UnmarshalText(text); err != nil {
		return err
	}
	*o = optionalFormat(f) + 1
	return nil
}

// format is the format chosen, and whether one was.
func (o optionalFormat) format() (linkfmt.Format, bool) { return linkfmt.Format(o - 1), o != 0 }

// String is the format's name, "" when unset (kong's enum check reads it).
func (o optionalFormat) String() string {
	if f, ok := o.format(); ok {
		return f.String()
	}
	return ""
}
