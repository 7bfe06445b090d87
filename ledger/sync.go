package ledger

import "context"

// SyncResult is what a sync did.
type SyncResult struct {
	Push PushResult
	// PushErr is why the push failed (the outbox keeps its events), nil
	// when it did not: a member who may read but not write still pulls.
	PushErr error
	Pull    PullResult
}

// Sync pushes the outbox, then pulls. A failed push does not stop the
// pull; its error is in the result. The error returned is the pull's.
func (l *Ledger) Sync(ctx context.Context) (SyncResult, error) {
	l.run.Lock()
	defer l.run.Unlock()
	var res SyncResult
	res.PushErr = l.push(ctx, &res.Push)
	if ctx.Err() != nil {
		return res, ctx.Err()
	}
	err := l.pull(ctx, &res.Pull)
	return res, err
}
