package s3browse_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/s3share/s3share/internal/testsrv"
	"github.com/s3share/s3share/s3browse"
)

// put is a PutInput of body at team/key.
func put(key, body string) s3browse.PutInput {
	return s3browse.PutInput{Bucket: "team", Key: key, Body: []byte(body)}
}

func TestCreateObjectOnlyCreates(t *testing.T) {
	for name, s := range servers(t) {
		t.Run(name, func(t *testing.T) {
			s.CreateBucket(t, "team")
			b, ctx := s.Browser(t), context.Background()
			etag, err := b.CreateObject(ctx, put("log/1.json", "first"))
			if err != nil || etag == "" {
				t.Fatalf("first create = %q, %v", etag, err)
			}
			_, err = b.CreateObject(ctx, put("log/1.json", "second"))
			if !errors.Is(err, s3browse.ErrExists) {
				t.Fatalf("second create = %v, want ErrExists", err)
			}
			if got := err.Error(); got != "s3://team/log/1.json: already exists" {
				t.Errorf("message = %q", got)
			}
			if data, _, _ := b.ReadObject(ctx, "team", "log/1.json", 100); string(data) != "first" {
				t.Errorf("object holds %q after a refused create, want the first", data)
			}
		})
	}
}

func TestReplaceObjectOnlyThatVersion(t *testing.T) {
	for name, s := range servers(t) {
		t.Run(name, func(t *testing.T) {
			s.CreateBucket(t, "team")
			b, ctx := s.Browser(t), context.Background()
			etag, err := b.CreateObject(ctx, put("members/ann.json", "v1"))
			if err != nil {
				t.Fatal(err)
			}
			_, err = b.ReplaceObject(ctx, put("members/ann.json", "v2"), `"0123456789abcdef0123456789abcdef"`)
			if !errors.Is(err, s3browse.ErrPreconditionFailed) {
				t.Fatalf("replace with a wrong ETag = %v, want ErrPreconditionFailed", err)
			}
			if strings.Contains(err.Error(), "--") {
				t.Errorf("library error names a flag: %q", err)
			}
			next, err := b.ReplaceObject(ctx, put("members/ann.json", "v2"), etag)
			if err != nil || next == "" || next == etag {
				t.Fatalf("replace with the right ETag = %q, %v (was %q)", next, err, etag)
			}
			_, err = b.ReplaceObject(ctx, put("members/bob.json", "v1"), etag)
			if !errors.Is(err, s3browse.ErrNoSuchKey) {
				t.Errorf("replace of a missing object = %v, want ErrNoSuchKey", err)
			}
			if _, err := b.ReplaceObject(ctx, put("members/ann.json", "v3"), ""); err == nil {
				t.Error("replace without an ETag succeeded")
			}
		})
	}
}

// TestRaceCreate: versitygw's creates are atomic, one winner in every
// round; gofakes3 checks the condition before it reads the body, so every
// racer wins (the body is held until all have been asked for it).
func TestRaceCreate(t *testing.T) {
	for name, s := range servers(t) {
		t.Run(name, func(t *testing.T) {
			s.CreateBucket(t, "team")
			b := s.Browser(t)
			for round := range 5 {
				wins, err := b.RaceCreate(context.Background(), put(fmt.Sprintf("race/%d", round), "x"), 8)
				if err != nil {
					t.Fatal(err)
				}
				switch {
				case name == "versitygw" && wins != 1:
					t.Fatalf("round %d: %d winners on versitygw, want 1", round, wins)
				case name == "gofakes3" && wins < 2:
					t.Fatalf("round %d: %d winners on gofakes3, want several", round, wins)
				}
			}
			if _, err := b.RaceCreate(context.Background(), put("race/x", "x"), 1); err == nil {
				t.Error("a race of one was accepted")
			}
		})
	}
}

func TestRaceCreateReportsOtherFailures(t *testing.T) {
	s := testsrv.Versity(t)
	s.CreateBucket(t, "team")
	b := s.WithKeys(testsrv.AccessKey, "wrong-secret").Browser(t)
	b.SetRegion("team", s.Region)
	_, err := b.RaceCreate(context.Background(), put("race/x", "x"), 3)
	if !errors.Is(err, s3browse.ErrAccessDenied) {
		t.Fatalf("race with a wrong secret = %v, want ErrAccessDenied", err)
	}
}

func TestListAfterPages(t *testing.T) {
	s := testsrv.Versity(t)
	s.CreateBucket(t, "team")
	var want []string
	for i := 1; i <= 1005; i++ {
		key := fmt.Sprintf("p/log/%05d.json", i)
		writeFile(t, s.Dir+"/team/"+key, "x")
		if i > 3 {
			want = append(want, key)
		}
	}
	writeFile(t, s.Dir+"/team/p/snap/1.json.gz", "x")
	writeFile(t, s.Dir+"/team/other.json", "x")
	b, ctx := s.Browser(t), context.Background()
	var got []string
	pages, token := 0, ""
	for {
		page, err := b.ListAfter(ctx, "team", "p/log/", "p/log/00003.json", token)
		if err != nil {
			t.Fatal(err)
		}
		pages++
		got = append(got, keys(page)...)
		if page.Last() {
			break
		}
		token = page.NextToken
	}
	if !slices.Equal(got, want) || pages != 2 {
		t.Fatalf("listed %d keys in %d pages (first %v), want %d in 2", len(got), pages, got[:min(3, len(got))], len(want))
	}
	page, err := b.ListAfter(ctx, "team", "p/log/", "p/log/01005.json", "")
	if err != nil || len(page.Objects) != 0 || !page.Last() {
		t.Fatalf("listing after the last key = %+v, %v", page, err)
	}
}

