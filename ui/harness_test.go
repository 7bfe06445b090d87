package ui

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/charmbracelet/x/ansi"

	"github.com/s3share/s3share/history"
	"github.com/s3share/s3share/internal/testclock"
	"github.com/s3share/s3share/presigned"
	"github.com/s3share/s3share/s3browse"
	"github.com/s3share/s3share/share"
)

// harness drives the root model synchronously: it runs every Cmd itself,
// flattens batches, skips spinner ticks and feeds the messages back.
type harness struct {
	t     *testing.T
	m     model
	osc52 []string           // texts sent with tea.SetClipboard
	hold  func(tea.Msg) bool // messages to keep back instead of delivering
	held  []tea.Msg          // messages kept back
	quit  bool               // tea.Quit was returned
	seen  []tea.Msg          // every message delivered
}

// newHarness starts the model at w x h with a UTC clock display and timers
// that never fire.
func newHarness(t *testing.T, d Deps, w, h int) *harness {
	t.Helper()
	m := newModel(d)
	m.c.loc = time.UTC
	m.c.after = func(time.Duration, tea.Msg) tea.Cmd { return nil }
	hs := &harness{t: t, m: m}
	hs.deliver(hs.run(m.Init())...)
	hs.send(tea.WindowSizeMsg{Width: w, Height: h})
	return hs
}

// send delivers msg and everything it leads to.
func (h *harness) send(msg tea.Msg) { h.deliver(msg) }

// deliver processes msgs breadth first until nothing is left.
func (h *harness) deliver(msgs ...tea.Msg) {
	queue := msgs
	for len(queue) > 0 {
		msg := queue[0]
		queue = queue[1:]
		if h.hold != nil && h.hold(msg) {
			h.held = append(h.held, msg)
			continue
		}
		h.seen = append(h.seen, msg)
		next, cmd := h.m.Update(msg)
		h.m = next.(model)
		queue = append(queue, h.run(cmd)...)
	}
}

// run executes cmd and returns the messages it produced.
func (h *harness) run(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	switch msg := cmd().(type) {
	case nil, spinner.TickMsg:
		return nil
	case tea.BatchMsg:
		var out []tea.Msg
		for _, c := range msg {
			out = append(out, h.run(c)...)
		}
		return out
	case tea.QuitMsg:
		h.quit = true
		return nil
	default:
		if fmt.Sprintf("%T", msg) == "tea.setClipboardMsg" {
			h.osc52 = append(h.osc52, fmt.Sprint(msg))
			return nil
		}
		return []tea.Msg{msg}
	}
}

// keys presses each named key in turn ("enter", "space", "j", ...).
func (h *harness) keys(names ...string) {
	for _, n := range names {
		h.send(press(n))
	}
}

