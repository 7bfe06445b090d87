package share

import (
	"context"
	"runtime"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
)

// parallelBatch is the batch size from which signing is spread over every
// core; below it the goroutines cost more than they save.
const parallelBatch = 64

// issueAll signs reqs in order, on every core for large batches. The first
// error (in request order) is returned and the links are dropped.
func (i *Issuer) issueAll(ctx context.Context, reqs []Request, creds aws.Credentials, now time.Time) ([]Link, error) {
	links := make([]Link, len(reqs))
	errs := make([]error, len(reqs))
	workers := min(runtime.GOMAXPROCS(0), (len(reqs)+parallelBatch-1)/parallelBatch)
	if workers <= 1 {
		for j, r := range reqs {
			if links[j], errs[j] = i.issueOne(ctx, r, creds, now); errs[j] != nil {
				return nil, errs[j]
			}
		}
		return links, nil
	}
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for j := w; j < len(reqs); j += workers {
				links[j], errs[j] = i.issueOne(ctx, reqs[j], creds, now)
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return links, nil
}
