package ledger_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/s3share/s3share/internal/testsrv"
	"github.com/s3share/s3share/ledger"
	"github.com/s3share/s3share/s3browse"
)

const (
	bucket = "team"
	prefix = "s3share/"
)

// memCache is an in-memory ledger.Cache for tests: the state is a
// ledger.State, as the history's must behave.
type memCache struct {
	mu      sync.Mutex
	pos     ledger.Position
	state   *ledger.State
	outbox  []ledger.Event
	applied map[string]int // how often each event id was applied
}

func newCache() *memCache {
	return &memCache{state: ledger.NewState(), applied: map[string]int{}}
}

func (c *memCache) Position(context.Context) (ledger.Position, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.pos, nil
}

func (c *memCache) Apply(_ context.Context, pos ledger.Position, events []ledger.Event) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.state.Apply(events...)
	sent := map[string]bool{}
	for _, e := range events {
		c.applied[e.ID]++
		sent[e.ID] = true
	}
	c.outbox = slices.DeleteFunc(c.outbox, func(e ledger.Event) bool { return sent[e.ID] })
	c.pos.Applied = max(c.pos.Applied, pos.Applied)
	if pos.Synced.After(c.pos.Synced) {
		c.pos.Synced = pos.Synced
	}
	return nil
}

func (c *memCache) Outbox(context.Context) ([]ledger.Event, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return slices.Clone(c.outbox), nil
}

func (c *memCache) Events(context.Context) ([]ledger.Event, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.state.Events(), nil
}

// enqueue adds events to the outbox, as the history does when it
// records a link.
func (c *memCache) enqueue(events ...ledger.Event) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.outbox = append(c.outbox, events...)
}

// links returns the state's links.
func (c *memCache) links() []ledger.Link {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.state.Links()
}

// outboxLen returns the outbox's size.
func (c *memCache) outboxLen() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.outbox)
}

// clock is the server's time as a member measured it: the wall clock
// (the servers in these tests run on it) moved by an offset a test sets.
type clock struct{ offset atomic.Int64 }

func (c *clock) Now() time.Time                    { return time.Now().Add(time.Duration(c.offset.Load())) }
func (c *clock) Advance(d time.Duration)           { c.offset.Add(int64(d)) }
func noSleep(context.Context, time.Duration) error { return nil }

// team starts versitygw with the team bucket.
func team(t testing.TB) *testsrv.Server {
	t.Helper()
	s := testsrv.Versity(t)
	s.CreateBucket(t, bucket)
	return s
}

// browser returns a Browser for s through endpoint ("" for s itself) that
// knows the bucket's region, as the CLI's does from its settings.
func browser(t testing.TB, s *testsrv.Server, endpoint string) *s3browse.Browser {
	t.Helper()
	opts := s.Options()
	if endpoint != "" {
		opts.EndpointURL = endpoint
	}
	b := s3browse.NewFromConfig(s.Config(), opts)
	b.SetRegion(bucket, s.Region)
	return b
}

// member is one member's ledger and cache.
type member struct {
	*ledger.Ledger
	cache *memCache
	clock *clock
}

// options change a member's configuration.
type option func(*ledger.Config)

func every(n int64) option { return func(c *ledger.Config) { c.SnapshotEvery = n } }

func sleeper(f func(context.Context, time.Duration) error) option {
	return func(c *ledger.Config) { c.Sleep = f }
}

// newMember builds a ledger for name over objects with a fresh cache; it
// does not join.
func newMember(t testing.TB, objects ledger.Objects, name string, opts ...option) *member {
	t.Helper()
	m := &member{cache: newCache(), clock: &clock{}}
	cfg := ledger.Config{Bucket: bucket, Prefix: prefix, Name: name, Objects: objects, Cache: m.cache,
		Now: m.clock.Now, Sleep: noSleep}
	for _, o := range opts {
		o(&cfg)
	}
	l, err := ledger.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	m.Ledger = l
	return m
}

// started starts a ledger with ann as its first member and returns her.
func started(t testing.TB, objects ledger.Objects, opts ...option) *member {
	t.Helper()
	ann := newMember(t, objects, "ann", opts...)
	if _, err := ann.Init(context.Background(), "arn:aws:iam::111122223333:user/ann", "Ann"); err != nil {
		t.Fatalf("Init: %v", err)
	}
	return ann
}

// joined adds a member to the ledger.
func joined(t testing.TB, objects ledger.Objects, name string, opts ...option) *member {
	t.Helper()
	m := newMember(t, objects, name, opts...)
	if _, err := m.Join(context.Background(), "AKID"+strings.ToUpper(name), name); err != nil {
		t.Fatalf("Join %s: %v", name, err)
	}
	return m
}

