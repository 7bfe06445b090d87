package ui

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/s3share/s3share/history"
	"github.com/s3share/s3share/imagemeta"
	"github.com/s3share/s3share/internal/faultproxy"
	"github.com/s3share/s3share/internal/testimage"
	"github.com/s3share/s3share/internal/testsrv"
	"github.com/s3share/s3share/s3browse"
	"github.com/s3share/s3share/share"
)

// uploadSetup is versitygw with a photos bucket holding 2026/old.png, a
// real history, a directory of local files to upload from, and deps
// whose S3 side goes to endpoint (the server's, or a proxy's when set).
func uploadSetup(t *testing.T, proxied func(srv *testsrv.Server) string) (*testsrv.Server, Deps, *[]string) {
	t.Helper()
	srv := testsrv.Versity(t)
	srv.CreateBucket(t, "photos")
	srv.Put(t, "photos", "2026/old.png", testimage.PNG(4, 4))
	opts := srv.Options()
	if proxied != nil {
		opts.EndpointURL = proxied(srv)
	}
	br := s3browse.NewFromConfig(srv.Config(), opts)
	hist := openHistory(t)
	var copied []string
	d := Deps{
		Browser: br, Sharer: share.NewPipeline(br, hist, time.Now), History: hist, Now: time.Now,
		Uploader: br, UploadDir: t.TempDir(),
		CopyNative: func(s string) error { copied = append(copied, s); return nil },
	}
	return srv, d, &copied
}

// intoFolder opens photos/2026/ from the buckets screen.
func intoFolder(h *harness) {
	h.t.Helper()
	h.keys("enter") // photos
	h.mustSee("2026/")
	h.keys("enter")
	h.mustSee("photos/2026/", "old.png")
}

// TestUploadPickedFilesAndShare: u opens the picker on the upload
// directory, listing its folders and images only; two files marked with
// space (one of them in a subfolder) go up with enter, a bar each; the
// share dialog opens for both with what was removed, the listing shows
// them, and the links fetch the files (the JPEG without its GPS position).
func TestUploadPickedFilesAndShare(t *testing.T) {
	srv, d, copied := uploadSetup(t, nil)
	gps := testimage.JPEGWithGPS(64, 48, 48.8584, 2.2945)
	plain := testimage.PNG(16, 16)
	testimage.WriteFiles(t, d.UploadDir, map[string][]byte{
		"a-plain.png": plain, "notes.txt": []byte("not listed"), ".hidden.png": plain,
		"trip/b-tower.jpg": gps, "trip/c.png": plain,
	})
	h := newHarness(t, d, 120, 30)
	var bars []string // the upload screen's frames
	h.hold = func(msg tea.Msg) bool {
		if _, ok := msg.(uploadProgressMsg); ok {
			bars = append(bars, h.view())
		}
		return false
	}
	intoFolder(h)

	h.keys("u")
	h.mustSee("Upload to s3://photos/2026/", d.UploadDir, "trip/", "a-plain.png")
	if v := h.view(); strings.Contains(v, "notes.txt") || strings.Contains(v, "hidden") {
		t.Fatalf("the picker lists a file that is no image, or a hidden one:\n%s", v)
	}
	h.keys("down", "space") // trip/ comes first; a-plain.png marked
	h.mustSee("1 file marked", "● a-plain.png")
	h.keys("up", "enter") // into trip/
	h.mustSee(filepath.Join(d.UploadDir, "trip"), "b-tower.jpg", "c.png")
	h.keys("space") // b-tower.jpg
	h.mustSee("2 files marked")
	h.keys("backspace") // back up: the marks stay, the cursor on trip/
	h.mustSee("2 files marked", "> trip/")
	h.keys("enter", "enter") // into trip/ again, then enter on c.png: the marked two go, not c.png

	h.mustSee("Share 2 objects from photos", "Uploaded 2 files", "b-tower.jpg: GPS position removed (EXIF)")
	if len(bars) == 0 || !strings.Contains(bars[len(bars)-1], "a-plain.png") || !strings.Contains(bars[len(bars)-1], "b-tower.jpg") {
		t.Errorf("no frame with a bar per file before the dialog: %q", bars)
	}
	want := []string{"2026/a-plain.png", "2026/b-tower.jpg", "2026/old.png"}
	if got := srv.Keys(t, "photos", "2026/"); !slices.Equal(got, want) {
		t.Fatalf("objects = %v, want %v", got, want)
	}
	h.keys("enter") // share them
	h.mustSee("Copied 2 links")
	urls := strings.Split((*copied)[0], "\n")
	if len(urls) != 2 {
		t.Fatalf("copied %q, want 2 links", (*copied)[0])
	}
	if got := fetch(t, urls[0]); got != string(plain) {
		t.Errorf("the first link fetched %d bytes, want a-plain.png's %d", len(got), len(plain))
	}
	got := []byte(fetch(t, urls[1]))
	if found, err := imagemeta.Location(got); err != nil || found.GPS || len(got) != len(gps) {
		t.Errorf("the second link's image: %d bytes (the file's %d), GPS %v, %v", len(got), len(gps), found.GPS, err)
	}

	h.keys("esc") // the listing, read again, shows them
	h.mustSee("a-plain.png", "b-tower.jpg", "old.png", "3 images")
	if links, err := d.History.List(context.Background(), history.Query{}); err != nil || len(links) != 2 {
		t.Errorf("history: %d links, %v; want 2", len(links), err)
	}
}

