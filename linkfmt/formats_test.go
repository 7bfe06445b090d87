package linkfmt

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"io"
	"slices"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // named zones even on a machine without a zone database

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	gmhtml "github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
	"golang.org/x/net/html"

	"github.com/s3share/s3share/internal/testclock"
	"github.com/s3share/s3share/internal/testsrv"
	"github.com/s3share/s3share/presigned"
	"github.com/s3share/s3share/s3browse"
)

// awkwardKeys are object keys whose base names test every format's escaping.
var awkwardKeys = []string{
	`trips/say "cheese".png`,
	"trips/a<b>&c.png",
	"trips/[draft] final].png",
	"trips/a|b|c.png",
	"trips/one, two.png",
	"trips/😀 party 🎉.png",
	"trips/it's.png",
	"trips/*bold* _em_ `code` \\slash #h ~s~.png",
	"trips/&amp; &#65; &lt entity.png",
	"trips/(paren) [x](y) ![i](z).png",
	"trips/<img src=x onerror=alert(1)>.png",
	"trips/<!-- c --> <b>raw</b>.png",
	"trips/tab\there.png",
	"trips/line\nbreak.png",
	"trips/two\n\nbreaks.png",
	"trips/\n- list\n# head.png",
	"trips/cr\rhere.png",
	"trips/esc\x1b[31mred.png",
	"trips/bell\x07 del\x7f nel\u0085.png",
	"trips/gnp.\u202eexe",
	"trips/name with spaces.JPG",
	"no-folder.png",
}

// fixedNow is the formats tests' clock: the links were issued at it. It
// moves with the test clock's shift (internal/testclock).
var fixedNow = testclock.At(time.Date(2026, 11, 25, 13, 30, 0, 0, time.UTC))

// endText is fixedNow+d in loc as the formats write an end, without the
// zone: "Thu 26 Nov 2026 14:30".
func endText(d time.Duration, loc *time.Location) string {
	return fixedNow.Add(d).In(loc).Format("Mon 2 Jan 2006 15:04")
}

// awkwardLinks presigns every awkward key against an in-process server, so
// the URLs are real presigned URLs, and adds one hand-made URL with
// characters Markdown and HTML treat specially.
func awkwardLinks(t *testing.T) []presigned.Link {
	t.Helper()
	srv := testsrv.Fake(t)
	srv.CreateBucket(t, "photos")
	b := srv.Browser(t)
	var links []presigned.Link
	for i, key := range awkwardKeys {
		p, err := b.PresignGet(context.Background(), s3browse.PresignInput{Bucket: "photos", Key: key, Expires: 24 * time.Hour, SignedAt: time.Now()})
		if err != nil {
			t.Fatal(err)
		}
		links = append(links, testLink(int64(i+1), key, p.URL))
	}
	odd := "https://example.test/a(b)c/d%20e?x=1&amp;y=2&copy;&#65;&z=(3)"
	return append(links, testLink(99, "odd/paren(s) & amp;.png", odd))
}

// testLink is a 24-hour link issued at fixedNow.
func testLink(id int64, key, url string) presigned.Link {
	return presigned.Link{
		ID: id, Bucket: "photos", Key: key, URL: url, Label: "for Bo, \"the client\"",
		IssuedAt: fixedNow, ExpiresAt: fixedNow.Add(24 * time.Hour), EffectiveExpiresAt: fixedNow.Add(24 * time.Hour),
	}
}

// printed runs a printer for f over links.
func printed(t *testing.T, f Format, links []presigned.Link) []byte {
	t.Helper()
	var buf bytes.Buffer
	p := Printer{Format: f, Now: func() time.Time { return fixedNow }, Location: time.FixedZone("CET", 3600)}
	if err := p.Write(&buf, links); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// named is what a parser read back: a name and a URL.
type named struct{ name, url string }

// want is what a format must give back for links, their names as shown
// shows them.
func want(links []presigned.Link, shown func(string) string) []named {
	var w []named
	for _, l := range links {
		w = append(w, named{shown(l.Name()), l.URL})
	}
	return w
}

// exact is how the json format shows a name: as it is.
func exact(s string) string { return s }

func checkNamed(t *testing.T, format string, got, want []named) {
	t.Helper()
	if len(got) != len(want) {
		var names []string
		for _, g := range got {
			names = append(names, g.name)
		}
		t.Fatalf("%s: read back %d links, want %d; names: %q", format, len(got), len(want), names)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("%s: link %d read back as\n  %q\nwant\n  %q", format, i, got[i], want[i])
		}
	}
}

