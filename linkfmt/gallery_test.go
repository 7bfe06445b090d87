package linkfmt

import (
	"bytes"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/s3share/s3share/presigned"
)

// galleryNames are awkward image names that survive HTML exactly (a raw
// carriage return is read back as a line feed by every HTML parser).
func galleryNames() []string {
	var names []string
	for _, k := range awkwardKeys {
		if !strings.ContainsRune(k, '\r') {
			names = append(names, presigned.DisplayName(k))
		}
	}
	return names
}

// testGallery is a gallery of the awkward names with hand-made URLs.
func testGallery() Gallery {
	g := Gallery{Title: `Proofs for "Bo" <& co>`, End: fixedNow.Add(24 * time.Hour), Location: time.FixedZone("CET", 3600)}
	for i, name := range galleryNames() {
		u := "https://photos.s3.eu-west-1.amazonaws.com/shoot/" + url.PathEscape(name) + "?X-Amz-Expires=86400&X-Amz-Signature=" + strconv.Itoa(i)
		g.Images = append(g.Images, GalleryImage{Name: name, Size: int64(1500 * (i + 1) * (i + 1)), ViewURL: u,
			DownloadURL: u + "&response-content-disposition=attachment%3B%20filename%3D%22x.png%22"})
	}
	return g
}

// pageImage is one image as read back from a gallery page.
type pageImage struct {
	src, alt, viewHref, name, size, download string
}

// readGallery parses a gallery page and returns its images, its heading
// and its "until" line.
func readGallery(t *testing.T, page []byte) (imgs []pageImage, heading, until string, doc *html.Node) {
	t.Helper()
	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	for n := range doc.Descendants() {
		switch {
		case isElement(n, "h1"):
			heading = textOf(n)
		case isElement(n, "p") && attr(n, "class") == "until":
			until = textOf(n)
		case isElement(n, "figure"):
			imgs = append(imgs, readFigure(n))
		}
	}
	return imgs, heading, until, doc
}

// readFigure reads one image's figure.
func readFigure(fig *html.Node) pageImage {
	var p pageImage
	for n := range fig.Descendants() {
		switch {
		case isElement(n, "img"):
			p.src, p.alt = attr(n, "src"), attr(n, "alt")
		case isElement(n, "a") && attr(n, "class") == "view":
			p.viewHref = attr(n, "href")
		case isElement(n, "a") && attr(n, "class") == "download":
			p.download = attr(n, "href")
		case isElement(n, "span") && attr(n, "class") == "name":
			p.name = textOf(n)
		case isElement(n, "span") && attr(n, "class") == "size":
			p.size = textOf(n)
		}
	}
	return p
}

func isElement(n *html.Node, tag string) bool { return n.Type == html.ElementNode && n.Data == tag }

// textOf is the text under n.
func textOf(n *html.Node) string {
	var b strings.Builder
	for d := range n.Descendants() {
		if d.Type == html.TextNode {
			b.WriteString(d.Data)
		}
	}
	return b.String()
}

func TestGalleryPageShowsEveryImage(t *testing.T) {
	g := testGallery()
	page, err := RenderGallery(g)
	if err != nil {
		t.Fatal(err)
	}
	imgs, heading, until, _ := readGallery(t, page)
	if heading != g.Title {
		t.Errorf("heading %q, want %q", heading, g.Title)
	}
	wantUntil := "21 images · The links work until " + endText(24*time.Hour, time.FixedZone("CET", 3600)) + " CET (UTC+01:00)."
	if until != wantUntil {
		t.Errorf("until line %q, want %q", until, wantUntil)
	}
	if len(imgs) != len(g.Images) {
		t.Fatalf("%d images on the page, want %d", len(imgs), len(g.Images))
	}
	for i, want := range g.Images {
		got := imgs[i]
		if got.src != want.ViewURL || got.viewHref != want.ViewURL || got.download != want.DownloadURL {
			t.Errorf("image %d: src %q, view %q, download %q; want %q and %q", i, got.src, got.viewHref, got.download, want.ViewURL, want.DownloadURL)
		}
		if wantName := visibleBidi(want.Name); got.alt != wantName || got.name != wantName {
			t.Errorf("image %d: alt %q, name %q; want %q", i, got.alt, got.name, wantName)
		}
	}
	if imgs[0].size != "1.5 kB" || imgs[2].size != "14 kB" {
		t.Errorf("sizes %q and %q, want 1.5 kB and 14 kB", imgs[0].size, imgs[2].size)
	}
}

