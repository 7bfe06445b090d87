package history

import (
	"context"
	"database/sql"
)

// schemaMemberEntry keeps the display name a membership was asked for,
// so that a member whose credentials could not write its member entry
// (members/NAME.json) when it joined can write it later as asked. Such a
// membership has joined_at 0 until the entry is written.
const schemaMemberEntry = `
ALTER TABLE team_ledgers ADD COLUMN display TEXT NOT NULL DEFAULT ''; -- the display name joined with, '' for the name
`

// migrateMemberEntry adds the display name of a membership (schema 4 to 5).
func migrateMemberEntry(ctx context.Context, conn *sql.Conn) error {
	return runScript(ctx, conn, schemaMemberEntry)
}
