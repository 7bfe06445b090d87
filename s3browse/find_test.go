package s3browse_test

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
	"go.uber.org/goleak"

	"github.com/s3share/s3share/internal/faultproxy"
	"github.com/s3share/s3share/internal/testsrv"
	"github.com/s3share/s3share/s3browse"
)

// findShapes are the buckets Find must agree on with a sequential walk.
var findShapes = map[string][]string{
	"empty":  nil,
	"flat":   numbered("", "img-%03d.jpg", 60),
	"nested": nestedKeys(),
	"deep":   deepKeys(20),
	// Folder names that sort around "/" ("a-1/" < "a.old/" < "a/" < "a0/")
	// and objects between them test where ranges are cut.
	"odd": {
		"a-1/x.png", "a.jpg", "a.old/y.png", "a.old/z/w.png", "a/b.png", "a/c d+e%41.png", "a/ü/📷.png",
		"a/&<>'\".png", "a!", "a0/q.png", "a0x", "b/", "b/marker-child.png", "z z/1.png", "~/t.png",
	},
}

// pageSizes are the listing page sizes each server is tested with.
var pageSizes = map[string][]int32{"versitygw": {0, 3}, "gofakes3": {0}}

// numbered returns n keys made from format under dir.
func numbered(dir, format string, n int) []string {
	out := make([]string, n)
	for i := range n {
		out[i] = dir + fmt.Sprintf(format, i)
	}
	return out
}

// nestedKeys is 12 folders of 9 images, some with sub-folders, and a few
// objects at the top.
func nestedKeys() []string {
	keys := []string{"top.png", "readme.txt"}
	for i := range 12 {
		dir := fmt.Sprintf("f%02d/", i)
		keys = append(keys, numbered(dir, "p%d.jpg", 9)...)
		if i%3 == 0 {
			keys = append(keys, numbered(dir+"sub/", "s%d.png", 4)...)
		}
	}
	return keys
}

// deepKeys puts one object at every level of a chain of n folders.
func deepKeys(n int) []string {
	var keys []string
	dir := ""
	for i := range n {
		dir += fmt.Sprintf("l%d/", i)
		keys = append(keys, dir+"at.png")
	}
	return keys
}

// seed creates bucket with keys through the SDK (folder markers included).
func seed(t *testing.T, srv *testsrv.Server, bucket string, keys []string) {
	t.Helper()
	srv.CreateBucket(t, bucket)
	for _, k := range keys {
		body := []byte("x")
		if strings.HasSuffix(k, "/") {
			body = nil // a folder marker holds nothing
		}
		srv.Put(t, bucket, k, body)
	}
}

// walk lists every key under prefix with one plain sequential listing,
// straight through the SDK, leaving out the folder's own marker.
func walk(t testing.TB, srv *testsrv.Server, bucket, prefix string) []string {
	t.Helper()
	in := &s3.ListObjectsV2Input{Bucket: aws.String(bucket), Prefix: aws.String(prefix), EncodingType: types.EncodingTypeUrl}
	p := s3.NewListObjectsV2Paginator(srv.Client(), in)
	keys := []string{}
	for p.HasMorePages() {
		page, err := p.NextPage(context.Background())
		if err != nil {
			t.Fatalf("walk s3://%s/%s: %v", bucket, prefix, err)
		}
		for _, o := range page.Contents {
			k := aws.ToString(o.Key)
			if page.EncodingType == types.EncodingTypeUrl {
				if k, err = url.QueryUnescape(k); err != nil {
					t.Fatal(err)
				}
			}
			if k != prefix {
				keys = append(keys, k)
			}
		}
	}
	return keys
}

// findKeys runs Find and returns the keys found, failing on a key found twice.
func findKeys(t testing.TB, b *s3browse.Browser, bucket, prefix string, opts s3browse.FindOptions) []string {
	t.Helper()
	seen := map[string]bool{}
	keys := []string{}
	err := b.Find(context.Background(), bucket, prefix, opts, func(objs []s3browse.Object) error {
		for _, o := range objs {
			if seen[o.Key] {
				t.Errorf("key %q found twice", o.Key)
			}
			seen[o.Key] = true
			keys = append(keys, o.Key)
		}
		return nil
	})
	if err != nil {
		t.Fatalf("Find s3://%s/%s: %v", bucket, prefix, err)
	}
	return keys
}

