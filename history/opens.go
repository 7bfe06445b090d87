package history

import (
	"context"
	"database/sql"
	"errors"
	"sort"
	"strings"
	"time"
)

// Hit is one request through a link that the bucket's server access logs
// recorded, as stored: each request id once. Strings are raw as logged (a
// stranger chose the user agent): escape them before showing them.
type Hit struct {
	LinkID    int64
	RequestID string
	At        time.Time // when S3 received the request
	Kind      string    // open, after_end, before_start, tampered, gone, denied, check, other
	Status    int
	ErrorCode string
	Operation string
	RemoteIP  string
	UserAgent string
	Referrer  string
	BytesSent int64
}

// LogObject is a log object read, and the time in its name.
type LogObject struct {
	Key     string
	NamedAt time.Time // zero when the name holds none
}

// LogRead is what one read of a log location found: recorded at once, so
// that a log object counts as read only with the requests it held.
type LogRead struct {
	Endpoint string // where the log bucket is, "" for AWS
	Location string // s3://LOG-BUCKET/PREFIX
	Layout   string // how its keys are named ("simple", "partitioned"), kept for the next read
	Account  string // a partitioned layout's source account, kept for the next read
	Objects  []LogObject
	Hits     []Hit
	LogsUpTo time.Time // the newest record read; an earlier one than recorded is ignored
	// ForgetBefore forgets the log objects named before it: a read never
	// lists them again. Zero forgets none.
	ForgetBefore time.Time
}

// LogLocation is what the history knows of a log location.
type LogLocation struct {
	Endpoint, Location string
	Layout, Account    string
	LogsUpTo           time.Time // zero when no record was read yet
	ReadAt             time.Time // zero when never read
}

// RecordLogRead stores a read in one transaction: its new hits (a request
// id already stored is skipped), the log objects read and how far the logs
// go. With a publisher, the new hits through shared links queue their
// team events in the same transaction. It returns how many hits were new.
func (h *History) RecordLogRead(ctx context.Context, r LogRead) (int, error) {
	if err := h.writable(); err != nil {
		return 0, err
	}
	if err := h.fixPerms(); err != nil {
		return 0, err
	}
	var added []Hit
	err := h.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		if added, err = insertHits(ctx, tx, r.Hits); err != nil {
			return err
		}
		if err := h.publishOpens(ctx, tx, added, r.LogsUpTo); err != nil {
			return err
		}
		if err := insertObjects(ctx, tx, r); err != nil {
			return err
		}
		return h.updateLocation(ctx, tx, r)
	})
	if err != nil {
		return 0, h.wrap("cannot record what the access logs say", err)
	}
	return len(added), nil
}

// insertHitSQL stores one hit unless its request id is stored already.
const insertHitSQL = `INSERT OR IGNORE INTO link_hits (request_id, link_id, at, kind, status,
	error_code, operation, remote_ip, user_agent, referrer, bytes_sent) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`

// insertHits stores hits not stored yet and returns them.
func insertHits(ctx context.Context, tx *sql.Tx, hits []Hit) ([]Hit, error) {
	stmt, err := tx.PrepareContext(ctx, insertHitSQL)
	if err != nil {
		return nil, err
	}
	defer stmt.Close()
	return insertHitsWith(ctx, stmt, hits)
}

// insertHitsWith stores hits through a prepared insertHitSQL and returns
// those that were not stored yet.
func insertHitsWith(ctx context.Context, stmt *sql.Stmt, hits []Hit) ([]Hit, error) {
	var added []Hit
	for _, x := range hits {
		res, err := stmt.ExecContext(ctx, x.RequestID, x.LinkID, x.At.UnixNano(), x.Kind, x.Status, x.ErrorCode,
			x.Operation, x.RemoteIP, x.UserAgent, x.Referrer, x.BytesSent)
		if err != nil {
			return nil, err
		}
		n, err := res.RowsAffected()
		if err != nil {
			return nil, err
		}
		if n > 0 {
			added = append(added, x)
		}
	}
	return added, nil
}

