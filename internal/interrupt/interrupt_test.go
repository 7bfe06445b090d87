package interrupt

import (
	"context"
	"errors"
	"io"
	"os"
	"testing"
)

// TestWaitGivesUpOnABlockedRead: a read of a pipe that nobody writes
// blocks; cancelling the context ends the wait with context.Canceled while
// the read still blocks.
func TestWaitGivesUpOnABlockedRead(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	reading := make(chan struct{})
	readDone := make(chan struct{})
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		<-reading
		cancel()
	}()
	_, err = Wait(ctx, func() ([]byte, error) {
		defer close(readDone)
		close(reading)
		return io.ReadAll(r)
	})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Wait = %v, want context.Canceled", err)
	}
	select {
	case <-readDone:
		t.Error("the read ended, so the wait proved nothing")
	default:
	}
	w.Close() // ends the read
	<-readDone
}

// TestWaitReturnsTheResult: without a cancel, Wait returns f's value and
// error; with a context already ended, f does not run.
func TestWaitReturnsTheResult(t *testing.T) {
	boom := errors.New("boom")
	if v, err := Wait(context.Background(), func() (int, error) { return 7, boom }); v != 7 || err != boom {
		t.Errorf("Wait = %d, %v; want 7, boom", v, err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	ran := false
	if _, err := Wait(ctx, func() (int, error) { ran = true; return 0, nil }); !errors.Is(err, context.Canceled) || ran {
		t.Errorf("with an ended context: %v, ran %v", err, ran)
	}
}
