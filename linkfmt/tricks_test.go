package linkfmt

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/s3share/s3share/internal/testsrv"
	"github.com/s3share/s3share/presigned"
	"github.com/s3share/s3share/s3browse"
)

// bidiControls are every character that reorders how a line reads: the
// embeddings and overrides, the isolates, and the three directional marks.
var bidiControls = []rune{
	0x202a, 0x202b, 0x202c, 0x202d, 0x202e, // LRE, RLE, PDF, LRO, RLO
	0x2066, 0x2067, 0x2068, 0x2069, // LRI, RLI, FSI, PDI
	0x200e, 0x200f, 0x061c, // LRM, RLM, ALM
}

// formulaPrefixes are the first characters that make a spreadsheet read a
// cell as a formula (OWASP's list).
var formulaPrefixes = []string{"=", "+", "-", "@", "\t", "\r"}

// isBidiControl reports whether r is one of bidiControls.
func isBidiControl(r rune) bool { return slices.Contains(bidiControls, r) }

// visibleBidi is s as a reader must see it in a human-facing format: each
// bidi control written as the text `\u202e`, everything else kept.
func visibleBidi(s string) string {
	var b strings.Builder
	for _, r := range s {
		if isBidiControl(r) {
			fmt.Fprintf(&b, `\u%04x`, r)
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// visibleControls is s as the message format shows it: bidi controls, tabs
// and carriage returns written visibly.
func visibleControls(s string) string {
	return strings.NewReplacer("\t", `\t`, "\r", `\r`).Replace(visibleBidi(s))
}

// csvShown is s as a csv cell holds it: bidi controls written visibly, and
// a "'" before a cell that would start with a formula character.
func csvShown(s string) string {
	v := visibleBidi(s)
	for _, p := range formulaPrefixes {
		if strings.HasPrefix(v, p) {
			return "'" + v
		}
	}
	return v
}

// trickInputs are keys and labels that try to fool whoever reads a format:
// each bidi control inside a name ("rtl\u202egnp.exe" reads "rtlexe.png"),
// and each formula character at the start of a key and a label.
func trickInputs() (keys, labels []string) {
	for _, r := range bidiControls {
		keys = append(keys, "tricks/rtl"+string(r)+"gnp.exe")
		labels = append(labels, "for "+string(r)+"Bo, gnp.exe")
	}
	for _, p := range formulaPrefixes {
		keys = append(keys, p+`HYPERLINK("https:"&"evil.test","open").png`) // no folder: the key is the name
		labels = append(labels, p+"cmd|' /C calc'!A0")
	}
	keys = append(keys, "@rtl\u2067=1+1\u2069.png")
	labels = append(labels, "\u202e=1+1")
	return keys, labels
}

// trickLinks are, for each trick input, a link to the key with the label,
// and a gallery named by the label, presigned by an in-process server.
func trickLinks(t *testing.T) []presigned.Link {
	t.Helper()
	srv := testsrv.Fake(t)
	srv.CreateBucket(t, "photos")
	b := srv.Browser(t)
	sign := func(key string) string {
		p, err := b.PresignGet(context.Background(), s3browse.PresignInput{Bucket: "photos", Key: key, Expires: 24 * time.Hour, SignedAt: fixedNow})
		if err != nil {
			t.Fatal(err)
		}
		return p.URL
	}
	keys, labels := trickInputs()
	var links []presigned.Link
	for i, key := range keys {
		l := testLink(int64(2*i+1), key, sign(key))
		l.Label = labels[i]
		page := "s3share-shares/" + strconv.Itoa(i) + "/index.html"
		g := testLink(int64(2*i+2), page, sign(page))
		g.Label, g.Gallery = labels[i], true
		links = append(links, l, g)
	}
	return links
}

// TestFormatsNeutraliseTricks: every human-facing format shows bidi
// controls visibly, csv cells never start a formula, and the json format
// keeps keys and labels exact (bidi controls JSON-escaped).
func TestFormatsNeutraliseTricks(t *testing.T) {
	links := trickLinks(t)
	tests := []struct {
		format Format
		check  func(t *testing.T, out []byte, links []presigned.Link)
	}{
		{FormatURL, checkTrickURLs},
		{FormatMarkdown, func(t *testing.T, out []byte, links []presigned.Link) {
			checkNamed(t, "markdown", markdownLinks(t, out), want(links, visibleBidi))
		}},
		{FormatHTML, func(t *testing.T, out []byte, links []presigned.Link) {
			_, got := htmlLinks(t, out)
			checkNamed(t, "html", got, want(links, visibleBidi))
		}},
		{FormatMessage, checkTrickMessage},
		{FormatCSV, checkTrickCSV},
		{FormatJSON, checkTrickJSON},
	}
	for _, tt := range tests {
		t.Run(tt.format.String(), func(t *testing.T) {
			out := printed(t, tt.format, links)
			if i := bytes.IndexFunc(out, isBidiControl); i >= 0 {
				t.Errorf("a bidi control is written raw: %q", out[max(0, i-20):min(len(out), i+20)])
			}
			tt.check(t, out, links)
		})
	}
}

// checkTrickURLs: the url format is the URLs, one per line.
func checkTrickURLs(t *testing.T, out []byte, links []presigned.Link) {
	t.Helper()
	lines := strings.Split(strings.TrimSuffix(string(out), "\n"), "\n")
	for i, l := range links {
		if i >= len(lines) || lines[i] != l.URL {
			t.Fatalf("line %d is not %q: %q", i, l.URL, lines)
		}
	}
}

// checkTrickMessage: one line per link, the name written visibly.
func checkTrickMessage(t *testing.T, out []byte, links []presigned.Link) {
	t.Helper()
	lines := strings.Split(strings.TrimSuffix(string(out), "\n"), "\n")[1:]
	var got []named
	for _, line := range lines {
		name, url, _ := strings.Cut(strings.TrimPrefix(line, "- "), ": http")
		got = append(got, named{name, "http" + url})
	}
	checkNamed(t, "message", got, want(links, visibleControls))
}

// checkTrickCSV: names, labels and keys read back with bidi controls
// visible and a "'" before a formula character; no cell starts a formula.
func checkTrickCSV(t *testing.T, out []byte, links []presigned.Link) {
	t.Helper()
	rows, err := csv.NewReader(bytes.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1+len(links) {
		t.Fatalf("%d rows for %d links", len(rows), len(links))
	}
	for i, row := range rows[1:] {
		l := links[i]
		cet := time.FixedZone("CET", 3600)
		wantRow := []string{csvShown(l.Name()), l.URL, fixedNow.Add(24 * time.Hour).In(cet).Format(time.RFC3339), csvShown(l.Label), "photos", csvShown(l.Key),
			fixedNow.In(cet).Format(time.RFC3339)}
		if !slices.Equal(row, wantRow) {
			t.Errorf("row %d =\n  %q\nwant\n  %q", i, row, wantRow)
		}
		for j, cell := range row {
			for _, p := range formulaPrefixes {
				if strings.HasPrefix(cell, p) {
					t.Errorf("row %d, %s: %q starts a formula", i, rows[0][j], cell)
				}
			}
		}
	}
}

// checkTrickJSON: names, keys and labels read back exactly.
func checkTrickJSON(t *testing.T, out []byte, links []presigned.Link) {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(out))
	for i, l := range links {
		var j LinkJSON
		if err := dec.Decode(&j); err != nil {
			t.Fatalf("object %d: %v", i, err)
		}
		if j.Name != l.Name() || j.Key != l.Key || j.Label != l.Label || j.URL != l.URL {
			t.Errorf("object %d = %q, %q, %q; want %q, %q, %q", i, j.Name, j.Key, j.Label, l.Name(), l.Key, l.Label)
		}
	}
}
