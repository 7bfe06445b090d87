package ledger

import (
	"context"
	"fmt"

	"github.com/s3share/s3share/s3browse"
)

// Cleanup deletes the log objects the newest snapshot covers and the
// older snapshots, those whose LastModified is at least the cleanup
// margin before the server's time, and returns how many it deleted. It
// does nothing unless this cache has applied everything the snapshot
// covers (a member never deletes what it has not read) and the snapshot
// reads back whole (a damaged one gives an error and deletes nothing). A push runs it
// after each snapshot it writes.
func (l *Ledger) Cleanup(ctx context.Context) (int, error) {
	l.run.Lock()
	defer l.run.Unlock()
	return l.cleanup(ctx)
}

// cleanup is Cleanup without the lock.
func (l *Ledger) cleanup(ctx context.Context) (int, error) {
	snaps, err := l.listSnapshots(ctx)
	if err != nil || len(snaps) == 0 {
		return 0, err
	}
	newest := snaps[len(snaps)-1].n
	pos, err := l.cache.Position(ctx)
	if err != nil || pos.Applied < newest {
		return 0, err
	}
	// What it covers is deleted only if the snapshot can stand in for it.
	if _, reject, err := l.readSnapshot(ctx, newest); err != nil || reject != nil {
		if reject != nil {
			err = fmt.Errorf("nothing cleaned up: %w", reject)
		}
		return 0, err
	}
	now := l.now()
	var doomed []string
	for _, s := range snaps[:len(snaps)-1] {
		if now.Sub(s.obj.LastModified) >= l.margin {
			doomed = append(doomed, s.obj.Key)
		}
	}
	logs, err := l.coveredLogs(ctx, newest)
	if err != nil {
		return 0, err
	}
	for _, o := range logs {
		if now.Sub(o.LastModified) >= l.margin {
			doomed = append(doomed, o.Key)
		}
	}
	if err := l.objects.DeleteObjects(ctx, l.bucket, doomed); err != nil {
		return 0, err
	}
	return len(doomed), nil
}

// coveredLogs lists the log objects up to and including through.
func (l *Ledger) coveredLogs(ctx context.Context, through int64) ([]s3browse.Object, error) {
	var out []s3browse.Object
	token := ""
	for {
		page, err := l.objects.ListAfter(ctx, l.bucket, l.logPrefix(), "", token)
		if err != nil {
			return nil, err
		}
		for _, o := range page.Objects {
			n, ok := l.logNumber(o.Key)
			if !ok {
				continue
			}
			if n > through {
				return out, nil
			}
			out = append(out, o)
		}
		if page.Last() {
			return out, nil
		}
		token = page.NextToken
	}
}