func TestFormatURLOnePerLine(t *testing.T) {
	links := awkwardLinks(t)
	lines := strings.Split(strings.TrimSuffix(string(printed(t, FormatURL, links)), "\n"), "\n")
	var urls []string
	for _, l := range links {
		urls = append(urls, l.URL)
	}
	if !slices.Equal(lines, urls) {
		t.Fatalf("url format lines differ from the issued URLs:\n%q\n%q", lines, urls)
	}
}

func TestFormatCSVReadsBack(t *testing.T) {
	links := awkwardLinks(t)
	rows, err := csv.NewReader(bytes.NewReader(printed(t, FormatCSV, links))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(rows[0], []string{"name", "url", "end", "label", "bucket", "key", "issued_at"}) {
		t.Fatalf("header = %q", rows[0])
	}
	var got []named
	for i, row := range rows[1:] {
		got = append(got, named{row[0], row[1]})
		l := links[i]
		if row[2] != fixedNow.Add(24*time.Hour).In(time.FixedZone("CET", 3600)).Format(time.RFC3339) || row[3] != csvShown(l.Label) || row[4] != "photos" || row[5] != csvShown(l.Key) {
			t.Errorf("row %d = %q", i, row)
		}
	}
	checkNamed(t, "csv", got, want(links, csvShown))
}

func TestFormatJSONReadsBack(t *testing.T) {
	links := awkwardLinks(t)
	links[0].EffectiveExpiresAt = fixedNow.Add(time.Hour) // ended early by credentials
	dec := json.NewDecoder(bytes.NewReader(printed(t, FormatJSON, links)))
	var got []named
	for {
		var j LinkJSON
		err := dec.Decode(&j)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, named{j.Name, j.URL})
		l := links[len(got)-1]
		if j.Key != l.Key || j.ID != l.ID || j.Label != l.Label || !j.End.Equal(l.End()) || !j.ExpiresAt.Equal(l.ExpiresAt) {
			t.Errorf("object %d = %+v", len(got)-1, j)
		}
	}
	checkNamed(t, "json", got, want(links, exact))
	if first := strings.SplitN(string(printed(t, FormatJSON, links)), "\n", 2)[0]; !strings.Contains(first, `"end":"`+fixedNow.Add(time.Hour).Format(time.RFC3339)+`"`) {
		t.Errorf("the end of a link ended early by its credentials is its effective end: %s", first)
	}
}

func TestFormatHTMLReadsBack(t *testing.T) {
	links := awkwardLinks(t)
	doc, got := htmlLinks(t, printed(t, FormatHTML, links))
	checkNamed(t, "html", got, want(links, visibleBidi))
	if n := countElements(doc, "script"); n != 0 {
		t.Errorf("a name made %d <script> elements", n)
	}
}

// htmlLinks parses the html format and reads each link's name (its
// image's alt text, the same as its title) and URL.
func htmlLinks(t *testing.T, src []byte) (*html.Node, []named) {
	t.Helper()
	doc, err := html.Parse(bytes.NewReader(src))
	if err != nil {
		t.Fatal(err)
	}
	var got []named
	for a := range doc.Descendants() {
		if a.Type != html.ElementNode || a.Data != "a" {
			continue
		}
		img := a.FirstChild
		if img == nil || img.Data != "img" || img.NextSibling != nil {
			t.Fatalf("link %d does not hold exactly one <img>", len(got))
		}
		href, src, alt, title := attr(a, "href"), attr(img, "src"), attr(img, "alt"), attr(img, "title")
		if src != href || title != alt {
			t.Errorf("link %d: src %q != href %q or title %q != alt %q", len(got), src, href, title, alt)
		}
		got = append(got, named{alt, href})
	}
	return doc, got
}

func TestFormatMarkdownReadsBack(t *testing.T) {
	links := awkwardLinks(t)
	src := printed(t, FormatMarkdown, links)
	checkNamed(t, "markdown", markdownLinks(t, src), want(links, visibleBidi))

	// Rendered to HTML as a Markdown viewer would: one list item per link,
	// each exactly one <a> with the issued URL, and no raw HTML let through.
	var out bytes.Buffer
	if err := goldmark.Convert(src, &out); err != nil {
		t.Fatal(err)
	}
	doc, err := html.Parse(&out)
	if err != nil {
		t.Fatal(err)
	}
	if n := countElements(doc, "li"); n != len(links) {
		t.Errorf("rendered %d list items, want %d:\n%s", n, len(links), out.String())
	}
	var hrefs []string
	for a := range doc.Descendants() {
		if a.Type == html.ElementNode && a.Data == "a" {
			hrefs = append(hrefs, attr(a, "href"))
		}
		if a.Type == html.ElementNode && (a.Data == "img" || a.Data == "b" || a.Data == "em" || a.Data == "code") {
			t.Errorf("a name made a <%s> element", a.Data)
		}
	}
	for i, l := range links {
		if i >= len(hrefs) || hrefs[i] != l.URL {
			t.Fatalf("rendered href %d differs from %q: %q", i, l.URL, hrefs)
		}
	}
}

