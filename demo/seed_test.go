package demo

import (
	"bytes"
	"image"
	"strings"
	"testing"
)

func TestSeedObjects(t *testing.T) {
	objs, err := SeedObjects()
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	formats := map[string]int{}
	perBucket := map[string]int{}
	for _, o := range objs {
		id := o.Bucket + "/" + o.Key
		if seen[id] {
			t.Errorf("duplicate %s", id)
		}
		seen[id] = true
		perBucket[o.Bucket]++
		if !strings.HasPrefix(o.ContentType, "image/") {
			continue
		}
		_, format, err := image.DecodeConfig(bytes.NewReader(o.Body))
		if err != nil || "image/"+format != o.ContentType {
			t.Errorf("%s: decodes as %q (%v), content type %s", id, format, err, o.ContentType)
		}
		formats[format]++
	}
	for _, f := range []string{"png", "jpeg", "gif"} {
		if formats[f] < 5 {
			t.Errorf("only %d %s images", formats[f], f)
		}
	}
	if perBucket[PhotosBucket] < 36 || perBucket[ScreensBucket] < 6 {
		t.Errorf("objects per bucket = %v", perBucket)
	}
}

func TestSeedPicturesDiffer(t *testing.T) {
	objs, err := SeedObjects()
	if err != nil {
		t.Fatal(err)
	}
	bodies := map[string]string{}
	for _, o := range objs {
		if prev, ok := bodies[string(o.Body)]; ok {
			t.Errorf("%s has the same bytes as %s", o.Key, prev)
		}
		bodies[string(o.Body)] = o.Key
	}
}

func BenchmarkSeedObjects(b *testing.B) {
	for b.Loop() {
		if _, err := SeedObjects(); err != nil {
			b.Fatal(err)
		}
	}
}
