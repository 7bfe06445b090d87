package linkfmt

import (
	"bytes"
	_ "embed"
	"fmt"
	"html/template"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/dustin/go-humanize"

	"github.com/s3share/s3share/presigned"
	"github.com/s3share/s3share/termtext"
)

// How a gallery page is stored, so that it renders inline from its
// presigned link and no cache keeps it past a revoke.
const (
	GalleryContentType  = "text/html; charset=utf-8"
	GalleryCacheControl = "no-store"
)

// GalleryImage is one image on a gallery page.
type GalleryImage struct {
	Name        string // shown under the image and as its alt text
	Size        int64  // in bytes; negative when unknown, and then not shown
	ViewURL     string // absolute presigned URL of the image, shown inline
	DownloadURL string // absolute presigned URL that downloads it (attachment); "" for none
}

// Gallery is a page that shows a set of images through one link.
type Gallery struct {
	Title    string // the heading, e.g. the label "Proofs for Bo"; "" gives "3 images"
	Images   []GalleryImage
	End      time.Time      // when the links stop working: the images' effective end
	Location *time.Location // the zone End is written in; nil means time.Local
}

//go:embed gallery.html
var galleryHTML string

// galleryTemplate is parsed on first use, not at start-up: every s3share
// process would otherwise run html/template's parser (and page in its
// code, about 160 KB of the binary) to write, mostly, no gallery at all.
var galleryTemplate = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("gallery").Parse(galleryHTML))
})

// galleryPage is what the template reads.
type galleryPage struct {
	Title, Count, EndText, EndISO string
	Images                        []galleryItem
}

// galleryItem is one image as the template shows it.
type galleryItem struct {
	Name, Size, ViewURL, DownloadURL string
}

// RenderGallery writes the gallery as one self-contained HTML page: no
// script, font or stylesheet from elsewhere, a responsive grid, every name
// escaped by html/template and its bidi controls written as the text
// "\u202e" (so "rtl\u202egnp.exe" cannot pass for "rtlexe.png"), no
// Referer sent (the page's own link is a secret), and the end time written
// with its zone. Every URL must be
// absolute http(s): a relative one would be unsigned and refused.
func RenderGallery(g Gallery) ([]byte, error) {
	page, err := newGalleryPage(g)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := galleryTemplate().Execute(&buf, page); err != nil {
		return nil, fmt.Errorf("gallery page: %w", err)
	}
	return buf.Bytes(), nil
}

// newGalleryPage checks the gallery and formats what the page shows.
func newGalleryPage(g Gallery) (galleryPage, error) {
	count := presigned.Plural(len(g.Images), "image")
	page := galleryPage{
		Title: termtext.EscapeBidi(g.Title), Count: count, EndText: FormatEnd(g.End, g.Location),
		EndISO: g.End.UTC().Format(time.RFC3339),
	}
	if strings.TrimSpace(page.Title) == "" {
		page.Title = count
	}
	for i, img := range g.Images {
		if !absoluteHTTP(img.ViewURL) || (img.DownloadURL != "" && !absoluteHTTP(img.DownloadURL)) {
			return galleryPage{}, fmt.Errorf("gallery image %d (%q): its URLs must be absolute http(s) presigned URLs", i+1, img.Name)
		}
		item := galleryItem{Name: termtext.EscapeBidi(img.Name), ViewURL: img.ViewURL, DownloadURL: img.DownloadURL}
		if img.Size >= 0 {
			item.Size = humanize.Bytes(uint64(img.Size))
		}
		page.Images = append(page.Images, item)
	}
	return page, nil
}

// absoluteHTTP reports whether s is an absolute http or https URL with a host.
func absoluteHTTP(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}
