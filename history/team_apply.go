package history

import (
	"context"
	"database/sql"
	"errors"
	"slices"

	"github.com/s3share/s3share/presigned"
)

// TeamEvent is one event applied from a ledger, as the history keeps it.
type TeamEvent struct {
	ID   string
	Link string // the team id of the link it is about
	Body []byte // as the ledger encodes it
	New  bool   // applied by this call, not held here before
}

// TeamLink is where one shared link stands after the events this history
// holds of it: what ApplyTeam makes of its row.
type TeamLink struct {
	// Link is the link as the team sees it: TeamID, Issuer and the
	// issued record's fields, with its label, revoke and last check.
	Link   presigned.Link
	Parent string // the team id of the gallery it belongs to, "" for none
	Gone   bool   // removed from the team's history: its row is deleted here
	// Fresh says its issue was applied by this call: a teammate's link is
	// added only then (one forgotten here, by a prune, stays forgotten).
	Fresh bool
}

// TeamFold decides where each link stands from every event held of it
// (byLink, by team link id, the new events among them). A link it leaves
// out is not touched.
type TeamFold func(byLink map[string][]TeamEvent) ([]TeamLink, error)

// inChunk is how many values one IN (...) names.
const inChunk = 500

// ApplyTeam applies events from ledger, all at once or not at all: it
// keeps each (one held already is kept once), takes them out of the
// outbox, moves the position forward (each field only forward, a zero one
// not at all), and brings the rows of the links they touch to where fold
// says they stand. A teammate's link is added with its URL as the ledger
// holds it (no signature); a link issued here keeps its own.
func (h *History) ApplyTeam(ctx context.Context, ledger string, pos TeamPosition, events []TeamEvent, fold TeamFold) error {
	if err := h.writable(); err != nil {
		return err
	}
	err := h.inTx(ctx, func(tx *sql.Tx) error {
		if err := h.advance(ctx, tx, ledger, pos); err != nil || len(events) == 0 {
			return err
		}
		fresh, err := storeEvents(ctx, tx, ledger, events)
		if err != nil {
			return err
		}
		byLink, err := heldEvents(ctx, tx, ledger, events, fresh)
		if err != nil {
			return err
		}
		links, err := fold(byLink)
		if err != nil {
			return err
		}
		return writeTeamLinks(ctx, tx, links)
	})
	if errors.Is(err, ErrNotJoined) {
		return err
	}
	if err != nil {
		return h.wrap("cannot apply the team's events", err)
	}
	return nil
}

// advance moves ledger's position forward to pos.
func (h *History) advance(ctx context.Context, tx *sql.Tx, ledger string, pos TeamPosition) error {
	res, err := tx.ExecContext(ctx, "UPDATE team_ledgers SET applied = max(applied, ?), synced = max(synced, ?) WHERE ledger = ?",
		pos.Applied, unixOrNone(pos.Synced), ledger)
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err == nil && n == 0 {
		err = h.notJoined(ledger)
	}
	return err
}

// storeEvents keeps events and takes them out of the outbox; it returns
// the ids of those not held before.
func storeEvents(ctx context.Context, tx *sql.Tx, ledger string, events []TeamEvent) (map[string]bool, error) {
	ins, err := tx.PrepareContext(ctx, "INSERT INTO team_events (ledger, id, link, body) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING")
	if err != nil {
		return nil, err
	}
	defer ins.Close()
	del, err := tx.PrepareContext(ctx, "DELETE FROM team_outbox WHERE ledger = ? AND id = ?")
	if err != nil {
		return nil, err
	}
	defer del.Close()
	fresh := map[string]bool{}
	for _, e := range events {
		res, err := ins.ExecContext(ctx, ledger, e.ID, e.Link, e.Body)
		if err != nil {
			return nil, err
		}
		if n, err := res.RowsAffected(); err != nil {
			return nil, err
		} else if n > 0 {
			fresh[e.ID] = true
		}
		if _, err := del.ExecContext(ctx, ledger, e.ID); err != nil {
			return nil, err
		}
	}
	return fresh, nil
}

