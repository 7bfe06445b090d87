package listing_test

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"net/url"
	"path"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/s3share/s3share/listing"
)

// object is one object as a caller gives it and wants it back.
type object struct {
	key  string
	size int64
	mod  time.Time
	etag string
}

// awkwardNames are the keys the listing tests of s3browse and the CLI
// use (spaces, plus, percent, unicode, control characters, XML's special
// characters), with upper case that lower-cases to other lengths, and
// bytes that are not UTF-8.
var awkwardNames = []string{
	"with space.png", "plus+sign.png", "100%41 a+b.png", "%2F.png", "café 📷.png", "ünïcödé/ß.jpg",
	"emoji 🐱🎉.gif", "a//b.png", "amp&eq=pct%20.png", "tilde~(paren)'q'.jpg", "&<>'\".png", "&amp;lt;.png",
	"tab\there.png", "ctl\x01\x1b.png", "a\x01b.png", "sub\x02dir/c.png", "new\nline.png", "IMG_0001.JPG",
	"İstanbul.png", "ǅ.png", "bad\xffutf8.png", "\xc3.png", "Ⱥ.png", "x",
}

// awkwardObjects are objects under prefix with those names and every kind
// of size, time and ETag.
func awkwardObjects(prefix string) []object {
	times := []time.Time{
		time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC),
		time.Date(2026, 11, 27, 10, 0, 0, 123_000_000, time.UTC),
		time.Date(2019, 1, 2, 3, 4, 5, 6, time.FixedZone("x", 3600)),
		{},
		time.Date(1, 1, 1, 0, 0, 0, 1, time.UTC),
		time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC),
		time.Date(1969, 12, 31, 23, 59, 59, 999_999_999, time.UTC),
	}
	tags := []string{`"d41d8cd98f00b204e9800998ecf8427e"`, "", `"9b2cf535f27731c974343645a3985328-12"`,
		`"D41D8CD98F00B204E9800998ECF8427E"`, "d41d8cd98f00b204e9800998ecf8427e", `"d41d8cd98f00b204e9800998ecf8427g"`}
	sizes := []int64{0, 1, 1 << 40, 5 << 30, 123456789}
	var out []object
	for i, n := range awkwardNames {
		out = append(out, object{prefix + n, sizes[i%len(sizes)], times[i%len(times)], tags[i%len(tags)]})
	}
	return out
}

// isImage is a test of keys by extension, as s3browse's.
func isImage(key []byte) bool {
	ext := strings.ToLower(path.Ext(string(key)))
	return ext == ".png" || ext == ".jpg" || ext == ".gif"
}

// build makes a page of objs under prefix.
func build(b *listing.Builder, prefix string, objs []object) *listing.Page {
	b.Reset()
	for _, o := range objs {
		b.Add(o.key, o.size, o.mod, o.etag)
	}
	return b.Finish(prefix, isImage)
}

// check compares object i of p with o.
func check(t *testing.T, p *listing.Page, i int, prefix string, o object) {
	t.Helper()
	name, ok := strings.CutPrefix(o.key, prefix)
	if !ok {
		name = o.key
	}
	if got := p.Key(i); got != o.key {
		t.Errorf("object %d: key %q, want %q", i, got, o.key)
	}
	if got := string(p.AppendKey([]byte("x"), i)); got != "x"+o.key {
		t.Errorf("object %d: AppendKey %q, want %q", i, got, "x"+o.key)
	}
	if got := p.Name(i); got != name {
		t.Errorf("object %d: name %q, want %q", i, got, name)
	}
	if got := p.Size(i); got != o.size {
		t.Errorf("object %d (%q): size %d, want %d", i, o.key, got, o.size)
	}
	if got := p.LastModified(i); !got.Equal(o.mod) || got.IsZero() != o.mod.IsZero() {
		t.Errorf("object %d (%q): time %v, want %v", i, o.key, got, o.mod)
	}
	if got := p.ETag(i); got != o.etag {
		t.Errorf("object %d (%q): ETag %q, want %q", i, o.key, got, o.etag)
	}
	if got := p.Image(i); got != isImage([]byte(o.key)) {
		t.Errorf("object %d (%q): image %v", i, o.key, got)
	}
}

