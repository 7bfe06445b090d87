package testsrv_test

import (
	"context"
	"testing"

	"github.com/s3share/s3share/internal/testsrv"
)

func TestServers(t *testing.T) {
	for name, start := range map[string]func(testing.TB) *testsrv.Server{
		"versity":    func(t testing.TB) *testsrv.Server { return testsrv.Versity(t) },
		"fake":       testsrv.Fake,
		"versity-eu": func(t testing.TB) *testsrv.Server { return testsrv.Versity(t, testsrv.WithRegion("eu-west-1")) },
	} {
		t.Run(name, func(t *testing.T) {
			s := start(t)
			s.CreateBucket(t, "photos")
			s.Put(t, "photos", "a/b.png", []byte("png"))
			buckets, err := s.Browser(t).ListBuckets(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if len(buckets) != 1 || buckets[0].Name != "photos" {
				t.Fatalf("buckets = %+v", buckets)
			}
			t.Logf("%+v", buckets)
		})
	}
}