// heldEvents returns every event held of the links events touch, by
// link, those in fresh marked new.
func heldEvents(ctx context.Context, tx *sql.Tx, ledger string, events []TeamEvent, fresh map[string]bool) (map[string][]TeamEvent, error) {
	var ids []string
	seen := map[string]bool{}
	for _, e := range events {
		if !seen[e.Link] {
			seen[e.Link] = true
			ids = append(ids, e.Link)
		}
	}
	out := make(map[string][]TeamEvent, len(ids))
	for start := 0; start < len(ids); start += inChunk {
		chunk := ids[start:min(start+inChunk, len(ids))]
		args := []any{ledger}
		for _, id := range chunk {
			args = append(args, id)
		}
		rows, err := tx.QueryContext(ctx, "SELECT id, link, body FROM team_events WHERE ledger = ? AND link IN ("+inList(len(chunk))+")", args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var e TeamEvent
			if err := rows.Scan(&e.ID, &e.Link, &e.Body); err != nil {
				rows.Close()
				return nil, err
			}
			e.New = fresh[e.ID]
			out[e.Link] = append(out[e.Link], e)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// teamUpdateSQL brings an existing row to the team's view: the label, a
// revoke it did not know, a check newer than its own.
const teamUpdateSQL = `UPDATE links SET label = ?1,
	revoked_at    = CASE WHEN revoked_at = 0 THEN ?2 ELSE revoked_at END,
	check_verdict = CASE WHEN ?5 > checked_at THEN ?3 ELSE check_verdict END,
	check_detail  = CASE WHEN ?5 > checked_at THEN ?4 ELSE check_detail END,
	checked_at    = max(checked_at, ?5)
	WHERE id = ?6`

// writeTeamLinks brings the rows of links to where they stand: galleries
// before their images, so an image finds its page.
func writeTeamLinks(ctx context.Context, tx *sql.Tx, links []TeamLink) error {
	links = slices.Clone(links)
	slices.SortStableFunc(links, func(a, b TeamLink) int {
		return boolRank(a.Parent != "") - boolRank(b.Parent != "")
	})
	var insert *sql.Stmt
	defer func() {
		if insert != nil {
			insert.Close()
		}
	}()
	for _, tl := range links {
		var id int64
		err := tx.QueryRowContext(ctx, "SELECT id FROM links WHERE team_id = ?", tl.Link.TeamID).Scan(&id)
		found := err == nil
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		err = nil
		l := tl.Link
		switch {
		case tl.Gone && found:
			_, err = tx.ExecContext(ctx, "DELETE FROM links WHERE id = ? OR parent_id = ?", id, id)
		case tl.Gone:
		case found:
			_, err = tx.ExecContext(ctx, teamUpdateSQL, l.Label, unixOrNone(l.RevokedAt), string(l.Check.Kind), l.Check.Detail,
				unixOrNone(l.Check.At), id)
		case tl.Fresh:
			if insert == nil {
				if insert, err = tx.PrepareContext(ctx, insertSQL); err != nil {
					return err
				}
			}
			err = insertTeammate(ctx, tx, insert, tl)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// insertTeammate adds a teammate's link, as a member of its gallery when
// the gallery is here.
func insertTeammate(ctx context.Context, tx *sql.Tx, insert *sql.Stmt, tl TeamLink) error {
	l := tl.Link
	l.ID, l.Parent, l.FromTeam = 0, 0, true
	if tl.Parent != "" {
		err := tx.QueryRowContext(ctx, "SELECT id FROM links WHERE team_id = ?", tl.Parent).Scan(&l.Parent)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
	}
	_, err := insertLink(ctx, insert, l)
	return err
}

// boolRank is 1 for true, 0 for false.
func boolRank(b bool) int {
	if b {
		return 1
	}
	return 0
}
