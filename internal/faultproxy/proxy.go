// Package faultproxy is an HTTP proxy for tests that sits between an S3
// client and a real S3-compatible server and injects faults: latency,
// connection resets, 500 and 503 SlowDown errors, 403 AccessDenied,
// truncated responses, requests or answers held until the client goes, and
// a shifted Date header. Requests keep their Host header, so SigV4 signatures
// made for the proxy's address still verify upstream.
//
// Only tests and the benchmark driver (scripts/bench) import this package.
package faultproxy

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"
	"time"
)

// Fault is what the proxy does to one request.
type Fault int

// The faults. Latency delays the request by the proxy's delay (cancelled
// when the client goes away) and then forwards it.
const (
	None      Fault = iota // forward unchanged
	Latency                // wait Delay, then forward
	Reset                  // close the connection with a TCP RST, no response
	Status500              // 500 InternalError
	SlowDown               // 503 SlowDown
	Truncate               // forward, but send half the body and drop the connection
	// Detached waits Delay and forwards even when the client has gone
	// meanwhile: a server that finishes a request its client gave up on
	// (a copy cancelled in flight still lands).
	Detached
	// Hold announces the request on Held and keeps it, never forwarded,
	// until its client goes (a process killed before its request reached
	// the server).
	Hold
	// HoldAnswer forwards the request whatever its client does, then
	// announces it on Held and keeps the answer until the client goes (a
	// process killed after the server did the work, before it heard so).
	HoldAnswer
	// Denied answers 403 AccessDenied, as a server whose policy refuses
	// the request.
	Denied
)

// Proxy is a running fault-injecting proxy.
type Proxy struct {
	URL string // http://127.0.0.1:PORT, the endpoint to give the client

	upstream  string
	transport *http.Transport

	mu        sync.Mutex
	queue     []Fault // faults for the next requests, in order
	always    Fault   // the fault once the queue is empty
	every     int     // with everyFault: every every-th request gets it
	everyF    Fault
	delay     time.Duration
	dateShift time.Duration
	only      func(*http.Request) bool // faults go only to requests it accepts; nil: all
	requests  int
	methods   map[string]int // requests by method
	applied   map[Fault]int  // how many requests got each fault
	held      chan string    // "METHOD /path" of each request held (Hold, HoldAnswer)

	server *httptest.Server
}

// New starts a proxy in front of upstream (http://host:port). It stops when
// the test ends.
func New(t testing.TB, upstream string) *Proxy {
	t.Helper()
	p := Start(upstream)
	t.Cleanup(p.Close)
	return p
}

// Start starts a proxy in front of upstream outside a test; Close stops it.
func Start(upstream string) *Proxy {
	p := &Proxy{upstream: upstream, transport: &http.Transport{}, delay: 2 * time.Second, applied: map[Fault]int{},
		methods: map[string]int{}, held: make(chan string, heldBuffer)}
	p.server = httptest.NewServer(p)
	p.URL = p.server.URL
	return p
}

// Close stops the proxy and drops its connections.
func (p *Proxy) Close() {
	p.server.CloseClientConnections()
	p.server.Close()
	p.transport.CloseIdleConnections()
}

// Every gives fault f to every n-th request (the n-th, 2n-th...) once the
// queue is empty, and the Always fault to the others; n <= 0 stops it.
func (p *Proxy) Every(n int, f Fault) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.every, p.everyF = n, f
}

// Applied returns how many requests got fault f so far.
func (p *Proxy) Applied(f Fault) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.applied[f]
}

// Next queues faults for the next requests, one each, in order.
func (p *Proxy) Next(faults ...Fault) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.queue = append(p.queue, faults...)
}

// Pending returns how many queued faults have not been used yet.
func (p *Proxy) Pending() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.queue)
}

// Always sets the fault for every request once the queue is empty.
func (p *Proxy) Always(f Fault) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.always = f
}

// SetDelay sets how long Latency waits (2s by default).
func (p *Proxy) SetDelay(d time.Duration) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.delay = d
}

// ShiftDate adds d to the Date header of every forwarded response.
func (p *Proxy) ShiftDate(d time.Duration) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.dateShift = d
}

// Only gives faults (queued, Always, Every) only to the requests match
// accepts; the others are forwarded unchanged and use none of the queue.
// nil gives them to every request again.
func (p *Proxy) Only(match func(*http.Request) bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.only = match
}

// heldBuffer is how many held requests Held keeps unread; more are not
// announced.
const heldBuffer = 64

// Held announces each request a Hold or HoldAnswer fault holds, as
// "METHOD /path", once it is held: for HoldAnswer, once the server has
// answered it.
func (p *Proxy) Held() <-chan string { return p.held }

// announce puts r on Held.
func (p *Proxy) announce(r *http.Request) {
	select {
	case p.held <- r.Method + " " + r.URL.Path:
	default:
	}
}

// IsCopy accepts S3 CopyObject requests (a PUT with x-amz-copy-source),
// for Only.
func IsCopy(r *http.Request) bool {
	return r.Method == http.MethodPut && r.Header.Get("X-Amz-Copy-Source") != ""
}

// Requests returns how many requests reached the proxy.
func (p *Proxy) Requests() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.requests
}