// typeText types s one rune at a time.
func (h *harness) typeText(s string) {
	for _, r := range s {
		h.send(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
}

// view is the frame without ANSI sequences.
func (h *harness) view() string { return ansi.Strip(h.m.View().Content) }

// mustSee fails unless the frame contains every want.
func (h *harness) mustSee(want ...string) {
	h.t.Helper()
	v := h.view()
	flat := strings.Join(strings.Fields(v), " ") // text wrapped across lines
	for _, w := range want {
		if !strings.Contains(v, w) && !strings.Contains(flat, w) {
			h.t.Fatalf("frame lacks %q:\n%s", w, v)
		}
	}
}

// rowStatus is the status column of the history row showing object, or "".
func (h *harness) rowStatus(object string) string {
	for _, line := range strings.Split(h.view(), "\n") {
		if strings.Contains(line, object) && len(line) > 16 {
			return strings.TrimSpace(line[2:16])
		}
	}
	return ""
}

// press builds a key press from its name.
func press(name string) tea.KeyPressMsg {
	special := map[string]rune{
		"enter": tea.KeyEnter, "esc": tea.KeyEsc, "backspace": tea.KeyBackspace, "tab": tea.KeyTab,
		"up": tea.KeyUp, "down": tea.KeyDown, "left": tea.KeyLeft, "space": tea.KeySpace,
	}
	if r, ok := special[name]; ok {
		return tea.KeyPressMsg{Code: r}
	}
	if name == "ctrl+c" {
		return tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl}
	}
	r := []rune(name)[0]
	return tea.KeyPressMsg{Code: r, Text: name}
}

// fakeBrowser serves canned buckets and pages, records listing contexts,
// and is the S3 side of a real share.Pipeline: it signs fake URLs.
type fakeBrowser struct {
	mu       sync.Mutex
	buckets  []s3browse.Bucket
	pages    map[string][]s3browse.Page // "bucket/prefix" -> pages; token is the page index
	credErr  error
	credsEnd time.Time // when set, the credentials are temporary and expire then
	skew     time.Duration
	ctxs     map[string]context.Context   // last listing context per "bucket/prefix"
	failing  map[string]error             // "bucket/prefix" -> error after its last page
	missing  map[string]bool              // "bucket/key" objects that do not exist
	copies   map[string]bool              // "bucket/key" share copies that exist
	meta     map[string]map[string]string // "bucket/key" -> the metadata a copy or page was written with
	signed   int
	signGate *gate            // when set, signing waits for it
	signCtx  *context.Context // when set, receives the signing context
}

func (f *fakeBrowser) Describe() string { return "endpoint http://127.0.0.1:9000" }

func (f *fakeBrowser) ListBuckets(context.Context) ([]s3browse.Bucket, error) {
	if f.credErr != nil {
		return nil, f.credErr
	}
	return f.buckets, nil
}

func (f *fakeBrowser) ListPage(ctx context.Context, bucket, prefix, token string) (s3browse.Page, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.ctxs == nil {
		f.ctxs = map[string]context.Context{}
	}
	f.ctxs[bucket+"/"+prefix] = ctx
	pages := f.pages[bucket+"/"+prefix]
	i := 0
	fmt.Sscan(token, &i)
	failErr := f.failing[bucket+"/"+prefix]
	if i >= len(pages) {
		return s3browse.Page{}, failErr
	}
	p := pages[i]
	if i+1 < len(pages) || failErr != nil {
		p.NextToken = fmt.Sprint(i + 1)
	}
	return p, nil
}

func (f *fakeBrowser) Credentials(context.Context) (aws.Credentials, error) {
	if f.credErr != nil {
		return aws.Credentials{}, f.credErr
	}
	c := aws.Credentials{AccessKeyID: "AKFAKE", SecretAccessKey: "secret", Source: "fake"}
	if !f.credsEnd.IsZero() {
		c.CanExpire, c.Expires = true, f.credsEnd
	}
	return c, nil
}

// fakeURLQuery is the query of every fake URL: a credential, a session
// token and a signature, none of which may show before v.
const fakeURLQuery = "X-Amz-Credential=AKFAKE%%2F20261127%%2Fus-east-1%%2Fs3%%2Faws4_request&X-Amz-Expires=%d&X-Amz-Security-Token=FQoGZXIvYXdzSESSIONTOKEN&X-Amz-Signature=deadbeef%d"

func (f *fakeBrowser) PresignGet(ctx context.Context, in s3browse.PresignInput) (s3browse.Presigned, error) {
	if f.signGate != nil {
		f.signGate.wait()
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.signCtx != nil {
		*f.signCtx = ctx
	}
	f.signed++
	u := fmt.Sprintf("http://127.0.0.1:9000/%s/%s?"+fakeURLQuery, in.Bucket, in.Key, int(in.Expires.Seconds()), f.signed)
	return s3browse.Presigned{URL: u, Region: "us-east-1", Endpoint: "http://127.0.0.1:9000", PathStyle: true,
		SignedAt: in.SignedAt.Truncate(time.Second).UTC()}, nil // dated as s3browse dates it
}

func (f *fakeBrowser) CheckBucket(_ context.Context, bucket string) (s3browse.BucketCheck, error) {
	for _, b := range f.buckets {
		if b.Name == bucket {
			return s3browse.BucketCheck{Region: "us-east-1", Skew: f.skew, Dated: true}, nil
		}
	}
	return s3browse.BucketCheck{}, &s3browse.Error{Op: "HeadBucket", Bucket: bucket, Kind: s3browse.ErrNoSuchBucket}
}

func (f *fakeBrowser) ProbeObject(_ context.Context, bucket, key string) (s3browse.ObjectInfo, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.missing[bucket+"/"+key] {
		return s3browse.ObjectInfo{}, &s3browse.Error{Op: "GetObject", Bucket: bucket, Key: key, Kind: s3browse.ErrNoSuchKey}
	}
	return s3browse.ObjectInfo{Size: 1234, ContentType: "image/png"}, nil
}

func (f *fakeBrowser) CopyObject(_ context.Context, in s3browse.CopyInput) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.copies == nil {
		f.copies = map[string]bool{}
	}
	f.copies[in.Bucket+"/"+in.To] = true
	f.remember(in.Bucket+"/"+in.To, in.Metadata)
	return nil
}

func (f *fakeBrowser) DeleteObject(_ context.Context, bucket, key string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	delete(f.copies, bucket+"/"+key)
	delete(f.meta, bucket+"/"+key)
	return nil
}

// remember keeps the metadata an object was written with, for HeadObject.
func (f *fakeBrowser) remember(object string, metadata map[string]string) {
	if f.meta == nil {
		f.meta = map[string]map[string]string{}
	}
	f.meta[object] = metadata
}

// HeadObject answers for the copies and pages written, with their metadata.
func (f *fakeBrowser) HeadObject(_ context.Context, bucket, key string) (s3browse.ObjectInfo, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	meta, ok := f.meta[bucket+"/"+key]
	if !ok {
		return s3browse.ObjectInfo{}, &s3browse.Error{Op: "HeadObject", Bucket: bucket, Key: key, Kind: s3browse.ErrNoSuchKey}
	}
	return s3browse.ObjectInfo{Size: 1234, Metadata: meta}, nil
}

func (f *fakeBrowser) PutObject(_ context.Context, in s3browse.PutInput) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.remember(in.Bucket+"/"+in.Key, in.Metadata)
	return nil
}
func (f *fakeBrowser) Endpoint() string          { return "http://127.0.0.1:9000" }
func (f *fakeBrowser) KnownRegion(string) string { return "us-east-1" }
func (f *fakeBrowser) Region() string            { return "us-east-1" }
func (f *fakeBrowser) SetRegion(string, string)  {}

