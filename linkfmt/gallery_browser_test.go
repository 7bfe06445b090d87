package linkfmt

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/s3share/s3share/internal/testsrv"
	"github.com/s3share/s3share/presigned"
	"github.com/s3share/s3share/s3browse"
)

// shotImage is an image put in the bucket: a solid colour, so a screenshot
// shows whether the browser loaded it.
type shotImage struct {
	key    string
	w, h   int
	colour color.RGBA
}

var shotImages = []shotImage{
	{`shoot/red "one" <1>.png`, 320, 240, color.RGBA{0xff, 0, 0, 0xff}},
	{"shoot/green & [two] | 2.png", 240, 320, color.RGBA{0, 0xc0, 0, 0xff}},
	{"shoot/blue, three 😀 rtl\u202egnp.exe", 400, 200, color.RGBA{0, 0, 0xff, 0xff}}, // reads "rtlexe.png" if shown raw
	{"shoot/magenta 'four' & more.png", 200, 200, color.RGBA{0xff, 0, 0xff, 0xff}},
}

// galleryFixture is a gallery uploaded to versitygw, reached through a
// proxy that records the Referer of every request.
type galleryFixture struct {
	srv     *testsrv.Server
	proxy   *refererProxy
	browser *s3browse.Browser
	gallery Gallery
	page    []byte
	pageKey string
	pageURL string
	end     time.Time // the images' end, as their URLs say it
}

// newGalleryFixture puts the images, presigns them (view and download) for
// expires, renders the page, uploads it under the share prefix and
// presigns it to end with the images.
func newGalleryFixture(t *testing.T, expires time.Duration) *galleryFixture {
	t.Helper()
	ctx := context.Background()
	f := &galleryFixture{srv: testsrv.Versity(t)}
	f.proxy = newRefererProxy(t, f.srv.Endpoint)
	f.srv.CreateBucket(t, "photos")
	opts := f.srv.Options()
	opts.EndpointURL = f.proxy.URL
	f.browser = s3browse.NewFromConfig(f.srv.Config(), opts)
	f.gallery = Gallery{Title: "Proofs for \u2067Bo & <co>\u2069", Location: time.FixedZone("CET", 3600)}
	for _, img := range shotImages {
		body := solidPNG(t, img)
		putObject(t, f.srv, img.key, body, "image/png", "")
		view := presign(t, f.browser, img.key, expires, "")
		download := presign(t, f.browser, img.key, expires, presigned.ContentDisposition(presigned.DisplayName(img.key)))
		f.gallery.Images = append(f.gallery.Images, GalleryImage{Name: presigned.DisplayName(img.key), Size: int64(len(body)), ViewURL: view, DownloadURL: download})
		for _, u := range []string{view, download} {
			if end := testsrv.URLEnd(t, u); f.end.IsZero() || end.Before(f.end) {
				f.end = end
			}
		}
	}
	f.gallery.End = f.end
	var err error
	if f.page, err = RenderGallery(f.gallery); err != nil {
		t.Fatal(err)
	}
	f.pageKey = "s3share-shares/0123456789abcdef0123456789abcdef/index.html"
	putObject(t, f.srv, f.pageKey, f.page, GalleryContentType, GalleryCacheControl)
	signedAt := time.Now().Truncate(time.Second) // the server verifies with its own clock
	p, err := f.browser.PresignGet(ctx, s3browse.PresignInput{Bucket: "photos", Key: f.pageKey, SignedAt: signedAt, Expires: f.end.Sub(signedAt)})
	if err != nil {
		t.Fatal(err)
	}
	f.pageURL = p.URL
	return f
}

