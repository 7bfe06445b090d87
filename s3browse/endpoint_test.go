package s3browse_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/s3share/s3share/internal/testsrv"
	"github.com/s3share/s3share/s3browse"
)

func TestCheckEndpoint(t *testing.T) {
	cases := []struct{ in, want, errHas string }{
		{"", "", ""},
		{"http://127.0.0.1:9000/", "http://127.0.0.1:9000", ""},
		{"https://s3.example.com", "https://s3.example.com", ""},
		{"127.0.0.1:7070", "", "use http://127.0.0.1:7070"},
		{"localhost:7070", "", "use http://localhost:7070"},
		{"ftp://host", "", "http:// or https://"},
		{"http://", "", "no host"},
		{"http://user:pw@host", "", "only the scheme, host and port"},
		{"http://host:99999", "", "port"},
	}
	for _, c := range cases {
		got, err := s3browse.CheckEndpoint(c.in)
		if c.errHas == "" {
			if err != nil || got != c.want {
				t.Errorf("CheckEndpoint(%q) = %q, %v; want %q", c.in, got, err, c.want)
			}
			continue
		}
		if !errors.Is(err, s3browse.ErrBadEndpoint) || !strings.Contains(err.Error(), c.errHas) {
			t.Errorf("CheckEndpoint(%q) err = %v, want ErrBadEndpoint saying %q", c.in, err, c.errHas)
		}
	}
}

// TestEndpointFromEnvironment: an endpoint given only through
// AWS_ENDPOINT_URL_S3 (or AWS_ENDPOINT_URL) is the one the Browser names,
// signs for and records.
func TestEndpointFromEnvironment(t *testing.T) {
	s := testsrv.Fake(t)
	s.CreateBucket(t, "photos")
	s.Put(t, "photos", "a.png", []byte("png"))
	for _, v := range []string{"AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL"} {
		t.Run(v, func(t *testing.T) {
			isolate(t, s)
			t.Setenv(v, s.Endpoint)
			b, err := s3browse.New(context.Background(), s3browse.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if b.Endpoint() != s.Endpoint || !strings.Contains(b.Describe(), s.Endpoint) {
				t.Errorf("Endpoint() = %q, Describe() = %q; want %s", b.Endpoint(), b.Describe(), s.Endpoint)
			}
			if !b.PathStyle() {
				t.Errorf("an IP endpoint must be path-style")
			}
			p := presign(t, b, "photos", "a.png")
			if p.Endpoint != s.Endpoint || !strings.HasPrefix(p.URL, s.Endpoint+"/photos/a.png?") {
				t.Errorf("presigned %+v, want the env endpoint, path style", p.Endpoint)
			}
			if status, body := fetch(t, p.URL); status != 200 || body != "png" {
				t.Errorf("GET = %d %q", status, body)
			}
		})
	}
	t.Run("bad", func(t *testing.T) {
		isolate(t, s)
		t.Setenv("AWS_ENDPOINT_URL_S3", "localhost:9000")
		_, err := s3browse.New(context.Background(), s3browse.Options{})
		if !errors.Is(err, s3browse.ErrBadEndpoint) || !strings.Contains(err.Error(), "AWS_ENDPOINT_URL_S3") {
			t.Errorf("New with a bad env endpoint = %v", err)
		}
	})
}

// TestLocalhostIsPathStyle: http://localhost:PORT works without --path-style
// (BUCKET.localhost would not resolve).
func TestLocalhostIsPathStyle(t *testing.T) {
	s := testsrv.Fake(t)
	s.CreateBucket(t, "photos")
	s.Put(t, "photos", "a.png", []byte("png"))
	opts := s.Options()
	opts.PathStyle = false
	opts.EndpointURL = strings.Replace(s.Endpoint, "127.0.0.1", "localhost", 1)
	b := s3browse.NewFromConfig(s.Config(), opts)
	if status, body := fetch(t, presign(t, b, "photos", "a.png").URL); status != 200 || body != "png" {
		t.Errorf("GET through localhost = %d %q", status, body)
	}
}

// isolate gives the process the server's keys and nothing from ~/.aws.
func isolate(t *testing.T, s *testsrv.Server) {
	t.Helper()
	for _, kv := range s.Env() {
		k, v, _ := strings.Cut(kv, "=")
		t.Setenv(k, v)
	}
	t.Setenv("AWS_ENDPOINT_URL_S3", "")
	t.Setenv("AWS_ENDPOINT_URL", "")
}
