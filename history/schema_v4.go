package history

import (
	"context"
	"database/sql"
)

// schemaTeam makes the history the cache of team ledgers: which ledgers
// this history is a member of and how far it has read each, the events
// applied from each (what snapshots are folded from), the outbox of
// events recorded here and not yet pushed, and on every link its
// team-wide id, its issuer and whether it is a teammate's.
const schemaTeam = `
ALTER TABLE links ADD COLUMN team_id   TEXT    NOT NULL DEFAULT ''; -- the link's id in the team ledger, '' when not shared
ALTER TABLE links ADD COLUMN issuer    TEXT    NOT NULL DEFAULT ''; -- the member who issued it, '' when not shared
ALTER TABLE links ADD COLUMN from_team INTEGER NOT NULL DEFAULT 0;  -- 1: a teammate's link, its URL without signature
CREATE UNIQUE INDEX links_team_id ON links(team_id) WHERE team_id != '';
CREATE TABLE team_ledgers (
	ledger    TEXT    PRIMARY KEY,         -- s3://bucket/prefix/
	member    TEXT    NOT NULL,            -- this history's member name there
	identity  TEXT    NOT NULL DEFAULT '', -- who the server said it was when it joined
	joined_at INTEGER NOT NULL DEFAULT 0,
	probe     TEXT    NOT NULL DEFAULT '', -- what the capability probe found
	skew      INTEGER NOT NULL DEFAULT 0,  -- the server's clock minus ours, nanoseconds
	skew_at   INTEGER NOT NULL DEFAULT 0,  -- when skew was measured (0: never)
	applied   INTEGER NOT NULL DEFAULT 0,  -- the last log object applied
	synced    INTEGER NOT NULL DEFAULT 0,  -- server time the log was last seen to end at applied
	sync_at   INTEGER NOT NULL DEFAULT 0,  -- local time of the last sync that reached the ledger
	sync_note TEXT    NOT NULL DEFAULT ''  -- why the last push or pull failed, '' when it did not
);
CREATE TABLE team_events (
	ledger TEXT NOT NULL,
	id     TEXT NOT NULL,
	link   TEXT NOT NULL,
	body   BLOB NOT NULL, -- the event as the ledger encodes it
	PRIMARY KEY (ledger, id)
) WITHOUT ROWID;
CREATE INDEX team_events_link ON team_events(ledger, link);
CREATE TABLE team_outbox (
	seq    INTEGER PRIMARY KEY,
	ledger TEXT    NOT NULL,
	id     TEXT    NOT NULL,
	body   BLOB    NOT NULL,
	UNIQUE (ledger, id)
);
`

// migrateTeam adds the team tables and columns (schema 3 to 4).
func migrateTeam(ctx context.Context, conn *sql.Conn) error {
	return runScript(ctx, conn, schemaTeam)
}