// TestGalleryPageShowsBidiControls: a name or a title holding a bidi
// control shows it as the text `\u202e` in the heading, the page title, the
// caption and the alt text, so "rtl\u202egnp.exe" cannot pass for
// "rtlexe.png"; the page holds no bidi control raw.
func TestGalleryPageShowsBidiControls(t *testing.T) {
	for _, r := range bidiControls {
		title, name := "Proofs for "+string(r)+"Bo", "rtl"+string(r)+"gnp.exe"
		g := Gallery{Title: title, End: fixedNow, Location: time.UTC, Images: []GalleryImage{
			{Name: name, Size: 10, ViewURL: "https://photos.s3.amazonaws.com/rtl%E2%80%AEgnp.exe?X-Amz-Signature=1"}}}
		page, err := RenderGallery(g)
		if err != nil {
			t.Fatal(err)
		}
		if i := bytes.IndexFunc(page, isBidiControl); i >= 0 {
			t.Errorf("%U: the page holds it raw: %q", r, page[max(0, i-20):min(len(page), i+20)])
		}
		imgs, heading, _, doc := readGallery(t, page)
		wantTitle, wantName := fmt.Sprintf(`Proofs for \u%04xBo`, r), fmt.Sprintf(`rtl\u%04xgnp.exe`, r)
		if heading != wantTitle || pageTitle(doc) != wantTitle {
			t.Errorf("%U: heading %q, <title> %q; want %q", r, heading, pageTitle(doc), wantTitle)
		}
		if imgs[0].name != wantName || imgs[0].alt != wantName {
			t.Errorf("%U: name %q, alt %q; want %q", r, imgs[0].name, imgs[0].alt, wantName)
		}
	}
}

// pageTitle is the text of the page's <title>.
func pageTitle(doc *html.Node) string {
	for n := range doc.Descendants() {
		if isElement(n, "title") {
			return textOf(n)
		}
	}
	return ""
}

func TestGalleryPageIsSelfContained(t *testing.T) {
	g := testGallery()
	page, err := RenderGallery(g)
	if err != nil {
		t.Fatal(err)
	}
	_, _, _, doc := readGallery(t, page)
	allowed := map[string]bool{}
	for _, img := range g.Images {
		allowed[img.ViewURL], allowed[img.DownloadURL] = true, true
	}
	referrer := false
	for n := range doc.Descendants() {
		if n.Type != html.ElementNode {
			continue
		}
		switch n.Data {
		case "script", "link", "iframe", "object", "embed", "base", "form":
			t.Errorf("the page holds a <%s>", n.Data)
		case "meta":
			referrer = referrer || (attr(n, "name") == "referrer" && attr(n, "content") == "no-referrer")
		case "style":
			if css := textOf(n); strings.Contains(css, "url(") || strings.Contains(css, "@import") {
				t.Error("the page's style loads something from elsewhere")
			}
		}
		for _, a := range n.Attr {
			if (a.Key == "src" || a.Key == "href") && !allowed[a.Val] {
				t.Errorf("<%s %s=%q> is not one of the gallery's URLs", n.Data, a.Key, a.Val)
			}
			if strings.HasPrefix(a.Key, "on") || a.Key == "style" {
				t.Errorf("<%s> has a %s attribute", n.Data, a.Key)
			}
		}
	}
	if !referrer {
		t.Error(`no <meta name="referrer" content="no-referrer">: image requests would send the page's signed URL`)
	}
	if !bytes.Contains(page, []byte(`name="viewport"`)) || !bytes.Contains(page, []byte("grid-template-columns")) {
		t.Error("the page has no viewport meta or no responsive grid")
	}
}

func TestGalleryDefaultTitleAndUnknownSize(t *testing.T) {
	g := Gallery{End: fixedNow, Location: time.UTC, Images: []GalleryImage{{Name: "a.png", Size: -1, ViewURL: "http://127.0.0.1:9000/b/a.png?X-Amz-Signature=1"}}}
	page, err := RenderGallery(g)
	if err != nil {
		t.Fatal(err)
	}
	imgs, heading, until, doc := readGallery(t, page)
	if heading != "1 image" || until != "1 image · The links work until "+endText(0, time.UTC)+" UTC." {
		t.Errorf("heading %q, until %q", heading, until)
	}
	if imgs[0].size != "" || imgs[0].download != "" {
		t.Errorf("an unknown size or a missing download URL was shown: %+v", imgs[0])
	}
	for n := range doc.Descendants() {
		if isElement(n, "time") && attr(n, "datetime") != fixedNow.Format(time.RFC3339) {
			t.Errorf("<time datetime=%q>", attr(n, "datetime"))
		}
	}
}

func TestGalleryRefusesURLsThatAreNotAbsolute(t *testing.T) {
	for _, u := range []string{"shoot/a.png?X-Amz-Signature=1", "/b/a.png", "//host/a.png", "javascript:alert(1)", "ftp://h/a.png", ""} {
		g := Gallery{End: fixedNow, Images: []GalleryImage{{Name: "a\x1b.png", ViewURL: u}}}
		_, err := RenderGallery(g)
		if err == nil || !strings.Contains(err.Error(), `gallery image 1 ("a\x1b.png")`) {
			t.Errorf("view URL %q: %v", u, err)
		}
		g.Images[0].ViewURL, g.Images[0].DownloadURL = "https://h/a.png", u
		if _, err := RenderGallery(g); err == nil && u != "" {
			t.Errorf("download URL %q was accepted", u)
		}
	}
}