func TestListAfterOnEitherServer(t *testing.T) {
	for name, s := range servers(t) {
		t.Run(name, func(t *testing.T) {
			s.CreateBucket(t, "team")
			for _, k := range []string{"l/a", "l/b", "l/c", "m/d"} {
				s.Put(t, "team", k, []byte("x"))
			}
			page, err := s.Browser(t).ListAfter(context.Background(), "team", "l/", "l/a", "")
			if err != nil || !slices.Equal(keys(page), []string{"l/b", "l/c"}) {
				t.Fatalf("ListAfter = %v, %v", keys(page), err)
			}
			if page.Objects[0].LastModified.IsZero() || page.Objects[0].Size != 1 {
				t.Errorf("object facts missing: %+v", page.Objects[0])
			}
		})
	}
}

func TestReadObjectCapped(t *testing.T) {
	for name, s := range servers(t) {
		t.Run(name, func(t *testing.T) {
			s.CreateBucket(t, "team")
			s.Put(t, "team", "small", []byte("12345"))
			s.Put(t, "team", "empty", nil)
			s.Put(t, "team", "huge", bytes.Repeat([]byte("x"), 8<<20))
			b, ctx := s.Browser(t), context.Background()
			data, info, err := b.ReadObject(ctx, "team", "small", 5)
			if err != nil || string(data) != "12345" || info.Size != 5 || info.LastModified.IsZero() {
				t.Fatalf("ReadObject(small, 5) = %q, %+v, %v", data, info, err)
			}
			_, info, err = b.ReadObject(ctx, "team", "small", 4)
			if !errors.Is(err, s3browse.ErrTooLarge) || info.Size != 5 {
				t.Fatalf("ReadObject(small, 4) = %+v, %v, want ErrTooLarge", info, err)
			}
			if got := err.Error(); got != "s3://team/small: 5 bytes is larger than the 4 allowed here" {
				t.Errorf("message = %q", got)
			}
			if data, _, err := b.ReadObject(ctx, "team", "empty", 10); err != nil || len(data) != 0 {
				t.Fatalf("ReadObject(empty) = %q, %v", data, err)
			}
			if _, _, err := b.ReadObject(ctx, "team", "huge", 1<<20); !errors.Is(err, s3browse.ErrTooLarge) {
				t.Fatalf("ReadObject(huge) = %v, want ErrTooLarge", err)
			}
			if _, _, err := b.ReadObject(ctx, "team", "missing", 10); !errors.Is(err, s3browse.ErrNoSuchKey) {
				t.Fatalf("ReadObject(missing) = %v, want ErrNoSuchKey", err)
			}
			if _, _, err := b.ReadObject(ctx, "team", "small", -1); err == nil {
				t.Fatal("a negative cap was accepted")
			}
		})
	}
}

func TestDeleteObjects(t *testing.T) {
	for name, s := range servers(t) {
		t.Run(name, func(t *testing.T) {
			s.CreateBucket(t, "team")
			var ks []string
			for i := range 1003 {
				k := fmt.Sprintf("d/%04d", i)
				if i%2 == 0 {
					s.Put(t, "team", k, []byte("x"))
				}
				ks = append(ks, k)
			}
			s.Put(t, "team", "keep", []byte("x"))
			b, ctx := s.Browser(t), context.Background()
			if err := b.DeleteObjects(ctx, "team", ks); err != nil {
				t.Fatal(err)
			}
			if err := b.DeleteObjects(ctx, "team", nil); err != nil {
				t.Fatal(err)
			}
			page, err := b.ListAfter(ctx, "team", "", "", "")
			if err != nil || !slices.Equal(keys(page), []string{"keep"}) {
				t.Fatalf("left after delete: %v, %v", keys(page), err)
			}
		})
	}
}

func TestDeleteObjectsRefused(t *testing.T) {
	s := testsrv.Versity(t, testsrv.WithIAM())
	s.CreateBucket(t, "team")
	s.Put(t, "team", "a", []byte("x"))
	s.CreateUser(t, "reader", "reader-secret-0123456789", "user")
	b := s.WithKeys("reader", "reader-secret-0123456789").Browser(t)
	b.SetRegion("team", s.Region)
	err := b.DeleteObjects(context.Background(), "team", []string{"a"})
	if !errors.Is(err, s3browse.ErrAccessDenied) {
		t.Fatalf("delete by a user without rights = %v, want ErrAccessDenied", err)
	}
	if !strings.Contains(err.Error(), "s3:DeleteObject") {
		t.Errorf("message %q does not name s3:DeleteObject", err)
	}
}

func TestCreateObjectRefusedNamesPutObject(t *testing.T) {
	s := testsrv.Versity(t, testsrv.WithIAM())
	s.CreateBucket(t, "team")
	s.CreateUser(t, "reader", "reader-secret-0123456789", "user")
	b := s.WithKeys("reader", "reader-secret-0123456789").Browser(t)
	b.SetRegion("team", s.Region)
	_, err := b.CreateObject(context.Background(), put("log/1.json", "x"))
	if !errors.Is(err, s3browse.ErrAccessDenied) || !strings.Contains(err.Error(), "s3:PutObject") {
		t.Fatalf("create by a user without rights = %v, want ErrAccessDenied naming s3:PutObject", err)
	}
}