// TestUploadPastedPathWithSpaces: a path pasted (as terminals paste a
// dropped file: quoted, escaped, as a file:// URI, or as it is) offers
// the upload, n declines it, y uploads and opens the share dialog.
func TestUploadPastedPathWithSpaces(t *testing.T) {
	srv, d, _ := uploadSetup(t, nil)
	testimage.WriteFiles(t, d.UploadDir, map[string][]byte{"my shot 1.png": testimage.PNG(8, 8)})
	p := filepath.Join(d.UploadDir, "my shot 1.png")
	h := newHarness(t, d, 120, 30)
	intoFolder(h)
	for _, paste := range []string{
		"'" + p + "' ",
		strings.ReplaceAll(p, " ", `\ `),
		"file://" + strings.ReplaceAll(p, " ", "%20") + "\r\n",
		p,
	} {
		h.send(tea.PasteMsg{Content: paste})
		h.mustSee("Upload 1 file to s3://photos/2026/? y uploads", "my shot 1.png")
		h.keys("n")
		h.mustSee("photos/2026/", "old.png")
	}
	if got := srv.Keys(t, "photos", "2026/"); len(got) != 1 {
		t.Fatalf("declined uploads left %v", got)
	}
	h.send(tea.PasteMsg{Content: "'" + p + "'"})
	h.keys("y")
	h.mustSee("Share 1 object from photos", "Uploaded my shot 1.png (", "to s3://photos/2026/my shot 1.png")
	if got := srv.Keys(t, "photos", "2026/"); !slices.Contains(got, "2026/my shot 1.png") {
		t.Fatalf("objects = %v", got)
	}

	h.keys("esc")
	h.send(tea.PasteMsg{Content: "some text"})
	h.mustSee("Pasted text is no file path")
}

// TestUploadRefusals: a file that is no image (named as one), a
// directory without images and a name already taken are refused with
// one line each, and nothing is sent; without an S3 side u says so.
func TestUploadRefusals(t *testing.T) {
	srv, d, _ := uploadSetup(t, nil)
	testimage.WriteFiles(t, d.UploadDir, map[string][]byte{"fake.png": []byte("just text"), "old.png": testimage.PNG(2, 2), "docs/readme.md": []byte("# hi")})
	h := newHarness(t, d, 140, 30)
	intoFolder(h)

	h.keys("u")
	h.mustSee("fake.png", "old.png")
	h.keys("down", "enter") // docs/ comes first, then fake.png
	h.mustSee("fake.png: not an image (its bytes are no picture format): upload it all the same (the UI uploads images only; s3share put --all uploads other files)")
	h.keys("esc")
	h.mustSee("photos/2026/", "1 image")

	h.send(tea.PasteMsg{Content: filepath.Join(d.UploadDir, "docs")})
	h.mustSee(filepath.Join(d.UploadDir, "docs") + ": no images in this directory")
	h.keys("esc")

	h.keys("u")
	h.mustSee("old.png")
	h.keys("down", "down", "enter") // docs/, fake.png, old.png
	h.mustSee("s3://photos/2026/old.png: already exists: nothing was uploaded")
	h.keys("esc")
	if got := srv.Keys(t, "photos", "2026/"); !slices.Equal(got, []string{"2026/old.png"}) {
		t.Fatalf("objects = %v", got)
	}
	if data := fetchObject(t, srv, "photos", "2026/old.png"); !bytes.Equal(data, testimage.PNG(4, 4)) {
		t.Error("the object already there was replaced")
	}

	d.Uploader = nil // no S3 side to upload to
	h = newHarness(t, d, 140, 30)
	intoFolder(h)
	h.keys("u")
	h.mustSee("✗ uploads need a working S3 configuration", "photos/2026/")
	h.send(tea.PasteMsg{Content: filepath.Join(d.UploadDir, "old.png")})
	h.mustSee("Upload to s3://photos/2026/", "uploads need a working S3 configuration")
}

