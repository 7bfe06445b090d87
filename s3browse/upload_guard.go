package s3browse

import (
	"context"
	"io"
	"net/http"
	"sync"

	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// sendGuarded runs one request that carries part of an upload (a
// PutObject or an UploadPart) so that a cancelled upload leaves the
// server in a known state: when ctx ends, a request whose body is not all
// sent is cancelled (the server cannot store it), and one whose body is
// all sent runs to its answer (the server may be storing it: cutting it
// off would leave a part, or an object, that lands after the upload is
// aborted, or without anybody knowing). A request not started when ctx
// ends is not sent.
func sendGuarded[T any](ctx context.Context, call func(context.Context, func(*s3.Options)) (T, error)) (T, error) {
	var zero T
	if err := ctx.Err(); err != nil {
		return zero, err
	}
	rctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	defer cancel()
	g := &guard{parent: ctx}
	stop := context.AfterFunc(ctx, func() {
		if g.cancel() {
			cancel()
		}
	})
	defer stop()
	out, err := call(rctx, g.option)
	if err != nil && ctx.Err() != nil && rctx.Err() != nil {
		return zero, ctx.Err() // cut off by the cancellation
	}
	return out, err
}

// guard tracks whether the body of the attempt in flight is all sent.
type guard struct {
	parent context.Context

	mu        sync.Mutex
	sent      int64 // bytes of the body read by the transport
	length    int64 // the body's length, -1 when not known
	complete  bool  // the attempt's body is all sent
	cancelled bool
}

// cancel marks the guard cancelled unless the body is all sent; it
// reports whether the request is to be cut off.
func (g *guard) cancel() bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.complete {
		return false
	}
	g.cancelled = true
	return true
}

// option wraps the client's HTTP client with the guard.
func (g *guard) option(o *s3.Options) {
	o.HTTPClient = &guardedClient{base: o.HTTPClient, g: g}
}

// guardedClient sends each attempt with its body watched.
type guardedClient struct {
	base s3.HTTPClient
	g    *guard
}

// Do sends one attempt; none starts once the upload is cancelled.
func (c *guardedClient) Do(r *http.Request) (*http.Response, error) {
	c.g.mu.Lock()
	if c.g.cancelled || c.g.parent.Err() != nil {
		c.g.mu.Unlock()
		return nil, context.Canceled
	}
	c.g.sent, c.g.length, c.g.complete = 0, r.ContentLength, r.Body == nil || r.Body == http.NoBody
	c.g.mu.Unlock()
	if r.Body != nil && r.Body != http.NoBody {
		r.Body = &guardedBody{ReadCloser: r.Body, g: c.g}
	}
	return c.base.Do(r)
}

// guardedBody notes when the body is all read.
type guardedBody struct {
	io.ReadCloser
	g *guard
}

// Read reads unless cancelled, and notes the end of the body.
func (b *guardedBody) Read(p []byte) (int, error) {
	b.g.mu.Lock()
	cancelled := b.g.cancelled
	b.g.mu.Unlock()
	if cancelled {
		return 0, context.Canceled
	}
	n, err := b.ReadCloser.Read(p)
	b.g.mu.Lock()
	b.g.sent += int64(n)
	if err == io.EOF || b.g.length >= 0 && b.g.sent >= b.g.length {
		b.g.complete = true
	}
	b.g.mu.Unlock()
	return n, err
}
