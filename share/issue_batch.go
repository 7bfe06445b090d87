package share

import (
	"context"
	"runtime"
	"sync"

	"github.com/s3share/s3share/presigned"
)

// parallelBatch is the batch size from which signing is spread over every
// core; below it the goroutines cost more than they save.
const parallelBatch = 64

// issueAll signs reqs in order, on every core for large batches. The first
// error stops the work and the links are dropped.
func (s batchSigner) issueAll(ctx context.Context, reqs []task, env signEnv) ([]presigned.Link, error) {
	links := make([]presigned.Link, len(reqs))
	// The first request of each bucket is signed alone: it resolves and
	// caches the bucket's region, so the workers never race to look it up.
	rest := make([]int, 0, len(reqs))
	seen := map[string]bool{}
	for j, r := range reqs {
		if seen[r.Bucket] {
			rest = append(rest, j)
			continue
		}
		seen[r.Bucket] = true
		var err error
		if links[j], err = s.issueOne(ctx, r, env); err != nil {
			return nil, err
		}
	}
	workers := min(runtime.GOMAXPROCS(0), (len(rest)+parallelBatch-1)/parallelBatch)
	if err := s.issueParallel(ctx, reqs, rest, links, max(workers, 1), env); err != nil {
		return nil, err
	}
	return links, nil
}

// issueParallel signs reqs[j] into links[j] for each j in todo on workers
// goroutines, stopping them all at the first error.
func (s batchSigner) issueParallel(ctx context.Context, reqs []task, todo []int, links []presigned.Link,
	workers int, env signEnv) error {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for n := w; n < len(todo) && ctx.Err() == nil; n += workers {
				j := todo[n]
				l, err := s.issueOne(ctx, reqs[j], env)
				if err != nil {
					cancel(err)
					return
				}
				links[j] = l
			}
		})
	}
	wg.Wait()
	if err := context.Cause(ctx); err != nil {
		return err
	}
	return nil
}
