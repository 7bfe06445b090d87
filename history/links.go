package history

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/s3share/s3share/internal/hint"
	"github.com/s3share/s3share/presigned"
)

// linkColumns are the stored columns, in scan order.
const linkColumns = `id, bucket, key, region, endpoint, url, issued_at, expires_at,
	effective_expires_at, credential_kind, disposition, batch_id, label, path_style, download,
	filename, share_key, revoked_at, size, gallery, parent_id, check_verdict, check_detail, checked_at,
	team_id, issuer, from_team`

// insertSQL stores one link.
const insertSQL = `INSERT INTO links (bucket, key, region, endpoint, url, issued_at,
	expires_at, effective_expires_at, credential_kind, disposition, batch_id, label, path_style,
	download, filename, share_key, size, gallery, parent_id, team_id, issuer, from_team,
	revoked_at, check_verdict, check_detail, checked_at)
	VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`

// Add stores links in one transaction and returns them with their IDs
// (and, with a publisher, their team ids: their events go to the outbox
// in the same transaction).
func (h *History) Add(ctx context.Context, links []presigned.Link) ([]presigned.Link, error) {
	if len(links) == 0 {
		return nil, nil
	}
	out := make([]presigned.Link, len(links))
	copy(out, links)
	err := h.insert(ctx, func(ins *inserter) error {
		for i := range out {
			if err := ins.add(&out[i], ""); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// AddGallery stores a gallery page and its images (page.Members) in one
// transaction, the images as members of the page, and returns them with
// their IDs.
func (h *History) AddGallery(ctx context.Context, page presigned.Link) (presigned.Link, error) {
	out := page
	out.Members = append([]presigned.Link(nil), page.Members...)
	err := h.insert(ctx, func(ins *inserter) error {
		if err := ins.add(&out, ""); err != nil {
			return err
		}
		for i := range out.Members {
			out.Members[i].Parent = out.ID
			if err := ins.add(&out.Members[i], out.TeamID); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return presigned.Link{}, err
	}
	return out, nil
}

// inserter records links inside one transaction, with their team events
// when the history has a publisher.
type inserter struct {
	ctx  context.Context
	tx   *sql.Tx
	stmt *sql.Stmt
	pub  Publisher
}

// add inserts l, setting its ID (and, with a publisher, its team id and
// issuer), and queues its event. parent is the team id of its gallery.
func (ins *inserter) add(l *presigned.Link, parent string) error {
	if ins.pub != nil && l.TeamID == "" && !l.FromTeam {
		ev, err := ins.pub.Issue(l, parent)
		if err != nil {
			return err
		}
		if err := queue(ins.ctx, ins.tx, ins.pub.Ledger(), ev); err != nil {
			return err
		}
	}
	var err error
	l.ID, err = insertLink(ins.ctx, ins.stmt, *l)
	return err
}

// insert runs fn with an inserter in one transaction. Permissions come
// first: once the rows are committed the links count as issued, so
// nothing after the commit may fail the call.
func (h *History) insert(ctx context.Context, fn func(*inserter) error) error {
	if err := h.writable(); err != nil {
		return err
	}
	if err := h.fixPerms(); err != nil {
		return err
	}
	err := h.inTx(ctx, func(tx *sql.Tx) error {
		stmt, err := tx.PrepareContext(ctx, insertSQL)
		if err != nil {
			return err
		}
		defer stmt.Close()
		return fn(&inserter{ctx: ctx, tx: tx, stmt: stmt, pub: h.publisher()})
	})
	if err != nil {
		return h.wrap("cannot record links", err)
	}
	return nil
}

// insertLink inserts one link and returns its ID.
func insertLink(ctx context.Context, stmt *sql.Stmt, l presigned.Link) (int64, error) {
	eff := l.EffectiveExpiresAt
	if eff.IsZero() {
		eff = l.ExpiresAt
	}
	res, err := stmt.ExecContext(ctx, l.Bucket, l.Key, l.Region, l.Endpoint, l.URL,
		l.IssuedAt.UnixNano(), l.ExpiresAt.UnixNano(), eff.UnixNano(),
		string(l.CredentialKind), l.Disposition, l.BatchID, l.Label, l.PathStyle,
		l.Download, l.Filename, l.ShareKey, l.Size, l.Gallery, l.Parent, l.TeamID, l.Issuer, l.FromTeam,
		unixOrNone(l.RevokedAt), string(l.Check.Kind), l.Check.Detail, unixOrNone(l.Check.At))
	if err != nil {
		return 0, err
	}
	return res.LastInsertId()
}

// List returns the links matching q, newest first.
func (h *History) List(ctx context.Context, q Query) ([]presigned.Link, error) {
	where, args := h.where(q)
	query := "SELECT " + linkColumns + " FROM links" + where + " ORDER BY issued_at DESC, id DESC"
	if q.Limit > 0 {
		query += fmt.Sprintf(" LIMIT %d OFFSET %d", q.Limit, max(q.Offset, 0))
	}
	return h.query(ctx, query, args...)
}

// query runs a SELECT of linkColumns and reads its rows.
func (h *History) query(ctx context.Context, query string, args ...any) ([]presigned.Link, error) {
	rows, err := h.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, h.wrap("cannot read", err)
	}
	defer rows.Close()
	var links []presigned.Link
	for rows.Next() {
		l, err := scanLink(rows)
		if err != nil {
			return nil, h.wrap("cannot read", err)
		}
		links = append(links, l)
	}
	if err := rows.Err(); err != nil {
		return nil, h.wrap("cannot read", err)
	}
	return links, nil
}

// where builds the WHERE clause for q.
func (h *History) where(q Query) (string, []any) {
	var conds []string
	var args []any
	switch q.Filter {
	case FilterActive:
		conds, args = append(conds, "effective_expires_at > ? AND revoked_at = 0"), append(args, h.now().UnixNano())
	case FilterExpired:
		conds, args = append(conds, "(effective_expires_at <= ? OR revoked_at != 0)"), append(args, h.now().UnixNano())
	}
	if len(q.IDs) > 0 {
		conds = append(conds, "id IN ("+strings.TrimSuffix(strings.Repeat("?,", len(q.IDs)), ",")+")")
		for _, id := range q.IDs {
			args = append(args, id)
		}
	} else {
		conds, args = append(conds, "parent_id = ?"), append(args, q.Parent)
	}
	if q.Mine {
		conds, args = append(conds, "(from_team = 0 OR (issuer != '' AND issuer = ?))"), append(args, q.Me)
	}
	if s := strings.TrimSpace(q.Search); s != "" {
		pat := "%" + escapeLike(s) + "%"
		conds = append(conds, `(bucket LIKE ? ESCAPE '\' OR key LIKE ? ESCAPE '\' OR label LIKE ? ESCAPE '\')`)
		args = append(args, pat, pat, pat)
	}
	if len(conds) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}

// escapeLike escapes LIKE's wildcards and its escape character.
func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// scanner is a *sql.Row or *sql.Rows.
type scanner interface{ Scan(dest ...any) error }

// scanLink reads one row in linkColumns order.
func scanLink(s scanner) (presigned.Link, error) {
	var l presigned.Link
	var issued, expires, effective, revoked, checked int64
	var kind, verdict string
	err := s.Scan(&l.ID, &l.Bucket, &l.Key, &l.Region, &l.Endpoint, &l.URL, &issued, &expires,
		&effective, &kind, &l.Disposition, &l.BatchID, &l.Label, &l.PathStyle, &l.Download,
		&l.Filename, &l.ShareKey, &revoked, &l.Size, &l.Gallery, &l.Parent, &verdict, &l.Check.Detail, &checked,
		&l.TeamID, &l.Issuer, &l.FromTeam)
	if err != nil {
		return presigned.Link{}, err
	}
	l.IssuedAt, l.ExpiresAt, l.EffectiveExpiresAt = time.Unix(0, issued), time.Unix(0, expires), time.Unix(0, effective)
	l.CredentialKind = presigned.CredentialKind(kind)
	l.RevokedAt, l.Check.Kind, l.Check.At = unixOrZero(revoked), presigned.VerdictKind(verdict), unixOrZero(checked)
	return l, nil
}

// unixOrZero reads a stored time, 0 meaning none.
func unixOrZero(ns int64) time.Time {
	if ns == 0 {
		return time.Time{}
	}
	return time.Unix(0, ns)
}

// unixOrNone stores a time, 0 meaning none.
func unixOrNone(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixNano()
}

// Get returns the link with id, or an error wrapping ErrNotFound.
func (h *History) Get(ctx context.Context, id int64) (presigned.Link, error) {
	row := h.db.QueryRowContext(ctx, "SELECT "+linkColumns+" FROM links WHERE id = ?", id)
	l, err := scanLink(row)
	if errors.Is(err, sql.ErrNoRows) {
		return presigned.Link{}, h.notFound(id)
	}
	if err != nil {
		return presigned.Link{}, h.wrap("cannot read", err)
	}
	return l, nil
}

// Delete removes the link with id, and a gallery's images with it, or
// returns an error wrapping ErrNotFound. Share copies are left as they are
// (Pipeline.Revoke deletes them first). With a publisher, the removal of
// each shared link goes to the outbox in the same transaction.
func (h *History) Delete(ctx context.Context, id int64) error {
	if err := h.writable(); err != nil {
		return err
	}
	if err := h.fixPerms(); err != nil {
		return err
	}
	var n int64
	err := h.inTx(ctx, func(tx *sql.Tx) error {
		if err := h.publishChanges(ctx, tx, ChangeRemoved, presigned.Verdict{}, "id = ?1 OR parent_id = ?1", id); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, "DELETE FROM links WHERE id = ? OR parent_id = ?", id, id)
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	switch {
	case err != nil:
		return h.wrap("cannot delete", err)
	case n == 0:
		return h.notFound(id)
	}
	return nil
}

// settledSQL holds for a row that no longer works and has no share copy
// left: revoked (s3share deleted its copy), or expired with no copy.
const settledSQL = `(%[1]s.revoked_at != 0 OR (%[1]s.share_key = '' AND %[1]s.effective_expires_at <= ?1))`

// pruneSQL deletes every entry (a link, or a gallery with its images) that
// is settled whole, and the images of a gallery pruned before they were
// (left by an older s3share) that are settled themselves.
var pruneSQL = fmt.Sprintf(`WITH gone AS (
	SELECT e.id FROM links e
	WHERE (e.parent_id = 0 OR NOT EXISTS (SELECT 1 FROM links g WHERE g.id = e.parent_id))
		AND %s
		AND NOT EXISTS (SELECT 1 FROM links m WHERE m.parent_id = e.id AND NOT %s))
	DELETE FROM links WHERE id IN (SELECT id FROM gone) OR parent_id IN (SELECT id FROM gone)`,
	fmt.Sprintf(settledSQL, "e"), fmt.Sprintf(settledSQL, "m"))

// expiredCopySQL holds for a row that no longer works whose share copy
// s3share has not deleted.
const expiredCopySQL = "share_key != '' AND revoked_at = 0 AND effective_expires_at <= ?"

// Pruned is what a prune did.
type Pruned struct {
	Forgotten int // rows deleted, a gallery's images each counted
	Kept      int // rows that no longer work kept because their share copy is still there
}

// PruneExpired forgets every link that no longer works and whose share
// copy is gone (deleted by s3share, which records it as a revoke) or never
// was; a gallery goes whole, with its images, once each of them is so.
// Links whose copy is still there are kept: the history is what finds the
// copy again (Pipeline.DeleteCopies deletes them first).
func (h *History) PruneExpired(ctx context.Context) (Pruned, error) {
	if err := h.writable(); err != nil {
		return Pruned{}, err
	}
	if err := h.fixPerms(); err != nil {
		return Pruned{}, err
	}
	var out Pruned
	err := h.inTx(ctx, func(tx *sql.Tx) error {
		now := h.now().UnixNano()
		res, err := tx.ExecContext(ctx, pruneSQL, now)
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		if err != nil {
			return err
		}
		out.Forgotten = int(n)
		return tx.QueryRowContext(ctx, "SELECT count(*) FROM links WHERE "+expiredCopySQL, now).Scan(&out.Kept)
	})
	if err != nil {
		return Pruned{}, h.wrap("cannot prune", err)
	}
	return out, nil
}

// ExpiredCopies lists the links that no longer work whose share copy
// s3share has not deleted, galleries' images and pages alike, newest first.
func (h *History) ExpiredCopies(ctx context.Context) ([]presigned.Link, error) {
	return h.query(ctx, "SELECT "+linkColumns+" FROM links WHERE "+expiredCopySQL+" ORDER BY issued_at DESC, id DESC",
		h.now().UnixNano())
}

// inTx runs fn in a transaction, committing when it succeeds.
func (h *History) inTx(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := h.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback() // fn's error is the one to report
		return err
	}
	return tx.Commit()
}

// ErrHistoryBusy is wrapped when the history stayed locked by another
// writer for longer than SQLite waits.
var ErrHistoryBusy = errors.New("it is locked")

// notFound is the error for a missing id.
func (h *History) notFound(id int64) error {
	return &HistoryError{Path: h.path, Err: fmt.Errorf("no link with id %d (list them with s3share history): %w", id, ErrNotFound)}
}

// wrap names the file and the operation that failed, with what to do
// when the failure was a write. Damage SQLite reports stops every later
// write of this History.
func (h *History) wrap(op string, err error) error {
	if errors.Is(err, ErrNotShareable) {
		return fmt.Errorf("%s: %w", op, err) // not the file's fault: no path, no hint
	}
	if isCorrupt(err) {
		h.corrupt.Store(true)
		return &HistoryError{Path: h.path, Err: corruptError(err)}
	}
	if isBusy(err) {
		return &HistoryError{Path: h.path, Err: fmt.Errorf("%s: %w: another process (another s3share?) has held its write lock "+
			"for over %s; try again once it is done", op, ErrHistoryBusy, busyTimeout)}
	}
	if op != "cannot read" {
		return &HistoryError{Path: h.path, Err: hint.With(fmt.Errorf("%s: %w: %s", op, err, fixHint), hint.History)}
	}
	return &HistoryError{Path: h.path, Err: fmt.Errorf("%s: %w", op, err)}
}