// fixedAt is the time the unit tests' events carry.
var fixedAt = time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)

// issued returns an issued event for a new link by writer at at.
func issued(writer string, at time.Time, key string) ledger.Event {
	return ledger.Event{ID: ledger.NewID(), Kind: ledger.KindIssued, Writer: writer, At: at, Link: ledger.NewID(),
		Record: &ledger.LinkRecord{
			Bucket: "photos", Key: key, Region: "us-east-1",
			URL:      "https://photos.s3.us-east-1.amazonaws.com/" + url.PathEscape(key) + "?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date=20261127T100000Z&X-Amz-Expires=3600",
			IssuedAt: at, ExpiresAt: at.Add(time.Hour), EffectiveExpiresAt: at.Add(time.Hour),
			CredentialKind: "static", Size: 1234, Label: "for ACME",
		}}
}

// issue queues an issued event by m and returns it.
func (m *member) issue(key string) ledger.Event {
	e := m.NewEvent(ledger.KindIssued, ledger.NewID())
	e.Record = issued(m.Name(), e.At, key).Record
	m.cache.enqueue(e)
	return e
}

// push pushes m's outbox, failing the test on error.
func (m *member) push(t testing.TB) ledger.PushResult {
	t.Helper()
	res, err := m.Push(context.Background())
	if err != nil {
		t.Fatalf("%s: Push: %v", m.Name(), err)
	}
	return res
}

// pull pulls, failing the test on error.
func (m *member) pull(t testing.TB) ledger.PullResult {
	t.Helper()
	res, err := m.Pull(context.Background())
	if err != nil {
		t.Fatalf("%s: Pull: %v", m.Name(), err)
	}
	return res
}

// counter is a proxy in front of a server that counts requests and can
// answer them itself.
type counter struct {
	URL      string
	requests atomic.Int32
	mu       sync.Mutex
	answer   func(r *http.Request) (handled bool, w func(http.ResponseWriter))
	after    func(r *http.Request, status int) // called once a forwarded request was answered upstream
}

// newCounter starts a counting proxy in front of upstream.
func newCounter(t testing.TB, upstream string) *counter {
	t.Helper()
	u, err := url.Parse(upstream)
	if err != nil {
		t.Fatal(err)
	}
	c := &counter{}
	rp := httputil.NewSingleHostReverseProxy(u)
	rp.ModifyResponse = func(resp *http.Response) error {
		c.mu.Lock()
		after := c.after
		c.mu.Unlock()
		if after != nil {
			after(resp.Request, resp.StatusCode)
		}
		return nil
	}
	front := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c.requests.Add(1)
		c.mu.Lock()
		answer := c.answer
		c.mu.Unlock()
		if answer != nil {
			if handled, write := answer(r); handled {
				write(w)
				return
			}
		}
		rp.ServeHTTP(w, r)
	}))
	t.Cleanup(front.Close)
	c.URL = front.URL
	return c
}

// set replaces the proxy's own answers and after-hook.
func (c *counter) set(answer func(*http.Request) (bool, func(http.ResponseWriter)), after func(*http.Request, int)) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.answer, c.after = answer, after
}

// s3Error writes an S3 error document.
func s3Error(status int, code string) func(http.ResponseWriter) {
	return func(w http.ResponseWriter) {
		w.Header().Set("Content-Type", "application/xml")
		w.WriteHeader(status)
		fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?><Error><Code>%s</Code><Message>m</Message></Error>`, code)
	}
}

// isLogPut reports whether r writes a log object.
func isLogPut(r *http.Request) bool {
	return r.Method == http.MethodPut && strings.Contains(r.URL.Path, "/"+prefix+"log/")
}

// logKey is the key of log object n.
func logKey(n int64) string { return fmt.Sprintf("%slog/%020d.json", prefix, n) }

// snapKey is the key of snapshot n.
func snapKey(n int64) string { return fmt.Sprintf("%ssnap/%020d.json.gz", prefix, n) }

// logBatches decodes every log object, checking that the numbers run from
// first without a gap.
func logBatches(t testing.TB, s *testsrv.Server, first int64) []ledger.Batch {
	t.Helper()
	var out []ledger.Batch
	objects := s.ObjectsUnder(t, bucket, prefix)
	var keys []string
	for k := range objects {
		if strings.HasPrefix(k, prefix+"log/") {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	for i, k := range keys {
		if want := logKey(first + int64(i)); k != want {
			t.Fatalf("log object %d is %s, want %s: a gap", i, k, want)
		}
		batch, err := ledger.DecodeBatch(objects[k])
		if err != nil {
			t.Fatalf("%s: %v", k, err)
		}
		out = append(out, batch)
	}
	return out
}