func TestGalleryInChromium(t *testing.T) {
	chromium := testsrv.Chromium(t)
	f := newGalleryFixture(t, time.Hour)
	if got := testsrv.URLEnd(t, f.pageURL); !got.Equal(f.end) {
		t.Errorf("the page's link ends %v, its images' %v", got, f.end)
	}
	status, body, header := testsrv.Get(t, f.pageURL)
	if status != http.StatusOK || !bytes.Equal(body, f.page) {
		t.Fatalf("GET page: %d, %d bytes (want 200 and the %d bytes uploaded)", status, len(body), len(f.page))
	}
	if header.Get("Content-Type") != GalleryContentType || header.Get("Cache-Control") != "no-store" {
		t.Errorf("page served as %q with Cache-Control %q", header.Get("Content-Type"), header.Get("Cache-Control"))
	}

	checkDOM(t, f, testsrv.RunChromium(t, chromium, "--dump-dom", f.pageURL))
	for _, size := range []string{"1280,900", "390,1900"} { // a laptop, a phone
		shot := filepath.Join(t.TempDir(), "shot.png")
		testsrv.RunChromium(t, chromium, "--screenshot="+shot, "--window-size="+size, "--hide-scrollbars", "--force-device-scale-factor=1", f.pageURL)
		checkColours(t, size, shot)
	}
	f.proxy.checkNoReferer(t)

	// Revoking the gallery deletes the page: its link answers 404.
	_, err := f.srv.Client().DeleteObject(context.Background(), &s3.DeleteObjectInput{Bucket: aws.String("photos"), Key: aws.String(f.pageKey)})
	if err != nil {
		t.Fatal(err)
	}
	if status, _, _ := testsrv.Get(t, f.pageURL); status != http.StatusNotFound {
		t.Errorf("GET page after delete: %d, want 404", status)
	}
}

func TestGalleryPageExpiresWithItsImages(t *testing.T) {
	f := newGalleryFixture(t, 3*time.Second)
	if got := testsrv.URLEnd(t, f.pageURL); !got.Equal(f.end) {
		t.Fatalf("the page's link ends %v, its images' %v", got, f.end)
	}
	if status, _, _ := testsrv.Get(t, f.pageURL); status != http.StatusOK {
		t.Fatalf("GET page before its end: %d", status)
	}
	time.Sleep(time.Until(f.end) + 1100*time.Millisecond) // expired once the server's second passes the end
	links := []string{f.pageURL}
	for _, img := range f.gallery.Images {
		links = append(links, img.ViewURL, img.DownloadURL)
	}
	for i, u := range links {
		if status, _, _ := testsrv.Get(t, u); status != http.StatusForbidden {
			t.Errorf("link %d after the end: %d, want 403", i, status)
		}
	}
}

// checkDOM reads the page as Chromium parsed it: every image with its name
// (bidi controls shown as text) and its URLs.
func checkDOM(t *testing.T, f *galleryFixture, dom []byte) {
	t.Helper()
	imgs, heading, until, _ := readGallery(t, dom)
	if heading != `Proofs for \u2067Bo & <co>\u2069` || !strings.Contains(until, FormatEnd(f.end, f.gallery.Location)) {
		t.Errorf("Chromium shows heading %q and %q", heading, until)
	}
	if len(imgs) != len(shotImages) {
		t.Fatalf("Chromium shows %d images, want %d", len(imgs), len(shotImages))
	}
	for i, want := range f.gallery.Images {
		got := imgs[i]
		wantName := visibleBidi(want.Name)
		if got.name != wantName || got.alt != wantName || got.src != want.ViewURL || got.download != want.DownloadURL {
			t.Errorf("image %d in Chromium: %+v, want name %q and %+v", i, got, wantName, want)
		}
	}
	if !strings.Contains(string(dom), `three 😀 rtl\u202egnp.exe`) {
		t.Error(`Chromium does not show the name "three 😀 rtl\u202egnp.exe" with its override written out`)
	}
}