// pipeline is a real share.Pipeline over store, recording into rec.
func pipeline(store share.Store, rec share.Recorder) *share.Pipeline {
	return share.NewPipelineWith(store, rec, func() time.Time { return fixedNow }, nil)
}

// memHistory is an in-memory history, newest first.
type memHistory struct {
	links  []presigned.Link
	now    func() time.Time
	addErr error // Add fails with it when set

	relabelErr error // Relabel fails with it when set
	relabels   int   // labels changed
}

func (m *memHistory) Add(_ context.Context, links []presigned.Link) ([]presigned.Link, error) {
	if m.addErr != nil {
		return nil, m.addErr
	}
	out := make([]presigned.Link, len(links))
	for i, l := range links {
		l.ID = int64(len(m.links) + 1)
		m.links = append([]presigned.Link{l}, m.links...)
		out[i] = l
	}
	return out, nil
}

func (m *memHistory) List(_ context.Context, q history.Query) ([]presigned.Link, error) {
	var out []presigned.Link
	for _, l := range m.links {
		live := l.StatusAt(m.now()).Live()
		if (q.Filter == history.FilterActive && !live) || (q.Filter == history.FilterExpired && live) {
			continue
		}
		if q.Search != "" && !strings.Contains(strings.ToLower(l.Bucket+"/"+l.Key+" "+l.Label), strings.ToLower(q.Search)) {
			continue
		}
		if len(q.IDs) == 0 && l.Parent != q.Parent {
			continue
		}
		if q.Mine && l.FromTeam && l.Issuer != q.Me {
			continue
		}
		out = append(out, l)
	}
	out = out[min(q.Offset, len(out)):]
	if q.Limit > 0 && len(out) > q.Limit {
		out = out[:q.Limit]
	}
	return out, nil
}

func (m *memHistory) MarkRevoked(_ context.Context, id int64, at time.Time) error {
	for i := range m.links {
		if m.links[i].ID == id {
			m.links[i].RevokedAt = at
			return nil
		}
	}
	return history.ErrNotFound
}

