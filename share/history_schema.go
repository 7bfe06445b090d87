package share

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// schemaVersion is the PRAGMA user_version this s3share writes and reads.
const schemaVersion = 1

// schemaV1 creates the links table and its indexes.
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

// errNewerSchema and errForeignDB are the schema refusals.
var (
	errNewerSchema = errors.New("was written by a newer s3share")
	errForeignDB   = errors.New("is a SQLite database but not an s3share history")
)

// migrate brings the schema to schemaVersion, refusing newer or foreign
// databases without touching them. It runs in one immediate transaction so
// two processes opening a fresh file at once do not race.
func migrate(ctx context.Context, db *sql.DB) error {
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
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

// migrateLocked does the work of migrate inside its transaction.
func migrateLocked(ctx context.Context, conn *sql.Conn) error {
	var version int
	if err := conn.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return err
	}
	switch {
	case version == schemaVersion:
		return nil
	case version > schemaVersion:
		return fmt.Errorf("%w (schema %d, this one reads %d): upgrade s3share or use another --history file",
			errNewerSchema, version, schemaVersion)
	}
	var tables int
	if err := conn.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_master").Scan(&tables); err != nil {
		return err
	}
	if tables > 0 {
		return fmt.Errorf("%w: use another --history file", errForeignDB)
	}
	_, err := conn.ExecContext(ctx, schemaV1)
	return err
}
