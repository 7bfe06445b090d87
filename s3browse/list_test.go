package s3browse_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/s3share/s3share/internal/testsrv"
	"github.com/s3share/s3share/s3browse"
)

// The first page is small so a big folder's first screen comes quickly; the
// rest follows in full pages.
func TestFirstPageIsSmall(t *testing.T) {
	s := testsrv.Fake(t)
	s.CreateBucket(t, "big")
	for i := range s3browse.FirstPageKeys + 50 {
		s.Put(t, "big", fmt.Sprintf("img-%04d.png", i), nil)
	}
	b := s.Browser(t)
	first, err := b.ListPage(context.Background(), "big", "", "")
	if err != nil || len(first.Objects) != s3browse.FirstPageKeys || first.Last() {
		t.Fatalf("page 1: %d objects, last %v, err %v; want %d and more to come", len(first.Objects), first.Last(), err, s3browse.FirstPageKeys)
	}
	second, err := b.ListPage(context.Background(), "big", "", first.NextToken)
	if err != nil || len(second.Objects) != 50 || !second.Last() {
		t.Fatalf("page 2: %d objects, last %v, err %v; want the other 50", len(second.Objects), second.Last(), err)
	}
}
