package share

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"
	"time"

	_ "modernc.org/sqlite" // the driver the history uses

	"github.com/s3share/s3share/history"
	"github.com/s3share/s3share/presigned"
)

// openTest opens a history in a fresh temp dir with the clock at *now.
func openTest(t *testing.T, now *time.Time) *history.History {
	t.Helper()
	h, err := history.OpenHistory(context.Background(), filepath.Join(t.TempDir(), "state", "history.db"), func() time.Time { return *now })
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { h.Close() })
	return h
}

// link builds a link issued at issued for d, ending early after eff when eff > 0.
func link(bucket, key, label string, issued time.Time, d, eff time.Duration) presigned.Link {
	l := presigned.Link{Bucket: bucket, Key: key, Label: label, Region: "us-east-1", URL: "https://example.test/" + key,
		IssuedAt: issued, ExpiresAt: issued.Add(d), EffectiveExpiresAt: issued.Add(d), CredentialKind: presigned.CredStatic}
	if eff > 0 {
		l.EffectiveExpiresAt, l.CredentialKind = issued.Add(eff), presigned.CredTemporary
	}
	return l
}

// secondConnection opens the history file at path the way another s3share
// would: its own connection, not the History under test.
func secondConnection(t *testing.T, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", path+"?_pragma=busy_timeout(0)&_txlock=immediate")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// heldLock is another connection's write transaction on a history file.
type heldLock struct{ tx *sql.Tx }

// holdWriteLock takes the write lock of the history at path from a second
// connection and returns once it holds it.
func holdWriteLock(t *testing.T, path string) *heldLock {
	t.Helper()
	tx, err := secondConnection(t, path).BeginTx(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	// A write makes sure the lock is taken, not merely asked for.
	if _, err := tx.Exec("UPDATE links SET label = label WHERE 0"); err != nil {
		t.Fatal(err)
	}
	l := &heldLock{tx: tx}
	t.Cleanup(func() { _ = l.tx.Rollback() })
	return l
}

// release lets go of the lock.
func (l *heldLock) release(t *testing.T) {
	t.Helper()
	if err := l.tx.Rollback(); err != nil {
		t.Fatal(err)
	}
}

// issuer signs as the pipeline does once its checks have passed, without
// them (no bucket or object to check): for tests of the signing itself
// with signers whose credentials a test chooses.
type issuer struct {
	signer Signer
	now    func() time.Time // nil: time.Now
}

// issue validates reqs, takes the signer's credentials (refused when
// expired) and signs reqs as one batch at the whole second of now.
func (i issuer) issue(ctx context.Context, reqs []Request) ([]presigned.Link, error) {
	return issue(ctx, i.signer, i.now, reqs)
}

// issue is issuer{s, now}.issue.
func issue(ctx context.Context, s Signer, now func() time.Time, reqs []Request) ([]presigned.Link, error) {
	for _, r := range reqs {
		if err := validateRequest(r); err != nil {
			return nil, err
		}
	}
	if len(reqs) == 0 {
		return nil, nil
	}
	if now == nil {
		now = time.Now
	}
	creds, err := s.Credentials(ctx)
	if err != nil {
		return nil, err
	}
	at := now().Truncate(time.Second)
	if err := stillValid(creds, at); err != nil {
		return nil, err
	}
	return batchSigner{s}.sign(ctx, tasksOf(reqs), signEnv{creds: creds, now: at})
}