// sameSet fails unless got and want hold the same keys.
func sameSet(t testing.TB, what string, got, want []string) {
	t.Helper()
	got, want = slices.Clone(got), slices.Clone(want)
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Fatalf("%s: found %d keys, the walk %d\nfound: %q\nwalk:  %q", what, len(got), len(want), got, want)
	}
}

// Find reports exactly the keys a sequential walk lists, for every shape,
// from the top and from a folder, with the server's pages and with pages
// of 3 keys (so ranges are cut while sweeps run), on both servers. gofakes3
// gets the server's pages only: its s3mem backend skips the first key after
// a StartAfter that is not itself a key, so it cannot take cut ranges.
func TestFindMatchesSequentialWalk(t *testing.T) {
	for name, srv := range servers(t) {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			b := srv.Browser(t)
			for shape, keys := range findShapes {
				bucket := "find-" + shape
				if shape == "odd" && name == "gofakes3" {
					keys = append(slices.Clone(keys), "a/ctl\x01.png") // versitygw writes it as U+FFFD
				}
				seed(t, srv, bucket, keys)
				for _, prefix := range []string{"", "a/", "f03/", "l0/l1/"} {
					want := walk(t, srv, bucket, prefix)
					for _, pageKeys := range pageSizes[name] {
						for _, conc := range []int{16, 2} {
							opts := s3browse.WithPageKeys(s3browse.FindOptions{All: true, Concurrency: conc}, pageKeys)
							what := fmt.Sprintf("%s s3://%s/%s pages of %d, %d in flight", name, bucket, prefix, pageKeys, conc)
							sameSet(t, what, findKeys(t, b, bucket, prefix, opts), want)
						}
					}
				}
			}
		})
	}
}

// The options: a case-insensitive glob on the base name, images only unless
// All, modified after Since, at least MinSize bytes.
func TestFindOptionsSelect(t *testing.T) {
	srv := testsrv.Versity(t)
	srv.CreateBucket(t, "sel")
	dir := filepath.Join(srv.Dir, "sel")
	old := time.Now().Add(-72 * time.Hour)
	files := map[string]int{ // key -> size; "old/" keys are three days old
		"clients/acme/LOGO-big.PNG": 5000, "clients/acme/logo.svg": 10, "clients/acme/logo.txt": 5000,
		"clients/beta/2026/logo_v2.jpg": 3000, "clients/beta/photo.jpg": 3000, "old/logo-old.png": 5000,
		"clients/notalogo.png": 5000,
	}
	for k, size := range files {
		writeFile(t, filepath.Join(dir, k), strings.Repeat("x", size))
		if strings.HasPrefix(k, "old/") {
			if err := os.Chtimes(filepath.Join(dir, k), old, old); err != nil {
				t.Fatal(err)
			}
		}
	}
	b := srv.Browser(t)
	cases := []struct {
		name   string
		prefix string
		opts   s3browse.FindOptions
		want   []string
	}{
		{"images", "", s3browse.FindOptions{}, []string{"clients/acme/LOGO-big.PNG", "clients/acme/logo.svg",
			"clients/beta/2026/logo_v2.jpg", "clients/beta/photo.jpg", "old/logo-old.png", "clients/notalogo.png"}},
		{"glob", "clients/", s3browse.FindOptions{Name: "Logo*"}, []string{"clients/acme/LOGO-big.PNG",
			"clients/acme/logo.svg", "clients/beta/2026/logo_v2.jpg"}},
		{"glob all", "", s3browse.FindOptions{Name: "logo.*", All: true}, []string{"clients/acme/logo.svg", "clients/acme/logo.txt"}},
		{"larger", "", s3browse.FindOptions{Name: "*logo*", MinSize: 4000}, []string{"clients/acme/LOGO-big.PNG",
			"old/logo-old.png", "clients/notalogo.png"}},
		{"newer", "", s3browse.FindOptions{Name: "*logo*", Since: time.Now().Add(-24 * time.Hour), MinSize: 4000},
			[]string{"clients/acme/LOGO-big.PNG", "clients/notalogo.png"}},
	}
	for _, tc := range cases {
		sameSet(t, tc.name, findKeys(t, b, "sel", tc.prefix, tc.opts), tc.want)
	}
	err := b.Find(context.Background(), "sel", "", s3browse.FindOptions{Name: "logo[a-"}, func([]s3browse.Object) error { return nil })
	if !errors.Is(err, s3browse.ErrBadPattern) {
		t.Errorf("an unclosed bracket: %v, want ErrBadPattern", err)
	}
}

