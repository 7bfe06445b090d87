package s3browse

import (
	"slices"
	"testing"
)

// A sweep from sub-folder c[i] starts below every key of c[i] and past
// every key of the folder before it, for siblings that sort around "/".
func TestStartAfterBoundsTheFolder(t *testing.T) {
	c := []string{"p/a-1/", "p/a.old/", "p/a/", "p/a0/", "p/b/"}
	keys := map[string][]string{ // keys of each folder, and objects beside them
		"p/a-1/": {"p/a-1/x"}, "p/a.old/": {"p/a.old/", "p/a.old/z/w", "p/a.old/\U0010FFFF"},
		"p/a/": {"p/a/", "p/a/!", "p/a/b"}, "p/a0/": {"p/a0/q"}, "p/b/": {"p/b/"},
	}
	for i := range c {
		after := startAfter(c, i)
		if after >= c[i] {
			t.Errorf("startAfter(%q) = %q, not below the folder", c[i], after)
		}
		for _, k := range keys[c[i]] {
			if k <= after {
				t.Errorf("key %q of %q is not after %q", k, c[i], after)
			}
		}
		if i > 0 {
			for _, k := range keys[c[i-1]] {
				if k > after {
					t.Errorf("key %q of the folder before %q is after %q", k, c[i], after)
				}
			}
		}
	}
}

func TestSpacedPicksEvenly(t *testing.T) {
	if got := spaced(3, 63); !slices.Equal(got, []int{0, 1, 2}) {
		t.Errorf("spaced(3, 63) = %v", got)
	}
	got := spaced(1000, 63)
	if len(got) != 63 || got[0] != 15 || got[62] != 984 || !slices.IsSorted(got) {
		t.Errorf("spaced(1000, 63) = %v", got)
	}
}
