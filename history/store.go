package history

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"time"

	"modernc.org/sqlite" // registers the "sqlite" driver
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/s3share/s3share/internal/hint"
	"github.com/s3share/s3share/internal/userfile"
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
	path     string
	db       *sql.DB
	now      func() time.Time
	readOnly string      // why nothing may be written ("" when writable)
	corrupt  atomic.Bool // SQLite found the file damaged: never write to it
	pub      atomic.Pointer[publisherBox]
}

// OpenHistory opens the history at path, creating it (directory 0700, files
// 0600) when missing. A file that is not an s3share history, is corrupt,
// unreadable or from a newer s3share gives a *HistoryError and is left
// untouched. A file the user made read-only, or one on a read-only file
// system, opens for reading: writes are refused with a line saying why.
// now is the clock for status queries (time.Now when nil). Waiting for
// other processes that hold the file ends when ctx does.
func OpenHistory(ctx context.Context, path string, now func() time.Time) (*History, error) {
	if now == nil {
		now = time.Now
	}
	if err := prepareFile(path); err != nil {
		return nil, &HistoryError{Path: path, Err: err}
	}
	readOnly := chosenReadOnly(path)
	if readOnly == "" && onReadOnlyFS(path) {
		readOnly = "it is on a read-only file system"
	}
	var db *sql.DB
	var err error
	if readOnly == "" {
		db, err = openDB(ctx, path)
		if err != nil && isReadOnlyFS(err) {
			readOnly = "it is on a read-only file system"
		}
	}
	if readOnly != "" {
		db, err = openReadOnly(path)
	}
	if err != nil {
		return nil, &HistoryError{Path: path, Err: describeOpenError(err)}
	}
	h := &History{path: path, db: db, now: now, readOnly: readOnly}
	if readOnly == "" {
		if err := h.fixPerms(); err != nil {
			db.Close()
			return nil, err
		}
	}
	return h, nil
}

// busyTimeout is how long a write waits for another process's write lock
// before it fails with ErrHistoryBusy.
const busyTimeout = 5 * time.Second

// openWait bounds how long opening waits for other s3share processes that
// are creating, switching to WAL or migrating the same file.
const openWait = 10 * time.Second

// openDB opens the database at path and brings its schema up to date. The
// switch to WAL and the migration take locks that SQLite's busy timeout
// does not always wait for (a journal-mode change on a file another process
// is creating answers SQLITE_BUSY at once), so a busy open is tried again,
// with growing pauses, for up to openWait or until ctx ends.
func openDB(ctx context.Context, path string) (*sql.DB, error) {
	deadline := time.Now().Add(openWait) // a timeout, not a time of day
	pause := 2 * time.Millisecond
	for {
		db, err := openOnce(ctx, path)
		if err == nil {
			return db, nil
		}
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		if !isBusy(err) || time.Now().After(deadline) {
			return nil, err
		}
		wait := time.NewTimer(pause + time.Duration(rand.Int64N(int64(pause))))
		select {
		case <-ctx.Done():
			wait.Stop()
			return nil, ctx.Err()
		case <-wait.C:
		}
		pause = min(2*pause, 100*time.Millisecond)
	}
}

// openOnce makes one attempt at openDB.
func openOnce(ctx context.Context, path string) (*sql.DB, error) {
	db, err := sql.Open("sqlite", path+fmt.Sprintf("?_pragma=busy_timeout(%d)", busyTimeout.Milliseconds())+"&_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)&_pragma=cell_size_check(1)&_txlock=immediate")
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1)
	if err := migrate(ctx, db); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// isBusy reports SQLite's "database is locked" answers (SQLITE_BUSY,
// SQLITE_LOCKED and their extended codes).
func isBusy(err error) bool {
	var se *sqlite.Error
	if errors.As(err, &se) {
		code := se.Code() & 0xff
		return code == sqlite3.SQLITE_BUSY || code == sqlite3.SQLITE_LOCKED
	}
	return strings.Contains(err.Error(), "SQLITE_BUSY") || strings.Contains(err.Error(), "database is locked")
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
		return hint.With(errors.New("the path may not contain '?' or '#': choose another history file"), hint.History)
	}
	if err := prepareDir(filepath.Dir(path)); err != nil {
		return err
	}
	if _, err := os.Stat(path); err == nil {
		return checkHeader(path)
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if err == nil {
		defer f.Close()
		return f.Chmod(0o600)
	}
	if !errors.Is(err, os.ErrExist) {
		return hint.With(fmt.Errorf("cannot create it: %w: %s", errors.Unwrap(err), fixHint), hint.History)
	}
	return checkHeader(path)
}

// checkHeader refuses existing files that are not SQLite databases. A FIFO
// or a device is refused without waiting on it.
func checkHeader(path string) error {
	f, err := userfile.Open(path)
	var notRegular *userfile.NotRegularError
	switch {
	case errors.As(err, &notRegular):
		return hint.With(fmt.Errorf("%w: choose another history file", err), hint.History)
	case err != nil:
		return fmt.Errorf("cannot read it: %w", errors.Unwrap(err))
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return fmt.Errorf("cannot read it: %w", err)
	}
	buf := make([]byte, len(sqliteHeader))
	n, _ := f.Read(buf) // a short read is judged below
	if n == 0 && st.Size() == 0 {
		return nil // an empty file: a new history
	}
	if string(buf[:n]) != sqliteHeader {
		return hint.With(errors.New("is not an s3share history (not a SQLite database); it was left as is: move it aside or use another history file"), hint.History)
	}
	return nil
}

// describeOpenError turns SQLite's open failures into one line.
func describeOpenError(err error) error {
	if errors.Is(err, errNewerSchema) || errors.Is(err, errForeignDB) {
		return err
	}
	if isCorrupt(err) {
		return hint.With(fmt.Errorf("is corrupt (%v); it was left as is: move it aside or use another history file", err), hint.History)
	}
	return hint.With(fmt.Errorf("cannot open it: %w: %s", err, fixHint), hint.History)
}

// fixHint says what to do when the history cannot be written.
const fixHint = "check that its directory is writable and the disk has space, or use another history file"

// fixPerms takes group and other access away from the database and its
// -wal and -shm files (0600 for s3share's own). It never adds a permission:
// a file the user made read-only stays so.
func (h *History) fixPerms() error {
	for _, p := range []string{h.path, h.path + "-wal", h.path + "-shm"} {
		info, err := os.Stat(p)
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err == nil && info.Mode().Perm()&0o077 == 0 {
			continue
		}
		if err == nil {
			err = os.Chmod(p, info.Mode().Perm()&0o700)
		}
		if err != nil && !errors.Is(err, os.ErrNotExist) {
			return &HistoryError{Path: h.path, Err: fmt.Errorf("cannot protect %s: %w", filepath.Base(p), err)}
		}
	}
	return nil
}
