package history

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"mime"
	"time"

	"github.com/s3share/s3share/internal/hint"
)

// schemaVersion is the PRAGMA user_version this s3share writes and reads.
const schemaVersion = 6

// schemaV1 creates the links table and its indexes: the first schema, which
// every new history starts from before the migrations run.
const schemaV1 = `
CREATE TABLE IF NOT EXISTS links (
	id                   INTEGER PRIMARY KEY,
	bucket               TEXT    NOT NULL,
	key                  TEXT    NOT NULL,
	region               TEXT    NOT NULL DEFAULT '',
	endpoint             TEXT    NOT NULL DEFAULT '',
	url                  TEXT    NOT NULL,
	issued_at            INTEGER NOT NULL, -- unix nanoseconds
	expires_at           INTEGER NOT NULL,
	effective_expires_at INTEGER NOT NULL,
	credential_kind      TEXT    NOT NULL DEFAULT '',
	disposition          TEXT    NOT NULL DEFAULT '',
	batch_id             TEXT    NOT NULL DEFAULT '',
	label                TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS links_effective_expires_at ON links(effective_expires_at);
CREATE INDEX IF NOT EXISTS links_issued_at ON links(issued_at);
PRAGMA user_version = 1;
`

// schemaV2 adds what a link needs to be issued, checked and revoked again
// (addressing, download name, share copy, last check), gallery membership,
// and the region cache.
const schemaV2 = `
ALTER TABLE links ADD COLUMN path_style    INTEGER NOT NULL DEFAULT 0;
ALTER TABLE links ADD COLUMN download      INTEGER NOT NULL DEFAULT 0;
ALTER TABLE links ADD COLUMN filename      TEXT    NOT NULL DEFAULT '';
ALTER TABLE links ADD COLUMN share_key     TEXT    NOT NULL DEFAULT '';
ALTER TABLE links ADD COLUMN revoked_at    INTEGER NOT NULL DEFAULT 0;
ALTER TABLE links ADD COLUMN size          INTEGER NOT NULL DEFAULT -1;
ALTER TABLE links ADD COLUMN gallery       INTEGER NOT NULL DEFAULT 0; -- 1: the link is a gallery page
ALTER TABLE links ADD COLUMN parent_id     INTEGER NOT NULL DEFAULT 0; -- the gallery an image belongs to
ALTER TABLE links ADD COLUMN check_verdict TEXT    NOT NULL DEFAULT '';
ALTER TABLE links ADD COLUMN check_detail  TEXT    NOT NULL DEFAULT '';
ALTER TABLE links ADD COLUMN checked_at    INTEGER NOT NULL DEFAULT 0;
CREATE INDEX links_parent_id ON links(parent_id) WHERE parent_id != 0;
CREATE TABLE bucket_regions (
	endpoint   TEXT    NOT NULL,
	bucket     TEXT    NOT NULL,
	region     TEXT    NOT NULL,
	updated_at INTEGER NOT NULL,
	PRIMARY KEY (endpoint, bucket)
);
`

// migrations[v] brings a version-v schema to v+1, inside the migration's
// transaction. They only ever go forward.
var migrations = map[int]func(ctx context.Context, conn *sql.Conn) error{
	0: func(ctx context.Context, conn *sql.Conn) error { return runScript(ctx, conn, schemaV1) },
	1: migrateV1,
	2: migrateV2,
	3: migrateTeam,        // schema_v4.go
	4: migrateMemberEntry, // schema_v5.go
	5: migrateTeamOpens,   // schema_v6.go
}

// migrateV1 adds the version-2 columns and fills the download flag and
// name of existing links from their Content-Disposition, once.
func migrateV1(ctx context.Context, conn *sql.Conn) error {
	if err := runScript(ctx, conn, schemaV2); err != nil {
		return err
	}
	rows, err := conn.QueryContext(ctx, "SELECT id, disposition FROM links WHERE disposition != ''")
	if err != nil {
		return err
	}
	names := map[int64]string{}
	for rows.Next() {
		var id int64
		var disp string
		if err := rows.Scan(&id, &disp); err != nil {
			rows.Close()
			return err
		}
		if _, params, err := mime.ParseMediaType(disp); err == nil {
			names[id] = params["filename"]
		} else {
			names[id] = ""
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for id, name := range names {
		if _, err := conn.ExecContext(ctx, "UPDATE links SET download = 1, filename = ? WHERE id = ?", name, id); err != nil {
			return err
		}
	}
	return nil
}

// runScript runs a multi-statement script.
func runScript(ctx context.Context, conn *sql.Conn, script string) error {
	_, err := conn.ExecContext(ctx, script)
	return err
}

// errNewerSchema and errForeignDB are the schema refusals.
var (
	errNewerSchema = errors.New("was written by a newer s3share")
	errForeignDB   = errors.New("is a SQLite database but not an s3share history")
)

// migrateBusyWait is how long one try at the migration's write lock waits
// inside SQLite before openDB's loop, which honours ctx, tries again.
const migrateBusyWait = 20 * time.Millisecond

// migrate brings the schema to schemaVersion, refusing newer or foreign
// databases without touching them. It runs in one immediate transaction so
// two processes opening a fresh or old file at once do not race, and a
// failed migration leaves the file as it was.
func migrate(ctx context.Context, db *sql.DB) error {
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if version, err := userVersion(ctx, conn); err == nil && version == schemaVersion {
		return nil // the common case needs no write lock
	}
	// The lock is waited for in openDB's loop, which ctrl+c ends, not in
	// SQLite's busy handler, which nothing interrupts.
	if _, err := conn.ExecContext(ctx, fmt.Sprintf("PRAGMA busy_timeout = %d", migrateBusyWait.Milliseconds())); err != nil {
		return err
	}
	defer conn.ExecContext(context.Background(), fmt.Sprintf("PRAGMA busy_timeout = %d", busyTimeout.Milliseconds()))
	if _, err := conn.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
		return err
	}
	if err := migrateLocked(ctx, conn); err != nil {
		_, _ = conn.ExecContext(ctx, "ROLLBACK") // the error above is the one to report
		return err
	}
	_, err = conn.ExecContext(ctx, "COMMIT")
	return err
}

// userVersion reads the schema version.
func userVersion(ctx context.Context, conn *sql.Conn) (int, error) {
	var version int
	err := conn.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version)
	return version, err
}

// migrateLocked does the work of migrate inside its transaction.
func migrateLocked(ctx context.Context, conn *sql.Conn) error {
	version, err := userVersion(ctx, conn)
	if err != nil {
		return err
	}
	switch {
	case version == schemaVersion:
		return nil
	case version > schemaVersion:
		return hint.With(fmt.Errorf("%w (schema %d, this one reads %d): upgrade s3share or use another history file",
			errNewerSchema, version, schemaVersion), hint.History)
	case version == 0:
		var tables int
		if err := conn.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_master").Scan(&tables); err != nil {
			return err
		}
		if tables > 0 {
			return hint.With(fmt.Errorf("%w: use another history file", errForeignDB), hint.History)
		}
	}
	for v := version; v < schemaVersion; v++ {
		if err := migrations[v](ctx, conn); err != nil {
			return fmt.Errorf("migrating the history from schema %d: %w", v, err)
		}
	}
	_, err = conn.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", schemaVersion))
	return err
}
