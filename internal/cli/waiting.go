package cli

import (
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/s3share/s3share/termtext"
)

// waitNotice is how long a command waits in silence before it says on
// stderr what it is waiting for.
const waitNotice = time.Second

// notice is a pending "waiting for" line.
type notice struct {
	mu   sync.Mutex
	done bool
	t    *time.Timer
}

// waiting prints "s3share: waiting for ENDPOINT (WHAT)…" on w unless the
// returned stop is called within waitNotice. Once stop returns the line is
// either out or never will be, so it cannot interleave with what follows.
// stop may be called more than once.
func waiting(w io.Writer, endpoint, what string) (stop func()) {
	n := &notice{}
	n.mu.Lock()
	defer n.mu.Unlock()
	n.t = time.AfterFunc(waitNotice, func() {
		n.mu.Lock()
		defer n.mu.Unlock()
		if !n.done {
			fmt.Fprintf(w, "s3share: waiting for %s (%s)…\n", termtext.Escape(endpoint), termtext.Escape(what))
		}
	})
	return func() {
		n.mu.Lock()
		defer n.mu.Unlock()
		n.done = true
		n.t.Stop()
	}
}
