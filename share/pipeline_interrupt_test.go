package share

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/s3share/s3share/internal/testsrv"
	"github.com/s3share/s3share/s3browse"
)

// slowCopies is a real server whose server-side copies take as long as the
// test says: each CopyObject waits for release. A copy whose caller gave
// up meanwhile (its context ended) is what a server does with a request
// already under way: it finishes it anyway, here right after the caller's
// next delete of the same key, the worst moment for a clean-up.
type slowCopies struct {
	*s3browse.Browser
	started chan string // each copy's target, as it reaches the server
	release chan struct{}

	mu   sync.Mutex
	late map[string]s3browse.CopyInput
}

func (s *slowCopies) CopyObject(ctx context.Context, in s3browse.CopyInput) error {
	s.started <- in.To
	<-s.release
	if ctx.Err() != nil {
		s.mu.Lock()
		s.late[in.To] = in
		s.mu.Unlock()
		return ctx.Err()
	}
	return s.Browser.CopyObject(ctx, in)
}

func (s *slowCopies) DeleteObject(ctx context.Context, bucket, key string) error {
	err := s.Browser.DeleteObject(ctx, bucket, key)
	s.mu.Lock()
	in, late := s.late[key]
	delete(s.late, key)
	s.mu.Unlock()
	if late {
		_ = s.Browser.CopyObject(context.Background(), in) // lands after the delete
	}
	return err
}

// TestInterruptDeletesCopiesInFlight: cancelling a revocable share while
// copies are in flight starts no more copies, waits for those in flight
// to be answered (a copy cancelled on the client's side may still land on
// the server), then deletes every one: nothing is left under the share
// prefix.
func TestInterruptDeletesCopiesInFlight(t *testing.T) {
	srv := testsrv.Versity(t)
	srv.CreateBucket(t, "photos")
	var reqs []Request
	for i := range 3 * copyConcurrency {
		key := fmt.Sprintf("img-%02d.png", i)
		srv.Put(t, "photos", key, []byte("png "+key))
		reqs = append(reqs, Request{Bucket: "photos", Key: key, Expires: time.Hour, Revocable: true})
	}
	store := &slowCopies{Browser: srv.Browser(t), started: make(chan string, len(reqs)), release: make(chan struct{}),
		late: map[string]s3browse.CopyInput{}}
	p := NewPipelineWith(store, nil, nil, nil)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, err := p.Share(ctx, reqs, nil)
		done <- err
	}()
	for range copyConcurrency {
		<-store.started
	}
	cancel() // ctrl+c with copyConcurrency copies on the server
	close(store.release)
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("Share after an interrupt: %v, want context.Canceled", err)
	}
	if n := len(store.started); n != 0 {
		t.Errorf("%d more copies started after the interrupt, want none", n)
	}
	if keys := shareKeys(t, srv); len(keys) != 0 {
		t.Errorf("left under the share prefix after the interrupt: %v", keys)
	}
}
