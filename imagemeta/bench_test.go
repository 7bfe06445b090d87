package imagemeta_test

import (
	"bytes"
	"encoding/binary"
	"io"
	"testing"

	"github.com/s3share/s3share/imagemeta"
)

// photo12MP is a 4000x3000 JPEG with EXIF (GPS, thumbnail), XMP and an
// ICC profile, as a phone writes it; built once.
var photo12MP []byte

func benchPhoto(b *testing.B) []byte {
	if photo12MP == nil {
		tiff := buildEXIF(exifSpec{bo: binary.BigEndian, order: layouts[0], gps: true, thumb: plainJPEG(b, 160, 120)})
		photo12MP = withJPEGSegments(plainJPEG(b, 4000, 3000), exifSegment(tiff), xmpSegment(testXMP), iccSegment())
	}
	return photo12MP
}

// BenchmarkStripLocation12MP is the in-memory removal: plan, then copy
// the file with the edits (issue 21's target: at most 20 ms).
func BenchmarkStripLocation12MP(b *testing.B) {
	photo := benchPhoto(b)
	b.SetBytes(int64(len(photo)))
	for b.Loop() {
		if _, rep, err := imagemeta.StripLocation(photo); err != nil || !rep.Changed() {
			b.Fatal(err)
		}
	}
}

// BenchmarkPlanAndStream12MP is the streaming removal: plan through a
// ReaderAt, then stream the edited file (as an upload reads it).
func BenchmarkPlanAndStream12MP(b *testing.B) {
	photo := benchPhoto(b)
	r := bytes.NewReader(photo)
	b.SetBytes(int64(len(photo)))
	for b.Loop() {
		plan, err := imagemeta.PlanStrip(r, int64(len(photo)))
		if err != nil {
			b.Fatal(err)
		}
		if _, err := io.Copy(io.Discard, plan.Open(r)); err != nil {
			b.Fatal(err)
		}
	}
}
