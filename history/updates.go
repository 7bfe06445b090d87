package history

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/s3share/s3share/presigned"
	"github.com/s3share/s3share/s3browse"
)

// RecordChecks stores the verdicts of live checks, by link id, in one
// transaction. Links deleted meanwhile are skipped. With a publisher, the
// verdicts of shared links go to the outbox in the same transaction.
func (h *History) RecordChecks(ctx context.Context, verdicts map[int64]presigned.Verdict) error {
	if len(verdicts) == 0 {
		return nil
	}
	if err := h.writable(); err != nil {
		return err
	}
	if err := h.fixPerms(); err != nil {
		return err
	}
	err := h.inTx(ctx, func(tx *sql.Tx) error {
		stmt, err := tx.PrepareContext(ctx, "UPDATE links SET check_verdict = ?, check_detail = ?, checked_at = ? WHERE id = ?")
		if err != nil {
			return err
		}
		defer stmt.Close()
		for id, v := range verdicts {
			was, err := h.verdictBefore(ctx, tx, id)
			if err != nil {
				return err
			}
			if _, err := stmt.ExecContext(ctx, string(v.Kind), v.Detail, v.At.UnixNano(), id); err != nil {
				return err
			}
			if err := h.publishChanges(ctx, tx, ChangeChecked, was, "id = ?1", id); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return h.wrap("cannot record the checks", err)
	}
	return nil
}

// verdictBefore reads link id's last verdict, for a publisher to compare
// a new one with (none without a publisher).
func (h *History) verdictBefore(ctx context.Context, tx *sql.Tx, id int64) (presigned.Verdict, error) {
	var v presigned.Verdict
	if h.publisher() == nil {
		return v, nil
	}
	var kind string
	var at int64
	err := tx.QueryRowContext(ctx, "SELECT check_verdict, check_detail, checked_at FROM links WHERE id = ?", id).Scan(&kind, &v.Detail, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return v, nil
	}
	v.Kind, v.At = presigned.VerdictKind(kind), unixOrZero(at)
	return v, err
}

// MarkRevoked records that the copy of link id was deleted at at (with a
// publisher, and the link shared, its revoke goes to the outbox in the
// same transaction).
func (h *History) MarkRevoked(ctx context.Context, id int64, at time.Time) error {
	if err := h.writable(); err != nil {
		return err
	}
	if err := h.fixPerms(); err != nil {
		return err
	}
	var n int64
	err := h.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, "UPDATE links SET revoked_at = ? WHERE id = ?", at.UnixNano(), id)
		if err != nil {
			return err
		}
		if n, err = res.RowsAffected(); err != nil || n == 0 {
			return err
		}
		return h.publishChanges(ctx, tx, ChangeRevoked, presigned.Verdict{}, "id = ?1", id)
	})
	switch {
	case err != nil:
		return h.wrap("cannot record the revoke", err)
	case n == 0:
		return h.notFound(id)
	}
	return nil
}

// Relabel sets the label of link id ("" clears it); for a gallery, the
// label of its page's row (its heading). With a publisher, and the link
// shared (a teammate's too), its relabelled event goes to the outbox in
// the same transaction; a label the team ledger would refuse is refused
// here (ErrNotShareable) and nothing changes. The same label again
// changes nothing and queues nothing.
func (h *History) Relabel(ctx context.Context, id int64, label string) error {
	if err := h.writable(); err != nil {
		return err
	}
	if err := h.fixPerms(); err != nil {
		return err
	}
	found := true
	err := h.inTx(ctx, func(tx *sql.Tx) error {
		var was string
		err := tx.QueryRowContext(ctx, "SELECT label FROM links WHERE id = ?", id).Scan(&was)
		if errors.Is(err, sql.ErrNoRows) {
			found = false
			return nil
		}
		if err != nil || was == label {
			return err
		}
		if _, err := tx.ExecContext(ctx, "UPDATE links SET label = ? WHERE id = ?", label, id); err != nil {
			return err
		}
		return h.publishChanges(ctx, tx, ChangeRelabelled, presigned.Verdict{}, "id = ?1", id)
	})
	switch {
	case err != nil:
		return h.wrap("cannot record the label", err)
	case !found:
		return h.notFound(id)
	}
	return nil
}

