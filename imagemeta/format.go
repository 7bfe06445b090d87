package imagemeta

import "bytes"

// Format is an image container this package knows by its first bytes.
type Format string

// The containers Sniff recognises.
const (
	JPEG    Format = "JPEG"
	PNG     Format = "PNG"
	WebP    Format = "WebP"
	HEIF    Format = "HEIF" // HEIC, AVIF and other ISO base media images
	TIFF    Format = "TIFF"
	GIF     Format = "GIF"
	Unknown Format = "unknown"
)

// Sniff names the container of an image from its first bytes (16 are
// enough).
func Sniff(head []byte) Format {
	switch {
	case bytes.HasPrefix(head, []byte{0xff, 0xd8, 0xff}):
		return JPEG
	case bytes.HasPrefix(head, pngSignature):
		return PNG
	case len(head) >= 12 && string(head[:4]) == "RIFF" && string(head[8:12]) == "WEBP":
		return WebP
	case len(head) >= 12 && string(head[4:8]) == "ftyp" && heifBrand(head[8:12]):
		return HEIF
	case bytes.HasPrefix(head, []byte("II*\x00")) || bytes.HasPrefix(head, []byte("MM\x00*")):
		return TIFF
	case bytes.HasPrefix(head, []byte("GIF8")):
		return GIF
	}
	return Unknown
}

// heifBrand reports whether a major brand is one of the HEIF image brands.
func heifBrand(b []byte) bool {
	switch string(b) {
	case "heic", "heix", "heim", "heis", "hevc", "hevx", "hevm", "hevs",
		"mif1", "mif2", "msf1", "avif", "avis", "avci", "jpeg", "j2ki":
		return true
	}
	return false
}
