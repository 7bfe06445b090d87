package share

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"strings"
	"syscall"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// chosenReadOnly says why the file at path is read-only by its owner's
// choice (no owner write permission), or "".
func chosenReadOnly(path string) string {
	info, err := os.Stat(path)
	if err != nil || info.Mode().Perm()&0o200 != 0 {
		return ""
	}
	return fmt.Sprintf("it is read-only (mode %04o): make it writable (chmod u+w) to record links", info.Mode().Perm())
}

// isReadOnlyFS reports an open that failed because nothing can be written
// where the history is.
func isReadOnlyFS(err error) bool {
	var se *sqlite.Error
	if errors.As(err, &se) && se.Code()&0xff == sqlite3.SQLITE_READONLY {
		return true
	}
	return errors.Is(err, syscall.EROFS) || strings.Contains(err.Error(), "readonly database") ||
		strings.Contains(err.Error(), "read-only file system")
}

// openReadOnly opens the history for reading only: plainly when SQLite can
// share it with a writer, else as immutable (a read-only file system, where
// there can be no writer and no -shm file can be made). The schema must be
// the current one: an older file cannot be migrated without writing.
func openReadOnly(path string) (*sql.DB, error) {
	var lastErr error
	for _, mode := range []string{"mode=ro", "mode=ro&immutable=1"} {
		u := url.URL{Scheme: "file", Path: path, RawQuery: mode + "&_pragma=busy_timeout(5000)"}
		db, err := sql.Open("sqlite", u.String())
		if err != nil {
			return nil, err
		}
		db.SetMaxOpenConns(1)
		var version int
		if err := db.QueryRow("PRAGMA user_version").Scan(&version); err != nil {
			db.Close()
			lastErr = err
			continue
		}
		if version != schemaVersion {
			db.Close()
			return nil, fmt.Errorf("%w: it is read-only and has schema %d, this s3share reads %d: make it writable once to upgrade it",
				errNewerSchema, version, schemaVersion)
		}
		return db, nil
	}
	return nil, lastErr
}

// isCorrupt reports SQLite's answers for a damaged file.
func isCorrupt(err error) bool {
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() & 0xff {
		case sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB:
			return true
		}
	}
	msg := err.Error()
	return strings.Contains(msg, "malformed") || strings.Contains(msg, "not a database")
}

// corruptError is the one line for a damaged history.
func corruptError(err error) error {
	return fmt.Errorf("is corrupt (%v); it was left as is and nothing is written to it: move it aside or use another --history file", err)
}

// writable returns why nothing may be written now: the file is read-only,
// or SQLite found it damaged. nil when writes may go ahead.
func (h *History) writable() error {
	switch {
	case h.corrupt.Load():
		return &HistoryError{Path: h.path, Err: corruptError(errors.New("seen earlier in this run"))}
	case h.readOnly != "":
		return &HistoryError{Path: h.path, Err: errors.New("cannot be written: " + h.readOnly)}
	}
	return nil
}

// Verify checks, once per History, that the links table and its indexes
// are sound (PRAGMA quick_check), and that the history may be written:
// the pipeline runs it before issuing, so no link goes into a damaged or
// read-only file.
func (h *History) Verify(ctx context.Context) error {
	if err := h.writable(); err != nil {
		return err
	}
	if err := h.verify(); err != nil {
		return err
	}
	return h.writable()
}

// quickCheck runs PRAGMA quick_check on the links table.
func (h *History) quickCheck() error {
	rows, err := h.db.Query("PRAGMA quick_check(links)")
	if err != nil {
		return h.wrap("cannot read", err)
	}
	defer rows.Close()
	var problems []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return h.wrap("cannot read", err)
		}
		if line != "ok" {
			problems = append(problems, line)
		}
	}
	if err := rows.Err(); err != nil {
		return h.wrap("cannot read", err)
	}
	if len(problems) > 0 {
		h.corrupt.Store(true)
		return &HistoryError{Path: h.path, Err: corruptError(errors.New(firstLineOf(problems[0], 120)))}
	}
	return nil
}
