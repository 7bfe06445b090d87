package history

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

	"github.com/s3share/s3share/internal/hint"
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
	return hint.With(fmt.Errorf("is corrupt (%v); it was left as is and nothing is written to it: move it aside or use another history file", err), hint.History)
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

// Verify reports why links may not be recorded: the file is read-only, or
// SQLite has found it damaged. The pipeline runs it before issuing, so no
// link goes into such a file. Damage is found where it matters, at no cost
// that grows with the history: with cell_size_check on, SQLite checks
// every page a write reads before it changes anything, so a write that
// would touch a damaged page fails (and marks the history damaged) with the
// file unchanged. A whole-file PRAGMA quick_check before each share was
// dropped: it cost 80 ms at 100,000 links, on every presign.
func (h *History) Verify(ctx context.Context) error {
	return h.writable()
}
