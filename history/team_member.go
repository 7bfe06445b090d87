package history

import (
	"context"
	"database/sql"
	"errors"
	"time"
)

// TeamMember is this history's membership of a team ledger.
type TeamMember struct {
	Ledger   string // s3://bucket/prefix/
	Member   string // this history's member name there
	Identity string // who the server said it was when it joined
	Display  string // the display name it joined with, "" for the name
	// Joined is the server's time of its member entry in the ledger
	// (members/NAME.json); zero while the entry is not written (the
	// credentials it joined with could not write it: EntryPending).
	Joined   time.Time
	Probe    string        // what the capability probe found, in a few words
	Skew     time.Duration // the ledger server's clock minus ours
	SkewAt   time.Time     // when Skew was measured (zero: never)
	Position TeamPosition
	SyncAt   time.Time // local time of the last sync that reached the ledger
	SyncNote string    // why the last push or pull failed, "" when it did not
}

// TeamPosition is how far this history has read a ledger's log.
type TeamPosition struct {
	Applied int64     // the last log object applied, 0 for none
	Synced  time.Time // server time the log was last seen to end at Applied
}

// EntryPending reports whether this member's entry in the ledger is not
// written yet.
func (m TeamMember) EntryPending() bool { return m.Joined.IsZero() }

// JoinTeam records that this history is m.Member of m.Ledger (its name,
// identity, display name, probe and clock skew). Joining again keeps how
// far the log was read, and the outbox.
func (h *History) JoinTeam(ctx context.Context, m TeamMember) error {
	if err := h.writable(); err != nil {
		return err
	}
	_, err := h.db.ExecContext(ctx, `INSERT INTO team_ledgers (ledger, member, identity, display, joined_at, probe, skew, skew_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (ledger) DO UPDATE SET member = excluded.member, identity = excluded.identity, display = excluded.display,
			joined_at = excluded.joined_at, probe = excluded.probe, skew = excluded.skew, skew_at = excluded.skew_at`,
		m.Ledger, m.Member, m.Identity, m.Display, unixOrNone(m.Joined), m.Probe, int64(m.Skew), unixOrNone(m.SkewAt))
	if err != nil {
		return h.wrap("cannot record the team", err)
	}
	return nil
}

// TeamMember returns this history's membership of ledger, or an error
// wrapping ErrNotJoined.
func (h *History) TeamMember(ctx context.Context, ledger string) (TeamMember, error) {
	m := TeamMember{Ledger: ledger}
	var joined, skew, skewAt, applied, synced, syncAt int64
	err := h.db.QueryRowContext(ctx, `SELECT member, identity, display, joined_at, probe, skew, skew_at, applied, synced,
		sync_at, sync_note FROM team_ledgers WHERE ledger = ?`, ledger).Scan(&m.Member, &m.Identity, &m.Display, &joined, &m.Probe,
		&skew, &skewAt, &applied, &synced, &syncAt, &m.SyncNote)
	if errors.Is(err, sql.ErrNoRows) {
		return TeamMember{}, h.notJoined(ledger)
	}
	if err != nil {
		return TeamMember{}, h.wrap("cannot read", err)
	}
	m.Joined, m.Skew, m.SkewAt = unixOrZero(joined), time.Duration(skew), unixOrZero(skewAt)
	m.Position = TeamPosition{Applied: applied, Synced: unixOrZero(synced)}
	m.SyncAt = unixOrZero(syncAt)
	return m, nil
}

// TeamPosition returns how far this history has read ledger's log.
func (h *History) TeamPosition(ctx context.Context, ledger string) (TeamPosition, error) {
	var applied, synced int64
	err := h.db.QueryRowContext(ctx, "SELECT applied, synced FROM team_ledgers WHERE ledger = ?", ledger).Scan(&applied, &synced)
	if errors.Is(err, sql.ErrNoRows) {
		return TeamPosition{}, h.notJoined(ledger)
	}
	if err != nil {
		return TeamPosition{}, h.wrap("cannot read", err)
	}
	return TeamPosition{Applied: applied, Synced: unixOrZero(synced)}, nil
}

// NoteTeamSync records the end of a sync with ledger at at (local time):
// note is why it failed, "" when it reached the ledger.
func (h *History) NoteTeamSync(ctx context.Context, ledger string, at time.Time, note string) error {
	if h.writable() != nil {
		return nil // only what status shows: a read-only history just does not learn it
	}
	query := "UPDATE team_ledgers SET sync_at = ?, sync_note = '' WHERE ledger = ?"
	args := []any{at.UnixNano(), ledger}
	if note != "" {
		query, args = "UPDATE team_ledgers SET sync_note = ? WHERE ledger = ?", []any{note, ledger}
	}
	if _, err := h.db.ExecContext(ctx, query, args...); err != nil {
		return h.wrap("cannot record the sync", err)
	}
	return nil
}

// NoteTeamEntry records that this member's entry in ledger was written
// (or found) with the join time joined (server time).
func (h *History) NoteTeamEntry(ctx context.Context, ledger string, joined time.Time) error {
	if err := h.writable(); err != nil {
		return err
	}
	if _, err := h.db.ExecContext(ctx, "UPDATE team_ledgers SET joined_at = ? WHERE ledger = ?", unixOrNone(joined), ledger); err != nil {
		return h.wrap("cannot record the member entry", err)
	}
	return nil
}

// NoteTeamSkew records the ledger server's clock skew, measured at at.
func (h *History) NoteTeamSkew(ctx context.Context, ledger string, skew time.Duration, at time.Time) error {
	if h.writable() != nil {
		return nil
	}
	_, err := h.db.ExecContext(ctx, "UPDATE team_ledgers SET skew = ?, skew_at = ? WHERE ledger = ?", int64(skew), at.UnixNano(), ledger)
	if err != nil {
		return h.wrap("cannot record the clock skew", err)
	}
	return nil
}
