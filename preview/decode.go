package preview

import (
	"bytes"
	"image"
	"image/gif"
	"image/jpeg"
	"image/png"
	"io"
	"unicode/utf8"

	"github.com/dustin/go-humanize"
	"golang.org/x/image/bmp"
	"golang.org/x/image/tiff"
	"golang.org/x/image/webp"
)

// MaxPixels is the largest picture Prepare accepts: a 30000x30000 PNG header
// would otherwise ask for 3.6 GB before the first row is read.
const MaxPixels = 50_000_000

// Facts describe a picture as the pane shows them.
type Facts struct {
	Format        string // PNG, JPEG, ...
	Width, Height int    // pixels, after EXIF orientation
	Bytes         int64  // size of the object
	Orientation   int    // EXIF orientation 1..8 (1 when absent)
}

// Megapixels is Width*Height in millions.
func (f Facts) Megapixels() float64 { return float64(f.Width) * float64(f.Height) / 1e6 }

// codec is one format's pair of decoders.
type codec struct {
	config func(io.Reader) (image.Config, error)
	decode func(io.Reader) (image.Image, error)
}

// codecs are called directly rather than through image.Decode, so the
// format chosen is the one Sniff saw.
func codecFor(format string) (codec, bool) {
	switch format {
	case PNG:
		return codec{png.DecodeConfig, png.Decode}, true
	case JPEG:
		return codec{jpeg.DecodeConfig, jpeg.Decode}, true
	case GIF:
		return codec{gif.DecodeConfig, gif.Decode}, true // gif.Decode returns the first frame
	case WebP:
		return codec{webp.DecodeConfig, webp.Decode}, true
	case BMP:
		return codec{bmp.DecodeConfig, bmp.Decode}, true
	case TIFF:
		return codec{tiff.DecodeConfig, tiff.Decode}, true
	}
	return codec{}, false
}

// Inspect reads the format and pixel size of data without decoding the
// pixels. size is the whole object's size (data may be its first bytes).
func Inspect(data []byte, size int64) (Facts, error) {
	f, _, err := inspect(data, size)
	return f, err
}

// inspect is Inspect, with the header's colour model and size as stored.
func inspect(data []byte, size int64) (Facts, image.Config, error) {
	f := Facts{Bytes: size, Orientation: 1}
	if size == 0 || len(data) == 0 {
		return f, image.Config{}, noPreview(ErrEmpty, nil, "no preview: the object is empty (0 bytes)")
	}
	f.Format = Sniff(data)
	c, ok := codecFor(f.Format)
	if !ok {
		return f, image.Config{}, unsupported(f.Format, data)
	}
	cfg, err := c.config(bytes.NewReader(data))
	if err != nil {
		return f, cfg, noPreview(ErrBroken, err, "%s", brokenLine(f.Format, err))
	}
	f.Width, f.Height = cfg.Width, cfg.Height
	if f.Width <= 0 || f.Height <= 0 {
		return f, cfg, noPreview(ErrBroken, nil, "no preview: the %s says it is %dx%d pixels", f.Format, f.Width, f.Height)
	}
	if int64(f.Width)*int64(f.Height) > MaxPixels {
		return f, cfg, noPreview(ErrTooLarge, nil, "no preview: %dx%d is %.0f megapixels, over the %d MP limit",
			f.Width, f.Height, f.Megapixels(), MaxPixels/1_000_000)
	}
	if f.Format == JPEG {
		f.Orientation = jpegOrientation(data)
		if f.Orientation >= 5 {
			f.Width, f.Height = f.Height, f.Width
		}
	}
	return f, cfg, nil
}

// unsupported explains why data cannot be previewed in this build.
func unsupported(format string, data []byte) error {
	switch {
	case format != "":
		return noPreview(ErrUnsupported, nil, "no preview for %s (no pure-Go decoder in this build)", format)
	case utf8.Valid(data[:min(len(data), 512)]):
		return noPreview(ErrNotPicture, nil, "no preview: this is text, not a picture")
	}
	return noPreview(ErrNotPicture, nil, "no preview: not a picture this build can read")
}

// decodeFull decodes every pixel of data with format's decoder.
func decodeFull(format string, data []byte) (image.Image, error) {
	c, _ := codecFor(format)
	img, err := c.decode(bytes.NewReader(data))
	if err != nil {
		return nil, noPreview(ErrBroken, err, "%s", brokenLine(format, err))
	}
	return img, nil
}

// tooLargeToDecode is the line for a picture whose preview would take n
// bytes, over limit: "no preview: 7000x7000 16-bit PNG would take ~374 MiB
// of memory, over the 256 MiB limit".
func tooLargeToDecode(f Facts, cfg image.Config, data []byte, n, limit int64) error {
	return noPreview(ErrTooLarge, nil, "no preview: %dx%d %s would take ~%s of memory, over the %s limit",
		f.Width, f.Height, pictureKind(f.Format, cfg, data), humanize.IBytes(uint64(n)), humanize.IBytes(uint64(limit)))
}

// pictureKind names the format with what makes its decode costly:
// "16-bit PNG", "progressive JPEG", "CMYK JPEG".
func pictureKind(format string, cfg image.Config, data []byte) string {
	if sixteenBit(cfg.ColorModel) {
		return "16-bit " + format
	}
	if format != JPEG {
		return format
	}
	switch h, err := readJPEGHeader(data); {
	case err != nil:
	case len(h.comps) == 4:
		return "CMYK " + format
	case h.progressive():
		return "progressive " + format
	}
	return format
}
