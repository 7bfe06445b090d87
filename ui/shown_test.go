package ui

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	compact "github.com/s3share/s3share/listing"
	"github.com/s3share/s3share/s3browse"
)

// The view of objects shown agrees with filtering every name, whatever
// order pages, filters and the images toggle come in, and stores no index
// while every object shows.
func TestShownSetAgreesWithAFullFilter(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	exts := []string{".png", ".JPG", ".txt", ""}
	for round := range 50 {
		v := newShownSet()
		var names []string
		var files compact.Pages
		q, images := "", rng.IntN(2) == 0
		for step := range 30 {
			switch rng.IntN(4) {
			case 0, 1:
				var objs []s3browse.Object
				for range rng.IntN(5) {
					n := fmt.Sprintf("%c%c%s", 'a'+rng.IntN(3), 'a'+rng.IntN(3), exts[rng.IntN(len(exts))])
					if round%3 == 0 {
						n = fmt.Sprintf("%c.png", 'a'+rng.IntN(3)) // every object an image
					}
					objs = append(objs, s3browse.Object{Key: "p/" + n})
					names = append(names, n)
				}
				p := s3browse.CompactObjects("p/", objs)
				if p.Len() > 0 {
					files.Append(p)
					v.add(p, q, images)
				}
			case 2:
				next := []string{"", "a", "ab", "b", "png", "a.p"}[rng.IntN(6)]
				v.refilter(files, next, images, strings.Contains(next, q))
				q = next
			case 3:
				images = !images
				v.refilter(files, q, images, false)
			}
			var want []int32
			for i, n := range names {
				if strings.Contains(strings.ToLower(n), q) && (!images || s3browse.IsImage(n)) {
					want = append(want, int32(i))
				}
			}
			var got []int32
			for j := range v.len() {
				got = append(got, v.at(j))
			}
			if !slices.Equal(got, want) {
				t.Fatalf("round %d step %d (q %q, images %v): shown %v, want %v", round, step, q, images, got, want)
			}
			if len(want) == len(names) && !v.every {
				t.Fatalf("round %d step %d: every object shows, yet %d indexes are kept", round, step, len(v.idx))
			}
			for i := range names {
				j, ok := v.find(int32(i))
				if wantJ, wantOK := slices.BinarySearch(want, int32(i)); ok != wantOK || ok && j != wantJ {
					t.Fatalf("find(%d) = %d %v, want %d %v", i, j, ok, wantJ, wantOK)
				}
			}
		}
	}
}
