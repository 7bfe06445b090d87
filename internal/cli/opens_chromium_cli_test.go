package cli

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/s3share/s3share/internal/testimage"
	"github.com/s3share/s3share/internal/testsrv"
)

// TestGalleryOpenedInChromiumFromTheCLI: a gallery issued by s3share
// presign --gallery through the logging proxy is opened by headless
// Chromium, which loads the page and, through their own links, each
// image; once the logs are delivered, s3share opens --json reports one
// open of the page and one of each image, by Chromium, and no request
// through a link nobody opened.
func TestGalleryOpenedInChromiumFromTheCLI(t *testing.T) {
	chromium := testsrv.Chromium(t)
	w := newLogged(t)
	keys := []string{"shoot/one.png", "shoot/two words.png", "shoot/three.png"}
	for _, k := range append(keys, "alone.png") {
		w.srv.Put(t, "photos", k, testimage.PNG(120, 90))
	}
	args := []string{"--gallery", "--label", "Proofs"}
	for _, k := range keys {
		args = append(args, "s3://photos/"+k)
	}
	ids, urls := w.presign(t, args...)
	alone, _ := w.presign(t, "s3://photos/alone.png")
	if len(ids) != 1+len(keys) {
		t.Fatalf("presign --gallery gave %d links, want the page and %d images", len(ids), len(keys))
	}

	before := w.proxy.Count("photos", "REST.GET.OBJECT")
	shot := filepath.Join(t.TempDir(), "shot.png")
	testsrv.RunChromium(t, chromium, "--screenshot="+shot, "--window-size=1280,2000", "--hide-scrollbars", urls[0])
	w.deliver(t, 1)

	rows, r := w.opensByID(t)
	for i, id := range ids {
		name := "the page"
		if i > 0 {
			name = keys[i-1]
		}
		wantCounts(t, rows, id, name, map[string]int{"opens": 1, "ips": 1})
		o, _ := rows[id]["opens"].(map[string]any)
		if agent, _ := o["last_user_agent"].(string); !strings.Contains(agent, "Chrome") {
			t.Errorf("%s was opened by %q, want Chromium", name, agent)
		}
		if _, ok := o["logs_up_to"]; !ok {
			t.Errorf("%s: no logs_up_to: %v", name, o)
		}
	}
	wantCounts(t, rows, alone[0], "alone.png", map[string]int{})
	if !strings.Contains(r.stderr, "Read 1 new log object: 4 new requests through your links") {
		t.Errorf("opens says %q", r.stderr)
	}
	if gets := w.proxy.Count("photos", "REST.GET.OBJECT") - before; gets != 1+len(keys) {
		t.Errorf("Chromium sent %d GETs of objects, want the page's and each image's", gets)
	}
}