// checkColours counts each image's colour in a screenshot: a loaded image
// covers thousands of pixels, a missing one none.
func checkColours(t *testing.T, size, path string) {
	t.Helper()
	file, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	shot, err := png.Decode(file)
	if err != nil {
		t.Fatal(err)
	}
	counts := make([]int, len(shotImages))
	b := shot.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			for i, img := range shotImages {
				if near(shot.At(x, y), img.colour) {
					counts[i]++
				}
			}
		}
	}
	for i, n := range counts {
		if n < 10000 {
			t.Errorf("window %s: %s covers %d pixels: not loaded or not shown", size, presigned.DisplayName(shotImages[i].key), n)
		}
	}
	t.Logf("window %s: pixels per image %v", size, counts)
}

// near reports whether c is within a few levels of want on every channel.
func near(c color.Color, want color.RGBA) bool {
	r, g, b, _ := c.RGBA()
	d := func(v uint32, w uint8) bool { return int(v>>8)-int(w) <= 8 && int(w)-int(v>>8) <= 8 }
	return d(r, want.R) && d(g, want.G) && d(b, want.B)
}

// refererProxy forwards to an S3 server, keeping the Host header so the
// signatures made for the proxy's address verify, and records the Referer
// of every request.
type refererProxy struct {
	URL      string
	mu       sync.Mutex
	requests map[string][]string // path -> Referer of each request ("" for none)
}

func newRefererProxy(t *testing.T, upstream string) *refererProxy {
	target, err := url.Parse(upstream)
	if err != nil {
		t.Fatal(err)
	}
	p := &refererProxy{requests: map[string][]string{}}
	rp := &httputil.ReverseProxy{Rewrite: func(r *httputil.ProxyRequest) {
		r.SetURL(target)
		r.Out.Host = r.In.Host
		p.mu.Lock()
		p.requests[r.In.URL.Path] = append(p.requests[r.In.URL.Path], r.In.Header.Get("Referer"))
		p.mu.Unlock()
	}}
	ts := httptest.NewServer(rp)
	t.Cleanup(ts.Close)
	p.URL = ts.URL
	return p
}

// checkNoReferer fails unless the browser requested every image and sent
// no Referer with any request.
func (p *refererProxy) checkNoReferer(t *testing.T) {
	t.Helper()
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, img := range shotImages {
		path := "/photos/" + img.key
		if len(p.requests[path]) == 0 {
			t.Errorf("the browser never requested %s", presigned.DisplayName(img.key))
		}
	}
	for path, referers := range p.requests {
		for _, r := range referers {
			if r != "" {
				t.Errorf("a request for %s carried a Referer (%d characters): the page's signed URL leaks", path, len(r))
			}
		}
	}
}

// solidPNG is a PNG of one colour.
func solidPNG(t *testing.T, s shotImage) []byte {
	img := image.NewRGBA(image.Rect(0, 0, s.w, s.h))
	for i := 0; i < len(img.Pix); i += 4 {
		img.Pix[i], img.Pix[i+1], img.Pix[i+2], img.Pix[i+3] = s.colour.R, s.colour.G, s.colour.B, s.colour.A
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// putObject uploads body with the SDK, with a Content-Type and, when set, a
// Cache-Control.
func putObject(t *testing.T, srv *testsrv.Server, key string, body []byte, contentType, cacheControl string) {
	t.Helper()
	in := &s3.PutObjectInput{Bucket: aws.String("photos"), Key: aws.String(key), Body: bytes.NewReader(body),
		ContentLength: aws.Int64(int64(len(body))), ContentType: aws.String(contentType)}
	if cacheControl != "" {
		in.CacheControl = aws.String(cacheControl)
	}
	if _, err := srv.Client().PutObject(context.Background(), in); err != nil {
		t.Fatal(err)
	}
}

// presign signs a GET of photos/key.
func presign(t *testing.T, b *s3browse.Browser, key string, expires time.Duration, disposition string) string {
	t.Helper()
	p, err := b.PresignGet(context.Background(), s3browse.PresignInput{Bucket: "photos", Key: key, Expires: expires, SignedAt: time.Now(), ContentDisposition: disposition})
	if err != nil {
		t.Fatal(err)
	}
	return p.URL
}