// RequestsOf returns how many requests with method (PUT, GET...)
// reached the proxy.
func (p *Proxy) RequestsOf(method string) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.methods[method]
}

// next counts r and returns its fault, delay and date shift.
func (p *Proxy) next(r *http.Request) (Fault, time.Duration, time.Duration) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.requests++
	p.methods[r.Method]++
	if p.only != nil && !p.only(r) {
		return None, p.delay, p.dateShift
	}
	f := p.always
	switch {
	case len(p.queue) > 0:
		f, p.queue = p.queue[0], p.queue[1:]
	case p.every > 0 && p.requests%p.every == 0:
		f = p.everyF
	}
	p.applied[f]++
	return f, p.delay, p.dateShift
}

// ServeHTTP applies the next fault to r.
func (p *Proxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f, delay, shift := p.next(r)
	switch f {
	case Detached:
		time.Sleep(delay) // the server's own time: the client may leave meanwhile
		r = r.WithContext(context.WithoutCancel(r.Context()))
	case Latency:
		select {
		case <-time.After(delay):
		case <-r.Context().Done():
			return
		}
	case Reset:
		reset(w)
		return
	case Status500:
		s3Error(w, r, http.StatusInternalServerError, "InternalError", "We encountered an internal error. Please try again.")
		return
	case SlowDown:
		s3Error(w, r, http.StatusServiceUnavailable, "SlowDown", "Please reduce your request rate.")
		return
	case Denied:
		s3Error(w, r, http.StatusForbidden, "AccessDenied", "Access Denied")
		return
	case Hold:
		// The body read to its end, the server watches the connection, so
		// the client going away ends the context.
		_, _ = io.Copy(io.Discard, r.Body)
		p.announce(r)
		<-r.Context().Done()
		return
	case HoldAnswer:
		p.forwardThenHold(r)
		return
	}
	p.forward(w, r, shift, f == Truncate)
}

// reset closes the client's connection with SO_LINGER 0, which sends a RST.
func reset(w http.ResponseWriter) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	if tcp, ok := conn.(*net.TCPConn); ok {
		_ = tcp.SetLinger(0) // best effort: a plain close is still a fault
	}
	_ = conn.Close()
}

// s3Error writes an S3 XML error (headers only for HEAD).
func s3Error(w http.ResponseWriter, r *http.Request, status int, code, msg string) {
	w.Header().Set("Content-Type", "application/xml")
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		_, _ = io.WriteString(w, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>"+code+
			"</Code><Message>"+msg+"</Message><RequestId>faultproxy</RequestId></Error>")
	}
}

// upstreamRequest is r as sent upstream, with ctx.
func (p *Proxy) upstreamRequest(ctx context.Context, r *http.Request) *http.Request {
	out := r.Clone(ctx)
	out.RequestURI = ""
	out.URL.Scheme, out.URL.Host = "http", hostOf(p.upstream)
	out.Host = r.Host // the signature covers the Host the client used
	return out
}

// forwardThenHold sends r upstream even if its client goes meanwhile,
// announces it once answered, and keeps the answer until the client goes.
func (p *Proxy) forwardThenHold(r *http.Request) {
	resp, err := p.transport.RoundTrip(p.upstreamRequest(context.WithoutCancel(r.Context()), r))
	if err == nil {
		_, _ = io.Copy(io.Discard, resp.Body)
		_ = resp.Body.Close()
	}
	p.announce(r)
	<-r.Context().Done()
}

// forward sends r upstream and copies the response back, shifting its Date
// and, when truncate is set, cutting the body in half and aborting.
func (p *Proxy) forward(w http.ResponseWriter, r *http.Request, shift time.Duration, truncate bool) {
	resp, err := p.transport.RoundTrip(p.upstreamRequest(r.Context(), r))
	if err != nil {
		http.Error(w, "faultproxy: upstream: "+err.Error(), http.StatusBadGateway)
		return
	}
	defer resp.Body.Close()
	if !truncate { // streamed: the proxy's own work stays small next to the client's it measures
		copyHeader(w.Header(), resp.Header, shift)
		w.WriteHeader(resp.StatusCode)
		if _, err := io.Copy(w, resp.Body); err != nil {
			panic(http.ErrAbortHandler)
		}
		return
	}
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	if len(body) <= 1 {
		reset(w) // nothing to cut short (a HEAD): the answer breaks off at once
		return
	}
	copyHeader(w.Header(), resp.Header, shift)
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(resp.StatusCode)
	_, _ = w.Write(body[:len(body)/2])
	_ = http.NewResponseController(w).Flush() // the abort below is the point
	panic(http.ErrAbortHandler)
}

// copyHeader copies h into dst, adding shift to Date.
func copyHeader(dst, h http.Header, shift time.Duration) {
	for k, vs := range h {
		dst[k] = append([]string(nil), vs...)
	}
	if shift == 0 {
		return
	}
	date := time.Now()
	if t, err := http.ParseTime(h.Get("Date")); err == nil {
		date = t
	}
	dst.Set("Date", date.Add(shift).UTC().Format(http.TimeFormat))
}

// hostOf strips the scheme from an http:// URL.
func hostOf(u string) string {
	for _, prefix := range []string{"http://", "https://"} {
		if len(u) > len(prefix) && u[:len(prefix)] == prefix {
			return u[len(prefix):]
		}
	}
	return u
}
