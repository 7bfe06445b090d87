package s3browse_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/s3share/s3share/s3browse"
)

// ListFiles gives page by page what ListPage gives, kept compactly: the
// same folders, tokens, and objects (keys with every awkward byte the
// listing tests use, sizes, times, ETags), with the folder's marker left
// out and IsImage's flag; on both servers (gofakes3 URL-encodes keys,
// versitygw does not), over several pages.
func TestListFilesAgreesWithListPage(t *testing.T) {
	for name, srv := range servers(t) {
		t.Run(name, func(t *testing.T) {
			keys := []string{"p/", "p/a b.png", "p/100%41 a+b.png", "p/plus+sign.JPG", "p/%2F.png", "p/café 📷.png",
				"p/&<>'\".png", "p/&amp;lt;.png", "p/tab\there.png", "p/sub/x.png", "p/sub dir/y.png", "p/ü/z.gif", "p/readme"}
			if name == "gofakes3" { // versitygw's XML writer turns control characters into U+FFFD
				keys = append(keys, "p/ctl\x01\x1b.png", "p/sub\x02dir/c.png")
			}
			for i := range s3browse.FirstPageKeys + 30 {
				keys = append(keys, fmt.Sprintf("p/n-%03d.jpg", i))
			}
			seed(t, srv, "files", keys)
			b := srv.Browser(t)
			ctx := context.Background()
			token, pages, objects := "", 0, 0
			for {
				want, err := b.ListPage(ctx, "files", "p/", token)
				if err != nil {
					t.Fatal(err)
				}
				got, err := b.ListFiles(ctx, "files", "p/", token)
				if err != nil {
					t.Fatal(err)
				}
				samePage(t, got, want)
				pages, objects = pages+1, objects+got.Files.Len()
				if got.Last() {
					break
				}
				token = got.NextToken
			}
			wantObjects := 0
			for _, k := range keys {
				if rest := strings.TrimPrefix(k, "p/"); rest != "" && !strings.Contains(rest, "/") {
					wantObjects++ // not the marker, not in a sub-folder
				}
			}
			if pages < 2 || objects != wantObjects {
				t.Errorf("%d pages of %d objects in all, want 2 or more of %d", pages, objects, wantObjects)
			}
		})
	}
}

// samePage compares a compact page with the plain one.
func samePage(t *testing.T, got s3browse.FilePage, want s3browse.Page) {
	t.Helper()
	if !slices.Equal(got.Folders, want.Folders) || got.NextToken != want.NextToken {
		t.Errorf("folders %q token %q, want %q %q", got.Folders, got.NextToken, want.Folders, want.NextToken)
	}
	if got.Files.Len() != len(want.Objects) {
		t.Fatalf("%d objects, want %d", got.Files.Len(), len(want.Objects))
	}
	for i, w := range want.Objects {
		g := s3browse.FileObject(got.Files, i)
		if g.Key != w.Key || g.Size != w.Size || !g.LastModified.Equal(w.LastModified) || g.ETag != w.ETag {
			t.Errorf("object %d: %+v, want %+v", i, g, w)
		}
		if got.Files.Image(i) != s3browse.IsImage(w.Key) {
			t.Errorf("%q: image %v, want %v", w.Key, got.Files.Image(i), s3browse.IsImage(w.Key))
		}
	}
}

// CompactObjects keeps objects exactly, under their prefix.
func TestCompactObjectsKeepsObjects(t *testing.T) {
	objs := []s3browse.Object{{Key: "d/"}, {Key: "d/a\x01 b%41+.PNG", Size: 5, ETag: `"d41d8cd98f00b204e9800998ecf8427e"`},
		{Key: "d/e/f.txt", Size: 1 << 40, ETag: `"x-2"`}}
	p := s3browse.CompactObjects("d/", objs)
	if p.Len() != 2 {
		t.Fatalf("%d objects, want 2 (the marker left out)", p.Len())
	}
	for i, w := range objs[1:] {
		if g := s3browse.FileObject(p, i); g != w {
			t.Errorf("object %d: %+v, want %+v", i, g, w)
		}
	}
	if p.Name(1) != "e/f.txt" || !p.Image(0) || p.Image(1) {
		t.Errorf("name %q, images %v %v", p.Name(1), p.Image(0), p.Image(1))
	}
}