// publishOpens queues the team events of hits new to this history through
// shared links, a link at a time in the order of its first hit: the
// publisher decides what of them the team gets.
func (h *History) publishOpens(ctx context.Context, tx *sql.Tx, hits []Hit, logsUpTo time.Time) error {
	pub := h.publisher()
	if pub == nil || len(hits) == 0 {
		return nil
	}
	byLink := map[int64][]Hit{}
	var order []int64
	for _, x := range hits {
		if byLink[x.LinkID] == nil {
			order = append(order, x.LinkID)
		}
		byLink[x.LinkID] = append(byLink[x.LinkID], x)
	}
	teamIDs, err := teamIDsOf(ctx, tx, order)
	if err != nil {
		return err
	}
	for _, id := range order {
		if teamIDs[id] == "" {
			continue // a link of this history alone
		}
		events, err := pub.Opened(teamIDs[id], byLink[id], logsUpTo)
		if err != nil {
			return err
		}
		for _, ev := range events {
			if err := queue(ctx, tx, pub.Ledger(), ev); err != nil {
				return err
			}
		}
	}
	return nil
}

// teamIDsOf returns the team ids of the shared links among ids.
func teamIDsOf(ctx context.Context, tx *sql.Tx, ids []int64) (map[int64]string, error) {
	out := map[int64]string{}
	err := inChunks(ctx, tx, "SELECT id, team_id FROM links WHERE team_id != '' AND id IN (%s)", nil, ids,
		func(rows *sql.Rows) error {
			var id int64
			var teamID string
			err := rows.Scan(&id, &teamID)
			out[id] = teamID
			return err
		})
	return out, err
}

// insertObjects notes the log objects read and forgets those named
// before r.ForgetBefore.
func insertObjects(ctx context.Context, tx *sql.Tx, r LogRead) error {
	stmt, err := tx.PrepareContext(ctx, `INSERT OR IGNORE INTO log_objects_read (endpoint, location, key, named_at)
		VALUES (?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	defer stmt.Close()
	for _, o := range r.Objects {
		if _, err := stmt.ExecContext(ctx, r.Endpoint, r.Location, o.Key, unixOrNone(o.NamedAt)); err != nil {
			return err
		}
	}
	if r.ForgetBefore.IsZero() {
		return nil
	}
	_, err = tx.ExecContext(ctx, `DELETE FROM log_objects_read WHERE endpoint = ? AND location = ? AND named_at != 0 AND named_at < ?`,
		r.Endpoint, r.Location, r.ForgetBefore.UnixNano())
	return err
}

// updateLocation notes the layout found, when the location was read and
// how far its logs go.
func (h *History) updateLocation(ctx context.Context, tx *sql.Tx, r LogRead) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO log_locations (endpoint, location, layout, account, logs_up_to, read_at)
		VALUES (?1, ?2, ?3, ?4, ?5, ?6)
		ON CONFLICT (endpoint, location) DO UPDATE SET
			layout = CASE WHEN ?3 != '' THEN ?3 ELSE layout END,
			account = CASE WHEN ?4 != '' THEN ?4 ELSE account END,
			logs_up_to = max(logs_up_to, ?5), read_at = ?6`,
		r.Endpoint, r.Location, r.Layout, r.Account, unixOrNone(r.LogsUpTo), h.now().UnixNano())
	return err
}

// SeenLogObjects returns the keys of the log objects read at a location,
// for a read to skip.
func (h *History) SeenLogObjects(ctx context.Context, endpoint, location string) (map[string]bool, error) {
	rows, err := h.db.QueryContext(ctx, "SELECT key FROM log_objects_read WHERE endpoint = ? AND location = ?", endpoint, location)
	if err != nil {
		return nil, h.wrap("cannot read", err)
	}
	defer rows.Close()
	seen := map[string]bool{}
	for rows.Next() {
		var key string
		if err := rows.Scan(&key); err != nil {
			return nil, h.wrap("cannot read", err)
		}
		seen[key] = true
	}
	if err := rows.Err(); err != nil {
		return nil, h.wrap("cannot read", err)
	}
	return seen, nil
}