// Every awkward key, size, time and ETag comes back exactly, under a
// prefix and without one, through a builder used again and again.
func TestAwkwardObjectsComeBackExactly(t *testing.T) {
	var b listing.Builder
	for _, prefix := range []string{"", "photos/", "ünï cödé/%41+/", "ctl\x01/"} {
		objs := awkwardObjects(prefix)
		for round := range 3 {
			p := build(&b, prefix, objs)
			if p.Len() != len(objs) {
				t.Fatalf("prefix %q round %d: %d objects, want %d", prefix, round, p.Len(), len(objs))
			}
			for i, o := range objs {
				check(t, p, i, prefix, o)
			}
		}
	}
}

// A page that drops its ETags answers "" for each and keeps everything
// else exactly, the odd times too.
func TestDropETagsKeepsTheRest(t *testing.T) {
	var b listing.Builder
	objs := awkwardObjects("photos/")
	p := build(&b, "photos/", objs)
	p.DropETags()
	for i, o := range objs {
		o.etag = ""
		check(t, p, i, "photos/", o)
	}
	p.DropETags() // again: nothing left to drop
	check(t, p, 0, "photos/", object{objs[0].key, objs[0].size, objs[0].mod, ""})
}

// The folder's own marker is left out; a key without the prefix (a server
// that does not keep to it) is kept whole; the count of images is right.
func TestFinishLeavesOutTheMarkerAndKeepsStrayKeys(t *testing.T) {
	var b listing.Builder
	objs := []object{{key: "a/"}, {key: "a/x.png", size: 3}, {key: "b.png", size: 4}, {key: "a/y.txt"}}
	p := build(&b, "a/", objs)
	if p.Len() != 3 {
		t.Fatalf("%d objects, want 3 (the marker left out)", p.Len())
	}
	for i, o := range objs[1:] {
		check(t, p, i, "a/", o)
	}
	if p.Name(1) != "b.png" || p.Key(1) != "b.png" {
		t.Errorf("stray key: name %q key %q, want b.png both", p.Name(1), p.Key(1))
	}
	if p.Images() != 2 {
		t.Errorf("%d images, want 2", p.Images())
	}
	if p := build(&b, "", []object{{key: "a/"}}); p.Len() != 1 || p.Key(0) != "a/" {
		t.Errorf("with no prefix nothing is a marker: %d objects", p.Len())
	}
}

// The setters fill in an object in any order; a second key replaces the
// first; Rewrite maps every key (here a URL decoder).
func TestSettersAndRewrite(t *testing.T) {
	var b listing.Builder
	mod := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
	for _, k := range []string{"p/100%2541+a.png", "p/caf%C3%A9.png", "p/%01.png"} {
		b.Begin()
		b.SetSize(7)
		b.SetKey([]byte("wrong"))
		b.SetETag([]byte(`"d41d8cd98f00b204e9800998ecf8427e"`))
		b.SetKey([]byte(k))
		b.SetTime(mod)
	}
	b.Rewrite(func(dst, key []byte) []byte {
		s, err := url.QueryUnescape(string(key))
		if err != nil {
			t.Fatal(err)
		}
		return append(dst, s...)
	})
	p := b.Finish("p/", isImage)
	want := []string{"p/100%41 a.png", "p/café.png", "p/\x01.png"}
	for i, k := range want {
		check(t, p, i, "p/", object{k, 7, mod, `"d41d8cd98f00b204e9800998ecf8427e"`})
	}
}

// Pages numbers its pages as one listing.
func TestPagesIndexAsOne(t *testing.T) {
	var b listing.Builder
	var ps listing.Pages
	var all []object
	for n := range 5 {
		var objs []object
		for i := range n * 3 { // an empty page too
			objs = append(objs, object{key: fmt.Sprintf("f/%d-%d.png", n, i), size: int64(len(all) + i)})
		}
		ps.Append(build(&b, "f/", objs))
		all = append(all, objs...)
	}
	if ps.Len() != len(all) {
		t.Fatalf("Len %d, want %d", ps.Len(), len(all))
	}
	for i, o := range all {
		p, j := ps.At(i)
		if p == nil || p.Key(j) != o.key || p.Size(j) != int64(i) {
			t.Fatalf("At(%d): %v %d, want %q", i, p, j, o.key)
		}
	}
	for _, i := range []int{-1, len(all)} {
		if p, _ := ps.At(i); p != nil {
			t.Errorf("At(%d) = a page, want none", i)
		}
	}
}