func (m *memHistory) WithMembers(ctx context.Context, links []presigned.Link) ([]presigned.Link, error) {
	out := append([]presigned.Link(nil), links...)
	for i, l := range links {
		if l.Gallery {
			members, _ := m.List(ctx, history.Query{Parent: l.ID})
			out[i].Members = members
			out = append(out, members...)
		}
	}
	return out, nil
}

func (m *memHistory) RecordChecks(_ context.Context, verdicts map[int64]presigned.Verdict) error {
	for i := range m.links {
		if v, ok := verdicts[m.links[i].ID]; ok {
			m.links[i].Check = v
		}
	}
	return nil
}

func (m *memHistory) Verify(context.Context) error { return nil }

func (m *memHistory) AddGallery(ctx context.Context, page presigned.Link) (presigned.Link, error) {
	added, err := m.Add(ctx, []presigned.Link{page})
	if err != nil {
		return presigned.Link{}, err
	}
	page = added[0]
	for i := range page.Members {
		page.Members[i].Parent = page.ID
	}
	members, err := m.Add(ctx, page.Members)
	page.Members = members
	return page, err
}

func (m *memHistory) Version(context.Context) (int64, error) { return int64(len(m.links)), nil }

func (m *memHistory) CachedRegion(context.Context, string, string) (string, error) { return "", nil }
func (m *memHistory) RememberRegion(context.Context, string, string, string) error { return nil }

// Relabel sets link id's label, as History does; relabelErr fails it.
func (m *memHistory) Relabel(_ context.Context, id int64, label string) error {
	if m.relabelErr != nil {
		return m.relabelErr
	}
	for i := range m.links {
		if m.links[i].ID == id {
			m.links[i].Label = label
			m.relabels++
			return nil
		}
	}
	return history.ErrNotFound
}

// Delete deletes link id and a gallery's images with it, as History does.
func (m *memHistory) Delete(_ context.Context, id int64) error {
	kept, found := m.links[:0], false
	for _, l := range m.links {
		switch {
		case l.ID == id:
			found = true
		case l.Parent != id:
			kept = append(kept, l)
		}
	}
	m.links = kept
	if !found {
		return history.ErrNotFound
	}
	return nil
}

// fixedNow is the clock of the golden and fake tests, moved with the test
// clock's shift (internal/testclock).
var fixedNow = testclock.At(time.Date(2026, 11, 27, 14, 3, 0, 0, time.UTC))

// day is the dialog's short form of fixedNow+d ("Sat 28 Nov 14:03").
func day(d time.Duration) string { return fixedNow.Add(d).Format("Mon 2 Jan 15:04") }

// dayYear is the long form of fixedNow+d ("Sat 28 Nov 2026 14:03").
func dayYear(d time.Duration) string { return fixedNow.Add(d).Format("Mon 2 Jan 2006 15:04") }

// fakeDeps returns deps over fakes with a photos bucket.
func fakeDeps() (Deps, *fakeBrowser, *memHistory, *[]string) {
	now := func() time.Time { return fixedNow }
	mod := fixedNow.Add(-48 * time.Hour)
	fb := &fakeBrowser{
		buckets: []s3browse.Bucket{{Name: "photos", Region: "us-east-1"}, {Name: "scratch", Region: "eu-west-1"}},
		pages: map[string][]s3browse.Page{
			"photos/": {{
				Folders: []string{"2026/", "clients/"},
				Objects: []s3browse.Object{{Key: "cover.png", Size: 120345, LastModified: mod}, {Key: "notes.txt", Size: 99, LastModified: mod}},
			}},
			"photos/2026/": {
				{Objects: []s3browse.Object{{Key: "2026/beach.jpg", Size: 2 << 20, LastModified: mod}, {Key: "2026/dog.png", Size: 40960, LastModified: mod}}},
				{Objects: []s3browse.Object{{Key: "2026/sunset.gif", Size: 512, LastModified: mod}, {Key: "2026/readme.md", Size: 10, LastModified: mod}}},
			},
		},
	}
	hist := &memHistory{now: now}
	var copied []string
	d := Deps{
		Browser: fb, Sharer: pipeline(fb, hist), History: hist, Now: now, Opens: &fakeOpens{},
		CopyNative: func(s string) error { copied = append(copied, s); return nil },
	}
	return d, fb, hist, &copied
}

// errNoClip is a native clipboard that is not there.
var errNoClip = errors.New("no clipboard")
