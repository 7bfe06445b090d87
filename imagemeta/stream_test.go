package imagemeta_test

import (
	"bytes"
	"encoding/binary"
	"io"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
	"testing/iotest"

	"github.com/s3share/s3share/imagemeta"
)

// countingReaderAt counts the bytes read through it.
type countingReaderAt struct {
	r io.ReaderAt
	n atomic.Int64
}

func (c *countingReaderAt) ReadAt(b []byte, off int64) (int, error) {
	n, err := c.r.ReadAt(b, off)
	c.n.Add(int64(n))
	return n, err
}

// bigWebP is an extended WebP whose picture chunk is padded to size bytes
// with an unknown chunk before the EXIF chunk, as a large photo would be.
func bigWebP(t *testing.T, tiff []byte, size int) []byte {
	return webpWith(t, tiff, testICC, riffChunk("JUNK", make([]byte, size)))
}

// TestPlanReadsOnlyMetadata: planning the removal from an 8 MiB file reads
// the metadata and the chunk headers, not the picture.
func TestPlanReadsOnlyMetadata(t *testing.T) {
	tiff := buildEXIF(exifSpec{bo: binary.LittleEndian, order: layouts[0], gps: true})
	for name, b := range map[string][]byte{
		"JPEG": append(withJPEGSegments(plainJPEG(t, 40, 30), exifSegment(tiff)), make([]byte, 8<<20)...),
		"WebP": bigWebP(t, tiff, 8<<20),
	} {
		c := &countingReaderAt{r: bytes.NewReader(b)}
		plan, err := imagemeta.PlanStrip(c, int64(len(b)))
		if err != nil || !plan.Report().Changed() {
			t.Fatalf("%s: %v", name, err)
		}
		if c.n.Load() > 4096 {
			t.Errorf("%s: planning read %d bytes", name, c.n.Load())
		}
	}
}

// TestOpenStreamsTheEditedFile: Plan.Open over a file on disk gives the
// bytes StripLocation gives, through Read, ReadAt and Seek, including a
// PNG whose chunks change length.
func TestOpenStreamsTheEditedFile(t *testing.T) {
	tiff := buildEXIF(exifSpec{bo: binary.BigEndian, order: layouts[1], gps: true, thumb: plainJPEG(t, 8, 6)})
	files := map[string][]byte{
		"webp":       bigWebP(t, tiff, 64<<10+1),
		"jpeg":       withJPEGSegments(plainJPEG(t, 300, 200), exifSegment(tiff), xmpSegment(testXMP), iccSegment()),
		"png":        readTestdata(t, "imagemagick-gps.png"),
		"heic":       readTestdata(t, "gps.heic"),
		"no-gps.jpg": plainJPEG(t, 30, 20),
	}
	dir := t.TempDir()
	for name, b := range files {
		t.Run(name, func(t *testing.T) {
			want, _, err := imagemeta.StripLocation(b)
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(dir, name)
			if err := os.WriteFile(path, b, 0o600); err != nil {
				t.Fatal(err)
			}
			f, err := os.Open(path)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			plan, err := imagemeta.PlanStrip(f, int64(len(b)))
			if err != nil {
				t.Fatal(err)
			}
			if plan.Size() != int64(len(want)) {
				t.Errorf("Size %d, want %d", plan.Size(), len(want))
			}
			if err := iotest.TestReader(plan.Open(f), want); err != nil {
				t.Fatal(err)
			}
			r := plan.Open(f)
			for _, off := range []int64{0, 1, int64(len(want)) / 3, int64(len(want)) - 5} {
				got := make([]byte, 5)
				if n, err := r.ReadAt(got, off); n != 5 || err != nil && err != io.EOF || !bytes.Equal(got, want[off:off+5]) {
					t.Errorf("ReadAt %d: %d %v % x, want % x", off, n, err, got, want[off:off+5])
				}
			}
		})
	}
}
