package ui

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"golang.org/x/image/bmp"

	"github.com/s3share/s3share/internal/testsrv"
	"github.com/s3share/s3share/preview"
	"github.com/s3share/s3share/s3browse"
)

// countingReader records the most bytes one read returned.
type countingReader struct {
	ObjectReader
	mu      sync.Mutex
	maxRead int
	reads   int
	byKey   map[string]int // reads of each key
}

func (c *countingReader) ReadRange(ctx context.Context, bucket, key string, max int64) ([]byte, s3browse.ObjectInfo, error) {
	data, info, err := c.ObjectReader.ReadRange(ctx, bucket, key, max)
	c.mu.Lock()
	c.maxRead, c.reads = maxInt(c.maxRead, len(data)), c.reads+1
	if c.byKey == nil {
		c.byKey = map[string]int{}
	}
	c.byKey[key]++
	c.mu.Unlock()
	return data, info, err
}

func maxInt(a, b int) int {
	if a > b {
		return a
	}
	return b
}

// bigBMP is an uncompressed BMP of about n bytes, a flat orange.
func bigBMP(t *testing.T, n int) []byte {
	t.Helper()
	side := 1
	for side*side*3 < n {
		side++
	}
	img := image.NewRGBA(image.Rect(0, 0, side, side))
	for i := 0; i < len(img.Pix); i += 4 {
		img.Pix[i], img.Pix[i+1], img.Pix[i+2], img.Pix[i+3] = 255, 140, 0, 255
	}
	var buf bytes.Buffer
	if err := bmp.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// bombPNG is a real PNG header for a 30000x30000 picture and nothing else.
func bombPNG(t *testing.T) []byte {
	t.Helper()
	data := pngOf(t, image.NewGray(image.Rect(0, 0, 30000, 1)))
	data[20], data[21], data[22], data[23] = 0, 0, 0x75, 0x30
	crc := crc32IEEE(data[12:29])
	data[29], data[30], data[31], data[32] = byte(crc>>24), byte(crc>>16), byte(crc>>8), byte(crc)
	return data[:45]
}

// previewHarness is the UI at 120x40 with blocks previews over a real
// versitygw holding the bad-input objects of issue 10, with timers that
// fire at once (the rest is not waited for).
func previewHarness(t *testing.T) (*harness, *countingReader, *testsrv.Server) {
	t.Helper()
	srv := testsrv.Versity(t)
	srv.CreateBucket(t, "bad")
	good := pngOf(t, quadrants(400, 200))
	srv.Put(t, "bad", "a-truncated.png", good[:len(good)/2])
	srv.Put(t, "bad", "b-text.jpg", []byte("this is a note, not a photo\n"))
	srv.Put(t, "bad", "c-bomb.png", bombPNG(t))
	srv.Put(t, "bad", "d-empty.png", nil)
	srv.Put(t, "bad", "e-huge.bmp", bigBMP(t, 40<<20))
	srv.Put(t, "bad", "f-deleted.png", good)
	srv.Put(t, "bad", "g-good.png", good)
	b := srv.Browser(t)
	r := &countingReader{ObjectReader: b}
	d := Deps{Browser: b, Reader: r, Preview: preview.Blocks, Now: func() time.Time { return fixedNow }}
	h := newHarness(t, d, 120, 40)
	h.m.c.after = func(_ time.Duration, msg tea.Msg) tea.Cmd { return msgCmd(msg) }
	return h, r, srv
}

// paneText is the pane's side of the frame (right of the separator), its
// words joined by single spaces so wrapped lines read as one.
func paneText(h *harness) string {
	var out []string
	for _, l := range strings.Split(h.view(), "\n") {
		if _, right, ok := strings.Cut(l, "│"); ok {
			out = append(out, strings.TrimSpace(right))
		}
	}
	return strings.Join(strings.Fields(strings.Join(out, " ")), " ")
}

// TestPreviewBadInput rests on each bad object in turn: each gets one calm
// line in the pane, the 40 MB image is never read past the 16 MiB cap
// until L loads it, and the keys keep working throughout.
func TestPreviewBadInput(t *testing.T) {
	h, r, srv := previewHarness(t)
	h.keys("enter")
	h.mustSee("g-good.png")
	if _, err := srv.Client().DeleteObject(context.Background(), &s3.DeleteObjectInput{Bucket: aws.String("bad"), Key: aws.String("f-deleted.png")}); err != nil {
		t.Fatal(err)
	}
	h.keys("down") // leave and come back so a.png is fetched with the listing shown
	h.keys("up")
	want := []string{
		"no preview: the PNG is cut short or damaged",
		"no preview: this is text, not a picture",
		"no preview: 30000x30000 is 900 megapixels, over the 50 MP limit",
		"no preview: the object is empty (0 bytes)",
		"40 MiB is over the 16 MiB preview limit: press L to load it",
		"no preview: the object is gone (deleted since the listing?)",
	}
	for i, line := range want {
		pane := paneText(h)
		if !strings.Contains(pane, line) {
			t.Fatalf("object %d: pane lacks %q:\n%s", i, line, pane)
		}
		if strings.Count(pane, "no preview") > 1 {
			t.Fatalf("object %d: more than one line of trouble:\n%s", i, pane)
		}
		h.keys("down")
	}
	if r.maxRead > previewMaxBytes {
		t.Fatalf("a read returned %d bytes, over the %d cap", r.maxRead, previewMaxBytes)
	}
	if !strings.Contains(paneText(h), "PNG 400×200") {
		t.Fatalf("the good picture after the bad ones:\n%s", paneText(h))
	}
	h.keys("up", "up") // back to the 40 MB image: L loads it
	h.keys("L")
	if pane := paneText(h); !strings.Contains(pane, "BMP 3740×3740") {
		t.Fatalf("L did not load the large image:\n%s", pane)
	}
	h.keys("G")
	if !strings.Contains(paneText(h), "g-good.png") {
		t.Fatal("keys stopped working after the bad input")
	}
}

// TestPreviewLateReplyDropped holds the picture of the first object back,
// moves on, then delivers it: it must not land on the second object.
func TestPreviewLateReplyDropped(t *testing.T) {
	h, _, _ := previewHarness(t)
	h.hold = func(msg tea.Msg) bool {
		p, ok := msg.(previewMsg)
		return ok && p.key == "g-good.png"
	}
	h.keys("enter", "G") // rest on g-good.png: its reply is held
	if len(h.held) == 0 {
		t.Fatal("no preview reply was held")
	}
	h.keys("up", "up") // now on e-huge.bmp, which has no picture
	h.hold = nil
	h.deliver(h.held...)
	if pane := paneText(h); strings.Contains(pane, "PNG 400×200") || !strings.Contains(pane, "e-huge.bmp") {
		t.Fatalf("a late picture landed on the wrong object:\n%s", pane)
	}
}

// TestPreviewWaitsForRest moves across many objects without the rest
// timer firing: nothing is fetched; the timer of an object left behind
// starts nothing either.
func TestPreviewWaitsForRest(t *testing.T) {
	h, r, _ := previewHarness(t)
	var timers []tea.Msg
	h.m.c.after = func(_ time.Duration, msg tea.Msg) tea.Cmd { timers = append(timers, msg); return nil }
	h.keys("enter", "down", "down", "down")
	if r.reads != 0 {
		t.Fatalf("%d reads while the cursor was moving", r.reads)
	}
	var rests []tea.Msg
	for _, m := range timers {
		if _, ok := m.(previewRestMsg); ok {
			rests = append(rests, m)
		}
	}
	h.deliver(rests[:len(rests)-1]...) // stale timers
	if r.reads != 0 {
		t.Fatalf("a stale rest timer fetched (%d reads)", r.reads)
	}
	h.deliver(rests[len(rests)-1])
	if r.reads != 1 {
		t.Fatalf("the rest on the current object made %d reads, want 1", r.reads)
	}
}

// TestPreviewNarrowAndToggle: under 100 columns there is no pane and p
// opens the full-screen preview; at 120 p hides and shows the pane.
func TestPreviewNarrowAndToggle(t *testing.T) {
	h, _, _ := previewHarness(t)
	h.keys("enter", "G")
	if !strings.Contains(paneText(h), "PNG 400×200") {
		t.Fatalf("no pane at 120 columns:\n%s", h.view())
	}
	h.keys("p")
	if strings.Contains(h.view(), "│") {
		t.Fatalf("p did not hide the pane:\n%s", h.view())
	}
	h.keys("p")
	h.send(tea.WindowSizeMsg{Width: 80, Height: 30})
	if strings.Contains(h.view(), "PNG 400×200") {
		t.Fatalf("a pane at 80 columns:\n%s", h.view())
	}
	h.keys("p")
	h.mustSee("PNG 400×200", "bad/g-good.png")
	v := h.view()
	if !strings.Contains(v, "▀") && !strings.Contains(v, " ") {
		t.Fatalf("the full-screen preview shows no picture:\n%s", v)
	}
	h.keys("esc")
	h.mustSee("a-truncated.png")
}

// TestPreviewCacheHit comes back to a picture: no second read.
func TestPreviewCacheHit(t *testing.T) {
	h, r, _ := previewHarness(t)
	h.keys("enter", "G")
	n := r.reads
	h.keys("up", "down")
	if r.reads != n+1 { // the way up reads f-deleted.png; the way back is cached
		t.Fatalf("%d reads coming back to a cached picture, want %d", r.reads, n+1)
	}
	_ = color.RGBA{}
}

// TestPreviewNewVersionReadAgain: an object replaced since its picture was
// cached, and listed again, is read anew and shows the new picture; the
// cache serves only the version it was read from.
func TestPreviewNewVersionReadAgain(t *testing.T) {
	h, r, srv := previewHarness(t)
	reads := func() int { r.mu.Lock(); defer r.mu.Unlock(); return r.byKey["g-good.png"] }
	h.keys("enter", "G")
	h.mustSee("PNG 400×200")
	h.keys("backspace")
	srv.Put(t, "bad", "g-good.png", pngOf(t, quadrants(200, 100)))
	h.keys("enter", "G")
	h.mustSee("PNG 200×100")
	if n := reads(); n != 2 {
		t.Fatalf("g-good.png read %d times after it changed, want 2", n)
	}
	h.keys("backspace", "enter", "G") // unchanged since: from the cache
	h.mustSee("PNG 200×100")
	if n := reads(); n != 2 {
		t.Fatalf("g-good.png read %d times coming back to the same version, want 2", n)
	}
}
