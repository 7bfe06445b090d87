package history

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"time"

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
	// Hits are requests through the link a member found in access logs,
	// stored with the link's row unless their request id is stored
	// already (LinkID is ignored).
	Hits []Hit
	// LogsUpTo is how far the logs behind the link's opened events go;
	// the ledger's time (LogsUpTo) moves forward to the newest of them.
	LogsUpTo time.Time
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
		prior, err := linksWithEvents(ctx, tx, ledger, linkIDsOf(events))
		if err != nil {
			return err
		}
		fresh, err := storeEvents(ctx, tx, ledger, events)
		if err != nil {
			return err
		}
		byLink, err := heldEvents(ctx, tx, ledger, events, fresh, prior)
		if err != nil {
			return err
		}
		links, err := fold(byLink)
		if err != nil {
			return err
		}
		if err := writeTeamLinks(ctx, tx, links); err != nil {
			return err
		}
		return teamLogsUpTo(ctx, tx, ledger, links)
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

// teamLogsUpTo moves ledger's logs-up-to time forward to the newest of
// links'.
func teamLogsUpTo(ctx context.Context, tx *sql.Tx, ledger string, links []TeamLink) error {
	var upTo time.Time
	for _, tl := range links {
		if tl.LogsUpTo.After(upTo) {
			upTo = tl.LogsUpTo
		}
	}
	if upTo.IsZero() {
		return nil
	}
	_, err := tx.ExecContext(ctx, "UPDATE team_ledgers SET logs_up_to = max(logs_up_to, ?) WHERE ledger = ?", upTo.UnixNano(), ledger)
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

// linkIDsOf lists the links events are about, each once.
func linkIDsOf(events []TeamEvent) []string {
	var ids []string
	seen := map[string]bool{}
	for _, e := range events {
		if !seen[e.Link] {
			seen[e.Link] = true
			ids = append(ids, e.Link)
		}
	}
	return ids
}

// inChunks runs query (its last condition "IN (%s)") for values, a chunk
// at a time, after the leading args, calling scan on each row.
func inChunks[T any](ctx context.Context, tx *sql.Tx, query string, lead []any, values []T, scan func(*sql.Rows) error) error {
	for start := 0; start < len(values); start += inChunk {
		chunk := values[start:min(start+inChunk, len(values))]
		args := append([]any(nil), lead...)
		for _, v := range chunk {
			args = append(args, v)
		}
		rows, err := tx.QueryContext(ctx, fmt.Sprintf(query, inList(len(chunk))), args...)
		if err != nil {
			return err
		}
		for rows.Next() {
			if err := scan(rows); err != nil {
				rows.Close()
				return err
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	return nil
}

// linksWithEvents returns which of links have events held already.
func linksWithEvents(ctx context.Context, tx *sql.Tx, ledger string, links []string) (map[string]bool, error) {
	out := map[string]bool{}
	err := inChunks(ctx, tx, "SELECT DISTINCT link FROM team_events WHERE ledger = ? AND link IN (%s)", []any{ledger}, links,
		func(rows *sql.Rows) error {
			var link string
			err := rows.Scan(&link)
			out[link] = true
			return err
		})
	return out, err
}

// heldEvents returns every event held of the links events touch, by
// link, those in fresh marked new: read back for the links in prior
// (which had events before), else those of events themselves.
func heldEvents(ctx context.Context, tx *sql.Tx, ledger string, events []TeamEvent, fresh, prior map[string]bool) (map[string][]TeamEvent, error) {
	out := map[string][]TeamEvent{}
	seen := map[string]bool{}
	for _, e := range events {
		if !prior[e.Link] && !seen[e.ID] {
			seen[e.ID] = true
			e.New = fresh[e.ID]
			out[e.Link] = append(out[e.Link], e)
		}
	}
	var again []string
	for link := range prior {
		again = append(again, link)
	}
	err := inChunks(ctx, tx, "SELECT id, link, body FROM team_events WHERE ledger = ? AND link IN (%s)", []any{ledger}, again,
		func(rows *sql.Rows) error {
			var e TeamEvent
			if err := rows.Scan(&e.ID, &e.Link, &e.Body); err != nil {
				return err
			}
			e.New = fresh[e.ID]
			out[e.Link] = append(out[e.Link], e)
			return nil
		})
	return out, err
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
	rows, err := rowIDs(ctx, tx, links)
	if err != nil {
		return err
	}
	w := &teamWriter{ctx: ctx, tx: tx, rows: rows}
	defer w.close()
	for _, tl := range links {
		if err := w.write(tl); err != nil {
			return err
		}
		if err := w.writeHits(tl); err != nil {
			return err
		}
	}
	return nil
}

// rowIDs finds the rows of links and of their galleries, by team id.
func rowIDs(ctx context.Context, tx *sql.Tx, links []TeamLink) (map[string]int64, error) {
	var ids []string
	for _, tl := range links {
		ids = append(ids, tl.Link.TeamID)
		if tl.Parent != "" {
			ids = append(ids, tl.Parent)
		}
	}
	out := map[string]int64{}
	err := inChunks(ctx, tx, "SELECT team_id, id FROM links WHERE team_id != '' AND team_id IN (%s)", nil, ids,
		func(rows *sql.Rows) error {
			var teamID string
			var id int64
			err := rows.Scan(&teamID, &id)
			out[teamID] = id
			return err
		})
	return out, err
}

// teamWriter writes team links into the links table inside one
// transaction, its statements prepared once.
type teamWriter struct {
	ctx                          context.Context
	tx                           *sql.Tx
	rows                         map[string]int64 // row id by team id
	insert, update, delete, hits *sql.Stmt
}

// stmt prepares query into *slot the first time it is needed.
func (w *teamWriter) stmt(slot **sql.Stmt, query string) (*sql.Stmt, error) {
	if *slot != nil {
		return *slot, nil
	}
	s, err := w.tx.PrepareContext(w.ctx, query)
	*slot = s
	return s, err
}

// close releases the statements.
func (w *teamWriter) close() {
	for _, s := range []*sql.Stmt{w.insert, w.update, w.delete, w.hits} {
		if s != nil {
			s.Close()
		}
	}
}

// write brings one link's row to where the team says it stands.
func (w *teamWriter) write(tl TeamLink) error {
	id, found := w.rows[tl.Link.TeamID]
	l := tl.Link
	switch {
	case tl.Gone && found:
		st, err := w.stmt(&w.delete, "DELETE FROM links WHERE id = ?1 OR parent_id = ?1")
		if err == nil {
			_, err = st.ExecContext(w.ctx, id)
		}
		delete(w.rows, l.TeamID)
		return err
	case tl.Gone:
		return nil
	case found:
		st, err := w.stmt(&w.update, teamUpdateSQL)
		if err == nil {
			_, err = st.ExecContext(w.ctx, l.Label, unixOrNone(l.RevokedAt), string(l.Check.Kind), l.Check.Detail, unixOrNone(l.Check.At), id)
		}
		return err
	case tl.Fresh:
		st, err := w.stmt(&w.insert, insertSQL)
		if err != nil {
			return err
		}
		l.ID, l.Parent, l.FromTeam = 0, w.rows[tl.Parent], true // 0: its gallery is not here
		id, err := insertLink(w.ctx, st, l)
		w.rows[l.TeamID] = id
		return err
	}
	return nil
}

// writeHits stores the requests a teammate found through a link that has
// a row here, each request id once.
func (w *teamWriter) writeHits(tl TeamLink) error {
	id, found := w.rows[tl.Link.TeamID]
	if tl.Gone || !found || len(tl.Hits) == 0 {
		return nil
	}
	st, err := w.stmt(&w.hits, insertHitSQL)
	if err != nil {
		return err
	}
	hits := slices.Clone(tl.Hits)
	for i := range hits {
		hits[i].LinkID = id
	}
	_, err = insertHitsWith(w.ctx, st, hits)
	return err
}

// boolRank is 1 for true, 0 for false.
func boolRank(b bool) int {
	if b {
		return 1
	}
	return 0
}
