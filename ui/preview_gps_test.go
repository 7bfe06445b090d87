package ui

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/s3share/s3share/internal/testimage"
	"github.com/s3share/s3share/internal/testsrv"
	"github.com/s3share/s3share/preview"
)

// TestShareDialogWarnsOfGPS: the share dialog of an image whose preview
// found a GPS position says so; that of an image without one says
// nothing; for several it counts them.
func TestShareDialogWarnsOfGPS(t *testing.T) {
	srv := testsrv.Versity(t)
	srv.CreateBucket(t, "trip")
	srv.Put(t, "trip", "a-beach.jpg", testimage.JPEGWithGPS(64, 48, 43.2965, 5.3698))
	srv.Put(t, "trip", "b-plain.jpg", testimage.JPEG(64, 48))
	srv.Put(t, "trip", "c-rome.jpg", testimage.JPEGWithGPS(64, 48, 41.9028, 12.4964))
	b := srv.Browser(t)
	h := newHarness(t, Deps{Browser: b, Reader: b, Preview: preview.Blocks, Now: func() time.Time { return fixedNow }}, 120, 40)
	h.m.c.after = func(_ time.Duration, msg tea.Msg) tea.Cmd { return msgCmd(msg) }
	const warning = "this image carries a GPS position (EXIF): anyone with the link can see where it was taken"

	h.keys("enter") // into the bucket: the cursor rests on a-beach.jpg and it is previewed
	h.mustSee("JPEG 64×48")
	h.keys("s")
	h.mustSee("Share 1 object from trip", warning)
	h.keys("esc", "down") // b-plain.jpg
	h.mustSee("b-plain.jpg")
	h.keys("s")
	h.mustSee("Share 1 object from trip")
	if v := h.view(); strings.Contains(v, "GPS") {
		t.Errorf("a warning for an image without GPS data:\n%s", v)
	}
	h.keys("esc", "up", "space", "space") // select a and b (space moves down)
	h.keys("s")
	h.mustSee("Share 2 objects from trip", "1 of these images carries a GPS position (EXIF)")
	h.keys("esc", "space") // c too, previewed when the cursor rested on it
	h.keys("s")
	h.mustSee("Share 3 objects from trip", "2 of these images carry a GPS position (EXIF)")
}
