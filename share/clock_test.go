package share

import (
	"net/http"
	"testing"
	"time"

	"github.com/s3share/s3share/internal/testsrv"
)

// TestOneClockSignsAndRecords: the pipeline's clock dates the URLs it signs,
// so what the history records is what the URL carries, even with a clock
// half an hour behind the wall clock (the SDK would have dated them by the
// wall clock). A real server agrees: the links and the gallery page work.
func TestOneClockSignsAndRecords(t *testing.T) {
	srv := testsrv.Versity(t)
	srv.CreateBucket(t, "photos")
	srv.Put(t, "photos", "a.png", []byte("png a"))
	srv.Put(t, "photos", "b.png", []byte("png b"))
	now := time.Now().Add(-30 * time.Minute)
	h := openTest(t, &now)
	p := NewPipeline(srv.Browser(t), h, func() time.Time { return now })
	reqs := []Request{{Bucket: "photos", Key: "a.png", Expires: time.Hour}, {Bucket: "photos", Key: "b.png", Expires: time.Hour, Revocable: true}}
	res, err := p.Share(t.Context(), reqs, nil)
	if err != nil {
		t.Fatal(err)
	}
	page, err := p.ShareGallery(t.Context(), reqs, GalleryOptions{})
	if err != nil {
		t.Fatal(err)
	}
	links := append(append(res.Links, page), page.Members...)
	for _, l := range links {
		if !l.IssuedAt.Equal(now.Truncate(time.Second)) || !testsrv.URLEnd(t, l.URL).Equal(l.ExpiresAt) {
			t.Errorf("%s: issued %v, recorded end %v, the URL's end %v; want issued at the clock's %v and the URL's end recorded",
				l.Key, l.IssuedAt, l.ExpiresAt, testsrv.URLEnd(t, l.URL), now.Truncate(time.Second))
		}
		if status, _, _ := testsrv.Get(t, l.URL); status != http.StatusOK {
			t.Errorf("%s: GET = %d, want 200", l.Key, status)
		}
	}
}