// LogLocationState returns what the history knows of a log location; the
// zero LogLocation (with the names filled in) when it was never read.
func (h *History) LogLocationState(ctx context.Context, endpoint, location string) (LogLocation, error) {
	out := LogLocation{Endpoint: endpoint, Location: location}
	var upTo, readAt int64
	err := h.db.QueryRowContext(ctx, `SELECT layout, account, logs_up_to, read_at FROM log_locations
		WHERE endpoint = ? AND location = ?`, endpoint, location).Scan(&out.Layout, &out.Account, &upTo, &readAt)
	if errors.Is(err, sql.ErrNoRows) {
		return out, nil
	}
	if err != nil {
		return LogLocation{}, h.wrap("cannot read", err)
	}
	out.LogsUpTo, out.ReadAt = unixOrZero(upTo), unixOrZero(readAt)
	return out, nil
}

// LogsUpTo is the time of the newest log record read at any location, or
// by a teammate who shared opens through a team ledger; zero when none was
// read yet.
func (h *History) LogsUpTo(ctx context.Context) (time.Time, error) {
	var upTo int64
	if err := h.db.QueryRowContext(ctx, `SELECT max(coalesce((SELECT max(logs_up_to) FROM log_locations), 0),
		coalesce((SELECT max(logs_up_to) FROM team_ledgers), 0))`).Scan(&upTo); err != nil {
		return time.Time{}, h.wrap("cannot read", err)
	}
	return unixOrZero(upTo), nil
}

// hitsChunk is how many link ids one query of Hits asks for.
const hitsChunk = 500

// Hits returns the stored requests through the links with ids, in time
// order (within a time, in the order they were recorded).
func (h *History) Hits(ctx context.Context, ids []int64) ([]Hit, error) {
	var out []Hit
	for len(ids) > 0 {
		n := min(len(ids), hitsChunk)
		part, err := h.hitsOf(ctx, ids[:n])
		if err != nil {
			return nil, err
		}
		out = append(out, part...)
		ids = ids[n:]
	}
	sortHits(out)
	return out, nil
}

// hitsOf reads the hits of up to hitsChunk links.
func (h *History) hitsOf(ctx context.Context, ids []int64) ([]Hit, error) {
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	rows, err := h.db.QueryContext(ctx, `SELECT link_id, request_id, at, kind, status, error_code, operation, remote_ip,
		user_agent, referrer, bytes_sent FROM link_hits WHERE link_id IN (`+strings.TrimSuffix(strings.Repeat("?,", len(ids)), ",")+
		`) ORDER BY at, id`, args...)
	if err != nil {
		return nil, h.wrap("cannot read", err)
	}
	defer rows.Close()
	var out []Hit
	for rows.Next() {
		var x Hit
		var at int64
		if err := rows.Scan(&x.LinkID, &x.RequestID, &at, &x.Kind, &x.Status, &x.ErrorCode, &x.Operation,
			&x.RemoteIP, &x.UserAgent, &x.Referrer, &x.BytesSent); err != nil {
			return nil, h.wrap("cannot read", err)
		}
		x.At = time.Unix(0, at)
		out = append(out, x)
	}
	if err := rows.Err(); err != nil {
		return nil, h.wrap("cannot read", err)
	}
	return out, nil
}

// sortHits puts hits in time order, keeping the order of equal times (one
// link's hits all come from one query, in the order they were recorded).
func sortHits(hits []Hit) {
	sort.SliceStable(hits, func(i, j int) bool { return hits[i].At.Before(hits[j].At) })
}
