package accesslog_test

import (
	"bytes"
	"context"
	"html"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/s3share/s3share/accesslog"
	"github.com/s3share/s3share/internal/accesslogproxy"
	"github.com/s3share/s3share/internal/testsrv"
)

// onePixelPNG is a 1x1 PNG.
var onePixelPNG = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89" +
	"\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84\x00\x00\x00\x00IEND\xaeB`\x82")

// TestGalleryOpenedInChromium: a gallery page opened by headless Chromium
// loads its images through their own links; the logs show one open of the
// page and one of each image, with Chromium's user agent.
func TestGalleryOpenedInChromium(t *testing.T) {
	chromium := testsrv.Chromium(t)
	w := newWorld(t, accesslogproxy.Target{Bucket: "logs", Prefix: "access/"})
	now := time.Now().UTC().Truncate(time.Second)
	var page strings.Builder
	page.WriteString(`<!doctype html><html><head><meta charset="utf-8"><meta name="referrer" content="no-referrer"><link rel="icon" href="data:,"></head><body>`)
	links := []accesslog.LinkRef{}
	for _, key := range []string{"gal/one.png", "gal/two words.png"} {
		w.srv.Put(t, "photos", key, onePixelPNG)
		u := w.presign(t, key, now, time.Hour)
		links = append(links, ref(t, key, key, "", u))
		page.WriteString(`<img src="` + html.EscapeString(u) + `" alt="">`)
	}
	page.WriteString(`</body></html>`)
	if _, err := w.srv.Client().PutObject(context.Background(), &s3.PutObjectInput{Bucket: aws.String("photos"),
		Key: aws.String("s3share-galleries/g.html"), Body: strings.NewReader(page.String()),
		ContentType: aws.String("text/html; charset=utf-8")}); err != nil {
		t.Fatal(err)
	}
	pageURL := w.presign(t, "s3share-galleries/g.html", now, time.Hour)
	links = append(links, ref(t, "page", "s3share-galleries/g.html", "", pageURL))

	dom := testsrv.RunChromium(t, chromium, "--dump-dom", pageURL)
	if !bytes.Contains(dom, []byte("<img")) {
		t.Fatalf("chromium did not show the page: %.300s", dom)
	}
	w.proxy.Deliver(t, w.srv, w.proxy.Take("photos"), time.Now())
	res, err := accesslog.NewReader(w.b).Read(context.Background(), accesslog.Request{
		Location: accesslog.Location{Bucket: "logs", Prefix: "access/"}, Since: now})
	if err != nil {
		t.Fatal(err)
	}
	sum := accesslog.Summarize(accesslog.NewAttributor(links, accesslog.Options{}).Attribute(res.Records))
	for _, id := range []string{"page", "gal/one.png", "gal/two words.png"} {
		got := sum[id]
		if got.Opens != 1 || !strings.Contains(got.LastUserAgent, "Chrome") {
			t.Errorf("%s: %d opens by %q, want 1 by Chromium", id, got.Opens, got.LastUserAgent)
		}
	}
}
