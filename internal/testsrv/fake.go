package testsrv

import (
	"net/http/httptest"
	"testing"

	"github.com/rclone/gofakes3"
	"github.com/rclone/gofakes3/s3mem"
)

// Fake starts an in-process gofakes3 server with SigV4 authentication and an
// in-memory backend on 127.0.0.1. It checks signatures and expiry but not
// regions. It stops when the test ends.
func Fake(t testing.TB) *Server {
	t.Helper()
	faker := gofakes3.New(s3mem.New(),
		gofakes3.WithV4Auth(map[string]string{AccessKey: SecretKey}),
		gofakes3.WithLogger(gofakes3.DiscardLog()),
	)
	ts := httptest.NewServer(faker.Server())
	t.Cleanup(ts.Close)
	return &Server{
		Endpoint:  ts.URL,
		AccessKey: AccessKey,
		SecretKey: SecretKey,
		Region:    "us-east-1",
	}
}
