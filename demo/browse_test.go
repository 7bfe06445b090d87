package demo

import (
	"bytes"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/s3share/s3share/s3browse"
)

// TestThroughBrowser wires the demo the way main does: s3browse over the
// demo's config and options, without the user's AWS configuration.
func TestThroughBrowser(t *testing.T) {
	s := startServer(t)
	b := s3browse.NewFromConfig(s.Config(), s.Options())
	buckets, err := b.ListBuckets(t.Context())
	if err != nil || len(buckets) != 2 {
		t.Fatalf("ListBuckets = %v, %v", buckets, err)
	}
	page, err := b.ListPage(t.Context(), PhotosBucket, "designs/", "")
	if err != nil {
		t.Fatalf("ListPage: %v", err)
	}
	i := slices.IndexFunc(page.Objects, func(o s3browse.Object) bool { return o.Key == "designs/café menu.png" })
	if i < 0 || !slices.Contains(page.Folders, "designs/icons/") {
		t.Fatalf("designs/ page = %+v", page)
	}
	dates := map[time.Time]bool{}
	for _, o := range page.Objects {
		if o.LastModified.After(time.Now()) {
			t.Errorf("%s dated in the future: %v", o.Key, o.LastModified)
		}
		dates[o.LastModified] = true
	}
	if len(dates) < 2 {
		t.Errorf("all objects in designs/ share one date; want them spread out")
	}
	p, err := b.PresignGet(t.Context(), s3browse.PresignInput{Bucket: PhotosBucket, Key: page.Objects[i].Key, Expires: time.Hour, SignedAt: time.Now()})
	if err != nil {
		t.Fatalf("PresignGet: %v", err)
	}
	code, body := fetch(t, p.URL)
	if code != http.StatusOK || !bytes.Equal(body, seeded(t, PhotosBucket, "designs/café menu.png").Body) {
		t.Fatalf("fetch: status %d, %d bytes", code, len(body))
	}
}