// Filter and Narrow find exactly the names strings.Contains finds in the
// lower-cased names, on random names and queries (a fixed seed).
func TestFilterAgreesWithStringsContains(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	alphabet := []string{"a", "b", "A", "B", "ab", ".", "/", " ", "İ", "ß", "\xff", "%", "é", "É", "png"}
	word := func(n int) string {
		var sb strings.Builder
		for range n {
			sb.WriteString(alphabet[rng.IntN(len(alphabet))])
		}
		return sb.String()
	}
	var b listing.Builder
	var ps listing.Pages
	var names []string
	for range 40 {
		var objs []object
		for range rng.IntN(30) {
			n := word(1 + rng.IntN(6)) // not empty: "d/" would be the folder's marker
			if rng.IntN(3) == 0 {
				n += ".png"
			}
			objs = append(objs, object{key: "d/" + n})
			names = append(names, n)
		}
		ps.Append(build(&b, "d/", objs))
	}
	names = append(names, awkwardNames...)
	ps.Append(build(&b, "d/", awkwardObjects("d/")))
	queries := []string{"", "a", "ab", "b.", "png", "İ", "i̇", "ß", "\ufffd", "é", "%", " ", "x"}
	for range 200 {
		queries = append(queries, strings.ToLower(word(1+rng.IntN(3))))
	}
	for _, q := range queries {
		for _, images := range []bool{false, true} {
			var want []int32
			for i, n := range names {
				if strings.Contains(strings.ToLower(n), q) && (!images || isImage([]byte(n))) {
					want = append(want, int32(i))
				}
			}
			if got := ps.Filter(nil, q, images); !slices.Equal(got, want) {
				t.Fatalf("Filter(%q, images %v) = %v, want %v", q, images, got, want)
			}
		}
		all := ps.Filter(nil, "", false)
		var want []int32
		for _, i := range all {
			if strings.Contains(strings.ToLower(names[i]), q) {
				want = append(want, i)
			}
		}
		if got := ps.Narrow(all, q); !slices.Equal(got, want) {
			t.Fatalf("Narrow(%q) = %v, want %v", q, got, want)
		}
	}
}

// A hit that runs from one name into the next is no match.
func TestFilterDoesNotMatchAcrossNames(t *testing.T) {
	var b listing.Builder
	var ps listing.Pages
	ps.Append(build(&b, "", []object{{key: "ab"}, {key: "cd"}, {key: ""}, {key: "bc"}}))
	if got := ps.Filter(nil, "bc", false); !slices.Equal(got, []int32{3}) {
		t.Errorf("Filter(bc) = %v, want [3]", got)
	}
	if got := ps.Filter(nil, "dbc", false); len(got) != 0 {
		t.Errorf("Filter(dbc) = %v, want none", got)
	}
}

// Building a page copies the keys: the caller's buffers can change after.
func TestPagesOwnTheirBytes(t *testing.T) {
	var b listing.Builder
	key := []byte("p/one.png")
	b.Begin()
	b.SetKey(key)
	p := b.Finish("p/", isImage)
	copy(key, bytes.Repeat([]byte("z"), len(key)))
	b.Reset()
	b.Add("p/two.png", 0, time.Time{}, "")
	b.Finish("p/", isImage)
	if p.Key(0) != "p/one.png" {
		t.Errorf("key %q after the builder was used again, want p/one.png", p.Key(0))
	}
}

// A listing long enough to be searched on several cores gives what a
// search page by page gives, after what dst held, from any first page.
func TestFilterOnSeveralCoresAsOnOne(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(4))
	var b listing.Builder
	var ps listing.Pages
	for i := 0; i < 300_000; i += 1000 {
		var objs []object
		for j := i; j < i+1000; j++ {
			objs = append(objs, object{key: fmt.Sprintf("u/%032x%s", j*2654435761, []string{".png", ".txt"}[j%2])})
		}
		ps.Append(build(&b, "u/", objs))
	}
	for _, from := range []int{0, 7} {
		for _, q := range []string{"", "3", "3f", "ab1", ".png", "zz"} {
			for _, images := range []bool{false, true} {
				want := []int32{-1, -2}
				for _, p := range ps[from:] {
					want = p.Filter(want, q, images)
				}
				got := ps[from:].Filter([]int32{-1, -2}, q, images)
				if !slices.Equal(got, want) {
					t.Fatalf("from page %d, q %q, images %v: %d matches, want %d", from, q, images, len(got), len(want))
				}
			}
		}
	}
}
