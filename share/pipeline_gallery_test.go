package share

import (
	"context"
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/s3share/s3share/history"
	"github.com/s3share/s3share/internal/hint"
	"github.com/s3share/s3share/internal/testsrv"
	"github.com/s3share/s3share/linkfmt"
	"github.com/s3share/s3share/s3browse"
)

// galleryServer is versitygw with three images in photos.
func galleryServer(t *testing.T) *testsrv.Server {
	t.Helper()
	srv := testsrv.Versity(t)
	srv.CreateBucket(t, "photos")
	for _, k := range []string{"a.png", "b & c.png", "d.png"} {
		srv.Put(t, "photos", k, []byte("png "+k))
	}
	return srv
}

func galleryReqs(d time.Duration) []Request {
	return []Request{{Bucket: "photos", Key: "a.png", Expires: d}, {Bucket: "photos", Key: "b & c.png", Expires: d},
		{Bucket: "photos", Key: "d.png", Expires: d, Revocable: true}}
}

func TestShareGallery(t *testing.T) {
	srv := galleryServer(t)
	now := time.Now()
	h := openTest(t, &now)
	p := NewPipeline(srv.Browser(t), h, nil)
	ctx := context.Background()
	page, err := p.ShareGallery(ctx, galleryReqs(2*time.Hour), GalleryOptions{Title: "Proofs for Bo"})
	if err != nil {
		t.Fatal(err)
	}
	if !page.Gallery || page.ID == 0 || len(page.Members) != 3 || !strings.HasPrefix(page.Key, DefaultSharePrefix) {
		t.Fatalf("page %+v", page)
	}
	resp, err := http.Get(page.URL)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != linkfmt.GalleryContentType || !strings.Contains(string(body), "Proofs for Bo") {
		t.Fatalf("the page answers %d %q", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	for _, m := range page.Members {
		if m.Parent != page.ID || !strings.Contains(string(body), strings.ReplaceAll(m.URL, "&", "&amp;")) {
			t.Errorf("member %s: parent %d, on the page: %v", m.Key, m.Parent, strings.Contains(string(body), m.URL))
		}
		if page.ExpiresAt.After(m.ExpiresAt) {
			t.Errorf("the page ends after its image %s", m.Key)
		}
	}
	top, err := h.List(ctx, history.Query{})
	if err != nil || len(top) != 1 || !top[0].Gallery {
		t.Fatalf("the history's top level: %d entries, %v; want the one gallery", len(top), err)
	}
	all, err := h.WithMembers(ctx, top)
	if err != nil || len(all) != 4 || len(all[0].Members) != 3 {
		t.Fatalf("with members: %d, %v", len(all), err)
	}
	if _, err := p.Revoke(ctx, top[0]); err != nil {
		t.Fatal(err)
	}
	if status, _, _ := fetch(t, page.URL); status != 404 {
		t.Errorf("the revoked gallery answers %d, want 404", status)
	}
	if status, _, _ := fetch(t, page.Members[0].URL); status != 200 {
		t.Errorf("revoking the page stopped its images too (%d)", status)
	}
}

// putDenied refuses PutObject, as a bucket the signer may read but not
// write.
type putDenied struct{ Store }

func (putDenied) PutObject(_ context.Context, in s3browse.PutInput) error {
	return &s3browse.Error{Op: "PutObject", Bucket: in.Bucket, Key: in.Key, Kind: s3browse.ErrAccessDenied, Err: errors.New("AccessDenied")}
}

// TestGalleryWithoutWriteAccess: no page can be put, so nothing is issued
// (the revocable copy goes again); --gallery-file writes it locally.
func TestGalleryWithoutWriteAccess(t *testing.T) {
	srv := galleryServer(t)
	now := time.Now()
	h := openTest(t, &now)
	b := srv.Browser(t)
	ctx := context.Background()
	p := NewPipelineWith(putDenied{b}, h, nil, nil)
	_, err := p.ShareGallery(ctx, galleryReqs(time.Hour), GalleryOptions{})
	if err == nil || !strings.Contains(err.Error(), "a gallery file writes the page locally") || strings.Contains(err.Error(), "\n") {
		t.Fatalf("a gallery without write access: %v", err)
	}
	if s, _ := hint.Of(err); s != hint.GalleryFile {
		t.Errorf("the refusal points at %q, want the gallery file setting", s)
	}
	if n := countLinks(t, h); n != 0 {
		t.Errorf("%d links recorded", n)
	}
	if keys := shareKeys(t, srv); len(keys) != 0 {
		t.Errorf("the revocable copy was left behind: %v", keys)
	}
	file := filepath.Join(t.TempDir(), "page.html")
	page, err := NewPipelineWith(b, h, nil, nil).ShareGallery(ctx, galleryReqs(time.Hour), GalleryOptions{File: file})
	if err != nil {
		t.Fatal(err)
	}
	html, err := os.ReadFile(file)
	if err != nil || len(page.Members) != 3 || page.URL != "" {
		t.Fatalf("page file: %v; page %+v", err, page)
	}
	for _, m := range page.Members {
		if m.ID == 0 || !strings.Contains(string(html), strings.ReplaceAll(m.URL, "&", "&amp;")) {
			t.Errorf("member %s not recorded or not on the page", m.Key)
		}
	}
	if info, _ := os.Stat(file); info.Mode().Perm() != 0o600 {
		t.Errorf("the page file is %04o: it holds bearer links", info.Mode().Perm())
	}
}