// markdownLinks parses src with goldmark and reads each link's text and
// destination the way goldmark's HTML renderer decodes them. Link text
// holding anything but plain text fails the test.
func markdownLinks(t *testing.T, src []byte) []named {
	t.Helper()
	doc := goldmark.DefaultParser().Parse(text.NewReader(src))
	var got []named
	err := ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		link, ok := n.(*ast.Link)
		if !ok || !entering {
			return ast.WalkContinue, nil
		}
		var buf bytes.Buffer
		w := bufio.NewWriter(&buf)
		for c := link.FirstChild(); c != nil; c = c.NextSibling() {
			switch c := c.(type) {
			case *ast.Text:
				gmhtml.DefaultWriter.Write(w, c.Segment.Value(src))
			case *ast.String:
				gmhtml.DefaultWriter.Write(w, c.Value)
			default:
				t.Errorf("link %d text holds a %s node", len(got), c.Kind())
			}
		}
		w.Flush()
		dest := string(util.EscapeHTML(util.URLEscape(link.Destination, true)))
		got = append(got, named{html.UnescapeString(buf.String()), html.UnescapeString(dest)})
		return ast.WalkSkipChildren, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// attr returns n's attribute key, or "".
func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// countElements counts the elements named tag under n.
func countElements(n *html.Node, tag string) int {
	count := 0
	for d := range n.Descendants() {
		if d.Type == html.ElementNode && d.Data == tag {
			count++
		}
	}
	return count
}

func TestFormatMessage(t *testing.T) {
	links := awkwardLinks(t)
	out := string(printed(t, FormatMessage, links))
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	wantHeader := "23 images, open until " + endText(24*time.Hour, time.FixedZone("CET", 3600)) + " CET (UTC+01:00), 24 hours from now:"
	if lines[0] != wantHeader {
		t.Errorf("header = %q\nwant     %q", lines[0], wantHeader)
	}
	if len(lines) != 1+len(links) {
		t.Fatalf("%d lines for %d links: a name broke a line:\n%s", len(lines), len(links), out)
	}
	for i, l := range links {
		line := lines[1+i]
		name, url, ok := strings.Cut(strings.TrimPrefix(line, "- "), ": http")
		if !ok || "http"+url != l.URL {
			t.Errorf("line %d does not end with its link: %q", i, line)
		}
		if strings.ContainsFunc(name, func(r rune) bool { return r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f) || r == 0x202e }) {
			t.Errorf("line %d carries a raw control character: %q", i, line)
		}
	}
	if !strings.Contains(out, `- line\nbreak.png: http`) || !strings.Contains(out, `- gnp.\u202eexe: http`) {
		t.Errorf("control characters in names are not written visibly:\n%s", out)
	}
}

