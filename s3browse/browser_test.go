package s3browse_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/s3share/s3share/internal/testsrv"
	"github.com/s3share/s3share/s3browse"
)

func TestDescribe(t *testing.T) {
	b := s3browse.NewFromConfig(testsrv.Fake(t).Config(), s3browse.Options{EndpointURL: "http://127.0.0.1:9000"})
	if got := b.Describe(); got != "endpoint http://127.0.0.1:9000" {
		t.Errorf("Describe() = %q", got)
	}
	b = s3browse.NewFromConfig(testsrv.Fake(t).Config(), s3browse.Options{Profile: "work", Region: "eu-west-1"})
	if got := b.Describe(); got != "profile work · eu-west-1" {
		t.Errorf("Describe() = %q", got)
	}
}

func TestNewMakesNoNetworkCall(t *testing.T) {
	t.Setenv("AWS_CONFIG_FILE", "/dev/null")
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", "/dev/null")
	t.Setenv("AWS_PROFILE", "")
	t.Setenv("AWS_REGION", "")
	t.Setenv("AWS_DEFAULT_REGION", "")
	b, err := s3browse.New(context.Background(), s3browse.Options{EndpointURL: "http://127.0.0.1:1"})
	if err != nil {
		t.Fatal(err)
	}
	if b.Region() != "us-east-1" {
		t.Errorf("default region = %q, want us-east-1", b.Region())
	}
}

func TestListBucketsWithRegions(t *testing.T) {
	s := testsrv.Versity(t)
	for _, name := range []string{"alpha", "beta.dots", "gamma-1"} {
		s.CreateBucket(t, name)
	}
	buckets, err := s.Browser(t).ListBuckets(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, b := range buckets {
		names = append(names, b.Name)
		if b.Region != "us-east-1" || b.Created.IsZero() {
			t.Errorf("bucket %+v: want region us-east-1 and a creation time", b)
		}
	}
	if !slices.Equal(names, []string{"alpha", "beta.dots", "gamma-1"}) {
		t.Errorf("buckets = %v", names)
	}
}

// TestOtherRegion points a us-east-1 Browser at a server in eu-west-1: the
// bucket's region must be resolved, then listing and presigning work.
func TestOtherRegion(t *testing.T) {
	s := testsrv.Versity(t, testsrv.WithRegion("eu-west-1"))
	s.CreateBucket(t, "euro")
	s.Put(t, "euro", "pics/tower.jpg", []byte("jpeg bytes"))
	opts := s.Options()
	opts.Region = "us-east-1"
	b := s3browse.NewFromConfig(s.Config(), opts)
	ctx := context.Background()

	region, err := b.BucketRegion(ctx, "euro")
	if err != nil || region != "eu-west-1" {
		t.Fatalf("BucketRegion = %q, %v; want eu-west-1", region, err)
	}
	page, err := b.ListPage(ctx, "euro", "pics/", "")
	if err != nil || len(page.Objects) != 1 || page.Objects[0].Key != "pics/tower.jpg" {
		t.Fatalf("ListPage = %+v, %v", page, err)
	}
	p := presign(t, b, "euro", "pics/tower.jpg")
	if p.Region != "eu-west-1" || !strings.Contains(p.URL, "eu-west-1") {
		t.Errorf("presigned for %q, want eu-west-1", p.Region)
	}
	if status, body := fetch(t, p.URL); status != 200 || body != "jpeg bytes" {
		t.Errorf("GET = %d %q", status, body)
	}
}

func TestListFoldersAndObjects(t *testing.T) {
	for name, s := range servers(t) {
		t.Run(name, func(t *testing.T) {
			s.CreateBucket(t, "tree")
			for _, k := range []string{"top.png", "readme.txt", "a/one.jpg", "a/deep/two.jpg", "b/three.gif"} {
				s.Put(t, "tree", k, []byte(k))
			}
			b := s.Browser(t)
			root := listAll(t, b, "tree", "")
			if !slices.Equal(root.Folders, []string{"a/", "b/"}) || !slices.Equal(keys(root), []string{"readme.txt", "top.png"}) {
				t.Errorf("root = folders %v objects %v", root.Folders, keys(root))
			}
			a := listAll(t, b, "tree", "a/")
			if !slices.Equal(a.Folders, []string{"a/deep/"}) || !slices.Equal(keys(a), []string{"a/one.jpg"}) {
				t.Errorf("a/ = folders %v objects %v", a.Folders, keys(a))
			}
			if a.Objects[0].Size != int64(len("a/one.jpg")) || a.Objects[0].LastModified.IsZero() {
				t.Errorf("object = %+v", a.Objects[0])
			}
		})
	}
}

// TestList2500 seeds versitygw's directory directly and checks that the
// pages together hold every key exactly once.
func TestList2500(t *testing.T) {
	t.Parallel()
	s := testsrv.Versity(t)
	s.CreateBucket(t, "many")
	want := map[string]bool{}
	for i := range 2500 {
		key := fmt.Sprintf("img/%04d.png", i)
		writeFile(t, filepath.Join(s.Dir, "many", key), key)
		want[key] = true
	}
	seen := map[string]int{}
	pages := 0
	err := s.Browser(t).ListAll(context.Background(), "many", "img/", func(p s3browse.Page) error {
		pages++
		for _, o := range p.Objects {
			seen[o.Key]++
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if pages < 3 {
		t.Errorf("pages = %d, want at least 3 (1000 keys a page)", pages)
	}
	if len(seen) != len(want) {
		t.Errorf("saw %d distinct keys, want %d", len(seen), len(want))
	}
	for k, n := range seen {
		if n != 1 || !want[k] {
			t.Errorf("key %q seen %d times (expected=%v)", k, n, want[k])
		}
	}
}

func TestListAllStopsOnCancel(t *testing.T) {
	t.Parallel()
	s := testsrv.Versity(t)
	s.CreateBucket(t, "many")
	for i := range 1500 {
		writeFile(t, filepath.Join(s.Dir, "many", fmt.Sprintf("%04d.jpg", i)), "x")
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	calls := 0
	err := s.Browser(t).ListAll(ctx, "many", "", func(s3browse.Page) error {
		calls++
		cancel()
		return nil
	})
	if !errors.Is(err, context.Canceled) || calls != 1 {
		t.Errorf("ListAll after cancel = %v with %d pages, want context.Canceled after 1", err, calls)
	}
}

// TestListCancelInFlight cancels a listing while the server holds the
// request; the call must return with context.Canceled.
func TestListCancelInFlight(t *testing.T) {
	arrived := make(chan struct{}, 8)
	hang := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		arrived <- struct{}{}
		<-r.Context().Done()
	}))
	defer hang.Close()
	fake := testsrv.Fake(t)
	b := s3browse.NewFromConfig(fake.Config(), s3browse.Options{EndpointURL: hang.URL, PathStyle: true})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, err := b.ListPage(ctx, "photos", "", "")
		done <- err
	}()
	<-arrived
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Errorf("ListPage after cancel = %v, want context.Canceled", err)
	}
}