// fetchObject reads an object whole.
func fetchObject(t *testing.T, srv *testsrv.Server, bucket, key string) []byte {
	t.Helper()
	data, _, err := srv.Browser(t).ReadObject(context.Background(), bucket, key, 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// twoParts is an image just over the part size, sent in two parts; made
// once, as it takes a while under the race detector.
var twoParts = sync.OnceValue(func() []byte { return testimage.LargePNG(s3browse.DefaultPartSize + 1<<20) })

// TestUploadCancelLeavesNothing: esc, or ctrl+c (which quits only once
// nothing is under way), while a multipart upload has a part
// on its way aborts it and deletes the file uploaded before it: no
// object, no multipart upload left, nothing recorded, and the folder
// says so.
func TestUploadCancelLeavesNothing(t *testing.T) {
	for _, k := range []string{"esc", "ctrl+c"} {
		t.Run(k, func(t *testing.T) { cancelUpload(t, k) })
	}
}

// cancelUpload uploads two files and presses cancelKey while the second
// has a part on its way.
func cancelUpload(t *testing.T, cancelKey string) {
	var px *faultproxy.Proxy
	srv, d, _ := uploadSetup(t, func(srv *testsrv.Server) string {
		px = faultproxy.New(t, srv.Endpoint)
		px.Only(func(r *http.Request) bool {
			return r.Method == http.MethodPut && r.URL.Query().Get("partNumber") == "1" // 16 MiB: cut off unsent by the cancel
		})
		px.SetDelay(time.Minute) // held until cancelled (and let go when the test ends)
		px.Always(faultproxy.Latency)
		return px.URL
	})
	testimage.WriteFiles(t, d.UploadDir, map[string][]byte{"big.png": twoParts(), "small.png": testimage.PNG(8, 8)})
	h := newHarness(t, d, 120, 30)
	intoFolder(h)
	h.keys("u")
	h.mustSee("big.png", "small.png")
	h.hold = func(msg tea.Msg) bool { _, ok := msg.(uploadProgressMsg); return ok }
	h.keys("down", "space", "up", "space", "enter") // small.png first: it is up, and deleted again, when big.png is cancelled
	for end := time.Now().Add(30 * time.Second); px.Applied(faultproxy.Latency) == 0 || len(srv.MultipartUploads(t, "photos")) == 0; time.Sleep(5 * time.Millisecond) {
		if time.Now().After(end) {
			t.Fatal("part 1 never reached the proxy")
		}
	}
	h.hold = nil
	// The latest progress, by hand: the watch it re-arms would block until
	// the next news, which the held part keeps from coming. It runs after
	// the cancel, as Bubble Tea would run it meanwhile.
	next, watch := h.m.Update(h.held[len(h.held)-1])
	h.m = next.(model)
	h.mustSee("2 files", "big.png", "small.png", "/ 18 MB", "esc cancels")
	if got := srv.Keys(t, "photos", "2026/"); !slices.Contains(got, "2026/small.png") {
		t.Fatalf("small.png is not up before the cancel: %v", got)
	}
	h.keys(cancelKey)
	if h.quit {
		t.Fatalf("%s quit the app mid-upload", cancelKey)
	}
	h.mustSee("Cancelling: aborting the upload")
	h.deliver(h.run(watch)...)
	h.mustSee("Upload cancelled: nothing was uploaded", "photos/2026/")
	if got := srv.Keys(t, "photos", "2026/"); !slices.Equal(got, []string{"2026/old.png"}) {
		t.Errorf("objects after the cancel = %v", got)
	}
	if left := srv.MultipartUploads(t, "photos"); len(left) != 0 {
		t.Errorf("multipart uploads left after the cancel: %v", left)
	}
	if links, err := d.History.List(context.Background(), history.Query{}); err != nil || len(links) != 0 {
		t.Errorf("history after the cancel: %d links, %v", len(links), err)
	}
	if _, err := srv.Browser(t).HeadObject(context.Background(), "photos", "2026/big.png"); !errors.Is(err, s3browse.ErrNoSuchKey) {
		t.Errorf("big.png after the cancel: %v", err)
	}
}

// TestPastedPaths: what terminals paste for dropped files reads as
// their paths; other text reads as none.
func TestPastedPaths(t *testing.T) {
	for _, tc := range []struct {
		paste string
		want  [][]string
	}{
		{"/tmp/a.png", [][]string{{"/tmp/a.png"}}},
		{"'/tmp/my shot.png' '/tmp/b.png' ", [][]string{{"/tmp/my shot.png", "/tmp/b.png"}}},
		{`/tmp/my\ shot.png`, [][]string{{"/tmp/my shot.png"}}},
		{`"/tmp/it's \"here\".png"`, [][]string{{`/tmp/it's "here".png`}}},
		{"file:///tmp/my%20shot.png\r\nfile://localhost/tmp/b.png\r\n", [][]string{{"/tmp/my shot.png", "/tmp/b.png"}}},
		{"/tmp/my shot.png", [][]string{{"/tmp/my shot.png"}}},                                         // as it is: only the whole line is a path
		{"/tmp/a.png /tmp/b.png", [][]string{{"/tmp/a.png", "/tmp/b.png"}, {"/tmp/a.png /tmp/b.png"}}}, // two, or one with a space
		{"hello world", nil},
		{"https://example.com/a.png", nil},
		{"file://otherhost/tmp/a.png", nil},
		{"  \n", nil},
	} {
		if got := pastedPaths(tc.paste); !slices.EqualFunc(got, tc.want, slices.Equal) {
			t.Errorf("pastedPaths(%q) = %q, want %q", tc.paste, got, tc.want)
		}
	}
}
