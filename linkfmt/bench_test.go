package linkfmt

import (
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/s3share/s3share/presigned"
)

// benchLinks are n presigned-looking links of about 400 characters.
func benchLinks(n int) []presigned.Link {
	links := make([]presigned.Link, n)
	sig := strings.Repeat("0f", 32)
	for i := range links {
		key := fmt.Sprintf("shoots/2026/autumn/DSC_%05d (final).jpg", i)
		links[i] = testLink(int64(i+1), key, "https://photos.s3.eu-west-1.amazonaws.com/"+key+
			"?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAEXAMPLE%2F20261125%2Feu-west-1%2Fs3%2Faws4_request"+
			"&X-Amz-Date=20261125T133000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host&X-Amz-Signature="+sig)
	}
	return links
}

// BenchmarkFormat1000 writes 1000 links in each format.
func BenchmarkFormat1000(b *testing.B) {
	links := benchLinks(1000)
	for _, f := range Formats() {
		b.Run("format="+f.String(), func(b *testing.B) {
			p := Printer{Format: f, Now: func() time.Time { return fixedNow }, Location: time.UTC}
			for b.Loop() {
				if err := p.Write(io.Discard, links); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkRenderGallery100 renders a gallery page of 100 images.
func BenchmarkRenderGallery100(b *testing.B) {
	g := Gallery{Title: "Proofs", End: fixedNow.Add(24 * time.Hour), Location: time.UTC}
	for _, l := range benchLinks(100) {
		g.Images = append(g.Images, GalleryImage{Name: presigned.DisplayName(l.Key), Size: 4 << 20, ViewURL: l.URL, DownloadURL: l.URL + "&response-content-disposition=attachment"})
	}
	for b.Loop() {
		if _, err := RenderGallery(g); err != nil {
			b.Fatal(err)
		}
	}
}
