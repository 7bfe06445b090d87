package share

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// ErrNotFound is wrapped when a history entry does not exist.
var ErrNotFound = errors.New("no such link in the history")

// HistoryError is a history failure, naming the file.
type HistoryError struct {
	Path string
	Err  error
}

// Error returns one line naming the history file.
func (e *HistoryError) Error() string { return fmt.Sprintf("history %s: %v", e.Path, e.Err) }

// Unwrap returns the cause.
func (e *HistoryError) Unwrap() error { return e.Err }

// History is the SQLite store of issued links. It is safe for concurrent
// use, and several processes may write the same file at once.
type History struct {
	path string
	db   *sql.DB
	now  func() time.Time
}

// DefaultHistoryPath is S3SHARE_HISTORY, else
// $XDG_STATE_HOME/s3share/history.db, else ~/.local/state/s3share/history.db.
func DefaultHistoryPath() (string, error) {
	if p := os.Getenv("S3SHARE_HISTORY"); p != "" {
		return p, nil
	}
	if d := os.Getenv("XDG_STATE_HOME"); filepath.IsAbs(d) {
		return filepath.Join(d, "s3share", "history.db"), nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("cannot find the history: no home directory; set S3SHARE_HISTORY or --history")
	}
	return filepath.Join(home, ".local", "state", "s3share", "history.db"), nil
}

// OpenHistory opens the history at path, creating it (directory 0700, files
// 0600) when missing. A file that is not an s3share history, is corrupt,
// unreadable or from a newer s3share gives a *HistoryError and is left
// untouched. now is the clock for status queries (time.Now when nil).
func OpenHistory(path string, now func() time.Time) (*History, error) {
	if now == nil {
		now = time.Now
	}
	if err := prepareFile(path); err != nil {
		return nil, &HistoryError{Path: path, Err: err}
	}
	db, err := sql.Open("sqlite", path+"?_pragma=busy_timeout(5000)&_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)&_txlock=immediate")
	if err != nil {
		return nil, &HistoryError{Path: path, Err: err}
	}
	db.SetMaxOpenConns(1)
	h := &History{path: path, db: db, now: now}
	if err := migrate(context.Background(), db); err != nil {
		db.Close()
		return nil, &HistoryError{Path: path, Err: describeOpenError(err)}
	}
	if err := h.fixPerms(); err != nil {
		db.Close()
		return nil, err
	}
	return h, nil
}

// Path returns the history file's path.
func (h *History) Path() string { return h.path }

// Close closes the database.
func (h *History) Close() error {
	if err := h.db.Close(); err != nil {
		return &HistoryError{Path: h.path, Err: err}
	}
	return nil
}

// sqliteHeader starts every SQLite database file.
const sqliteHeader = "SQLite format 3\x00"

// prepareDir creates the history's directory 0700, or tightens an existing
// s3share-owned one (named s3share, as the XDG default is) to 0700. Other
// existing directories are the user's choice and are left alone.
func prepareDir(dir string) error {
	info, err := os.Stat(dir)
	switch {
	case errors.Is(err, os.ErrNotExist):
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return fmt.Errorf("cannot create its directory: %w", err)
		}
	case err != nil:
		return fmt.Errorf("cannot reach its directory: %w", err)
	case filepath.Base(dir) != "s3share" || info.Mode().Perm() == 0o700:
		return nil
	}
	if err := os.Chmod(dir, 0o700); err != nil {
		return fmt.Errorf("cannot protect its directory: %w", err)
	}
	return nil
}

// prepareFile makes the directory (0700) and an empty file (0600) when
// missing, and checks that an existing file is a readable SQLite database.
func prepareFile(path string) error {
	if strings.ContainsAny(path, "?#") {
		return errors.New("the path may not contain '?' or '#': choose another --history file")
	}
	if err := prepareDir(filepath.Dir(path)); err != nil {
		return err
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if err == nil {
		defer f.Close()
		return f.Chmod(0o600)
	}
	if !errors.Is(err, os.ErrExist) {
		return fmt.Errorf("cannot create it: %w: %s", errors.Unwrap(err), fixHint)
	}
	return checkHeader(path)
}

// checkHeader refuses existing files that are not SQLite databases.
func checkHeader(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("cannot read it: %w", errors.Unwrap(err))
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return fmt.Errorf("cannot read it: %w", err)
	}
	if !st.Mode().IsRegular() {
		return errors.New("is not a regular file: choose another --history file")
	}
	buf := make([]byte, len(sqliteHeader))
	n, _ := f.Read(buf) // a short read is judged below
	if n == 0 && st.Size() == 0 {
		return nil // an empty file: a new history
	}
	if string(buf[:n]) != sqliteHeader {
		return errors.New("is not an s3share history (not a SQLite database); it was left as is: move it aside or use another --history file")
	}
	return nil
}

// describeOpenError turns SQLite's open failures into one line.
func describeOpenError(err error) error {
	if errors.Is(err, errNewerSchema) || errors.Is(err, errForeignDB) {
		return err
	}
	msg := err.Error()
	if strings.Contains(msg, "malformed") || strings.Contains(msg, "not a database") {
		return fmt.Errorf("is corrupt (%v); it was left as is: move it aside or use another --history file", err)
	}
	return fmt.Errorf("cannot open it: %w: %s", err, fixHint)
}

// fixHint says what to do when the history cannot be written.
const fixHint = "check that its directory is writable and the disk has space, or use another --history file"

// fixPerms keeps the database and its -wal and -shm files at 0600.
func (h *History) fixPerms() error {
	for _, p := range []string{h.path, h.path + "-wal", h.path + "-shm"} {
		if err := os.Chmod(p, 0o600); err != nil && !errors.Is(err, os.ErrNotExist) {
			return &HistoryError{Path: h.path, Err: fmt.Errorf("cannot protect %s: %w", filepath.Base(p), err)}
		}
	}
	return nil
}