// CachedRegion returns the region last seen for bucket at endpoint ("" for
// AWS), or "" when none is cached.
func (h *History) CachedRegion(ctx context.Context, endpoint, bucket string) (string, error) {
	var region string
	err := h.db.QueryRowContext(ctx, "SELECT region FROM bucket_regions WHERE endpoint = ? AND bucket = ? AND region != ''",
		endpoint, bucket).Scan(&region)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", h.wrap("cannot read", err)
	}
	return region, nil
}

// RememberRegion caches bucket's region at endpoint (not in a history that
// may not be written: the cache is only a shortcut).
func (h *History) RememberRegion(ctx context.Context, endpoint, bucket, region string) error {
	if h.writable() != nil {
		return nil
	}
	_, err := h.db.ExecContext(ctx, `INSERT INTO bucket_regions (endpoint, bucket, region, updated_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (endpoint, bucket) DO UPDATE SET region = excluded.region, updated_at = excluded.updated_at`,
		endpoint, bucket, region, h.now().UnixNano())
	if err != nil {
		return h.wrap("cannot cache a region", err)
	}
	return nil
}

// RememberBucket notes that bucket at endpoint was opened by name, so it
// can be offered again where the bucket list cannot be read. A region
// already cached is kept.
func (h *History) RememberBucket(ctx context.Context, endpoint, bucket string) error {
	if h.writable() != nil {
		return nil // only a convenience: a read-only history just does not learn it
	}
	_, err := h.db.ExecContext(ctx, `INSERT INTO bucket_regions (endpoint, bucket, region, updated_at) VALUES (?, ?, '', ?)
		ON CONFLICT (endpoint, bucket) DO NOTHING`, endpoint, bucket, h.now().UnixNano())
	if err != nil {
		return h.wrap("cannot remember the bucket", err)
	}
	return nil
}

// KnownBuckets lists the buckets at endpoint s3share has opened or shared
// from, with their region when known, by name.
func (h *History) KnownBuckets(ctx context.Context, endpoint string) ([]s3browse.Bucket, error) {
	rows, err := h.db.QueryContext(ctx, "SELECT bucket, region FROM bucket_regions WHERE endpoint = ? ORDER BY bucket", endpoint)
	if err != nil {
		return nil, h.wrap("cannot read", err)
	}
	defer rows.Close()
	var out []s3browse.Bucket
	for rows.Next() {
		var b s3browse.Bucket
		if err := rows.Scan(&b.Name, &b.Region); err != nil {
			return nil, h.wrap("cannot read", err)
		}
		out = append(out, b)
	}
	if err := rows.Err(); err != nil {
		return nil, h.wrap("cannot read", err)
	}
	return out, nil
}

// Version is a number that changes whenever another connection (another
// s3share process) commits to the history: a screen polls it to reload
// only when something changed.
func (h *History) Version(ctx context.Context) (int64, error) {
	var v int64
	if err := h.db.QueryRowContext(ctx, "PRAGMA data_version").Scan(&v); err != nil {
		return 0, h.wrap("cannot read", err)
	}
	return v, nil
}

// WithMembers returns links with the images of each gallery among them
// loaded into its Members and appended after the galleries, for a check or
// a printout that covers whole galleries.
func (h *History) WithMembers(ctx context.Context, links []presigned.Link) ([]presigned.Link, error) {
	out := append([]presigned.Link(nil), links...)
	for i, l := range links {
		if !l.Gallery {
			continue
		}
		members, err := h.List(ctx, Query{Parent: l.ID})
		if err != nil {
			return nil, err
		}
		out[i].Members = members
		out = append(out, members...)
	}
	return out, nil
}
