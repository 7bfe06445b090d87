package history

import (
	"context"
	"database/sql"
)

// schemaTeamOpens keeps, per team ledger, how far the access logs its
// members read go: the newest log record time their opened events
// report. A member who never reads logs itself shows the team's.
const schemaTeamOpens = `
ALTER TABLE team_ledgers ADD COLUMN logs_up_to INTEGER NOT NULL DEFAULT 0; -- unix nanoseconds, 0: no opens shared yet
`

// migrateTeamOpens adds the team's logs-up-to time (schema 5 to 6).
func migrateTeamOpens(ctx context.Context, conn *sql.Conn) error {
	return runScript(ctx, conn, schemaTeamOpens)
}
