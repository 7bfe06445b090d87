package s3browse

import (
	"io"
	"net/http"
	"strconv"
	"sync"

	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// countSent is a client option that reports the request bodies an upload
// sends to progress, as the transport reads them, in bytes of the file: a
// body framed for a trailing checksum (aws-chunked) is counted in
// proportion to its decoded length. A request that fails or is refused
// gives its bytes back.
func countSent(progress func(int64)) func(*s3.Options) {
	return func(o *s3.Options) {
		o.HTTPClient = &countingClient{base: o.HTTPClient, progress: progress}
	}
}

// countingClient counts the bodies of the requests it sends.
type countingClient struct {
	base     s3.HTTPClient
	progress func(int64)
}

// Do sends r, counting its body when it carries the file (a PUT: the
// PutObject or an UploadPart); a failed request's count is undone.
func (c *countingClient) Do(r *http.Request) (*http.Response, error) {
	if r.Method != http.MethodPut || r.Body == nil || r.Body == http.NoBody {
		return c.base.Do(r)
	}
	body := &countedBody{ReadCloser: r.Body, progress: c.progress, wire: r.ContentLength, content: r.ContentLength}
	if n, err := strconv.ParseInt(r.Header.Get("X-Amz-Decoded-Content-Length"), 10, 64); err == nil {
		body.content = n
	}
	r.Body = body
	resp, err := c.base.Do(r)
	if err != nil || resp.StatusCode >= 300 {
		body.undo()
	}
	return resp, err
}

// countedBody reports what is read from it. The transport may still read
// while the response is handled, so the count is guarded.
type countedBody struct {
	io.ReadCloser
	progress func(int64)

	wire    int64 // the body's length on the wire, -1 when not known
	content int64 // the file bytes in it

	mu       sync.Mutex
	read     int64 // wire bytes read
	reported int64 // file bytes reported
	undone   bool
}

// Read reads and reports.
func (b *countedBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if n > 0 {
		b.mu.Lock()
		b.read += int64(n)
		if !b.undone {
			now := b.contentRead()
			b.progress(now - b.reported)
			b.reported = now
		}
		b.mu.Unlock()
	}
	return n, err
}

// contentRead is how many file bytes the wire bytes read so far carry.
func (b *countedBody) contentRead() int64 {
	switch {
	case b.wire <= 0 || b.wire == b.content:
		return b.read
	case b.read >= b.wire:
		return b.content
	}
	return int64(float64(b.read) / float64(b.wire) * float64(b.content))
}

// undo takes back what was reported and stops counting.
func (b *countedBody) undo() {
	b.mu.Lock()
	defer b.mu.Unlock()
	if !b.undone && b.reported != 0 {
		b.progress(-b.reported)
	}
	b.undone = true
}
