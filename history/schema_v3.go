package history

import (
	"context"
	"database/sql"
)

// schemaV3 adds what the bucket's server access logs told about links:
// each request through a link once (request_id is S3's, and S3 may deliver
// a record twice), the log objects read per log location so that none is
// fetched twice, and per location how far the logs go. A link's requests
// go with it when it is deleted: a new link may get its id.
const schemaV3 = `
CREATE TABLE link_hits (
	id         INTEGER PRIMARY KEY,
	request_id TEXT    NOT NULL UNIQUE,
	link_id    INTEGER NOT NULL,
	at         INTEGER NOT NULL, -- unix nanoseconds, when S3 received the request
	kind       TEXT    NOT NULL, -- open, after_end, before_start, tampered, gone, denied, check, other
	status     INTEGER NOT NULL DEFAULT 0,
	error_code TEXT    NOT NULL DEFAULT '',
	operation  TEXT    NOT NULL DEFAULT '',
	remote_ip  TEXT    NOT NULL DEFAULT '',
	user_agent TEXT    NOT NULL DEFAULT '', -- raw as logged: escape before showing
	referrer   TEXT    NOT NULL DEFAULT '',
	bytes_sent INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX link_hits_link_id ON link_hits(link_id, at);
CREATE TRIGGER links_forget_hits AFTER DELETE ON links BEGIN
	DELETE FROM link_hits WHERE link_id = old.id;
END;
CREATE TABLE log_objects_read (
	endpoint TEXT    NOT NULL, -- where the log bucket is, '' for AWS
	location TEXT    NOT NULL, -- s3://LOG-BUCKET/PREFIX
	key      TEXT    NOT NULL,
	named_at INTEGER NOT NULL DEFAULT 0, -- the time in its name, unix nanoseconds
	PRIMARY KEY (endpoint, location, key)
) WITHOUT ROWID;
CREATE TABLE log_locations (
	endpoint   TEXT    NOT NULL,
	location   TEXT    NOT NULL,
	layout     TEXT    NOT NULL DEFAULT '', -- how its keys are named, found by a read
	account    TEXT    NOT NULL DEFAULT '', -- the source account of a partitioned layout
	logs_up_to INTEGER NOT NULL DEFAULT 0,  -- the newest record read, unix nanoseconds
	read_at    INTEGER NOT NULL DEFAULT 0,  -- when it was last read
	PRIMARY KEY (endpoint, location)
);
`

// migrateV2 adds the version-3 tables; links are left as they are.
func migrateV2(ctx context.Context, conn *sql.Conn) error {
	return runScript(ctx, conn, schemaV3)
}
