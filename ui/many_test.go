package ui

import (
	"fmt"
	"testing"

	"github.com/s3share/s3share/s3browse"
)

// Deps.ManyObjects is called once, when a folder first lists 10,000
// objects, however many pages and folders follow.
func TestManyObjectsIsCalledOnce(t *testing.T) {
	d, _, _, _ := fakeDeps()
	calls := 0
	d.ManyObjects = func() { calls++ }
	m := newModel(d)
	for n, prefix := range []string{"a/", "b/"} {
		s := newObjectsScreen(m.c, "photos", prefix)
		for i := 0; i < 60_000; i += 5000 {
			objs := make([]s3browse.Object, 5000)
			for j := range objs {
				objs[j] = s3browse.Object{Key: fmt.Sprintf("%s%06d.png", prefix, i+j)}
			}
			s.appendPage(nil, s3browse.CompactObjects(prefix, objs))
			if want := min(1, n+(i+5000)/manyObjects); calls != want {
				t.Fatalf("%s: %d objects listed, ManyObjects called %d times, want %d", prefix, i+5000, calls, want)
			}
		}
	}
}
