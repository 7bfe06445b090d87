package history

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/s3share/s3share/presigned"
)

// The history is the local cache of a team ledger (package ledger keeps
// the ledger itself; package team joins the two). What is here knows
// nothing of the ledger's events but their ids, their links and their
// bytes: the publisher encodes them, the fold of ApplyTeam decodes them.

// Publisher turns what the history records into team events, written to
// the outbox in the same transaction as the change itself, so a link is
// never recorded without its event or the other way round. Its methods
// run inside that transaction: they must do no I/O.
type Publisher interface {
	// Ledger names the ledger the events are for (s3://bucket/prefix/).
	Ledger() string
	// Issue gives a new link its team id and issuer (in place) and
	// returns the event that shares it; parent is the team id of the
	// gallery it belongs to, "" for none.
	Issue(l *presigned.Link, parent string) (Outgoing, error)
	// Change returns the event for a change to a shared link (l.TeamID
	// set, l as it is after the change; prior what came before it), or
	// false for none.
	Change(c Change, l presigned.Link, prior Prior) (Outgoing, bool, error)
	// Opened returns the events that share requests through a shared
	// link (teamID) that a read of access logs found, hits new to this
	// history (logsUpTo: the newest record the read found); none when
	// nothing of them is for the team.
	Opened(teamID string, hits []Hit, logsUpTo time.Time) ([]Outgoing, error)
}

// Prior is what a publisher weighs a change against.
type Prior struct {
	Verdict presigned.Verdict // ChangeChecked: the link's verdict before the check
	// Held are, for ChangeRelabelled, the bodies of the link's events
	// applied here (as the ledger encoded them): the labels the member
	// saw before changing it.
	Held [][]byte
}

// Change is what happened to a recorded link.
type Change int

// The changes a publisher is told of.
const (
	ChangeRevoked    Change = iota + 1 // its copy was deleted (l.RevokedAt)
	ChangeChecked                      // a live check gave l.Check
	ChangeRemoved                      // it was deleted from the history
	ChangeRelabelled                   // its label became l.Label ("" cleared it)
)

// ErrNotShareable is wrapped by a publisher's error for a change the
// team ledger would refuse (a label longer than it allows): nothing was
// recorded, and the history itself is fine.
var ErrNotShareable = errors.New("cannot be shared with the team")

// Outgoing is one event for the outbox, encoded by the publisher.
type Outgoing struct {
	ID   string
	Body []byte
}

// publisherBox holds a Publisher for an atomic.Pointer.
type publisherBox struct{ p Publisher }

// SetPublisher makes every later change of the history also queue its
// team event for p's ledger (nil: none). Set it before the history is
// shared between goroutines, or at any time: changes already under way
// use the publisher they started with.
func (h *History) SetPublisher(p Publisher) {
	if p == nil {
		h.pub.Store(nil)
		return
	}
	h.pub.Store(&publisherBox{p})
}

// publisher is the publisher in force, or nil.
func (h *History) publisher() Publisher {
	if b := h.pub.Load(); b != nil {
		return b.p
	}
	return nil
}

// queue puts one event in the outbox of ledger.
func queue(ctx context.Context, tx *sql.Tx, ledger string, ev Outgoing) error {
	if ev.ID == "" || len(ev.Body) == 0 {
		return errors.New("an event for the team ledger has no id or no content")
	}
	_, err := tx.ExecContext(ctx, "INSERT INTO team_outbox (ledger, id, body) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
		ledger, ev.ID, ev.Body)
	return err
}

// publishChanges queues the events of change for the shared links among
// the rows that match where (with args), read inside tx as they are now;
// was is the verdict a check replaced. A relabel's publisher is also
// given the events held of its link.
func (h *History) publishChanges(ctx context.Context, tx *sql.Tx, change Change, was presigned.Verdict, where string, args ...any) error {
	pub := h.publisher()
	if pub == nil {
		return nil
	}
	rows, err := tx.QueryContext(ctx, "SELECT "+linkColumns+" FROM links WHERE team_id != '' AND ("+where+")", args...)
	if err != nil {
		return err
	}
	var links []presigned.Link
	for rows.Next() {
		l, err := scanLink(rows)
		if err != nil {
			rows.Close()
			return err
		}
		links = append(links, l)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, l := range links {
		prior := Prior{Verdict: was}
		if change == ChangeRelabelled {
			if prior.Held, err = heldOf(ctx, tx, pub.Ledger(), l.TeamID); err != nil {
				return err
			}
		}
		ev, ok, err := pub.Change(change, l, prior)
		if err != nil {
			return err
		}
		if ok {
			if err := queue(ctx, tx, pub.Ledger(), ev); err != nil {
				return err
			}
		}
	}
	return nil
}

// heldOf returns the bodies of the events of ledger about link held here.
func heldOf(ctx context.Context, tx *sql.Tx, ledger, link string) ([][]byte, error) {
	rows, err := tx.QueryContext(ctx, "SELECT body FROM team_events WHERE ledger = ? AND link = ?", ledger, link)
	if err != nil {
		return nil, err
	}
	return bodies(rows)
}

// bodies reads and closes rows of one column of bytes.
func bodies(rows *sql.Rows) ([][]byte, error) {
	defer rows.Close()
	var out [][]byte
	for rows.Next() {
		var b []byte
		if err := rows.Scan(&b); err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, rows.Err()
}

// TeamOutbox returns the events of ledger waiting to be pushed, oldest
// first.
func (h *History) TeamOutbox(ctx context.Context, ledger string) ([]Outgoing, error) {
	rows, err := h.db.QueryContext(ctx, "SELECT id, body FROM team_outbox WHERE ledger = ? ORDER BY seq", ledger)
	if err != nil {
		return nil, h.wrap("cannot read", err)
	}
	defer rows.Close()
	var out []Outgoing
	for rows.Next() {
		var o Outgoing
		if err := rows.Scan(&o.ID, &o.Body); err != nil {
			return nil, h.wrap("cannot read", err)
		}
		out = append(out, o)
	}
	if err := rows.Err(); err != nil {
		return nil, h.wrap("cannot read", err)
	}
	return out, nil
}

// TeamEvents returns the bytes of every event applied from ledger, in no
// particular order.
func (h *History) TeamEvents(ctx context.Context, ledger string) ([][]byte, error) {
	rows, err := h.db.QueryContext(ctx, "SELECT body FROM team_events WHERE ledger = ?", ledger)
	if err != nil {
		return nil, h.wrap("cannot read", err)
	}
	out, err := bodies(rows)
	if err != nil {
		return nil, h.wrap("cannot read", err)
	}
	return out, nil
}

// TeamCounts returns how many events of ledger were applied here and how
// many wait in the outbox.
func (h *History) TeamCounts(ctx context.Context, ledger string) (applied, waiting int, err error) {
	err = h.db.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM team_events WHERE ledger = ?1),
		(SELECT count(*) FROM team_outbox WHERE ledger = ?1)`, ledger).Scan(&applied, &waiting)
	if err != nil {
		return 0, 0, h.wrap("cannot read", err)
	}
	return applied, waiting, nil
}

// inList is "?,?,?" for n values.
func inList(n int) string {
	return strings.TrimSuffix(strings.Repeat("?,", n), ",")
}

// ErrNotJoined is wrapped when this history is not a member of a ledger.
var ErrNotJoined = errors.New("this history has not joined the team ledger")

// notJoined names the ledger that was not joined.
func (h *History) notJoined(ledger string) error {
	return &HistoryError{Path: h.path, Err: fmt.Errorf("%w %s", ErrNotJoined, ledger)}
}
