package imagemeta_test

import (
	"bytes"
	"errors"
	"image"
	_ "image/jpeg"
	_ "image/png"
	"math"
	"testing"

	exif "github.com/dsoprea/go-exif/v3"
	exifcommon "github.com/dsoprea/go-exif/v3/common"
	_ "golang.org/x/image/webp"

	"github.com/s3share/s3share/imagemeta"
)

// parsed is what go-exif, a reader independent of this package, sees in
// an EXIF block.
type parsed struct {
	make, model, date string
	orientation       uint16
	makerNote         []byte
	thumb             []byte
	gps               bool
	lat, lon          float64
}

// readEXIF parses an EXIF block (from its TIFF header) with go-exif.
func readEXIF(t *testing.T, tiff []byte) parsed {
	t.Helper()
	im, err := exifcommon.NewIfdMappingWithStandard()
	if err != nil {
		t.Fatal(err)
	}
	_, index, err := exif.Collect(im, exif.NewTagIndex(), tiff)
	if err != nil {
		t.Fatalf("go-exif cannot read the EXIF block: %v", err)
	}
	root := index.RootIfd
	var p parsed
	p.make, _ = tagValue(t, root, 0x010f).(string)
	p.model, _ = tagValue(t, root, 0x0110).(string)
	if o, ok := tagValue(t, root, 0x0112).([]uint16); ok && len(o) == 1 {
		p.orientation = o[0]
	}
	if sub, err := root.ChildWithIfdPath(exifcommon.IfdExifStandardIfdIdentity); err == nil {
		p.date, _ = tagValue(t, sub, 0x9003).(string)
		p.makerNote, _ = tagValue(t, sub, 0x927c).([]byte)
	}
	if next := root.NextIfd(); next != nil {
		if p.thumb, err = next.Thumbnail(); err != nil {
			t.Fatalf("go-exif cannot read the thumbnail: %v", err)
		}
	}
	if gpsIFD, err := root.ChildWithIfdPath(exifcommon.IfdGpsInfoStandardIfdIdentity); err == nil {
		p.gps = true
		if gi, err := gpsIFD.GpsInfo(); err == nil {
			p.lat, p.lon = gi.Latitude.Decimal(), gi.Longitude.Decimal()
		}
	}
	return p
}

// tagValue is the value of a tag of an IFD, or nil.
func tagValue(t *testing.T, ifd *exif.Ifd, id uint16) any {
	t.Helper()
	found, err := ifd.FindTagWithId(id)
	if err != nil || len(found) == 0 {
		return nil
	}
	v, err := found[0].Value()
	if err != nil {
		t.Fatalf("tag %#04x: %v", id, err)
	}
	return v
}

// samePixels fails unless two images decode to the same pixels.
func samePixels(t *testing.T, a, b []byte) {
	t.Helper()
	ia, fa, err := image.Decode(bytes.NewReader(a))
	if err != nil {
		t.Fatalf("decode original: %v", err)
	}
	ib, fb, err := image.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("decode stripped (%s): %v", fa, err)
	}
	if fa != fb || ia.Bounds() != ib.Bounds() {
		t.Fatalf("decoded %s %v, then %s %v", fa, ia.Bounds(), fb, ib.Bounds())
	}
	r := ia.Bounds()
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if ia.At(x, y) != ib.At(x, y) {
				t.Fatalf("pixel (%d,%d): %v then %v", x, y, ia.At(x, y), ib.At(x, y))
			}
		}
	}
}

// changedOnlyWithin fails unless a and b (of one length) differ only in
// the byte ranges given as [start, end) pairs.
func changedOnlyWithin(t *testing.T, a, b []byte, ranges ...[2]int) {
	t.Helper()
	if len(a) != len(b) {
		t.Fatalf("length changed: %d then %d", len(a), len(b))
	}
	for i := range a {
		if a[i] == b[i] {
			continue
		}
		inside := false
		for _, r := range ranges {
			inside = inside || i >= r[0] && i < r[1]
		}
		if !inside {
			t.Fatalf("byte %d changed (%#02x to %#02x) outside the metadata %v", i, a[i], b[i], ranges)
		}
	}
}

// near reports whether two coordinates agree to about a centimetre.
func near(a, b float64) bool { return math.Abs(a-b) < 1e-7 }

// rationalBytes is the encoding of RATIONAL values in a byte order, to
// look for GPS values left behind.
func rationalBytes(bo byteOrder, v ...uint32) []byte {
	var b []byte
	for _, x := range v {
		b = bo.AppendUint32(b, x)
	}
	return b
}

// errorsIs is errors.Is that also checks the error is an *imagemeta.Error
// with a detail.
func errorsIs(err, kind error) bool {
	var e *imagemeta.Error
	return errors.Is(err, kind) && errors.As(err, &e) && e.Detail != ""
}