// slowNested is versitygw with 40 folders of 10 objects behind a proxy that
// adds delay to every request, and a Browser that goes through the proxy.
func slowNested(t *testing.T, delay time.Duration) (*testsrv.Server, *faultproxy.Proxy, *s3browse.Browser) {
	t.Helper()
	srv := testsrv.Versity(t)
	srv.CreateBucket(t, "slow")
	for i := range 40 {
		for j := range 10 {
			writeFile(t, filepath.Join(srv.Dir, "slow", fmt.Sprintf("d%02d", i), fmt.Sprintf("%d.png", j)), "x")
		}
	}
	p := faultproxy.New(t, srv.Endpoint)
	p.SetDelay(delay)
	p.Always(faultproxy.Latency)
	opts := srv.Options()
	opts.EndpointURL = p.URL
	return srv, p, s3browse.NewFromConfig(srv.Config(), opts)
}

// Cancelling a find in the middle returns context.Canceled at once and
// leaves no goroutine of it behind (the HTTP connection pool's and the
// in-process proxy's own goroutines aside).
func TestFindCancelLeavesNoGoroutine(t *testing.T) {
	_, _, b := slowNested(t, 30*time.Millisecond)
	if _, err := b.BucketRegion(context.Background(), "slow"); err != nil {
		t.Fatal(err)
	}
	opts := s3browse.WithPageKeys(s3browse.FindOptions{Concurrency: 8}, 4)
	before := goleak.IgnoreCurrent()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	batches := 0
	err := b.Find(ctx, "slow", "", opts, func([]s3browse.Object) error {
		batches++
		if batches == 3 {
			cancel()
		}
		return nil
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled find: %v, want context.Canceled", err)
	}
	goleak.VerifyNone(t, before,
		goleak.IgnoreAnyFunction("net/http.(*persistConn).readLoop"),
		goleak.IgnoreAnyFunction("net/http.(*persistConn).writeLoop"),
		goleak.IgnoreAnyFunction("net/http.(*conn).serve"))
}

// 503 SlowDown on every third request slows the find down but loses no
// key; so do answers cut short and connections reset now and then.
func TestFindSurvivesSlowDown(t *testing.T) {
	for _, tc := range []struct {
		name  string
		every int
		fault faultproxy.Fault
	}{{"503 SlowDown", 3, faultproxy.SlowDown}, {"truncated", 5, faultproxy.Truncate}, {"reset", 7, faultproxy.Reset}} {
		t.Run(tc.name, func(t *testing.T) {
			srv, p, b := slowNested(t, time.Millisecond)
			p.Every(tc.every, tc.fault)
			want := walk(t, srv, "slow", "")
			opts := s3browse.WithPageKeys(s3browse.FindOptions{All: true}, 7)
			sameSet(t, "find through "+tc.name, findKeys(t, b, "slow", "", opts), want)
			if n := p.Applied(tc.fault); n < 5 {
				t.Fatalf("only %d faulty answers: the test did not test", n)
			}
			t.Logf("%d requests, %d of them %s", p.Requests(), p.Applied(tc.fault), tc.name)
		})
	}
}

// An error other than a throttle stops the find with a one-line error.
func TestFindStopsOnError(t *testing.T) {
	_, p, b := slowNested(t, time.Millisecond)
	if _, err := b.BucketRegion(context.Background(), "slow"); err != nil {
		t.Fatal(err)
	}
	p.Always(faultproxy.Status500)
	err := b.Find(context.Background(), "slow", "", s3browse.FindOptions{}, func([]s3browse.Object) error { return nil })
	if err == nil {
		t.Fatal("find through a server that always fails: no error")
	}
	checkClean(t, err)
	p.Always(faultproxy.Latency)
	if err := b.Find(context.Background(), "nosuchbucket", "", s3browse.FindOptions{}, func([]s3browse.Object) error { return nil }); !errors.Is(err, s3browse.ErrNoSuchBucket) {
		t.Errorf("find in a missing bucket: %v, want ErrNoSuchBucket", err)
	}
}