func TestFormatMessageEnds(t *testing.T) {
	cet := time.FixedZone("CET", 3600)
	link := func(key string, d time.Duration) presigned.Link {
		return presigned.Link{Key: key, URL: "https://example.test/" + key, IssuedAt: fixedNow,
			ExpiresAt: fixedNow.Add(7 * 24 * time.Hour), EffectiveExpiresAt: fixedNow.Add(d)}
	}
	tests := []struct {
		name  string
		now   time.Time
		loc   *time.Location
		links []presigned.Link
		want  string
	}{
		{"one image, effective end", fixedNow, cet, []presigned.Link{link("a/x.png", 90*time.Minute)},
			"1 image, open until " + endText(90*time.Minute, cet) + " CET (UTC+01:00), 1 hour 30 minutes from now:\n" +
				"- x.png: https://example.test/a/x.png\n"},
		{"different ends", fixedNow.Add(time.Minute), time.UTC, []presigned.Link{link("x.png", 3*24*time.Hour), link("y.png", 24*time.Hour)},
			"2 images, open at least until " + endText(24*time.Hour, time.UTC) + " UTC, 23 hours 59 minutes from now:\n" +
				"- x.png (until " + endText(3*24*time.Hour, time.UTC) + " UTC): https://example.test/x.png\n" +
				"- y.png: https://example.test/y.png\n"},
		{"ended", fixedNow.Add(26 * time.Hour), time.FixedZone("+03", 3*3600), []presigned.Link{link("x.png", 24*time.Hour)},
			"1 image, the links ended " + endText(24*time.Hour, time.FixedZone("+03", 3*3600)) + " UTC+03:00, 2 hours ago:\n" +
				"- x.png: https://example.test/x.png\n"},
		{"none", fixedNow, cet, nil, "No images.\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := Printer{Format: FormatMessage, Now: func() time.Time { return tt.now }, Location: tt.loc}
			got, err := p.Text(tt.links)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("got\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

func TestFormatEndNamedZone(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatalf("load Europe/Berlin: %v", err)
	}
	summer := time.Date(2026, 7, 1, 12, 0, 0, 0, time.UTC)
	if got := FormatEnd(summer, berlin); got != "Wed 1 Jul 2026 14:00 CEST (UTC+02:00)" {
		t.Errorf("FormatEnd = %q", got)
	}
}

func TestDurationWords(t *testing.T) {
	tests := []struct {
		d    time.Duration
		want string
	}{
		{0, "0 seconds"},
		{time.Second, "1 second"},
		{59 * time.Second, "59 seconds"},
		{time.Minute, "1 minute"},
		{24*time.Hour - 2*time.Second, "24 hours"},
		{2*time.Hour + 30*time.Minute, "2 hours 30 minutes"},
		{47*time.Hour + 59*time.Minute, "47 hours 59 minutes"},
		{48 * time.Hour, "2 days"},
		{3*24*time.Hour + 4*time.Hour + 59*time.Minute, "3 days 4 hours"},
		{7 * 24 * time.Hour, "7 days"},
		{-90 * time.Minute, "1 hour 30 minutes"},
	}
	for _, tt := range tests {
		if got := DurationWords(tt.d); got != tt.want {
			t.Errorf("DurationWords(%v) = %q, want %q", tt.d, got, tt.want)
		}
	}
}

func TestParseFormat(t *testing.T) {
	for _, f := range Formats() {
		got, err := ParseFormat(" " + strings.ToUpper(f.String()) + " ")
		if err != nil || got != f {
			t.Errorf("ParseFormat(%q) = %v, %v", f.String(), got, err)
		}
	}
	_, err := ParseFormat("yaml")
	const msg = `unknown format "yaml": use one of url, markdown, html, message, csv, json`
	if err == nil || err.Error() != msg {
		t.Errorf("ParseFormat(yaml) error = %v, want %s", err, msg)
	}
	if _, err := (Printer{Format: Format(42)}).Text(nil); err == nil {
		t.Error("an unknown Format printed without error")
	}
}

func TestFormatsOfNoLinks(t *testing.T) {
	for _, f := range []Format{FormatURL, FormatMarkdown, FormatHTML, FormatJSON} {
		if out := printed(t, f, nil); len(out) != 0 {
			t.Errorf("%v of no links = %q, want nothing", f, out)
		}
	}
	if out := string(printed(t, FormatCSV, nil)); out != "name,url,end,label,bucket,key,issued_at\n" {
		t.Errorf("csv of no links = %q, want the header", out)
	}
}

func TestDisplayName(t *testing.T) {
	for key, want := range map[string]string{
		"a/b/beach.png": "beach.png", "beach.png": "beach.png", "a//b": "b", "folder/": "folder/", "": "",
	} {
		if got := presigned.DisplayName(key); got != want {
			t.Errorf("presigned.DisplayName(%q) = %q, want %q", key, got, want)
		}
	}
}

// TestLinkTitle: a link is listed as its object's name; a gallery as what
// it is, with its images' count when they are loaded and its label.
func TestLinkTitle(t *testing.T) {
	three := []presigned.Link{{Key: "a.png"}, {Key: "b.png"}, {Key: "c.png"}}
	for _, c := range []struct {
		l    presigned.Link
		want string
	}{
		{presigned.Link{Key: "trips/beach.png", Label: "Bo"}, "beach.png"},
		{presigned.Link{Key: ".s3share/0f/index.html", Gallery: true, Label: "Proofs for Bo", Members: three}, "gallery · 3 images · Proofs for Bo"},
		{presigned.Link{Key: ".s3share/0f/index.html", Gallery: true, Members: three[:1]}, "gallery · 1 image"},
		{presigned.Link{Key: ".s3share/0f/index.html", Gallery: true, Label: "Proofs for Bo"}, "gallery · Proofs for Bo"},
		{presigned.Link{Key: ".s3share/0f/index.html", Gallery: true}, "gallery"},
	} {
		if got := c.l.Title(); got != c.want {
			t.Errorf("Title of %+v = %q, want %q", c.l, got, c.want)
		}
	}
}
